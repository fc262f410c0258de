/*
 * Properties of the sliding-window limiter (shared/transport/rateLimiter.ts), in
 * its two modes, each against the vendor model it relies on:
 * - worst case (`latencyCredit: false`, the mode after any 429): whatever the call
 *   pattern (concurrent callers, think times, vendor latencies from none to several
 *   windows, the vendor counting a call anywhere between its send and its answer,
 *   the vendor's remaining-count headers fed back), the vendor never sees more
 *   than `limit` of our calls in any rolling window of `intervalMs`;
 * - default (latency credit): the same, when no leg of an exchange (our client
 *   preparing it, the trip to the vendor's counter, the rest until the answer, our
 *   client reading it) is faster than the floor the fastest exchange showed, legs
 *   varying above it (small jitter, and stalls of any length); shown failing the
 *   worst-case model, so it is an assumption and not a proof;
 * - a burst that fits in the window is never paced, and a long job at 100 ms and
 *   500 ms of latency uses at least 95% of the window's rate with the credit
 *   (concurrency following latency), while the worst case cannot pass
 *   limit / (interval + round trip).
 *
 * Time is simulated: the limiter's clock sleeps on a timer queue this test
 * drives, so hundreds of random patterns run in about a second.
 */
import { SlidingWindowLimiter } from '../../../shared/transport/rateLimiter';

/** Small seeded PRNG (mulberry32), so a failing pattern can be replayed by its seed. */
function prng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A clock whose sleeps wait on a queue of timers that `run` fires in time order. */
function simulatedClock() {
	let now = 0;
	const timers: Array<{ at: number; seq: number; resolve: () => void }> = [];
	let seq = 0;
	const clock = {
		now: () => now,
		sleep: (ms: number) =>
			new Promise<void>((resolve) => {
				timers.push({ at: now + Math.max(0, ms), seq: seq++, resolve });
			}),
	};
	const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
	/** Fires timers in order until `done()`; fails on a deadlock (callers left waiting, no timer to fire). */
	async function run(done: () => boolean): Promise<void> {
		for (;;) {
			await settle();
			if (done()) return;
			if (!timers.length) throw new Error('deadlock: callers are waiting and no timer is pending');
			timers.sort((x, y) => x.at - y.at || x.seq - y.seq);
			const next = timers.shift()!;
			now = next.at;
			next.resolve();
		}
	}
	return { clock, run };
}

/** The most arrivals the vendor sees inside any window of `interval` ms, counting (A - interval, A]. */
function busiestWindow(arrivals: number[], interval: number): number {
	const times = [...arrivals].sort((a, b) => a - b);
	let most = 0;
	for (let i = 0, j = 0; i < times.length; i++) {
		while (times[i] - times[j] >= interval) j++;
		most = Math.max(most, i - j + 1);
	}
	return most;
}

interface Pattern {
	limit: number;
	intervalMs: number;
	callers: number[];
	arrivals: number[];
	hints: number;
}

async function simulate(seed: number, options: { stampAtSend?: boolean; latencyCredit?: boolean } = {}): Promise<Pattern> {
	const random = prng(seed);
	const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
	const limit = 1 + Math.floor(random() * 25);
	const intervalMs = pick([100, 1000, 2000, 10_000]);
	const callers = Array.from({ length: 1 + Math.floor(random() * 8) }, () => 1 + Math.floor(random() * 40));
	const latencyScale = pick([0, 0.01, 0.1, 0.5, 2]);
	const headers = random() < 0.5;
	const { clock, run } = simulatedClock();
	const limiter = new SlidingWindowLimiter({ limit, intervalMs }, clock, { latencyCredit: options.latencyCredit ?? false });
	const arrivals: number[] = [];
	let finished = 0;
	let hints = 0;

	const caller = async (calls: number) => {
		for (let c = 0; c < calls; c++) {
			if (random() < 0.3) await clock.sleep(Math.floor(random() * intervalMs));
			const slot = await limiter.acquire();
			// The naive variant frees the place as the call leaves, as if the vendor counted it then.
			if (options.stampAtSend) slot.release();
			const sent = clock.now();
			const latency = Math.floor(random() * latencyScale * intervalMs);
			// The vendor counts the call somewhere between its send and its answer.
			const arrival = sent + Math.floor(random() * (latency + 1));
			arrivals.push(arrival);
			await clock.sleep(latency);
			slot.release();
			if (headers) {
				// What the vendor would report at the arrival: its window's count of our calls.
				const seen = arrivals.filter((a) => a <= arrival && a > arrival - intervalMs).length;
				limiter.observe({ remaining: Math.max(0, limit - seen), limit, intervalMs });
				hints++;
			}
		}
		finished++;
	};
	const running = callers.map((n) => caller(n));
	await run(() => finished === callers.length);
	await Promise.all(running);
	return { limit, intervalMs, callers, arrivals, hints };
}

