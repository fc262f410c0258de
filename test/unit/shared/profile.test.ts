import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { HUBSPOT_PROFILE, hubspotSettings } from '../../../nodes/HubSpot/transport/hubspotApi';
import { PIPEDRIVE_PROFILE, pipedriveRateHint, pipedriveSettings } from '../../../nodes/Pipedrive/transport/pipedriveApi';
import { SALESFORCE_PROFILE, salesforceSettings } from '../../../nodes/Salesforce/transport/salesforceApi';
import {
	headerRateHint,
	limiterBase,
	profileRequest,
	readCredential,
	transportSettings,
	type TransportProfile,
	type TransportSettings,
} from '../../../shared/transport/profile';
import { limiterFor, resetRateLimiters } from '../../../shared/transport/rateLimiter';
import { newStats } from '../../../shared/transport/request';
import { getHeader } from '../../../shared/transport/retry';
import { fakeClock, fakeContext } from '../../helpers/fakeContext';

/*
 * A CRM's transport is its profile: the shared request wrapper gives it limiters,
 * rate hints, retries, redaction and stats. A made-up CRM ("Acme") that declares
 * only a profile gets all of that.
 */

type AcmeAuth = 'apiKey';
const ACME: TransportProfile<AcmeAuth> = {
	credentials: { apiKey: 'acmeApi' },
	defaultAuth: 'apiKey',
	secretFields: ['apiKey', 'signingKey'],
	baseUrl: (c) => `https://${String(c.subdomain)}.acme.test/api/`,
	rateLimits: { standard: { limit: 50, intervalMs: 60_000 } },
	limiters: (settings) => [{ key: `${limiterBase(settings)}|standard`, policy: { limit: 50, intervalMs: 60_000 } }],
	rateHint: (_s, [spec]) => headerRateHint(spec.key, { remaining: 'ratelimit-remaining', limit: 'ratelimit-limit', resetSeconds: 'ratelimit-reset' }, getHeader),
};

const API = 'https://eu.acme.test';

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
	nock.cleanAll();
	resetRateLimiters();
});
afterAll(() => nock.enableNetConnect());

function acmeContext() {
	return fakeContext({
		credentials: { acmeApi: { apiKey: 'acme-key-123', signingKey: 'acme-signing-456', subdomain: 'eu' } },
		node: { credentials: { acmeApi: { id: 'cred-acme', name: 'Acme' } } },
	});
}

describe('a CRM that declares only a transport profile', () => {
	test('settings: base URL without trailing slash, credential id, the declared secrets', async () => {
		const { ctx } = acmeContext();
		const settings = transportSettings(ctx, ACME, 'apiKey', await readCredential(ctx, ACME, 'apiKey'));
		expect(settings).toEqual({
			auth: 'apiKey',
			baseUrl: 'https://eu.acme.test/api',
			credentialId: 'cred-acme',
			secrets: ['acme-key-123', 'acme-signing-456'],
			retry: undefined,
			stats: undefined,
			clock: undefined,
		});
	});

	test('a call goes to the base URL, feeds the rate headers to its bucket, and its errors carry no secret', async () => {
		const { ctx } = acmeContext();
		const clock = fakeClock();
		const stats = newStats();
		const settings: TransportSettings<AcmeAuth> = transportSettings(ctx, ACME, 'apiKey', await readCredential(ctx, ACME, 'apiKey'), { clock, stats });
		nock(API)
			.get('/api/contacts')
			.query({ q: 'x' })
			.reply(200, { ok: true }, { 'RateLimit-Remaining': '0', 'RateLimit-Limit': '40', 'RateLimit-Reset': '7' })
			.post('/api/contacts')
			.reply(400, { message: 'bad request; signing key acme-signing-456 is not allowed here' });
		const res = await profileRequest<IDataObject, AcmeAuth, TransportSettings<AcmeAuth>>(ctx, ACME, settings, { method: 'GET', path: '/contacts', qs: { q: 'x' } });
		expect(res.body).toEqual({ ok: true });
		const limiter = limiterFor('cred-acme|eu.acme.test/api|standard', { limit: 50, intervalMs: 60_000 }, clock);
		// The vendor said nothing is left and named a 7 s reset: the next call waits for it.
		const slot = await limiter.acquire();
		slot.release();
		expect(slot.waited).toBe(7000);
		const error = (await profileRequest(ctx, ACME, settings, { method: 'POST', path: '/contacts', body: {} }).catch((e: Error) => e)) as Error;
		expect(error.message).toBe('400: bad request; signing key [redacted] is not allowed here');
		expect(stats.calls).toBe(2);
	});
});

