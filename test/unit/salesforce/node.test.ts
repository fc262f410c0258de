import nock from 'nock';
import { isolateNock } from '../../helpers/nockIsolation';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { CrmPackSalesforce } from '../../../nodes/Salesforce/CrmPackSalesforce.node';
import { DATA, INSTANCE, LIMIT_HEADER, recordBody, sfContext } from './helpers';

const node = new CrmPackSalesforce();

function run(parameters: IDataObject, items: IDataObject[], options: { continueOnFail?: boolean; itemParameters?: Array<Record<string, unknown>> } = {}) {
	const { ctx } = sfContext({
		parameters: { authentication: 'jwt', options: {}, additionalFields: {}, ...parameters },
		items: items.map((json) => ({ json })),
		continueOnFail: options.continueOnFail,
		itemParameters: options.itemParameters,
	});
	return node.execute.call(ctx) as Promise<INodeExecutionData[][]>;
}

const ok = (n: number, prefix = '003') => ({ id: `${prefix}${String(n).padStart(12, '0')}AAA`, success: true, errors: [] });

isolateNock();

describe('Salesforce (CRM Pack) node', () => {
	test('450 creates go out as 200/200/50; a failed record is named by its item and the rest are written', async () => {
		const bodies: Array<{ records: IDataObject[] }> = [];
		const reply = (from: number, n: number, failAt?: number) =>
			Array.from({ length: n }, (_, i) =>
				from + i === failAt
					? { id: null, success: false, errors: [{ statusCode: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid email address: x', fields: ['Email'] }] }
					: ok(from + i),
			);
		nock(INSTANCE)
			.post(`${DATA}/composite/sobjects`, recordBody(bodies))
			.reply(200, reply(0, 200))
			.post(`${DATA}/composite/sobjects`, recordBody(bodies))
			.reply(200, reply(200, 200, 321))
			.post(`${DATA}/composite/sobjects`, recordBody(bodies))
			.reply(200, reply(400, 50));
		const items = Array.from({ length: 450 }, (_, i) => ({ last: `L${i}` }));
		const params = { resource: 'contact', operation: 'create' };
		const itemParameters = items.map((it) => ({ fieldsUi: { field: [{ name: 'LastName', value: it.last }] } }));
		// fixedCollection values come per item
		const error = await run(params, items, { itemParameters: itemParameters.map((p) => ({ 'fieldsUi.field': p.fieldsUi.field })) }).catch((e: Error) => e);
		expect(bodies.map((b) => b.records.length)).toEqual([200, 200, 50]);
		expect(bodies[1].records[121]).toEqual({ attributes: { type: 'Contact' }, LastName: 'L321' });
		expect((error as Error).message).toBe('1 of 450 records failed, 449 written: item 321: field "Email": Email: invalid email address: x');
	});

	test('Continue On Fail: one error item paired to the failed input, neutral output for the rest', async () => {
		nock(INSTANCE)
			.post(`${DATA}/composite/sobjects`)
			.reply(200, [ok(1), { id: null, success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] }] }]);
		const [out] = await run({ resource: 'contact', operation: 'create' }, [{}, {}], {
			continueOnFail: true,
			itemParameters: [{ 'fieldsUi.field': [{ name: 'LastName', value: 'Hopper' }, { name: 'Email', value: ' Grace@Example.com ' }] }, { 'fieldsUi.field': [{ name: 'FirstName', value: 'X' }] }],
		});
		expect(out).toEqual([
			{
				json: { id: ok(1).id, lastName: 'Hopper', email: 'grace@example.com', fullName: 'Hopper', custom: {} },
				pairedItem: { item: 0 },
			},
			{
				// Salesforce's SaveError read field by field (issue 19): item, field, Salesforce's reason; its code kept.
				json: { error: 'Item 1: field "LastName": Required fields are missing: [LastName]', field: 'LastName', code: 'REQUIRED_FIELD_MISSING' },
				pairedItem: { item: 1 },
			},
		]);
	});

	test('upsert by external id merges items naming the same value and reports created', async () => {
		const bodies: IDataObject[] = [];
		nock(INSTANCE)
			.patch(`${DATA}/composite/sobjects/Account/Erp_Id__c`, recordBody(bodies))
			.reply(200, [
				{ id: '001A', success: true, errors: [], created: true },
				{ id: '001B', success: true, errors: [], created: false },
			]);
		const [out] = await run(
			{ resource: 'account', operation: 'upsert', externalIdField: 'Erp_Id__c', options: { output: 'raw', clientId: 'job7' } },
			[{}, {}, {}],
			{
				itemParameters: [
					{ externalIdValue: 'E1', 'fieldsUi.field': [{ name: 'Name', value: 'One' }] },
					{ externalIdValue: 'E2', 'fieldsUi.field': [{ name: 'Name', value: 'Two' }] },
					{ externalIdValue: 'E1', 'fieldsUi.field': [{ name: 'Industry', value: 'Banking' }] },
				],
			},
		);
		expect(bodies[0]).toEqual({
			allOrNone: false,
			records: [
				{ attributes: { type: 'Account' }, Name: 'One', Industry: 'Banking', Erp_Id__c: 'E1' },
				{ attributes: { type: 'Account' }, Name: 'Two', Erp_Id__c: 'E2' },
			],
		});
		expect(out.map((o) => [o.pairedItem, o.json.id, o.json.created])).toEqual([
			[{ item: 0 }, '001A', true],
			[{ item: 1 }, '001B', false],
			[{ item: 2 }, '001A', true],
		]);
	});

	test('All or Nothing is sent as allOrNone; delete sends ids in one call', async () => {
		const scope = nock(INSTANCE)
			.delete(`${DATA}/composite/sobjects`)
			.query({ ids: '003A,003B', allOrNone: 'true' })
			.reply(200, [
				{ id: '003A', success: true, errors: [] },
				{ id: '003B', success: true, errors: [] },
			]);
		const [out] = await run({ resource: 'contact', operation: 'delete', options: { allOrNone: true } }, [{}, {}], {
			itemParameters: [{ recordId: '003A' }, { recordId: '003B' }],
		});
		expect(out.map((o) => o.json)).toEqual([
			{ id: '003A', success: true, errors: [], deleted: true },
			{ id: '003B', success: true, errors: [], deleted: true },
		]);
		expect(scope.isDone()).toBe(true);
	});

	test('query: SOQL as given, batches followed, Simplified drops attributes, the limit stops early', async () => {
		const rows = (from: number) => [0, 1].map((i) => ({ attributes: { type: 'Account', url: 'x' }, Id: `001${from + i}`, Name: `A${from + i}`, Owner: { attributes: { type: 'User' }, Name: 'Ada' } }));
		nock(INSTANCE)
			.get(`${DATA}/query`)
			.query({ q: "SELECT Id, Name, Owner.Name FROM Account WHERE Industry = 'Banking'" })
			.reply(200, { totalSize: 6, done: false, nextRecordsUrl: `${DATA}/query/01gQ-2`, records: rows(0) })
			.get(`${DATA}/query/01gQ-2`)
			.reply(200, { totalSize: 6, done: false, nextRecordsUrl: `${DATA}/query/01gQ-4`, records: rows(2) });
		const [out] = await run({ resource: 'account', operation: 'query', soql: "SELECT Id, Name, Owner.Name FROM Account WHERE Industry = 'Banking'", returnAll: false, limit: 3 }, [{}]);
		expect(out.map((o) => o.json)).toEqual([
			{ id: '0010', Id: '0010', Name: 'A0', Owner: { attributes: { type: 'User' }, Name: 'Ada' } },
			{ id: '0011', Id: '0011', Name: 'A1', Owner: { attributes: { type: 'User' }, Name: 'Ada' } },
			{ id: '0012', Id: '0012', Name: 'A2', Owner: { attributes: { type: 'User' }, Name: 'Ada' } },
		]);
	});

	test('the daily-allocation stop fails the remaining batches with a clear message and sends nothing more', async () => {
		nock(INSTANCE)
			.post(`${DATA}/composite/sobjects`)
			.reply(200, Array.from({ length: 200 }, (_, i) => ok(i)), LIMIT_HEADER(95, 100));
		const items = Array.from({ length: 250 }, () => ({}));
		const [out] = await run({ resource: 'contact', operation: 'create', 'fieldsUi.field': [{ name: 'LastName', value: 'X' }] }, items, { continueOnFail: true });
		expect(out.filter((o) => !o.json.error)).toHaveLength(200);
		const failed = out.filter((o) => o.json.error);
		expect(failed).toHaveLength(50);
		expect(failed[0].pairedItem).toEqual({ item: 200 });
		expect(String(failed[0].json.error)).toContain('Stopped: the Salesforce org has used 95% of its daily API allocation');
		expect(nock.pendingMocks()).toEqual([]);
	});

	test('get: resource locator value and fields; custom objects by API name', async () => {
		nock(INSTANCE)
			.get(`${DATA}/sobjects/Invoice__c/a01000000000001AAA`)
			.query({ fields: 'Name,Total__c' })
			.reply(200, { attributes: { type: 'Invoice__c' }, Id: 'a01000000000001AAA', Name: 'INV-1', Total__c: 10 });
		const [out] = await run({ resource: 'customObject', customObject: 'Invoice__c', operation: 'get', fields: ['Name', 'Total__c'], recordId: 'a01000000000001AAA' }, [{}]);
		expect(out[0].json).toEqual({ id: 'a01000000000001AAA', Id: 'a01000000000001AAA', Name: 'INV-1', Total__c: 10, createdAt: undefined, updatedAt: undefined });
	});

	test('a bad object API name is refused before any call', async () => {
		await expect(run({ resource: 'customObject', customObject: 'Account; DROP', operation: 'getAll' }, [{}])).rejects.toThrow('Object API Name');
	});
});
