import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import type { CrmRecord } from '../../../shared/types';
import { moduleSpec } from '../connector/objectTypes';
import { loadConnector } from './settings';

function label(record: CrmRecord, titleFields: string[]): string {
	const title = titleFields.map((f) => record.properties[f]).find((v) => typeof v === 'string' && v);
	return title ? `${String(title).slice(0, 80)} (${record.id})` : record.id;
}

/** Record picker: `GET /{module}/search?word=` when a filter is typed (modules Zoho searches), else the newest 50. */
export async function searchRecords(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const { connector, module } = await loadConnector(this);
	const spec = moduleSpec(module);
	const fields = [...new Set([...spec.titleFields, 'Modified_Time'])];
	const records =
		filter && filter.trim().length >= 2 && spec.searchable
			? connector.search(module, { word: filter.trim() }, { fields, limit: 50 })
			: connector.list(module, { limit: 50, properties: fields, sortBy: 'Modified_Time', sortOrder: 'desc' });
	const results: INodeListSearchResult['results'] = [];
	for await (const record of records) results.push({ name: label(record, spec.titleFields), value: record.id });
	return { results };
}
