/**
 * End to end through n8n-core (light runner): the workflow JSON files in
 * workflows/salesforce-*.json run the built Salesforce (CRM Pack) node against
 * the CRM sandbox's Salesforce emulator, logging in with the JWT bearer flow
 * (the sandbox verifies the RS256 signature with the test's public key).
 * Every test checks the node's output items, the emulator's store and the
 * requests in the sandbox log.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../sandbox';
import { salesforceJwt } from './helpers/credentials';
import { Harness } from './helpers/harness';
import type { CredentialStore } from './lightRunner';

const NODE = 'Salesforce';
const DATA = '/salesforce/services/data/v62.0';

let sb: Sandbox;
/** The saved JWT credential (not logged in before the first test); runs write the session into it. */
let store: CredentialStore;
/** Workflows salesforce-<name>.json run from the Salesforce node. */
const h = new Harness({
	seed: 5,
	node: NODE,
	workflows: 'salesforce-',
	credentials: (s) => salesforceJwt(s),
	setup: (x) => {
		sb = x.sb;
		store = x.store;
		sb.salesforce!.addField('Contact', { name: 'Ext_Id__c', type: 'string', externalId: true, unique: true });
	},
});
const { run, output, calls } = h;

describe('Salesforce through the light runner', () => {
	test('JWT login on first use: token exchanged once, instance URL saved into the credential, then reused', async () => {
		const out = output(await run('contacts-create', [{ firstName: 'Ada', lastName: 'Lovelace', email: 'Ada@Example.com' }]));
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', fullName: 'Ada Lovelace' });
		expect(calls()).toEqual(['POST /salesforce/services/oauth2/token', 'GET /salesforce/services/oauth2/userinfo', `POST ${DATA}/composite/sobjects`]);
		const saved = store.crmPackSalesforceJwtApi['salesforce-sandbox'];
		expect(saved.instanceUrl).toBe(sb.salesforce!.baseUrl);
		expect(String(saved.accessToken)).toMatch(/^00D/);
		expect(sb.salesforce!.jwt.assertions).toHaveLength(1);

		sb.log.reset();
		output(await run('contacts-create', [{ firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com' }]));
		expect(calls()).toEqual([`POST ${DATA}/composite/sobjects`]);
		const hit = sb.salesforce!.store.list('Contact').filter((r: IDataObject) => r.Email === 'grace@example.com');
		expect(hit).toHaveLength(1);
		// Writes are stamped with the pack's client id (Sforce-Call-Options).
		expect(sb.salesforce!.changes.all().slice(-1)[0]).toMatchObject({ changeType: 'created', client: 'n8nCrmPack', id: hit[0].Id });
	});

	test('an expired session is renewed through preAuthentication and the call goes out again', async () => {
		sb.salesforce!.oauth.expireAccessTokens();
		const out = output(await run('contacts-create', [{ lastName: 'Turing', email: 'alan@example.com' }]));
		expect(out[0].json).toMatchObject({ lastName: 'Turing' });
		// The shared transport sends the 401'd call once more in throwing mode; n8n sees the
		// thrown 401, re-runs preAuthentication (a new JWT login) and sends it with the new token.
		expect(calls()).toEqual([
			`POST ${DATA}/composite/sobjects`,
			`POST ${DATA}/composite/sobjects`,
			'POST /salesforce/services/oauth2/token',
			`POST ${DATA}/composite/sobjects`,
		]);
		expect(sb.log.all().map((e) => e.status)).toEqual([401, 401, 200, 200]);
		expect(sb.salesforce!.store.list('Contact').filter((r: IDataObject) => r.Email === 'alan@example.com')).toHaveLength(1);
	});

	test('a refused first JWT login names Salesforce\'s reason and sends no data call', async () => {
		const refused = salesforceJwt(sb);
		refused.crmPackSalesforceJwtApi['salesforce-sandbox'].consumerKey = 'not-the-connected-app';
		const r = await h.run('contacts-get', [{ id: '003000000000001AAA' }], undefined, { credentials: refused });
		expect(r.status).toBe('error');
		expect(r.error?.message).toBe('Salesforce JWT login failed (400): client identifier invalid');
		// n8n runs preAuthentication before sending; it failed, so not even userinfo went out.
		expect(calls()).toEqual(['POST /salesforce/services/oauth2/token']);
	});

	test('450 creates in three collection calls; an invalid email fails alone under Continue On Fail', async () => {
		const before = sb.salesforce!.store.count('Contact');
		const input = Array.from({ length: 450 }, (_, i) => ({ lastName: `Bulk${i}`, email: i === 321 ? 'not-an-email' : `bulk${i}@example.com` }));
		// The node normalises emails and rejects a bad one before sending: it fails alone.
		const r = await run('contacts-create', input, (n) => {
			n.continueOnFail = true;
		});
		const out = output(r);
		expect(out).toHaveLength(450);
		expect(out[321].json.error).toContain('Item 321: field "Email"');
		expect(out.filter((o) => o.json.error)).toHaveLength(1);
		expect(calls()).toEqual([`POST ${DATA}/composite/sobjects`, `POST ${DATA}/composite/sobjects`, `POST ${DATA}/composite/sobjects`]);
		expect(sb.log.all().map((e) => (e.body as { records: unknown[] }).records.length)).toEqual([200, 200, 49]);
		expect(sb.salesforce!.store.count('Contact')).toBe(before + 449);
	});

	test('a record Salesforce rejects is mapped to its item; with All or Nothing its call is rolled back', async () => {
		sb.faults.set({ failRecord: (input: IDataObject) => input.LastName === 'Reject' });
		const before = sb.salesforce!.store.count('Contact');
		const input = [{ lastName: 'Keep1' }, { lastName: 'Reject' }, { lastName: 'Keep2' }];
		let out = output(await run('contacts-create', input, (n) => (n.continueOnFail = true)));
		expect(out.map((o) => o.json.error ?? 'ok')).toEqual(['ok', 'FIELD_CUSTOM_VALIDATION_EXCEPTION: Sandbox fault: this record was rejected (failRecord)', 'ok']);
		expect(sb.salesforce!.store.count('Contact')).toBe(before + 2);

		out = output(
			await run('contacts-create', input, (n) => {
				n.continueOnFail = true;
				n.parameters.options = { allOrNone: true };
			}),
		);
		expect(out.map((o) => o.json.code)).toEqual(['ALL_OR_NONE_OPERATION_ROLLED_BACK', 'FIELD_CUSTOM_VALIDATION_EXCEPTION', 'ALL_OR_NONE_OPERATION_ROLLED_BACK']);
		expect(sb.salesforce!.store.count('Contact')).toBe(before + 2);
		expect((sb.log.all().slice(-1)[0].body as IDataObject).allOrNone).toBe(true);
	});

	test('without Continue On Fail the run fails naming the item, and the rest are written', async () => {
		sb.faults.set({ failRecord: (input: IDataObject) => input.LastName === 'Reject' });
		const r = await run('contacts-create', [{ lastName: 'W1' }, { lastName: 'Reject' }]);
		expect(r.status).toBe('error');
		expect(String(r.error?.message)).toContain('1 of 2 records failed, 1 written: item 1: FIELD_CUSTOM_VALIDATION_EXCEPTION');
		expect(sb.salesforce!.store.list('Contact').some((c: IDataObject) => c.LastName === 'W1')).toBe(true);
	});

	test('upsert by external id: creates, then updates the same record; duplicates in one run merge', async () => {
		let out = output(await run('contacts-upsert', [{ extId: 'X-1', lastName: 'First' }, { extId: 'X-2', lastName: 'Second' }, { extId: 'X-1', lastName: 'FirstAgain' }]));
		expect(out.map((o) => o.json.created)).toEqual([true, true, true]);
		expect(out[0].json.id).toBe(out[2].json.id);
		expect(calls()).toEqual([`PATCH ${DATA}/composite/sobjects/Contact/Ext_Id__c`]);
		out = output(await run('contacts-upsert', [{ extId: 'X-1', lastName: 'Updated' }]));
		expect(out[0].json).toMatchObject({ created: false, success: true });
		const rec = sb.salesforce!.store.list('Contact').filter((c: IDataObject) => c.Ext_Id__c === 'X-1');
		expect(rec).toHaveLength(1);
		expect(rec[0].LastName).toBe('Updated');
	});

	test('update, get, search and delete by id', async () => {
		const created = output(await run('contacts-create', [{ lastName: 'Knuth', email: 'don@example.com' }]));
		const id = String(created[0].json.id);
		sb.log.reset();
		output(await run('contacts-update', [{ id, title: 'Professor' }]));
		expect(calls()).toEqual([`PATCH ${DATA}/composite/sobjects`]);
		expect(sb.salesforce!.store.get('Contact', id)?.Title).toBe('Professor');

		const got = output(await run('contacts-get', [{ id }]));
		expect(got[0].json).toMatchObject({ id, lastName: 'Knuth', email: 'don@example.com', jobTitle: 'Professor' });
		expect(sb.log.all().slice(-1)[0].path).toBe(`${DATA}/sobjects/Contact/${id}`);

		const found = output(await run('contacts-search', [{ term: 'don@example' }]));
		expect(found.map((o) => o.json.id)).toEqual([id]);

		sb.log.reset();
		const deleted = output(await run('contacts-delete', [{ id }]));
		expect(deleted[0].json).toMatchObject({ id, success: true, deleted: true });
		expect(sb.log.all()[0]).toMatchObject({ method: 'DELETE', path: `${DATA}/composite/sobjects`, query: { ids: id, allOrNone: 'false' } });
		expect(sb.salesforce!.store.get('Contact', id)).toBeUndefined();
	});

	test('get many walks every SOQL batch through nextRecordsUrl', async () => {
		sb.salesforce!.setQueryBatchSize(200);
		try {
			const total = sb.salesforce!.store.count('Contact');
			expect(total).toBeGreaterThan(400);
			const out = output(await run('contacts-get-many', [{}]));
			expect(out).toHaveLength(total);
			const pages = Math.ceil(total / 200);
			expect(calls()).toEqual([`GET ${DATA}/query`, ...Array.from({ length: pages - 1 }, (_, i) => `GET ${DATA}/query/${sb.log.all()[i + 1].path.split('/').pop()}`)]);
			expect(new Set(out.map((o) => o.json.id)).size).toBe(total);
		} finally {
			sb.salesforce!.setQueryBatchSize(2000);
		}
	});

	test('SOQL query operation returns the selected fields', async () => {
		sb.salesforce!.seed({ Account: 3 }, 9);
		const out = output(await run('query', [{ soql: "SELECT Id, Name, Industry FROM Account WHERE Industry = 'Technology' ORDER BY Name" }]));
		expect(out.length).toBeGreaterThanOrEqual(3);
		expect(Object.keys(out[0].json).sort()).toEqual(['Id', 'Industry', 'Name', 'id']);
	});

	test('the daily allocation: stop at the threshold before Salesforce refuses; REQUEST_LIMIT_EXCEEDED is not retried', async () => {
		const usage = sb.salesforce!.usage.get();
		try {
			sb.salesforce!.usage.set(89, 100);
			const input = Array.from({ length: 250 }, (_, i) => ({ lastName: `Lim${i}` }));
			const r = await run('contacts-create', input);
			expect(r.status).toBe('error');
			expect(String(r.error?.message)).toContain('50 of 250 records failed');
			expect(String(r.error?.message)).toContain('Stopped: the Salesforce org has used 90% of its daily API allocation (90 of 100 requests');
			expect(calls()).toEqual([`POST ${DATA}/composite/sobjects`]);

			sb.log.reset();
			sb.salesforce!.usage.set(100, 100);
			const refused = await run('contacts-get', [{ id: '003000000000001AAA' }], (n) => {
				n.parameters.options = { stopAtPercent: 100 };
			});
			expect(refused.status).toBe('error');
			expect(String(refused.error?.message)).toContain('exhausted its daily API allocation');
			expect(calls()).toEqual([`GET ${DATA}/sobjects/Contact/003000000000001AAA`]);
		} finally {
			sb.salesforce!.usage.set(usage.used, usage.limit);
		}
	});
});
