/**
 * End to end through n8n-core (light runner): workflows/freshsales-*.json run
 * the built Freshsales (CRM Pack) node against the sandbox's Freshsales, one
 * test per operation family. Each checks output items, the sandbox's store and
 * the requests in its log.
 */
import type { IDataObject } from 'n8n-workflow';

import { freshsalesApiKey } from './helpers/credentials';
import { Harness } from './helpers/harness';
import { runLoadOptions } from './lightRunner';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let fs: any;

const h = new Harness({
	seed: 12,
	node: 'Freshsales',
	workflows: 'freshsales-',
	credentials: (s) => freshsalesApiKey(s, { plan: 'enterprise' }),
	setup: (x) => {
		fs = x.sb.freshsales;
	},
	reset: () => {
		fs.resetRateLimits();
		fs.setLimits({});
	},
});
const { run, output, calls } = h;
const API = '/freshsales/crm/sales/api';

describe('Freshsales (CRM Pack) through the light runner', () => {
	test('create: one POST per item, custom field by label under custom_field, a refused item fails alone under Continue On Fail', async () => {
		fs.addField('contacts', { name: 'tier', label: 'Tier', choices: ['Gold', 'Silver'] });
		const r = await run(
			'contacts-create',
			[
				{ email: 'ADA@example.com', firstName: 'Ada', lastName: 'Lovelace', jobTitle: 'Analyst', fields: { Tier: 'gold' } },
				{ email: 'not-an-email', firstName: 'Bad' },
				{ email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper', jobTitle: 'Admiral' },
			],
			(node) => (node.continueOnFail = true),
		);
		const items = output(r);
		expect(items.map((i) => i.json.email ?? i.json.error)).toEqual(['ada@example.com', expect.stringContaining('Item 1: field "email"'), 'grace@example.com']);
		expect(items[0].json).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', fullName: 'Ada Lovelace', jobTitle: 'Analyst', custom: { cf_tier: 'Gold' } });
		// Sent side by side: compared in email order.
		const posts = h.sb.log.all().filter((e) => e.method === 'POST' && e.path === `${API}/contacts`);
		expect(posts.map((e) => e.body).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
			{ contact: { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', job_title: 'Analyst', custom_field: { cf_tier: 'Gold' } } },
			{ contact: { email: 'grace@example.com', first_name: 'Grace', last_name: 'Hopper', job_title: 'Admiral' } },
		]);
	});

	test('upsert: POST /contacts/upsert per record below the threshold (created then updated); items naming one email merged', async () => {
		const r = await run('contacts-upsert', [
			{ email: 'alan@example.com', firstName: 'Alan' },
			{ email: 'ALAN@example.com', firstName: 'Alan M.' },
			{ email: 'ada@example.com', firstName: 'Augusta Ada' },
		]);
		const items = output(r);
		expect(items.map((i) => [i.json.email, i.json.firstName, i.json.created])).toEqual([
			['alan@example.com', 'Alan M.', true],
			['alan@example.com', 'Alan M.', true],
			['ada@example.com', 'Augusta Ada', false],
		]);
		const upserts = h.sb.log.all().filter((e) => e.path === `${API}/contacts/upsert`);
		expect(upserts.map((e) => e.body)).toEqual([
			{ unique_identifier: { emails: 'alan@example.com' }, contact: { first_name: 'Alan M.', email: 'alan@example.com' } },
			{ unique_identifier: { emails: 'ada@example.com' }, contact: { first_name: 'Augusta Ada', email: 'ada@example.com' } },
		]);
	});

	test('bulk upsert: from the threshold on, one job of up to 100 read back; results mapped to their items', async () => {
		fs.setJobPolls(1);
		const input = Array.from({ length: 30 }, (_, n) => ({ email: `bulk${n}@example.com`, firstName: `Bulk${n}`, bulkThreshold: 20 }));
		input[3].email = 'ada@example.com';
		const r = await run('contacts-upsert', input);
		const items = output(r);
		expect(items).toHaveLength(30);
		expect(items.map((i) => i.json.email)).toEqual(input.map((i) => i.email));
		expect(items.filter((i) => i.json.created === false).map((i) => i.json.email)).toEqual(['ada@example.com']);
		expect(calls().filter((c) => c.startsWith('POST') || c.includes('job_statuses')).map((c) => c.replace(/[0-9a-f-]{36}$/, ':id'))).toEqual([
			`POST ${API}/filtered_search/contact`,
			`POST ${API}/contacts/bulk_upsert`,
			`GET ${API}/job_statuses/:id`,
			`POST ${API}/filtered_search/contact`,
		]);
		expect(fs.list('contacts').filter((c: IDataObject) => String(c.email).startsWith('bulk'))).toHaveLength(29);
	});

	test('accounts upsert by name', async () => {
		const r = await run('accounts-upsert', [{ name: 'Analytical Engines', fields: { website: 'https://ae.example.com' } }]);
		expect(output(r)[0].json).toMatchObject({ name: 'Analytical Engines', website: 'https://ae.example.com', created: true });
		expect(h.sb.log.all().find((e) => e.path === `${API}/sales_accounts/upsert`)?.body).toEqual({
			unique_identifier: { name: 'Analytical Engines' },
			sales_account: { website: 'https://ae.example.com', name: 'Analytical Engines' },
		});
	});

	test('get with include; Raw output is the vendor record', async () => {
		const ada = fs.list('contacts').find((c: IDataObject) => c.email === 'ada@example.com');
		const r = await run('contacts-get', [{ id: String(ada.id), include: 'sales_accounts, owner', output: 'raw' }]);
		expect(output(r)[0].json).toMatchObject({ id: ada.id, email: 'ada@example.com' });
		const get = h.sb.log.all().find((e) => e.method === 'GET' && e.path === `${API}/contacts/${ada.id}`);
		expect(get?.query).toEqual({ include: 'sales_accounts,owner' });
	});

	test('get many: the All view, newest change first, stops at the limit', async () => {
		const r = await run('contacts-get-many', [{ limit: 2 }]);
		expect(output(r)).toHaveLength(2);
		expect(h.sb.log.all().map((e) => [e.path, e.query])).toEqual([
			[`${API}/contacts/filters`, {}],
			[`${API}/contacts/view/101`, { sort: 'updated_at', sort_type: 'desc', page: '1', per_page: '2' }],
		]);
	});

	test('search by filter rules (is one of, comma-separated) and by text', async () => {
		const r = await run('contacts-search', [{ emails: 'ada@example.com, grace@example.com' }]);
		expect(output(r).map((i) => i.json.email).sort()).toEqual(['ada@example.com', 'grace@example.com']);
		expect(h.sb.log.all()[0].body).toEqual({ filter_rule: [{ attribute: 'contact_email.email', operator: 'is_in', value: ['ada@example.com', 'grace@example.com'] }] });
		h.sb.log.reset();
		const q = await run('contacts-quick-search', [{ term: 'grace' }]);
		expect(output(q).map((i) => i.json.email)).toEqual(['grace@example.com']);
		expect(calls()).toEqual([`GET ${API}/search`, `POST ${API}/filtered_search/contact`]);
		expect(h.sb.log.all()[0].query).toEqual({ q: 'grace', include: 'contact' });
	});

	test('update by id; a missing record fails with its 404', async () => {
		const grace = fs.list('contacts').find((c: IDataObject) => c.email === 'grace@example.com');
		const r = await run('contacts-update', [{ id: String(grace.id), fields: { job_title: 'Rear Admiral' } }]);
		expect(output(r)[0].json).toMatchObject({ id: String(grace.id), jobTitle: 'Rear Admiral' });
		expect(h.sb.log.all()[0]).toMatchObject({ method: 'PUT', path: `${API}/contacts/${grace.id}`, body: { contact: { job_title: 'Rear Admiral' } } });
		const missing = await run('contacts-update', [{ id: '424242', fields: { job_title: 'x' } }], (node) => (node.continueOnFail = true));
		expect(String(output(missing)[0].json.error)).toContain('404');
	});

	test('add a note to a contact and a task to a deal (targetable), tasks listed open then completed', async () => {
		const ada = fs.list('contacts').find((c: IDataObject) => c.email === 'ada@example.com');
		const note = await run('contacts-add-note', [{ id: String(ada.id), note: 'Met at the Royal Society' }]);
		expect(output(note)[0].json).toMatchObject({ body: 'Met at the Royal Society', associations: [{ kind: 'contact', id: String(ada.id) }] });
		expect(h.sb.log.all()[0].body).toEqual({ note: { description: 'Met at the Royal Society', targetable_type: 'Contact', targetable_id: ada.id } });
		const deal = fs.write('deals', { name: 'Engine No. 2', amount: 17000 });
		h.sb.log.reset();
		const task = await run('deals-add-task', [{ id: String(deal.id), title: 'Send the notes', due: '2030-03-05T10:00:00Z', ownerId: 7002 }]);
		expect(output(task)[0].json).toMatchObject({ subject: 'Send the notes', dueDate: '2030-03-05T10:00:00Z', ownerId: '7002', associations: [{ kind: 'deal', id: String(deal.id) }] });
		expect(h.sb.log.all()[0].body).toEqual({ task: { title: 'Send the notes', due_date: '2030-03-05T10:00:00.000Z', targetable_type: 'Deal', targetable_id: deal.id, owner_id: 7002 } });
		await run('tasks-create', [{ title: 'Call back', due: '2030-01-01T09:00:00Z', contactId: String(ada.id) }]);
		h.sb.log.reset();
		const tasks = await run('tasks-get-many', [{}]);
		expect(output(tasks).map((i) => i.json.subject).sort()).toEqual(['Call back', 'Send the notes']);
		expect(h.sb.log.all().map((e) => e.query.filter)).toEqual(['open', 'completed']);
	});

	test('delete by id; the record is gone', async () => {
		const alan = fs.list('contacts').find((c: IDataObject) => c.email === 'alan@example.com');
		const r = await run('contacts-delete', [{ id: String(alan.id) }]);
		expect(output(r)[0].json).toMatchObject({ id: String(alan.id) });
		expect(fs.get('contacts', alan.id)).toBeUndefined();
		expect(calls()).toEqual([`DELETE ${API}/contacts/${alan.id}`]);
	});
});

describe('Define Fields: Map Each Field (resource mapper)', () => {
	test('the mapper lists the fields of the resource, required ones first, dropdowns with their choices by label', async () => {
		fs.addField('deals', { name: 'region', label: 'Region', choices: ['EMEA', 'APAC'] });
		const { result, error } = await runLoadOptions(h.workflow('deals-mapper-create'), 'Freshsales', 'resourceMapping', 'getMappingFields', { credentials: h.store });
		expect(error).toBeUndefined();
		const out = result as { fields: Array<{ id: string; required: boolean; type: string; options?: Array<{ name: string }> }> };
		expect(out.fields[0]).toMatchObject({ id: 'name', required: true });
		expect(out.fields.find((f) => f.id === 'cf_region')).toMatchObject({ type: 'options', options: [{ name: 'EMEA' }, { name: 'APAC' }] });
		expect(out.fields.find((f) => f.id === 'deal_stage_id')).toMatchObject({ type: 'options' });
		expect(out.fields.find((f) => f.id === 'expected_close')).toMatchObject({ type: 'dateTime' });
	});

	test('defined values go through the write pipeline: labels to choices (standard: the id), the date as its day, unset left out', async () => {
		const r = await run('deals-mapper-create', [{ name: 'Engine No. 3', amount: 42000, close: '2030-06-30', stage: 'Won', region: 'EMEA' }]);
		expect(output(r)[0].json).toMatchObject({ name: 'Engine No. 3', amount: 42000, closeDate: '2030-06-30', stage: '33' });
		const post = h.sb.log.all().find((e) => e.method === 'POST' && e.path === `${API}/deals`);
		expect(post?.body).toEqual({ deal: { name: 'Engine No. 3', amount: 42000, expected_close: '2030-06-30', deal_stage_id: 33, custom_field: { cf_region: 'EMEA' } } });
	});

	test("Map Automatically takes the item's keys that are writable fields of the resource", async () => {
		const r = await run('contacts-mapper-auto', [{ email: 'auto@example.com', first_name: 'Auto', id: 'not-a-field', display_name: 'read-only' }]);
		expect(output(r)[0].json).toMatchObject({ email: 'auto@example.com', firstName: 'Auto' });
		const post = h.sb.log.all().find((e) => e.method === 'POST' && e.path === `${API}/contacts`);
		expect(post?.body).toEqual({ contact: { email: 'auto@example.com', first_name: 'Auto' } });
	});
});

describe('custom modules', () => {
	test('create, get, update and delete records of a custom module (cm_…), custom fields under custom_field', async () => {
		fs.addModule('cm_projects', ['budget']);
		const created = output(await run('custom-create', [{ module: 'cm_projects', name: 'Engine No. 4', fields: { cf_budget: 5000 } }]));
		expect(created[0].json).toMatchObject({ name: 'Engine No. 4', cf_budget: 5000 });
		const id = String(created[0].json.id);
		expect(h.sb.log.all().find((e) => e.method === 'POST')).toMatchObject({ path: `${API}/custom_module/cm_projects`, body: { cm_projects: { name: 'Engine No. 4', custom_field: { cf_budget: 5000 } } } });
		h.sb.log.reset();
		const updated = output(await run('custom-update', [{ module: 'cm_projects', id, fields: { cf_budget: 6000 } }]))[0].json;
		expect([String(updated.id), updated.cf_budget]).toEqual([id, 6000]);
		expect(h.sb.log.all()[0]).toMatchObject({ method: 'PUT', path: `${API}/custom_module/cm_projects/${id}`, body: { cm_projects: { custom_field: { cf_budget: 6000 } } } });
		const got = output(await run('custom-get', [{ module: 'cm_projects', id }]))[0].json;
		expect([String(got.id), got.name, got.cf_budget]).toEqual([id, 'Engine No. 4', 6000]);
		await run('custom-delete', [{ module: 'cm_projects', id }]);
		expect(fs.customModules.get('cm_projects').records.size).toBe(0);
	});

	test('a module name that is no cm_ API name fails naming the field; an unknown field fails its item with the vendor message', async () => {
		const bad = await run('custom-create', [{ module: 'projects', name: 'x' }]);
		expect(String(bad.error?.message)).toContain('field "Custom Module": "projects" is not a custom module\'s API name');
		const refused = await run('custom-create', [{ module: 'cm_projects', name: 'y', fields: { cf_nope: 1 } }], (node) => (node.continueOnFail = true));
		expect(String(output(refused)[0].json.error)).toContain('Unknown custom field: cf_nope');
	});
});
