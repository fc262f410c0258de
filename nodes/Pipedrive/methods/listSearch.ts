import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { entityOf } from '../connector/objectTypes';
import { loadConnector } from './settings';

function label(item: IDataObject, titleField: string): string {
	const title = item[titleField] ?? item.name ?? item.title;
	const text = typeof title === 'string' ? title.replace(/<[^>]*>/g, '').slice(0, 80) : '';
	return text ? `${text} (${item.id})` : String(item.id);
}

/**
 * Record picker: the entity's search endpoint when a filter is typed (20 per
 * page, cursor paging), else the first page of the list. Activities and notes
 * have no search endpoint: they are listed only.
 */
export async function searchRecords(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const { connector, objectType } = await loadConnector(this);
	const spec = entityOf(objectType);
	if (filter && filter.trim().length >= 2 && spec.searchPath) {
		const page = await connector.searchPage(objectType, { term: filter.trim(), cursor: paginationToken, limit: 20 });
		return { results: page.items.map((i) => ({ name: label(i, spec.titleField), value: String(i.id) })), paginationToken: page.nextCursor };
	}
	const results: INodeListSearchResult['results'] = [];
	for await (const record of connector.list(objectType, { limit: 50 })) {
		results.push({ name: label(record.properties, spec.titleField), value: record.id });
	}
	return { results };
}
