import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { literal } from '../connector/records';
import { loadConnector } from './settings';

/**
 * Record picker: rows whose primary name starts with the typed text
 * (`$filter=startswith(<name>,'…')`), else the 50 most recently modified.
 */
export async function searchRecords(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const { connector, objectType } = await loadConnector(this);
	const table = await connector.table(objectType);
	const text = filter?.trim();
	const results: INodeListSearchResult['results'] = [];
	const options = {
		limit: 50,
		properties: table.primaryName ? [table.primaryName] : [],
		orderBy: `modifiedon desc,${table.primaryId} asc`,
		filter: text && table.primaryName ? `startswith(${table.primaryName},${literal(text)})` : undefined,
	};
	for await (const record of connector.list(objectType, options)) {
		const name = table.primaryName ? record.properties[table.primaryName] : undefined;
		results.push({ name: name ? `${String(name)} (${record.id})` : record.id, value: record.id });
	}
	return { results };
}
