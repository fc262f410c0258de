import nock from 'nock';
import { isolateNock } from '../../helpers/nockIsolation';
import type { IDataObject } from 'n8n-workflow';
import { HubSpotConnector } from '../../../nodes/HubSpot/connector/HubSpotConnector';
import { HUBSPOT_LIMITS, hubspotSettings } from '../../../nodes/HubSpot/transport/hubspotApi';
import { collect } from '../../../shared/paging/paginate';
import { newStats } from '../../../shared/transport/request';
import { fakeClock, fakeContext } from '../../helpers/fakeContext';

/*
 * HubSpot's private-app limits: 100 requests per 10 s on Free/Starter, 190 per 10 s on
 * Professional/Enterprise; search 5 per second. Non-search responses carry
 * X-HubSpot-RateLimit-Max / -Remaining / -Interval-Milliseconds.
 */

const API = 'https://api.hubapi.com';
const TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';

type Clock = ReturnType<typeof fakeClock>;

async function setup(plan: string, options: { clock?: Clock; credentialId?: string } = {}) {
	const { ctx } = fakeContext({
		credentials: { crmPackHubSpotPrivateAppApi: { accessToken: TOKEN, plan, baseUrl: 'https://api.hubapi.com/' } },
		node: options.credentialId ? { credentials: { crmPackHubSpotPrivateAppApi: { id: options.credentialId, name: 'other' } } } : undefined,
	});
	const clock = options.clock ?? fakeClock();
	const stats = newStats();
	const settings = await hubspotSettings(ctx, 'privateApp', { clock, stats });
	return { connector: new HubSpotConnector(ctx, settings), clock, stats, settings };
}

const record = { id: '1', properties: {} };

async function getMany(connector: HubSpotConnector, n: number) {
	for (let i = 0; i < n; i++) await connector.get('contacts', '1');
}

isolateNock();

describe('settings', () => {
	test('reads plan, base URL (trailing slash removed), credential id and the secrets to redact', async () => {
		const { settings } = await setup('pro');
		expect(settings).toEqual({
			auth: 'privateApp',
			baseUrl: 'https://api.hubapi.com',
			plan: 'pro',
			credentialId: 'cred-1',
			secrets: [TOKEN],
			clock: settings.clock,
			stats: { calls: 0, retries: 0, waitedMs: 0 },
		});
		expect(HUBSPOT_LIMITS.starter).toEqual({ limit: 100, intervalMs: 10_000 });
		expect(HUBSPOT_LIMITS.pro).toEqual({ limit: 190, intervalMs: 10_000 });
		expect(HUBSPOT_LIMITS.search).toEqual({ limit: 5, intervalMs: 1_000 });
	});

	test('OAuth2 uses the public-app preset and redacts the OAuth tokens', async () => {
		const { ctx } = fakeContext({
			credentials: {
				crmPackHubSpotOAuth2Api: { clientSecret: 'shh-client-secret', oauthTokenData: { access_token: 'oauth-access-1', refresh_token: 'oauth-refresh-1' } },
			},
		});
		const settings = await hubspotSettings(ctx, 'oAuth2');
		expect(settings.plan).toBe('oauth');
		expect(settings.secrets).toEqual(['shh-client-secret', 'oauth-access-1', 'oauth-refresh-1']);
	});
});

/** Send times of the requests a nock scope answered, read from the fake clock. */
function sendTimes(clock: Clock, n: number, body: IDataObject = record, headers?: () => Record<string, string>) {
	const times: number[] = [];
	const scope = nock(API)
		.get('/crm/v3/objects/contacts/1')
		.times(n)
		.reply(() => {
			times.push(clock.now());
			return [200, body, headers?.() ?? {}];
		});
	return { times, scope };
}

/** The most requests inside any window of `interval` ms. */
function busiestWindow(times: number[], interval = 10_000): number {
	let most = 0;
	for (let i = 0, j = 0; i < times.length; i++) {
		while (times[i] - times[j] >= interval) j++;
		most = Math.max(most, i - j + 1);
	}
	return most;
}

