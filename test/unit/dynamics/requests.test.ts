/**
 * The Dynamics 365 connector request by request (nock), as Microsoft's Dataverse Web API
 * documentation shows each call (sources in the connector's comments): method, path, query,
 * the headers that matter (Prefer, If-Match / If-None-Match, OData versions) and body.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { DynamicsConnector } from '../../../nodes/Dynamics/connector/DynamicsConnector';
import { bindsForTable } from '../../../nodes/Dynamics/connector/mapping';
import { dynamicsSettings } from '../../../nodes/Dynamics/transport/dynamicsApi';
import { collect } from '../../../shared/paging/paginate';
import { resetRateLimiters } from '../../../shared/transport/rateLimiter';
import { newStats } from '../../../shared/transport/request';
import { fakeClock, fakeContext } from '../../helpers/fakeContext';
import { isolateNock } from '../../helpers/nockIsolation';

isolateNock();
beforeEach(() => resetRateLimiters());

const ENV = 'https://acme.crm4.dynamics.com';
const API = '/api/data/v9.2';
const ID1 = '11111111-1111-4111-8111-111111111111';
const ID2 = '22222222-2222-4222-8222-222222222222';
const ID3 = '33333333-3333-4333-8333-333333333333';
const ANNOTATIONS = 'odata.include-annotations="*"';

async function connector(extra: IDataObject = {}, options = {}) {
	const { ctx } = fakeContext({
		credentials: { crmPackDynamicsClientCredentialsApi: { environmentUrl: ENV, apiVersion: 'v9.2', tenantId: 't', clientId: 'c', clientSecret: 's', accessToken: 'dv-token', ...extra } },
	});
	return new DynamicsConnector(ctx, await dynamicsSettings(ctx, 'clientCredentials', { clock: fakeClock(), stats: newStats() }), options);
}

/** A nock scope on the environment that answers only requests with the OData version headers every Web API call carries. */
const dv = () => nock(ENV).matchHeader('odata-version', '4.0').matchHeader('odata-maxversion', '4.0').matchHeader('authorization', 'Bearer dv-token');

describe('reads', () => {
	test('get: GET <set>(<id>) with $select (primary key and times added) and Prefer include-annotations', async () => {
		const scope = dv()
			.get(`${API}/contacts(${ID1})`)
			.query({ $select: 'contactid,createdon,modifiedon,firstname' })
			.matchHeader('prefer', ANNOTATIONS)
			.reply(200, { contactid: ID1, firstname: 'Ada', createdon: '2026-01-01T00:00:00Z', modifiedon: '2026-01-02T00:00:00Z' });
		const record = await (await connector()).get('contacts', ID1, ['firstname']);
		expect(record).toMatchObject({ id: ID1, properties: { firstname: 'Ada' } });
		scope.done();
	});

	test('list: $orderby createdon then key, Prefer odata.maxpagesize=5000, @odata.nextLink followed as given', async () => {
		const next = `${ENV}${API}/contacts?$orderby=createdon%20asc,contactid%20asc&$skiptoken=page2`;
		const scope = dv()
			.get(`${API}/contacts`)
			.query({ $orderby: 'createdon asc,contactid asc' })
			.matchHeader('prefer', `odata.maxpagesize=5000,${ANNOTATIONS}`)
			.reply(200, { value: [{ contactid: ID1 }], '@odata.nextLink': next })
			.get(`${API}/contacts`)
			.query({ $orderby: 'createdon asc,contactid asc', $skiptoken: 'page2' })
			.matchHeader('prefer', `odata.maxpagesize=5000,${ANNOTATIONS}`)
			.reply(200, { value: [{ contactid: ID2 }] });
		expect((await collect((await connector()).list('contacts'))).map((r) => r.id)).toEqual([ID1, ID2]);
		scope.done();
	});

	test('listChanged: $filter modifiedon ge <since> (whole seconds), ordered by modifiedon then versionnumber', async () => {
		const scope = dv()
			.get(`${API}/contacts`)
			.query({ $orderby: 'modifiedon asc,versionnumber asc', $filter: 'modifiedon ge 2026-03-01T10:00:00Z' })
			.reply(200, { value: [{ contactid: ID1, modifiedon: '2026-03-01T10:00:00Z' }] });
		expect((await collect((await connector()).listChanged('contacts', { since: '2026-03-01T10:00:00.000Z' }))).map((r) => r.id)).toEqual([ID1]);
		scope.done();
	});
});