test('worst case mode: over 300 random call patterns, the vendor never sees more than the limit in any rolling window', async () => {
	let calls = 0;
	let withHints = 0;
	for (let seed = 1; seed <= 300; seed++) {
		const p = await simulate(seed);
		const total = p.callers.reduce((a, b) => a + b, 0);
		expect({ seed, calls: p.arrivals.length }).toEqual({ seed, calls: total });
		expect({ seed, overLimit: busiestWindow(p.arrivals, p.intervalMs) > p.limit }).toEqual({ seed, overLimit: false });
		calls += total;
		if (p.hints) withHints++;
	}
	// The patterns really exercised the limiter: thousands of calls, with and without vendor headers.
	expect(calls).toBeGreaterThan(10_000);
	expect(withHints).toBeGreaterThan(100);
	expect(withHints).toBeLessThan(200);
});

test('a burst that fits in the window is not paced: limit calls at once from many callers, all at time 0', async () => {
	const { clock, run } = simulatedClock();
	const limiter = new SlidingWindowLimiter({ limit: 190, intervalMs: 10_000 }, clock, { latencyCredit: false });
	const sends: number[] = [];
	let done = 0;
	const one = async () => {
		const slot = await limiter.acquire();
		sends.push(clock.now());
		await clock.sleep(50);
		slot.release();
		done++;
	};
	const all = Array.from({ length: 191 }, one);
	await run(() => done === 191);
	await Promise.all(all);
	expect(sends.slice(0, 190).every((t) => t === 0)).toBe(true);
	// The 191st waits until the first answer (at 50 ms) has left the window.
	expect(sends[190]).toBe(10_050);
});

test('the check can fail: a log stamped when calls leave (not when answered) lets a slow vendor see more than the limit', async () => {
	const over: number[] = [];
	for (let seed = 1; seed <= 300; seed++) {
		const p = await simulate(seed, { stampAtSend: true });
		if (busiestWindow(p.arrivals, p.intervalMs) > p.limit) over.push(seed);
	}
	expect(over.length).toBeGreaterThan(10);
});

/**
 * The vendor model the latency credit relies on: each of the four legs of an exchange
 * (prepare, to the counter, rest of the exchange, read) has a floor for the run; a call's
 * leg is its floor plus a small jitter (at most 2.5% of the floors' sum, so the fastest
 * exchange's legs are within the limiter's 10% margin of the floors), and now and then a
 * stall of any length on any leg (a busy event loop, a slow network). The vendor counts
 * the call when it reaches the counter.
 */
