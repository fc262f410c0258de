import type { IDataObject, INodeProperties } from 'n8n-workflow';
import type { SharedBudgetFactory, SharedPlaces } from '../transport/sharedPlaces';
import { systemClock, type Clock } from '../transport/clock';
import type { RequestContext } from '../types';
import { deleteRows, ensureTable, findTable, insertRows, listRows, type ColumnSpec, type DataTableRef, type Row } from './dataTables';
import { apiRoot, N8N_API_CREDENTIAL } from './n8nApi';

/**
 * Rate budgets shared across n8n processes (queue-mode workers) for limits a
 * vendor does not report (issue 18): HubSpot's search API, 5 requests per
 * second per account, answers without rate headers, so a worker's limiter
 * cannot see the other workers' searches. They share the limit through a
 * table every worker sees: n8n's database, reached through n8n's public Data
 * Table API with the pack's n8n API credential (shared/store/n8nApi.ts).
 *
 * n8n's Data Table API has no atomic increment, but an insert is atomic and
 * row ids grow with inserts (serial ids in PostgreSQL and SQLite). So a process
 * claims places by inserting a row, and every claim's grant is a function of
 * the rows before it, which every process computes alike from one list:
 *
 * - Time is cut into windows of `spanMs` (3 x the limit's interval, at least
 *   3 s), aligned on the epoch so every worker names the same windows.
 * - A row {budget, windowStart, want, holder} asks for `want` places of the
 *   limit (calls in the vendor's window at once, as the local limiter counts
 *   them) for one window. Rows are granted in id order: a row gets
 *   min(want, limit - the grants of lower rows of that window); 0 means wait for
 *   the next window. So the grants of a window never sum above the limit,
 *   whatever the interleaving of claimers: a row's grant depends only on rows
 *   inserted before it. Sum of grants, not of wants: a claimer that got nothing
 *   blocks nobody.
 * - A process takes at most its grant of places in its own sliding-window
 *   limiter (shared/transport/rateLimiter.ts). Its calls of one window are
 *   still in the vendor's window after that window ends (for up to the
 *   interval, plus the time a call takes to reach the vendor), so in the last
 *   1.5 intervals of a window it takes at most min(this window's grant, the
 *   next one's): then whatever it has in the vendor's window at any moment of a
 *   window is within that window's grant.
 * - Claims are made a window ahead (the next window's row is inserted with the
 *   current one, later ones while the current window runs), so a claim costs an
 *   insert and a list, about 2 n8n API calls per window per process, not per
 *   vendor call. Old rows are deleted now and then by whoever claims.
 * - Fairness: a claimer that sees n processes with recent claims asks for
 *   limit / n (rounded up); alone it asks for the whole limit. A process that
 *   arrives while another holds the whole limit waits up to two windows.
 *
 * Assumptions (also in the README, "Queue mode"):
 * - When a claimer lists the rows after its insert, every row with a lower id
 *   is visible (committed). In PostgreSQL an id is drawn before its insert
 *   commits, so a concurrent insert could take a lower id and become visible a
 *   moment later; that row's grant is then computed without it by one side and
 *   with it by the other, and the window may be over-granted. The vendor's 429
 *   and its wait (retried by the transport) are the safety net.
 * - The difference between two workers' clocks plus the time a call takes to
 *   reach the vendor's counter stays under half the limit's interval (0.5 s for
 *   HubSpot's search; NTP keeps clocks within milliseconds). The guard of 1.5
 *   intervals covers that much. test/unit/store/rateBudgetSimulation.test.ts
 *   checks the whole scheme in simulated time within these bounds.
 * - Budgets are per n8n credential (its id keys the limiter, as within a
 *   process): two credentials for one vendor account do not share.
 *
 * If a claim fails (n8n's API unreachable, a 5xx, a missing credential), the
 * process falls back to its own limiter (the whole limit, as without sharing)
 * for a minute and logs a warning; no record fails because of it.
 */

export const RATE_BUDGET_TABLE = 'CRM Pack rate budget';

