/**
 * The Zoho CRM connector against the sandbox vendor (real HTTP): the exact
 * requests it makes (fields, page/per_page then page_token, fields chunks,
 * COQL by id, writes of 100 with 207 per-record results, upsert keys, deletes),
 * the data centre's API host from the token, and what the contract suite's
 * declared limitations leave to these tests.
 */
import { collect } from '../../../shared/paging/paginate';
import { newStats } from '../../../shared/transport/request';
import { connect, requests, zohoSandbox } from './helpers';

const sb = zohoSandbox();

describe('host and signing', () => {
	test("calls go to the token's api_domain of its data centre, signed Zoho-oauthtoken", async () => {
		const connector = await connect(sb(), { dc: 'eu' });
		await connector.createMany('Contacts', [{ Last_Name: 'Eu' }]);
		const paths = sb()
			.log.all()
			.map((e) => `${e.method} ${e.path}`);
		expect(paths).toEqual(['POST /zoho/eu/crm/v8/Contacts']);
		expect(sb().log.all()[0].status).toBe(201);
	});

	test('a token of another data centre is refused at this host (the host comes from the token, not the choice)', async () => {
		const connector = await connect(sb(), { dc: 'eu', tokenData: { api_domain: sb().zoho.apiDomain('us') } });
		await expect(collect(connector.list('Contacts'))).rejects.toThrow(/INVALID_TOKEN: invalid oauth token/);
	});
});

