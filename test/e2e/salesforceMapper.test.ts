/**
 * End to end through n8n-core (light runner): Define Fields "Map Each Field"
 * (n8n's resource mapper) on the built Salesforce (CRM Pack) node against the
 * CRM sandbox's Salesforce emulator. The workflow's mapper values are
 * expressions over the input; n8n-core checks and types them against the saved
 * schema, and the node sends them as Salesforce values.
 */
import type { IDataObject } from 'n8n-workflow';

import type { LogEntry, Sandbox } from '../sandbox';
import { salesforceJwt } from './helpers/credentials';
import { Harness } from './helpers/harness';
import type { LightRunResult } from './lightRunner';

const NODE = 'Salesforce';
const DATA = '/salesforce/services/data/v62.0';

let sb: Sandbox;
/** Workflow salesforce-opportunities-mapper-create.json run from the Salesforce node (JWT credential). */
const h = new Harness({
	seed: 7,
	node: NODE,
	workflows: 'salesforce-',
	credentials: (s) => salesforceJwt(s),
	setup: (x) => {
		sb = x.sb;
		sb.salesforce!.addField('Opportunity', { name: 'Erp_Id__c', type: 'string', externalId: true, unique: true });
		sb.salesforce!.addField('Opportunity', { name: 'Is_Key__c', type: 'boolean' });
		sb.salesforce!.addField('Opportunity', { name: 'Next_Step_At__c', type: 'datetime' });
	},
});
const { output, calls } = h;

/** A run of the mapper workflow, its Salesforce node's parameters changed by `change`. */
const run = (input: IDataObject[], change?: (parameters: IDataObject) => void): Promise<LightRunResult> =>
	h.run('opportunities-mapper-create', input, change && ((n) => change(n.parameters as IDataObject)));

const bodies = (): unknown[] => sb.log.all().filter((e: LogEntry) => e.method !== 'GET' && !e.path.includes('oauth2')).map((e: LogEntry) => e.body);

describe('Salesforce Map Each Field (resource mapper) through the light runner', () => {
	const input = [
		{ name: 'Mapper deal', stage: 'Prospecting', close: '2026-03-15', amount: '1200.50', erp: 'ERP-1', key: 'true', nextStep: '2026-03-16T10:30:00+01:00' },
		{ name: 'Second deal', stage: 'Qualification', close: '2026-04-01T00:00:00Z', amount: 7, erp: 'ERP-2', key: false, nextStep: null },
	];

	test('create: values typed by n8n from strings go out as number, boolean, ISO date and UTC date-time; unset fields are not sent', async () => {
		const out = output(await run(input));
		expect(calls()).toEqual([
			'POST /salesforce/services/oauth2/token',
			'GET /salesforce/services/oauth2/userinfo',
			`GET ${DATA}/sobjects/Opportunity/describe`,
			`POST ${DATA}/composite/sobjects`,
		]);
		expect(bodies()).toEqual([
			{
				allOrNone: false,
				records: [
					{
						attributes: { type: 'Opportunity' },
						Name: 'Mapper deal',
						StageName: 'Prospecting',
						CloseDate: '2026-03-15',
						Amount: 1200.5,
						Erp_Id__c: 'ERP-1',
						Is_Key__c: true,
						Next_Step_At__c: '2026-03-16T09:30:00.000Z',
					},
					{
						attributes: { type: 'Opportunity' },
						Name: 'Second deal',
						StageName: 'Qualification',
						CloseDate: '2026-04-01',
						Amount: 7,
						Erp_Id__c: 'ERP-2',
						Is_Key__c: false,
					},
				],
			},
		]);
		expect(out.map((o) => [o.json.success, o.pairedItem])).toEqual([
			[true, { item: 0 }],
			[true, { item: 1 }],
		]);
		const saved = sb.salesforce!.store.get('Opportunity', String(out[0].json.id));
		expect(saved).toMatchObject({ Name: 'Mapper deal', Amount: 1200.5, Is_Key__c: true, CloseDate: '2026-03-15' });
	});

	test('a value the mapper cannot type fails the item with n8n\'s message, before any call', async () => {
		const r = await run([{ ...input[0], amount: 'lots' }]);
		expect(r.status).toBe('error');
		expect(r.error?.message).toBe("Invalid input for 'Amount' [item 0]");
		expect(calls().filter((c) => c.includes('composite'))).toEqual([]);
	});

	test('upsert: the same workflow with the External ID field as matching column updates ERP-1 and creates ERP-3', async () => {
		const upsert = (parameters: IDataObject) => {
			parameters.operation = 'upsert';
			(parameters.mappedFields as IDataObject).matchingColumns = ['Erp_Id__c'];
		};
		const out = output(
			await run(
				[
					{ ...input[0], name: 'Mapper deal (renamed)', amount: 99 },
					{ ...input[1], erp: 'ERP-3' },
				],
				upsert,
			),
		);
		expect(calls()).toEqual([`GET ${DATA}/sobjects/Opportunity/describe`, `PATCH ${DATA}/composite/sobjects/Opportunity/Erp_Id__c`]);
		expect(out.map((o) => o.json.created)).toEqual([false, true]);
		const erp1 = sb.salesforce!.store.list('Opportunity').filter((r: IDataObject) => r.Erp_Id__c === 'ERP-1');
		expect(erp1).toHaveLength(1);
		expect(erp1[0]).toMatchObject({ Name: 'Mapper deal (renamed)', Amount: 99 });
	});
});
