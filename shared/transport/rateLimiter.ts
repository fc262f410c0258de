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

/**
 * A token bucket that reserves: a caller takes a token even when none is left and
 * waits for its turn, so concurrent callers queue fairly instead of racing.
 *
 * Vendors count their limits over a rolling window (HubSpot's
 * TEN_SECONDLY_ROLLING, Pipedrive's 2 s window). A bucket holding `limit` tokens
 * and refilling `limit` per window would allow up to twice the limit in one
 * window, and the vendor would answer 429. So the bucket holds a small burst B
 * (10% of the limit, at least 1) and refills at most (limit - B + 1) per window:
 * a window then holds at most B + (limit - B + 1) - 1 = limit requests (the
 * burst, then steady sends one refill apart). The refill is also capped at 90% of
 * the nominal rate, a margin for network jitter moving sends closer together on
 * the vendor's clock. For HubSpot that is 90 per 10 s after a burst of 10, and
 * 4.5 searches per second after one.
 */
export class TokenBucket {
	private tokens: number;
	private updatedAt: number;
	private pausedUntil = 0;

	/** Set once the vendor's headers named the real limit; a preset never overrides it afterwards. */
	learned = false;

	constructor(
		public policy: RateLimitPolicy,
		private readonly clock: Clock,
	) {
		this.tokens = burstOf(policy.limit);
		this.updatedAt = clock.now();
	}

	/** The burst a rolling window tolerates on top of the steady refill. */
	get capacity(): number {
		return burstOf(this.policy.limit);
	}

	private get ratePerMs(): number {
		const { limit, intervalMs } = this.policy;
		return Math.max(1, Math.min(limit - this.capacity + 1, 0.9 * limit)) / intervalMs;
	}

	private refill(now: number): void {
		const elapsed = Math.max(0, now - this.updatedAt);
		this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.ratePerMs);
		this.updatedAt = now;
	}

	/** Reserves one request and returns how long the caller must wait before sending it. */
	reserve(): number {
		const now = this.clock.now();
		this.refill(now);
		this.tokens -= 1;
		const queueWait = this.tokens >= 0 ? 0 : Math.ceil(-this.tokens / this.ratePerMs);
		return Math.max(queueWait, this.pausedUntil - now);
	}

	async acquire(): Promise<number> {
		const wait = this.reserve();
		if (wait > 0) await this.clock.sleep(wait);
		return wait;
	}

	/**
	 * Slows down before the vendor says 429: when its headers report fewer requests
	 * left than we think we have, believe the vendor. When it reports none, hold
	 * everyone until the window has room again.
	 */
	observe(hint: RateHint): void {
		const now = this.clock.now();
		this.refill(now);
		if (hint.limit && hint.intervalMs) {
			this.learned = true;
			if (hint.limit !== this.policy.limit || hint.intervalMs !== this.policy.intervalMs) {
				this.policy = { limit: hint.limit, intervalMs: hint.intervalMs };
			}
		}
		// Keep one request of headroom: other clients of the same account may be active.
		this.tokens = Math.min(this.tokens, hint.remaining - 1);
		if (hint.remaining <= 0) {
			// Nothing left: wait for the reset the vendor named, else for one refill.
			const interval = hint.intervalMs ?? this.policy.intervalMs;
			this.pause(hint.resetMs ?? Math.ceil(interval / this.policy.limit));
		}
	}

	/** Nobody sends until `ms` from now (a 429 with Retry-After). */
	pause(ms: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
	}

	get available(): number {
		this.refill(this.clock.now());
		return this.tokens;
	}
}

export function burstOf(limit: number): number {
	return Math.max(1, Math.floor(limit / 10));
}

/**
 * Buckets are kept per process, keyed by credential id + host + bucket name, so
 * that concurrent executions using one credential share one budget. This is a
 * cache, not state: losing it (a restart, another worker) only means the next
 * vendor headers re-teach the limiter.
 */
const registry = new Map<string, TokenBucket>();

export function bucketFor(key: string, policy: RateLimitPolicy, clock: Clock): TokenBucket {
	let bucket = registry.get(key);
	if (!bucket) {
		bucket = new TokenBucket(policy, clock);
		registry.set(key, bucket);
	} else if (!bucket.learned && (bucket.policy.limit !== policy.limit || bucket.policy.intervalMs !== policy.intervalMs)) {
		bucket.policy = policy;
	}
	return bucket;
}

/** For tests: forget every bucket. */
export function resetRateLimiters(): void {
	registry.clear();
}