async function simulateLegs(seed: number, options: { latencyCredit?: boolean } = {}): Promise<Pattern & { fastest: number }> {
	const random = prng(seed);
	const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
	const limit = 1 + Math.floor(random() * 25);
	const intervalMs = pick([100, 1000, 2000, 10_000]);
	const callers = Array.from({ length: 1 + Math.floor(random() * 8) }, () => 1 + Math.floor(random() * 40));
	const scale = pick([0, 0.01, 0.1, 0.5, 2]);
	const floors = Array.from({ length: 4 }, () => Math.floor(random() * scale * intervalMs * 0.5));
	const floorSum = floors.reduce((a, b) => a + b, 0);
	const headers = random() < 0.5;
	const { clock, run } = simulatedClock();
	const limiter = new SlidingWindowLimiter({ limit, intervalMs }, clock, { latencyCredit: options.latencyCredit ?? true });
	const arrivals: number[] = [];
	let finished = 0;
	let hints = 0;
	let fastest = Infinity;
	const leg = (i: number) => floors[i] + Math.floor(random() * 0.025 * floorSum) + (random() < 0.1 ? Math.floor(random() * 2 * intervalMs) : 0);

	const caller = async (calls: number) => {
		for (let c = 0; c < calls; c++) {
			if (random() < 0.3) await clock.sleep(Math.floor(random() * intervalMs));
			const slot = await limiter.acquire();
			const start = clock.now();
			await clock.sleep(leg(0));
			await clock.sleep(leg(1));
			const arrival = clock.now();
			arrivals.push(arrival);
			await clock.sleep(leg(2));
			await clock.sleep(leg(3));
			fastest = Math.min(fastest, clock.now() - start);
			slot.release();
			if (headers) {
				const seen = arrivals.filter((a) => a <= arrival && a > arrival - intervalMs).length;
				limiter.observe({ remaining: Math.max(0, limit - seen), limit, intervalMs });
				hints++;
			}
		}
		finished++;
	};
	const running = callers.map((n) => caller(n));
	await run(() => finished === callers.length);
	await Promise.all(running);
	return { limit, intervalMs, callers, arrivals, hints, fastest };
}

test('default mode (latency credit): over 300 random patterns where no leg is faster than its floor, the vendor never sees more than the limit in any rolling window', async () => {
	let calls = 0;
	let credited = 0;
	for (let seed = 1; seed <= 300; seed++) {
		const p = await simulateLegs(seed);
		const total = p.callers.reduce((a, b) => a + b, 0);
		expect({ seed, calls: p.arrivals.length }).toEqual({ seed, calls: total });
		expect({ seed, overLimit: busiestWindow(p.arrivals, p.intervalMs) > p.limit }).toEqual({ seed, overLimit: false });
		calls += total;
		if (total > p.limit && p.fastest > 10) credited++;
	}
	// Thousands of calls, and many patterns long enough, and slow enough, for the credit to apply.
	expect(calls).toBeGreaterThan(10_000);
	expect(credited).toBeGreaterThan(100);
});

test('the credit is an assumption: a vendor that counts one call as it answers and the next as it arrives (steady 100 ms round trips) sees more than the limit', async () => {
	const { clock, run } = simulatedClock();
	const limiter = new SlidingWindowLimiter({ limit: 1, intervalMs: 1000 }, clock);
	const counted: number[] = [];
	let done = false;
	const job = (async () => {
		for (let i = 0; i < 40; i++) {
			const slot = await limiter.acquire();
			const sent = clock.now();
			await clock.sleep(100);
			// even calls counted as they are answered, odd ones as they arrive: both within [send, answer]
			counted.push(i % 2 === 0 ? clock.now() : sent);
			slot.release();
		}
		done = true;
	})();
	await run(() => done);
	await job;
	// Before the credit (20 exchanges measured) the worst case holds; after it, two counts fall 910 ms apart.
	expect(busiestWindow(counted.slice(0, 21), 1000)).toBe(1);
	expect(busiestWindow(counted, 1000)).toBe(2);
	// The same vendor against the worst case mode: never two in a window.
	const worst = simulatedClock();
	const safe = new SlidingWindowLimiter({ limit: 1, intervalMs: 1000 }, worst.clock, { latencyCredit: false });
	const counted2: number[] = [];
	let done2 = false;
	const job2 = (async () => {
		for (let i = 0; i < 40; i++) {
			const slot = await safe.acquire();
			const sent = worst.clock.now();
			await worst.clock.sleep(100);
			counted2.push(i % 2 === 0 ? worst.clock.now() : sent);
			slot.release();
		}
		done2 = true;
	})();
	await worst.run(() => done2);
	await job2;
	expect(busiestWindow(counted2, 1000)).toBe(1);
});

