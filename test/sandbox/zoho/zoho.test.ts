/**
 * The sandbox's Zoho CRM vendor: as strict as Zoho's v8 docs (data centres,
 * `Zoho-oauthtoken`, mandatory `fields`, the 2,000-record page switch, COQL
 * limits, 207 per-record results, upsert, notifications with expiry,
 * concurrency and credits), and every answer the pack reads checked against
 * Zoho's published OpenAPI descriptions (./oas.ts).
 */
import { startSandbox, type Sandbox } from '..';
import { validate, ZOHO_OAS } from './oas';

let sb: Sandbox;
let token: string;
let base: string;

beforeEach(async () => {
	sb = await startSandbox({ seed: 9 });
	const t = sb.zoho.oauth.connect('in');
	token = t.access_token;
	base = `${t.api_domain}/crm/v8`;
});
afterEach(async () => {
	await sb.close();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
	const res = await fetch(`${base}${path}`, {
		method,
		headers: { Authorization: `Zoho-oauthtoken ${token}`, 'Content-Type': 'application/json', ...headers },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** The answer fits the OpenAPI schema (a failure lists where it does not). */
function fits(schema: keyof typeof ZOHO_OAS, body: unknown) {
	expect(validate(ZOHO_OAS[schema], body)).toEqual([]);
}

describe('data centres and tokens', () => {
	test("API v2's upsert (what n8n's own Zoho node calls): lower-case module, Bearer, system duplicate check on Email; no other v2 endpoint", async () => {
		const v2 = (method: string, path: string, body?: unknown) =>
			fetch(`${base.replace('/crm/v8', '/crm/v2')}${path}`, {
				method,
				headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			}).then(async (r) => ({ status: r.status, body: (await r.json()) as { data?: Array<Record<string, unknown>>; code?: string } }));
		const first = await v2('POST', '/contacts/upsert', { data: [{ Last_Name: 'Lovelace', First_Name: 'Ada', Email: 'ada@example.com' }] });
		expect(first.status).toBe(200);
		expect(first.body.data?.[0]).toMatchObject({ code: 'SUCCESS', status: 'success', action: 'insert', details: { id: expect.any(String) } });
		const again = await v2('POST', '/contacts/upsert', { data: [{ Last_Name: 'Byron', Email: 'ADA@example.com' }] });
		expect(again.body.data?.[0]).toMatchObject({ code: 'SUCCESS', action: 'update', duplicate_field: 'Email', details: { id: (first.body.data?.[0].details as { id: string }).id } });
		expect(sb.zoho.list('Contacts').map((c: Record<string, unknown>) => [c.Email, c.Last_Name])).toEqual([['ADA@example.com', 'Byron']]);
		expect((await v2('POST', '/contacts/upsert', { data: [{ First_Name: 'No last name' }] })).body.data?.[0]).toMatchObject({ status: 'error', code: 'MANDATORY_NOT_FOUND' });
		expect(await v2('GET', '/contacts')).toMatchObject({ status: 404, body: { code: 'INVALID_URL_PATTERN' } });
	});

	test("each data centre's accounts host issues tokens naming its own API host; refresh keeps the host", async () => {
		const code = sb.zoho.oauth.issueCode('au');
		const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
		const post = (dc: string, o: Record<string, string>) =>
			fetch(`${sb.zoho.baseUrl}/accounts/${dc}/oauth/v2/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form(o) });
		const creds = { client_id: sb.zoho.oauth.clientId, client_secret: sb.zoho.oauth.clientSecret };
		expect((await post('eu', { ...creds, grant_type: 'authorization_code', code })).status).toBe(400);
		const granted: any = await (await post('au', { ...creds, grant_type: 'authorization_code', code })).json();
		expect(granted).toMatchObject({ api_domain: `${sb.zoho.baseUrl}/au`, token_type: 'Bearer', expires_in: 3600, refresh_token: expect.any(String) });
		const refreshed: any = await (await post('au', { ...creds, grant_type: 'refresh_token', refresh_token: granted.refresh_token })).json();
		expect(refreshed.api_domain).toBe(`${sb.zoho.baseUrl}/au`);
		expect(refreshed.refresh_token).toBeUndefined();
		const au = await fetch(`${sb.zoho.baseUrl}/au/crm/v8/users?type=CurrentUser`, { headers: { Authorization: `Zoho-oauthtoken ${refreshed.access_token}` } });
		expect(au.status).toBe(200);
		const us = await fetch(`${sb.zoho.baseUrl}/us/crm/v8/users?type=CurrentUser`, { headers: { Authorization: `Zoho-oauthtoken ${refreshed.access_token}` } });
		expect(us.status).toBe(401);
	});

	test("the static token of npm start's connected credential works at the US API host only, and its refresh token renews there", async () => {
		const { access, refresh } = sb.zoho.oauth.staticTokens;
		const me = (dc: string) => fetch(`${sb.zoho.baseUrl}/${dc}/crm/v8/users?type=CurrentUser`, { headers: { Authorization: `Zoho-oauthtoken ${access}` } });
		expect((await me('us')).status).toBe(200);
		expect((await me('eu')).status).toBe(401);
		const body = new URLSearchParams({ client_id: sb.zoho.oauth.clientId, client_secret: sb.zoho.oauth.clientSecret, grant_type: 'refresh_token', refresh_token: refresh }).toString();
		const renew = (dc: string) => fetch(`${sb.zoho.baseUrl}/accounts/${dc}/oauth/v2/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
		expect((await renew('eu')).status).toBe(400);
		expect(await (await renew('us')).json()).toMatchObject({ api_domain: `${sb.zoho.baseUrl}/us`, access_token: expect.any(String) });
	});

	test('Zoho-oauthtoken and Bearer are accepted (Zoho Accounts documents both), another scheme is not; an expired token answers 401 INVALID_TOKEN', async () => {
		expect((await call('GET', '/users?type=CurrentUser', undefined, { Authorization: `Bearer ${token}` })).status).toBe(200);
		expect((await call('GET', '/users?type=CurrentUser', undefined, { Authorization: `Token ${token}` })).body).toMatchObject({ code: 'INVALID_TOKEN' });
		const me = await call('GET', '/users?type=CurrentUser');
		expect(me.status).toBe(200);
		fits('users', me.body);
		sb.zoho.oauth.expireAccessTokens();
		const expired = await call('GET', '/users?type=CurrentUser');
		expect([expired.status, expired.body.code]).toEqual([401, 'INVALID_TOKEN']);
		fits('error', expired.body);
	});
});

describe('records', () => {
	test('fields are mandatory, at most 50 of them, and must exist', async () => {
		expect((await call('GET', '/Leads')).body).toMatchObject({ code: 'REQUIRED_PARAM_MISSING', details: { param: 'fields' } });
		const many = Array.from({ length: 51 }, () => 'Last_Name').join(',');
		expect((await call('GET', `/Leads?fields=${many}`)).body).toMatchObject({ code: 'LIMIT_EXCEEDED', message: 'Max field limit exceeded' });
		expect((await call('GET', '/Leads?fields=Nope')).body).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'Nope' } });
		expect((await call('GET', '/Leads?fields=Last_Name')).status).toBe(204);
	});

	test('page/per_page reach 2,000 records, then page_token; per_page at most 200; page and page_token not together', async () => {
		sb.zoho.seed({ Leads: 2001 });
		const tenth = await call('GET', '/Leads?fields=Last_Name&page=10&per_page=200');
		fits('records', tenth.body);
		expect(tenth.body.info).toMatchObject({ page: 10, count: 200, more_records: true, next_page_token: expect.any(String) });
		expect((await call('GET', '/Leads?fields=Last_Name&page=11&per_page=200')).body.code).toBe('DISCRETE_PAGINATION_LIMIT_EXCEEDED');
		expect((await call('GET', '/Leads?fields=Last_Name&per_page=201')).status).toBe(400);
		const t = tenth.body.info.next_page_token;
		expect((await call('GET', `/Leads?fields=Last_Name&page=2&page_token=${t}`)).status).toBe(400);
		const last = await call('GET', `/Leads?fields=Last_Name&page_token=${t}`);
		fits('records', last.body);
		expect([last.body.data.length, last.body.info.more_records]).toEqual([1, false]);
		sb.zoho.advanceTime(25 * 3600 * 1000);
		expect((await call('GET', `/Leads?fields=Last_Name&page_token=${t}`)).body.message).toBe('the page_token has expired');
	});

	test('writes: 100 per call; 201 all, 207 some (per record code, message, details.api_name), 400 none', async () => {
		expect((await call('POST', '/Contacts', { data: Array.from({ length: 101 }, (_, i) => ({ Last_Name: `x${i}` })) })).body.code).toBe('LIMIT_EXCEEDED');
		const all = await call('POST', '/Contacts', { data: [{ Last_Name: 'A' }] });
		expect(all.status).toBe(201);
		fits('writeResults', all.body);
		const some = await call('POST', '/Contacts', { data: [{ Last_Name: 'B' }, { First_Name: 'no last' }, { Last_Name: 'C', Nope: 1 }, { Last_Name: 'x'.repeat(81) }] });
		expect(some.status).toBe(207);
		fits('writeResults', some.body);
		expect(some.body.data.map((d: any) => [d.code, d.details.api_name, d.details.json_path])).toEqual([
			['SUCCESS', undefined, undefined],
			['MANDATORY_NOT_FOUND', 'Last_Name', '$.data[1].Last_Name'],
			['INVALID_DATA', 'Nope', '$.data[2].Nope'],
			['INVALID_DATA', 'Last_Name', '$.data[3].Last_Name'],
		]);
		expect(some.body.data[3].details.maximum_length).toBe(80);
		const none = await call('POST', '/Contacts', { data: [{ Email: 'bad' }] });
		expect(none.status).toBe(400);
		fits('writeResults', none.body);
	});

	test('upsert: duplicate_check_fields in order, system duplicate check by default, a non-unique key refused', async () => {
		const first = await call('POST', '/Leads/upsert', { data: [{ Last_Name: 'U', Email: 'u@example.com' }] });
		fits('writeResults', first.body);
		expect(first.body.data[0]).toMatchObject({ action: 'insert', message: 'record added' });
		const again = await call('POST', '/Leads/upsert', { data: [{ Last_Name: 'U2', Email: 'U@example.com' }], duplicate_check_fields: ['Email'] });
		fits('writeResults', again.body);
		expect(again.body.data[0]).toMatchObject({ action: 'update', duplicate_field: 'Email', message: 'record updated' });
		expect(sb.zoho.count('Leads')).toBe(1);
		expect((await call('POST', '/Leads/upsert', { data: [{ Last_Name: 'Z' }], duplicate_check_fields: ['Last_Name'] })).body).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'Last_Name' } });
	});

	test('search, deleted records, fields metadata and lead conversion fit the OpenAPI answers', async () => {
		const lead = sb.zoho.write('Leads', { Last_Name: 'Lee', Email: 'lee@example.com', Company: 'Lee Ltd' });
		const found = await call('GET', '/Leads/search?criteria=(Email:equals:lee@example.com)');
		fits('records', found.body);
		expect(found.body.data.map((r: any) => r.id)).toEqual([lead.id]);
		expect((await call('GET', '/Leads/search?criteria=(Nope:equals:1)')).body.code).toBe('INVALID_QUERY');
		fits('fields', (await call('GET', '/settings/fields?module=Leads')).body);
		const converted = await call('POST', `/Leads/${lead.id}/actions/convert`, { data: [{ Deals: { Deal_Name: 'D', Stage: 'Qualification' } }] });
		fits('convert', converted.body);
		const del = await call('DELETE', `/Contacts?ids=${converted.body.data[0].details.Contacts.id}`);
		fits('writeResults', del.body);
		const deleted = await call('GET', '/Contacts/deleted?type=all');
		fits('deleted', deleted.body);
		expect(deleted.body.data[0]).toMatchObject({ id: converted.body.data[0].details.Contacts.id, type: 'recycle' });
	});
});

