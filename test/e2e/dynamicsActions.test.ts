/**
 * End to end through n8n-core (light runner): workflows/dynamics-*.json run the
 * built Dynamics 365 (CRM Pack) node against the sandbox's Dataverse, one test
 * per operation family. Each checks output items, the sandbox's rows and the
 * requests in its log.
 */
import type { IDataObject } from 'n8n-workflow';

import { dynamicsClientCredentials, dynamicsOAuth2 } from './helpers/credentials';
import { Harness } from './helpers/harness';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let dv: any;

const h = new Harness({
	seed: 10,
	node: 'Dynamics',
	workflows: 'dynamics-',
	perTest: true,
	credentials: (s) => ({ ...dynamicsOAuth2(s), ...dynamicsClientCredentials(s) }),
	setup: (x) => {
		dv = x.sb.dynamics;
		dv.addAttribute('contact', { name: 'cr_externalid', type: 'String', maxLength: 100 });
		dv.addKey('contact', ['cr_externalid']);
	},
	reset: () => {
		dv.resetLimits();
	},
});
const { run, output } = h;
const API = '/dynamics/api/data/v9.2';
const log = () => h.sb.log.all().filter((e) => e.path.startsWith('/dynamics/'));

describe('Dynamics 365 (CRM Pack) through the light runner', () => {
	test('create: an Entra ID token first (client credentials), one CreateMultiple for the batch, rows read back; choice label and lookup resolved from metadata; a bad label fails its item alone', async () => {
		const account = dv.insert('account', { name: 'Contoso' });
		const r = await run(
			'contacts-create',
			[
				{ first: 'Ada', last: 'Lovelace', email: 'ada@example.com', method: 'Email', account: `accounts(${account.accountid})` },
				{ first: 'Bad', last: 'Label', email: 'bad@example.com', method: 'Pigeon' },
				{ first: 'Grace', last: 'Hopper', email: 'grace@example.com', method: '3' },
				{ first: 'Alan', last: 'Turing', email: 'alan@example.com' },
			],
			(node) => (node.continueOnFail = true),
		);
		const items = output(r);
		expect(items.map((i) => i.json.email ?? i.json.error)).toEqual([
			'ada@example.com',
			expect.stringContaining('Item 1: field "preferredcontactmethodcode": "Pigeon" is not one of its choices'),
			'grace@example.com',
			'alan@example.com',
		]);
		expect(items[0].json).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', fullName: 'Ada Lovelace' });
		const calls = log();
		expect(calls[0]).toMatchObject({ method: 'POST', path: `/dynamics/login/${dv.tenant}/oauth2/v2.0/token` });
		expect(calls[0].body).toMatchObject({ grant_type: 'client_credentials', client_id: dv.clientId, scope: `${dv.baseUrl}/.default` });
		const bulk = calls.filter((e) => e.path === `${API}/contacts/Microsoft.Dynamics.CRM.CreateMultiple`);
		expect(bulk).toHaveLength(1);
		expect(bulk[0].body).toEqual({
			Targets: [
				{
					'@odata.type': 'Microsoft.Dynamics.CRM.contact',
					firstname: 'Ada',
					lastname: 'Lovelace',
					emailaddress1: 'ada@example.com',
					preferredcontactmethodcode: 2,
					'parentcustomerid_account@odata.bind': `/accounts(${account.accountid})`,
				},
				{ '@odata.type': 'Microsoft.Dynamics.CRM.contact', firstname: 'Grace', lastname: 'Hopper', emailaddress1: 'grace@example.com', preferredcontactmethodcode: 3 },
				{ '@odata.type': 'Microsoft.Dynamics.CRM.contact', firstname: 'Alan', lastname: 'Turing', emailaddress1: 'alan@example.com' },
			],
		});
		const ada = dv.list('contact').find((c: IDataObject) => c.emailaddress1 === 'ada@example.com');
		expect(ada.parentcustomerid).toEqual({ id: account.accountid, table: 'account' });
		expect(dv.list('contact').map((c: IDataObject) => c.emailaddress1).sort()).toEqual(['ada@example.com', 'alan@example.com', 'grace@example.com']);
	});

	test('create with Define Fields: Map Each Field: the mapper values (defined per column, or mapped automatically by logical name) go through the same conversion (choice label to value); keys that are not columns are left out', async () => {
		const mapper = (value: IDataObject | null, mappingMode = 'defineBelow') => (node: { parameters: IDataObject }) => {
			node.parameters.fieldsMode = 'mapper';
			node.parameters.mappedFields = { mappingMode, value, matchingColumns: [], schema: [] };
		};
		const defined = await run('contacts-create', [{ first: 'Ada', last: 'Lovelace', email: 'ada.mapper@example.com' }], mapper({ firstname: '={{ $json.first }}', lastname: '={{ $json.last }}', emailaddress1: '={{ $json.email }}', preferredcontactmethodcode: 'Email' }));
		expect(output(defined).map((i) => i.json.email)).toEqual(['ada.mapper@example.com']);
		const auto = await run(
			'contacts-create',
			[{ firstname: 'Grace', lastname: 'Hopper', emailaddress1: 'grace.mapper@example.com', preferredcontactmethodcode: 'Phone', shoeSize: 38 }],
			mapper(null, 'autoMapInputData'),
		);
		expect(output(auto).map((i) => i.json.email)).toEqual(['grace.mapper@example.com']);
		// One record each: a single POST; the body as the mapper gave it, the label converted, the stray key left out.
		const creates = log().filter((e) => e.method === 'POST' && e.path.startsWith(API));
		expect(creates.map((e) => [e.path, e.body])).toEqual([
			[`${API}/contacts`, { firstname: 'Ada', lastname: 'Lovelace', emailaddress1: 'ada.mapper@example.com', preferredcontactmethodcode: 2 }],
			[`${API}/contacts`, { firstname: 'Grace', lastname: 'Hopper', emailaddress1: 'grace.mapper@example.com', preferredcontactmethodcode: 3 }],
		]);
		const rows = dv.list('contact').filter((c: IDataObject) => String(c.emailaddress1).endsWith('.mapper@example.com'));
		expect(rows.map((c: IDataObject) => [c.firstname, c.preferredcontactmethodcode])).toEqual([
			['Ada', 2],
			['Grace', 3],
		]);
	});

	test('create: Dataverse refuses the bulk call for one record (nothing written), so the batch goes again as one $batch of single creates and the good records are written', async () => {
		h.sb.faults.set({ failRecord: (input: unknown) => JSON.stringify(input).includes('reject') });
		const r = await run(
			'contacts-create',
			[
				{ first: 'One', last: 'Good', email: 'one@example.com' },
				{ first: 'Two', last: 'reject', email: 'two@example.com' },
				{ first: 'Three', last: 'Good', email: 'three@example.com' },
			],
			(node) => (node.continueOnFail = true),
		);
		const items = output(r);
		expect(items.map((i) => i.json.email ?? i.json.error)).toEqual(['one@example.com', expect.stringContaining('rejected this record'), 'three@example.com']);
		const paths = log().map((e) => `${e.method} ${e.path} ${e.status}`);
		expect(paths).toContain(`POST ${API}/contacts/Microsoft.Dynamics.CRM.CreateMultiple 400`);
		expect(paths).toContain(`POST ${API}/$batch 200`);
		expect(dv.list('contact').map((c: IDataObject) => c.emailaddress1).sort()).toEqual(['one@example.com', 'three@example.com']);
	});

	test('create with All or Nothing per Batch: one change set; the refused record is named, the others rolled back, nothing written', async () => {
		h.sb.faults.set({ failRecord: (input: unknown) => JSON.stringify(input).includes('reject') });
		const r = await run(
			'contacts-create',
			[
				{ first: 'One', last: 'Good', email: 'one@example.com', allOrNone: true },
				{ first: 'Two', last: 'reject', email: 'two@example.com', allOrNone: true },
				{ first: 'Three', last: 'Good', email: 'three@example.com', allOrNone: true },
			],
			(node) => (node.continueOnFail = true),
		);
		const errors = output(r).map((i) => String(i.json.error));
		expect(errors[1]).toContain('rejected this record');
		expect(errors[0]).toContain('Not written: record 1 of the same all-or-nothing batch failed');
		expect(errors[2]).toContain('Not written: record 1');
		const batches = log().filter((e) => e.path === `${API}/$batch`);
		expect(batches).toHaveLength(1);
		expect(log().some((e) => e.path.endsWith('CreateMultiple'))).toBe(false);
		expect(dv.count('contact')).toBe(0);
	});

	test('upsert by an alternate key: existing rows read first, one UpsertMultiple naming each row by its key, rows read back; created flags; Create Only refuses an existing row', async () => {
		dv.insert('contact', { lastname: 'Known', cr_externalid: 'K-1' });
		h.sb.log.reset();
		const r = await run('contacts-upsert', [
			{ key: 'K-1', last: 'Known Updated' },
			{ key: 'K-2', last: 'New Two' },
			{ key: 'K-3', last: 'New Three' },
		]);
		const items = output(r);
		expect(items.map((i) => [i.json.lastName, i.json.created])).toEqual([
			['Known Updated', false],
			['New Two', true],
			['New Three', true],
		]);
		const upsert = log().find((e) => e.path === `${API}/contacts/Microsoft.Dynamics.CRM.UpsertMultiple`);
		expect(upsert?.body).toEqual({
			Targets: [
				{ '@odata.type': 'Microsoft.Dynamics.CRM.contact', lastname: 'Known Updated', '@odata.id': "contacts(cr_externalid='K-1')" },
				{ '@odata.type': 'Microsoft.Dynamics.CRM.contact', lastname: 'New Two', '@odata.id': "contacts(cr_externalid='K-2')" },
				{ '@odata.type': 'Microsoft.Dynamics.CRM.contact', lastname: 'New Three', '@odata.id': "contacts(cr_externalid='K-3')" },
			],
		});
		const reads = log().filter((e) => e.method === 'GET' && e.path === `${API}/contacts`);
		expect(reads).toHaveLength(2);
		expect(reads[0].query.$filter).toBe("cr_externalid eq 'K-1' or cr_externalid eq 'K-2' or cr_externalid eq 'K-3'");
		expect(dv.list('contact').map((c: IDataObject) => `${c.cr_externalid}:${c.lastname}`).sort()).toEqual(['K-1:Known Updated', 'K-2:New Two', 'K-3:New Three']);

		const again = await run('contacts-upsert', [{ key: 'K-2', last: 'Should not change', mode: 'createOnly' }], (node) => (node.continueOnFail = true));
		expect(String(output(again)[0].json.error)).toContain('already exists');
		const patch = log().find((e) => e.method === 'PATCH' && e.path === `${API}/contacts(cr_externalid='K-2')`);
		expect(patch).toMatchObject({ status: 412 });
		expect(dv.list('contact').find((c: IDataObject) => c.cr_externalid === 'K-2').lastname).toBe('New Two');
	});

	test('get many by OData query: $select, $filter and $orderby sent as given; a limit stops early, Return All reads every row', async () => {
		for (let i = 0; i < 7; i++) dv.insert('contact', { firstname: `P${i}`, lastname: 'Paged', emailaddress1: `p${i}@example.com` });
		dv.insert('contact', { firstname: 'Other', lastname: 'Row' });
		const r = await run('contacts-get-many', [{ filter: "lastname eq 'Paged'", limit: 6 }]);
		expect(output(r).map((i) => i.json.firstName)).toEqual(['P0', 'P1', 'P2', 'P3', 'P4', 'P5']);
		const get = log().find((e) => e.method === 'GET' && e.path === `${API}/contacts`);
		expect(get?.query).toEqual({ $orderby: 'fullname asc', $select: 'contactid,createdon,modifiedon,fullname,emailaddress1,_parentcustomerid_value', $filter: "lastname eq 'Paged'" });
		const all = await run('contacts-get-many', [{ filter: "lastname eq 'Paged'" }]);
		expect(output(all)).toHaveLength(7);
	});

	test('search by FetchXML (raw output); get, update and delete by id', async () => {
		const a = dv.insert('contact', { firstname: 'Fetch', lastname: 'Me' });
		dv.insert('contact', { firstname: 'Not', lastname: 'This' });
		const fetch = '<fetch><entity name="contact"><attribute name="fullname" /><filter type="and"><condition attribute="lastname" operator="eq" value="Me" /></filter></entity></fetch>';
		const found = output(await run('contacts-search', [{ fetch }]));
		expect(found.map((i) => i.json.fullname)).toEqual(['Fetch Me']);
		expect(log().find((e) => e.query.fetchXml)?.query.fetchXml).toBe(fetch);

		expect(output(await run('contacts-get', [{ id: a.contactid }]))[0].json).toMatchObject({ id: a.contactid, firstName: 'Fetch' });
		const updated = output(await run('contacts-update', [{ id: a.contactid, title: 'Engineer' }]));
		expect(updated[0].json).toMatchObject({ id: a.contactid, jobTitle: 'Engineer' });
		const patch = log().find((e) => e.method === 'PATCH');
		expect(patch).toMatchObject({ path: `${API}/contacts(${a.contactid})`, body: { jobtitle: 'Engineer' } });
		await run('contacts-delete', [{ id: a.contactid }]);
		expect(dv.get('contact', a.contactid)).toBeUndefined();
	});

	test('associate and disassociate through a collection-valued navigation property ($ref)', async () => {
		const account = dv.insert('account', { name: 'Fabrikam' });
		const contact = dv.insert('contact', { lastname: 'Linked' });
		const out = output(await run('accounts-associate', [{ account: account.accountid, contact: contact.contactid }]));
		expect(out[0].json).toMatchObject({ associated: true });
		const ref = log().find((e) => e.path.endsWith('/$ref'));
		expect(ref).toMatchObject({ method: 'POST', path: `${API}/accounts(${account.accountid})/contact_customer_accounts/$ref`, body: { '@odata.id': `${dv.baseUrl}/api/data/v9.2/contacts(${contact.contactid})` } });
		expect(dv.get('contact', contact.contactid).parentcustomerid).toEqual({ id: account.accountid, table: 'account' });
		await run('accounts-disassociate', [{ account: account.accountid, contact: contact.contactid }]);
		expect(log().some((e) => e.method === 'DELETE' && e.path === `${API}/accounts(${account.accountid})/contact_customer_accounts(${contact.contactid})/$ref`)).toBe(true);
		expect(dv.get('contact', contact.contactid).parentcustomerid).toBeNull();
	});

	test('custom action (unbound, bound) and function with parameters', async () => {
		const account = dv.insert('account', { name: 'Bound Co' });
		dv.addOperation('sample_Score', { run: (p: IDataObject) => ({ Score: Number(p.Base) * 2 }) });
		dv.addOperation('sample_Rename', { bound: 'account', run: (p: IDataObject, row: IDataObject) => ({ Old: row.name, New: p.Name }) });
		dv.addOperation('sample_Echo', { kind: 'function', run: (p: IDataObject) => ({ Echo: p.Text }) });
		expect(output(await run('table-call', [{ kind: 'action', name: 'sample_Score', params: { Base: 21 } }]))[0].json).toMatchObject({ Score: 42 });
		expect(log().find((e) => e.path === `${API}/sample_Score`)).toMatchObject({ method: 'POST', body: { Base: 21 } });
		expect(output(await run('table-call', [{ kind: 'action', name: 'sample_Rename', bound: true, id: account.accountid, params: { Name: 'New Co' } }]))[0].json).toMatchObject({ Old: 'Bound Co', New: 'New Co' });
		expect(log().some((e) => e.path === `${API}/accounts(${account.accountid})/Microsoft.Dynamics.CRM.sample_Rename`)).toBe(true);
		expect(output(await run('table-call', [{ kind: 'function', name: 'sample_Echo', params: { Text: "it's" } }]))[0].json).toMatchObject({ Echo: "it's" });
		const fn = log().find((e) => e.path === `${API}/sample_Echo(Text=@Text)`);
		expect(fn).toMatchObject({ method: 'GET', query: { '@Text': "'it''s'" } });
	});

	test('service protection: a 429 with Retry-After is waited out and the read succeeds', async () => {
		const a = dv.insert('contact', { lastname: 'Limited' });
		dv.setLimits({ limit: 1, windowMs: 1500 });
		const started = Date.now();
		const out = output(await run('contacts-get', [{ id: a.contactid }, { id: a.contactid }]));
		expect(out.map((i) => i.json.lastName)).toEqual(['Limited', 'Limited']);
		const statuses = log().filter((e) => e.method === 'GET').map((e) => e.status);
		expect(statuses).toContain(429);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
	});
});