const COLUMNS: ColumnSpec[] = [
	// The limit: the limiter bucket's key (credential id | API host | bucket name).
	{ name: 'budget', type: 'string' },
	{ name: 'windowStart', type: 'number' },
	{ name: 'want', type: 'number' },
	// The process (a random id per process and limit).
	{ name: 'holder', type: 'string' },
];

/** After a failed claim, the process's own limiter alone is used this long before claiming again. */
const FALLBACK_MS = 30_000;
/** Rows of windows older than this many windows are deleted by a claimer, every CLEANUP_EVERY claims. */
const KEEP_WINDOWS = 10;
const CLEANUP_EVERY = 20;

/** One claim as listed: its row id (the claim order), window, places asked for and by whom. */
export interface ClaimRow {
	id: number;
	windowStart: number;
	want: number;
	holder: string;
}

/**
 * Each row's grant, in id order: min(want, limit - grants of the lower rows of
 * its window), at least 0. Every process computes the same grants from the
 * same rows.
 */
export function grantClaims(rows: ClaimRow[], limit: number): Map<number, number> {
	const granted = new Map<number, number>();
	const used = new Map<number, number>();
	for (const row of [...rows].sort((a, b) => a.id - b.id)) {
		const before = used.get(row.windowStart) ?? 0;
		const grant = Math.max(0, Math.min(Math.floor(row.want) || 0, limit - before));
		granted.set(row.id, grant);
		used.set(row.windowStart, before + grant);
	}
	return granted;
}

/** What a claimer asks for: the limit shared by the processes with recent claims (itself included). */
export function fairWant(rows: ClaimRow[], holder: string, limit: number): number {
	const holders = new Set(rows.filter((r) => r.want > 0).map((r) => r.holder));
	holders.add(holder);
	return Math.max(1, Math.ceil(limit / holders.size));
}

export interface BudgetOptions {
	/** The limit's key (shared by every process: credential id, API host, bucket). */
	key: string;
	limit: number;
	intervalMs: number;
	clock?: Clock;
	/** This process's id in the table (random unless a test sets it). */
	holder?: string;
}

/** A warning n8n's log shows (the node keeps going with its own limiter). */
function warn(ctx: RequestContext, message: string): void {
	(ctx as { logger?: { warn(message: string): void } }).logger?.warn(message);
}

/** The budget of one limit in this process: its grants by window, claims under way, and the fallback. */
export class SharedRateBudget implements SharedPlaces {
	readonly spanMs: number;
	/** The last part of a window in which the next window's grant also caps the places (see the file comment). */
	readonly guardMs: number;
	readonly holder: string;
	private readonly grants = new Map<number, number>();
	private readonly claims = new Map<number, Promise<void>>();
	private fallbackUntil = 0;
	private claimsMade = 0;
	/** The rows the last claim listed (who else claims: the fair share). */
	private seen: ClaimRow[] = [];
	/** Claims made and failed, for the bench and tests. */
	readonly counts = { claims: 0, failures: 0, apiCalls: 0, waitedWindows: 0 };
	private readonly clock: Clock;

	constructor(private readonly options: BudgetOptions) {
		this.spanMs = Math.max(3000, 3 * options.intervalMs);
		this.guardMs = Math.ceil(1.5 * options.intervalMs);
		this.clock = options.clock ?? systemClock;
		this.holder = options.holder ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
	}

	windowOf(now: number): number {
		return Math.floor(now / this.spanMs) * this.spanMs;
	}

	placesAt(ctx: RequestContext, now: number): number | undefined {
		if (now < this.fallbackUntil) return this.options.limit;
		const window = this.windowOf(now);
		const current = this.grants.get(window);
		if (current === undefined) return undefined;
		const next = window + this.spanMs;
		// Claim the next window while this one runs, so its grant is known before its guard starts.
		if (!this.grants.has(next) && !this.claims.has(next)) void this.claim(ctx, [next]);
		if (now < next - this.guardMs) return current;
		const following = this.grants.get(next);
		return following === undefined ? undefined : Math.min(current, following);
	}

