/**
 * End to end through n8n-core (light runner): Define Fields "Map Each Field"
 * (n8n's resource mapper) on the built Salesforce (CRM Pack) node against the
 * CRM sandbox's Salesforce emulator. The workflow's mapper values are
 * expressions over the input; n8n-core checks and types them against the saved
 * schema, and the node sends them as Salesforce values.
 */
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startSandbox, type LogEntry, type Sandbox } from '../sandbox';
import { runWorkflow, type CredentialStore, type LightRunResult, type WorkflowJson } from './lightRunner';

const NODE = 'Salesforce';
const DATA = '/salesforce/services/data/v62.0';

const { privateKey, publicKey } = generateKeyPairSync('rsa', {
	modulusLength: 2048,
	privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
	publicKeyEncoding: { type: 'spki', format: 'pem' },
});

let sb: Sandbox;
let store: CredentialStore;

function workflow(change?: (parameters: IDataObject) => void): WorkflowJson {
	const file = path.join(__dirname, 'workflows', 'salesforce-opportunities-mapper-create.json');
	const json = JSON.parse(fs.readFileSync(file, 'utf8')) as WorkflowJson;
	const node = json.nodes.find((n) => n.name === NODE);
	if (!node) throw new Error(`the workflow has no node "${NODE}"`);
	change?.(node.parameters as IDataObject);
	return json;
}

async function run(input: IDataObject[], change?: (parameters: IDataObject) => void): Promise<LightRunResult> {
	return runWorkflow(workflow(change), { credentials: store, startNode: NODE, input: input.map((json) => ({ json })) });
}

function output(r: LightRunResult): INodeExecutionData[] {
	expect(r.error).toBeUndefined();
	expect(r.status).toBe('success');
	return r.data[NODE][0];
}

const calls = (): string[] => sb.log.all().map((e: LogEntry) => `${e.method} ${e.path}`);
const bodies = (): unknown[] => sb.log.all().filter((e: LogEntry) => e.method !== 'GET' && !e.path.includes('oauth2')).map((e: LogEntry) => e.body);

beforeAll(async () => {
	sb = await startSandbox({ port: 0, seed: 7 });
	sb.salesforce!.jwt.publicKey = publicKey;
	sb.salesforce!.addField('Opportunity', { name: 'Erp_Id__c', type: 'string', externalId: true, unique: true });
	sb.salesforce!.addField('Opportunity', { name: 'Is_Key__c', type: 'boolean' });
	sb.salesforce!.addField('Opportunity', { name: 'Next_Step_At__c', type: 'datetime' });
	store = {
		crmPackSalesforceJwtApi: {
			'salesforce-sandbox': {
				environment: 'custom',
				customLoginUrl: sb.salesforce!.baseUrl,
				consumerKey: sb.salesforce!.jwt.consumerKey,
				username: sb.salesforce!.jwt.usernames[0],
				privateKey,
				apiVersion: 'v62.0',
				accessToken: '',
				instanceUrl: '',
			},
		},
	};
});

afterAll(async () => {
	await sb.close();
});

beforeEach(() => {
	sb.log.reset();
	sb.faults.clear();
});

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
