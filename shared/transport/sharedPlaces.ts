import type { RequestContext } from '../types';

/**
 * A rate limit's budget shared with other processes (n8n queue-mode workers)
 * for a limit the vendor does not report (no remaining-count headers to read,
 * e.g. HubSpot's search API): how many of the limit's places this process may
 * hold, window by window. The limiter takes at most that many places; the
 * implementation (shared/store/rateBudget.ts, through an n8n Data Table) claims
 * them. The transport only asks; it knows nothing of where the budget lives.
 */
export interface SharedPlaces {
	/**
	 * Places this process may hold at `now` (0: none until `changesAt`), or
	 * undefined when not known yet (call `settle`). May start claiming the next
	 * window without waiting for it.
	 */
	placesAt(ctx: RequestContext, now: number): number | undefined;
	/** When the answer of `placesAt` may change next (the window's end, or where its tail guard starts). */
	changesAt(now: number): number;
	/** Claims or learns the places for `now`; never throws (a failed claim falls back to the process's own limit, with a warning). */
	settle(ctx: RequestContext, now: number): Promise<void>;
}

/** A shared budget for one limiter bucket, as the node's settings provide it (undefined: not shared). */
export type SharedBudgetFactory = (bucket: { key: string; policy: { limit: number; intervalMs: number } }) => SharedPlaces | undefined;