	changesAt(now: number): number {
		if (now < this.fallbackUntil) return this.fallbackUntil;
		const next = this.windowOf(now) + this.spanMs;
		return now < next - this.guardMs ? next - this.guardMs : next;
	}

	async settle(ctx: RequestContext, now: number): Promise<void> {
		const window = this.windowOf(now);
		const wanted = [window, window + this.spanMs].filter((w) => !this.grants.has(w));
		const waiting = wanted.map((w) => this.claims.get(w)).filter((p): p is Promise<void> => p !== undefined);
		const fresh = wanted.filter((w) => !this.claims.has(w));
		if (fresh.length) waiting.push(this.claim(ctx, fresh));
		await Promise.all(waiting);
		// A claim that failed leaves the fallback on; one that finished after its window is simply not used.
		if (!this.grants.has(window) && this.clock.now() >= this.fallbackUntil) this.fallbackUntil = this.clock.now() + FALLBACK_MS;
	}

	/** Inserts this process's rows for these windows, lists the rows around them, and keeps its grants. Never throws. */
	private claim(ctx: RequestContext, windows: number[]): Promise<void> {
		const run = (async () => {
			try {
				try {
					await this.claimRows(ctx, windows);
				} catch {
					// n8n's API answers 500 now and then under concurrent executions (shared/store/n8nApi.ts), and a table
					// deleted by a user answers 404: one more claim, the table looked up again, before falling back. An
					// insert that went through unseen leaves a row that only over-claims.
					tableCache.delete(tableKey(await rootOf(ctx)));
					await this.claimRows(ctx, windows);
				}
			} catch (error) {
				this.counts.failures++;
				tableCache.delete(tableKey(await rootOf(ctx).catch(() => '')));
				this.fallbackUntil = this.clock.now() + FALLBACK_MS;
				warn(
					ctx,
					`CRM Pack: the shared rate budget for ${this.options.key} could not be claimed through n8n's Data Table API (${(error as Error).message}); this worker uses its own limiter alone for ${FALLBACK_MS / 1000} s`,
				);
			} finally {
				for (const w of windows) this.claims.delete(w);
			}
		})();
		for (const w of windows) this.claims.set(w, run);
		return run;
	}

	private async claimRows(ctx: RequestContext, windows: number[]): Promise<void> {
		const table = await budgetTable(ctx, this.counts);
		const first = Math.min(...windows);
		const filter = {
			type: 'and' as const,
			filters: [
				{ columnName: 'budget', condition: 'eq' as const, value: this.options.key },
				{ columnName: 'windowStart', condition: 'gte' as const, value: first - 2 * this.spanMs },
			],
		};
		// Who else claimed the current window or later (as the last list showed) decides the fair share asked for: a
		// worker that stopped claiming no longer counts one window on.
		const want = fairWant(this.seen.filter((r) => r.windowStart >= first - this.spanMs), this.holder, this.options.limit);
		const ids = await insertRows(
			ctx,
			table.id,
			windows.map((windowStart) => ({ budget: this.options.key, windowStart, want, holder: this.holder })),
		);
		this.counts.apiCalls++;
		this.counts.claims++;
		const rows = await this.list(ctx, table, filter);
		this.seen = rows;
		const granted = grantClaims(rows, this.options.limit);
		for (const [i, w] of windows.entries()) {
			const grant = granted.get(ids[i]);
			if (grant === undefined) throw new Error(`claim row ${ids[i]} not listed after its insert`);
			this.grants.set(w, grant);
			if (grant === 0) this.counts.waitedWindows++;
		}
		// Forget own grants of past windows; now and then delete old rows of this limit.
		for (const w of [...this.grants.keys()]) if (w < first - this.spanMs) this.grants.delete(w);
		if (++this.claimsMade % CLEANUP_EVERY === 0) {
			await deleteRows(ctx, table.id, {
				type: 'and',
				filters: [
					{ columnName: 'budget', condition: 'eq', value: this.options.key },
					{ columnName: 'windowStart', condition: 'lt', value: first - KEEP_WINDOWS * this.spanMs },
				],
			});
			this.counts.apiCalls++;
		}
	}

