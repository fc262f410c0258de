/**
 * The generic vendor's extensions for the REST CRM (issue 13) answer exactly
 * as GENERIC-API.md ("Added for the REST CRM node") and the files' headers say,
 * and refuse what they say they refuse: webhook registration and signed
 * deliveries with retries, the custom members resource under each paging
 * style, the rate-limit header styles and 429, JWT expiry and refresh, OAuth2
 * client credentials. Signatures are recomputed here, not read from the
 * sandbox's own signer.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { startSandbox, type Sandbox } from '../index';

let sb: Sandbox;
beforeEach(async () => {
	sb = await startSandbox({ port: 0, seed: 5 });
});
afterEach(async () => {
	await sb.close();
});

const KEY = 'sandbox-api-key';

async function call(method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; key?: string | null; raw?: string } = {}) {
	const headers: Record<string, string> = { 'content-type': 'application/json', ...(options.headers ?? {}) };
	if (options.key !== null && !headers.authorization) headers['x-api-key'] = options.key ?? KEY;
	const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
	const res = await fetch(`${sb.generic.baseUrl}${path}`, { method, headers, body });
	const text = await res.text();
	let parsed: any;
	try {
		parsed = text ? JSON.parse(text) : undefined;
	} catch {
		parsed = text;
	}
	return { status: res.status, headers: res.headers, body: parsed };
}

const validation = (fields: Record<string, string>, message = 'Validation failed') => ({ error: { code: 'VALIDATION_FAILED', message, fields } });

/** A local endpoint that answers each delivery with the next status of `statuses` (the last one repeating). */
async function receiver(statuses: number[]) {
	const got: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.statusCode = statuses[Math.min(got.length - 1, statuses.length - 1)];
			res.end('{}');
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('webhook registration', () => {
	test('refusals name each field; the secret is never echoed; list, get, delete', async () => {
		expect(await call('POST', '/api/v1/webhooks', { body: { url: 'ftp://x', events: [], secret: 'short', colour: 'red' } })).toMatchObject({
			status: 422,
			body: validation({ colour: 'is not a recognised field', url: 'must be an http(s) URL', events: 'must be a non-empty array of event types', secret: 'must be a string of 16 to 256 characters' }),
		});
		expect((await call('POST', '/api/v1/webhooks', { body: { url: 'https://h.example.com/x', events: ['contact.created', 'contact.exploded'], secret: 's'.repeat(16) } })).body).toEqual(
			validation({ events: 'unknown event types: contact.exploded' }),
		);
		expect((await call('POST', '/api/v1/webhooks', { raw: '{nope' })).body).toEqual({ error: { code: 'INVALID_JSON', message: 'Request body is not valid JSON' } });
		const created = await call('POST', '/api/v1/webhooks', { body: { url: 'https://h.example.com/x', events: ['contact.created', 'contact.created', 'deal.updated'], secret: 's'.repeat(16) } });
		expect(created.status).toBe(201);
		expect(created.body.data).toEqual({ id: 1, url: 'https://h.example.com/x', events: ['contact.created', 'deal.updated'], description: null, active: true, created_at: expect.any(String), updated_at: expect.any(String) });
		expect(JSON.stringify(created.body)).not.toContain('s'.repeat(16));
		expect((await call('GET', '/api/v1/webhooks')).body).toEqual({ data: [created.body.data], meta: { page: 1, per_page: 20, total: 1, total_pages: 1 } });
		expect((await call('GET', '/api/v1/webhooks/1/deliveries?status=lost')).body).toEqual(validation({ status: 'must be one of: pending, succeeded, failed' }, 'Invalid query parameters'));
		expect((await call('GET', '/api/v1/webhooks/1/deliveries?event_type=x')).status).toBe(422);
		expect((await call('DELETE', '/api/v1/webhooks/1')).status).toBe(204);
		expect(await call('GET', '/api/v1/webhooks/1')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'webhook 1 not found' } } });
		expect((await call('GET', '/api/v1/webhooks', { key: null })).status).toBe(401);
	});
});