describe('plan presets', () => {
	test('starter: 100 at once, the next 100 when the first have left the rolling 10 s; never more than 100 in any 10 s', async () => {
		const { connector, clock, stats } = await setup('starter');
		const { times, scope } = sendTimes(clock, 250);
		await getMany(connector, 250);
		expect(times.slice(0, 100).every((t) => t === times[0])).toBe(true);
		expect(times[100] - times[0]).toBe(10_000);
		expect(times[249] - times[0]).toBe(20_000);
		expect(busiestWindow(times)).toBe(100);
		expect(stats.calls).toBe(250);
		expect(scope.isDone()).toBe(true);
	});

	test('pro: 190 at once; never more than 190 in any rolling 10 s', async () => {
		const { connector, clock } = await setup('pro');
		const { times, scope } = sendTimes(clock, 400);
		await getMany(connector, 400);
		expect(times.slice(0, 190).every((t) => t === times[0])).toBe(true);
		expect(times[190] - times[0]).toBe(10_000);
		expect(busiestWindow(times)).toBe(190);
		expect(scope.isDone()).toBe(true);
	});

	test('an unknown plan falls back to the starter preset', async () => {
		const { connector, clock } = await setup('');
		const { times, scope } = sendTimes(clock, 101);
		await getMany(connector, 101);
		expect(times[99]).toBe(times[0]);
		expect(times[100] - times[0]).toBe(10_000);
		expect(scope.isDone()).toBe(true);
	});

	test('budgets are per credential: another credential does not wait for this one', async () => {
		const clock = fakeClock();
		const a = await setup('starter', { clock });
		const b = await setup('starter', { clock, credentialId: 'cred-2' });
		const scope = nock(API).get('/crm/v3/objects/contacts/1').times(20).reply(200, record);
		await getMany(a.connector, 10);
		await getMany(b.connector, 10);
		expect(clock.waits).toEqual([]);
		expect(scope.isDone()).toBe(true);
	});

	test('search has its own budget and does not spend the general one', async () => {
		const { connector, clock } = await setup('starter');
		const scope = nock(API)
			.get('/crm/v3/objects/contacts/1')
			.times(10)
			.reply(200, record)
			.post('/crm/v3/objects/contacts/search')
			.reply(200, { total: 0, results: [] });
		await getMany(connector, 10);
		await collect(connector.search('contacts', {}));
		expect(clock.waits).toEqual([]);
		expect(scope.isDone()).toBe(true);
	});
});

describe("HubSpot's rate-limit headers", () => {
	const headers = (remaining: number): IDataObject => ({
		'X-HubSpot-RateLimit-Max': '100',
		'X-HubSpot-RateLimit-Remaining': String(remaining),
		'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
	});

	test('Remaining: 0 makes the next request wait, before HubSpot answers 429', async () => {
		const { connector, clock } = await setup('starter');
		const scope = nock(API)
			.get('/crm/v3/objects/contacts/1')
			.reply(200, record, headers(0) as Record<string, string>)
			.get('/crm/v3/objects/contacts/1')
			.reply(200, record, headers(99) as Record<string, string>);
		await connector.get('contacts', '1');
		expect(clock.waits).toEqual([]);
		await connector.get('contacts', '1');
		// HubSpot counts 100 in its window and we sent one: 99 are others', held for a whole window
		// (when each of theirs leaves HubSpot's rolling window is unknown).
		expect(clock.waits).toEqual([10_000]);
		expect(scope.isDone()).toBe(true);
	});

	test('a lower Remaining than our own count shrinks the budget', async () => {
		const { connector, clock } = await setup('starter');
		const scope = nock(API)
			.get('/crm/v3/objects/contacts/1')
			.reply(200, record, headers(5) as Record<string, string>)
			.get('/crm/v3/objects/contacts/1')
			.times(3)
			.reply(200, record);
		await getMany(connector, 1);
		// 5 left, shared with whoever else spent the other 94: we claim 2 at once; the next waits for the window.
		await getMany(connector, 2);
		expect(clock.waits).toEqual([]);
		await getMany(connector, 1);
		expect(clock.waits).toEqual([10_000]);
		expect(scope.isDone()).toBe(true);
	});

	/*
	 * observe() adopts HubSpot's reported Max, and limiterFor() must not put the plan
	 * preset back afterwards: with Max 190, 190 go in the window, not the starter's 100.
	 */
	test('a larger Max reported on every response (e.g. the API limit increase add-on) raises the budget', async () => {
		const { connector, clock } = await setup('starter');
		let remaining = 190;
		const { times, scope } = sendTimes(clock, 191, record, () => {
			remaining--;
			return {
				'X-HubSpot-RateLimit-Max': '190',
				'X-HubSpot-RateLimit-Remaining': String(remaining),
				'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
			};
		});
		await getMany(connector, 191);
		expect(scope.isDone()).toBe(true);
		expect(times[189]).toBe(times[0]);
		expect(times[190] - times[0]).toBe(10_000);
	});
});
