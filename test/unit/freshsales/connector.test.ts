/**
 * The Freshsales connector against the sandbox vendor (real HTTP): the exact
 * requests it makes (views, filtered search, upsert, bulk upsert jobs), both
 * hosts, the change list's order, a 429 waited out, and what the contract
 * suite's declared limitations leave to these tests.
 */
import { collect } from '../../../shared/paging/paginate';
import { freshsalesBaseUrl } from '../../../nodes/Freshsales/transport/freshsalesApi';
import { jobStatusPath } from '../../../nodes/Freshsales/connector/bulkUpsert';
import { connect, fastClock, freshsalesSandbox, requests } from './helpers';

const sb = freshsalesSandbox();

describe('hosts', () => {
	test.each([
		['acme', 'bundle', 'https://acme.myfreshworks.com/crm/sales/api'],
		['acme', 'classic', 'https://acme.freshsales.io/api'],
		['acme.freshsales.io', 'bundle', 'https://acme.freshsales.io/api'],
		['Acme.myfreshworks.com/crm/sales', 'classic', 'https://acme.myfreshworks.com/crm/sales/api'],
		['https://acme.myfreshworks.com/crm/sales/', 'bundle', 'https://acme.myfreshworks.com/crm/sales/api'],
		['http://127.0.0.1:4010/freshsales', 'classic', 'http://127.0.0.1:4010/freshsales/api'],
		['', 'bundle', ''],
	])('domain %s on host %s → %s', (domain, host, url) => {
		expect(freshsalesBaseUrl(domain, host)).toBe(url);
	});

	test('the classic host is called under /api, the bundle host under /crm/sales/api, with the API key header', async () => {
		const classic = await connect(sb(), { host: 'classic' });
		await classic.createMany('contacts', [{ email: 'c@example.com' }]);
		const bundle = await connect(sb());
		await bundle.createMany('contacts', [{ email: 'b@example.com' }]);
		expect(sb().freshsales.roots).toEqual({ classic: 1, bundle: 1 });
	});
});

