import type { IDataObject } from 'n8n-workflow';
import { encodeState, pairSlice, type Slice, type StoredSyncState, type SyncState } from '../sync';
import type { RequestContext } from '../types';
import { deleteRows, ensureTable, insertRows, listRows, updateRows, updateRowsReturning, type ColumnSpec, type DataTableRef, type Row } from './dataTables';
import { n8nApi } from './n8nApi';

/**
 * The CRM Sync state in two n8n Data Tables, reached through n8n's public API:
 * - links: one row per linked pair (`aId`, `bId`, and `pair`, the engine's
 *   compact tuple of baselines), so a run writes only the pairs it changed and
 *   the user sees and can edit the links in n8n's Data Tables;
 * - state: one row per sync node (`syncId`) with everything else (run counter,
 *   cursors, pending writes and creates, conflicts, resolutions, retries) and
 *   the last run's summary, as JSON.
 * Several sync nodes share the tables; `syncId` (workflow id and node id) keeps
 * them apart.
 */

export const LINKS_TABLE = 'CRM Pack sync links';
export const STATE_TABLE = 'CRM Pack sync state';

const LINK_COLUMNS: ColumnSpec[] = [
	{ name: 'syncId', type: 'string' },
	{ name: 'aId', type: 'string' },
	{ name: 'bId', type: 'string' },
	{ name: 'pair', type: 'string' },
];
const STATE_COLUMNS: ColumnSpec[] = [
	{ name: 'syncId', type: 'string' },
	{ name: 'scope', type: 'string' },
	{ name: 'state', type: 'string' },
	{ name: 'last', type: 'string' },
	// The lease: which run holds this sync (a token), since and until when (ms).
	{ name: 'leaseToken', type: 'string' },
	{ name: 'leaseSince', type: 'number' },
	{ name: 'leaseUntil', type: 'number' },
];

/**
 * How long a run holds its sync at most. A run that died without letting go
 * (a worker killed mid-run) blocks the next runs this long; a run longer than
 * this can overlap the next one, so the README asks for schedule intervals
 * longer than a run and this is set well above a typical run.
 */
export const LEASE_MS = 30 * 60 * 1000;

/**
 * The two tables as found (or created) once in a run: a run takes the lease,
 * perhaps many times while it waits, loads, saves and lets go, and each lookup is
 * two calls to n8n's API (find by name, check columns).
 */
export interface TableRefs {
	links?: DataTableRef;
	meta?: DataTableRef;
	/** The table of ids handed over to the lease holder (shared/store/syncPending.ts). */
	pending?: DataTableRef;
}

async function linksTable(ctx: RequestContext, refs: TableRefs): Promise<DataTableRef> {
	return (refs.links ??= await ensureTable(ctx, LINKS_TABLE, LINK_COLUMNS));
}

async function metaTable(ctx: RequestContext, refs: TableRefs): Promise<DataTableRef> {
	return (refs.meta ??= await ensureTable(ctx, STATE_TABLE, STATE_COLUMNS));
}

/** Rows per insert call and row ids per delete filter (an `or` of ids keeps URLs short). */
const INSERT_CHUNK = 500;
const DELETE_CHUNK = 25;
/** Changed pairs up to this many are updated in place, one call each (a named run's few); more are rewritten in bulk. */
const REPLACE_FROM = 3;

/** What a load read, so the save writes only the difference. */
export interface TableSnapshot {
	links: DataTableRef;
	meta: DataTableRef;
	/** Row id and stored tuple (JSON) of each pair, by A id. */
	rows: Map<string, { id: number; pair: string }>;
	metaRowId?: number;
	/** The saved scope and last-run summary, if a state row exists. */
	scope?: string;
	last?: IDataObject;
	/** Whether any state (row or links) was found. */
	found: boolean;
	/** Row ids of older rows of an A id that has a newer row (see loadTableState): deleted at the next save. */
	stale?: number[];
	/** The state row's syncId: the sync's, or its slice's (sliceSyncId). */
	metaSyncId?: string;
	/** A slice's view of the other slices' links: id -> partner id, per side. */
	elsewhere?: Record<'a' | 'b', Map<string, string>>;
}

export interface TableState {
	/** The stored state as the engine's codec reads it (decodeState), undefined when none was found. */
	stored?: StoredSyncState;
	snapshot: TableSnapshot;
}

export interface SaveStats {
	inserted: number;
	updated: number;
	deleted: number;
}