describe('the three CRMs declare their profiles', () => {
	test('credential types, default authentication and secret fields', () => {
		expect(HUBSPOT_PROFILE.credentials).toEqual({ privateApp: 'crmPackHubSpotPrivateAppApi', oAuth2: 'crmPackHubSpotOAuth2Api' });
		expect(PIPEDRIVE_PROFILE.credentials).toEqual({ apiToken: 'crmPackPipedriveApi', oAuth2: 'crmPackPipedriveOAuth2Api' });
		expect(SALESFORCE_PROFILE.credentials).toEqual({ oAuth2: 'crmPackSalesforceOAuth2Api', jwt: 'crmPackSalesforceJwtApi' });
		expect([HUBSPOT_PROFILE.defaultAuth, PIPEDRIVE_PROFILE.defaultAuth, SALESFORCE_PROFILE.defaultAuth]).toEqual(['privateApp', 'apiToken', 'oAuth2']);
		expect(SALESFORCE_PROFILE.secretFields).toEqual(expect.arrayContaining(['accessToken', 'privateKey']));
	});

	test('HubSpot: search goes through its own 5/s bucket, everything else through the plan\'s', async () => {
		const { ctx } = fakeContext({ credentials: { crmPackHubSpotPrivateAppApi: { accessToken: 'pat-na1-x', plan: 'pro', baseUrl: 'https://api.hubapi.com/' } } });
		const settings = await hubspotSettings(ctx, 'privateApp');
		expect(HUBSPOT_PROFILE.limiters!(settings, { method: 'POST', path: '/crm/v3/objects/contacts/search' })).toEqual([
			{ key: 'cred-1|api.hubapi.com|search', policy: { limit: 5, intervalMs: 1000 }, unreported: true },
		]);
		expect(HUBSPOT_PROFILE.limiters!(settings, { method: 'GET', path: '/crm/v3/objects/contacts' })).toEqual([
			{ key: 'cred-1|api.hubapi.com|general', policy: { limit: 190, intervalMs: 10_000 } },
		]);
	});

	test('Pipedrive: OAuth2 reaches the company host named in the token (api_domain); burst headers as the vendor counts them', async () => {
		const { ctx } = fakeContext({
			credentials: { crmPackPipedriveOAuth2Api: { plan: 'growth', clientSecret: 'cs-1', oauthTokenData: { access_token: 'at-1', refresh_token: 'rt-1', api_domain: 'https://acme.pipedrive.com' } } },
		});
		const settings = await pipedriveSettings(ctx, 'oAuth2');
		expect(settings).toMatchObject({ baseUrl: 'https://acme.pipedrive.com', burst: 160, concurrency: 25, secrets: ['cs-1', 'at-1', 'rt-1'] });
		const hint = pipedriveRateHint({ key: 'k', policy: { limit: 160, intervalMs: 2000 } })({ 'x-ratelimit-remaining': '30', 'x-ratelimit-limit': '160', 'x-ratelimit-reset': '1.5' });
		expect(hint).toEqual([{ key: 'k', hint: { remaining: 30, limit: 160, intervalMs: 2000, resetMs: 1500 } }]);
	});

	test('Salesforce: the instance from the OAuth2 token is the base URL', async () => {
		const { ctx } = fakeContext({
			credentials: { crmPackSalesforceOAuth2Api: { oauthTokenData: { access_token: '00D000000000001!tok', instance_url: 'https://eu5.my.salesforce.com/' } } },
		});
		const settings = await salesforceSettings(ctx, 'oAuth2');
		expect(settings).toMatchObject({ baseUrl: 'https://eu5.my.salesforce.com', instanceUrl: 'https://eu5.my.salesforce.com', apiVersion: 'v62.0', secrets: ['00D000000000001!tok'] });
	});
});
