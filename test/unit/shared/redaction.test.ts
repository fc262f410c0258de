import { generateKeyPairSync } from 'node:crypto';
import axios from 'axios';
import nock from 'nock';
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { CrmPackSalesforceJwtApi } from '../../../credentials/CrmPackSalesforceJwtApi.credentials';
import { apiError } from '../../../shared/transport/errors';
import { credentialSecrets, redact } from '../../../shared/transport/redact';
import { crmRequest } from '../../../shared/transport/request';
import { resetRateLimiters } from '../../../shared/transport/rateLimiter';
import { fakeClock, testNode } from '../../helpers/fakeContext';

// A Salesforce access token: `<org id>!<secret>`.
const SF_TOKEN = '00D5g000004SxyzEAC!AQcAQH0dMHZfz972Szmpkb58urFRkgeBGsxL.SESSION_SECRET_PART';
const SECRET_PART = 'AQcAQH0dMHZfz972Szmpkb58urFRkgeBGsxL';

beforeEach(() => resetRateLimiters());

describe('redact: the patterns', () => {
	test('a Salesforce token after Bearer is removed whole, not up to its "!"', () => {
		const out = redact(`Authorization: Bearer ${SF_TOKEN} rejected`);
		expect(out).toBe('Authorization: Bearer [redacted] rejected');
		expect(out).not.toContain(SECRET_PART);
	});

	test('a Salesforce token or session id without Bearer is recognised by its shape', () => {
		expect(redact(`INVALID_SESSION_ID: ${SF_TOKEN}`)).toBe('INVALID_SESSION_ID: [redacted]');
		expect(redact(`<urn:sessionId>${SF_TOKEN}</urn:sessionId>`)).toBe('<urn:sessionId>[redacted]</urn:sessionId>');
	});

	test('token-call bodies, JSON fields, echoed headers and keys', () => {
		expect(redact('grant_type=urn%3Aietf&assertion=eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJjayJ9.c2ln&x=1')).toBe(
			'grant_type=urn%3Aietf&assertion=[redacted]&x=1',
		);
		expect(redact('grant_type=refresh_token&refresh_token=5Aep861.x!y&client_secret=abc')).toBe(
			'grant_type=refresh_token&refresh_token=[redacted]&client_secret=[redacted]',
		);
		expect(redact('{"x-api-token":"abc123","authorization":"Bearer q!w"}')).toBe('{"x-api-token":"[redacted]","authorization":"Bearer [redacted]"}');
		expect(redact('{\\"refreshToken\\":\\"abc\\"}')).toBe('{\\"refreshToken\\":\\"[redacted]\\"}');
		expect(redact('x-api-token: abcdef1234')).toBe('x-api-token: [redacted]');
		expect(redact('key -----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY----- end')).toBe('key [redacted] end');
		// vendor error codes stay readable
		expect(redact('{"code":"INVALID_EMAIL","message":"bad"}')).toBe('{"code":"INVALID_EMAIL","message":"bad"}');
	});

	test('a known secret is removed also URL-encoded and JSON-escaped', () => {
		const secret = 'S3cr!t/with "quotes"\nand lines';
		expect(redact(`form: x=${encodeURIComponent(secret)}&y`, [secret])).toBe('form: x=[redacted]&y');
		expect(redact(JSON.stringify({ echo: secret }), [secret])).toBe('{"echo":"[redacted]"}');
	});

	test('the credential secrets include the tokens n8n keeps in oauthTokenData', () => {
		expect(
			credentialSecrets({ clientId: 'id', clientSecret: 'cs', oauthTokenData: { access_token: 'at', refresh_token: 'rt', instance_url: 'https://x' } }),
		).toEqual(['cs', 'at', 'rt']);
	});
});

describe('apiError', () => {
	test('a secret that a long echo cuts at the message limit is still removed', () => {
		const secret = 'LONG-SECRET-VALUE-0123456789';
		const body = `${'x'.repeat(490)}${secret}${'y'.repeat(100)}`;
		const error = apiError(testNode, 400, body, { secrets: [secret] });
		expect(`${error.message} ${error.description} ${JSON.stringify(error)}`).not.toMatch(/LONG-SEC|SECRET-VAL|0123456789/);
	});
});

