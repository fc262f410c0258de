/*
 * Property: whatever the call pattern (concurrent callers, think times, vendor
 * latencies from none to several windows, the vendor counting a call anywhere
 * between its send and its answer, the vendor's remaining-count headers fed
 * back), the vendor never sees more than `limit` of our calls in any rolling
 * window of `intervalMs`. And the limiter wastes no budget: a burst that fits in
 * the window is never paced.
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

async function simulate(seed: number, options: { stampAtSend?: boolean } = {}): Promise<Pattern> {
	const random = prng(seed);
	const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
	const limit = 1 + Math.floor(random() * 25);
	const intervalMs = pick([100, 1000, 2000, 10_000]);
	const callers = Array.from({ length: 1 + Math.floor(random() * 8) }, () => 1 + Math.floor(random() * 40));
	const latencyScale = pick([0, 0.01, 0.1, 0.5, 2]);
	const headers = random() < 0.5;
	const { clock, run } = simulatedClock();
	const limiter = new SlidingWindowLimiter({ limit, intervalMs }, clock);
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

test('over 300 random call patterns, the vendor never sees more than the limit in any rolling window', async () => {
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
	const limiter = new SlidingWindowLimiter({ limit: 190, intervalMs: 10_000 }, clock);
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
