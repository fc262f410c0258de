import { DateTime } from 'luxon';
import nock from 'nock';
import { isolateNock } from '../../helpers/nockIsolation';
import type { IDataObject, INodeExecutionData, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { CrmPackSalesforce } from '../../../nodes/Salesforce/CrmPackSalesforce.node';
import { getMappingFields } from '../../../nodes/Salesforce/methods/resourceMapping';
import { DATA, INSTANCE, recordBody, sfContext } from './helpers';

const node = new CrmPackSalesforce();

const picklist = (values: Array<[string, string, boolean?]>) => values.map(([value, label, active = true]) => ({ value, label, active }));

/** An Opportunity describe trimmed to the fields the tests look at, with the flags a real org returns. */
const OPPORTUNITY_DESCRIBE = {
	name: 'Opportunity',
	fields: [
		{ name: 'Id', label: 'Opportunity ID', type: 'id', createable: false, updateable: false, nillable: false, defaultedOnCreate: true },
		{ name: 'Name', label: 'Name', type: 'string', createable: true, updateable: true, nillable: false, defaultedOnCreate: false },
		{
			name: 'StageName',
			label: 'Stage',
			type: 'picklist',
			createable: true,
			updateable: true,
			nillable: false,
			defaultedOnCreate: false,
			picklistValues: picklist([
				['Prospecting', 'Prospecting'],
				['Closed Won', 'Closed Won'],
				['Retired', 'Retired stage', false],
			]),
		},
		{ name: 'CloseDate', label: 'Close Date', type: 'date', createable: true, updateable: true, nillable: false, defaultedOnCreate: false },
		{ name: 'Amount', label: 'Amount', type: 'currency', createable: true, updateable: true, nillable: true, defaultedOnCreate: false },
		{ name: 'Probability', label: 'Probability (%)', type: 'percent', createable: true, updateable: true, nillable: true, defaultedOnCreate: true },
		{ name: 'TotalOpportunityQuantity', label: 'Quantity', type: 'double', createable: true, updateable: true, nillable: true, defaultedOnCreate: false },
		{ name: 'IsPrivate', label: 'Private', type: 'boolean', createable: true, updateable: true, nillable: false, defaultedOnCreate: true },
		{ name: 'OwnerId', label: 'Owner ID', type: 'reference', createable: true, updateable: true, nillable: false, defaultedOnCreate: true },
		{ name: 'IsWon', label: 'Won', type: 'boolean', createable: false, updateable: false, nillable: false, defaultedOnCreate: true },
		{ name: 'CreatedDate', label: 'Created Date', type: 'datetime', createable: false, updateable: false, nillable: false, defaultedOnCreate: true },
		{ name: 'Erp_Id__c', label: 'ERP ID', type: 'string', createable: true, updateable: true, nillable: true, defaultedOnCreate: false, externalId: true, unique: true },
		{ name: 'Legacy_Code__c', label: 'Legacy Code', type: 'string', createable: true, updateable: false, nillable: true, defaultedOnCreate: false },
		{ name: 'Next_Step_At__c', label: 'Next Step At', type: 'datetime', createable: true, updateable: true, nillable: true, defaultedOnCreate: false },
		{ name: 'Tags__c', label: 'Tags', type: 'multipicklist', createable: true, updateable: true, nillable: true, defaultedOnCreate: false, picklistValues: picklist([['A', 'A']]) },
	],
};

function loadFields(operation: string, resource = 'opportunity'): Promise<ResourceMapperFields> {
	const { ctx } = sfContext({ parameters: { authentication: 'jwt', resource, operation } });
	return getMappingFields.call(ctx);
}

/** [id, type, required, readOnly/removed, canBeUsedToMatch, defaultMatch] per field, in the order given. */
const summary = (fields: ResourceMapperField[]) =>
	fields.map((f) => [f.id, f.type, f.required, f.readOnly === f.removed ? f.readOnly : 'readOnly≠removed', f.canBeUsedToMatch, f.defaultMatch]);

function run(parameters: IDataObject, items: IDataObject[] = [{}], itemParameters?: Array<Record<string, unknown>>) {
	const { ctx } = sfContext({
		parameters: { authentication: 'jwt', options: {}, additionalFields: {}, fieldsMode: 'mapper', ...parameters },
		items: items.map((json) => ({ json })),
		itemParameters,
	});
	return node.execute.call(ctx) as Promise<INodeExecutionData[][]>;
}

/** The mapper's schema as n8n saves it with the parameter (only `type` matters at run time). */
const schema = (types: Record<string, string>) =>
	Object.entries(types).map(([id, type]) => ({ id, displayName: id, type, required: false, defaultMatch: false, display: true }));

isolateNock();

describe('Salesforce resource mapper: getMappingFields', () => {
	test('create: every describe field with its label, n8n type and picklist values; required = not nillable, createable, not defaulted; the rest read-only and removed', async () => {
		const scope = nock(INSTANCE).get(`${DATA}/sobjects/Opportunity/describe`).reply(200, OPPORTUNITY_DESCRIBE);
		const { fields } = await loadFields('create');
		expect(scope.isDone()).toBe(true);
		const base = { display: true, canBeUsedToMatch: false, defaultMatch: false };
		expect(fields).toEqual([
			{ ...base, id: 'CloseDate', displayName: 'Close Date (CloseDate)', type: 'dateTime', required: true, readOnly: false, removed: false },
			{ ...base, id: 'Name', displayName: 'Name', type: 'string', required: true, readOnly: false, removed: false },
			{
				...base,
				id: 'StageName',
				displayName: 'Stage (StageName)',
				type: 'options',
				required: true,
				readOnly: false,
				removed: false,
				options: [
					{ name: 'Prospecting', value: 'Prospecting' },
					{ name: 'Closed Won', value: 'Closed Won' },
				],
			},
			{ ...base, id: 'Amount', displayName: 'Amount', type: 'number', required: false, readOnly: false, removed: false },
			{ ...base, id: 'CreatedDate', displayName: 'Created Date (CreatedDate)', type: 'dateTime', required: false, readOnly: true, removed: true },
			{ ...base, id: 'Erp_Id__c', displayName: 'ERP ID (Erp_Id__c)', type: 'string', required: false, readOnly: false, removed: false },
			{ ...base, id: 'Legacy_Code__c', displayName: 'Legacy Code (Legacy_Code__c)', type: 'string', required: false, readOnly: false, removed: false },
			{ ...base, id: 'Next_Step_At__c', displayName: 'Next Step At (Next_Step_At__c)', type: 'dateTime', required: false, readOnly: false, removed: false },
			{ ...base, id: 'Id', displayName: 'Opportunity ID (Id)', type: 'string', required: false, readOnly: true, removed: true },
			{ ...base, id: 'OwnerId', displayName: 'Owner ID (OwnerId)', type: 'string', required: false, readOnly: false, removed: false },
			{ ...base, id: 'IsPrivate', displayName: 'Private (IsPrivate)', type: 'boolean', required: false, readOnly: false, removed: false },
			{ ...base, id: 'Probability', displayName: 'Probability (%) (Probability)', type: 'number', required: false, readOnly: false, removed: false },
			{ ...base, id: 'TotalOpportunityQuantity', displayName: 'Quantity (TotalOpportunityQuantity)', type: 'number', required: false, readOnly: false, removed: false },
			{ ...base, id: 'Tags__c', displayName: 'Tags (Tags__c)', type: 'string', required: false, readOnly: false, removed: false },
			{ ...base, id: 'IsWon', displayName: 'Won (IsWon)', type: 'boolean', required: false, readOnly: true, removed: true },
		]);
	});

	test('update: matches on Id (the default match, editable); nothing required; fields that are not updateable are read-only', async () => {
		nock(INSTANCE).get(`${DATA}/sobjects/Opportunity/describe`).reply(200, OPPORTUNITY_DESCRIBE);
		const { fields } = await loadFields('update');
		expect(summary(fields)).toEqual([
			['Id', 'string', false, false, true, true],
			['Amount', 'number', false, false, false, false],
			['CloseDate', 'dateTime', false, false, false, false],
			['CreatedDate', 'dateTime', false, true, false, false],
			['Erp_Id__c', 'string', false, false, false, false],
			['Legacy_Code__c', 'string', false, true, false, false],
			['Name', 'string', false, false, false, false],
			['Next_Step_At__c', 'dateTime', false, false, false, false],
			['OwnerId', 'string', false, false, false, false],
			['IsPrivate', 'boolean', false, false, false, false],
			['Probability', 'number', false, false, false, false],
			['TotalOpportunityQuantity', 'number', false, false, false, false],
			['StageName', 'options', false, false, false, false],
			['Tags__c', 'string', false, false, false, false],
			['IsWon', 'boolean', false, true, false, false],
		]);
	});

	test('upsert: External ID fields are the match candidates (none chosen by default); createable or updateable fields are writable', async () => {
		nock(INSTANCE).get(`${DATA}/sobjects/Opportunity/describe`).reply(200, OPPORTUNITY_DESCRIBE);
		const { fields } = await loadFields('upsert');
		expect(summary(fields)).toEqual([
			['Erp_Id__c', 'string', false, false, true, false],
			['Amount', 'number', false, false, false, false],
			['CloseDate', 'dateTime', false, false, false, false],
			['CreatedDate', 'dateTime', false, true, false, false],
			['Legacy_Code__c', 'string', false, false, false, false],
			['Name', 'string', false, false, false, false],
			['Next_Step_At__c', 'dateTime', false, false, false, false],
			['Id', 'string', false, true, false, false],
			['OwnerId', 'string', false, false, false, false],
			['IsPrivate', 'boolean', false, false, false, false],
			['Probability', 'number', false, false, false, false],
			['TotalOpportunityQuantity', 'number', false, false, false, false],
			['StageName', 'options', false, false, false, false],
			['Tags__c', 'string', false, false, false, false],
			['IsWon', 'boolean', false, true, false, false],
		]);
	});

	test('custom object: the API name typed in is described; none typed yet gives no fields and a notice', async () => {
		nock(INSTANCE)
			.get(`${DATA}/sobjects/Invoice__c/describe`)
			.reply(200, { fields: [{ name: 'Total__c', label: 'Total', type: 'currency', createable: true, updateable: true, nillable: false, defaultedOnCreate: false }] });
		const { ctx } = sfContext({ parameters: { authentication: 'jwt', resource: 'customObject', customObject: 'Invoice__c', operation: 'create' } });
		expect((await getMappingFields.call(ctx)).fields.map((f) => [f.id, f.type, f.required])).toEqual([['Total__c', 'number', true]]);
		const empty = sfContext({ parameters: { authentication: 'jwt', resource: 'customObject', customObject: ' ', operation: 'create' } });
		expect(await getMappingFields.call(empty.ctx)).toEqual({ fields: [], emptyFieldsNotice: 'Enter the Object API Name first' });
	});
});

describe('Salesforce resource mapper: execute', () => {
	test('create: mapper values go out typed (numbers, booleans, picklist value, date as ISO date, date-time as UTC instant), unset fields left out, above Fields (JSON)', async () => {
		const bodies: IDataObject[] = [];
		const scope = nock(INSTANCE)
			.get(`${DATA}/sobjects/Opportunity/describe`)
			.reply(200, OPPORTUNITY_DESCRIBE)
			.post(`${DATA}/composite/sobjects`, recordBody(bodies))
			.reply(200, [{ id: '006000000000001AAA', success: true, errors: [] }]);
		const [out] = await run(
			{
				resource: 'opportunity',
				operation: 'create',
				additionalFields: { fieldsJson: '{"Description": "from JSON", "Name": "loses to the mapper"}' },
				options: { output: 'raw' },
				mappedFields: {
					mappingMode: 'defineBelow',
					matchingColumns: [],
					schema: schema({ Name: 'string', StageName: 'options', CloseDate: 'dateTime', Amount: 'number', IsPrivate: 'boolean', Next_Step_At__c: 'dateTime', Probability: 'number' }),
					attemptToConvertTypes: false,
					convertFieldsToString: false,
				},
			},
			[{}],
			[
				{
					// What n8n-core's getNodeParameter returns after checking the values against the schema.
					'mappedFields.value': {
						Name: 'Big deal',
						StageName: 'Prospecting',
						CloseDate: DateTime.fromISO('2026-03-15', { zone: 'Europe/Berlin' }),
						Amount: 1200.5,
						IsPrivate: true,
						Next_Step_At__c: DateTime.fromISO('2026-03-15T10:30:00+01:00', { setZone: true }),
						Probability: null,
					},
				},
			],
		);
		expect(scope.isDone()).toBe(true);
		expect(bodies).toEqual([
			{
				allOrNone: false,
				records: [
					{
						attributes: { type: 'Opportunity' },
						Description: 'from JSON',
						Name: 'Big deal',
						StageName: 'Prospecting',
						CloseDate: '2026-03-15',
						Amount: 1200.5,
						IsPrivate: true,
						Next_Step_At__c: '2026-03-15T09:30:00.000Z',
					},
				],
			},
		]);
		expect(out).toEqual([{ json: { id: '006000000000001AAA', success: true, errors: [] }, pairedItem: { item: 0 } }]);
	});

	test('update: the record is the mapped Id (no Record parameter), only the mapped fields are sent; no date field, no describe call', async () => {
		const bodies: IDataObject[] = [];
		const scope = nock(INSTANCE)
			.patch(`${DATA}/composite/sobjects`, recordBody(bodies))
			.reply(200, [
				{ id: '006A', success: true, errors: [] },
				{ id: '006B', success: true, errors: [] },
			]);
		const mapper = { mappingMode: 'defineBelow', matchingColumns: ['Id'], schema: schema({ Id: 'string', Amount: 'number', IsPrivate: 'boolean' }) };
		const [out] = await run({ resource: 'opportunity', operation: 'update', mappedFields: mapper }, [{}, {}], [
			{ 'mappedFields.value': { Id: '006A', Amount: 10, IsPrivate: false } },
			{ 'mappedFields.value': { Id: ' 006B ', Amount: 0 } },
		]);
		expect(scope.isDone()).toBe(true);
		expect(bodies).toEqual([
			{
				allOrNone: false,
				records: [
					{ attributes: { type: 'Opportunity' }, Amount: 10, IsPrivate: false, id: '006A' },
					{ attributes: { type: 'Opportunity' }, Amount: 0, id: '006B' },
				],
			},
		]);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test('update: an item without an Id fails alone under Continue On Fail', async () => {
		nock(INSTANCE).patch(`${DATA}/composite/sobjects`).reply(200, [{ id: '006A', success: true, errors: [] }]);
		const { ctx } = sfContext({
			parameters: { authentication: 'jwt', options: {}, additionalFields: {}, fieldsMode: 'mapper', resource: 'opportunity', operation: 'update', mappedFields: { mappingMode: 'defineBelow', schema: [] } },
			items: [{ json: {} }, { json: {} }],
			continueOnFail: true,
			itemParameters: [{ 'mappedFields.value': { Id: '006A', Name: 'A' } }, { 'mappedFields.value': { Name: 'B' } }],
		});
		const [out] = (await node.execute.call(ctx)) as INodeExecutionData[][];
		expect(out[1]).toEqual({ json: { error: 'Item 1: field "Id" in "Fields" is empty' }, pairedItem: { item: 1 } });
	});

	test('upsert: the matching column is the External ID field, its mapped value the key', async () => {
		const bodies: IDataObject[] = [];
		nock(INSTANCE)
			.patch(`${DATA}/composite/sobjects/Opportunity/Erp_Id__c`, recordBody(bodies))
			.reply(200, [{ id: '006A', success: true, errors: [], created: true }]);
		const mapper = { mappingMode: 'defineBelow', matchingColumns: ['Erp_Id__c'], schema: schema({ Erp_Id__c: 'string', Name: 'string', TotalOpportunityQuantity: 'number' }) };
		const [out] = await run({ resource: 'opportunity', operation: 'upsert', mappedFields: mapper }, [{}], [
			{ 'mappedFields.value': { Erp_Id__c: 'ERP-1', Name: 'One', TotalOpportunityQuantity: 3 } },
		]);
		expect(bodies).toEqual([{ allOrNone: false, records: [{ attributes: { type: 'Opportunity' }, Name: 'One', TotalOpportunityQuantity: 3, Erp_Id__c: 'ERP-1' }] }]);
		expect(out[0].json.created).toBe(true);
	});

	test('upsert without a matching column is a parameter error', async () => {
		const error = await run({ resource: 'opportunity', operation: 'upsert', mappedFields: { mappingMode: 'defineBelow', matchingColumns: [], schema: [] } }, [{}], [
			{ 'mappedFields.value': { Name: 'One' } },
		]).catch((e: Error) => e);
		expect((error as Error).message).toBe('Item 0: field "Fields": choose the External ID field to match on');
	});

	test('Map Automatically: the item keys that are fields create may write (by the describe) are sent; others ignored', async () => {
		const bodies: IDataObject[] = [];
		nock(INSTANCE)
			.get(`${DATA}/sobjects/Opportunity/describe`)
			.reply(200, OPPORTUNITY_DESCRIBE)
			.post(`${DATA}/composite/sobjects`, recordBody(bodies))
			.reply(200, [{ id: '006A', success: true, errors: [] }]);
		await run({ resource: 'opportunity', operation: 'create', mappedFields: { mappingMode: 'autoMapInputData', value: null, matchingColumns: [], schema: [] } }, [
			{ Name: 'Auto', StageName: 'Prospecting', CloseDate: '2026-04-01', Amount: 5, IsWon: true, id: 'x', Unknown__c: 'y' },
		]);
		expect(bodies).toEqual([
			{ allOrNone: false, records: [{ attributes: { type: 'Opportunity' }, Name: 'Auto', StageName: 'Prospecting', CloseDate: '2026-04-01', Amount: 5 }] },
		]);
	});
});

describe('Salesforce node description: Define Fields', () => {
	const properties = node.description.properties;
	const shown = (parameters: IDataObject) =>
		properties
			.filter((p) => NodeHelpers.displayParameter(parameters as never, p, null, node.description))
			.map((p) => `${p.name}${p.type === 'resourceMapper' ? `:${String(p.typeOptions?.resourceMapper?.mode)}` : ''}`);

	test('a workflow saved before the mapper (no fieldsMode) gets Field List: Record, Fields list and External ID inputs as before', () => {
		const update = NodeHelpers.getNodeParameters(properties, { resource: 'contact', operation: 'update' }, true, false, null, null) as IDataObject;
		expect(update.fieldsMode).toBe('list');
		expect(shown(update)).toEqual(expect.arrayContaining(['recordId', 'fieldsUi', 'additionalFields']));
		expect(shown(update)).not.toContain('mappedFields:update');
		const upsert = NodeHelpers.getNodeParameters(properties, { resource: 'contact', operation: 'upsert' }, true, false, null, null) as IDataObject;
		expect(shown(upsert)).toEqual(expect.arrayContaining(['externalIdField', 'externalIdValue', 'fieldsUi']));
	});

	test('Map Each Field shows the mapper of the operation in place of Record, External ID and the list', () => {
		for (const [operation, mode] of [
			['create', 'add'],
			['update', 'update'],
			['upsert', 'upsert'],
		]) {
			const list = shown({ resource: 'contact', operation, fieldsMode: 'mapper' });
			expect(list.filter((n) => n.startsWith('mappedFields'))).toEqual([`mappedFields:${mode}`]);
			expect(list).not.toEqual(expect.arrayContaining(['recordId']));
			expect(list.filter((n) => ['recordId', 'externalIdField', 'externalIdValue', 'fieldsUi'].includes(n))).toEqual([]);
			expect(list).toContain('additionalFields');
		}
		expect(shown({ resource: 'contact', operation: 'get', fieldsMode: 'mapper' })).toContain('recordId');
	});
});