const idFilter = (ids: number[]) => ({ type: 'or' as const, filters: ids.map((id) => ({ columnName: 'id', condition: 'eq' as const, value: id })) });
const syncFilter = (syncId: string) => ({ filters: [{ columnName: 'syncId', condition: 'eq' as const, value: syncId }] });

function parseJson(text: unknown): unknown {
	if (typeof text !== 'string' || !text) return undefined;
	return JSON.parse(text) as unknown;
}

/**
 * The id of one slice's state row (its run counter, cursors, pending writes, lease): the slices of a sync share
 * its links (rows under the sync's own id) and keep the rest apart. Without slices, the sync's id.
 */
export function sliceSyncId(syncId: string, slice?: Slice): string {
	return slice && slice.count > 1 ? `${syncId}#slice ${slice.index + 1}/${slice.count}` : syncId;
}

/**
 * Reads the state of one sync node, for the engine's own codec (decodeState rejects a damaged one). With a
 * slice: its own links (by A id, shared/sync/slice.ts) and its own state row; the other slices' links as ids only.
 */
export async function loadTableState(ctx: RequestContext, syncId: string, refs: TableRefs = {}, slice?: Slice): Promise<TableState> {
	const links = await linksTable(ctx, refs);
	const meta = await metaTable(ctx, refs);
	const metaSyncId = sliceSyncId(syncId, slice);
	const [metaRow] = await listRows(ctx, meta.id, { filter: syncFilter(metaSyncId), sortBy: 'id:asc' });
	const linkRows: Row[] = await listRows(ctx, links.id, { filter: syncFilter(syncId), sortBy: 'id:asc' });
	const sliced = slice !== undefined && slice.count > 1;
	const elsewhere = { a: new Map<string, string>(), b: new Map<string, string>() };
	const rows = new Map<string, { id: number; pair: string }>();
	const at = new Map<string, number>();
	const pairs: StoredSyncState['p'] = [];
	const stale: number[] = [];
	for (const row of linkRows) {
		const tuple = (parseJson(row.pair) ?? []) as StoredSyncState['p'][number];
		// The id columns win over the tuple: they are what a user edits in the table.
		const edited = [String(row.aId ?? tuple[0] ?? ''), String(row.bId ?? tuple[1] ?? ''), ...tuple.slice(2)] as StoredSyncState['p'][number];
		if (sliced && pairSlice(edited[0], slice.count) !== slice.index) {
			elsewhere.a.set(edited[0], edited[1]);
			elsewhere.b.set(edited[1], edited[0]);
			continue;
		}
		// Rows come in id order, so a later row of one A id is the newer one: a save cut short between writing a
		// pair's new row and deleting its old one (saveTableState) leaves both. The older is dropped at the next save.
		const seen = at.get(edited[0]);
		if (seen !== undefined) {
			stale.push(rows.get(edited[0])!.id);
			pairs[seen] = edited;
		} else {
			at.set(edited[0], pairs.length);
			pairs.push(edited);
		}
		rows.set(edited[0], { id: Number(row.id), pair: JSON.stringify(edited) });
	}
	// A state row holding only a lease (a first run's) is not a saved state.
	const snapshot: TableSnapshot = { links, meta, rows, stale, found: Boolean(metaRow?.state) || linkRows.length > 0, metaSyncId };
	if (sliced) snapshot.elsewhere = elsewhere;
	if (!snapshot.found) return { snapshot };
	snapshot.metaRowId = metaRow ? Number(metaRow.id) : undefined;
	snapshot.scope = metaRow?.scope ? String(metaRow.scope) : undefined;
	snapshot.last = parseJson(metaRow?.last) as IDataObject | undefined;
	const rest = (parseJson(metaRow?.state) ?? { v: 1, n: 0, f: '', p: [] }) as StoredSyncState;
	return { stored: { ...rest, p: pairs }, snapshot };
}

/**
 * Writes what changed since the load: new pairs inserted, changed ones updated
 * one row each, dropped ones deleted, and the state row replaced. Pairs are
 * written before the state row, so a save cut short leaves the previous run
 * counter and cursors with links at least as new (the next run re-reads from
 * the older cursor: nothing is skipped).
 */
