/**
 * End to end through n8n-core (light runner): the Pipedrive (CRM Pack) node with
 * the Pipedrive OAuth2 credential against the sandbox's Pipedrive
 * (workflows/pipedrive-oauth2-*.json).
 *
 * - The API host comes from the token response's `api_domain` (kept by n8n in
 *   `oauthTokenData`); every call carries `Authorization: Bearer <access token>`.
 * - An expired access token: the sandbox answers 401, the shared transport sends
 *   the request once more in throwing mode, n8n-core's OAuth2 path refreshes the
 *   token (grant_type=refresh_token, client id/secret as HTTP Basic), re-sends the
 *   request with the new token and writes the new token data back to the store.
 * - A refresh that fails ends in a clear error without any token in it.
 *
 * The token URL: the credential's `accessTokenUrl` is hidden and fixed to
 * Pipedrive's https://oauth.pipedrive.com/oauth/token. n8n 2.41.1, and the light
 * runner after it, ignore stored values of hidden OAuth fields, so the sandbox's
 * token endpoint cannot be put into the credential. Instead nock catches the
 * request to https://oauth.pipedrive.com/oauth/token in this process and forwards
 * it unchanged (method, body, Authorization, Content-Type) to the sandbox's
 * `/pipedrive/oauth/token`, returning the sandbox's answer as is. That also
 * checks that the credential refreshes at Pipedrive's real token URL.
 *
 * The sandbox's request log does not keep headers, so the Authorization header
 * each request reached the sandbox with is read from Node's
 * `http.server.request.start` diagnostics channel (the sandbox runs in-process).
 */
import * as dc from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';

import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../sandbox';
import { PIPEDRIVE_OAUTH2_SCOPE, pipedriveOAuth2 } from './helpers/credentials';
import { Harness } from './helpers/harness';
import type { CredentialStore, LightRunResult } from './lightRunner';

const NODE = 'Pipedrive';
const CRED_TYPE = 'crmPackPipedriveOAuth2Api';
const CRED_ID = 'pipedrive-oauth';
const CRED_NAME = 'Pipedrive OAuth2 sandbox';
const PIPEDRIVE_TOKEN_HOST = 'https://oauth.pipedrive.com';
const SCOPE = PIPEDRIVE_OAUTH2_SCOPE;

let sb: Sandbox;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let pd: any;
let sandboxHost: string;

/** Workflows pipedrive-oauth2-<name>.json run from the Pipedrive node; each test brings its own credential store. */
const h = new Harness({
	seed: 5,
	node: NODE,
	workflows: 'pipedrive-oauth2-',
	setup: (x) => {
		sb = x.sb;
		pd = sb.pipedrive;
		sandboxHost = new URL(sb.url).host;
		dc.subscribe('http.server.request.start', onServerRequest);
		pd.write('persons', { name: 'Ada Lovelace', emails: [{ value: 'ada@example.com', primary: true, label: 'work' }], phones: [] });
		pd.write('persons', { name: 'Grace Hopper', emails: [{ value: 'grace@example.com', primary: true, label: 'work' }], phones: [] });
	},
	reset: () => {
		pd.resetRateLimits();
		received = [];
		beforeHandling = undefined;
		tokenRequests = [];
		nock.cleanAll();
		forwardTokenRequestsToSandbox();
	},
});
const { output } = h;

/** `METHOD /path?query <authorization>` of each request the sandbox received, from the server's side. */
let received: Array<{ line: string; apiToken: unknown }> = [];
/** Runs as a request reaches the sandbox, before its handler (e.g. to let a token expire mid-run). */
let beforeHandling: ((line: string) => void) | undefined;
const onServerRequest = (message: unknown) => {
	const req = (message as { request: IncomingMessage }).request;
	if (req.headers.host !== sandboxHost) return;
	const line = `${req.method} ${req.url} ${req.headers.authorization ?? '(no authorization)'}`;
	received.push({ line, apiToken: req.headers['x-api-token'] });
	beforeHandling?.(line);
};

/** Token requests nock caught on their way to Pipedrive's token URL (before forwarding them to the sandbox). */
let tokenRequests: Array<{ url: string; authorization: string; contentType: string; body: Record<string, string> }> = [];