describe('reads', () => {
	test('list: fields named, 200 per page by page number up to 2,000 records, then page_token', async () => {
		sb().zoho.seed({ Contacts: 2050 });
		const connector = await connect(sb());
		const all = await collect(connector.list('Contacts', { properties: ['Last_Name', 'Email'] }));
		expect(all).toHaveLength(2050);
		expect(new Set(all.map((r) => r.id)).size).toBe(2050);
		const calls = requests(sb());
		expect(calls).toHaveLength(11);
		calls.slice(0, 10).forEach((c, i) => expect(c).toMatchObject({ call: 'GET /Contacts', query: { fields: 'Last_Name,Email', per_page: '200', page: String(i + 1), sort_by: 'id', sort_order: 'asc' }, status: 200 }));
		expect(calls[10].query).toEqual({ fields: 'Last_Name,Email', per_page: '200', sort_by: 'id', sort_order: 'asc', page_token: expect.stringMatching(/^sbx/) });
		expect(calls[10].query.page).toBeUndefined();
	});

	test('list with a limit asks for that many and stops', async () => {
		sb().zoho.seed({ Leads: 30 });
		const connector = await connect(sb());
		const few = await collect(connector.list('Leads', { limit: 3, properties: ['Last_Name'] }));
		expect(few).toHaveLength(3);
		expect(requests(sb()).map((r) => r.query)).toEqual([{ fields: 'Last_Name', per_page: '3', page: '1', sort_by: 'id', sort_order: 'asc' }]);
	});

	test('more than 50 fields: the first 50 page, the next ones are read by id and merged', async () => {
		const names = Array.from({ length: 60 }, (_, i) => `Field_${i + 1}`);
		sb().zoho.addModule('Pets', names);
		const first = sb().zoho.write('Pets', { Name: 'Rex', Field_1: 'a', Field_60: 'z' });
		sb().zoho.write('Pets', { Name: 'Tom', Field_55: 'y' });
		const connector = await connect(sb());
		const wanted = ['Name', ...names];
		const rows = await collect(connector.list('Pets', { properties: wanted }));
		expect(rows.map((r) => [r.properties.Name, r.properties.Field_1, r.properties.Field_55, r.properties.Field_60])).toEqual([
			['Rex', 'a', null, 'z'],
			['Tom', null, 'y', null],
		]);
		const calls = requests(sb());
		expect(calls.map((c) => [c.call, String(c.query.fields).split(',').length, c.query.ids ?? null])).toEqual([
			['GET /Pets', 50, null],
			['GET /Pets', 11, `${first.id},${rows[1].id}`],
		]);
	});

	test('listChanged: oldest first by Modified_Time, the record at since included, older ones left out', async () => {
		const api = sb().zoho;
		const a = api.write('Contacts', { Last_Name: 'A' });
		api.advanceTime(2000);
		const b = api.write('Contacts', { Last_Name: 'B' });
		api.advanceTime(2000);
		const c = api.write('Contacts', { Last_Name: 'C' });
		api.advanceTime(2000);
		api.write('Contacts', { Title: 'moved' }, a.id);
		const connector = await connect(sb());
		const since = new Date(Date.parse(b.Modified_Time)).toISOString();
		const changed = await collect(connector.listChanged('Contacts', { since }));
		expect(changed.map((r) => r.id)).toEqual([b.id, c.id, a.id]);
		expect(requests(sb())[0].query).toMatchObject({ sort_by: 'Modified_Time', sort_order: 'asc', page: '1', per_page: '200' });
	});

	test('listChanged with nothing changed since: Zoho answers 304 and nothing is listed', async () => {
		sb().zoho.write('Contacts', { Last_Name: 'Old' });
		const connector = await connect(sb());
		const later = new Date(Date.now() + 60_000).toISOString();
		expect(await collect(connector.listChanged('Contacts', { since: later }))).toEqual([]);
		expect(requests(sb()).map((r) => r.status)).toEqual([304]);
	});

	test('getMany: COQL id in (...) with at most 50 ids per query, missing ids left out', async () => {
		sb().zoho.seed({ Accounts: 60 });
		const ids = sb()
			.zoho.list('Accounts')
			.map((r: { id: string }) => r.id);
		const connector = await connect(sb());
		const got = await collect(connector.getMany('Accounts', [...ids, '5725767000999999999'], ['Account_Name']));
		expect(got.map((r) => r.id).sort()).toEqual([...ids].sort());
		const calls = requests(sb());
		expect(calls.map((c) => c.call)).toEqual(['POST /coql', 'POST /coql']);
		expect(calls[0].body.select_query).toBe(`select Account_Name from Accounts where (id in (${ids.slice(0, 50).join(', ')})) order by id asc limit 2000`);
		expect(calls[1].body.select_query).toBe(`select Account_Name from Accounts where (id in (${[...ids.slice(50), '5725767000999999999'].join(', ')})) order by id asc limit 2000`);
	});

	test('search by criteria, email and word', async () => {
		const api = sb().zoho;
		api.write('Leads', { Last_Name: 'Ito', Email: 'ito@example.com', Company: 'Kite' });
		api.write('Leads', { Last_Name: 'Berg', Email: 'berg@example.com', Company: 'Kite' });
		const connector = await connect(sb());
		const byCriteria = await collect(connector.search('Leads', { criteria: '(Company:equals:Kite)and(Last_Name:starts_with:It)' }, { fields: ['Last_Name'] }));
		expect(byCriteria.map((r) => r.properties.Last_Name)).toEqual(['Ito']);
		const byEmail = await collect(connector.search('Leads', { email: 'BERG@example.com' }, { fields: ['Last_Name'] }));
		expect(byEmail.map((r) => r.properties.Last_Name)).toEqual(['Berg']);
		expect(await collect(connector.search('Leads', { word: 'nobody' }, { fields: ['Last_Name'] }))).toEqual([]);
		expect(requests(sb()).map((r) => [r.call, r.query.criteria ?? r.query.email ?? r.query.word, r.status])).toEqual([
			['GET /Leads/search', '(Company:equals:Kite)and(Last_Name:starts_with:It)', 200],
			['GET /Leads/search', 'BERG@example.com', 200],
			['GET /Leads/search', 'nobody', 204],
		]);
	});

	test('deleted records: the deleted-records API, type all', async () => {
		const api = sb().zoho;
		const rec = api.write('Deals', { Deal_Name: 'Gone', Stage: 'Qualification' });
		api.remove('Deals', rec.id);
		const connector = await connect(sb());
		const gone = await collect(connector.deleted('Deals'));
		expect(gone.map((d) => [d.id, d.display_name, d.type])).toEqual([[rec.id, 'Gone', 'recycle']]);
		expect(requests(sb())[0]).toMatchObject({ call: 'GET /Deals/deleted', query: { type: 'all', page: '1', per_page: '200' } });
	});
});