describe('tokens obtained during the run', () => {
	/**
	 * n8n renews an OAuth2 token (or re-runs a JWT login) when a request throws its
	 * 401, and writes the new token back to the credential; the vendor then echoes
	 * the new token in its error. It was issued after the settings were read, so
	 * only reading the credential again can know it.
	 */
	function renewingContext(renewed: string) {
		const credentials: Record<string, IDataObject> = {
			crmPackSalesforceOAuth2Api: { clientSecret: 'client-secret-1', oauthTokenData: { access_token: 'old-token-1', refresh_token: 'refresh-1' } },
		};
		const sent: boolean[] = [];
		const ctx = {
			getNode: () => testNode,
			getCredentials: async (type: string) => structuredClone(credentials[type]),
			helpers: {
				httpRequestWithAuthentication: async (type: string, opts: IHttpRequestOptions) => {
					sent.push(opts.ignoreHttpStatusErrors === true);
					if (opts.ignoreHttpStatusErrors) return { statusCode: 401, headers: {}, body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] };
					// throwing mode: n8n renewed the token, then the vendor refused the call and quoted the session
					(credentials[type].oauthTokenData as IDataObject).access_token = renewed;
					return { statusCode: 400, headers: {}, body: [{ message: `session ${renewed} may not write Contact`, errorCode: 'INSUFFICIENT_ACCESS' }] };
				},
			},
		};
		return { ctx: ctx as never, sent };
	}

	test('a token renewed during the call is removed from the error, and joins the caller\'s secrets', async () => {
		const renewed = 'renewed-session-token-42';
		const { ctx, sent } = renewingContext(renewed);
		const secrets = ['old-token-1'];
		const error = (await crmRequest
			.call(ctx, { credentialType: 'crmPackSalesforceOAuth2Api', method: 'POST', url: 'https://x.my.salesforce.com/services/data/v62.0/sobjects/Contact', body: {}, secrets, clock: fakeClock() })
			.catch((e: Error) => e)) as Error & { description?: string };
		expect(sent).toEqual([true, false]);
		expect(error.message).toBe('400: session [redacted] may not write Contact');
		expect(JSON.stringify(error) + String(error.description)).not.toContain(renewed);
		expect(secrets).toEqual(expect.arrayContaining(['old-token-1', renewed, 'refresh-1', 'client-secret-1']));
	});
});

describe('Salesforce JWT login', () => {
	const { privateKey } = generateKeyPairSync('rsa', {
		modulusLength: 2048,
		privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
		publicKeyEncoding: { type: 'spki', format: 'pem' },
	});
	const helper = {
		helpers: {
			httpRequest: async (opts: IHttpRequestOptions) =>
				(await axios.request({ method: opts.method, url: opts.url, data: opts.body, headers: opts.headers as Record<string, string>, adapter: 'fetch' })).data as unknown,
		},
	};
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	test('a refusal that echoes the request body keeps the reason and none of the assertion', async () => {
		const received: string[] = [];
		nock('https://login.salesforce.com')
			.post('/services/oauth2/token', (body: unknown) => {
				received.push(typeof body === 'string' ? body : new URLSearchParams(body as Record<string, string>).toString());
				return true;
			})
			.reply(400, (_uri: string, body: unknown) => ({
				error: 'invalid_grant',
				error_description: `user hasn't approved this consumer; request was ${typeof body === 'string' ? body : new URLSearchParams(body as Record<string, string>).toString()}`,
			}));
		const error = (await new CrmPackSalesforceJwtApi().preAuthentication
			.call(helper as never, { environment: 'production', consumerKey: 'ck', username: 'u', privateKey })
			.catch((e: Error) => e)) as Error;
		const assertion = String(new URLSearchParams(received[0]).get('assertion'));
		expect(assertion.split('.')).toHaveLength(3);
		expect(error.message).toBe(
			"Salesforce JWT login failed (400): user hasn't approved this consumer; request was grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=[redacted]",
		);
		for (const part of assertion.split('.').slice(1)) expect(JSON.stringify(error) + error.message).not.toContain(part);
	});
});