	private async list(ctx: RequestContext, table: DataTableRef, filter: { type: 'and'; filters: Array<{ columnName: string; condition: 'eq' | 'gte'; value: string | number }> }): Promise<ClaimRow[]> {
		this.counts.apiCalls++;
		const rows = await listRows(ctx, table.id, { filter, sortBy: 'id:asc' });
		return rows.map((r: Row) => ({ id: Number(r.id), windowStart: Number(r.windowStart), want: Number(r.want), holder: String(r.holder ?? '') }));
	}
}

/** The table per n8n API root, found or created once per process (a cache: dropped after a failure). */
const tableCache = new Map<string, Promise<DataTableRef>>();
const tableKey = (root: string) => root;

async function rootOf(ctx: RequestContext): Promise<string> {
	const credentials = (await ctx.getCredentials(N8N_API_CREDENTIAL)) as IDataObject;
	return apiRoot(credentials.baseUrl);
}

async function budgetTable(ctx: RequestContext, counts: { apiCalls: number }): Promise<DataTableRef> {
	const key = tableKey(await rootOf(ctx));
	let table = tableCache.get(key);
	if (!table) {
		counts.apiCalls += 2;
		// Two workers creating the table at once: the loser may get an error instead of 409 (seen: 500 on
		// PostgreSQL); the winner's table is then there to be found.
		table = ensureTable(ctx, RATE_BUDGET_TABLE, COLUMNS).catch(async (error: unknown) => {
			const found = await findTable(ctx, RATE_BUDGET_TABLE);
			if (!found) throw error;
			return found;
		});
		tableCache.set(key, table);
		table.catch(() => tableCache.delete(key));
	}
	return await table;
}

/**
 * Budgets are kept per process and limit, like the limiters (a cache, not
 * state: the table is the shared truth).
 */
const budgets = new Map<string, SharedRateBudget>();

/** The shared budgets of this process, for a node whose user switched sharing on. */
export function sharedRateBudgets(clock?: Clock): SharedBudgetFactory {
	return ({ key, policy }) => {
		let budget = budgets.get(key);
		if (!budget || budget.spanMs !== Math.max(3000, 3 * policy.intervalMs)) {
			budget = new SharedRateBudget({ key, limit: policy.limit, intervalMs: policy.intervalMs, clock });
			budgets.set(key, budget);
		}
		return budget;
	};
}

/** For tests: forget every budget and table. */
export function resetRateBudgets(): void {
	budgets.clear();
	tableCache.clear();
}

/** For the bench and tests: this process's budgets. */
export function rateBudgetsInProcess(): SharedRateBudget[] {
	return [...budgets.values()];
}

/**
 * The action node's opt-in (HubSpot first): a node offering it lists the n8n
 * API credential literally (n8n's lint reads it):
 * `{ name: 'crmPackN8nApi', required: true, displayOptions: { show: { shareRateBudget: [true] } } }`.
 */
export const shareRateBudgetProperties: INodeProperties[] = [
	{
		displayName: 'Share Rate Budget Across Workers',
		name: 'shareRateBudget',
		type: 'boolean',
		default: false,
		description:
			"Whether workers share, through an n8n Data Table, the limits the CRM does not report in its answers (HubSpot's search: 5 requests per second per account), for n8n in queue mode with several workers",
	},
	{
		displayName:
			"Needs an n8n API key (Settings → n8n API) allowed to read and write Data Tables, in a CRM Pack Data Tables API credential whose Base URL every worker reaches (the main instance). The table \"CRM Pack rate budget\" is created on first use. About 2 n8n API calls per worker every 3 seconds while the node calls the shared limit.",
		name: 'shareRateBudgetNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { shareRateBudget: [true] } },
	},
];