describe('signed deliveries with retries', () => {
	test('a failed delivery is retried with the same event id, each attempt signed anew over "<timestamp>.<raw body>"; the deliveries list shows it', async () => {
		const rx = await receiver([500, 503, 200]);
		try {
			const secret = 'whsec-sandbox-test-0001';
			await call('POST', '/api/v1/webhooks', { body: { url: rx.url, events: ['contact.created'], secret } });
			const contact = (await call('POST', '/api/v1/contacts', { body: { last_name: 'Hopper', email: 'grace@example.com' } })).body.data;
			// Not subscribed: no delivery.
			await call('POST', '/api/v1/clients', { body: { name: 'Globex' } });
			await sb.generic.webhooks.flush();
			expect(rx.got).toHaveLength(3);
			const bodies = rx.got.map((g) => JSON.parse(g.body));
			expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
			expect(bodies[0]).toEqual({ id: expect.stringMatching(/^evt_[0-9a-f]{24}$/), type: 'contact.created', created: expect.any(Number), data: { object: 'contact', id: contact.id, action: 'created', changes: {} } });
			for (const g of rx.got) {
				const ts = String(g.headers['x-crm-timestamp']);
				expect(g.headers['x-crm-signature']).toBe(`sha256=${createHmac('sha256', secret).update(`${ts}.${g.body}`).digest('hex')}`);
				expect(g.headers['x-crm-event-id']).toBe(bodies[0].id);
				expect(g.headers['x-crm-webhook-id']).toBe('1');
			}
			const listed = (await call('GET', '/api/v1/webhooks/1/deliveries')).body;
			expect(listed.data).toEqual([
				{ id: 1, webhook_id: 1, event_id: bodies[0].id, event_type: 'contact.created', status: 'succeeded', response_code: 200, attempts: 3, last_attempt_at: expect.any(String), next_retry_at: null },
			]);
			expect((await call('GET', '/api/v1/webhooks/1/deliveries?status=failed')).body.data).toEqual([]);
		} finally {
			await rx.close();
		}
	});

	test('an endpoint that keeps failing gets 3 attempts and the delivery is failed; an update carries its changes', async () => {
		const rx = await receiver([500]);
		try {
			await call('POST', '/api/v1/webhooks', { body: { url: rx.url, events: ['*'], secret: 'whsec-sandbox-test-0002' } });
			const id = (await call('POST', '/api/v1/contacts', { body: { last_name: 'Turing' } })).body.data.id;
			await call('PATCH', `/api/v1/contacts/${id}`, { body: { first_name: 'Alan' } });
			await sb.generic.webhooks.flush();
			const deliveries = (await call('GET', '/api/v1/webhooks/1/deliveries?status=failed')).body.data;
			expect(deliveries.map((d: any) => [d.event_type, d.status, d.response_code, d.attempts])).toEqual([
				['contact.created', 'failed', 500, 3],
				['contact.updated', 'failed', 500, 3],
			]);
			const update = rx.got.map((g) => JSON.parse(g.body)).find((b) => b.type === 'contact.updated');
			expect(update.data.changes).toEqual({ first_name: { from: null, to: 'Alan' } });
		} finally {
			await rx.close();
		}
	});
});