describe('writes', () => {
	test('createMany of 3: POST <set>/Microsoft.Dynamics.CRM.CreateMultiple { Targets with @odata.type }, then the rows read back by id', async () => {
		let body: IDataObject | undefined;
		const scope = dv()
			.post(`${API}/contacts/Microsoft.Dynamics.CRM.CreateMultiple`, (b) => ((body = b), true))
			.reply(200, { Ids: [ID1, ID2, ID3] })
			.get(`${API}/contacts`)
			.query({ $filter: `contactid eq ${ID1} or contactid eq ${ID2} or contactid eq ${ID3}` })
			.reply(200, { value: [{ contactid: ID1 }, { contactid: ID2 }, { contactid: ID3 }] });
		const out = await (await connector()).createMany('contacts', [{ lastname: 'A' }, { lastname: 'B' }, { lastname: 'C' }]);
		expect(out.map((o) => o.ok && o.record.id)).toEqual([ID1, ID2, ID3]);
		expect(body).toEqual({ Targets: ['A', 'B', 'C'].map((lastname) => ({ '@odata.type': 'Microsoft.Dynamics.CRM.contact', lastname })) });
		scope.done();
	});

	test('updateMany of 3: POST UpdateMultiple, each target carrying its primary key', async () => {
		let body: IDataObject | undefined;
		const scope = dv()
			.post(`${API}/contacts/Microsoft.Dynamics.CRM.UpdateMultiple`, (b) => ((body = b), true))
			.reply(204)
			.get(`${API}/contacts`)
			.query(true)
			.reply(200, { value: [{ contactid: ID1 }, { contactid: ID2 }, { contactid: ID3 }] });
		await (await connector()).updateMany('contacts', [ID1, ID2, ID3].map((id, i) => ({ id, properties: { jobtitle: `T${i}` } })));
		expect(body).toEqual({ Targets: [ID1, ID2, ID3].map((contactid, i) => ({ '@odata.type': 'Microsoft.Dynamics.CRM.contact', jobtitle: `T${i}`, contactid })) });
		scope.done();
	});

	test('one update: PATCH <set>(<id>) with If-Match: * (never creates) and Prefer return=representation', async () => {
		let body: IDataObject | undefined;
		const scope = dv()
			.patch(`${API}/contacts(${ID1})`, (b) => ((body = b), true))
			.matchHeader('if-match', '*')
			.matchHeader('prefer', 'return=representation')
			.reply(200, { contactid: ID1, jobtitle: 'CTO' });
		const [o] = await (await connector()).updateMany('contacts', [{ id: ID1, properties: { jobtitle: 'CTO' } }]);
		expect(o).toMatchObject({ ok: true, created: false });
		expect(body).toEqual({ jobtitle: 'CTO' });
		scope.done();
	});

	test('upsertMany of 3 by an alternate key: rows read by the key first, UpsertMultiple with @odata.id <set>(<key>=\'…\'), rows read back', async () => {
		let body: IDataObject | undefined;
		const emails = ['a@x.com', 'b@x.com', "o'neil@x.com"];
		const filter = "emailaddress1 eq 'a@x.com' or emailaddress1 eq 'b@x.com' or emailaddress1 eq 'o''neil@x.com'";
		const scope = dv()
			.get(`${API}/contacts`)
			.query({ $filter: filter, $select: 'contactid,createdon,modifiedon,emailaddress1' })
			.reply(200, { value: [{ contactid: ID1, emailaddress1: 'a@x.com' }] })
			.post(`${API}/contacts/Microsoft.Dynamics.CRM.UpsertMultiple`, (b) => ((body = b), true))
			.reply(204)
			.get(`${API}/contacts`)
			.query({ $filter: filter })
			.reply(200, { value: emails.map((e, i) => ({ contactid: [ID1, ID2, ID3][i], emailaddress1: e })) });
		const out = await (await connector()).upsertMany('contacts', 'emailaddress1', emails.map((e) => ({ id: e, properties: { emailaddress1: e } })));
		expect(out.map((o) => o.ok && o.created)).toEqual([false, true, true]);
		expect(body).toEqual({
			Targets: [
				{ '@odata.type': 'Microsoft.Dynamics.CRM.contact', emailaddress1: 'a@x.com', '@odata.id': "contacts(emailaddress1='a@x.com')" },
				{ '@odata.type': 'Microsoft.Dynamics.CRM.contact', emailaddress1: 'b@x.com', '@odata.id': "contacts(emailaddress1='b@x.com')" },
				{ '@odata.type': 'Microsoft.Dynamics.CRM.contact', emailaddress1: "o'neil@x.com", '@odata.id': "contacts(emailaddress1='o''neil@x.com')" },
			],
		});
		scope.done();
	});

	test.each([
		['createOnly', 'if-none-match'],
		['updateOnly', 'if-match'],
	] as const)('one upsert in mode %s: PATCH on the key with %s: *', async (upsertMode, header) => {
		const scope = dv()
			.get(`${API}/contacts`)
			.query(true)
			.reply(200, { value: [] })
			.patch((path) => decodeURIComponent(path) === `${API}/contacts(emailaddress1='a@x.com')`)
			.matchHeader(header, '*')
			.matchHeader('prefer', 'return=representation')
			.reply(201, { contactid: ID1, emailaddress1: 'a@x.com' });
		const [o] = await (await connector({}, { upsertMode })).upsertMany('contacts', 'emailaddress1', [{ id: 'a@x.com', properties: { lastname: 'A' } }]);
		expect(o).toMatchObject({ ok: true, record: { id: ID1 } });
		scope.done();
	});

	test('deleteMany: one $batch (multipart/mixed) of DELETE <set>(<id>) requests, continue-on-error, each outcome in place', async () => {
		let sent = '';
		const scope = dv()
			.post(`${API}/$batch`, (b) => ((sent = String(b)), true))
			.matchHeader('prefer', 'odata.continue-on-error')
			.matchHeader('content-type', /^multipart\/mixed; boundary=batch_/)
			.reply(
				200,
				() => {
					const part = (status: string) => `--batchresponse_x\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nHTTP/1.1 ${status}\r\n\r\n`;
					return `${part('204 No Content')}${part('404 Not Found')}${part('204 No Content')}--batchresponse_x--\r\n`;
				},
				{ 'Content-Type': 'multipart/mixed; boundary=batchresponse_x' },
			);
		const out = await (await connector()).deleteMany('contacts', [ID1, ID2, ID3]);
		expect(out.map((o) => [o.index, o.ok])).toEqual([
			[0, true],
			[1, false],
			[2, true],
		]);
		for (const id of [ID1, ID2, ID3]) expect(sent).toContain(`DELETE ${API}/contacts(${id}) HTTP/1.1`);
		scope.done();
	});

	test('associate (collection-valued): POST <row>/<nav>/$ref { @odata.id }; disassociate: DELETE <row>/<nav>(<child>)/$ref', async () => {
		let body: IDataObject | undefined;
		const scope = dv()
			.post(`${API}/accounts(${ID1})/contact_customer_accounts/$ref`, (b) => ((body = b), true))
			.reply(204)
			.delete(`${API}/accounts(${ID1})/contact_customer_accounts(${ID2})/$ref`)
			.reply(204);
		const c = await connector();
		await c.associate('accounts', ID1, 'contact_customer_accounts', { entitySet: 'contacts', id: ID2 }, false);
		await c.disassociate('accounts', ID1, 'contact_customer_accounts', ID2);
		expect(body).toEqual({ '@odata.id': `${ENV}${API}/contacts(${ID2})` });
		scope.done();
	});

	test('a function: GET <name>(p=@p)?@p=<literal>; a bound action: POST <set>(<id>)/Microsoft.Dynamics.CRM.<name> with the parameters as body', async () => {
		let body: IDataObject | undefined;
		const scope = dv()
			.get(`${API}/RetrieveTotalRecordCount(EntityNames=@EntityNames)`)
			.query({ '@EntityNames': '["contact"]' })
			.reply(200, { EntityRecordCountCollection: {} })
			.post(`${API}/opportunities(${ID1})/Microsoft.Dynamics.CRM.new_Close`, (b) => ((body = b), true))
			.reply(204);
		const c = await connector();
		await c.callOperation({ kind: 'function', name: 'RetrieveTotalRecordCount', parameters: { EntityNames: ['contact'] } });
		await c.callOperation({ kind: 'action', name: 'new_Close', parameters: { Reason: 'won' }, bound: { entitySet: 'opportunities', id: ID1 } });
		expect(body).toEqual({ Reason: 'won' });
		scope.done();
	});
});

