import type { RequestContext } from '../types';
import type { Clock } from './clock';
import type { SharedPlaces } from './sharedPlaces';

/** `limit` requests per `intervalMs`, the way vendors state their limits. */
export interface RateLimitPolicy {
	limit: number;
	intervalMs: number;
}

/** What a vendor's rate-limit headers said about the window we are in. */
export interface RateHint {
	remaining: number;
	limit?: number;
	/** Window length. */
	intervalMs?: number;
	/** Time until the vendor's window resets (e.g. Pipedrive's `x-ratelimit-reset`). */
	resetMs?: number;
}

/** A place in the window, held from before the request is sent; `release` is called once its answer (or failure) is in. */
export interface Slot {
	/** How long the caller waited for its place. */
	waited: number;
	release(): void;
}

/**
 * A sliding-window log: the vendor counts the requests that reached it within
 * the last `intervalMs` (HubSpot's TEN_SECONDLY_ROLLING, the search limit's one
 * second, Pipedrive's 2 s window), so the limiter keeps a log of ours and lets a
 * request go whenever fewer than `limit` are in the window. A job that fits in
 * one window's budget therefore runs at the vendor's speed, unpaced, and a
 * longer one at the window's rate.
 *
 * When an entry leaves the log. The vendor counted a request somewhere between
 * its send and its answer; until its answer is in, a request holds its place.
 * - Worst case (`latencyCredit: false`, and after any 429): the entry leaves one
 *   interval after the answer arrived, which is after the vendor's window dropped
 *   it wherever it was counted. That holds "never more than `limit` in any
 *   rolling window at the vendor" for any latency and any count point, but it
 *   costs each place the round trip on every turn: the steady rate is
 *   limit / (interval + round trip), 95.2% of Pipedrive's burst at 100 ms, 80% at
 *   500 ms, and no number of calls in flight can do better (any limit + 1 calls
 *   must span interval + round trip).
 * - Default: the entry leaves one interval after the answer minus a credit, so
 *   the next request is already on its way as the vendor's window rolls, and a
 *   job runs at (nearly) the window's rate whatever the latency, given enough
 *   calls in flight. The credit is the fastest of the last 64 exchanges
 *   (acquire to release) less twice the gap between it and their 10th
 *   percentile, at most 90% of it, and none before `limit` (at least 20)
 *   exchanges were measured: a steady 100 ms round trip earns about 90 ms,
 *   round trips that vary near their floor as much as they last (no vendor
 *   latency, a few ms each) earn none.
 *   Assumption ("no leg faster than in the fastest exchange, beyond the spread
 *   seen"): each part of an exchange - our client preparing it, the trip to
 *   the vendor's counter, the rest until the answer, our client reading it -
 *   takes at least as long as in the fastest recent exchange, less the credit's
 *   margin. Then the vendor counts the next request at least one interval after
 *   the earlier one (next send >= answer + interval - credit). A 429 is the
 *   vendor saying the assumption failed: the limiter drops to the worst case
 *   for good (`refused`). test/unit/shared/rateLimiterProperty.test.ts checks
 *   both modes over random call patterns, each against the vendor model it
 *   relies on, and shows the default failing the worst-case model (the credit
 *   is an assumption, not a proof).
 *
 * What the vendor's headers report is believed over our own count: requests of
 * other clients on the same account show up as places taken until the window
 * the vendor named has passed; a report of none left, or a 429 with a wait,
 * holds every caller until then.
 */
/** Exchanges measured before the latency credit applies (or the window's limit, if larger). */
const WARM_UP = 20;
/** Round trips the latency credit is taken from (the most recent ones). */
const RECENT = 64;