describe('custom members resource, one shape per paging style', () => {
	const base = (style: string) => `/api/v1/ext/${style}/members`;

	/** Follows a style's paging from its first page, page size 3: what each answer says and the ids seen. */
	async function walk(style: string): Promise<{ pages: number; ids: number[] }> {
		const s = sb.generic.custom.styles[style as 'page'];
		const ids: number[] = [];
		let pages = 0;
		let next: string | undefined = `${base(style)}?${style === 'page' || style === 'link' ? 'per_page' : 'limit'}=3`;
		let offset = 0;
		while (next) {
			const res = await call('GET', next);
			expect(res.status).toBe(200);
			pages++;
			const list = (s.list ? s.list.split('.').reduce((o: any, k) => o[k], res.body) : res.body) as any[];
			ids.push(...list.map((r) => r[s.id]));
			if (style === 'page') next = res.body.meta.page < res.body.meta.total_pages ? `${base(style)}?per_page=3&page=${res.body.meta.page + 1}` : undefined;
			else if (style === 'offset') {
				offset += 3;
				next = offset < res.body.total ? `${base(style)}?limit=3&offset=${offset}` : undefined;
			} else if (style === 'cursor') next = res.body.next_cursor ? `${base(style)}?limit=3&cursor=${res.body.next_cursor}` : undefined;
			else if (style === 'link') next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1]?.replace(sb.generic.baseUrl, '');
			else next = res.body.links.next ? String(res.body.links.next).replace(sb.generic.baseUrl, '') : undefined;
		}
		return { pages, ids };
	}

	test.each(['page', 'offset', 'cursor', 'link', 'next'])('%s: 7 records in 3 pages of 3, in id order, each in its own envelope', async (style) => {
		sb.generic.custom.seed(7);
		expect(await walk(style)).toEqual({ pages: 3, ids: [1, 2, 3, 4, 5, 6, 7] });
	});

	test('envelopes, id and time field names, and the end of each listing as the header says', async () => {
		sb.generic.custom.seed(2);
		const page = (await call('GET', `${base('page')}?per_page=2`)).body;
		expect(page).toEqual({ data: [expect.objectContaining({ id: 1, given_name: 'Member1', updated_at: expect.any(String) }), expect.anything()], meta: { page: 1, per_page: 2, total: 2, total_pages: 1 } });
		expect((await call('GET', `${base('offset')}?limit=2`)).body).toEqual({ items: [expect.objectContaining({ member_id: 1, modified_at: expect.any(String) }), expect.anything()], total: 2, offset: 0, limit: 2 });
		expect((await call('GET', `${base('cursor')}?limit=2`)).body).toEqual({ results: [expect.objectContaining({ uid: 1, updated: expect.any(String), created: expect.any(String) }), expect.anything()], next_cursor: null });
		const link = await call('GET', `${base('link')}?per_page=2`);
		expect(link.headers.get('link')).toBeNull();
		expect(link.body).toHaveLength(2);
		expect((await call('GET', `${base('next')}?limit=2`)).body).toEqual({ data: { records: [expect.objectContaining({ id: 1, last_modified: expect.any(String) }), expect.anything()] }, links: { next: null } });
		expect((await call('GET', `${base('offset')}/1`)).body).toEqual({ item: expect.objectContaining({ member_id: 1 }) });
		expect((await call('GET', `${base('cursor')}/1`)).body).toEqual(expect.objectContaining({ uid: 1, given_name: 'Member1' }));
	});

	test('refusals: page size over 50, unknown or unsupported parameters, a bad cursor, the other update method, unknown and missing fields, a taken e-mail', async () => {
		sb.generic.custom.seed(1);
		expect((await call('GET', `${base('page')}?per_page=51`)).body).toEqual(validation({ per_page: 'must be an integer between 1 and 50' }, 'Invalid query parameters'));
		expect((await call('GET', `${base('offset')}?limit=10&updated_since=2030-01-01T00:00:00Z`)).body).toEqual(validation({ updated_since: 'is not a recognised parameter' }, 'Invalid query parameters'));
		expect((await call('GET', `${base('page')}?updated_since=yesterday`)).body).toEqual(validation({ updated_since: 'must be an ISO 8601 date-time' }, 'Invalid query parameters'));
		expect((await call('GET', `${base('cursor')}?cursor=bm9wZQ`)).body).toEqual(validation({ cursor: 'is not a valid cursor' }, 'Invalid query parameters'));
		expect((await call('GET', `${base('page')}?colour=red`)).body).toEqual(validation({ colour: 'is not a recognised parameter' }, 'Invalid query parameters'));
		expect((await call('PUT', `${base('page')}/1`, { body: { given_name: 'X' } })).status).toBe(405);
		expect((await call('PATCH', `${base('offset')}/1`, { body: { given_name: 'X' } })).status).toBe(405);
		expect((await call('POST', base('page'), { body: { family_name: 'Only', nickname: 'n' } })).body).toEqual(validation({ nickname: 'is not a recognised field', given_name: 'is required' }));
		expect(await call('POST', base('page'), { body: { given_name: 'Dup', email: 'MEMBER1@members.example.com' } })).toMatchObject({
			status: 409,
			body: { error: { code: 'CONFLICT', message: 'A record with this value already exists', fields: { email: 'is already taken' } } },
		});
		expect((await call('GET', `${base('page')}/99`)).status).toBe(404);
	});

	test('PUT replaces (omitted fields become null), PATCH changes only what it names; updated_since filters on the shapes that have it', async () => {
		sb.generic.custom.seed(1);
		const put = (await call('PUT', `${base('offset')}/1`, { body: { given_name: 'Ada', title: 'Countess' } })).body.item;
		expect(put).toMatchObject({ member_id: 1, given_name: 'Ada', family_name: null, email: null, title: 'Countess' });
		const patched = (await call('PATCH', `${base('page')}/1`, { body: { phone: '+441234' } })).body.data;
		expect(patched).toMatchObject({ id: 1, given_name: 'Ada', title: 'Countess', phone: '+441234' });
		expect(Date.parse(patched.updated_at)).toBeGreaterThan(Date.parse(put.modified_at) - 1);
		const later = new Date(Date.parse(patched.updated_at) + 1).toISOString();
		expect((await call('GET', `${base('page')}?updated_since=${patched.updated_at}`)).body.data.map((r: any) => r.id)).toEqual([1]);
		expect((await call('GET', `${base('cursor')}?updated_since=${later}`)).body.results).toEqual([]);
		expect((await call('GET', `${base('page')}?email=nobody@example.com`)).body.data).toEqual([]);
	});
});

