import type { IDataObject } from 'n8n-workflow';
import type { RequestContext } from '../types';
import { deleteRows, ensureTable, listRows, type ColumnSpec, type DataTableRef, type Row } from './dataTables';
import { n8nApi } from './n8nApi';
import type { TableRefs } from './syncStateTable';

/**
 * Records handed over to the run that holds a sync (issue 17, "sync within
 * seconds"). A Sync Named Records run that finds its sync held by another run
 * does not wait for it: it adds the ids its input names here and ends; the
 * holder takes them before it lets go and syncs them too (nodes/CrmSync/handOver.ts).
 * One row per id, so runs adding at once never overwrite one another (each insert
 * is its own rows), and only the lease holder takes (lists and deletes) them.
 */
export const PENDING_TABLE = 'CRM Pack sync pending';

const PENDING_COLUMNS: ColumnSpec[] = [
	{ name: 'syncId', type: 'string' },
	// 'a' or 'b': which side's record the id names.
	{ name: 'side', type: 'string' },
	{ name: 'recordId', type: 'string' },
];

/** Ids per delete filter (an `or` of row ids keeps URLs short), as the links' deletes. */
const DELETE_CHUNK = 25;

export interface PendingRecord {
	side: 'a' | 'b';
	id: string;
}

async function pendingTable(ctx: RequestContext, refs: TableRefs): Promise<DataTableRef> {
	return (refs.pending ??= await ensureTable(ctx, PENDING_TABLE, PENDING_COLUMNS));
}

const syncFilter = (syncId: string) => ({ filters: [{ columnName: 'syncId', condition: 'eq' as const, value: syncId }] });

/** Hands records over to the sync's holder: one row per id, in one call. */
export async function addPending(ctx: RequestContext, syncId: string, records: PendingRecord[], refs: TableRefs = {}): Promise<void> {
	if (!records.length) return;
	const table = await pendingTable(ctx, refs);
	const data: IDataObject[] = records.map((r) => ({ syncId, side: r.side, recordId: r.id }));
	// Safe to repeat after an ambiguous failure: an id handed over twice is synced once (takePending drops repeats).
	await n8nApi(ctx, 'POST', `/data-tables/${table.id}/rows`, { body: { data, returnType: 'id' }, idempotent: true });
}

/**
 * Takes every record handed over to this sync (the caller holds its lease):
 * reads the rows, deletes exactly those (rows added meanwhile stay, for the next
 * take), and returns the distinct records in the order they were added.
 */
export async function takePending(ctx: RequestContext, syncId: string, refs: TableRefs = {}): Promise<PendingRecord[]> {
	const table = await pendingTable(ctx, refs);
	const rows: Row[] = await listRows(ctx, table.id, { filter: syncFilter(syncId), sortBy: 'id:asc' });
	for (let i = 0; i < rows.length; i += DELETE_CHUNK) {
		const ids = rows.slice(i, i + DELETE_CHUNK).map((r) => ({ columnName: 'id', condition: 'eq' as const, value: Number(r.id) }));
		await deleteRows(ctx, table.id, { type: 'or', filters: ids });
	}
	const seen = new Set<string>();
	const out: PendingRecord[] = [];
	for (const row of rows) {
		const side = row.side === 'b' ? 'b' : 'a';
		const id = String(row.recordId ?? '');
		if (!id || seen.has(`${side}:${id}`)) continue;
		seen.add(`${side}:${id}`);
		out.push({ side, id });
	}
	return out;
}

/** Whether any record waits for this sync's holder (one row read, none taken). */
export async function hasPending(ctx: RequestContext, syncId: string, refs: TableRefs = {}): Promise<boolean> {
	const table = await pendingTable(ctx, refs);
	const { body } = await n8nApi<{ data?: Row[] }>(ctx, 'GET', `/data-tables/${table.id}/rows`, {
		qs: { limit: 1, filter: JSON.stringify(syncFilter(syncId)) },
	});
	return (body.data ?? []).length > 0;
}
