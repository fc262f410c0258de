import type { IDataObject } from 'n8n-workflow';

/** HubSpot returns at most 10,000 results for one search query, 200 per page. */
export const SEARCH_CAP = 10_000;
export const SEARCH_PAGE = 200;

export interface SearchBody {
	filterGroups?: Array<{ filters: IDataObject[] }>;
	sorts?: Array<{ propertyName: string; direction: 'ASCENDING' | 'DESCENDING' }>;
	properties?: string[];
	query?: string;
}

export type SearchPage = (body: IDataObject) => Promise<{ results: IDataObject[]; after?: string }>;

/**
 * Walks a search past HubSpot's 10,000-result cap. The query is ordered by one
 * key (the caller's first sort, or the record id); when the cap is near, it is
 * asked again from the last key seen (GTE/LTE by direction, so records sharing
 * that key are not skipped) with the same filters in every group, and records
 * already emitted at that key are dropped. A query whose first page brings
 * nothing new (more than 10,000 records share one key value) stops with an error
 * instead of looping.
 */
export async function* searchAll(
	search: SearchPage,
	body: SearchBody,
	options: { limit?: number; cap?: number; pageSize?: number },
): AsyncGenerator<IDataObject> {
	const cap = options.cap ?? SEARCH_CAP;
	const pageSize = options.pageSize ?? SEARCH_PAGE;
	const sort = body.sorts?.[0] ?? { propertyName: 'hs_object_id', direction: 'ASCENDING' as const };
	const key = sort.propertyName;
	const operator = sort.direction === 'DESCENDING' ? 'LTE' : 'GTE';
	const properties = body.properties?.includes(key) || !body.properties ? body.properties : [...body.properties, key];
	let remaining = options.limit ?? Infinity;
	let boundary: string | undefined;
	let seenAtBoundary = new Set<string>();

	while (remaining > 0) {
		const groups = body.filterGroups?.length ? body.filterGroups : [{ filters: [] }];
		const filterGroups =
			boundary === undefined
				? body.filterGroups ?? []
				: groups.map((g) => ({ filters: [...g.filters, { propertyName: key, operator, value: boundary }] }));
		let after: string | undefined;
		let fetched = 0;
		let emittedThisQuery = 0;
		let lastKey: string | undefined;
		let idsAtLastKey = new Set<string>();
		while (remaining > 0) {
			const size = Math.min(pageSize, cap - fetched, remaining + seenAtBoundary.size);
			if (size <= 0) break;
			const request: IDataObject = { filterGroups, sorts: [sort], limit: size };
			if (properties) request.properties = properties;
			if (body.query) request.query = body.query;
			if (after) request.after = after;
			const page = await search(request);
			fetched += page.results.length;
			for (const record of page.results) {
				const id = String(record.id);
				const value = String(((record.properties ?? {}) as IDataObject)[key] ?? record.id);
				if (boundary !== undefined && value === boundary && seenAtBoundary.has(id)) continue;
				if (value !== lastKey) {
					lastKey = value;
					idsAtLastKey = new Set();
				}
				idsAtLastKey.add(id);
				emittedThisQuery++;
				remaining--;
				yield record;
				if (remaining <= 0) return;
			}
			after = page.after;
			if (!after || page.results.length === 0) return;
			if (fetched >= cap) break;
		}
		if (remaining <= 0) return;
		if (emittedThisQuery === 0) {
			throw new Error(
				`More than ${cap} records share the value "${boundary}" of "${key}", so HubSpot's search cannot page past them. Add a filter or sort by another property.`,
			);
		}
		if (lastKey === boundary) idsAtLastKey.forEach((id) => seenAtBoundary.add(id));
		else seenAtBoundary = idsAtLastKey;
		boundary = lastKey;
	}
}
