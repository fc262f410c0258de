import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { outputOption, retriesOption, returnAllLimit } from '../../../shared/n8n/options';
import { customObjectName, fieldList, recordLocator, resourceChoice } from '../../../shared/n8n/actions/parameters';
import { MAPPER_PARAMETER, type WriteOperation } from './fieldMapper';
import * as convert from './operations/convert.operation';
import * as query from './operations/query.operation';
import { createOperation, deleteOperation, getAllOperation, getOperation, operationsPerResource, searchOperation, updateOperation, upsertOperation } from '../../../shared/n8n/actions';

const RECORD_RESOURCES = ['lead', 'contact', 'account', 'opportunity', 'event', 'task', 'customObject'];
const WRITE_OPS = ['create', 'update', 'upsert'];
const DEPENDS = ['resource', 'customObject'];

export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{ name: 'OAuth2', value: 'oAuth2' },
		{ name: 'JWT Bearer (Server to Server)', value: 'jwt' },
	],
	default: 'oAuth2',
};

export const resourceProperty = resourceChoice(
	[
		{ name: 'Account', value: 'account' },
		{ name: 'Contact', value: 'contact' },
		{ name: 'Custom Object', value: 'customObject', description: 'Any sObject by its API name, e.g. Invoice__c or Case' },
		{ name: 'Event (Appointment)', value: 'event' },
		{ name: 'Lead', value: 'lead' },
		{ name: 'Opportunity', value: 'opportunity' },
		{ name: 'Task', value: 'task' },
	],
	'contact',
);

const RECORD_OPERATIONS: INodePropertyOptions[] = [
	createOperation.option('Create records (200 per call through sObject Collections)'),
	upsertOperation.option,
	deleteOperation.option('Delete records (200 per call)'),
	getOperation.option('Get a record by ID or external ID'),
	getAllOperation.option('List records'),
	query.option,
	searchOperation.option('Full-text search (SOSL)'),
	updateOperation.option('Update records by ID (200 per call)'),
];

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: RECORD_RESOURCES.filter((r) => r !== 'lead') } },
	options: RECORD_OPERATIONS,
	default: 'create',
};

/*
 * Leads also convert. Salesforce offers lead conversion only through the SOAP
 * API's convertLead() call and Apex (Database.convertLead); the REST API has
 * no resource for it, so this one operation goes through the SOAP API
 * (../connector/convertLead.ts), with the same OAuth2 or JWT session.
 */
export const leadOperationProperty: INodeProperties = {
	...operationProperty,
	displayOptions: { show: { resource: ['lead'] } },
	options: [
		convert.option,
		...RECORD_OPERATIONS,
	],
};

const customObject = customObjectName({
	displayName: 'Object API Name',
	name: 'customObject',
	placeholder: 'e.g. Invoice__c',
	description: "The sObject's API name (Setup → Object Manager → the object → API Name)",
	resource: 'customObject',
});

const recordId = recordLocator({
	resources: RECORD_RESOURCES,
	operations: ['get', 'delete', 'convert'],
	idPlaceholder: 'e.g. 0035g00000XyZabAAB',
	url: {
		placeholder: 'e.g. https://mycompany.lightning.force.com/lightning/r/Contact/0035g00000XyZabAAB/view',
		extract: '/r/[A-Za-z0-9_]+/([A-Za-z0-9]{15,18})',
		validate: 'https://.+/r/[A-Za-z0-9_]+/([A-Za-z0-9]{15,18})',
		errorMessage: 'Not a Salesforce Lightning record URL',
	},
});

/** Update takes the record from here in Field List mode; in Map Each Field mode the mapper's Id is the record. */
const updateRecordId: INodeProperties = {
	...recordId,
	displayOptions: { show: { resource: RECORD_RESOURCES, operation: ['update'], fieldsMode: ['list'] } },
};

const getByField: INodeProperties = {
	displayName: 'Look Up By External ID Field Name or ID',
	name: 'idField',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getExternalIdFields', loadOptionsDependsOn: DEPENDS },
	default: '',
	description:
		'Leave empty to find the record by its Salesforce ID, or pick an external ID field whose value is given in Record. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	displayOptions: { show: { operation: ['get'] } },
};

const upsertKey: INodeProperties[] = [
	{
		displayName: 'External ID Field Name or ID',
		name: 'externalIdField',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getExternalIdFields', loadOptionsDependsOn: DEPENDS },
		default: '',
		required: true,
		description:
			'A field marked "External ID" in Salesforce; the record with this value is updated, or created if none has it. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { operation: ['upsert'], fieldsMode: ['list'] } },
	},
	{
		displayName: 'External ID Value',
		name: 'externalIdValue',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. CUST-0042',
		displayOptions: { show: { operation: ['upsert'], fieldsMode: ['list'] } },
	},
];

/*
 * Two ways to give an item's fields. Field List (the default, so workflows
 * made before the mapper keep working unchanged): fields picked by name with
 * string values. Map Each Field: n8n's resource mapper over the object's
 * describe, typed inputs (numbers, checkboxes, dates, picklist values) and
 * required fields marked; its values take the list's place. Additional Fields
 * (JSON, neutral record, owner) apply in both modes, below the item's fields.
 */
const fieldsMode: INodeProperties = {
	displayName: 'Define Fields',
	name: 'fieldsMode',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Field List',
			value: 'list',
			description: 'Add fields one at a time by name; update takes the record from Record, upsert the key from External ID Field and Value',
		},
		{
			name: 'Map Each Field',
			value: 'mapper',
			description:
				"Every field of the object from Salesforce's describe, with typed inputs and picklist values, or mapped automatically from input items by API name. Update matches on the record ID, upsert on an External ID field.",
		},
	],
	default: 'list',
	displayOptions: { show: { operation: WRITE_OPS } },
};