export class SlidingWindowLimiter {
	/** Our requests in the window: the time each one leaves it (Infinity while it is in flight). */
	private readonly ours: number[] = [];
	/**
	 * Our requests the vendor may still count: the time each one has certainly left the vendor's window (answer +
	 * interval; Infinity in flight). Without a credit this is `ours`; with one, an entry leaves `ours` sooner but
	 * the vendor's count (its headers) can still include it until then, and it must not be taken for another
	 * client's request.
	 */
	private readonly counted: number[] = [];
	/** Places the vendor reports taken by others, and until when. */
	private foreign = { count: 0, until: 0 };
	private pausedUntil = 0;
	/** Callers waiting for an answer to come in (every place held by a request in flight). */
	private waiters: Array<() => void> = [];

	/** Set once the vendor's headers named the real limit; a preset never overrides it afterwards. */
	learned = false;

	/** The last exchanges' round trips (acquire to release, ms), oldest first, and how many were measured in all. */
	private readonly trips: number[] = [];
	private measured = 0;
	/** Off: every entry is held answer + interval (the worst case). */
	private latencyCredit: boolean;

	constructor(
		public policy: RateLimitPolicy,
		private readonly clock: Clock,
		options: { latencyCredit?: boolean } = {},
	) {
		this.latencyCredit = options.latencyCredit ?? true;
	}

	/** How much sooner than answer + interval an answered entry may leave the log (see the class comment). */
	private credit(): number {
		// Enough exchanges measured first (a window's worth, at least 20) that the fastest is the path's floor, not a
		// cold start's (connections being opened make the first exchanges slower, never faster).
		if (!this.latencyCredit || this.measured < Math.max(this.policy.limit, WARM_UP)) return 0;
		const sorted = [...this.trips].sort((a, b) => a - b);
		const fastest = sorted[0];
		// How tightly the fastest exchanges cluster (the 10th percentile against the fastest): slow outliers (a busy
		// event loop) only ever make a leg longer, but exchanges that vary near their floor may vary below it too.
		const near = sorted[Math.floor(sorted.length / 10)];
		return Math.max(0, Math.floor(Math.min(fastest * 0.9, fastest - 2 * (near - fastest))));
	}

	/** The vendor refused a call for its rate (a 429): from now on, every place is held answer + interval. */
	refused(): void {
		this.latencyCredit = false;
	}

	private prune(now: number): void {
		for (let i = this.ours.length - 1; i >= 0; i--) if (this.ours[i] <= now) this.ours.splice(i, 1);
		for (let i = this.counted.length - 1; i >= 0; i--) if (this.counted[i] <= now) this.counted.splice(i, 1);
		if (this.foreign.until <= now) this.foreign = { count: 0, until: 0 };
	}

	/** Places taken in the window right now, ours (in flight or answered) and others'. */
	private held(now: number): number {
		this.prune(now);
		return this.ours.length + this.foreign.count;
	}

	/** Places free right now. */
	get available(): number {
		return Math.max(0, this.policy.limit - this.held(this.clock.now()));
	}

	/**
	 * Waits for a place in the window and takes it. With a shared budget (a limit the vendor does not report,
	 * shared across workers), at most the places it grants this process are taken; none granted: wait for its
	 * next window.
	 */
	async acquire(shared?: { places: SharedPlaces; ctx: RequestContext }): Promise<Slot> {
		let waited = 0;
		for (;;) {
			const now = this.clock.now();
			let wait = this.pausedUntil - now;
			if (wait <= 0) {
				let limit = this.policy.limit;
				let changes = Infinity;
				if (shared) {
					const granted = shared.places.placesAt(shared.ctx, now);
					if (granted === undefined) {
						await shared.places.settle(shared.ctx, now);
						waited += this.clock.now() - now;
						continue;
					}
					limit = Math.min(limit, granted);
					changes = shared.places.changesAt(now);
				}
				if (this.held(now) < limit) break;
				// Full: the first place to free up is the earliest entry to leave the window (or the shared grant changes).
				let leaves = this.foreign.count ? this.foreign.until : Infinity;
				for (const t of this.ours) leaves = Math.min(leaves, t);
				if (leaves === Infinity) {
					// Every place is a request in flight: its answer starts its countdown (or the shared grant changes first).
					const answered = new Promise<void>((resolve) => this.waiters.push(resolve));
					await (changes === Infinity ? answered : Promise.race([answered, this.clock.sleep(changes - now)]));
					waited += this.clock.now() - now;
					continue;
				}
				wait = Math.min(leaves, changes) - now;
			}
			await this.clock.sleep(wait);
			waited += wait;
		}
		this.ours.push(Infinity);
		this.counted.push(Infinity);
		const acquiredAt = this.clock.now();
		let released = false;
		return {
			waited,
			release: () => {
				if (released) return;
				released = true;
				const now = this.clock.now();
				// The credit comes from exchanges before this one: this one's own round trip cannot vouch for itself.
				const credit = this.credit();
				this.trips.push(now - acquiredAt);
				if (this.trips.length > RECENT) this.trips.shift();
				this.measured++;
				// In-flight entries are alike (Infinity): whichever one this was, one of them now has its time.
				const i = this.ours.indexOf(Infinity);
				if (i >= 0) this.ours[i] = now + this.policy.intervalMs - Math.min(credit, now - acquiredAt);
				const j = this.counted.indexOf(Infinity);
				if (j >= 0) this.counted[j] = now + this.policy.intervalMs;
				const waiting = this.waiters;
				this.waiters = [];
				for (const wake of waiting) wake();
			},
		};
	}

