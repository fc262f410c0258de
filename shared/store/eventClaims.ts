import { randomUUID } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import { systemClock, type Clock } from '../transport';
import type { RequestContext } from '../types';
import { deleteRows, ensureTable, findTable, insertRows, listRows, type ColumnSpec, type DataTableRef, type RowFilter } from './dataTables';

/**
 * Where a webhook trigger records the events it has let through, so that a
 * replayed or duplicated delivery starts no run.
 */
export interface EventClaims {
	/**
	 * Records the keys and returns those this call recorded first. A key recorded
	 * earlier, or by a concurrent call that won, is not returned.
	 */
	claim(keys: string[]): Promise<Set<string>>;
}

export const DEFAULT_EVENTS_TABLE = 'CRM Pack webhook events';

/**
 * One row per event let through (losing deliveries remove theirs): `eventKey`
 * is scoped to the workflow and node, `claim` names the delivery that won,
 * `receivedAt` (ms) drives the cleanup of old rows.
 */
export const EVENT_COLUMNS: ColumnSpec[] = [
	{ name: 'eventKey', type: 'string' },
	{ name: 'claim', type: 'string' },
	{ name: 'receivedAt', type: 'number' },
];

/** Keys per filter: an `or` of this many conditions keeps the query string of a list call short. */
const KEYS_PER_QUERY = 25;
/** Rows older than this are deleted now and then; vendors retry for a day at most (HubSpot, Salesforce). */
export const DEFAULT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
/** Cleanup runs when an inserted row's id is a multiple of this (about once per this many events). */
const CLEANUP_EVERY = 100;
/**
 * How long a winner waits before reading again. On PostgreSQL an insert with a
 * smaller id can become visible after a later one was read (ids are drawn before
 * commit); a row that shows up within this delay still wins. SQLite has one
 * writer, so id order is commit order and the first read is already final.
 */
export const DEFAULT_CONFIRM_DELAY_MS = 300;

export interface DataTableClaimOptions {
	tableName?: string;
	/** Workflow and node the keys belong to, so two triggers never share an event key. */
	scope: string;
	confirmDelayMs?: number;
	retentionMs?: number;
	clock?: Clock;
	newToken?: () => string;
}

function chunks<T>(list: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}

/**
 * Claims in an n8n Data Table. n8n offers no unique constraint on a Data Table
 * column, so each delivery inserts one row per event key with its own claim
 * token, then reads every row of those keys: the row with the smallest id wins,
 * and only the delivery holding that row's token lets the event through. Ten
 * concurrent deliveries of one event insert ten rows and exactly one of them
 * holds the smallest id. If anything fails after the insert, the delivery's own
 * rows are deleted again and the error is thrown, so n8n answers 500 and the
 * vendor retries later instead of the event being lost.
 */
export function dataTableClaims(ctx: RequestContext, options: DataTableClaimOptions): EventClaims {
	const tableName = options.tableName?.trim() || DEFAULT_EVENTS_TABLE;
	const clock = options.clock ?? systemClock;
	const confirmDelayMs = options.confirmDelayMs ?? DEFAULT_CONFIRM_DELAY_MS;
	const retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
	const scoped = (key: string) => `${options.scope}|${key}`;

	/** For each scoped key, the claim token of its first row. */
	async function winners(table: DataTableRef, keys: string[]): Promise<Map<string, string>> {
		const first = new Map<string, string>();
		for (const part of chunks(keys, KEYS_PER_QUERY)) {
			const filter: RowFilter = { type: 'or', filters: part.map((k) => ({ columnName: 'eventKey', condition: 'eq', value: scoped(k) })) };
			const rows = await listRows(ctx, table.id, { filter, sortBy: 'id:asc' });
			rows.sort((a, b) => Number(a.id) - Number(b.id));
			for (const row of rows) {
				const key = String(row.eventKey);
				if (!first.has(key)) first.set(key, String(row.claim));
			}
		}
		return first;
	}

	/**
	 * A loser's rows are not needed: the winner's row (the first) stays and decides
	 * every later delivery. Removing them keeps one row per event in the table.
	 */
	async function dropLost(table: DataTableRef, token: string, keys: string[], won: Set<string>): Promise<void> {
		const lost = keys.filter((k) => !won.has(k));
		if (!lost.length) return;
		if (lost.length === keys.length) {
			await deleteRows(ctx, table.id, { filters: [{ columnName: 'claim', condition: 'eq', value: token }] });
			return;
		}
		for (const key of lost) {
			await deleteRows(ctx, table.id, {
				type: 'and',
				filters: [
					{ columnName: 'claim', condition: 'eq', value: token },
					{ columnName: 'eventKey', condition: 'eq', value: scoped(key) },
				],
			});
		}
	}

	return {
		async claim(keys: string[]): Promise<Set<string>> {
			const unique = [...new Set(keys)];
			if (!unique.length) return new Set();
			const table = (await findTable(ctx, tableName)) ?? (await ensureTable(ctx, tableName, EVENT_COLUMNS));
			const token = (options.newToken ?? randomUUID)();
			const now = clock.now();
			let settled = false;
			try {
				const rows: IDataObject[] = unique.map((k) => ({ eventKey: scoped(k), claim: token, receivedAt: now }));
				const ids = await insertRows(ctx, table.id, rows);
				const first = await winners(table, unique);
				let mine = unique.filter((k) => first.get(scoped(k)) === token);
				if (mine.length && confirmDelayMs > 0) {
					await clock.sleep(confirmDelayMs);
					const again = await winners(table, mine);
					mine = mine.filter((k) => again.get(scoped(k)) === token);
				}
				await dropLost(table, token, unique, new Set(mine));
				if (ids.some((id) => id % CLEANUP_EVERY === 0)) {
					await deleteRows(ctx, table.id, { filters: [{ columnName: 'receivedAt', condition: 'lt', value: now - retentionMs }] });
				}
				settled = true;
				return new Set(mine);
			} finally {
				// On a failure (the error, an n8n API error, goes on to n8n): leave nothing behind
				// that would make the vendor's retry of this delivery look like a replay.
				if (!settled) await deleteRows(ctx, table.id, { filters: [{ columnName: 'claim', condition: 'eq', value: token }] }).catch(() => undefined);
			}
		},
	};
}

/**
 * Claims in workflow static data, trimmed to the newest `max` keys. In n8n
 * 2.41.1 it holds across deliveries only when n8n saves the webhook's static
 * data before the run starts (the node answers the request itself; see
 * shared/webhooks/dedupe.ts keepUnseen), never for deliveries that arrive at
 * the same time; within one delivery it always holds.
 */
export function staticDataClaims(staticData: IDataObject, options: { key: string; max: number }): EventClaims {
	return {
		async claim(keys: string[]): Promise<Set<string>> {
			const stored = staticData[options.key];
			const ids = Array.isArray(stored) ? stored.map(String) : [];
			const seen = new Set(ids);
			const fresh = new Set<string>();
			for (const key of keys) {
				if (seen.has(key)) continue;
				seen.add(key);
				ids.push(key);
				fresh.add(key);
			}
			// Written only when it changed, so n8n does not save static data for nothing.
			if (fresh.size) staticData[options.key] = ids.length > options.max ? ids.slice(ids.length - options.max) : ids;
			return fresh;
		},
	};
}