describe('change tracking (CRM Sync deletions)', () => {
	const TRACK = 'odata.track-changes,odata.maxpagesize=5000';
	const delta = (token: string) => `${ENV}${API}/contacts?$select=contactid&$deltatoken=${token}`;

	test('start: ChangeTrackingEnabled read from metadata, then GET <set>?$select=<key> with Prefer odata.track-changes; the last page\'s @odata.deltaLink is the cursor', async () => {
		const scope = dv()
			.get(`${API}/EntityDefinitions(LogicalName='contact')`)
			.query({ $select: 'ChangeTrackingEnabled' })
			.reply(200, { ChangeTrackingEnabled: true })
			.get(`${API}/contacts`)
			.query({ $select: 'contactid' })
			.matchHeader('prefer', TRACK)
			.reply(200, { value: [{ contactid: ID1 }], '@odata.nextLink': `${ENV}${API}/contacts?$select=contactid&$skiptoken=2` })
			.get(`${API}/contacts`)
			.query({ $select: 'contactid', $skiptoken: '2' })
			.matchHeader('prefer', TRACK)
			.reply(200, { value: [{ contactid: ID2 }], '@odata.deltaLink': delta('100!a') });
		expect(await (await connector()).deletedSince('contacts', undefined)).toEqual({ ids: [], cursor: delta('100!a') });
		scope.done();
	});

	test('next: the saved deltaLink followed; $deletedEntity rows with reason deleted are the deletions, changed rows are not', async () => {
		const scope = dv()
			.get(`${API}/EntityDefinitions(LogicalName='contact')`)
			.query(true)
			.reply(200, { ChangeTrackingEnabled: true })
			.get(`${API}/contacts`)
			.query({ $select: 'contactid', $deltatoken: '100!a' })
			.matchHeader('prefer', TRACK)
			.reply(200, {
				value: [
					{ contactid: ID1, firstname: 'Changed' },
					{ '@odata.context': `${ENV}${API}/$metadata#contacts/$deletedEntity`, id: ID2.toUpperCase(), reason: 'deleted' },
					{ '@odata.context': `${ENV}${API}/$metadata#contacts/$deletedEntity`, id: ID3, reason: 'changed' },
				],
				'@odata.deltaLink': delta('101!b'),
			});
		expect(await (await connector()).deletedSince('contacts', delta('100!a'))).toEqual({ ids: [ID2], cursor: delta('101!b') });
		scope.done();
	});

	test('a refused deltaLink (400) starts tracking again and says so; a table without change tracking answers undefined with no listing', async () => {
		const scope = dv()
			.get(`${API}/EntityDefinitions(LogicalName='contact')`)
			.query(true)
			.reply(200, { ChangeTrackingEnabled: true })
			.get(`${API}/contacts`)
			.query({ $select: 'contactid', $deltatoken: 'old' })
			.reply(400, { error: { code: '0x80072491', message: 'The delta token is not valid or has expired.' } })
			.get(`${API}/contacts`)
			.query({ $select: 'contactid' })
			.matchHeader('prefer', TRACK)
			.reply(200, { value: [], '@odata.deltaLink': delta('200!c') })
			.get(`${API}/EntityDefinitions(LogicalName='lead')`)
			.query(true)
			.reply(200, { ChangeTrackingEnabled: false });
		const c = await connector();
		expect(await c.deletedSince('contacts', delta('old'))).toEqual({ ids: [], cursor: delta('200!c'), restarted: true });
		expect(await c.deletedSince('leads', undefined)).toBeUndefined();
		scope.done();
	});
});

