import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type Sandbox } from './index';

const TOKEN = 'pat-sandbox-token';

interface Res {
	status: number;
	headers: Headers;
	body: any;
}

async function call(sb: Sandbox, method: string, path: string, opts: { body?: unknown; token?: string | null; headers?: Record<string, string> } = {}): Promise<Res> {
	const headers: Record<string, string> = { ...(opts.headers ?? {}) };
	const token = opts.token === undefined ? TOKEN : opts.token;
	if (token !== null && path.startsWith('/hubspot')) headers.Authorization = `Bearer ${token}`;
	let body: string | undefined;
	if (opts.body !== undefined) {
		body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
		headers['Content-Type'] = headers['Content-Type'] ?? 'application/json';
	}
	const res = await fetch(`${sb.url}${path}`, { method, headers, body });
	const text = await res.text();
	return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

/** A local receiver that records what it gets and answers 204. */
async function receiver() {
	const got: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }> = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			got.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.writeHead(204);
			res.end();
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/hubspot`;
	return { url, got, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('CRM sandbox', () => {
	let sb: Sandbox;

	beforeAll(async () => {
		sb = await startSandbox({ port: 0, seed: 1 });
		sb.hubspot.seed({ companies: 10, contacts: 50, deals: 10, meetings: 5 }, 1);
	});
	afterAll(async () => {
		await sb.close();
	});
	beforeEach(() => {
		sb.hubspot.resetRateLimits();
		sb.faults.clear();
		sb.log.reset();
	});

	describe('HubSpot auth', () => {
		it('rejects a missing or unknown bearer token with HubSpot 401 body', async () => {
			for (const token of [null, 'pat-wrong']) {
				const r = await call(sb, 'GET', '/hubspot/crm/v3/objects/contacts', { token });
				expect(r.status).toBe(401);
				expect(r.body).toEqual({
					status: 'error',
					message:
						'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
					correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
					category: 'INVALID_AUTHENTICATION',
				});
				expect(r.headers.get('x-hubspot-ratelimit-max')).toBeNull();
			}
		});

		it('issues OAuth2 tokens, rejects expired ones and refreshes them', async () => {
			const { clientId, clientSecret } = sb.hubspot.oauth;
			const redirect = 'http://localhost:5678/rest/oauth2-credential/callback';
			const auth = await fetch(`${sb.hubspot.baseUrl}/oauth/authorize?client_id=${clientId}&redirect_uri=${encodeURIComponent(redirect)}&state=xyz`, { redirect: 'manual' });
			expect(auth.status).toBe(302);
			const loc = new URL(auth.headers.get('location') ?? '');
			expect(`${loc.origin}${loc.pathname}`).toBe(redirect);
			expect(loc.searchParams.get('state')).toBe('xyz');
			const form = (o: Record<string, string>) => ({ body: new URLSearchParams(o).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
			const tok = await call(sb, 'POST', '/hubspot/oauth/v1/token', {
				token: null,
				...form({ grant_type: 'authorization_code', client_id: clientId, client_secret: clientSecret, redirect_uri: redirect, code: loc.searchParams.get('code') ?? '' }),
			});
			expect(tok.status).toBe(200);
			expect(tok.body).toEqual({ token_type: 'bearer', refresh_token: expect.any(String), access_token: expect.any(String), expires_in: 1800 });

			const ok = await call(sb, 'GET', '/hubspot/crm/v3/objects/contacts?limit=1', { token: tok.body.access_token });
			expect(ok.status).toBe(200);
			expect(ok.headers.get('x-hubspot-ratelimit-max')).toBe('110');
			expect(ok.headers.get('x-hubspot-ratelimit-daily')).toBeNull();

			sb.hubspot.oauth.expireAccessTokens();
			const expired = await call(sb, 'GET', '/hubspot/crm/v3/objects/contacts?limit=1', { token: tok.body.access_token });
			expect(expired.status).toBe(401);
			expect(expired.body.category).toBe('EXPIRED_AUTHENTICATION');

			const reused = await call(sb, 'POST', '/hubspot/oauth/v1/token', { token: null, ...form({ grant_type: 'authorization_code', client_id: clientId, client_secret: clientSecret, redirect_uri: redirect, code: loc.searchParams.get('code') ?? '' }) });
			expect(reused.status).toBe(400);
			expect(reused.body).toEqual({ status: 'BAD_AUTH_CODE', message: 'missing or unknown auth code', correlationId: expect.any(String) });

			const refreshed = await call(sb, 'POST', '/hubspot/oauth/v1/token', {
				token: null,
				...form({ grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret, refresh_token: tok.body.refresh_token }),
			});
			expect(refreshed.status).toBe(200);
			expect(refreshed.body.refresh_token).toBe(tok.body.refresh_token);
			expect((await call(sb, 'GET', '/hubspot/crm/v3/objects/contacts?limit=1', { token: refreshed.body.access_token })).status).toBe(200);
		});
	});

	describe('HubSpot records', () => {
		it('creates, reads, updates and archives a contact', async () => {
			const created = await call(sb, 'POST', '/hubspot/crm/v3/objects/contacts', { body: { properties: { email: 'Ada.Lovelace@Example.com', firstname: 'Ada', lifecyclestage: 'lead' } } });
			expect(created.status).toBe(201);
			const id: string = created.body.id;
			expect(id).toMatch(/^\d+$/);
			expect(created.body.properties).toEqual({
				createdate: created.body.createdAt,
				email: 'ada.lovelace@example.com',
				firstname: 'Ada',
				hs_object_id: id,
				lastmodifieddate: created.body.updatedAt,
				lastname: null,
				lifecyclestage: 'lead',
			});
			expect(created.body.archived).toBe(false);

			const byEmail = await call(sb, 'GET', '/hubspot/crm/v3/objects/contacts/ada.lovelace@example.com?idProperty=email&properties=firstname,lifecyclestage,nosuchprop');
			expect(byEmail.status).toBe(200);
			expect(byEmail.body.id).toBe(id);
			expect(Object.keys(byEmail.body.properties).sort()).toEqual(['createdate', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lifecyclestage']);

			const patched = await call(sb, 'PATCH', `/hubspot/crm/v3/objects/contacts/${id}`, { body: { properties: { lastname: 'Lovelace', amount: 5 } } });
			expect(patched.status).toBe(400);
			expect(patched.body.category).toBe('VALIDATION_ERROR');
			expect(patched.body.message).toBe(
				'Property values were not valid: [{"isValid":false,"message":"Property \\"amount\\" does not exist","error":"PROPERTY_DOESNT_EXIST","name":"amount","localizedErrorMessage":"Property \\"amount\\" does not exist"}]',
			);

			const ok = await call(sb, 'PATCH', `/hubspot/crm/v3/objects/contacts/${id}`, { body: { properties: { lastname: 'Lovelace' } } });
			expect(ok.status).toBe(200);
			expect(ok.body.properties.lastname).toBe('Lovelace');
			expect(Date.parse(ok.body.properties.lastmodifieddate)).toBeGreaterThan(Date.parse(created.body.properties.lastmodifieddate));

			const dup = await call(sb, 'POST', '/hubspot/crm/v3/objects/contacts', { body: { properties: { email: 'ADA.lovelace@example.com' } } });
			expect(dup.status).toBe(409);
			expect(dup.body).toMatchObject({ status: 'error', category: 'CONFLICT', message: `Contact already exists. Existing ID: ${id}` });

			expect((await call(sb, 'DELETE', `/hubspot/crm/v3/objects/contacts/${id}`)).status).toBe(204);
			const gone = await call(sb, 'GET', `/hubspot/crm/v3/objects/contacts/${id}`);
			expect(gone.status).toBe(404);
			expect(gone.body).toEqual({ status: 'error', message: 'Object not found.  objectId are usually numeric.', correlationId: expect.any(String), context: { id: [id] }, category: 'OBJECT_NOT_FOUND' });
			expect(sb.hubspot.store.list('contacts', { archived: true }).map((r) => r.id)).toContain(id);
		});

		it('pages a list with after cursors until the last page', async () => {
			const seen: string[] = [];
			let path: string | null = '/hubspot/crm/v3/objects/companies?limit=4&properties=name';
			let pages = 0;
			while (path) {
				const r: Res = await call(sb, 'GET', path);
				expect(r.status).toBe(200);
				pages++;
				for (const rec of r.body.results) seen.push(rec.id);
				expect(Object.keys(r.body.results[0].properties).sort()).toEqual(['createdate', 'hs_lastmodifieddate', 'hs_object_id', 'name']);
				path = r.body.paging ? r.body.paging.next.link.slice(sb.url.length) : null;
			}
			expect(pages).toBe(3);
			expect(seen).toEqual(sb.hubspot.store.list('companies').map((c) => c.id));
		});

		it('shares one timestamp across writes while the clock is frozen', async () => {
			sb.hubspot.freezeClock('2026-01-02T03:04:05.678Z');
			try {
				const a = await call(sb, 'POST', '/hubspot/crm/v3/objects/deals', { body: { properties: { dealname: 'A', amount: '10' } } });
				const b = await call(sb, 'POST', '/hubspot/crm/v3/objects/deals', { body: { properties: { dealname: 'B', amount: 20 } } });
				expect(a.body.properties.hs_lastmodifieddate).toBe('2026-01-02T03:04:05.678Z');
				expect(b.body.properties.hs_lastmodifieddate).toBe('2026-01-02T03:04:05.678Z');
				expect(b.body.properties.amount).toBe('20');
			} finally {
				sb.hubspot.unfreezeClock();
			}
		});
	});

	describe('HubSpot batch', () => {
		it('answers 207 with per-record errors when inputs carry objectWriteTraceIds', async () => {
			const before = sb.hubspot.store.count('contacts');
			const r = await call(sb, 'POST', '/hubspot/crm/v3/objects/contacts/batch/create', {
				body: {
					inputs: [
						{ properties: { email: 'b1@example.com' }, objectWriteTraceId: 't1' },
						{ properties: { email: 'not-an-email' }, objectWriteTraceId: 't2' },
						{ properties: { email: 'b3@example.com' }, objectWriteTraceId: 't3' },
					],
				},
			});
			expect(r.status).toBe(207);
			expect(r.body.status).toBe('COMPLETE');
			expect(r.body.numErrors).toBe(1);
			expect(r.body.results.map((x: any) => [x.objectWriteTraceId, x.properties.email])).toEqual([
				['t1', 'b1@example.com'],
				['t3', 'b3@example.com'],
			]);
			expect(r.body.errors).toEqual([
				{
					status: 'error',
					category: 'VALIDATION_ERROR',
					message:
						'Property values were not valid: [{"isValid":false,"message":"Email address not-an-email is invalid","error":"INVALID_EMAIL","name":"email","localizedErrorMessage":"Email address not-an-email is invalid"}]',
					context: { objectWriteTraceId: ['t2'] },
				},
			]);
			expect(sb.hubspot.store.count('contacts')).toBe(before + 2);
		});

		it('rejects the whole batch with 400 and writes nothing without trace ids', async () => {
			const before = sb.hubspot.store.count('contacts');
			sb.faults.set({ failRecord: (input) => input.properties?.firstname === 'Reject' });
			const r = await call(sb, 'POST', '/hubspot/crm/v3/objects/contacts/batch/create', {
				body: { inputs: [{ properties: { email: 'c1@example.com' } }, { properties: { email: 'c2@example.com', firstname: 'Reject' } }] },
			});
			expect(r.status).toBe(400);
			expect(r.body.category).toBe('VALIDATION_ERROR');
			expect(r.body.message).toContain('Sandbox fault: this record was rejected (failRecord)');
			expect(sb.hubspot.store.count('contacts')).toBe(before);
		});

		it('rejects more than 100 inputs', async () => {
			const inputs = Array.from({ length: 101 }, (_, i) => ({ properties: { email: `many${i}@example.com` } }));
			const r = await call(sb, 'POST', '/hubspot/crm/v3/objects/contacts/batch/create', { body: { inputs } });
			expect(r.status).toBe(400);
			expect(r.body).toEqual({
				status: 'error',
				message: 'Batch input limit exceeded: 101 inputs were provided, the maximum is 100.',
				correlationId: expect.any(String),
				category: 'VALIDATION_ERROR',
			});
			expect(sb.log.count('POST /hubspot/crm/v3/objects/contacts/batch/create')).toBe(1);
		});

		it('upserts by email: new records and existing ones', async () => {
			const existing = sb.hubspot.store.list('contacts')[0];
			const r = await call(sb, 'POST', '/hubspot/crm/v3/objects/contacts/batch/upsert', {
				body: {
					inputs: [
						{ id: existing.properties.email?.toUpperCase(), idProperty: 'email', properties: { jobtitle: 'Chief Upserter' } },
						{ id: 'fresh.person@example.com', idProperty: 'email', properties: { firstname: 'Fresh' } },
					],
				},
			});
			expect(r.status).toBe(200);
			expect(r.body.results.map((x: any) => [x.id === existing.id, x.new, x.properties.jobtitle ?? x.properties.firstname])).toEqual([
				[true, false, 'Chief Upserter'],
				[false, true, 'Fresh'],
			]);
			expect(sb.hubspot.store.getRecord('contacts', r.body.results[1].id)?.properties.email).toBe('fresh.person@example.com');

			const dup = await call(sb, 'POST', '/hubspot/crm/v3/objects/contacts/batch/upsert', {
				body: { inputs: [{ id: 'x@example.com', idProperty: 'email', properties: {} }, { id: 'X@example.com', idProperty: 'email', properties: {} }] },
			});
			expect(dup.status).toBe(400);
			expect(dup.body.message).toBe('Duplicate IDs found in batch input: [X@example.com]. IDs must be unique');
		});

		it('batch-reads with 207 for missing ids and archives with 204', async () => {
			const [a, b] = sb.hubspot.store.list('deals');
			const r = await call(sb, 'POST', '/hubspot/crm/v3/objects/deals/batch/read', { body: { inputs: [{ id: a.id }, { id: '999999' }], properties: ['dealname'] } });
			expect(r.status).toBe(207);
			expect(r.body.results.map((x: any) => x.id)).toEqual([a.id]);
			expect(r.body.errors[0]).toEqual({
				status: 'error',
				category: 'OBJECT_NOT_FOUND',
				message: 'Could not get some DEAL objects, they may be deleted or not exist. Check that ids are valid.',
				context: { ids: ['999999'] },
			});
			expect((await call(sb, 'POST', '/hubspot/crm/v3/objects/deals/batch/archive', { body: { inputs: [{ id: b.id }] } })).status).toBe(204);
			expect(sb.hubspot.store.getRecord('deals', b.id)?.archived).toBe(true);
		});
	});

	describe('HubSpot search', () => {
		it('filters, sorts and pages', async () => {
			const contacts = sb.hubspot.store.list('contacts');
			const target = contacts[3];
			const eq = await call(sb, 'POST', '/hubspot/crm/v3/objects/contacts/search', {
				body: { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: target.properties.email?.toUpperCase() }] }] },
			});
			expect(eq.status).toBe(200);
			expect(eq.body.total).toBe(1);
			expect(eq.body.results[0].id).toBe(target.id);
			expect(Object.keys(eq.body.results[0].properties).sort()).toEqual(['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname']);
			expect(eq.headers.get('x-hubspot-ratelimit-max')).toBeNull();

			const stages = ['closedwon', 'closedlost'];
			const expected = sb.hubspot.store.list('deals').filter((d) => stages.includes(d.properties.dealstage ?? '') && Number(d.properties.amount) >= 1000);
			const inq = await call(sb, 'POST', '/hubspot/crm/v3/objects/deals/search', {
				body: {
					filterGroups: [{ filters: [{ propertyName: 'dealstage', operator: 'IN', values: stages }, { propertyName: 'amount', operator: 'GTE', value: '1000' }] }],
					sorts: [{ propertyName: 'amount', direction: 'DESCENDING' }],
					properties: ['amount'],
				},
			});
			expect(inq.body.total).toBe(expected.length);
			const amounts = inq.body.results.map((x: any) => Number(x.properties.amount));
			expect(amounts).toEqual([...amounts].sort((x, y) => y - x));

			const all: string[] = [];
			let after: string | undefined;
			do {
				const page: Res = await call(sb, 'POST', '/hubspot/crm/v3/objects/companies/search', { body: { limit: 4, after, filterGroups: [{ filters: [{ propertyName: 'domain', operator: 'HAS_PROPERTY' }] }] } });
				expect(page.status).toBe(200);
				all.push(...page.body.results.map((x: any) => x.id));
				after = page.body.paging?.next.after;
			} while (after);
			expect(all).toEqual(sb.hubspot.store.list('companies').map((c) => c.id));
		});

		it('enforces filter limits, the 200 page size and the 5 per second search limit', async () => {
			const filters = (n: number) => Array.from({ length: n }, () => ({ propertyName: 'firstname', operator: 'HAS_PROPERTY' }));
			const groups6 = await call(sb, 'POST', '/hubspot/crm/v3/objects/contacts/search', { body: { filterGroups: Array.from({ length: 6 }, () => ({ filters: filters(1) })) } });
			expect(groups6.status).toBe(400);
			expect(groups6.body.category).toBe('VALIDATION_ERROR');
			const per7 = await call(sb, 'POST', '/hubspot/crm/v3/objects/contacts/search', { body: { filterGroups: [{ filters: filters(7) }] } });
			expect(per7.status).toBe(400);
			const total19 = await call(sb, 'POST', '/hubspot/crm/v3/objects/contacts/search', { body: { filterGroups: [1, 2, 3, 4].map(() => ({ filters: filters(5) })) } });
			expect(total19.status).toBe(400);
			expect(total19.body.message).toBe('Too many filters: 20. The maximum is 18.');
			const big = await call(sb, 'POST', '/hubspot/crm/v3/objects/contacts/search', { body: { limit: 201 } });
			expect(big.status).toBe(400);
			const fifth = await call(sb, 'POST', '/hubspot/crm/v3/objects/contacts/search', { body: {} });
			expect(fifth.status).toBe(200);
			const sixth = await call(sb, 'POST', '/hubspot/crm/v3/objects/contacts/search', { body: {} });
			expect(sixth.status).toBe(429);
			expect(sixth.headers.get('retry-after')).toBe('1');
			expect(sixth.body).toMatchObject({ status: 'error', errorType: 'RATE_LIMIT', policyName: 'SECONDLY', message: 'You have reached your secondly limit.' });
		});

		it('caps paging at 10,000 results', async () => {
			const big = await startSandbox({ port: 0, seed: 2 });
			try {
				big.hubspot.seed({ notes: 10_050 }, 2);
				const near = await call(big, 'POST', '/hubspot/crm/v3/objects/notes/search', { body: { limit: 200, after: '9800' } });
				expect(near.status).toBe(200);
				expect(near.body.total).toBe(10_050);
				expect(near.body.results).toHaveLength(200);
				expect(near.body.paging).toEqual({ next: { after: '10000' } });
				const past = await call(big, 'POST', '/hubspot/crm/v3/objects/notes/search', { body: { limit: 200, after: near.body.paging.next.after } });
				expect(past.status).toBe(400);
				expect(past.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
			} finally {
				await big.close();
			}
		});
	});

	describe('HubSpot rate limits', () => {
		it('answers 429 TEN_SECONDLY_ROLLING once 100 requests fill the window (starter)', async () => {
			const remaining: number[] = [];
			for (let i = 0; i < 100; i++) {
				const r = await fetch(`${sb.hubspot.baseUrl}/crm/v3/owners`, { headers: { Authorization: `Bearer ${TOKEN}` } });
				await r.text();
				expect(r.status).toBe(200);
				remaining.push(Number(r.headers.get('x-hubspot-ratelimit-remaining')));
			}
			expect(remaining[0]).toBe(99);
			expect(remaining[99]).toBe(0);
			const r = await call(sb, 'GET', '/hubspot/crm/v3/owners');
			expect(r.status).toBe(429);
			expect(r.body).toEqual({
				status: 'error',
				message: 'You have reached your ten_secondly_rolling limit.',
				errorType: 'RATE_LIMIT',
				correlationId: expect.any(String),
				policyName: 'TEN_SECONDLY_ROLLING',
				groupName: expect.any(String),
			});
			expect(r.headers.get('x-hubspot-ratelimit-max')).toBe('100');
			expect(r.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
			expect(r.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
			expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

			sb.hubspot.setPlan('pro');
			try {
				const pro = await call(sb, 'GET', '/hubspot/crm/v3/owners');
				expect(pro.status).toBe(200);
				expect(pro.headers.get('x-hubspot-ratelimit-max')).toBe('190');
				expect(pro.headers.get('x-hubspot-ratelimit-remaining')).toBe('89');
			} finally {
				sb.hubspot.setPlan('starter');
			}
		});
	});

	describe('fault injection', () => {
		async function statuses(n: number): Promise<number[]> {
			const out: number[] = [];
			for (let i = 0; i < n; i++) {
				const r = await call(sb, 'GET', '/hubspot/crm/v3/objects/contacts?limit=1');
				out.push(r.status);
			}
			return out;
		}

		it('is deterministic for a given seed and answers faults like HubSpot', async () => {
			sb.faults.set({ status503Rate: 0.2, status429Rate: 0.1, onlyPaths: /\/objects\/contacts$/ });
			const first = await statuses(40);
			sb.hubspot.resetRateLimits();
			sb.faults.set({ status503Rate: 0.2, status429Rate: 0.1, onlyPaths: /\/objects\/contacts$/ });
			const second = await statuses(40);
			expect(second).toEqual(first);
			expect(first.filter((s) => s === 503).length).toBeGreaterThan(0);
			expect(first.filter((s) => s === 429).length).toBeGreaterThan(0);
			expect(first.filter((s) => s === 200).length).toBeGreaterThan(0);
			expect(sb.log.all().filter((e) => e.fault === '429').length).toBe(2 * first.filter((s) => s === 429).length);

			sb.faults.set({ status429Rate: 1 });
			const limited = await call(sb, 'GET', '/hubspot/crm/v3/objects/contacts?limit=1');
			expect(limited.status).toBe(429);
			expect(limited.body).toMatchObject({ errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' });
			expect(limited.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
		});

		it('drops the connection before or after applying a write', async () => {
			const before = sb.hubspot.store.count('companies');
			sb.faults.set({ dropBeforeRate: 1, methods: ['POST'] });
			await expect(call(sb, 'POST', '/hubspot/crm/v3/objects/companies', { body: { properties: { name: 'Lost Co' } } })).rejects.toThrow();
			expect(sb.hubspot.store.count('companies')).toBe(before);

			sb.faults.set({ dropAfterRate: 1, methods: ['POST'] });
			await expect(call(sb, 'POST', '/hubspot/crm/v3/objects/companies', { body: { properties: { name: 'Ghost Co' } } })).rejects.toThrow();
			expect(sb.hubspot.store.count('companies')).toBe(before + 1);
			expect(sb.hubspot.store.list('companies').some((c) => c.properties.name === 'Ghost Co')).toBe(true);
			expect(sb.log.all().map((e) => e.fault)).toEqual(['drop-before', 'drop-after']);
		});
	});

	describe('webhooks', () => {
		it('signs v3 (and v1/v2) like HubSpot; a forged delivery fails verification', async () => {
			const rx = await receiver();
			try {
				const secret = 'my-client-secret';
				const events = [{ subscriptionType: 'contact.propertyChange', objectId: 123, propertyName: 'email', propertyValue: 'a@b.co', changeSource: 'CRM', sourceId: 'userId:1' }];
				const res = await sb.webhooks.deliver(rx.url, events, { clientSecret: secret, signatureVersion: 'v3' });
				expect(res.status).toBe(204);
				const got = rx.got[0];
				const ts = String(got.headers['x-hubspot-request-timestamp']);
				expect(Math.abs(Date.now() - Number(ts))).toBeLessThan(5000);
				const expected = createHmac('sha256', secret).update(`POST${rx.url}${got.body}${ts}`).digest('base64');
				expect(got.headers['x-hubspot-signature-v3']).toBe(expected);
				const payload = JSON.parse(got.body);
				expect(payload[0]).toMatchObject({ subscriptionType: 'contact.propertyChange', objectId: 123, portalId: sb.hubspot.portalId, appId: sb.hubspot.appId, attemptNumber: 0, changeSource: 'CRM' });
				expect(typeof payload[0].eventId).toBe('number');

				await sb.webhooks.deliver(rx.url, events, { clientSecret: secret, forge: true });
				const forged = rx.got[1];
				const recomputed = createHmac('sha256', secret).update(`POST${rx.url}${forged.body}${forged.headers['x-hubspot-request-timestamp']}`).digest('base64');
				expect(forged.headers['x-hubspot-signature-v3']).not.toBe(recomputed);

				await sb.webhooks.deliver(rx.url, events, { clientSecret: secret, signatureVersion: 'v1' });
				expect(rx.got[2].headers['x-hubspot-signature-version']).toBe('v1');
				expect(rx.got[2].headers['x-hubspot-signature']).toBe(createHash('sha256').update(secret + rx.got[2].body).digest('hex'));
				await sb.webhooks.deliver(rx.url, events, { clientSecret: secret, signatureVersion: 'v2' });
				expect(rx.got[3].headers['x-hubspot-signature']).toBe(createHash('sha256').update(`${secret}POST${rx.url}${rx.got[3].body}`).digest('hex'));
			} finally {
				await rx.close();
			}
		});

		it('manages app subscriptions with the developer key and delivers CRM writes to them', async () => {
			const rx = await receiver();
			try {
				const key = sb.hubspot.developer.apiKey;
				const app = sb.hubspot.appId;
				expect((await call(sb, 'GET', `/hubspot/webhooks/v3/${app}/subscriptions`, { token: null })).status).toBe(401);
				const settings = await call(sb, 'PUT', `/hubspot/webhooks/v3/${app}/settings?hapikey=${key}`, { token: null, body: { targetUrl: rx.url, throttling: { maxConcurrentRequests: 5 } } });
				expect(settings.status).toBe(200);
				expect(settings.body).toMatchObject({ targetUrl: rx.url, throttling: { maxConcurrentRequests: 5, period: 'SECONDLY' } });
				const sub = await call(sb, 'POST', `/hubspot/webhooks/v3/${app}/subscriptions?hapikey=${key}`, { token: null, body: { eventType: 'contact.creation', active: true } });
				expect(sub.status).toBe(201);
				const list = await call(sb, 'GET', `/hubspot/webhooks/v3/${app}/subscriptions?hapikey=${key}`, { token: null });
				expect(list.body.results).toEqual([sub.body]);

				const created = await call(sb, 'POST', '/hubspot/crm/v3/objects/contacts', { body: { properties: { email: 'hooked@example.com' } } });
				await sb.webhooks.flush();
				expect(rx.got).toHaveLength(1);
				const events = JSON.parse(rx.got[0].body);
				expect(events).toEqual([
					expect.objectContaining({ subscriptionType: 'contact.creation', subscriptionId: sub.body.id, objectId: Number(created.body.id), changeSource: 'INTEGRATION' }),
				]);
				const sig = createHmac('sha256', sb.hubspot.oauth.clientSecret).update(`POST${rx.url}${rx.got[0].body}${rx.got[0].headers['x-hubspot-request-timestamp']}`).digest('base64');
				expect(rx.got[0].headers['x-hubspot-signature-v3']).toBe(sig);

				expect((await call(sb, 'DELETE', `/hubspot/webhooks/v3/${app}/subscriptions/${sub.body.id}?hapikey=${key}`, { token: null })).status).toBe(204);
			} finally {
				sb.hubspot.developer.apps.clear();
				await rx.close();
			}
		});
	});

	describe('HubSpot metadata and associations', () => {
		it('serves properties, owners, pipelines and v4 associations', async () => {
			const props = await call(sb, 'GET', '/hubspot/crm/v3/properties/0-1');
			const email = props.body.results.find((p: any) => p.name === 'email');
			expect(email).toMatchObject({ name: 'email', type: 'string', fieldType: 'text', groupName: 'contactinformation', hasUniqueValue: false, modificationMetadata: { readOnlyValue: false } });
			expect(props.body.results.find((p: any) => p.name === 'hs_object_id').modificationMetadata.readOnlyValue).toBe(true);
			const owners = await call(sb, 'GET', '/hubspot/crm/v3/owners?limit=2');
			expect(owners.body.results).toHaveLength(2);
			expect(owners.body.paging.next.after).toBe(sb.hubspot.store.owners[2].id);
			const pipes = await call(sb, 'GET', '/hubspot/crm/v3/pipelines/deals');
			expect(pipes.body.results[0].stages.map((s: any) => s.id)).toEqual(['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent', 'closedwon', 'closedlost']);

			const contact = sb.hubspot.store.list('contacts')[10];
			const meeting = sb.hubspot.store.list('meetings')[0];
			const put = await call(sb, 'PUT', `/hubspot/crm/v4/objects/contacts/${contact.id}/associations/default/meetings/${meeting.id}`);
			expect(put.status).toBe(200);
			expect(put.body.results[0]).toEqual({ from: { id: contact.id }, to: { id: meeting.id }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 200 } });
			const got = await call(sb, 'GET', `/hubspot/crm/v4/objects/meetings/${meeting.id}/associations/contacts`);
			expect(got.body.results.map((a: any) => a.toObjectId)).toContain(Number(contact.id));
		});

		it('supports custom object types by name and id, with unique properties', async () => {
			const t = sb.hubspot.addObjectType('p_pets', { properties: [{ name: 'pet_name' }, { name: 'chip_id', hasUniqueValue: true }] });
			expect(t.objectTypeId).toMatch(/^2-\d+$/);
			const c = await call(sb, 'POST', `/hubspot/crm/v3/objects/${t.objectTypeId}`, { body: { properties: { pet_name: 'Rex', chip_id: 'A1' } } });
			expect(c.status).toBe(201);
			const up = await call(sb, 'POST', '/hubspot/crm/v3/objects/p_pets/batch/upsert', { body: { inputs: [{ id: 'A1', idProperty: 'chip_id', properties: { pet_name: 'Rex II' } }] } });
			expect(up.body.results[0]).toMatchObject({ id: c.body.id, new: false });
			expect(sb.hubspot.store.list('p_pets').map((p) => p.properties.pet_name)).toEqual(['Rex II']);
		});

		it('reports changed records since a time', async () => {
			const t0 = sb.hubspot.now();
			const c = await call(sb, 'POST', '/hubspot/crm/v3/objects/companies', { body: { properties: { name: 'Changed Co' } } });
			await call(sb, 'PATCH', `/hubspot/crm/v3/objects/companies/${c.body.id}`, { body: { properties: { city: 'Oslo' } } });
			const changes = sb.hubspot.changes.since(t0);
			expect(changes.map((x) => [x.objectType, x.id, x.changeType])).toEqual([['companies', c.body.id, 'updated']]);
			expect(changes[0].record?.properties.city).toBe('Oslo');
		});
	});

	describe('generic REST CRM', () => {
		const api = (p: string) => `/generic/api/v1${p}`;

		it('serves health without auth and rejects other calls without credentials', async () => {
			expect(await call(sb, 'GET', api('/health'))).toMatchObject({ status: 200, body: { status: 'ok' } });
			const r = await call(sb, 'GET', api('/projects'));
			expect(r.status).toBe(401);
			expect(r.body).toEqual({ error: { code: 'UNAUTHORIZED', message: 'Missing credentials: send a Bearer token or an X-API-Key header' } });
		});

		it('expires JWTs and refreshes them with single-use refresh tokens', async () => {
			const { username, password } = sb.generic.credentials;
			const login = await call(sb, 'POST', api('/auth/login'), { body: { username, password } });
			expect(login.status).toBe(200);
			expect(login.body).toEqual({ access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/), refresh_token: expect.any(String), token_type: 'Bearer', expires_in: 60 });
			const bearer = (t: string) => ({ headers: { Authorization: `Bearer ${t}` } });
			expect((await call(sb, 'GET', api('/auth/me'), bearer(login.body.access_token))).body).toEqual({ data: { sub: 'user:sandbox', method: 'jwt' } });

			sb.generic.advanceTime(61_000);
			try {
				const expired = await call(sb, 'GET', api('/projects'), bearer(login.body.access_token));
				expect(expired.status).toBe(401);
				expect(expired.body).toEqual({ error: { code: 'TOKEN_EXPIRED', message: 'The access token has expired' } });
				expect(expired.headers.get('www-authenticate')).toContain('invalid_token');
				const refreshed = await call(sb, 'POST', api('/auth/refresh'), { body: { refresh_token: login.body.refresh_token } });
				expect(refreshed.status).toBe(200);
				expect((await call(sb, 'GET', api('/projects'), bearer(refreshed.body.access_token))).status).toBe(200);
				const reused = await call(sb, 'POST', api('/auth/refresh'), { body: { refresh_token: login.body.refresh_token } });
				expect(reused.status).toBe(401);
				expect(reused.body.error.code).toBe('INVALID_REFRESH_TOKEN');
			} finally {
				sb.generic.resetTime();
			}
			const bad = await call(sb, 'POST', api('/auth/login'), { body: { username, password: 'nope' } });
			expect(bad.status).toBe(401);
		});

		it('accepts OAuth2 client credentials and API keys', async () => {
			const { clientId, clientSecret, apiKey } = sb.generic.credentials;
			const tok = await call(sb, 'POST', api('/oauth/token'), {
				body: 'grant_type=client_credentials',
				headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
			});
			expect(tok.status).toBe(200);
			expect(tok.body).toMatchObject({ token_type: 'Bearer', expires_in: 60 });
			expect((await call(sb, 'GET', api('/auth/me'), { headers: { Authorization: `Bearer ${tok.body.access_token}` } })).body.data.method).toBe('oauth2');
			const wrong = await call(sb, 'POST', api('/oauth/token'), { body: { grant_type: 'client_credentials', client_id: clientId, client_secret: 'x' } });
			expect(wrong).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
			expect((await call(sb, 'GET', api('/users'), { headers: { 'X-API-Key': apiKey } })).status).toBe(200);
			expect((await call(sb, 'GET', api('/users'), { headers: { 'X-API-Key': 'bad' } })).body).toEqual({ error: { code: 'INVALID_API_KEY', message: 'The API key is not valid' } });
		});

		it('does CRUD, validation, paging, filters and task sub-resources', async () => {
			const h = { headers: { 'X-API-Key': sb.generic.credentials.apiKey } };
			const user = await call(sb, 'POST', api('/users'), { ...h, body: { username: 'grace', email: 'Grace@Example.com', name: 'Grace Hopper' } });
			expect(user.status).toBe(201);
			expect(user.body.data).toMatchObject({ username: 'grace', email: 'grace@example.com', role: 'member', active: true });
			const invalid = await call(sb, 'POST', api('/projects'), { ...h, body: { status: 'done', owner_id: 9999, color: 'red' } });
			expect(invalid.status).toBe(422);
			expect(invalid.body).toEqual({
				error: { code: 'VALIDATION_FAILED', message: 'Validation failed', fields: { status: 'must be one of: active, on_hold, completed, archived', owner_id: 'user 9999 does not exist', color: 'is not a recognised field', name: 'is required' } },
			});
			const project = await call(sb, 'POST', api('/projects'), { ...h, body: { name: 'Launch', owner_id: user.body.data.id } });
			expect(project.status).toBe(201);
			for (let i = 0; i < 5; i++) {
				expect((await call(sb, 'POST', api(`/projects/${project.body.data.id}/tasks`), { ...h, body: { title: `Task ${i}`, status: i < 3 ? 'open' : 'done' } })).status).toBe(201);
			}
			const page = await call(sb, 'GET', api(`/projects/${project.body.data.id}/tasks?status=open&per_page=2&page=2`), h);
			expect(page.body.meta).toEqual({ page: 2, per_page: 2, total: 3, total_pages: 2 });
			expect(page.body.data.map((t: any) => t.title)).toEqual(['Task 2']);
			const taskId = page.body.data[0].id;
			const assigned = await call(sb, 'PATCH', api(`/tasks/${taskId}/assign`), { ...h, body: { user_id: user.body.data.id } });
			expect(assigned.body.data.assignee_id).toBe(user.body.data.id);
			const st = await call(sb, 'PATCH', api(`/tasks/${taskId}/status`), { ...h, body: { status: 'in_progress' } });
			expect(st.body.data.status).toBe('in_progress');
			expect((await call(sb, 'GET', api(`/users/${user.body.data.id}/tasks`), h)).body.data.map((t: any) => t.id)).toEqual([taskId]);
			const comment = await call(sb, 'POST', api('/comments'), { ...h, body: { entity_type: 'task', entity_id: taskId, body: 'On it' } });
			expect(comment.status).toBe(201);
			expect((await call(sb, 'GET', api(`/comments?entity_type=task&entity_id=${taskId}`), h)).body.data.map((c: any) => c.body)).toEqual(['On it']);
			const put = await call(sb, 'PUT', api(`/projects/${project.body.data.id}`), { ...h, body: { name: 'Launch v2' } });
			expect(put.body.data).toMatchObject({ name: 'Launch v2', owner_id: null, status: 'active' });
			expect((await call(sb, 'DELETE', api(`/comments/${comment.body.data.id}`), h)).status).toBe(204);
			expect(await call(sb, 'GET', api(`/comments/${comment.body.data.id}`), h)).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
		});
	});
});
