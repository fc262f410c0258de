import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import {
	applyAuth,
	authProperties,
	AUTH_FIELD,
	jwtExpiry,
	jwtPreAuthentication,
	oauth2Properties,
	renewAt,
	tokenDue,
	tokenRenewal,
} from '../../../shared/auth';
import { crmRequest } from '../../../shared/transport/request';

const req = (extra: Partial<IHttpRequestOptions> = {}): IHttpRequestOptions => ({ method: 'GET', url: 'https://crm.example.com/api/v1/clients', headers: { Accept: 'application/json' }, ...extra });

describe('applyAuth: each preset signs the request as configured', () => {
	test('API key in a header (name configurable)', () => {
		const out = applyAuth({ authType: 'apiKey', apiKey: 'k-1', apiKeyIn: 'header', apiKeyName: 'X-Custom-Key' }, req());
		expect(out.headers).toEqual({ Accept: 'application/json', 'X-Custom-Key': 'k-1' });
		expect(out.qs).toBeUndefined();
	});
	test('API key in the query, next to the query the caller set', () => {
		const out = applyAuth({ authType: 'apiKey', apiKey: 'k-1', apiKeyIn: 'query', apiKeyName: 'api_key' }, req({ qs: { page: 2 } }));
		expect(out.qs).toEqual({ page: 2, api_key: 'k-1' });
		expect(out.headers).toEqual({ Accept: 'application/json' });
	});
	test('Bearer, Basic and a JWT session', () => {
		expect(applyAuth({ authType: 'bearer', bearerToken: 'tok' }, req()).headers).toEqual({ Accept: 'application/json', Authorization: 'Bearer tok' });
		expect(applyAuth({ authType: 'basic', basicUser: 'ann', basicPassword: 'p:w' }, req()).headers).toEqual({
			Accept: 'application/json',
			Authorization: `Basic ${Buffer.from('ann:p:w').toString('base64')}`,
		});
		expect(applyAuth({ authType: 'jwt', accessToken: 'a.b.c' }, req()).headers).toEqual({ Accept: 'application/json', Authorization: 'Bearer a.b.c' });
		expect(applyAuth({ authType: 'none' }, req()).headers).toEqual({ Accept: 'application/json' });
	});
	test('the request passed in is not changed', () => {
		const original = req();
		applyAuth({ authType: 'bearer', bearerToken: 'tok' }, original);
		expect(original.headers).toEqual({ Accept: 'application/json' });
	});
});

describe('authProperties', () => {
	test('offers the chosen presets, each field shown for its preset, the expirable token last', () => {
		const props = authProperties({ types: ['jwt', 'apiKey'], apiKeyName: 'X-API-Key', jwtLoginPath: '/auth/login' });
		expect(props[0]).toMatchObject({ name: 'authType', default: 'jwt' });
		expect((props[0].options as Array<{ value: string }>).map((o) => o.value)).toEqual(['jwt', 'apiKey']);
		const names = props.map((p) => p.name);
		expect(names).not.toContain('bearerToken');
		expect(names).not.toContain('basicUser');
		expect(props.find((p) => p.name === 'apiKey')?.displayOptions).toEqual({ show: { authType: ['apiKey'] } });
		expect(props.find((p) => p.name === 'jwtLoginPath')).toMatchObject({ default: '/auth/login', displayOptions: { show: { authType: ['jwt'] } } });
		const token = props.find((p) => p.name === AUTH_FIELD.accessToken);
		expect(token).toMatchObject({ type: 'hidden', typeOptions: { expirable: true } });
		expect(props.filter((p) => p.typeOptions?.expirable)).toHaveLength(1);
	});
	test('OAuth2 fields override the parent oAuth2Api ones', () => {
		const props = oauth2Properties({ grants: ['clientCredentials', 'authorizationCode'] });
		expect(props.find((p) => p.name === 'grantType')).toMatchObject({ default: 'clientCredentials' });
		expect(props.find((p) => p.name === 'authUrl')?.displayOptions).toEqual({ show: { grantType: ['authorizationCode'] } });
	});
});

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (exp: number) => `${b64({ alg: 'HS256' })}.${b64({ sub: '1', exp })}.sig`;