function mapperProperty(operation: WriteOperation, hint: string): INodeProperties {
	return {
		displayName: 'Fields',
		name: MAPPER_PARAMETER,
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		description: hint,
		typeOptions: {
			loadOptionsDependsOn: [...DEPENDS, 'operation'],
			resourceMapper: {
				resourceMapperMethod: 'getMappingFields',
				mode: operation === 'create' ? 'add' : operation,
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: false,
				multiKeyMatch: false,
				supportAutoMap: true,
				...(operation === 'upsert'
					? {
							matchingFieldsLabels: {
								title: 'External ID Field',
								description: 'The External ID field whose value finds the record to update; a record is created when none has it',
							},
						}
					: operation === 'update'
						? { matchingFieldsLabels: { title: 'Record ID', description: 'The Salesforce ID of the record to update' } }
						: {}),
			},
		},
		displayOptions: { show: { operation: [operation], fieldsMode: ['mapper'] } },
	};
}

const mappers: INodeProperties[] = [
	mapperProperty('create', 'Fields unset are left out; required ones (not nillable, no default) are marked'),
	mapperProperty('update', 'Only the fields given are changed; to clear a field, set it to null in Fields (JSON)'),
	mapperProperty('upsert', 'The External ID value finds the record; a record is created when none has it'),
];

const fields: INodeProperties[] = [
	...mappers,
	fieldList({
		displayName: 'Fields',
		item: { name: 'field', displayName: 'Field' },
		nameLabel: 'Name or ID',
		description: 'Salesforce fields to set',
		loadOptionsMethod: 'getWritableFields',
		dependsOn: DEPENDS,
		show: { operation: WRITE_OPS, fieldsMode: ['list'] },
	}),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { operation: WRITE_OPS } },
		options: [
			{
				displayName: 'Fields (JSON)',
				name: 'fieldsJson',
				type: 'json',
				default: '{}',
				description: 'More fields as a JSON object, e.g. {"Industry": "Banking"}. Merged with the fields above; they win on a clash.',
			},
			{
				displayName: 'Neutral Record (JSON)',
				name: 'neutralJson',
				type: 'json',
				default: '{}',
				description:
					'A CRM-neutral record (firstName, lastName, email, startTime...) as produced by any CRM Pack node in Simplified mode; mapped to Salesforce fields. Not for custom objects.',
			},
			{
				displayName: 'Owner Name or ID',
				name: 'ownerId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getUsers' },
				default: '',
				description:
					'Sets OwnerId. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
];

const listing: INodeProperties[] = [
	...query.description,
	{
		displayName: 'Search Term',
		name: 'searchTerm',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Acme',
		description:
			'Text searched in every searchable field (SOSL FIND ... IN ALL FIELDS). Special characters are escaped; at least two characters. SOSL returns at most 2,000 records.',
		displayOptions: { show: { operation: ['search'] } },
	},
	...returnAllLimit(['getAll', 'query', 'search']),
	{
		displayName: 'Fields to Return Names or IDs',
		name: 'fields',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getFields', loadOptionsDependsOn: DEPENDS },
		default: [],
		description:
			'Empty: the fields the neutral model uses (custom objects: every field). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { operation: ['get', 'getAll', 'search'] } },
	},
];

const options: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'All or Nothing',
			name: 'allOrNone',
			type: 'boolean',
			default: false,
			description:
				'Whether one failed record rolls back the other records of its call (sObject Collections allOrNone). Applies per call of up to 200 records.',
		},
		{
			displayName: 'Bulk API Max Wait (Seconds)',
			name: 'bulkMaxWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 10 },
			default: 600,
			description:
				'Longest wait for a Bulk API 2.0 job to finish. After it the records are reported as failed with the job ID; the job goes on in Salesforce.',
		},
		{
			displayName: 'Bulk API Threshold',
			name: 'bulkThreshold',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 2000,
			description:
				'Upsert and Delete send this many records or more through one Bulk API 2.0 job (asynchronous, polled until done) instead of sObject Collections calls of 200. 0 = never. Not used with All or Nothing.',
		},
		{
			displayName: 'Client ID (Sforce-Call-Options)',
			name: 'clientId',
			type: 'string',
			default: 'n8nCrmPack',
			description: 'Sent with every write so Salesforce records which integration made the change (e.g. Change Data Capture changeOrigin)',
		},
		outputOption('Salesforce'),
		retriesOption(),
		{
			displayName: 'SOQL Batch Size',
			name: 'queryBatchSize',
			type: 'number',
			typeOptions: { minValue: 200, maxValue: 2000 },
			default: 2000,
			description: 'Records per query batch (Sforce-Query-Options batchSize; Salesforce may return other sizes)',
		},
		{
			displayName: 'Stop at Daily API Usage (%)',
			name: 'stopAtPercent',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: 90,
			description:
				"Stop with an error before the next call once the org's rolling 24-hour API usage (Sforce-Limit-Info) reaches this share, leaving the rest to other integrations. 100 = never stop early.",
		},
	],
};

export const salesforceProperties: INodeProperties[] = [
	authenticationProperty,
	resourceProperty,
	...operationsPerResource(resourceProperty, [operationProperty, leadOperationProperty], { customObject: { one: 'custom object record', many: 'custom object records' } }),
	customObject,
	fieldsMode,
	recordId,
	updateRecordId,
	...convert.description,
	getByField,
	...upsertKey,
	...fields,
	...listing,
	options,
];