	/**
	 * Believes the vendor's count: fewer places left than ours alone would leave
	 * means others use the account too (another n8n worker, another app), and their
	 * places count until the vendor's reset, else one whole window from now: when
	 * each of theirs leaves the vendor's window is unknown, and waiting the longest
	 * it can take is what keeps us under the limit. Of what is left, we claim half:
	 * the others read the same count. In a single process the vendor
	 * never counts more of ours than `counted` holds (entries stay until answer +
	 * interval), so no place is taken that is not really taken.
	 */
	observe(hint: RateHint): void {
		const now = this.clock.now();
		if (hint.limit && hint.intervalMs) {
			this.learned = true;
			if (hint.limit !== this.policy.limit || hint.intervalMs !== this.policy.intervalMs) {
				this.policy = { limit: hint.limit, intervalMs: hint.intervalMs };
			}
		}
		this.prune(now);
		const interval = hint.intervalMs ?? this.policy.intervalMs;
		const remaining = Math.max(0, hint.remaining);
		const others = Math.max(0, this.policy.limit - remaining - this.counted.length);
		// Others are active (another n8n worker, another app): they see the same count and may send into it at
		// the same moment, so claim only half of what is left until the vendor's next count; each process
		// doing so keeps the sum under the limit.
		this.foreign = others > 0 ? { count: others + Math.ceil(remaining / 2), until: now + (hint.resetMs ?? interval) } : { count: 0, until: 0 };
		// None left and not all of them ours: nobody sends before the vendor's reset. When the count is all ours,
		// our log knows to the millisecond when a place frees, better than a reset in whole seconds (Pipedrive's).
		if (hint.remaining <= 0 && hint.resetMs && others > 0) this.pause(hint.resetMs);
	}

	/** Nobody sends until `ms` from now (a 429 with Retry-After). */
	pause(ms: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
	}
}

/**
 * Limiters are kept per process, keyed by credential id + host + bucket name, so
 * that concurrent executions using one credential share one budget. This is a
 * cache, not state: losing it (a restart, another worker) only means the next
 * vendor headers re-teach the limiter.
 */
const registry = new Map<string, SlidingWindowLimiter>();

export function limiterFor(key: string, policy: RateLimitPolicy, clock: Clock): SlidingWindowLimiter {
	let limiter = registry.get(key);
	if (!limiter) {
		limiter = new SlidingWindowLimiter(policy, clock);
		registry.set(key, limiter);
	} else if (!limiter.learned && (limiter.policy.limit !== policy.limit || limiter.policy.intervalMs !== policy.intervalMs)) {
		limiter.policy = policy;
	}
	return limiter;
}

/** For tests: forget every limiter. */
export function resetRateLimiters(): void {
	registry.clear();
}
