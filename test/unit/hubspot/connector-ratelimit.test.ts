import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { HubSpotConnector } from '../../../nodes/HubSpot/connector/HubSpotConnector';
import { HUBSPOT_LIMITS, hubspotSettings } from '../../../nodes/HubSpot/transport/hubspotApi';
import { collect } from '../../../shared/paging/paginate';
import { newStats } from '../../../shared/transport/request';
import { resetRateLimiters } from '../../../shared/transport/rateLimiter';
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

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
	nock.cleanAll();
	resetRateLimiters();
});
afterAll(() => {
	nock.cleanAll();
	nock.enableNetConnect();
});

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

describe('plan presets', () => {
	test("starter: 100 requests go out at once, the 101st waits for a token (100 per 10 s = one per 100 ms)", async () => {
		const { connector, clock, stats } = await setup('starter');
		const scope = nock(API).get('/crm/v3/objects/contacts/1').times(101).reply(200, record);
		await getMany(connector, 101);
		expect(clock.waits).toEqual([100]);
		expect(stats.calls).toBe(101);
		expect(scope.isDone()).toBe(true);
	});

	test('pro: 101 quick requests do not wait; the 191st waits ceil(10000/190) ms', async () => {
		const { connector, clock } = await setup('pro');
		const scope = nock(API).get('/crm/v3/objects/contacts/1').times(191).reply(200, record);
		await getMany(connector, 101);
		expect(clock.waits).toEqual([]);
		await getMany(connector, 90);
		expect(clock.waits).toEqual([53]);
		expect(scope.isDone()).toBe(true);
	});

	test('an unknown plan falls back to the starter preset', async () => {
		const { connector, clock } = await setup('');
		const scope = nock(API).get('/crm/v3/objects/contacts/1').times(101).reply(200, record);
		await getMany(connector, 101);
		expect(clock.waits).toEqual([100]);
		expect(scope.isDone()).toBe(true);
	});

	test('budgets are per credential: another credential does not wait for this one', async () => {
		const clock = fakeClock();
		const a = await setup('starter', { clock });
		const b = await setup('starter', { clock, credentialId: 'cred-2' });
		const scope = nock(API).get('/crm/v3/objects/contacts/1').times(101).reply(200, record);
		await getMany(a.connector, 100);
		await getMany(b.connector, 1);
		expect(clock.waits).toEqual([]);
		expect(scope.isDone()).toBe(true);
	});

	test('search has its own 5-per-second budget and does not spend the general one', async () => {
		const { connector, clock } = await setup('starter');
		const scope = nock(API)
			.get('/crm/v3/objects/contacts/1')
			.times(100)
			.reply(200, record)
			.post('/crm/v3/objects/contacts/search')
			.times(5)
			.reply(200, { total: 0, results: [] });
		await getMany(connector, 100);
		for (let i = 0; i < 5; i++) await collect(connector.search('contacts', {}));
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
		// Believing HubSpot (0 left) and keeping one request of headroom puts the bucket two
		// tokens short: 2 tokens at 100 per 10 s = 200 ms.
		expect(clock.waits).toEqual([200]);
		expect(scope.isDone()).toBe(true);
	});

	test('a lower Remaining than our own count shrinks the budget', async () => {
		const { connector, clock } = await setup('starter');
		const scope = nock(API)
			.get('/crm/v3/objects/contacts/1')
			.reply(200, record, headers(50) as Record<string, string>)
			.get('/crm/v3/objects/contacts/1')
			.times(50)
			.reply(200, record);
		await getMany(connector, 1);
		// 49 more go at once (one request of headroom is kept); the 50th waits.
		await getMany(connector, 49);
		expect(clock.waits).toEqual([]);
		await getMany(connector, 1);
		expect(clock.waits).toEqual([100]);
		expect(scope.isDone()).toBe(true);
	});

	/*
	 * observe() adopts HubSpot's reported Max, and bucketFor() must not put the plan
	 * preset back afterwards: with Max 190 the 101st quick request waits
	 * ceil(10000/190) = 53 ms, not the starter preset's 100 ms.
	 */
	test('a larger Max reported on every response (e.g. the API limit increase add-on) raises the budget', async () => {
		const { connector, clock } = await setup('starter');
		let remaining = 190;
		const scope = nock(API)
			.get('/crm/v3/objects/contacts/1')
			.times(101)
			.reply(() => {
				remaining--;
				return [
					200,
					record,
					{
						'X-HubSpot-RateLimit-Max': '190',
						'X-HubSpot-RateLimit-Remaining': String(remaining),
						'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
					},
				];
			});
		await getMany(connector, 101);
		expect(scope.isDone()).toBe(true);
		expect(clock.waits).toEqual([53]);
	});
});