describe('COQL', () => {
	test('select, where (=, in, between, like), order by, limit/offset; the limits of Zoho', async () => {
		sb.zoho.seed({ Contacts: 30 });
		const ids = sb.zoho.list('Contacts').map((r: any) => r.id);
		const q = (select_query: string) => call('POST', '/coql', { select_query });
		const page = await q(`select Last_Name, Email from Contacts where id in (${ids.slice(0, 3).join(', ')}) order by id desc limit 2`);
		fits('coql', page.body);
		expect(page.body.data.map((r: any) => r.id)).toEqual([ids[2], ids[1]]);
		expect(page.body.info.more_records).toBe(true);
		expect((await q(`select Email from Contacts where Email like 'contact9-1%' limit 200 offset 0`)).body.data.length).toBeGreaterThan(0);
		expect((await q(`select Email from Contacts where Created_Time between '2000-01-01T00:00:00+00:00' and '2100-01-01T00:00:00+00:00' limit 5, 10`)).body.data).toHaveLength(10);
		expect((await q('select Email from Contacts limit 2001')).body.code).toBe('LIMIT_EXCEEDED');
		expect((await q('select Email from Contacts limit 2000 offset 98001')).body.code).toBe('LIMIT_EXCEEDED');
		const fifty = Array.from({ length: 51 }, (_, i) => String(i + 1)).join(', ');
		expect((await q(`select Email from Contacts where id in (${fifty})`)).body).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 50 } });
		expect((await q('select Nope from Contacts')).body).toMatchObject({ code: 'INVALID_QUERY', message: 'column given seems to be invalid' });
		expect((await q('select from Contacts')).body.code).toBe('SYNTAX_ERROR');
		expect((await q("select Email from Contacts where Email = 'nobody@example.com'")).status).toBe(204);
	});
});

