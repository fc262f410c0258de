/**
 * Shared rate budgets across workers for limits a vendor does not report (issue 18; shared/store/rateBudget.ts):
 * the claim arithmetic, claims racing through the sandbox's n8n Data Tables API over HTTP, a claimer granted
 * nothing waiting for a later window, and a failed n8n API degrading to the process's own limiter with a warning.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';
import { startSandbox, type Sandbox } from '../../sandbox';
import { fairWant, grantClaims, RATE_BUDGET_TABLE, resetRateBudgets, SharedRateBudget, sharedRateBudgets, type ClaimRow } from '../../../shared/store/rateBudget';
import { SlidingWindowLimiter, resetRateLimiters } from '../../../shared/transport/rateLimiter';
import { crmRequest } from '../../../shared/transport/request';
import { profileRequest } from '../../../shared/transport/profile';
import { HUBSPOT_PROFILE, type HubSpotSettings } from '../../../nodes/HubSpot/transport/hubspotApi';
import type { Clock } from '../../../shared/transport/clock';
import { sandboxN8nContext } from './sandboxN8nContext';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ port: 0, seed: 18 });
});
afterAll(async () => await sb.close());
beforeEach(() => {
	sb.n8n.reset();
	resetRateBudgets();
	resetRateLimiters();
});

/** A clock whose sleeps pass at once (the n8n API calls are real HTTP). */
function fakeClock(start: number): Clock & { t: number } {
	const clock = {
		t: start,
		now: () => clock.t,
		sleep: async (ms: number) => {
			clock.t += Math.max(0, ms);
			await Promise.resolve();
		},
	};
	return clock;
}