describe('writes', () => {
	test('create: 100 records per call, 207 partial results mapped to inputs with Zoho code, message and field', async () => {
		const connector = await connect(sb());
		const inputs = Array.from({ length: 150 }, (_, i) => (i === 120 ? { First_Name: 'No last name' } : i === 7 ? { Last_Name: 'Bad', Email: 'not-an-email' } : { Last_Name: `P${i}` }));
		const outcomes = await connector.createMany('Contacts', inputs);
		expect(outcomes.map((o) => o.index)).toEqual(inputs.map((_, i) => i));
		expect(outcomes.filter((o) => !o.ok).map((o) => (o.ok ? null : [o.index, o.code, o.message, o.fields]))).toEqual([
			[7, 'INVALID_DATA', 'INVALID_DATA: invalid data (field "Email", expected email)', ['Email']],
			[120, 'MANDATORY_NOT_FOUND', 'MANDATORY_NOT_FOUND: required field not found (field "Last_Name")', ['Last_Name']],
		]);
		const calls = requests(sb());
		expect(calls.map((c) => [c.call, c.body.data.length, c.status])).toEqual([
			['POST /Contacts', 100, 207],
			['POST /Contacts', 50, 207],
		]);
		expect(calls[0].body.trigger).toBeUndefined();
		expect(sb().zoho.count('Contacts')).toBe(148);
	});

	test("skip workflow rules: writes carry trigger: [] (Zoho runs no workflow, approval or blueprint)", async () => {
		const connector = await connect(sb(), { skipWorkflowRules: true });
		const [created] = await connector.createMany('Leads', [{ Last_Name: 'Quiet' }]);
		expect(created.ok).toBe(true);
		await connector.updateMany('Leads', [{ id: created.ok ? created.record.id : '', properties: { Company: 'Hush' } }]);
		await connector.upsertMany('Leads', 'Email', [{ id: 'q@example.com', properties: { Last_Name: 'Q' } }]);
		expect(requests(sb()).map((c) => [c.call, c.body.trigger])).toEqual([
			['POST /Leads', []],
			['PUT /Leads', []],
			['POST /Leads/upsert', []],
		]);
	});

	test('upsert by duplicate_check_fields: insert then update, Zoho saying which', async () => {
		const connector = await connect(sb());
		const first = await connector.upsertMany('Contacts', 'Email', [{ id: 'u@example.com', properties: { Last_Name: 'U' } }]);
		const second = await connector.upsertMany('Contacts', 'Email', [{ id: 'u@example.com', properties: { Last_Name: 'U2' } }]);
		expect(first[0]).toMatchObject({ ok: true, created: true });
		expect(second[0]).toMatchObject({ ok: true, created: false });
		expect(first[0].ok && second[0].ok && first[0].record.id === second[0].record.id).toBe(true);
		const calls = requests(sb());
		expect(calls[0]).toMatchObject({ call: 'POST /Contacts/upsert', body: { data: [{ Last_Name: 'U', Email: 'u@example.com' }], duplicate_check_fields: ['Email'] } });
		expect(sb().zoho.list('Contacts').map((r: { Last_Name: string }) => r.Last_Name)).toEqual(['U2']);
	});

	test('update and delete by id: per-id results, an unknown id fails alone', async () => {
		const api = sb().zoho;
		const a = api.write('Accounts', { Account_Name: 'A' });
		const b = api.write('Accounts', { Account_Name: 'B' });
		const connector = await connect(sb());
		const upd = await connector.updateMany('Accounts', [
			{ id: a.id, properties: { Website: 'https://a.example.com' } },
			{ id: '5725767000999999999', properties: { Website: 'https://x.example.com' } },
		]);
		expect(upd.map((o) => (o.ok ? 'ok' : o.message))).toEqual(['ok', 'INVALID_DATA: the id given seems to be invalid (field "id")']);
		const del = await connector.deleteMany('Accounts', [b.id, '5725767000999999999']);
		expect(del.map((o) => (o.ok ? o.record.id : o.message))).toEqual([b.id, 'INVALID_DATA: the related id given seems to be invalid']);
		expect(requests(sb()).map((c) => [c.call, c.query.ids ?? null, c.status])).toEqual([
			['PUT /Accounts', null, 207],
			['DELETE /Accounts', `${b.id},5725767000999999999`, 207],
		]);
	});

	test('convert a lead: contact, account from Company, and a deal when asked', async () => {
		const lead = sb().zoho.write('Leads', { Last_Name: 'Lee', Email: 'lee@example.com', Company: 'Lee Ltd' });
		const connector = await connect(sb());
		const out = await connector.convertLead(lead.id, { Deals: { Deal_Name: 'Lee deal', Stage: 'Qualification' } });
		expect(out).toEqual({ leadId: lead.id, contactId: expect.any(String), accountId: expect.any(String), dealId: expect.any(String) });
		expect(sb().zoho.get('Contacts', out.contactId as string).Email).toBe('lee@example.com');
		await expect(connector.convertLead(lead.id)).rejects.toThrow(/ID_ALREADY_CONVERTED: id already converted/);
	});
});