function helper(answers: Array<IDataObject | Error>) {
	const calls: IHttpRequestOptions[] = [];
	return {
		calls,
		helpers: {
			httpRequest: async (options: IHttpRequestOptions) => {
				calls.push(options);
				const next = answers.shift();
				if (!next) throw new Error('unexpected call');
				if (next instanceof Error) throw next;
				return next;
			},
		},
	};
}

const refused = (status: number, data: unknown) => Object.assign(new Error(`Request failed with status code ${status}`), { response: { status, data } });

const JWT_CRED = {
	authType: 'jwt',
	jwtUsername: 'ann',
	jwtPassword: 's3cret-pw',
	jwtLoginPath: '/auth/login',
	jwtRefreshPath: '/auth/refresh',
	jwtUsernameField: 'username',
	jwtPasswordField: 'password',
	jwtRefreshField: 'refresh_token',
	jwtAccessTokenPath: 'access_token',
	jwtRefreshTokenPath: 'refresh_token',
	jwtExpiresInPath: 'expires_in',
	accessToken: '',
	refreshToken: '',
	accessTokenRenewAt: '',
};
const ROOT = 'https://crm.example.com/api/v1';
const NOW = 1_800_000_000_000;

describe('jwtPreAuthentication', () => {
	test('first use logs in with the configured body and saves token, refresh token and renewal time', async () => {
		const h = helper([{ access_token: 'at-1', refresh_token: 'rt-1', expires_in: 60 }]);
		const out = await jwtPreAuthentication.call(h as never, JWT_CRED, { root: ROOT, now: NOW });
		expect(h.calls).toEqual([
			{ method: 'POST', url: `${ROOT}/auth/login`, headers: { Accept: 'application/json' }, body: { username: 'ann', password: 's3cret-pw' }, json: true },
		]);
		// 60 s lifetime: renewed 6 s (a tenth) before expiry.
		expect(out).toEqual({ accessToken: 'at-1', refreshToken: 'rt-1', accessTokenRenewAt: String(NOW + 54_000) });
	});
	test('with a refresh token it refreshes; nested paths and custom field names', async () => {
		const h = helper([{ data: { token: 'at-2', refresh: 'rt-2', ttl: 3600 } }]);
		const cred = { ...JWT_CRED, refreshToken: 'rt-1', jwtRefreshField: 'token', jwtAccessTokenPath: 'data.token', jwtRefreshTokenPath: 'data.refresh', jwtExpiresInPath: 'data.ttl' };
		const out = await jwtPreAuthentication.call(h as never, cred, { root: ROOT, now: NOW });
		expect(h.calls.map((c) => [c.method, c.url, c.body])).toEqual([['POST', `${ROOT}/auth/refresh`, { token: 'rt-1' }]]);
		expect(out).toEqual({ accessToken: 'at-2', refreshToken: 'rt-2', accessTokenRenewAt: String(NOW + 3_600_000 - 30_000) });
	});
	test('a refused refresh falls back to a new login', async () => {
		const h = helper([refused(401, { error: { code: 'INVALID_REFRESH_TOKEN' } }), { access_token: 'at-3', refresh_token: 'rt-3', expires_in: 60 }]);
		const out = await jwtPreAuthentication.call(h as never, { ...JWT_CRED, refreshToken: 'rt-used' }, { root: ROOT, now: NOW });
		expect(h.calls.map((c) => c.url)).toEqual([`${ROOT}/auth/refresh`, `${ROOT}/auth/login`]);
		expect(out.accessToken).toBe('at-3');
	});
	test('no expires_in: the JWT exp claim; neither: renewed on 401 only; a full URL is used as is', async () => {
		const token = jwt(NOW / 1000 + 120);
		const h = helper([{ access_token: token }, { access_token: 'opaque' }]);
		const cred = { ...JWT_CRED, jwtLoginPath: 'https://login.example.com/token' };
		const out = await jwtPreAuthentication.call(h as never, cred, { root: ROOT, now: NOW });
		expect(h.calls[0].url).toBe('https://login.example.com/token');
		expect(out).toEqual({ accessToken: token, refreshToken: '', accessTokenRenewAt: String(NOW + 120_000 - 12_000) });
		expect(jwtExpiry(token)).toBe(NOW + 120_000);
		const opaque = await jwtPreAuthentication.call(h as never, cred, { root: ROOT, now: NOW });
		expect(opaque.accessTokenRenewAt).toBe('');
	});
	test('a refused login names the status and the API reason, never the password', async () => {
		const h = helper([refused(401, { error: { code: 'INVALID_CREDENTIALS', message: 'Bad password s3cret-pw' } })]);
		const error = await jwtPreAuthentication.call(h as never, JWT_CRED, { root: ROOT, now: NOW }).catch((e: Error) => e);
		expect((error as Error).message).toMatch(/^JWT login failed \(401\): INVALID_CREDENTIALS: Bad password/);
		expect((error as Error).message).not.toContain('s3cret-pw');
	});
	test('an answer without a token fails naming the setting', async () => {
		const h = helper([{ token: 'x' }]);
		await expect(jwtPreAuthentication.call(h as never, JWT_CRED, { root: ROOT, now: NOW })).rejects.toThrow('Access Token Path');
	});
	test('other presets need no login: nothing is called or saved', async () => {
		const h = helper([]);
		expect(await jwtPreAuthentication.call(h as never, { authType: 'apiKey', apiKey: 'k', accessToken: '' }, { root: ROOT })).toEqual({});
		expect(h.calls).toEqual([]);
	});
	test('renewAt: a tenth of the lifetime, at most 30 s', () => {
		expect(renewAt(0, 10_000)).toBe(9_000);
		expect(renewAt(0, 3_600_000)).toBe(3_570_000);
	});
});

