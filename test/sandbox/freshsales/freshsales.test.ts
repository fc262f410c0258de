/**
 * The Freshsales emulator is as strict as the vendor: its two API roots, the
 * API key header, unknown attributes and custom fields, required fields, page
 * size, views, filtered search, upsert, bulk upsert jobs, the hourly and
 * per-minute limits with 429s, and the workflow webhook call.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type Sandbox } from '../index';

let sb: Sandbox;
beforeEach(async () => {
	sb = await startSandbox({ port: 0 });
});
afterEach(async () => {
	await sb.close();
});

const KEY = 'fs-sandbox-key';

async function call(method: string, path: string, body?: unknown, opts: { key?: string | null; root?: 'bundle' | 'classic' } = {}) {
	const root = opts.root === 'classic' ? '/api' : '/crm/sales/api';
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (opts.key !== null) headers.authorization = `Token token=${opts.key ?? KEY}`;
	const res = await fetch(`${sb.freshsales.baseUrl}${root}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
	const text = await res.text();
	return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

describe('Freshsales sandbox', () => {
	it('answers under both roots with the API key, and refuses a missing or wrong key', async () => {
		const created = await call('POST', '/contacts', { contact: { first_name: 'Ada', email: 'ada@example.com' } });
		expect(created.status).toBe(200);
		const id = created.body.contact.id;
		expect((await call('GET', `/contacts/${id}`, undefined, { root: 'classic' })).body.contact.email).toBe('ada@example.com');
		expect(sb.freshsales.roots).toEqual({ bundle: 1, classic: 1 });
		expect((await call('GET', `/contacts/${id}`, undefined, { key: null })).status).toBe(401);
		expect((await call('GET', `/contacts/${id}`, undefined, { key: 'wrong' })).body).toEqual({ errors: { code: 401, message: ['Incorrect or expired API key'] } });
		// Times in the account's zone with its offset, whole seconds.
		expect(created.body.contact.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:30$/);
	});

	it('refuses unknown attributes, unknown custom fields, bad choices and missing required fields', async () => {
		const bad = await call('POST', '/contacts', { contact: { first_name: 'X', nickname: 'x', custom_field: { cf_nope: 1 } } });
		expect(bad.status).toBe(400);
		expect(bad.body.errors.message).toEqual(['Unknown attribute: nickname', 'Unknown custom field: cf_nope', 'One of email, emails, mobile_number is required']);
		expect((await call('POST', '/contacts', { first_name: 'no wrapper' })).status).toBe(400);
		expect((await call('POST', '/sales_accounts', { sales_account: { website: 'x' } })).body.errors.message).toEqual(["name can't be blank"]);
		expect((await call('POST', '/contacts', { contact: { email: 'a@b.co', lead_source_id: 999 } })).body.errors.message).toEqual(['lead_source_id: 999 is not a valid id']);
		sb.freshsales.addField('contacts', { name: 'tier', choices: ['Gold', 'Silver'] });
		expect((await call('POST', '/contacts', { contact: { email: 'a@b.co', custom_field: { cf_tier: 'Bronze' } } })).status).toBe(400);
		expect((await call('POST', '/contacts', { contact: { email: 'a@b.co', custom_field: { cf_tier: 'Gold' } } })).status).toBe(200);
		expect((await call('POST', '/tasks', { task: { title: 't', due_date: '2026-01-01T10:00:00Z', targetable_type: 'Contact', targetable_id: 424242 } })).body.errors.message).toEqual([
			'targetable_id: Contact 424242 does not exist',
		]);
		expect(sb.freshsales.count('contacts')).toBe(1);
	});

	it('lists through views, 100 per page at most, sorted by updated_at', async () => {
		sb.freshsales.seed({ contacts: 3 });
		const views = await call('GET', '/contacts/filters');
		expect(views.body.filters.map((f: { name: string }) => f.name)).toEqual(['All Contacts', 'My Contacts']);
		expect((await call('GET', '/contacts/view/101?per_page=101')).status).toBe(400);
		expect((await call('GET', '/contacts/view/101?sort=first_name')).status).toBe(400);
		const [a, b, c] = sb.freshsales.list('contacts');
		sb.freshsales.write('contacts', { job_title: 'changed' }, a.id);
		const page1 = await call('GET', '/contacts/view/101?page=1&per_page=2&sort=updated_at&sort_type=desc');
		expect(page1.body.contacts.map((r: { id: number }) => r.id)).toEqual([a.id, c.id]);
		expect(page1.body.meta).toEqual({ total_pages: 2, total: 3 });
		const page2 = await call('GET', '/contacts/view/101?page=2&per_page=2&sort=updated_at&sort_type=desc');
		expect(page2.body.contacts.map((r: { id: number }) => r.id)).toEqual([b.id]);
		expect((await call('GET', '/tasks')).status).toBe(400);
		expect((await call('GET', '/tasks?filter=open')).status).toBe(200);
	});

	it('filtered search by ids and email; quick search by text', async () => {
		sb.freshsales.seed({ contacts: 3 });
		const [a, , c] = sb.freshsales.list('contacts');
		const byIds = await call('POST', '/filtered_search/contact?per_page=100', { filter_rule: [{ attribute: 'id', operator: 'is_in', value: [String(a.id), String(c.id), '999999'] }] });
		expect(byIds.body.contacts.map((r: { id: number }) => r.id).sort()).toEqual([a.id, c.id].sort());
		const byEmail = await call('POST', '/filtered_search/contact', { filter_rule: [{ attribute: 'contact_email.email', operator: 'is_in', value: [a.email.toUpperCase()] }] });
		expect(byEmail.body.contacts.map((r: { id: number }) => r.id)).toEqual([a.id]);
		expect((await call('POST', '/filtered_search/contact', { filter_rule: [{ attribute: 'id', operator: 'matches', value: 1 }] })).status).toBe(400);
		expect((await call('POST', '/filtered_search/contact', { filter_rule: [] })).status).toBe(400);
		const quick = await call('GET', `/search?q=${encodeURIComponent(a.email)}&include=contact`);
		expect(quick.body).toEqual([{ id: String(a.id), name: a.display_name, type: 'contact', email: a.email }]);
	});

	it("a contact's include: its appointments nested in it, other names known are accepted, an unknown one refused", async () => {
		const ada = (await call('POST', '/contacts', { contact: { first_name: 'Ada', email: 'inc@example.com' } })).body.contact;
		const appt = { title: 'Call', from_date: '2026-12-10T10:00:00Z', end_date: '2026-12-10T10:30:00Z', targetable_type: 'Contact', targetable_id: ada.id };
		const made = (await call('POST', '/appointments', { appointment: appt })).body.appointment;
		const got = await call('GET', `/contacts/${ada.id}?include=appointments,owner`);
		expect(got.status).toBe(200);
		expect(got.body.contact.appointments.map((a: { id: number }) => a.id)).toEqual([made.id]);
		expect((await call('GET', `/contacts/${ada.id}`)).body.contact.appointments).toBeUndefined();
		expect((await call('GET', `/contacts/${ada.id}?include=meetings`)).body).toEqual({ errors: { code: 400, message: ['Unknown include: meetings'] } });
	});

	it('upserts by email (201 created, 200 updated) and refuses a non-unique identifier', async () => {
		const first = await call('POST', '/contacts/upsert', { unique_identifier: { emails: 'grace@example.com' }, contact: { first_name: 'Grace' } });
		expect(first.status).toBe(201);
		expect(first.body.contact.email).toBe('grace@example.com');
		const second = await call('POST', '/contacts/upsert', { unique_identifier: { emails: 'GRACE@example.com' }, contact: { job_title: 'Admiral' } });
		expect(second.status).toBe(200);
		expect(second.body.contact).toMatchObject({ id: first.body.contact.id, email: 'grace@example.com', job_title: 'Admiral' });
		expect((await call('POST', '/contacts/upsert', { unique_identifier: { first_name: 'Grace' }, contact: {} })).status).toBe(400);
		expect((await call('POST', '/deals/upsert', { unique_identifier: { name: 'x' }, deal: { name: 'x' } })).status).toBe(400);
		sb.freshsales.addField('deals', { name: 'order_id', unique: true });
		expect((await call('POST', '/deals/upsert', { unique_identifier: { cf_order_id: 'o-1' }, deal: { name: 'Order 1' } })).status).toBe(201);
	});

	it('bulk upsert is a job: 202, in progress, then completed with the records written and the failures listed', async () => {
		const tooMany = Array.from({ length: 101 }, (_, i) => ({ emails: `p${i}@example.com`, data: {} }));
		expect((await call('POST', '/contacts/bulk_upsert', { contacts: tooMany })).status).toBe(400);
		sb.freshsales.write('contacts', { email: 'old@example.com', first_name: 'Old' });
		const started = await call('POST', '/contacts/bulk_upsert', {
			contacts: [
				{ emails: 'old@example.com', data: { job_title: 'Kept' } },
				{ emails: 'new@example.com', data: { first_name: 'New' } },
				{ emails: 'bad@example.com', data: { nickname: 'x' } },
			],
		});
		expect(started.status).toBe(202);
		const url = String(started.body.job_status_url);
		expect(url).toMatch(/^\/api\/job_statuses\/[0-9a-f-]{36}$/);
		const statusPath = url.replace(/^\/api/, '');
		expect((await call('GET', statusPath)).body).toMatchObject({ status: 'in_progress', progress: 0 });
		expect(sb.freshsales.count('contacts')).toBe(1);
		const done = (await call('GET', statusPath)).body;
		expect(done).toMatchObject({ status: 'completed', progress: 100 });
		expect(JSON.parse(done.data)).toEqual([{ index: 2, message: 'Unknown attribute: nickname' }]);
		expect(sb.freshsales.list('contacts').map((r: { email: string; job_title?: string }) => [r.email, r.job_title ?? null])).toEqual([
			['old@example.com', 'Kept'],
			['new@example.com', null],
		]);
	});

	it('counts every request against the hourly and per-minute windows and answers 429 with Retry-After', async () => {
		sb.freshsales.setPlan('pro');
		const ok = await call('GET', '/selector/owners');
		expect(ok.headers.get('x-ratelimit-total')).toBe('2000');
		expect(ok.headers.get('x-ratelimit-remaining')).toBe('1999');
		sb.freshsales.setLimits({ minute: 2 });
		await call('GET', '/contacts/filters');
		const refused = await call('GET', '/contacts/filters');
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
		expect(refused.body.errors.code).toBe(429);
		sb.freshsales.resetRateLimits();
		sb.freshsales.setLimits({ hour: 1 });
		await call('GET', '/selector/owners');
		const hourly = await call('GET', '/selector/owners');
		expect(hourly.status).toBe(429);
		expect(Number(hourly.headers.get('retry-after'))).toBeGreaterThan(3500);
		expect(hourly.headers.get('x-ratelimit-remaining')).toBe('0');
	});

	it("fires a workflow's webhook with its custom header and the record's values in the body", async () => {
		const got: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
		const server = http.createServer((req, res) => {
			let body = '';
			req.on('data', (c: Buffer) => (body += c.toString('utf8')));
			req.on('end', () => {
				got.push({ headers: req.headers, body });
				res.writeHead(200);
				res.end('ok');
			});
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
		try {
			const rec = sb.freshsales.write('contacts', { email: 'hook@example.com', first_name: 'Quote"d' });
			const out = await sb.freshsales.fireWebhook({
				url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
				entity: 'contacts',
				id: rec.id,
				headers: { 'x-n8n-secret': 's3cret' },
				body: '{"id":"{{contact.id}}","name":"{{contact.first_name}}","email":"{{contact.email}}"}',
			});
			expect(out.status).toBe(200);
			expect(got[0].headers['x-n8n-secret']).toBe('s3cret');
			expect(JSON.parse(got[0].body)).toEqual({ id: String(rec.id), name: 'Quote"d', email: 'hook@example.com' });
		} finally {
			server.close();
		}
	});
});