describe('rate-limit headers', () => {
	test.each([
		['x', { 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': '60' }],
		['ietf', { 'ratelimit-policy': '"default";q=2;w=60', ratelimit: '"default";r=1;t=60' }],
		['ietf-legacy', { 'ratelimit-limit': '2', 'ratelimit-remaining': '1', 'ratelimit-reset': '60' }],
		['none', {}],
	] as const)('%s: announced on every authenticated answer; the third call in the window is 429 with Retry-After', async (style, first) => {
		sb.generic.setRateLimit({ limit: 2, windowMs: 60_000, style });
		const names = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'ratelimit-policy', 'ratelimit', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'];
		const rateHeaders = (h: Headers) => Object.fromEntries(names.filter((n) => h.get(n) !== null).map((n) => [n, h.get(n)]));
		const one = await call('GET', '/api/v1/contacts');
		expect(rateHeaders(one.headers)).toEqual(first);
		await call('GET', '/api/v1/contacts');
		const third = await call('GET', '/api/v1/contacts');
		expect(third.status).toBe(429);
		expect(third.body).toEqual({ error: { code: 'RATE_LIMITED', message: 'Too many requests' } });
		// Seconds until the window (opened by the first call) resets: 60 less the time the three calls took.
		expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(50);
		expect(Number(third.headers.get('retry-after'))).toBeLessThanOrEqual(60);
		// Per caller: another credential has its own window; the health endpoint counts for nobody.
		expect((await call('GET', '/api/v1/contacts', { key: null, headers: { authorization: 'Bearer sandbox-personal-token' } })).status).toBe(200);
		const health = await call('GET', '/api/v1/health', { key: null });
		expect(health.status).toBe(200);
		expect(rateHeaders(health.headers)).toEqual({});
	});
});

describe('JWT login, expiry and refresh', () => {
	const login = (password = 'sandbox-password') => call('POST', '/api/v1/auth/login', { key: null, body: { username: 'sandbox', password } });
	const me = (token: string) => call('GET', '/api/v1/auth/me', { headers: { authorization: `Bearer ${token}` } });

	test('a token works until it expires (401 TOKEN_EXPIRED), a refresh gives a new pair once (refresh tokens rotate), a wrong password is refused', async () => {
		expect(await login('wrong')).toMatchObject({ status: 401, body: { error: { code: 'INVALID_CREDENTIALS', message: 'Invalid username or password' } } });
		const pair = (await login()).body;
		expect(pair).toEqual({ access_token: expect.any(String), refresh_token: expect.stringMatching(/^rt_[0-9a-f]{48}$/), token_type: 'Bearer', expires_in: 60 });
		const claims = JSON.parse(Buffer.from(pair.access_token.split('.')[1], 'base64url').toString('utf8'));
		expect(claims).toEqual({ sub: 'user:sandbox', iat: expect.any(Number), exp: claims.iat + 60, typ: 'access', scope: 'crm', jti: expect.any(String) });
		expect((await me(pair.access_token)).body).toEqual({ data: { sub: 'user:sandbox', method: 'jwt' } });
		sb.generic.advanceTime(61_000);
		const expired = await me(pair.access_token);
		expect(expired).toMatchObject({ status: 401, body: { error: { code: 'TOKEN_EXPIRED', message: 'The access token has expired' } } });
		expect(expired.headers.get('www-authenticate')).toBe('Bearer error="invalid_token", error_description="The access token expired"');
		const renewed = await call('POST', '/api/v1/auth/refresh', { key: null, body: { refresh_token: pair.refresh_token } });
		expect(renewed.status).toBe(200);
		expect((await me(renewed.body.access_token)).status).toBe(200);
		expect(await call('POST', '/api/v1/auth/refresh', { key: null, body: { refresh_token: pair.refresh_token } })).toMatchObject({
			status: 401,
			body: { error: { code: 'INVALID_REFRESH_TOKEN', message: 'Refresh token is invalid or expired' } },
		});
		expect(sb.generic.authCalls).toEqual({ login: 1, refresh: 1, refreshRefused: 1 });
		const forged = `${pair.access_token.split('.').slice(0, 2).join('.')}.${'A'.repeat(43)}`;
		expect((await me(forged)).body).toEqual({ error: { code: 'INVALID_TOKEN', message: 'The access token is not valid' } });
	});

	test('expireTokensAfter(n): after n more JWT requests every token issued so far is expired (a session ending mid-run)', async () => {
		const token = (await login()).body.access_token;
		sb.generic.expireTokensAfter(2);
		expect((await me(token)).status).toBe(200);
		expect((await me(token)).status).toBe(200);
		expect((await me(token)).body.error.code).toBe('TOKEN_EXPIRED');
		// Other methods are not counted.
		expect((await call('GET', '/api/v1/auth/me')).body).toEqual({ data: { sub: 'apikey', method: 'api_key' } });
	});
});

describe('OAuth2 client credentials', () => {
	const token = (body: string, headers: Record<string, string> = {}) =>
		call('POST', '/api/v1/oauth/token', { key: null, raw: body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });

	test('client authenticated by HTTP Basic or in the body; wrong client and other grants refused as RFC 6749 says', async () => {
		const basic = `Basic ${Buffer.from('sandbox-client:sandbox-client-secret').toString('base64')}`;
		const issued = await token('grant_type=client_credentials&scope=crm', { authorization: basic });
		expect(issued).toMatchObject({ status: 200, body: { access_token: expect.any(String), token_type: 'Bearer', expires_in: 60, scope: 'crm' } });
		expect((await call('GET', '/api/v1/auth/me', { headers: { authorization: `Bearer ${issued.body.access_token}` } })).body).toEqual({ data: { sub: 'client:sandbox-client', method: 'oauth2' } });
		expect((await token('grant_type=client_credentials&client_id=sandbox-client&client_secret=sandbox-client-secret')).status).toBe(200);
		expect(await token('grant_type=client_credentials&client_id=sandbox-client&client_secret=nope')).toMatchObject({ status: 401, body: { error: 'invalid_client', error_description: 'Client authentication failed' } });
		expect(await token('grant_type=password&username=sandbox&password=sandbox-password', { authorization: basic })).toMatchObject({
			status: 400,
			body: { error: 'unsupported_grant_type', error_description: 'Only client_credentials is supported' },
		});
	});
});