describe('tokenRenewal', () => {
	const due = { authType: 'jwt', accessToken: 'old', accessTokenRenewAt: String(NOW - 1) };
	test('tokenDue: a JWT session with a known renewal time that has passed, or none yet (the first login)', () => {
		expect(tokenDue(due, NOW)).toBe(true);
		expect(tokenDue({ ...due, accessTokenRenewAt: String(NOW + 1) }, NOW)).toBe(false);
		expect(tokenDue({ ...due, accessTokenRenewAt: '' }, NOW)).toBe(false);
		expect(tokenDue({ ...due, accessToken: '' }, NOW)).toBe(true);
		expect(tokenDue({ ...due, authType: 'bearer' }, NOW)).toBe(false);
	});
	test('a due token is sent cleared by one request; the others wait and then read the renewed credential', async () => {
		let stored: IDataObject = { ...due };
		const prepare = tokenRenewal('cred-1', 'crmPackRestCrmApi', async () => stored, () => NOW);
		const first = await prepare();
		expect(first?.credentialsDecrypted).toEqual({ id: 'cred-1', name: '', type: 'crmPackRestCrmApi', data: { ...due, accessToken: '' } });
		let secondDone = false;
		const second = prepare().then((r) => {
			secondDone = true;
			return r;
		});
		await new Promise((r) => setImmediate(r));
		expect(secondDone).toBe(false);
		stored = { ...due, accessToken: 'new', accessTokenRenewAt: String(NOW + 50_000) };
		first!.release();
		expect(await second).toBeUndefined();
		expect(await prepare()).toBeUndefined();
	});
});

describe('crmRequest passes the prepared credential to n8n and releases it', () => {
	test('third argument of httpRequestWithAuthentication', async () => {
		const seen: unknown[] = [];
		let released = 0;
		const ctx = {
			getNode: () => ({ name: 'N', type: 't', typeVersion: 1, id: 'n', position: [0, 0], parameters: {} }),
			getCredentials: async () => ({}),
			helpers: {
				httpRequestWithAuthentication: async (_type: string, _opts: unknown, extra: unknown) => {
					seen.push(extra);
					return { statusCode: 200, headers: {}, body: { ok: true } };
				},
			},
		};
		const prepared = { credentialsDecrypted: { id: 'c', name: '', type: 't', data: { accessToken: '' } }, release: () => released++ };
		let calls = 0;
		await crmRequest.call(ctx as never, {
			credentialType: 't',
			method: 'GET',
			url: 'https://crm.example.com/x',
			prepareAuth: async () => (calls++ === 0 ? prepared : undefined),
		});
		await crmRequest.call(ctx as never, { credentialType: 't', method: 'GET', url: 'https://crm.example.com/x', prepareAuth: async () => undefined });
		expect(seen).toEqual([{ credentialsDecrypted: prepared.credentialsDecrypted }, undefined]);
		expect(released).toBe(1);
	});
});
