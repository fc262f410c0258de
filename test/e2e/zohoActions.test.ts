/**
 * End to end through n8n-core (light runner): workflows/zoho-*.json run the
 * built Zoho CRM (CRM Pack) node against the sandbox's Zoho CRM (US data
 * centre), one test per operation family. Each checks output items, the
 * sandbox's store and the requests in its log.
 */
import type { IDataObject } from 'n8n-workflow';

import { zohoOAuth2 } from './helpers/credentials';
import { Harness } from './helpers/harness';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let zo: any;

const h = new Harness({
	seed: 21,
	node: 'Zoho',
	workflows: 'zoho-',
	credentials: (s) => zohoOAuth2(s),
	setup: (x) => {
		zo = x.sb.zoho;
	},
	reset: () => {
		zo.setEdition('enterprise');
		zo.setLatency(0);
		zo.setCredits(undefined);
	},
});
const { run, output } = h;
const API = '/zoho/us/crm/v8';
const log = () => h.sb.log.all().filter((e) => e.path.startsWith(API));

describe('Zoho CRM (CRM Pack) through the light runner', () => {
	test("create: 100 records per call, a refused record fails alone naming Zoho's code and field; skip workflow rules sends trigger: []", async () => {
		const mark = log().length;
		const input: IDataObject[] = Array.from({ length: 120 }, (_, i) => ({ last: `Lead ${i}`, company: 'Kite' }));
		input[3] = { last: '', company: 'No name' };
		input[50] = { last: 'Bad', fields: { Email: 'not-an-email' } };
		const items = output(await run('leads-create', input, (node) => (node.continueOnFail = true)));
		expect(items).toHaveLength(120);
		expect(items[3].json.error).toEqual(expect.stringContaining('MANDATORY_NOT_FOUND: required field not found (field "Last_Name")'));
		expect(items[50].json.error).toEqual(expect.stringMatching(/Item 50: field "Email"/));
		expect(items[0].json).toMatchObject({ lastName: 'Lead 0', company: 'Kite' });
		const posts = log().slice(mark).filter((e) => e.method === 'POST');
		expect(posts.map((e) => [e.path, (e.body as IDataObject[] | any).data.length, e.status])).toEqual([
			[`${API}/Leads`, 100, 207],
			// Item 50's email is refused before the call (the write pipeline checks emails), item 3 by Zoho.
			[`${API}/Leads`, 19, 201],
		]);
		expect((posts[0].body as IDataObject).trigger).toBeUndefined();
		expect(zo.count('Leads')).toBe(118);
		const quiet = log().length;
		output(await run('leads-create', [{ last: 'Quiet', quiet: true }]));
		expect((log()[quiet].body as IDataObject).trigger).toEqual([]);
	});

	test('upsert by Email (duplicate_check_fields): insert, then update of the same record', async () => {
		const first = output(await run('contacts-upsert', [{ email: 'Ada@Example.com', last: 'Lovelace' }]));
		const second = output(await run('contacts-upsert', [{ email: 'ada@example.com', last: 'Byron' }]));
		expect(first[0].json.id).toBe(second[0].json.id);
		const upserts = log().filter((e) => e.path === `${API}/Contacts/upsert`);
		expect(upserts.slice(-2).map((e) => e.body)).toEqual([
			{ data: [{ Last_Name: 'Lovelace', Email: 'ada@example.com' }], duplicate_check_fields: ['Email'] },
			{ data: [{ Last_Name: 'Byron', Email: 'ada@example.com' }], duplicate_check_fields: ['Email'] },
		]);
		expect(zo.get('Contacts', first[0].json.id as string).Last_Name).toBe('Byron');
	});

	test('the credits Zoho reports left (X-API-CREDITS-REMAINING) are shown with the output as an execution hint', async () => {
		// A budget of 300 with nothing spent yet in the sandbox's rolling 24 hours (the earlier tests spent some): one upsert costs 1.
		zo.limits.reset();
		zo.setCredits(300);
		const result = await run('contacts-upsert', [{ email: 'hint@example.com', last: 'Hint' }]);
		const [task] = Object.values(result.runData).find((tasks) => tasks[0].hints?.length) ?? [];
		expect(task?.hints).toEqual([
			{ message: 'Zoho CRM: 299 API credits left for the organization in the rolling 24 hours (as Zoho reported after the last call)', type: 'info', location: 'outputPane' },
		]);
	});

	test('get with every field: the fields metadata, then the record; update; delete; the deleted record gone from get', async () => {
		const rec = zo.write('Contacts', { Last_Name: 'Ito', Email: 'ito@example.com' });
		const got = output(await run('contacts-get', [{ id: rec.id, output: 'raw' }]));
		expect(got[0].json).toMatchObject({ id: rec.id, Last_Name: 'Ito', Email: 'ito@example.com' });
		const calls = log().slice(-2);
		expect(calls.map((e) => [e.method, e.path, e.query.module ?? null])).toEqual([
			['GET', `${API}/settings/fields`, 'Contacts'],
			['GET', `${API}/Contacts/${rec.id}`, null],
		]);
		output(await run('contacts-update', [{ id: rec.id, title: 'CTO' }]));
		expect(zo.get('Contacts', rec.id).Title).toBe('CTO');
		output(await run('contacts-delete', [{ id: rec.id }]));
		expect(zo.get('Contacts', rec.id)).toBeUndefined();
		const missing = await run('contacts-get', [{ id: rec.id }], (node) => (node.continueOnFail = true));
		expect(output(missing)[0].json.error).toEqual(expect.stringContaining(`no Contacts record with id ${rec.id}`));
	});

	test('get many: fields named, past 2,000 records by page_token', async () => {
		zo.seed({ Contacts: 2100 });
		const mark = log().length;
		const items = output(await run('contacts-get-many', [{}]));
		expect(items.length).toBeGreaterThanOrEqual(2100);
		const gets = log().slice(mark);
		expect(gets).toHaveLength(11);
		expect(gets[0].query).toEqual({ fields: 'Last_Name,Email', per_page: '200', page: '1', sort_by: 'Created_Time', sort_order: 'asc' });
		expect(gets[10].query.page_token).toEqual(expect.any(String));
	});

	test('search by criteria and email; COQL by a WHERE clause', async () => {
		zo.write('Contacts', { Last_Name: 'Zubrowka', Email: 'zubrowka@example.com' });
		zo.write('Contacts', { Last_Name: 'Zubrowkaman', Email: 'zubrowkaman@example.com' });
		const byCriteria = output(await run('contacts-search', [{ by: 'criteria', value: '(Last_Name:starts_with:Zubrowka)' }]));
		expect(byCriteria.map((i) => i.json.lastName).sort()).toEqual(['Zubrowka', 'Zubrowkaman']);
		const byEmail = output(await run('contacts-search', [{ by: 'email', value: 'ZUBROWKA@example.com' }]));
		expect(byEmail.map((i) => i.json.lastName)).toEqual(['Zubrowka']);
		const rows = output(await run('contacts-coql', [{ where: "Email like 'zubrowka%'" }]));
		expect(rows.map((i) => i.json.Last_Name).sort()).toEqual(['Zubrowka', 'Zubrowkaman']);
		expect(log().slice(-1)[0].body).toEqual({ select_query: "select Last_Name, Email from Contacts where (Email like 'zubrowka%') order by id asc limit 2000" });
	});

	test('add a note, convert a lead, deleted deals', async () => {
		const contact = zo.write('Contacts', { Last_Name: 'Noted' });
		const note = output(await run('contacts-add-note', [{ id: contact.id, text: 'Called back' }]));
		expect(note[0].json).toMatchObject({ body: 'Called back' });
		expect(zo.list('Notes').map((n: IDataObject) => [n.Note_Content, (n.Parent_Id as IDataObject).id])).toEqual([['Called back', contact.id]]);
		const lead = zo.write('Leads', { Last_Name: 'Lee', Company: 'Lee Ltd', Email: 'lee@example.com' });
		const converted = output(await run('leads-convert', [{ id: lead.id, deal: 'Lee deal' }]));
		expect(converted[0].json).toEqual({ leadId: lead.id, contactId: expect.any(String), accountId: expect.any(String), dealId: expect.any(String) });
		zo.remove('Deals', converted[0].json.dealId);
		const gone = output(await run('deals-deleted', [{}]));
		expect(gone.map((i) => [i.json.id, i.json.display_name])).toEqual([[converted[0].json.dealId, 'Lee deal']]);
	});

	test('custom module by API name with the resource mapper (mapped automatically from the items)', async () => {
		zo.addModule('Pets', ['Species']);
		const items = output(await run('custom-create', [{ Name: 'Rex', Species: 'Dog', unrelated: 'x' }]));
		expect(items[0].json.id).toEqual(expect.any(String));
		expect(zo.list('Pets').map((p: IDataObject) => [p.Name, p.Species])).toEqual([['Rex', 'Dog']]);
	});
});
