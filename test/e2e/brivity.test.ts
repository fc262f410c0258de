/**
 * End to end through n8n-core (light runner), against the sandbox Brivity:
 * the Brivity (CRM Pack) node (people read from the one list and filtered in
 * the node, leads created on the leads host, a transaction report imported
 * with its bad rows reported alone) and the Brivity (CRM Pack) Trigger
 * (subscribed with credentials it generates, a delivery as Brivity sends it
 * starts one run, anything else is answered 401 and starts none).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IDataObject } from 'n8n-workflow';
import { brivityApiKey } from './helpers/credentials';
import { Harness, loadWorkflow } from './helpers/harness';
import { runWebhook, runWebhookMethod } from './lightRunner';

const FIXTURES = path.join(__dirname, '../unit/brivity/fixtures');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let bv: any;
const h = new Harness({
	seed: 31,
	node: 'Brivity',
	workflows: 'brivity-',
	credentials: (s) => brivityApiKey(s),
	setup: (x) => {
		bv = x.sb.brivity;
		bv.addPerson({ first_name: 'Rosa', last_name: 'Diaz', email: 'rosa@example.com', phone: '206-555-0101', source: 'Zillow', tags: ['buyer'] });
		bv.addPerson({ first_name: 'Kai', last_name: 'Lee', email: 'kai@example.com', phone: '425-555-0123', source: 'Website', tags: ['Seller', 'past client'] });
		bv.addPerson({ first_name: 'Rosalind', last_name: 'Park', email: 'rp@example.com', source: 'zillow' });
	},
});
const { run, output } = h;

const fileItem = (name: string) => ({
	json: {},
	binary: { data: { data: readFileSync(path.join(FIXTURES, name)).toString('base64'), mimeType: 'text/csv', fileName: name } },
});

describe('people', () => {
	it('Get Many reads the list once with limit=5000 and filters in the node (tag, source, name; any case)', async () => {
		const out = output(await run('people-get-many', [{}], (n) => (n.parameters.filters = { source: 'ZILLOW', name: 'ros' })));
		expect(out.map((i) => i.json.email)).toEqual(['rosa@example.com', 'rp@example.com']);
		expect(out[0].json).toMatchObject({ firstName: 'Rosa', lastName: 'Diaz', phone: '206-555-0101', custom: { source: 'Zillow', tags: ['buyer'] } });
		const byTag = output(await run('people-get-many', [{}], (n) => (n.parameters.filters = { tag: 'seller' })));
		expect(byTag.map((i) => i.json.email)).toEqual(['kai@example.com']);
		expect(h.sb.log.all().map((e) => [e.method, e.path, e.query])).toEqual([
			['GET', '/brivity/core/api/people', { limit: '5000' }],
			['GET', '/brivity/core/api/people', { limit: '5000' }],
		]);
	});

	it('Get and Search: one list read for all items of a run; a missing id fails its item alone under Continue On Fail', async () => {
		const [rosa] = [...bv.people.values()];
		const got = output(await run('people-get', [{ id: String(rosa.id) }, { id: '424242' }], (n) => (n.continueOnFail = true)));
		expect(got.map((i) => i.json.email ?? i.json.error)).toEqual(['rosa@example.com', 'Item 1: Brivity has no person with ID 424242 (read from the people list)']);
		const found = output(await run('people-search', [{ q: '555-0123' }, { q: 'KAI@' }]));
		expect(found.map((i) => [i.pairedItem, i.json.email])).toEqual([
			[{ item: 0 }, 'kai@example.com'],
			[{ item: 1 }, 'kai@example.com'],
		]);
		expect(h.sb.log.all().map((e) => e.path)).toEqual(['/brivity/core/api/people', '/brivity/core/api/people']);
	});

	it('Raw output is the person as Brivity lists it', async () => {
		const out = output(await run('people-get-many', [{}], (n) => (n.parameters.options = { output: 'raw' })));
		expect(out[0].json).toMatchObject({ first_name: 'Rosa', email_address: 'rosa@example.com', phone_number: '206-555-0101' });
	});
});

describe('leads', () => {
	it('Create posts one v2 lead per item to the leads host, exactly the fields given; the property of interest goes to the notes', async () => {
		const before = bv.count();
		const out = output(await run('lead-create', [{ first: 'Nia', last: 'Holt', email: 'nia@example.com', phone: '206-555-0142', property: 'MLS NWM2001' }]));
		expect(h.sb.log.all().map((e) => [e.method, e.path, e.body])).toEqual([
			[
				'POST',
				'/brivity/secure/api/v2/leads',
				{
					first_name: 'Nia',
					last_name: 'Holt',
					email: 'nia@example.com',
					phone: '206-555-0142',
					source: 'Website',
					lead_type: 'Buyer',
					tags: ['web', 'n8n'],
					description: 'Property of interest: MLS NWM2001',
				},
			],
		]);
		expect(out[0].json).toMatchObject({ firstName: 'Nia', email: 'nia@example.com' });
		expect(bv.count()).toBe(before + 1);
	});

	it('a lead with nothing to reach it by fails alone, naming the fields, before any request; a bad email too', async () => {
		const out = output(
			await run('lead-create', [{ first: 'Only' }, { email: 'bad@' }, { email: 'ok@example.com' }], (n) => (n.continueOnFail = true)),
		);
		expect(out.map((i) => i.json.error ?? i.json.email)).toEqual([
			'Item 0: a lead needs a first and last name, an email or a phone (fields "First Name", "Last Name", "Email", "Phone")',
			'Item 1: field "Email": "bad@" is not an email address',
			'ok@example.com',
		]);
		expect(h.sb.log.all()).toHaveLength(1);
	});
});

describe('transaction report (CSV)', () => {
	it('imports typed rows (US dates, $ amounts, quoted fields, BOM), skips empty rows, reports each bad row alone', async () => {
		const r = await h.execute(loadWorkflow('brivity-transactions-import.json'), { startNode: 'Brivity', input: [fileItem('transactions-report.csv')] });
		const out = output(r);
		expect(out.map((i) => i.json.line)).toEqual([2, 3, 6, 7, 8, 9]);
		expect(out[0].json).toEqual({
			name: '1200 Pine St, Unit 4',
			amount: 672500,
			stage: 'Closed',
			closeDate: '2026-03-06',
			address: '1200 Pine St, Unit 4',
			city: 'Seattle',
			state: 'WA',
			postalCode: '98101',
			mlsNumber: 'NWM2001',
			status: 'Closed',
			side: 'Seller',
			agent: 'Dana Ortiz',
			listPrice: 650000,
			salePrice: 672500,
			grossCommission: 20175,
			listDate: '2026-01-15',
			contractDate: '2026-02-02',
			line: 2,
		});
		expect(out[1].json).toMatchObject({ agent: 'Ortiz, Dana', amount: 1100000, closeDate: '2026-04-15' });
		expect(out[2].json).toMatchObject({ address: '19 "The Orchard" Rd', listDate: '2026-03-01' });
		expect(out[3].json.error).toMatch(/^Line 7: field "listDate": column "List Date": "13\/45\/2026"/);
		expect(out[4].json.error).toMatch(/^Line 8: /);
		expect(out[5].json).toMatchObject({ address: '901 Last St', side: 'Dual', amount: 405000 });
		expect(h.sb.log.all()).toEqual([]);
	});

	it('another delimiter and header set reads the same; "Stop the Run" fails at the first bad row', async () => {
		const ok = output(await h.execute(loadWorkflow('brivity-transactions-import.json'), { startNode: 'Brivity', input: [fileItem('deals-semicolon.csv')] }));
		expect(ok.map((i) => i.json)).toEqual([
			{ name: '12 Elm St', amount: 450000, stage: 'Closed', closeDate: '2026-06-30', address: '12 Elm St', mlsNumber: 'A5712345', status: 'Closed', agent: 'Dana Ortiz', salePrice: 450000, line: 2 },
		]);
		const wf = loadWorkflow('brivity-transactions-import.json');
		wf.nodes[0].parameters.csvOptions = { badRows: 'stop' };
		const stopped = await h.execute(wf, { startNode: 'Brivity', input: [fileItem('transactions-report.csv')] });
		expect(stopped.status).toBe('error');
		expect(String((stopped.error as Error).message)).toMatch(/^Item 0: Line 7: field "listDate"/);
	});

	it('a file that is not a transaction report fails naming the missing column', async () => {
		const r = await h.execute(loadWorkflow('brivity-transactions-import.json'), {
			startNode: 'Brivity',
			input: [{ json: {}, binary: { data: { data: Buffer.from('Name,Email\nA,a@b.co\n').toString('base64'), mimeType: 'text/csv', fileName: 'x.csv' } } }],
		});
		expect(String((r.error as Error).message)).toBe(
			'Item 0: This is not a Brivity transaction report: no column for address ("Property Address" or "Address" or "Street Address" or "Property"). Name your column under Column Names if the export calls it otherwise',
		);
	});
});

describe('new lead trigger', () => {
	const workflow = () => loadWorkflow('brivity-new-lead.json');

	async function activate(): Promise<IDataObject> {
		const created = await runWebhookMethod(workflow(), 'Brivity Trigger', 'create', { credentials: h.store, staticData: {} });
		expect(created.error).toBeUndefined();
		return created.staticData;
	}

	it('activation subscribes to new_lead with generated basic credentials; the subscription keeps only their hash', async () => {
		const staticData = await activate();
		const [call] = h.sb.log.all();
		expect([call.method, call.path]).toEqual(['POST', '/brivity/core/api/event_subscriptions']);
		const body = call.body as IDataObject;
		expect(body).toMatchObject({ event: 'new_lead', source: 'n8n CRM Pack', http_auth_strategy: 'basic', target_url: expect.stringMatching(/\/webhook$/) });
		expect(String(body.http_auth_credentials)).toMatch(/^n8n-[0-9a-f]{12}:[0-9a-f]{48}$/);
		const stored = (staticData['node:Brivity Trigger'] as IDataObject).subscription as IDataObject;
		expect(stored).toEqual({ id: expect.any(String), targetUrl: body.target_url, authHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
		expect(JSON.stringify(staticData)).not.toContain(String(body.http_auth_credentials).split(':')[1]);
		const exists = await runWebhookMethod(workflow(), 'Brivity Trigger', 'checkExists', { credentials: h.store, staticData });
		expect(exists.result).toBe(true);
	});

	it("a delivery exactly as Brivity sends it starts one run with the lead; forged or stale ones get 401 and no run", async () => {
		const staticData = await activate();
		const sub = [...bv.subscriptions.values()].at(-1);
		const lead = bv.addPerson({ first_name: 'Omar', last_name: 'Reid', email: 'omar@example.com', phone: '206-555-0177', source: 'Realtor.com' });
		const sent = bv.deliveryRequest(sub, lead);
		const ok = await runWebhook(workflow(), 'Brivity Trigger', { headers: sent.headers, rawBody: sent.body }, { credentials: h.store, staticData });
		expect(ok.answered?.status).toBe(200);
		const items = ((ok.response as { workflowData?: Array<Array<{ json: IDataObject }>> }).workflowData ?? [[]])[0];
		expect(items.map((i) => i.json)).toEqual([
			expect.objectContaining({ id: String(lead.id), firstName: 'Omar', lastName: 'Reid', email: 'omar@example.com', phone: '206-555-0177', custom: expect.objectContaining({ event: 'new_lead', source: 'Realtor.com' }) }),
		]);
		for (const headers of [{ 'content-type': 'application/json' }, { ...sent.headers, authorization: `Basic ${Buffer.from('n8n-x:guess').toString('base64')}` }]) {
			const forged = await runWebhook(workflow(), 'Brivity Trigger', { headers, rawBody: sent.body }, { credentials: h.store, staticData });
			expect(forged.answered?.status).toBe(401);
			expect((forged.response as IDataObject).workflowData).toBeUndefined();
		}
		// Deactivated: the credentials are forgotten, so the subscription Brivity keeps is refused from then on.
		const deleted = await runWebhookMethod(workflow(), 'Brivity Trigger', 'delete', { credentials: h.store, staticData });
		expect(deleted.staticData['node:Brivity Trigger']).toEqual({});
		const stale = await runWebhook(workflow(), 'Brivity Trigger', { headers: sent.headers, rawBody: sent.body }, { credentials: h.store, staticData: deleted.staticData });
		expect(stale.answered?.status).toBe(401);
		expect(h.sb.log.all().map((e) => e.path)).toEqual(['/brivity/core/api/event_subscriptions']);
	});
});
