import type { Clock } from './clock';

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
 * longer one at exactly the window's rate.
 *
 * Each entry is stamped when the request's answer arrives, not when it leaves:
 * the vendor counted it somewhere in between, so an entry kept until
 * answer + interval has certainly left the vendor's window too, whatever the
 * network or a busy event loop did to the send times. Until its answer is in, a
 * request holds its place indefinitely. This is what makes "never more than
 * `limit` in any rolling window at the vendor" hold, not just on our clock
 * (test/unit/shared/rateLimiterProperty.test.ts checks it over random call
 * patterns and latencies).
 *
 * What the vendor's headers report is believed over our own count: requests of
 * other clients on the same account show up as places taken until the window
 * the vendor named has passed; a report of none left, or a 429 with a wait,
 * holds every caller until then.
 */
export class SlidingWindowLimiter {
	/** Our requests in the window: the time each one leaves it (Infinity while it is in flight). */
	private readonly ours: number[] = [];
	/** Places the vendor reports taken by others, and until when. */
	private foreign = { count: 0, until: 0 };
	private pausedUntil = 0;
	/** Callers waiting for an answer to come in (every place held by a request in flight). */
	private waiters: Array<() => void> = [];

	/** Set once the vendor's headers named the real limit; a preset never overrides it afterwards. */
	learned = false;

	constructor(
		public policy: RateLimitPolicy,
		private readonly clock: Clock,
	) {}

	private prune(now: number): void {
		for (let i = this.ours.length - 1; i >= 0; i--) if (this.ours[i] <= now) this.ours.splice(i, 1);
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

	/** Waits for a place in the window and takes it. */
	async acquire(): Promise<Slot> {
		let waited = 0;
		for (;;) {
			const now = this.clock.now();
			let wait = this.pausedUntil - now;
			if (wait <= 0) {
				if (this.held(now) < this.policy.limit) break;
				// Full: the first place to free up is the earliest entry to leave the window.
				let leaves = this.foreign.count ? this.foreign.until : Infinity;
				for (const t of this.ours) leaves = Math.min(leaves, t);
				if (leaves === Infinity) {
					// Every place is a request in flight: its answer starts its countdown.
					const started = now;
					await new Promise<void>((resolve) => this.waiters.push(resolve));
					waited += this.clock.now() - started;
					continue;
				}
				wait = leaves - now;
			}
			await this.clock.sleep(wait);
			waited += wait;
		}
		this.ours.push(Infinity);
		let released = false;
		return {
			waited,
			release: () => {
				if (released) return;
				released = true;
				// In-flight entries are alike (Infinity): whichever one this was, one of them now has its time.
				const i = this.ours.indexOf(Infinity);
				if (i >= 0) this.ours[i] = this.clock.now() + this.policy.intervalMs;
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
	 * never counts more of ours than the log holds (entries stay until answer +
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
		const others = Math.max(0, this.policy.limit - remaining - this.ours.length);
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