/** `calls` calls from `callers` callers, each exchange `latency` ms (half to the counter, half back); when the vendor counted each. */
async function steadyJob(
	limiter: SlidingWindowLimiter,
	clock: ReturnType<typeof simulatedClock>['clock'],
	calls: number,
	callers: number,
	latency: number,
	headers = false,
): Promise<number[]> {
	const arrivals: number[] = [];
	let next = 0;
	const worker = async () => {
		while (next < calls) {
			next++;
			const slot = await limiter.acquire();
			await clock.sleep(latency / 2);
			const arrival = clock.now();
			arrivals.push(arrival);
			await clock.sleep(latency / 2);
			slot.release();
			// Pipedrive's x-ratelimit-remaining: the vendor's count when it took the call. Our own calls it still counts
			// must not be taken for another client's (that would halve what we claim and pause us for its reset).
			if (headers) limiter.observe({ remaining: 20 - arrivals.filter((a) => a <= arrival && a > arrival - 2000).length, limit: 20, intervalMs: 2000, resetMs: 1000 });
		}
	};
	await Promise.all(Array.from({ length: callers }, worker));
	return arrivals;
}

describe('concurrency follows latency: 501 calls at Pipedrive Lite (20 per 2 s) use the window', () => {
	// The least time the window allows for 501 calls: 25 more windows after the first 20 calls.
	const floorMs = Math.floor((501 - 1) / 20) * 2000;
	const share = async (latency: number, callers: number, latencyCredit: boolean, headers = false) => {
		const { clock, run } = simulatedClock();
		const limiter = new SlidingWindowLimiter({ limit: 20, intervalMs: 2000 }, clock, { latencyCredit });
		let arrivals: number[] = [];
		let done = false;
		const job = steadyJob(limiter, clock, 501, callers, latency, headers).then((a) => {
			arrivals = a;
			done = true;
		});
		await run(() => done);
		await job;
		expect(busiestWindow(arrivals, 2000)).toBeLessThanOrEqual(20);
		return floorMs / (Math.max(...arrivals) - Math.min(...arrivals));
	};

	test.each([
		[100, 5],
		[500, 10],
		[500, 5],
	])('%i ms latency, %i in flight at most: at least 95% of the burst rate with the credit, with or without the vendor reporting its count', async (latency, callers) => {
		expect(await share(latency, callers, true)).toBeGreaterThanOrEqual(0.95);
		expect(await share(latency, callers, true, true)).toBeGreaterThanOrEqual(0.95);
	});

	test('worst case mode: the round trip is lost on every turn (100 ms: 2 s / 2.1 s; 500 ms: 2 s / 2.5 s)', async () => {
		expect(await share(100, 5, false)).toBeCloseTo(2000 / 2100, 2);
		expect(await share(500, 10, false)).toBeCloseTo(2000 / 2500, 2);
	});
});

test('a 429 turns the credit off for good: the next places are held answer + interval again', async () => {
	const { clock, run } = simulatedClock();
	const limiter = new SlidingWindowLimiter({ limit: 2, intervalMs: 1000 }, clock);
	const sends: number[] = [];
	let done = false;
	const job = (async () => {
		for (let i = 0; i < 28; i++) {
			if (i === 24) limiter.refused();
			const slot = await limiter.acquire();
			sends.push(clock.now());
			await clock.sleep(100);
			slot.release();
		}
		done = true;
	})();
	await run(() => done);
	await job;
	// The first 20 exchanges only measure: each place frees at its answer + 1000, so two calls go per 1,100 ms.
	expect(sends.slice(0, 22)).toEqual(Array.from({ length: 22 }, (_, i) => Math.floor(i / 2) * 1100 + (i % 2) * 100));
	// From the 21st on, places are credited 90 ms (0.9 x the fastest exchange, 100 ms): they free at answer + 1000 - 90.
	expect(sends[22] - sends[20]).toBe(1100 - 90);
	expect(sends[23] - sends[21]).toBe(1100 - 90);
	// The 429 came before the 25th call: its place (and every later one) frees at its answer + 1000 again.
	expect(sends[26] - sends[24]).toBe(1100);
});
