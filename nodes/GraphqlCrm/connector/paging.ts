import type { IDataObject } from 'n8n-workflow';
import { getPath } from '../../../shared/model/fieldMap';
import { cursorPaging, offsetPaging } from '../../../shared/paging/strategies';

/*
 * The three ways GraphQL APIs page, over the shared paging strategies (which
 * shrink the last page to what a limit still needs and fetch no page past it):
 * - `relay`: a connection at `path` with `edges { node }` (or `nodes`) and
 *   `pageInfo { hasNextPage endCursor }`, asked with `first`/`after`
 *   (relay.dev/graphql/connections.htm);
 * - `offset`: a page at `path` whose records are `itemsPath` (or the page
 *   itself when it is a list), asked with `offset`/`limit`; the last page is
 *   the one reaching `totalPath`, the one without `nextOffsetPath`, or the one
 *   shorter than asked;
 * - `pageToken`: records at `itemsPath`, the next page's token at
 *   `nextTokenPath`, asked with `pageSize`/`pageToken`;
 * - `none`: one answer, the records a list at `path`.
 * The variable names are the user's (defaults are the common ones).
 */

export type PagingStyle = 'relay' | 'offset' | 'pageToken' | 'none';

export interface PagingSpec {
	style: PagingStyle;
	/** Where the connection / page / list is in `data` (dotted, e.g. `contacts` or `viewer.contacts`). */
	path: string;
	/** Largest page the server serves. */
	pageSize: number;
	/** Variable names: page size (`first` / `limit` / `pageSize`) and position (`after` / `offset` / `pageToken`). */
	sizeVariable?: string;
	positionVariable?: string;
	/** Offset and page-token pages: the records inside the page (default `items`; none when the page is a list). */
	itemsPath?: string;
	/** Offset paging: the total (e.g. `total`, `totalCount`) or the next offset (e.g. `nextOffset`). */
	totalPath?: string;
	nextOffsetPath?: string;
	/** Page tokens: the next token (default `nextPageToken`). */
	nextTokenPath?: string;
}

export const PAGING_DEFAULTS: Record<PagingStyle, { size: string; position: string }> = {
	relay: { size: 'first', position: 'after' },
	offset: { size: 'limit', position: 'offset' },
	pageToken: { size: 'pageSize', position: 'pageToken' },
	none: { size: '', position: '' },
};

/** Fetches one page: the query's `data` for these paging variables. */
export type FetchData = (pagingVariables: IDataObject) => Promise<IDataObject>;

function at(data: IDataObject, path: string, what: string): unknown {
	const value = path ? getPath(data, path) : data;
	if (value === undefined) throw new Error(`The answer has no "${path}" (${what}): check the data path`);
	return value;
}

function list(value: unknown, what: string): IDataObject[] {
	if (value === null) return [];
	if (!Array.isArray(value)) throw new Error(`${what} is not a list`);
	return value.filter((v) => v !== null && v !== undefined) as IDataObject[];
}

/** Records of a Relay connection: `edges[].node`, else `nodes`. */
function relayRecords(connection: IDataObject, path: string): IDataObject[] {
	// `nodes` when the edges were asked without their node (a selection written from the schema asks for both).
	const edges = Array.isArray(connection.edges) ? list(connection.edges, `${path}.edges`) : undefined;
	if (edges && (edges.length === 0 || edges.some((e) => e.node !== undefined))) return edges.map((e) => e.node as IDataObject).filter(Boolean);
	if (Array.isArray(connection.nodes)) return list(connection.nodes, `${path}.nodes`);
	throw new Error(`The connection at "${path}" has neither edges { node } nor nodes`);
}

/** Every record of a listing, up to `limit`, page by page; no page is fetched past the limit. */
export function pageRecords(spec: PagingSpec, fetch: FetchData, limit?: number): AsyncGenerator<IDataObject> {
	const names = PAGING_DEFAULTS[spec.style];
	const size = spec.sizeVariable || names.size;
	const position = spec.positionVariable || names.position;
	const options = { limit, maxPageSize: Math.max(1, spec.pageSize) };

	if (spec.style === 'relay') {
		return cursorPaging(async (cursor, pageSize) => {
			const data = await fetch({ [size]: pageSize, ...(cursor ? { [position]: cursor } : {}) });
			const connection = at(data, spec.path, 'the connection') as IDataObject | null;
			if (!connection) return { items: [] };
			const pageInfo = (connection.pageInfo ?? {}) as IDataObject;
			if (pageInfo.hasNextPage === undefined) throw new Error(`The connection at "${spec.path}" has no pageInfo { hasNextPage endCursor }: add it to the query`);
			const next = pageInfo.hasNextPage === true && typeof pageInfo.endCursor === 'string' ? pageInfo.endCursor : undefined;
			return { items: relayRecords(connection, spec.path), nextCursor: next };
		}, options);
	}
	if (spec.style === 'offset') {
		return offsetPaging(async (offset, pageSize) => {
			const data = await fetch({ [size]: pageSize, [position]: offset });
			const page = at(data, spec.path, 'the page');
			const items = Array.isArray(page) ? list(page, spec.path) : list(at(page as IDataObject, spec.itemsPath || 'items', 'the records'), `${spec.path}.${spec.itemsPath || 'items'}`);
			const p = (Array.isArray(page) ? {} : page) as IDataObject;
			const total = spec.totalPath ? Number(getPath(p, spec.totalPath)) : undefined;
			if (spec.nextOffsetPath) {
				const next = getPath(p, spec.nextOffsetPath);
				return { items, hasMore: next !== null && next !== undefined && next !== '' };
			}
			return { items, total: total !== undefined && Number.isFinite(total) ? total : undefined };
		}, options);
	}
	if (spec.style === 'pageToken') {
		return cursorPaging(async (token, pageSize) => {
			const data = await fetch({ [size]: pageSize, ...(token ? { [position]: token } : {}) });
			const page = at(data, spec.path, 'the page') as IDataObject;
			const items = list(at(page, spec.itemsPath || 'items', 'the records'), `${spec.path}.${spec.itemsPath || 'items'}`);
			const next = getPath(page, spec.nextTokenPath || 'nextPageToken');
			return { items, nextCursor: typeof next === 'string' && next ? next : undefined };
		}, options);
	}
	return (async function* () {
		let left = limit ?? Infinity;
		const data = await fetch({});
		for (const record of list(at(data, spec.path, 'the records'), spec.path)) {
			if (left-- <= 0) return;
			yield record;
		}
	})();
}
