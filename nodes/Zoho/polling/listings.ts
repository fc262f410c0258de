import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import type { PollSource } from '../../../shared/n8n/polling';
import type { WatchedTime } from '../../../shared/polling/listings';
import { toMillis } from '../../../shared/polling/poll';
import type { CrmRecord } from '../../../shared/types';
import { ZohoConnector } from '../connector/ZohoConnector';
import { MODULES, RESOURCE_MODULE } from '../connector/objectTypes';
import { zohoSettings } from '../transport/zohoApi';

/** The modules the trigger watches (every standard one: all have Created_Time and Modified_Time). */
export const POLLED = ['lead', 'contact', 'account', 'deal', 'event', 'task', 'call', 'note'];

/** "New" watches `Created_Time`, the others `Modified_Time`. */
export function cursorField(watched: WatchedTime): 'Created_Time' | 'Modified_Time' {
	return watched === 'created' ? 'Created_Time' : 'Modified_Time';
}

/**
 * Zoho's polling listings. Changes: `GET /{module}?sort_by=Modified_Time&sort_order=asc`
 * with `If-Modified-Since` (304 when nothing changed: one call per idle poll).
 * Creations: sorted by `Created_Time`, newest first, read until one older than
 * the cursor, handed out oldest first. Times have whole seconds; records
 * sharing a second are told apart by the shared (id, time) de-duplication.
 */
export function zohoListings(connector: ZohoConnector, module: string): PollSource {
	const spec = MODULES[module];
	return {
		changedSince: (since) => connector.listChanged(module, { since: since === undefined ? undefined : new Date(since).toISOString() }),
		async *createdSince(since) {
			const newestFirst: CrmRecord[] = [];
			for await (const record of connector.list(module, { sortBy: 'Created_Time', sortOrder: 'desc' })) {
				const at = toMillis(record.createdAt);
				if (since !== undefined && at !== undefined && at < since) break;
				newestFirst.push(record);
			}
			yield* newestFirst.reverse();
		},
		async newest(watched) {
			for await (const record of connector.list(module, { limit: 1, sortBy: cursorField(watched), sortOrder: 'desc' })) return record;
			return undefined;
		},
		scope: (watched) => `${module}|${cursorField(watched)}`,
		shape(records, format) {
			if (format === 'raw') return records.map((record) => record.raw);
			return records.map((record) => connector.toNeutral(spec.neutral, record));
		},
	};
}

export async function openZohoConnector(ctx: IPollFunctions): Promise<{ connector: ZohoConnector; module: string }> {
	const resource = ctx.getNodeParameter('object') as string;
	return { connector: new ZohoConnector(ctx, await zohoSettings(ctx)), module: RESOURCE_MODULE[resource] ?? 'Contacts' };
}

export async function openZohoListings(ctx: IPollFunctions): Promise<PollSource> {
	const { connector, module } = await openZohoConnector(ctx);
	return zohoListings(connector, module);
}

/** Where the deleted-records cursor lives in the node's static data. */
export const DELETED_STATE_KEY = 'zohoDeletedCursor';

interface DeletedCursor {
	/** Newest `deleted_time` emitted (ms). */
	at: number;
	/** Ids emitted at that second (Zoho's times have whole seconds). */
	ids: string[];
}

/**
 * Deleted records (`GET /{module}/deleted?type=all` with `If-Modified-Since`,
 * Zoho's deleted-records API): those deleted since the cursor, oldest first.
 * The first poll only sets the cursor to now (as every poll of the pack starts).
 */
export async function pollDeleted(ctx: IPollFunctions, connector: ZohoConnector, module: string): Promise<IDataObject[]> {
	const state = ctx.getWorkflowStaticData('node');
	const cursor = state[DELETED_STATE_KEY] as DeletedCursor | undefined;
	if (ctx.getMode() === 'manual') {
		for await (const row of connector.deleted(module, { limit: 1 })) return [row];
		return [];
	}
	if (!cursor) {
		state[DELETED_STATE_KEY] = { at: Date.now(), ids: [] } satisfies DeletedCursor;
		return [];
	}
	const seen = new Set(cursor.ids);
	const rows: IDataObject[] = [];
	for await (const row of connector.deleted(module, { since: new Date(cursor.at).toISOString() })) {
		const at = Date.parse(String(row.deleted_time));
		if (!Number.isFinite(at) || at < cursor.at || (at === cursor.at && seen.has(String(row.id)))) continue;
		rows.push(row);
	}
	rows.sort((a, b) => Date.parse(String(a.deleted_time)) - Date.parse(String(b.deleted_time)) || String(a.id).localeCompare(String(b.id)));
	if (rows.length) {
		const at = Date.parse(String(rows[rows.length - 1].deleted_time));
		const ids = rows.filter((r) => Date.parse(String(r.deleted_time)) === at).map((r) => String(r.id));
		state[DELETED_STATE_KEY] = { at, ids: at === cursor.at ? [...cursor.ids, ...ids] : ids } satisfies DeletedCursor;
	}
	return rows;
}