describe('reads', () => {
	test('list: the "All" view, sorted by creation, 100 per page; a limit keeps the page size and stops', async () => {
		sb().freshsales.seed({ contacts: 205 });
		const connector = await connect(sb());
		const from = sb().log.all().length;
		const all = await collect(connector.list('contacts'));
		expect(all).toHaveLength(205);
		expect(requests(sb(), from).map((r) => [r.call, r.query])).toEqual([
			['GET /crm/sales/api/contacts/filters', {}],
			['GET /crm/sales/api/contacts/view/101', { sort: 'created_at', sort_type: 'asc', page: '1', per_page: '100' }],
			['GET /crm/sales/api/contacts/view/101', { sort: 'created_at', sort_type: 'asc', page: '2', per_page: '100' }],
			['GET /crm/sales/api/contacts/view/101', { sort: 'created_at', sort_type: 'asc', page: '3', per_page: '100' }],
		]);
		const mark = sb().log.all().length;
		const first = await collect(connector.list('contacts', { limit: 3 }));
		expect(first.map((r) => r.id)).toEqual(all.slice(0, 3).map((r) => r.id));
		expect(requests(sb(), mark).map((r) => r.query)).toEqual([{ sort: 'created_at', sort_type: 'asc', page: '1', per_page: '3' }]);
	});

	test('listChanged of contacts: newest first through the view until older than since, handed out oldest first, the record at since included', async () => {
		const api = sb().freshsales;
		const a = api.write('contacts', { email: 'a@example.com' });
		const b = api.write('contacts', { email: 'b@example.com' });
		const c = api.write('contacts', { email: 'c@example.com' });
		api.write('contacts', { job_title: 'changed' }, a.id);
		const connector = await connect(sb());
		const since = new Date(Date.parse(b.updated_at)).toISOString();
		const from = sb().log.all().length;
		const changed = await collect(connector.listChanged('contacts', { since }));
		expect(changed.map((r) => r.id)).toEqual([String(b.id), String(c.id), String(a.id)]);
		expect(changed[0].updatedAt).toBe(since);
		expect(requests(sb(), from).map((r) => r.query)).toEqual([{}, { sort: 'updated_at', sort_type: 'desc', page: '1', per_page: '100' }]);
	});

	test('listChanged of tasks reads the open and the completed ones and sorts them by update time; notes cannot be listed', async () => {
		const api = sb().freshsales;
		const contact = api.write('contacts', { email: 'owner@example.com' });
		const t1 = api.write('tasks', { title: 'one', due_date: '2030-01-01T10:00:00Z', targetable_type: 'Contact', targetable_id: contact.id });
		const t2 = api.write('tasks', { title: 'two', due_date: '2030-01-01T10:00:00Z', targetable_type: 'Contact', targetable_id: contact.id, status: 1 });
		api.write('tasks', { title: 'one again' }, t1.id);
		const connector = await connect(sb());
		const from = sb().log.all().length;
		expect((await collect(connector.listChanged('tasks', {}))).map((r) => r.id)).toEqual([String(t2.id), String(t1.id)]);
		expect(requests(sb(), from).map((r) => [r.call, r.query.filter])).toEqual([
			['GET /crm/sales/api/tasks', 'open'],
			['GET /crm/sales/api/tasks', 'completed'],
		]);
		await expect(collect(connector.listChanged('notes', {}))).rejects.toThrow('Freshsales has no API that lists notes');
	});

	test('a read answered 429 with Retry-After: 1 is waited out and retried once', async () => {
		sb().freshsales.seed({ contacts: 2 });
		const connector = await connect(sb());
		await connector.allViewId('contacts');
		sb().faults.set({ status429Rate: 1, onlyPaths: /\/contacts\/view\// });
		const from = sb().log.all().length;
		const read = collect(connector.list('contacts', { limit: 1 }));
		// Only the first attempt is refused: the fault is cleared as soon as the 429 is logged (well inside Retry-After's second).
		while (!sb().log.all().slice(from).some((e) => e.status === 429)) await new Promise((r) => setTimeout(r, 10));
		sb().faults.clear();
		expect(await read).toHaveLength(1);
		const log = sb().log.all().slice(from);
		expect(log.map((e) => e.status)).toEqual([429, 200]);
		expect(log[1].at - log[0].at).toBeGreaterThanOrEqual(1000);
	});

	test('getMany: filtered search on ids, 100 per call, missing ids left out', async () => {
		sb().freshsales.seed({ contacts: 3 });
		const [x, y, z] = sb().freshsales.list('contacts');
		sb().freshsales.store.remove('contacts', y.id);
		const connector = await connect(sb());
		const from = sb().log.all().length;
		const got = await collect(connector.getMany('contacts', [String(x.id), String(y.id), '999999', String(z.id)]));
		expect(got.map((r) => r.id).sort()).toEqual([String(x.id), String(z.id)].sort());
		expect(requests(sb(), from)).toEqual([
			{
				call: 'POST /crm/sales/api/filtered_search/contact',
				query: { page: '1', per_page: '100' },
				body: { filter_rule: [{ attribute: 'id', operator: 'is_in', value: [String(x.id), String(y.id), '999999', String(z.id)] }] },
				status: 200,
			},
		]);
	});
});

describe('writes', () => {
	test('upsert by email: the unique identifier and the record, 201 reported created, 200 updated', async () => {
		const connector = await connect(sb());
		const from = sb().log.all().length;
		const [first] = await connector.upsertMany('contacts', 'emails', [{ id: 'ada@example.com', properties: { first_name: 'Ada' } }]);
		const [again] = await connector.upsertMany('contacts', 'email', [{ id: 'ada@example.com', properties: { job_title: 'Analyst' } }]);
		expect(first).toMatchObject({ index: 0, ok: true, created: true });
		expect(again).toMatchObject({ index: 0, ok: true, created: false });
		expect(first.ok && again.ok && first.record.id === again.record.id).toBe(true);
		expect(requests(sb(), from).map((r) => [r.call, r.body, r.status])).toEqual([
			['POST /crm/sales/api/contacts/upsert', { unique_identifier: { emails: 'ada@example.com' }, contact: { first_name: 'Ada', email: 'ada@example.com' } }, 201],
			['POST /crm/sales/api/contacts/upsert', { unique_identifier: { emails: 'ada@example.com' }, contact: { job_title: 'Analyst', email: 'ada@example.com' } }, 200],
		]);
	});

	test('custom fields go under custom_field, by name or label; dropdown labels become the choice (standard ones: its id)', async () => {
		sb().freshsales.addField('contacts', { name: 'tier', label: 'Customer Tier', choices: ['Gold', 'Silver'] });
		const connector = await connect(sb());
		const from = sb().log.all().length;
		const [out] = await connector.createMany('contacts', [{ email: 'g@example.com', 'Customer Tier': 'gold', lead_source_id: 'Email' }]);
		expect(out.ok).toBe(true);
		const create = requests(sb(), from).find((r) => r.call === 'POST /crm/sales/api/contacts');
		expect(create?.body).toEqual({ contact: { email: 'g@example.com', lead_source_id: 2, custom_field: { cf_tier: 'Gold' } } });
		expect(requests(sb(), from).map((r) => r.call)).toEqual(['GET /crm/sales/api/settings/contacts/fields', 'POST /crm/sales/api/contacts']);
	});

	test("a refused record fails alone, in place, with Freshsales' own message", async () => {
		const connector = await connect(sb());
		const out = await connector.createMany('sales_accounts', [{ name: 'Good' }, { website: 'no-name.example.com' }, { name: 'Also good' }]);
		expect(out.map((o) => [o.index, o.ok])).toEqual([
			[0, true],
			[1, false],
			[2, true],
		]);
		expect(out[1].ok ? '' : out[1].message).toBe("400: name can't be blank");
	});

	test('bulk upsert from the threshold on: one job of up to 100, polled to completion, read back; created, updated and refused in place', async () => {
		const api = sb().freshsales;
		const existing = api.write('contacts', { email: 'p0@example.com', first_name: 'Old' });
		const clock = fastClock();
		const connector = await connect(sb(), { clock, bulkThreshold: 3 });
		const inputs = [0, 1, 2, 3].map((i) => ({ id: `p${i}@example.com`, properties: i === 2 ? { nickname: 'refused' } : { first_name: `P${i}` } }));
		const from = sb().log.all().length;
		const out = await connector.upsertMany('contacts', 'emails', inputs);
		expect(out.map((o) => [o.index, o.ok, o.ok ? o.created : o.message])).toEqual([
			[0, true, false],
			[1, true, true],
			[2, false, expect.stringContaining("Freshsales' bulk upsert did not write this record: the job finished without writing it (job data: [{\"index\":2,\"message\":\"Unknown attribute: nickname\"}])")],
			[3, true, true],
		]);
		expect(out[0].ok && out[0].record.id).toBe(String(existing.id));
		const calls = requests(sb(), from);
		const emails = inputs.map((i) => i.id);
		expect(calls.map((r) => r.call)).toEqual([
			// "nickname" is no standard field: the fields are read once to see whether it is a label.
			'GET /crm/sales/api/settings/contacts/fields',
			'POST /crm/sales/api/filtered_search/contact',
			'POST /crm/sales/api/contacts/bulk_upsert',
			expect.stringMatching(/^GET \/crm\/sales\/api\/job_statuses\/[0-9a-f-]{36}$/),
			expect.stringMatching(/^GET \/crm\/sales\/api\/job_statuses\/[0-9a-f-]{36}$/),
			'POST /crm/sales/api/filtered_search/contact',
		]);
		expect(calls[1].body).toEqual({ filter_rule: [{ attribute: 'contact_email.email', operator: 'is_in', value: emails }] });
		expect(calls[2].body).toEqual({
			contacts: inputs.map((i) => ({ emails: i.id, data: { ...i.properties, email: i.id } })),
		});
		// One wait between the two status reads.
		expect(clock.slept.filter((ms) => ms === 1000)).toHaveLength(1);
		expect(api.count('contacts')).toBe(3);
	});

	test("the job's status path from job_status_url on either root, or a job id", () => {
		expect(jobStatusPath({ job_status_url: '/api/job_statuses/abc' })).toBe('/job_statuses/abc');
		expect(jobStatusPath({ job_status_url: 'https://acme.myfreshworks.com/crm/sales/api/job_statuses/7?x=1' })).toBe('/job_statuses/7');
		expect(jobStatusPath({ job_id: 12 })).toBe('/job_statuses/12');
		expect(jobStatusPath({})).toBeUndefined();
	});

	test('delete: one DELETE per record; one already gone fails in place (404) without failing the others', async () => {
		sb().freshsales.seed({ deals: 2 });
		const [d1, d2] = sb().freshsales.list('deals');
		const connector = await connect(sb());
		const out = await connector.deleteMany('deals', [String(d1.id), '424242', String(d2.id)]);
		expect(out.map((o) => [o.index, o.ok, o.ok ? '' : o.status])).toEqual([
			[0, true, ''],
			[1, false, 404],
			[2, true, ''],
		]);
		expect(sb().freshsales.count('deals')).toBe(0);
	});
});

describe('CRM-neutral lookups (issue 16)', () => {
	test('a phone: filtered search on the work number, then the mobile number; both holders found, nobody else', async () => {
		const fs = sb().freshsales;
		const work = fs.write('contacts', { email: 'work@example.com', work_number: '+14155550111' });
		const mobile = fs.write('contacts', { email: 'mobile@example.com', mobile_number: '+14155550111' });
		fs.write('contacts', { email: 'other@example.com', work_number: '+14155550112' });
		const connector = await connect(sb());
		const from = sb().log.all().length;
		const found = await connector.findNeutral('contact', { field: 'phone', value: '+14155550111' }, { limit: 5 });
		expect(found.map((r) => r.id).sort()).toEqual([String(work.id), String(mobile.id)].sort());
		expect(requests(sb(), from).map((r) => [r.call, r.body])).toEqual([
			['POST /crm/sales/api/filtered_search/contact', { filter_rule: [{ attribute: 'work_number', operator: 'is_in', value: ['+14155550111'] }] }],
			['POST /crm/sales/api/filtered_search/contact', { filter_rule: [{ attribute: 'mobile_number', operator: 'is_in', value: ['+14155550111'] }] }],
		]);
		// A limit met by the work number asks no more.
		const mark = sb().log.all().length;
		expect((await connector.findNeutral('contact', { field: 'phone', value: '+14155550111' }, { limit: 1 })).map((r) => r.id)).toEqual([String(work.id)]);
		expect(requests(sb(), mark)).toHaveLength(1);
	});

	test("a contact's appointments: one GET of the contact with include=appointments, only those targeting it", async () => {
		const fs = sb().freshsales;
		const ada = fs.write('contacts', { email: 'appts@example.com' });
		const other = fs.write('contacts', { email: 'notmine@example.com' });
		const at = (d: number) => ({ from_date: `2026-12-1${d}T10:00:00Z`, end_date: `2026-12-1${d}T11:00:00Z` });
		const a1 = fs.write('appointments', { title: 'One', description: 'x\n\nBooking ID: b-1', targetable_type: 'Contact', targetable_id: ada.id, ...at(1) });
		const a2 = fs.write('appointments', { title: 'Two', targetable_type: 'Contact', targetable_id: ada.id, ...at(2) });
		fs.write('appointments', { title: 'Theirs', targetable_type: 'Contact', targetable_id: other.id, ...at(3) });
		const connector = await connect(sb());
		const from = sb().log.all().length;
		const got = await connector.appointmentsOf(String(ada.id), { limit: 50 });
		expect(got.map((r) => [r.id, r.objectType, r.properties.title]).sort()).toEqual([
			[String(a1.id), 'appointments', 'One'],
			[String(a2.id), 'appointments', 'Two'],
		]);
		expect(got.find((r) => r.id === String(a1.id))?.properties.description).toBe('x\n\nBooking ID: b-1');
		expect(requests(sb(), from).map((r) => [r.call, r.query])).toEqual([[`GET /crm/sales/api/contacts/${ada.id}`, { include: 'appointments' }]]);
	});
});