describe('CRM-neutral nodes and CRM Sync keys', () => {
	test('findNeutral: one $filter per lookup (email eq, phone on both numbers, domain contains, text contains on primary columns)', async () => {
		const filters: string[] = [];
		const scope = dv()
			.get(`${API}/contacts`)
			.times(3)
			.query((q) => (filters.push(String(q.$filter)), q.$orderby === 'createdon asc,contactid asc'))
			.reply(200, { value: [] })
			.get(`${API}/accounts`)
			.query((q) => (filters.push(String(q.$filter)), true))
			.reply(200, { value: [] });
		const c = await connector();
		await c.findNeutral('contact', { field: 'email', value: "o'neil@x.com" }, { limit: 2 });
		await c.findNeutral('contact', { field: 'phone', value: '+442079460958' }, { limit: 2 });
		await c.findNeutral('contact', { text: 'Ada' }, { limit: 2 });
		await c.findNeutral('company', { field: 'domain', value: 'acme.com' }, { limit: 2 });
		expect(filters).toEqual([
			"emailaddress1 eq 'o''neil@x.com'",
			"telephone1 eq '+442079460958' or mobilephone eq '+442079460958'",
			"contains(fullname,'Ada') or contains(emailaddress1,'Ada')",
			"contains(websiteurl,'acme.com')",
		]);
		await expect(c.findNeutral('deal', { field: 'email', value: 'a@x.com' }, { limit: 1 })).rejects.toThrow('Dynamics 365 cannot match a deal by email (it can by name)');
		scope.done();
	});

	test('connectionInfo: WhoAmI, then the user\'s fullname; appointmentsOf: _regardingobjectid_value eq <contact>, newest first; recordUrl: main.aspx', async () => {
		const scope = dv()
			.get(`${API}/WhoAmI`)
			.reply(200, { UserId: ID1, BusinessUnitId: ID2, OrganizationId: ID3 }, { 'x-ms-ratelimit-burst-remaining-xrm-requests': '5990' })
			.get(`${API}/systemusers`)
			.query({ $select: 'fullname', $filter: `systemuserid eq ${ID1}` })
			.reply(200, { value: [{ systemuserid: ID1, fullname: 'Integration' }] })
			.get(`${API}/appointments`)
			.query((q) => q.$filter === `_regardingobjectid_value eq ${ID2}` && q.$orderby === 'scheduledstart desc,createdon desc')
			.matchHeader('prefer', `odata.maxpagesize=50,${ANNOTATIONS}`)
			.reply(200, { value: [{ activityid: ID3 }] });
		const c = await connector();
		expect(await c.connectionInfo()).toEqual({
			accountId: ID3,
			accountName: 'acme.crm4.dynamics.com',
			user: 'Integration',
			details: { userId: ID1, businessUnitId: ID2, environmentUrl: ENV, apiVersion: 'v9.2' },
			budget: { remaining: 5990, limit: 6000, window: '5 minutes' },
		});
		expect((await c.appointmentsOf(ID2, { limit: 50 })).map((r) => r.id)).toEqual([ID3]);
		expect(await c.recordUrl('contacts', ID1)).toBe(`${ENV}/main.aspx?etn=contact&pagetype=entityrecord&id=${ID1}`);
		scope.done();
	});

	test('upsertKey: only a key named in the credential whose column the neutral field maps to; a malformed entry is refused by name', async () => {
		expect((await connector()).upsertKey('contact', 'email')).toBeUndefined();
		const named = await connector({ syncAlternateKeys: 'contacts:emailaddress1, accounts = accountnumber' });
		expect(named.upsertKey('contact', 'email')).toBe('emailaddress1');
		expect(named.upsertKey('contact', 'phone')).toBeUndefined();
		expect(named.upsertKey('company', 'name')).toBeUndefined();
		expect(() => (await_((connector({ syncAlternateKeys: 'contacts' }))))).not.toThrow();
		await expect(connector({ syncAlternateKeys: 'contacts emailaddress1' }).then((c) => c.upsertKey('contact', 'email'))).rejects.toThrow(
			"Alternate Keys for CRM Sync: 'contacts emailaddress1' is not '<entity set>:<column>'",
		);
	});

	test('phone calls: the neutral task mapping\'s regarding bind is renamed for the phonecall table; a task keeps it', () => {
		const task = { subject: 'Call', 'regardingobjectid_contact_task@odata.bind': `/contacts(${ID1})` };
		expect(bindsForTable('phonecall', task)).toEqual({ subject: 'Call', 'regardingobjectid_contact_phonecall@odata.bind': `/contacts(${ID1})` });
		expect(bindsForTable('task', task)).toBe(task);
	});
});

/** Opening a connector never parses the keys (a typo fails only CRM Sync's use of them). */
function await_(p: Promise<unknown>): void {
	void p;
}