export async function saveTableState(
	ctx: RequestContext,
	syncId: string,
	snapshot: TableSnapshot,
	state: SyncState,
	extra: { scope?: string; last?: IDataObject } = {},
): Promise<SaveStats> {
	const stored = encodeState(state);
	const stats: SaveStats = { inserted: 0, updated: 0, deleted: 0 };
	const keep = new Set<string>();
	const inserts: IDataObject[] = [];
	const changed: Array<{ id: number; data: IDataObject }> = [];
	for (const tuple of stored.p) {
		const aId = tuple[0];
		keep.add(aId);
		const pair = JSON.stringify(tuple);
		const before = snapshot.rows.get(aId);
		if (!before) inserts.push({ syncId, aId, bId: tuple[1], pair });
		else if (before.pair !== pair) changed.push({ id: before.id, data: { bId: tuple[1], pair } });
	}
	// n8n's API updates rows by filter with one value for all of them, so a changed pair is one call. Beyond a few,
	// a changed pair is written as a new row (500 per call) and its old row deleted after (25 per call): at a million
	// links a run where 1% changed makes about 420 calls instead of 10,000. New rows first, so a save cut short
	// leaves a pair twice (the load keeps the newer row), never not at all.
	const replaced: number[] = [];
	if (changed.length <= REPLACE_FROM) {
		for (const c of changed) {
			await updateRows(ctx, snapshot.links.id, idFilter([c.id]), c.data);
			const aId = (parseJson(c.data.pair) as string[])[0];
			snapshot.rows.set(aId, { id: c.id, pair: String(c.data.pair) });
		}
		stats.updated = changed.length;
	} else {
		for (const c of changed) {
			inserts.push({ syncId, aId: (parseJson(c.data.pair) as string[])[0], ...c.data });
			replaced.push(c.id);
		}
	}
	// The snapshot follows what was written, so a run that saves again (a lease holder syncing records handed over
	// to it, nodes/CrmSync/handOver.ts) writes only what changed since its last save.
	for (let i = 0; i < inserts.length; i += INSERT_CHUNK) {
		const chunk = inserts.slice(i, i + INSERT_CHUNK);
		const ids = await insertRows(ctx, snapshot.links.id, chunk);
		ids.forEach((id, k) => snapshot.rows.set(String(chunk[k].aId), { id, pair: String(chunk[k].pair) }));
		stats.inserted += ids.length;
	}
	stats.inserted -= replaced.length;
	stats.updated += replaced.length;
	const gone = [...snapshot.rows].filter(([aId]) => !keep.has(aId));
	const drop = [...gone.map(([, r]) => r.id), ...replaced, ...(snapshot.stale ?? [])];
	for (let i = 0; i < drop.length; i += DELETE_CHUNK) {
		await deleteRows(ctx, snapshot.links.id, idFilter(drop.slice(i, i + DELETE_CHUNK)));
	}
	for (const [aId] of gone) snapshot.rows.delete(aId);
	snapshot.stale = [];
	stats.deleted = gone.length;

	const metaSyncId = snapshot.metaSyncId ?? syncId;
	const row: IDataObject = { syncId: metaSyncId, state: JSON.stringify({ ...stored, p: [] }) };
	const scope = extra.scope ?? snapshot.scope;
	if (scope !== undefined) row.scope = scope;
	const last = extra.last ?? snapshot.last;
	if (last !== undefined) row.last = JSON.stringify(last);
	if (snapshot.metaRowId !== undefined) await updateRows(ctx, snapshot.meta.id, idFilter([snapshot.metaRowId]), row);
	else await n8nApi(ctx, 'POST', `/data-tables/${snapshot.meta.id}/rows/upsert`, { body: { filter: syncFilter(metaSyncId), data: row }, idempotent: true });
	snapshot.found = true;
	snapshot.scope = scope;
	snapshot.last = last;
	return stats;
}

/** Deletes one sync node's links and state row; returns how many links there were. */
export async function clearTableState(ctx: RequestContext, syncId: string): Promise<number> {
	const { snapshot } = await loadTableState(ctx, syncId).catch(async () => ({ snapshot: undefined }));
	const links = snapshot?.links ?? (await ensureTable(ctx, LINKS_TABLE, LINK_COLUMNS));
	const meta = snapshot?.meta ?? (await ensureTable(ctx, STATE_TABLE, STATE_COLUMNS));
	const count = snapshot?.rows.size ?? (await listRows(ctx, links.id, { filter: syncFilter(syncId) })).length;
	await deleteRows(ctx, links.id, syncFilter(syncId));
	await deleteRows(ctx, meta.id, syncFilter(syncId));
	// And the slices' state rows (sliceSyncId), so no slice runs on from an old cursor without its links.
	const sliceRows = (await listRows(ctx, meta.id)).filter((r) => String(r.syncId ?? '').startsWith(`${syncId}#slice `)).map((r) => Number(r.id));
	for (let i = 0; i < sliceRows.length; i += DELETE_CHUNK) await deleteRows(ctx, meta.id, idFilter(sliceRows.slice(i, i + DELETE_CHUNK)));
	return count;
}

