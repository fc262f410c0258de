import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { entityOf } from '../connector/objectTypes';
import { loadConnector } from './settings';

function label(item: IDataObject, titleField: string): string {
	const title = item[titleField] ?? item.display_name ?? item.name ?? item.title;
	const text = typeof title === 'string' ? title.replace(/<[^>]*>/g, '').slice(0, 80) : '';
	return text ? `${text} (${item.id})` : String(item.id);
}

/**
 * Record picker: quick search (`GET /search?q=`) when a filter is typed for
 * contacts, accounts and deals, else the first 50 of the list. Notes cannot be
 * listed: the ID is typed.
 */
export async function searchRecords(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const { connector, objectType } = await loadConnector(this);
	const spec = entityOf(objectType);
	if (spec.listing.kind === 'none') return { results: [] };
	if (filter && filter.trim().length >= 2 && spec.search) {
		const hits = await connector.quickSearch(filter.trim(), [spec.search]);
		return { results: hits.filter((h) => h.type === undefined || h.type === spec.search).map((h) => ({ name: label(h, 'name'), value: String(h.id) })) };
	}
	const results: INodeListSearchResult['results'] = [];
	for await (const record of connector.list(objectType, { limit: 50 })) results.push({ name: label(record.properties, spec.titleField), value: record.id });
	return { results };
}
