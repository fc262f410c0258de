import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { CrmPackCrmSync } from '../../../nodes/CrmSync/CrmPackCrmSync.node';
import { CRMS } from '../../../nodes/crms';
import { context, MemoryCrm } from './helpers';

/**
 * The Errors output of a CRM side fed by records from input: each item is
 * paired with the input item its record came from and names the failing
 * field (the synced field's name) as its own attribute.
 */
const node = new CrmPackCrmSync();
const BASE = { operation: 'sync', sideA: 'memory', sideB: 'input', recordKind: 'contact', fields: 'email, firstName', conflictStrategy: 'bWins' };

async function run(parameters: IDataObject, input: IDataObject[], staticData: IDataObject = {}, credentials?: IDataObject) {
	const made = context({ ...BASE, ...parameters }, input, staticData);
	if (credentials) (made.ctx.getNode() as { credentials: IDataObject }).credentials = credentials;
	const out = (await node.execute.call(made.ctx)) as INodeExecutionData[][];
	return { errors: out[4].map((i) => i.json), paired: out[4].map((i) => i.pairedItem), summary: out[0][0].json, staticData };
}

let crm: MemoryCrm;
beforeEach(() => {
	crm = new MemoryCrm();
	crm.register();
});

test('a rejected create is paired with its own input item and names the field apart from the message', async () => {
	crm.reject = (p) => (p.firstName === 'Bad' ? { message: 'firstName: "Bad" is not allowed', fields: ['firstName'] } : undefined);
	const r = await run({}, [
		{ id: 1, email: 'ann@x.com', firstName: 'Ann' },
		{},
		{ id: 2, email: 'bob@x.com', firstName: 'Bad' },
		{ id: 3, email: 'cy@x.com', firstName: 'Cy' },
	]);
	expect(r.errors).toEqual([
		{
			side: 'A',
			operation: 'create',
			sourceId: '2',
			key: 'bob@x.com',
			fields: { email: 'bob@x.com', firstName: 'Bad' },
			message: 'firstName: "Bad" is not allowed',
			code: 'INVALID',
			field: 'firstName',
		},
	]);
	expect(r.paired).toEqual([{ item: 2 }]);
});

test('the vendor\'s field name is turned back into the synced field (a column override, any case); one no synced field maps to is given as named', async () => {
	crm.reject = (p) => {
		if (p.mail_addr === 'bad@x.com') return { message: 'MAIL_ADDR: invalid', fields: ['MAIL_ADDR'] };
		if (p.firstName === 'Two') return { message: 'two fields', fields: ['mail_addr', 'Status__c'] };
		return undefined;
	};
	const r = await run({ fieldOverrides: { field: [{ name: 'email', aField: 'mail_addr' }] } }, [
		{ id: 7, email: 'ok@x.com', firstName: 'Ok' },
		{ id: 8, email: 'bad@x.com', firstName: 'Bad' },
		{ id: 9, email: 'two@x.com', firstName: 'Two' },
	]);
	expect(r.errors.map((e) => [e.sourceId, e.field, e.failedFields])).toEqual([
		['8', 'email', undefined],
		['9', 'email', ['email', 'Status__c']],
	]);
	expect(r.paired).toEqual([{ item: 1 }, { item: 2 }]);
});

test('a rejected update is paired with the input item of its record (by that side\'s id), not item 0', async () => {
	const staticData: IDataObject = {};
	await run({}, [
		{ id: 1, email: 'ann@x.com', firstName: 'Ann' },
		{ id: 2, email: 'bob@x.com', firstName: 'Bob' },
	], staticData);
	crm.reject = (p) => (p.firstName === 'Bad' ? { message: 'no', fields: ['firstName'] } : undefined);
	const r = await run({}, [
		{ id: 1, email: 'ann@x.com', firstName: 'Ann' },
		{ id: 2, email: 'bob@x.com', firstName: 'Bad', updatedAt: '2030-01-01T00:00:00Z' },
	], staticData);
	expect(r.errors).toEqual([
		expect.objectContaining({ side: 'A', operation: 'update', id: 'm2', aId: 'm2', bId: '2', field: 'firstName', message: 'no' }),
	]);
	expect(r.paired).toEqual([{ item: 1 }]);
});

test('the node lists every credential type of every CRM; a side uses the one of its CRM that is set, and refuses two', async () => {
	// The CRMs' credentials, then the Data Table state store's.
	const crmCredentials = node.description.credentials!.filter((c) => c.name !== 'crmPackN8nApi');
	// (labels and version 2's display rules: test/unit/crmSync/credentials.test.ts)
	expect(crmCredentials.map(({ name, required }) => ({ name, required }))).toEqual(
		CRMS.filter((c) => c.value !== 'memory').flatMap((c) => c.credentials.map((k) => ({ name: k.name, required: false }))),
	);
	expect(node.description.credentials!.map((c) => c.name)).toEqual([
		'crmPackHubSpotPrivateAppApi',
		'crmPackHubSpotOAuth2Api',
		'crmPackSalesforceOAuth2Api',
		'crmPackSalesforceJwtApi',
		'crmPackPipedriveApi',
		'crmPackPipedriveOAuth2Api',
		'crmPackFreshsalesApi',
		'crmPackBrivityApi',
		'crmPackGraphqlCrmApi',
		'crmPackGraphqlCrmOAuth2Api',
		'crmPackRestCrmApi',
		'crmPackRestCrmOAuth2Api',
		'crmPackDynamicsOAuth2Api',
		'crmPackDynamicsClientCredentialsApi',
		'crmPackZohoOAuth2Api',
		'crmPackN8nApi',
	]);
	const memory = CRMS.find((c) => c.value === 'memory')!;
	const used: string[] = [];
	memory.credentials = ['memoryApi', 'memoryOAuth2Api'].map((name) => ({
		name,
		auth: name,
		connect: async () => {
			used.push(name);
			return crm.connector();
		},
	}));
	await run({}, [{ id: 1, email: 'ann@x.com', firstName: 'Ann' }], {}, { memoryOAuth2Api: { id: 'o', name: 'Memory OAuth' } });
	expect(used).toEqual(['memoryOAuth2Api']);
	await expect(run({}, [], {}, { memoryApi: { id: 'k', name: 'Key' }, memoryOAuth2Api: { id: 'o', name: 'Memory OAuth' } })).rejects.toThrow(
		'Side A is Memory CRM and the node has 2 Memory CRM credentials ("Key" and "Memory OAuth"): remove all but one',
	);
	await expect(run({}, [], {}, {})).rejects.toThrow('Side A is Memory CRM: choose a Memory CRM credential');
});
