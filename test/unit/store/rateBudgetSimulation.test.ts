/**
 * Shared rate budgets, end to end in simulated time (issue 18; shared/store/rateBudget.ts with the
 * limiter of shared/transport/rateLimiter.ts): several processes ("workers") with their own limiter and
 * budget, each with a clock a little off, claim through the sandbox's n8n Data Tables API (its handler
 * in process, every call taking a random simulated time, so claims interleave in many orders) and send
 * calls to a vendor that counts each call at a random point between send and answer (the limiter's
 * worst-case model) within a rolling one-second window. Workers arrive late and leave early.
 * Checked: the vendor never counts more than the limit in any rolling second; every call is made; the
 * workers together use most of the limit while they all want it.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';
import * as path from 'node:path';
import { resetRateBudgets, SharedRateBudget } from '../../../shared/store/rateBudget';
import { SlidingWindowLimiter } from '../../../shared/transport/rateLimiter';
import type { Clock } from '../../../shared/transport/clock';

/* eslint-disable-next-line @typescript-eslint/no-require-imports */
const { createVendor } = require(path.join(__dirname, '..', '..', 'sandbox', 'n8n', 'index.js'));

/** Simulated time: sleepers wake in time order once everything else has settled. */
class SimTime {
	t = 1_800_000_000_000;
	private timers: Array<{ at: number; seq: number; wake: () => void }> = [];
	private seq = 0;
	sleep = (ms: number) => new Promise<void>((wake) => this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, wake }));
	/** Runs until `done()`, advancing to the next timer whenever nothing else can happen. */
	async run(done: () => boolean): Promise<void> {
		for (let steps = 0; steps < 2_000_000; steps++) {
			for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
			if (done()) return;
			this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
			const next = this.timers.shift();
			if (!next) throw new Error('nothing left to wait for, but not done');
			this.t = Math.max(this.t, next.at);
			next.wake();
		}
		throw new Error('simulation did not end');
	}
}

/** mulberry32: small seeds give well-spread first values. */
function rng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
	};
}

/** A node context whose n8n API calls go to the sandbox's n8n handler in this process, each taking a random simulated time. */
const warnings: string[] = [];

function n8nContext(sim: SimTime, vendor: { handle(ctx: unknown): { status: number; body: unknown } }, random: () => number) {
	return {
		getNode: () => ({ id: 'n1', name: 'HubSpot', type: 't', typeVersion: 1, position: [0, 0], parameters: {} }),
		getCredentials: async () => ({ apiKey: 'sim-key', baseUrl: 'http://n8n.sim/api/v1' }),
		logger: { warn: (m: string) => warnings.push(m) },
		helpers: {
			httpRequestWithAuthentication: async (_type: string, opts: IHttpRequestOptions) => {
				// The request travels, n8n handles it at one instant, the answer travels back.
				await sim.sleep(5 + random() * 150);
				const url = new URL(opts.url);
				const query: Record<string, string> = {};
				for (const [k, v] of Object.entries(opts.qs ?? {})) query[k] = String(v);
				const out = vendor.handle({
					method: opts.method,
					path: url.pathname,
					query,
					headers: { 'x-n8n-api-key': 'sim-key' },
					body: opts.body === undefined ? undefined : JSON.parse(JSON.stringify(opts.body)),
				});
				await sim.sleep(5 + random() * 150);
				return { statusCode: out.status, headers: {}, body: JSON.parse(JSON.stringify(out.body ?? null)) };
			},
		},
	};
}

const LIMIT = 5;
const INTERVAL = 1000;

async function simulate(seed: number) {
	const random = rng(seed);
	const sim = new SimTime();
	// A new n8n each time: forget the table this process found in the last one.
	resetRateBudgets();
	const vendor = createVendor({ seed, baseUrl: () => 'http://n8n.sim' });
	vendor.api.keys.push('sim-key');
	const counted: number[] = [];
	let made = 0;
	let wanted = 0;
	const start = sim.t;
	const workers = Array.from({ length: 2 + Math.floor(random() * 3) }, (_, w) => {
		// Clocks off by up to 100 ms either way; a call reaches the vendor's counter within 250 ms (the budget's
		// assumption: clock difference plus that time under half an interval).
		const skew = Math.round((random() - 0.5) * 200);
		const clock: Clock = { now: () => sim.t + skew, sleep: sim.sleep };
		const budget = new SharedRateBudget({ key: 'cred|api.hubapi.com|search', limit: LIMIT, intervalMs: INTERVAL, clock, holder: `w${w}` });
		const limiter = new SlidingWindowLimiter({ limit: LIMIT, intervalMs: INTERVAL }, clock, { latencyCredit: false });
		const ctx = n8nContext(sim, vendor, random) as never;
		const arrives = Math.floor(random() * 8000);
		const calls = 20 + Math.floor(random() * 40);
		const inFlight = 1 + Math.floor(random() * 5);
		wanted += calls;
		return { budget, limiter, ctx, arrives, calls, inFlight };
	});
	let running = 0;
	for (const w of workers) {
		running++;
		void (async () => {
			await sim.sleep(w.arrives);
			let left = w.calls;
			await Promise.all(
				Array.from({ length: w.inFlight }, async () => {
					while (left > 0) {
						left--;
						const slot = await w.limiter.acquire({ places: w.budget, ctx: w.ctx });
						const send = sim.t;
						const answer = send + 20 + random() * 230;
						counted.push(send + random() * (answer - send));
						await sim.sleep(answer - send);
						slot.release();
						made++;
					}
				}),
			);
			running--;
		})();
	}
	await sim.run(() => running === 0);
	const sorted = [...counted].sort((a, b) => a - b);
	let busiest = 0;
	for (let i = 0, j = 0; i < sorted.length; i++) {
		while (sorted[i] - sorted[j] >= INTERVAL) j++;
		busiest = Math.max(busiest, i - j + 1);
	}
	return { busiest, made, wanted, seconds: (sim.t - start) / 1000, workers: workers.length, claims: workers.reduce((n, w) => n + w.budget.counts.claims, 0), failures: workers.reduce((n, w) => n + w.budget.counts.failures, 0) };
}

describe('shared rate budget, simulated workers', () => {
	it('never lets the vendor count more than the limit in any rolling interval, whatever the interleaving of claims and calls', async () => {
		for (let seed = 1; seed <= 12; seed++) {
			const r = await simulate(seed);
			if (r.failures) process.stdout.write(warnings.join('\n') + '\n');
			expect({ seed, overLimit: r.busiest > LIMIT, made: r.made, failures: r.failures }).toEqual({ seed, overLimit: false, made: r.wanted, failures: 0 });
			// Not idle: the calls take at most a few windows more than the limit's floor plus the latest arrival (8 s).
			expect(r.seconds).toBeLessThan(8 + r.wanted / LIMIT + 12);
		}
	});
});
