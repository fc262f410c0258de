import type { IDataObject } from 'n8n-workflow';
import type { Clock } from '../../../shared/transport/clock';

/*
 * A GraphQL server's query-cost budget, as the server reports it. Two
 * reports are read (either, both, or none):
 * - `extensions.cost { requestedQueryCost, actualQueryCost, throttleStatus {
 *   maximumAvailable, currentlyAvailable, restoreRate } }`: a bucket that
 *   refills at `restoreRate` points per second (shopify.dev, "GraphQL Admin
 *   API rate limits");
 * - a `rateLimit { limit cost remaining resetAt }` field of the answer's data:
 *   points left until `resetAt` (docs.github.com, "Rate limits and query
 *   limits for the GraphQL API").
 * The request budget (requests per minute) is the shared limiter's; this adds
 * what a request count cannot see: an expensive query spends more.
 *
 * Before an operation is sent, the budget waits until what the server last
 * reported, refilled since, covers the operation's cost as last seen plus a
 * reserve (a tenth of the bucket), so it slows down before the server has to
 * throttle. Nothing is known before the first answer: the first call goes at once.
 * Kept per process and keyed by credential and host (like the shared
 * limiter's buckets): a cache the next answer corrects, never state.
 */

export interface CostReport {
	/** Points the operation cost (actual, else requested). */
	cost?: number;
	/** Points the operation asked for (Shopify's requested cost: what a throttled call needs available). */
	requested?: number;
	bucket?: { maximum: number; available: number; restoreRate: number };
	window?: { limit?: number; remaining: number; resetAt: number };
}

const num = (v: unknown): number | undefined => {
	const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
	return Number.isFinite(n) ? n : undefined;
};

/** What an answer says about the cost budget (undefined when it says nothing). */
export function readCostReport(body: IDataObject | undefined): CostReport | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const report: CostReport = {};
	const cost = (body.extensions as IDataObject | undefined)?.cost as IDataObject | undefined;
	if (cost && typeof cost === 'object') {
		report.requested = num(cost.requestedQueryCost);
		report.cost = num(cost.actualQueryCost) ?? report.requested;
		const status = cost.throttleStatus as IDataObject | undefined;
		const maximum = num(status?.maximumAvailable);
		const available = num(status?.currentlyAvailable);
		const restoreRate = num(status?.restoreRate);
		if (maximum !== undefined && available !== undefined && restoreRate !== undefined) report.bucket = { maximum, available, restoreRate };
	}
	const rateLimit = (body.data as IDataObject | undefined)?.rateLimit as IDataObject | undefined;
	if (rateLimit && typeof rateLimit === 'object') {
		const remaining = num(rateLimit.remaining);
		const resetAt = typeof rateLimit.resetAt === 'string' ? Date.parse(rateLimit.resetAt) : NaN;
		if (remaining !== undefined && Number.isFinite(resetAt)) report.window = { limit: num(rateLimit.limit), remaining, resetAt };
		report.cost ??= num(rateLimit.cost);
	}
	return report.bucket || report.window || report.cost !== undefined ? report : undefined;
}

export class CostBudget {
	private bucket?: { maximum: number; available: number; restoreRate: number; at: number };

	private window?: { limit?: number; remaining: number; resetAt: number };

	/** Points each operation cost when last run, by its text. */
	private readonly costs = new Map<string, number>();

	/** The caller's clock (a test's fake one, else the system's): set on every lookup. */
	constructor(public clock: Clock) {}

	/** Records what an answer reported, for the operation `key`. */
	observe(key: string, report: CostReport | undefined): void {
		if (!report) return;
		const now = this.clock.now();
		if (report.cost !== undefined && report.cost > 0) this.costs.set(key, report.cost);
		else if (report.requested !== undefined && report.requested > 0) this.costs.set(key, report.requested);
		if (report.bucket) this.bucket = { ...report.bucket, at: now };
		if (report.window) this.window = report.window;
	}

	/** The cost last seen for an operation (0: never run yet). */
	costOf(key: string): number {
		return this.costs.get(key) ?? 0;
	}

	/** Milliseconds to wait before an operation of this cost, keeping a tenth of the bucket in reserve. */
	waitFor(cost: number): number {
		if (cost <= 0) return 0;
		const now = this.clock.now();
		let wait = 0;
		if (this.bucket && this.bucket.restoreRate > 0) {
			const b = this.bucket;
			const available = Math.min(b.maximum, b.available + ((now - b.at) / 1000) * b.restoreRate);
			const needed = Math.min(b.maximum, cost + b.maximum / 10);
			if (available < needed) wait = Math.max(wait, Math.ceil(((needed - available) / b.restoreRate) * 1000));
		}
		if (this.window && this.window.resetAt > now) {
			const reserve = this.window.limit ? Math.ceil(this.window.limit / 100) : 0;
			if (this.window.remaining < cost + reserve) wait = Math.max(wait, this.window.resetAt - now);
		}
		return wait;
	}

	/** After a throttled answer: when the server will have room for `requested` points (undefined: it did not say). */
	throttledWait(requested: number | undefined): number | undefined {
		const now = this.clock.now();
		if (this.bucket && this.bucket.restoreRate > 0 && requested !== undefined) {
			const missing = requested - this.bucket.available;
			return Math.max(1000, Math.ceil((Math.max(0, missing) / this.bucket.restoreRate) * 1000));
		}
		if (this.window && this.window.resetAt > now) return this.window.resetAt - now;
		return undefined;
	}

	/** The budget as the server last reported it, refilled since (undefined: it reported none). */
	snapshot(): { remaining: number; limit?: number; window: string } | undefined {
		const now = this.clock.now();
		if (this.bucket) {
			const b = this.bucket;
			const remaining = Math.min(b.maximum, b.available + ((now - b.at) / 1000) * b.restoreRate);
			return { remaining: Math.floor(remaining), limit: b.maximum, window: `query-cost points, refilled at ${b.restoreRate} a second` };
		}
		if (this.window) return { remaining: this.window.remaining, limit: this.window.limit, window: `query-cost points until ${new Date(this.window.resetAt).toISOString()}` };
		return undefined;
	}

	/** Spends points at once (the operation is under way), so concurrent callers wait for each other's share. */
	spend(cost: number): void {
		const now = this.clock.now();
		if (this.bucket) {
			const b = this.bucket;
			b.available = Math.min(b.maximum, b.available + ((now - b.at) / 1000) * b.restoreRate) - cost;
			b.at = now;
		}
		if (this.window) this.window.remaining -= cost;
	}
}

const budgets = new Map<string, CostBudget>();

/** The budget of one credential and host (per process). */
export function costBudgetFor(key: string, clock: Clock): CostBudget {
	let budget = budgets.get(key);
	if (!budget) {
		budget = new CostBudget(clock);
		budgets.set(key, budget);
	}
	budget.clock = clock;
	return budget;
}

/** For tests: forget every budget. */
export function resetCostBudgets(): void {
	budgets.clear();
}
