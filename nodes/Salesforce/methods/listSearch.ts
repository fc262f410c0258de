import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { nameField } from '../connector/objectTypes';
import { soqlContains } from '../connector/soql';
import { loadConnector } from './settings';

/**
 * Record picker: SOQL `WHERE <name field> LIKE '%filter%'` (SOSL needs two
 * characters and a search index that lags fresh records), newest first, 50
 * at a time.
 */
export async function searchRecords(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const { connector, objectType } = await loadConnector(this);
	if (!objectType) return { results: [] };
	const name = nameField(objectType);
	const where = filter ? ` WHERE ${name} LIKE ${soqlContains(filter)}` : '';
	const results: INodeListSearchResult['results'] = [];
	const soql = `SELECT Id, ${name} FROM ${objectType}${where} ORDER BY LastModifiedDate DESC LIMIT 50`;
	for await (const record of connector.query(soql, { limit: 50 })) {
		const label = record.properties[name];
		results.push({ name: label ? `${String(label)} (${record.id})` : record.id, value: record.id });
	}
	return { results };
}