/** Another run holds the sync: since when, and until when at the latest (ms). */
export interface LeaseHolder {
	since?: number;
	until?: number;
}

/**
 * Takes the sync for one run, so two runs of one sync never load and save the
 * same state at once (a schedule firing while the last run still goes, two
 * queue-mode workers). The state row is taken by a conditional update (lease
 * free or expired, then ours): n8n runs it as one UPDATE ... WHERE, so of two
 * racing runs exactly one matches. Returns undefined when taken, else the holder.
 */
export async function takeLease(ctx: RequestContext, syncId: string, token: string, now: number, refs: TableRefs = {}): Promise<LeaseHolder | undefined> {
	const meta = await metaTable(ctx, refs);
	const [row] = await listRows(ctx, meta.id, { filter: syncFilter(syncId), sortBy: 'id:asc' });
	// A first run creates the row, free (leaseUntil 0). Racing first runs may each insert one: the update below takes
	// every row of the sync at once, so one of them wins all, and the load reads the first row.
	if (!row) await insertRows(ctx, meta.id, [{ syncId, leaseToken: '', leaseUntil: 0 }]);
	// A state row saved before leases existed has none: set it free once.
	else if (row.leaseUntil === null || row.leaseUntil === undefined) await updateRows(ctx, meta.id, { filters: [{ columnName: 'id', condition: 'eq', value: Number(row.id) }] }, { leaseUntil: 0 });
	const lease = { leaseToken: token, leaseSince: now, leaseUntil: now + LEASE_MS };
	const free = {
		type: 'and' as const,
		filters: [
			{ columnName: 'syncId', condition: 'eq' as const, value: syncId },
			{ columnName: 'leaseUntil', condition: 'lt' as const, value: now },
		],
	};
	// Expired, or released (0).
	let took = false;
	try {
		took = (await updateRowsReturning(ctx, meta.id, free, lease)).length > 0;
	} catch {
		// n8n answered an error (a 500 under concurrent executions): the update may or may not have been applied,
		// so the row read back says whether this run holds the sync.
	}
	const [held] = took ? [] : await listRows(ctx, meta.id, { filter: syncFilter(syncId), sortBy: 'id:asc' });
	if (took || held?.leaseToken === token) return undefined;
	return { since: Number(held?.leaseSince) || undefined, until: Number(held?.leaseUntil) || undefined };
}

/** Lets the sync go, if this run still holds it. */
export async function releaseLease(ctx: RequestContext, syncId: string, token: string, refs: TableRefs = {}): Promise<void> {
	const meta = await metaTable(ctx, refs);
	await updateRows(
		ctx,
		meta.id,
		{ type: 'and', filters: [{ columnName: 'syncId', condition: 'eq', value: syncId }, { columnName: 'leaseToken', condition: 'eq', value: token }] },
		{ leaseToken: '', leaseUntil: 0 },
	);
}

/**
 * Extends this run's hold on the sync by LEASE_MS from `now`, if it still holds
 * it; false when it does not (its lease expired and another run took the sync).
 * A run that goes on taking over other runs' records renews before each pass, so
 * its lease never lapses while it works and a run that died lets go LEASE_MS
 * after its last pass.
 */
export async function renewLease(ctx: RequestContext, syncId: string, token: string, now: number, refs: TableRefs = {}): Promise<boolean> {
	const meta = await metaTable(ctx, refs);
	const filter = { type: 'and', filters: [{ columnName: 'syncId', condition: 'eq', value: syncId }, { columnName: 'leaseToken', condition: 'eq', value: token }] };
	// Safe to repeat: it only moves this token's expiry.
	const { body } = await n8nApi<Row[] | boolean>(ctx, 'PATCH', `/data-tables/${meta.id}/rows/update`, {
		body: { filter, data: { leaseUntil: now + LEASE_MS }, returnData: true },
		idempotent: true,
	});
	return Array.isArray(body) && body.length > 0;
}