describe('notifications', () => {
	test('watch: subscribe, callbacks with the token and affected values, expiry at most a week, renewal, unsubscribe', async () => {
		const received: any[] = [];
		const http = await import('node:http');
		const server = http.createServer((req, res) => {
			let raw = '';
			req.on('data', (c) => (raw += c));
			req.on('end', () => {
				received.push(JSON.parse(raw));
				res.writeHead(200).end();
			});
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
		const url = `http://127.0.0.1:${(server.address() as any).port}/hook`;
		try {
			const week = new Date(Date.now() + 8 * 24 * 3600 * 1000).toISOString();
			expect((await call('POST', '/actions/watch', { watch: [{ channel_id: 1, events: ['Leads.all'], notify_url: url, channel_expiry: week }] })).body.watch[0].code).toBe('INVALID_DATA');
			const soon = new Date(Date.now() + 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
			const sub = await call('POST', '/actions/watch', { watch: [{ channel_id: 7, events: ['Leads.create', 'Leads.edit'], notify_url: url, token: 't0k3n', channel_expiry: soon, return_affected_field_values: true }] });
			fits('watchResults', sub.body);
			const created = await call('POST', '/Leads', { data: [{ Last_Name: 'N' }] });
			const id = created.body.data[0].details.id;
			await call('PUT', '/Leads', { data: [{ id, Company: 'Acme' }] });
			await sb.zoho.notifications.flush();
			expect(received.map((r) => [r.operation, r.ids, r.token, r.channel_id])).toEqual([
				['insert', [id], 't0k3n', 7],
				['update', [id], 't0k3n', 7],
			]);
			expect(received[1].affected_fields).toEqual([{ [id]: ['Company'] }]);
			expect(received[1].affected_values[0]).toMatchObject({ record_id: id, values: { Company: 'Acme', Modified_By: { id: sb.zoho.user.id } } });
			const renewed = await call('PATCH', '/actions/watch', { watch: [{ channel_id: 7, events: ['Leads.delete'], channel_expiry: new Date(Date.now() + 6 * 24 * 3600 * 1000).toISOString() }] });
			fits('watchResults', renewed.body);
			expect((await call('GET', '/actions/watch')).body.watch[0].events).toEqual(['Leads.create', 'Leads.edit', 'Leads.delete']);
			sb.zoho.advanceTime(7 * 24 * 3600 * 1000);
			await call('POST', '/Leads', { data: [{ Last_Name: 'Late' }] });
			await sb.zoho.notifications.flush();
			expect(received).toHaveLength(2);
			expect((await call('GET', '/actions/watch')).status).toBe(204);
			fits('watchResults', (await call('DELETE', '/actions/watch?channel_ids=7')).body);
		} finally {
			server.close();
		}
	});
});

describe('limits', () => {
	test('concurrency by edition: one call more than the edition allows answers 429 TOO_MANY_REQUESTS without Retry-After', async () => {
		sb.zoho.setEdition('free');
		sb.zoho.setLatency(50);
		const answers = await Promise.all(Array.from({ length: 7 }, () => call('GET', '/users?type=CurrentUser')));
		const refused = answers.filter((a) => a.status === 429);
		expect(refused).toHaveLength(2);
		expect(refused[0].body).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 'error' });
		expect(refused[0].headers.get('retry-after')).toBeNull();
	});

	test('credits: writes cost 1 per 10 records, COQL by LIMIT; spent up, 429; remaining in X-API-CREDITS-REMAINING', async () => {
		sb.zoho.setCredits(10);
		const write = await call('POST', '/Contacts', { data: Array.from({ length: 25 }, (_, i) => ({ Last_Name: `c${i}` })) });
		expect(write.headers.get('x-api-credits-remaining')).toBe('7');
		const coql = await call('POST', '/coql', { select_query: 'select Last_Name from Contacts limit 1500' });
		expect(coql.headers.get('x-api-credits-remaining')).toBe('4');
		await call('POST', '/coql', { select_query: 'select Last_Name from Contacts limit 1500' });
		await call('GET', '/users?type=CurrentUser');
		const out = await call('GET', '/users?type=CurrentUser');
		expect([out.status, out.body.code]).toEqual([429, 'TOO_MANY_REQUESTS']);
	});
});