function forwardTokenRequestsToSandbox(): void {
	nock(PIPEDRIVE_TOKEN_HOST)
		.persist()
		.post('/oauth/token')
		.reply(async function (uri, requestBody) {
			const raw = typeof requestBody === 'string' ? requestBody : JSON.stringify(requestBody);
			const header = (name: string) => {
				const v = this.req.headers[name];
				return Array.isArray(v) ? v.join(', ') : String(v ?? '');
			};
			tokenRequests.push({
				url: `${PIPEDRIVE_TOKEN_HOST}${uri}`,
				authorization: header('authorization'),
				contentType: header('content-type'),
				body: Object.fromEntries(new URLSearchParams(raw)),
			});
			const res = await fetch(`${pd.baseUrl}/oauth/token`, {
				method: 'POST',
				headers: { authorization: header('authorization'), 'content-type': header('content-type') },
				body: raw,
			});
			return [res.status, await res.text(), { 'Content-Type': res.headers.get('content-type') ?? 'application/json' }];
		});
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/** A connected Pipedrive OAuth2 credential as n8n stores it after the authorization-code flow. */
const credentials = (tokenData: IDataObject, extra: IDataObject = {}): CredentialStore => pipedriveOAuth2(sb, tokenData, extra, { id: CRED_ID });

/** A token pair the sandbox knows; the access token valid for an hour, or already expired. */
function issueTokens(name: string, { expired = false } = {}): { access: string; refresh: string } {
	const access = `pd-at-${name}`;
	const refresh = `pd-rt-${name}`;
	pd.oauth.accessTokens.set(access, expired ? Date.now() - 1000 : Date.now() + 3600_000);
	pd.oauth.refreshTokens.add(refresh);
	return { access, refresh };
}

/** A run with this test's credential store. */
const run = (name: string, store: CredentialStore, input: IDataObject[] = [{}]): Promise<LightRunResult> => h.run(name, input, undefined, { credentials: store });

/** `METHOD /path status` of the sandbox's log. */
const logged = (): string[] => sb.log.all().map((e) => `${e.method} ${e.path} ${e.status}`);

/** What get many returns for a stored person (Simplified output, v2 timestamps as ISO with milliseconds). */
function simplified(person: IDataObject): IDataObject {
	const iso = (t: unknown) => new Date(String(t)).toISOString();
	const [first, ...rest] = String(person.name).split(' ');
	return {
		id: String(person.id),
		fullName: person.name,
		firstName: first,
		lastName: rest.join(' '),
		ownerId: '1001',
		email: (person.emails as IDataObject[])[0].value,
		createdAt: iso(person.add_time),
		updatedAt: iso(person.update_time),
		custom: {},
	};
}

afterAll(() => {
	dc.unsubscribe('http.server.request.start', onServerRequest);
	nock.cleanAll();
});

describe('Pipedrive OAuth2 credential through the light runner', () => {
	test('get many persons: Bearer token, calls go to the api_domain host from the token data', async () => {
		const { access, refresh } = issueTokens('valid');
		const store = credentials({ access_token: access, refresh_token: refresh });
		const before = structuredClone(store);

		const items = output(await run('persons-get-many', store));

		const [ada, grace] = pd.list('persons');
		const iso = (t: string) => new Date(t).toISOString();
		expect(items).toEqual([
			{
				json: {
					id: '1',
					fullName: 'Ada Lovelace',
					firstName: 'Ada',
					lastName: 'Lovelace',
					ownerId: '1001',
					email: 'ada@example.com',
					createdAt: iso(ada.add_time),
					updatedAt: iso(ada.update_time),
					custom: {},
				},
				pairedItem: { item: 0 },
			},
			{
				json: {
					id: '2',
					fullName: 'Grace Hopper',
					firstName: 'Grace',
					lastName: 'Hopper',
					ownerId: '1001',
					email: 'grace@example.com',
					createdAt: iso(grace.add_time),
					updatedAt: iso(grace.update_time),
					custom: {},
				},
				pairedItem: { item: 0 },
			},
		]);
		// api_domain (http://127.0.0.1:PORT/pipedrive) + Pipedrive's paths; Bearer, never x-api-token / api_token
		expect(received.map((r) => r.line)).toEqual([
			`GET /pipedrive/api/v1/personFields?start=0&limit=500 Bearer ${access}`,
			`GET /pipedrive/api/v2/persons?limit=500 Bearer ${access}`,
		]);
		expect(received.map((r) => r.apiToken)).toEqual([undefined, undefined]);
		expect(sb.log.all().map((e) => e.query)).toEqual([
			{ start: '0', limit: '500' },
			{ limit: '500' },
		]);
		expect(logged()).toEqual(['GET /pipedrive/api/v1/personFields 200', 'GET /pipedrive/api/v2/persons 200']);
		// nothing refreshed, nothing written back
		expect(tokenRequests).toEqual([]);
		expect(store).toEqual(before);
	});

	test('expired access token on get many: 401, one re-send in throwing mode, refresh at the token URL, new token saved and used', async () => {
		const { access, refresh } = issueTokens('expired-1', { expired: true });
		const store = credentials({ access_token: access, refresh_token: refresh });

		const items = output(await run('persons-get-many', store));
		expect(items.map((i) => i.json)).toEqual(pd.list('persons').map(simplified));

		// the refresh went to Pipedrive's token URL, authenticated with HTTP Basic (the credential's 'header')
		expect(tokenRequests).toEqual([
			{
				url: 'https://oauth.pipedrive.com/oauth/token',
				authorization: basic(pd.oauth.clientId, pd.oauth.clientSecret),
				contentType: 'application/x-www-form-urlencoded',
				body: { grant_type: 'refresh_token', refresh_token: refresh },
			},
		]);
		const saved = store[CRED_TYPE][CRED_ID];
		const newToken = (saved.oauthTokenData as IDataObject).access_token as string;
		expect(newToken).toMatch(/^pd-at-[0-9a-f]{24}$/);
		expect(newToken).not.toBe(access);
		expect(received.map((r) => r.line)).toEqual([
			`GET /pipedrive/api/v1/personFields?start=0&limit=500 Bearer ${access}`,
			`GET /pipedrive/api/v1/personFields?start=0&limit=500 Bearer ${access}`,
			`POST /pipedrive/oauth/token ${basic(pd.oauth.clientId, pd.oauth.clientSecret)}`,
			`GET /pipedrive/api/v1/personFields?start=0&limit=500 Bearer ${newToken}`,
			`GET /pipedrive/api/v2/persons?limit=500 Bearer ${newToken}`,
		]);
		expect(logged()).toEqual([
			'GET /pipedrive/api/v1/personFields 401',
			'GET /pipedrive/api/v1/personFields 401',
			'POST /pipedrive/oauth/token 200',
			'GET /pipedrive/api/v1/personFields 200',
			'GET /pipedrive/api/v2/persons 200',
		]);
		// the new token data is written back; the rest of the credential is unchanged
		expect(saved).toEqual({
			clientId: pd.oauth.clientId,
			clientSecret: pd.oauth.clientSecret,
			plan: 'lite',
			baseUrl: '',
			oauthTokenData: {
				access_token: newToken,
				refresh_token: refresh,
				token_type: 'Bearer',
				scope: SCOPE,
				expires_in: 3599,
				api_domain: pd.baseUrl,
				n8n_expires_at: expect.stringMatching(/^\d{13}$/),
			},
		});
		const expiresAt = Number((saved.oauthTokenData as IDataObject).n8n_expires_at);
		expect(expiresAt).toBeGreaterThan(Date.now() + 3500_000);
		expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3599_000);

		// the next run starts with the saved token: no 401, no refresh
		received = [];
		tokenRequests = [];
		output(await run('persons-get-many', store));
		expect(received.map((r) => r.line)).toEqual([
			`GET /pipedrive/api/v1/personFields?start=0&limit=500 Bearer ${newToken}`,
			`GET /pipedrive/api/v2/persons?limit=500 Bearer ${newToken}`,
		]);
		expect(tokenRequests).toEqual([]);
	});

	test('access token expiring between the fields call and the create: the POST is answered 401, refreshed, re-sent, and the person exists exactly once', async () => {
		const { access, refresh } = issueTokens('expiring-2');
		const store = credentials({ access_token: access, refresh_token: refresh });
		const countBefore = pd.count('persons');
		// Pipedrive ends the token's life as the create arrives (the fields call before it still succeeds)
		beforeHandling = (line) => {
			if (line.startsWith('POST /pipedrive/api/v2/persons ')) pd.oauth.accessTokens.set(access, Date.now() - 1);
		};

		const items = output(await run('persons-create', store, [{ name: 'Alan Turing', email: 'alan@example.com' }]));

		const newToken = (store[CRED_TYPE][CRED_ID].oauthTokenData as IDataObject).access_token as string;
		expect(newToken).toMatch(/^pd-at-[0-9a-f]{24}$/);
		expect(received.map((r) => r.line)).toEqual([
			`GET /pipedrive/api/v1/personFields?start=0&limit=500 Bearer ${access}`,
			`POST /pipedrive/api/v2/persons Bearer ${access}`,
			`POST /pipedrive/api/v2/persons Bearer ${access}`,
			`POST /pipedrive/oauth/token ${basic(pd.oauth.clientId, pd.oauth.clientSecret)}`,
			`POST /pipedrive/api/v2/persons Bearer ${newToken}`,
		]);
		expect(logged()).toEqual([
			'GET /pipedrive/api/v1/personFields 200',
			'POST /pipedrive/api/v2/persons 401',
			'POST /pipedrive/api/v2/persons 401',
			'POST /pipedrive/oauth/token 200',
			'POST /pipedrive/api/v2/persons 200',
		]);
		// every POST carried the same body: the re-sends are the same request
		const posts = sb.log.all().filter((e) => e.method === 'POST' && e.path === '/pipedrive/api/v2/persons');
		expect(posts.map((e) => e.body)).toEqual(
			Array(3).fill({ name: 'Alan Turing', emails: [{ value: 'alan@example.com', primary: true, label: 'work' }] }),
		);
		expect(tokenRequests.map((t) => t.body)).toEqual([{ grant_type: 'refresh_token', refresh_token: refresh }]);
		// one record in the store, the one the node returned
		expect(pd.count('persons')).toBe(countBefore + 1);
		const alans = pd.list('persons').filter((p: IDataObject) => p.name === 'Alan Turing');
		expect(alans).toHaveLength(1);
		expect(items.map((i) => i.json)).toEqual([simplified(alans[0])]);
		expect(store[CRED_TYPE][CRED_ID].oauthTokenData).toEqual({
			access_token: newToken,
			refresh_token: refresh,
			token_type: 'Bearer',
			scope: SCOPE,
			expires_in: 3599,
			api_domain: pd.baseUrl,
			n8n_expires_at: expect.stringMatching(/^\d{13}$/),
		});
	});

	test('three creates while the token expires: one refresh shared by all, each person created exactly once', async () => {
		const { access, refresh } = issueTokens('expiring-5');
		const store = credentials({ access_token: access, refresh_token: refresh });
		const countBefore = pd.count('persons');
		beforeHandling = (line) => {
			if (line.startsWith('POST /pipedrive/api/v2/persons ')) pd.oauth.accessTokens.set(access, Date.now() - 1);
		};
		const names = ['Edsger Dijkstra', 'Frances Allen', 'Ken Thompson'];

		const items = output(
			await run(
				'persons-create',
				store,
				names.map((name) => ({ name, email: `${name.split(' ')[1].toLowerCase()}@example.com` })),
			),
		);

		const newToken = (store[CRED_TYPE][CRED_ID].oauthTokenData as IDataObject).access_token as string;
		expect(tokenRequests.map((t) => t.body)).toEqual([{ grant_type: 'refresh_token', refresh_token: refresh }]);
		const posts = received.filter((r) => r.line.startsWith('POST /pipedrive/api/v2/persons '));
		// the three go out at once: each is answered 401 once or twice (the throwing re-send may come after the
		// refresh and then carries the new token), and each succeeds once with the new token
		expect(posts.filter((r) => r.line.endsWith(` Bearer ${newToken}`))).toHaveLength(3);
		const withOld = posts.filter((r) => r.line.endsWith(` Bearer ${access}`));
		expect(withOld.length).toBeGreaterThanOrEqual(3);
		expect(withOld.length).toBeLessThanOrEqual(6);
		expect(posts).toHaveLength(withOld.length + 3);
		const statuses = sb.log.all().filter((e) => e.path === '/pipedrive/api/v2/persons').map((e) => e.status);
		expect(statuses.filter((s) => s === 401)).toHaveLength(withOld.length);
		expect(sb.log.all().filter((e) => e.path === '/pipedrive/api/v2/persons' && e.status === 200)).toHaveLength(3);
		expect(pd.count('persons')).toBe(countBefore + 3);
		for (const name of names) expect(pd.list('persons').filter((p: IDataObject) => p.name === name)).toHaveLength(1);
		expect(items.map((i) => i.json.fullName)).toEqual(names);
	});

	test('expired token and a refresh token Pipedrive no longer accepts: "needs to be reconnected", no token in the error, nothing written', async () => {
		const { access } = issueTokens('expired-3', { expired: true });
		const revoked = 'pd-rt-revoked-3';
		const store = credentials({ access_token: access, refresh_token: revoked });
		const before = structuredClone(store);
		const countBefore = pd.count('persons');

		const r = await run('persons-create', store, [{ name: 'Barbara Liskov', email: 'barbara@example.com' }]);

		expect(r.status).toBe('error');
		expect(r.run.data.resultData.lastNodeExecuted).toBe(NODE);
		expect(r.error?.message).toBe(`1 of 1 records failed, 0 written: item 0: The credential "${CRED_NAME}" needs to be reconnected.`);
		expect(r.error?.description).toBe(
			`0 of 1 records were written; 1 failed. Failed items: item 0: The credential "${CRED_NAME}" needs to be reconnected. Turn on "Continue On Fail" to get one error item per failed record and keep the rest.`,
		);
		// The fields lookup (for Simplified output) fails first and is skipped by the node, so the create
		// tries once more: two refresh attempts, both refused; the create never got past 401.
		expect(logged()).toEqual([
			'GET /pipedrive/api/v1/personFields 401',
			'GET /pipedrive/api/v1/personFields 401',
			'POST /pipedrive/oauth/token 400',
			'POST /pipedrive/api/v2/persons 401',
			'POST /pipedrive/api/v2/persons 401',
			'POST /pipedrive/oauth/token 400',
		]);
		expect(tokenRequests.map((t) => t.body)).toEqual([
			{ grant_type: 'refresh_token', refresh_token: revoked },
			{ grant_type: 'refresh_token', refresh_token: revoked },
		]);
		const everything = JSON.stringify({ error: r.error, description: r.error?.description, stack: r.error?.stack, run: r.run.data.resultData });
		for (const secret of [access, revoked, pd.oauth.clientSecret]) expect(everything).not.toContain(secret);
		expect(store).toEqual(before);
		expect(pd.count('persons')).toBe(countBefore);
	});

	test('a token endpoint that rejects the client (wrong client secret): the endpoint\'s reason, no token or secret, nothing written', async () => {
		const { access, refresh } = issueTokens('expired-4', { expired: true });
		const wrongSecret = 'not-the-client-secret';
		const store = credentials({ access_token: access, refresh_token: refresh }, { clientSecret: wrongSecret });
		const before = structuredClone(store);

		const r = await run('persons-get-many', store);

		expect(r.status).toBe('error');
		expect(r.run.data.resultData.lastNodeExecuted).toBe(NODE);
		// n8n's wording for `unauthorized_client`, as the token endpoint's refusal (not a network failure)
		expect(r.error?.message).toBe('The client is not authorized to request an authorization code using this method.');
		expect(logged()).toEqual([
			'GET /pipedrive/api/v1/personFields 401',
			'GET /pipedrive/api/v1/personFields 401',
			'POST /pipedrive/oauth/token 401',
			'GET /pipedrive/api/v2/persons 401',
			'GET /pipedrive/api/v2/persons 401',
			'POST /pipedrive/oauth/token 401',
		]);
		expect(tokenRequests.map((t) => t.authorization)).toEqual([basic(pd.oauth.clientId, wrongSecret), basic(pd.oauth.clientId, wrongSecret)]);
		const everything = JSON.stringify({ error: r.error, description: r.error?.description, stack: r.error?.stack, run: r.run.data.resultData });
		for (const secret of [access, refresh, wrongSecret, basic(pd.oauth.clientId, wrongSecret)]) expect(everything).not.toContain(secret);
		expect(store).toEqual(before);
	});

	// client-oauth2's AuthError (code 'EAUTH') from a failed refresh is an answer, not a network failure:
	// the create is reported plainly, without the hint that it "may already have been processed".
	test('a failed refresh on a create does not claim the record may have been written', async () => {
		const { access, refresh } = issueTokens('expired-6', { expired: true });
		const store = credentials({ access_token: access, refresh_token: refresh }, { clientSecret: 'not-the-client-secret' });
		const countBefore = pd.count('persons');

		const r = await run('persons-create', store, [{ name: 'Margaret Hamilton', email: 'margaret@example.com' }]);

		expect(r.status).toBe('error');
		expect(pd.count('persons')).toBe(countBefore);
		expect(r.error?.message).not.toContain('may already have been processed');
		expect(r.error?.message).not.toContain('EAUTH');
	});
});
