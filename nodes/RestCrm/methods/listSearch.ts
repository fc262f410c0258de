import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { RESOURCE_BY_TYPE } from '../connector/resources';
import { loadConnector } from './settings';

/** Record picker: `GET /<resource>?q=<filter>` (text search), else the first 50. */
export async function searchRecords(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const { connector, objectType } = await loadConnector(this);
	const spec = RESOURCE_BY_TYPE.get(objectType);
	const results: INodeListSearchResult['results'] = [];
	const filters = filter?.trim() ? { q: filter.trim() } : {};
	for await (const record of connector.list(objectType, { limit: 50, filters })) {
		const title = spec ? record.properties[spec.titleField] : undefined;
		results.push({ name: typeof title === 'string' && title ? `${title.slice(0, 80)} (${record.id})` : record.id, value: record.id });
	}
	return { results };
}