describe('limits', () => {
	test('calls in flight stay within the edition: no 429 at the edition the org really has', async () => {
		const api = sb().zoho;
		api.setEdition('free');
		api.setLatency(40);
		const connector = await connect(sb(), { edition: 'free' });
		const outcomes = await connector.createMany('Contacts', Array.from({ length: 1500 }, (_, i) => ({ Last_Name: `C${i}` })));
		expect(outcomes.every((o) => o.ok)).toBe(true);
		expect(api.limits.stats()).toMatchObject({ peak: 5, refused: 0 });
	});

	test('an edition set too high meets 429 TOO_MANY_REQUESTS (no Retry-After): backed off and retried, each record stored once', async () => {
		const api = sb().zoho;
		api.setEdition('free');
		api.setLatency(40);
		const stats = newStats();
		const connector = await connect(sb(), { edition: 'ultimate', stats });
		const outcomes = await connector.createMany('Contacts', Array.from({ length: 1500 }, (_, i) => ({ Last_Name: `C${i}` })));
		expect(outcomes.every((o) => o.ok)).toBe(true);
		expect(api.limits.stats().refused).toBeGreaterThan(0);
		expect(stats.retries).toBe(api.limits.stats().refused);
		expect(api.count('Contacts')).toBe(1500);
	});

	test('credits left are read from X-API-CREDITS-REMAINING', async () => {
		sb().zoho.setCredits(100);
		const connector = await connect(sb());
		await connector.createMany('Contacts', Array.from({ length: 25 }, (_, i) => ({ Last_Name: `C${i}` })));
		expect(connector.settings.creditsRemaining).toBe(97);
	});
});

describe('errors', () => {
	test("Zoho's code, message and the parameter, never UNKNOWN ERROR", async () => {
		const connector = await connect(sb());
		await expect(collect(connector.list('Nope'))).rejects.toThrow('400: INVALID_MODULE: the module name given seems to be invalid');
		await expect(connector.coql('select Nope from Contacts')).rejects.toThrow('400: INVALID_QUERY: column given seems to be invalid (column "Nope")');
	});
});