/** A small deterministic generator, so a failing pattern can be replayed. */
function rng(seed: number) {
	let s = seed >>> 0;
	return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('claim arithmetic', () => {
	it('grants rows in id order: min(want, limit - grants of lower rows of the window), nothing below 0', () => {
		const rows: ClaimRow[] = [
			{ id: 7, windowStart: 0, want: 3, holder: 'c' },
			{ id: 2, windowStart: 0, want: 3, holder: 'a' },
			{ id: 5, windowStart: 0, want: 3, holder: 'b' },
			{ id: 6, windowStart: 3000, want: 4, holder: 'b' },
		];
		expect(Object.fromEntries(grantClaims(rows, 5))).toEqual({ 2: 3, 5: 2, 6: 4, 7: 0 });
	});

	it('a row granted nothing blocks nobody (grants are summed, not wants)', () => {
		const rows: ClaimRow[] = [
			{ id: 1, windowStart: 0, want: 5, holder: 'a' },
			{ id: 2, windowStart: 0, want: 5, holder: 'b' },
			{ id: 3, windowStart: 3000, want: 5, holder: 'b' },
		];
		expect(Object.fromEntries(grantClaims(rows, 5))).toEqual({ 1: 5, 2: 0, 3: 5 });
	});

	it('under any interleaving of claimers, the grants of a window never sum above the limit and never exceed a want', () => {
		const random = rng(18);
		for (let pattern = 0; pattern < 500; pattern++) {
			const limit = 1 + Math.floor(random() * 10);
			const rows: ClaimRow[] = Array.from({ length: 1 + Math.floor(random() * 12) }, (_, i) => ({
				id: i + 1,
				windowStart: 3000 * Math.floor(random() * 3),
				want: Math.floor(random() * (limit + 3)),
				holder: `h${Math.floor(random() * 4)}`,
			}));
			// The order the rows reach the computation must not matter: ids decide.
			const shuffled = [...rows].sort(() => random() - 0.5);
			const granted = grantClaims(shuffled, limit);
			expect(granted).toEqual(grantClaims(rows, limit));
			const perWindow = new Map<number, number>();
			for (const row of rows) {
				const g = granted.get(row.id)!;
				expect(g).toBeGreaterThanOrEqual(0);
				expect(g).toBeLessThanOrEqual(row.want);
				perWindow.set(row.windowStart, (perWindow.get(row.windowStart) ?? 0) + g);
			}
			for (const sum of perWindow.values()) expect(sum).toBeLessThanOrEqual(limit);
			// Nothing left unused while someone asked for more: a window's sum is the limit or every want is met.
			for (const [w, sum] of perWindow) {
				const wants = rows.filter((r) => r.windowStart === w).reduce((n, r) => n + r.want, 0);
				expect(sum).toBe(Math.min(limit, wants));
			}
		}
	});

	it('asks for the limit shared by the holders seen lately, itself included', () => {
		const seen: ClaimRow[] = [
			{ id: 1, windowStart: 0, want: 5, holder: 'a' },
			{ id: 2, windowStart: 0, want: 0, holder: 'b' },
		];
		expect(fairWant([], 'me', 5)).toBe(5);
		expect(fairWant(seen, 'me', 5)).toBe(3);
		expect(fairWant(seen, 'a', 5)).toBe(5);
	});
});

describe('claims through the n8n Data Tables API', () => {
	const search = { key: 'cred1|api.hubapi.com|search', limit: 5, intervalMs: 1000 };

	it('six processes claiming one window at once are granted at most the limit in all, as the table rows say', async () => {
		const clock = fakeClock(1_800_000_000_000);
		const budgets = Array.from({ length: 6 }, (_, i) => new SharedRateBudget({ ...search, clock, holder: `worker-${i}` }));
		const api = sandboxN8nContext(sb);
		await Promise.all(budgets.map((b) => b.settle(api.ctx, clock.t)));
		const granted = budgets.map((b) => b.placesAt(api.ctx, clock.t));
		expect(granted.every((g) => typeof g === 'number')).toBe(true);
		expect(granted.reduce((n: number, g) => n + g!, 0)).toBe(5);
		// Each row the table holds, granted in id order, gives the same answer every process computed for itself.
		const rows = (sb.n8n.rows(RATE_BUDGET_TABLE) ?? []).map((r) => ({ id: Number(r.id), windowStart: Number(r.windowStart), want: Number(r.want), holder: String(r.holder) }));
		const window = budgets[0].windowOf(clock.t);
		expect(rows.filter((r) => r.windowStart === window)).toHaveLength(6);
		const byRow = grantClaims(rows, 5);
		for (const [i, b] of budgets.entries()) {
			const own = rows.find((r) => r.holder === b.holder && r.windowStart === window)!;
			expect(granted[i]).toBe(byRow.get(own.id));
		}
		// One claim inserts the window and the next one in one call, then lists: 2 calls per claim after the table exists.
		expect(budgets.every((b) => b.counts.claims === 1 && b.counts.failures === 0)).toBe(true);
	});

	it('a claimer granted nothing waits for a later window, then takes its share', async () => {
		const start = 1_800_000_000_000;
		const clock = fakeClock(start);
		const api = sandboxN8nContext(sb);
		const first = new SharedRateBudget({ ...search, clock, holder: 'first' });
		const second = new SharedRateBudget({ ...search, clock, holder: 'second' });
		await first.settle(api.ctx, clock.t);
		expect(first.placesAt(api.ctx, clock.t)).toBe(5);
		const limiter = new SlidingWindowLimiter({ limit: 5, intervalMs: 1000 }, clock);
		const slot = await limiter.acquire({ places: second, ctx: api.ctx });
		slot.release();
		// "first" holds the whole limit in this window and the next (claimed ahead), "second" gets its share in the one after.
		const window = first.windowOf(start);
		expect(clock.t).toBe(window + 2 * first.spanMs);
		expect(second.placesAt(api.ctx, clock.t)).toBe(3);
		expect(second.counts.waitedWindows).toBe(2);
	});

	it('a failed n8n API call degrades to the local limiter with a warning; the vendor call is made and succeeds', async () => {
		const warnings: string[] = [];
		const sent: string[] = [];
		const ctx = {
			getNode: () => ({ id: 'n1', name: 'HubSpot', type: 'n8n-nodes-crm-pack.crmPackHubSpot', typeVersion: 1, position: [0, 0], parameters: {} }),
			getCredentials: async () => ({ apiKey: 'n8n-api-key-123', baseUrl: 'http://n8n.invalid:5678' }),
			logger: { warn: (m: string) => warnings.push(m) },
			helpers: {
				httpRequestWithAuthentication: async (_type: string, opts: IHttpRequestOptions) => {
					sent.push(`${opts.method} ${opts.url}`);
					if (opts.url.startsWith('http://n8n.invalid')) return { statusCode: 403, headers: {}, body: { message: 'Forbidden' } };
					return { statusCode: 200, headers: {}, body: { results: [] } };
				},
			},
		};
		const clock = fakeClock(1_800_000_000_000);
		const factory = sharedRateBudgets(clock);
		const policy = { limit: 5, intervalMs: 1000 };
		const response = await crmRequest.call(ctx as never, {
			credentialType: 'crmPackHubSpotPrivateAppApi',
			method: 'POST',
			url: 'https://api.hubapi.com/crm/v3/objects/contacts/search',
			body: {},
			limiters: [{ key: search.key, policy, shared: factory({ key: search.key, policy }) }],
			clock,
		});
		expect(response.statusCode).toBe(200);
		// The table is looked for, then (its creation failing) once more, and the claim tried a second time.
		expect(sent).toEqual([
			'GET http://n8n.invalid:5678/api/v1/data-tables',
			'GET http://n8n.invalid:5678/api/v1/data-tables',
			'GET http://n8n.invalid:5678/api/v1/data-tables',
			'GET http://n8n.invalid:5678/api/v1/data-tables',
			'POST https://api.hubapi.com/crm/v3/objects/contacts/search',
		]);
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toMatch(/shared rate budget for cred1\|api.hubapi.com\|search could not be claimed.*own limiter alone for 30 s/);
		// The fallback lasts 30 s: no claim per call meanwhile, the whole limit is this process's.
		const budget = factory({ key: search.key, policy })!;
		expect(budget.placesAt(ctx as never, clock.t)).toBe(5);
		await crmRequest.call(ctx as never, { credentialType: 'x', method: 'POST', url: 'https://api.hubapi.com/crm/v3/objects/contacts/search', body: {}, limiters: [{ key: search.key, policy, shared: budget }], clock });
		expect(sent.filter((s) => s.includes('n8n.invalid'))).toHaveLength(4);
	});
});

describe('which limits are shared', () => {
	it("HubSpot's search limit (unreported) is shared when the node's settings carry a budget; the 10-second limit (reported) is not", async () => {
		const asked: string[] = [];
		const settings: HubSpotSettings = {
			auth: 'privateApp',
			baseUrl: 'https://api.hubapi.com',
			credentialId: 'cred1',
			secrets: [],
			plan: 'pro',
			sharedBudget: ({ key }) => {
				asked.push(key);
				return undefined;
			},
		};
		const ctx = {
			getNode: () => ({ id: 'n1', name: 'HubSpot', type: 't', typeVersion: 1, position: [0, 0], parameters: {} }),
			getCredentials: async () => ({}),
			helpers: { httpRequestWithAuthentication: async () => ({ statusCode: 200, headers: {}, body: {} }) },
		};
		await profileRequest(ctx as never, HUBSPOT_PROFILE, settings, { method: 'POST', path: '/crm/v3/objects/contacts/search', body: {} });
		await profileRequest(ctx as never, HUBSPOT_PROFILE, settings, { method: 'GET', path: '/crm/v3/objects/contacts' });
		expect(asked).toEqual(['cred1|api.hubapi.com|search']);
	});
});
