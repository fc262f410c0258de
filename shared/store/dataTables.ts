import type { IDataObject } from 'n8n-workflow';
import type { RequestContext } from '../types';
import { n8nApi } from './n8nApi';

/**
 * n8n Data Tables through n8n's public API (n8n 2.41.1, `public-api/v1/openapi.yml`,
 * paths `/data-tables...`). Shapes as n8n's own DTOs define them
 * (`@n8n/api-types` data-table DTOs): filters are `{ type: 'and'|'or', filters:
 * [{ columnName, condition, value }] }` sent as JSON in the query; lists page
 * with `limit` (at most 250) and an opaque `cursor`; `id`, `createdAt` and
 * `updatedAt` are system columns n8n sets itself.
 */

export type ColumnType = 'string' | 'number' | 'boolean' | 'date';

export interface ColumnSpec {
	/** Letters, digits and underscores, starting with a letter, at most 63 characters (n8n's rule). */
	name: string;
	type: ColumnType;
}

export interface DataTableRef {
	id: string;
	name: string;
}

export type FilterCondition = 'eq' | 'neq' | 'like' | 'ilike' | 'gt' | 'gte' | 'lt' | 'lte' | 'isEmpty' | 'isNotEmpty';

export interface RowFilter {
	type?: 'and' | 'or';
	filters: Array<{ columnName: string; condition?: FilterCondition; value: string | number | boolean | null }>;
}

export type Row = IDataObject & { id: number };

/** n8n's page size limit for public API lists (`MAX_ITEMS_PER_PAGE`). */
const PAGE_SIZE = 250;

interface Page<T> {
	data: T[];
	nextCursor?: string | null;
}

/** The table with exactly this name among those the API key's user sees, if any. */
export async function findTable(ctx: RequestContext, name: string): Promise<DataTableRef | undefined> {
	let cursor: string | undefined;
	do {
		const qs: IDataObject = { filter: JSON.stringify({ name }), limit: PAGE_SIZE };
		if (cursor) qs.cursor = cursor;
		const { body } = await n8nApi<Page<DataTableRef>>(ctx, 'GET', '/data-tables', { qs });
		// n8n's name filter matches parts of names too; only the exact name counts.
		const found = (body.data ?? []).find((t) => t.name === name);
		if (found) return { id: String(found.id), name: found.name };
		cursor = body.nextCursor ?? undefined;
	} while (cursor);
	return undefined;
}

/**
 * Finds the table or creates it with these columns, and adds any column it
 * lacks. Table names are unique per project in n8n (a unique index on
 * project and name), so two processes creating it at once end with one table:
 * the loser gets 409 and reads the winner's.
 */
export async function ensureTable(ctx: RequestContext, name: string, columns: ColumnSpec[]): Promise<DataTableRef> {
	let table = await findTable(ctx, name);
	if (!table) {
		const created = await n8nApi<DataTableRef>(ctx, 'POST', '/data-tables', { body: { name, columns: columns as unknown as IDataObject[] }, acceptStatuses: [409] });
		table = created.statusCode === 409 ? await findTable(ctx, name) : { id: String(created.body.id), name };
		if (!table) throw new Error(`n8n reported the Data Table "${name}" as existing but does not list it`);
		if (created.statusCode !== 409) return table;
	}
	const { body: existing } = await n8nApi<Array<{ name: string }>>(ctx, 'GET', `/data-tables/${table.id}/columns`);
	const have = new Set((existing ?? []).map((c) => c.name));
	for (const column of columns) {
		if (have.has(column.name)) continue;
		await n8nApi(ctx, 'POST', `/data-tables/${table.id}/columns`, { body: { ...column }, acceptStatuses: [409] });
	}
	return table;
}

/** Every row matching the filter (all pages), in the order asked for. */
export async function listRows(ctx: RequestContext, tableId: string, options: { filter?: RowFilter; sortBy?: string } = {}): Promise<Row[]> {
	const rows: Row[] = [];
	let cursor: string | undefined;
	do {
		// The cursor carries only offset and limit, so the filter and order go with every page.
		const qs: IDataObject = { limit: PAGE_SIZE };
		if (cursor) qs.cursor = cursor;
		if (options.filter) qs.filter = JSON.stringify(options.filter);
		if (options.sortBy) qs.sortBy = options.sortBy;
		const { body } = await n8nApi<Page<Row>>(ctx, 'GET', `/data-tables/${tableId}/rows`, { qs });
		rows.push(...(body.data ?? []));
		cursor = body.nextCursor ?? undefined;
	} while (cursor);
	return rows;
}

/** Inserts rows; returns the new ids in insertion order. Not repeated after an ambiguous failure. */
export async function insertRows(ctx: RequestContext, tableId: string, rows: IDataObject[]): Promise<number[]> {
	if (!rows.length) return [];
	const { body } = await n8nApi<Array<{ id: number }>>(ctx, 'POST', `/data-tables/${tableId}/rows`, {
		body: { data: rows, returnType: 'id' },
	});
	return (body ?? []).map((r) => Number(r.id));
}

/** Sets `data` on every row matching the filter (n8n refuses an empty filter). */
export async function updateRows(ctx: RequestContext, tableId: string, filter: RowFilter, data: IDataObject): Promise<void> {
	await n8nApi(ctx, 'PATCH', `/data-tables/${tableId}/rows/update`, { body: { filter: filter as unknown as IDataObject, data }, idempotent: true });
}

/**
 * Sets `data` on the rows matching the filter and returns them as updated. One
 * UPDATE ... WHERE in n8n's database, so two callers racing on the same filter
 * cannot both match the same row: a compare-and-set. Not repeated after an
 * ambiguous failure (the caller reads back instead).
 */
export async function updateRowsReturning(ctx: RequestContext, tableId: string, filter: RowFilter, data: IDataObject): Promise<Row[]> {
	const { body } = await n8nApi<Row[] | boolean>(ctx, 'PATCH', `/data-tables/${tableId}/rows/update`, {
		body: { filter: filter as unknown as IDataObject, data, returnData: true },
		idempotent: false,
	});
	return Array.isArray(body) ? body : [];
}

/** Deletes every row matching the filter (n8n refuses an empty filter). Safe to repeat. */
export async function deleteRows(ctx: RequestContext, tableId: string, filter: RowFilter): Promise<void> {
	await n8nApi(ctx, 'DELETE', `/data-tables/${tableId}/rows/delete`, { qs: { filter: JSON.stringify(filter) } });
}
