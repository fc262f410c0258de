import type { INodeProperties } from 'n8n-workflow';
import { outputOption, retriesOption, returnAllLimit } from '../../../shared/n8n/options';
import { customObjectName, fieldList, fieldsModeAndMappers, recordLocator, resourceChoice } from '../../../shared/n8n/actions/parameters';
import { createOperation, deleteOperation, getAllOperation, getOperation, operationsPerResource, searchOperation, updateOperation, upsertOperation } from '../../../shared/n8n/actions';
import * as addNote from './operations/addNote.operation';
import * as coql from './operations/coql.operation';
import * as convert from './operations/convertLead.operation';
import * as getDeleted from './operations/deleted.operation';
import { readFieldsProperties } from './readFields';

/** Leads, contacts, accounts, deals and custom modules: upsert, search, notes. */
const MAIN = ['lead', 'contact', 'account', 'deal', 'customModule'];
const ACTIVITIES = ['event', 'task', 'call'];
const WRITE_OPS = ['create', 'update', 'upsert'];

export const resourceProperty = resourceChoice(
	[
		{ name: 'Account', value: 'account' },
		{ name: 'Call', value: 'call' },
		{ name: 'Contact', value: 'contact' },
		{ name: 'Custom Module', value: 'customModule' },
		{ name: 'Deal', value: 'deal' },
		{ name: 'Event (Meeting)', value: 'event' },
		{ name: 'Lead', value: 'lead' },
		{ name: 'Note', value: 'note' },
		{ name: 'Task', value: 'task' },
	],
	'contact',
);

const common = () => [
	createOperation.option('Create records, 100 per call'),
	deleteOperation.option('Delete records by ID, 100 per call'),
	getOperation.option('Get a record by ID'),
	getAllOperation.option('List records, 200 per page (page token past 2,000)'),
	getDeleted.option,
	updateOperation.option('Update records by ID, 100 per call'),
];

const operationProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['lead'] } },
		options: [addNote.option, convert.option, ...common(), coql.option, searchOperation.option('Search by criteria, email, phone or word'), upsertOperation.option],
		default: 'create',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact', 'account', 'deal', 'customModule'] } },
		options: [addNote.option, ...common(), coql.option, searchOperation.option('Search by criteria, email, phone or word'), upsertOperation.option],
		default: 'create',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ACTIVITIES } },
		options: [...common(), coql.option],
		default: 'create',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['note'] } },
		options: common(),
		default: 'create',
	},
];

const customModule = customObjectName({
	displayName: 'Custom Module',
	name: 'customModule',
	placeholder: 'e.g. Pets',
	description: "The module's API name, as Zoho CRM shows it in Setup → Developer Hub → APIs → API names",
	resource: 'customModule',
});

const recordId = recordLocator({ resources: [...MAIN, ...ACTIVITIES, 'note'], operations: ['get', 'update', 'delete', 'addNote', 'convert'], idPlaceholder: 'e.g. 5725767000000652001' });

const upsertKey: INodeProperties[] = [
	{
		displayName: 'Match By Name or ID',
		name: 'matchField',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getMatchFields', loadOptionsDependsOn: ['resource', 'customModule'] },
		default: 'Email',
		description:
			'The field Zoho finds the record by (duplicate_check_fields): the system duplicate check (Email for leads and contacts, Account_Name, Deal_Name) or a unique field. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { resource: MAIN, operation: ['upsert'] } },
	},
	{
		displayName: 'Match Value',
		name: 'matchValue',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. ada@example.com',
		description: 'The value for this item. When a record has it, that record is updated; when none has it, one is created with it.',
		displayOptions: { show: { resource: MAIN, operation: ['upsert'] } },
	},
];

const fields: INodeProperties[] = [
	...fieldsModeAndMappers({
		vendor: 'Zoho',
		listDescription: 'Add fields one at a time by API name',
		mapperDescription: "Every field of the module from Zoho's fields metadata, custom ones included, typed, picklists with their values",
		dependsOn: ['resource', 'operation', 'customModule'],
	}),
	fieldList({
		displayName: 'Fields',
		item: { name: 'field', displayName: 'Field' },
		nameLabel: 'Field Name or ID',
		description: 'Zoho fields to set by API name, custom ones included; a lookup takes the record ID',
		loadOptionsMethod: 'getWritableFields',
		dependsOn: ['resource', 'customModule'],
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
				description: 'More fields as a JSON object keyed by API name (lookups as an object with the record ID). Merged with the list above; the list wins on a clash.',
			},
			{
				displayName: 'Neutral Record (JSON)',
				name: 'neutralJson',
				type: 'json',
				default: '{}',
				description: 'A CRM-neutral record (firstName, lastName, email, phone...) as produced by any CRM Pack node in Simplified mode; mapped to Zoho fields',
			},
		],
	},
];

const reading: INodeProperties[] = [
	...readFieldsProperties(['get', 'getAll', 'search', 'coql']),
	...returnAllLimit(['getAll', 'search', 'coql', 'getDeleted']),
	{
		displayName: 'List Options',
		name: 'listOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: ['getAll'] } },
		options: [
			{
				displayName: 'Include Converted Leads',
				name: 'includeConverted',
				type: 'boolean',
				default: false,
				displayOptions: { show: { '/resource': ['lead'] } },
			},
			{
				displayName: 'Sort By',
				name: 'sortBy',
				type: 'options',
				options: [
					{ name: 'ID', value: 'id' },
					{ name: 'Created Time', value: 'Created_Time' },
					{ name: 'Modified Time', value: 'Modified_Time' },
				],
				default: 'id',
			},
			{
				displayName: 'Sort Order',
				name: 'sortOrder',
				type: 'options',
				options: [
					{ name: 'Ascending', value: 'asc' },
					{ name: 'Descending', value: 'desc' },
				],
				default: 'asc',
			},
		],
	},
	{
		displayName: 'Search By',
		name: 'searchBy',
		type: 'options',
		options: [
			{ name: 'Criteria', value: 'criteria', description: '(Field:operator:value) groups joined by and/or, e.g. (Last_Name:equals:Ito)and(Company:starts_with:Ki)' },
			{ name: 'Email', value: 'email', description: "Every email field of the module" },
			{ name: 'Phone', value: 'phone', description: 'Every phone field of the module' },
			{ name: 'Word', value: 'word', description: 'Text anywhere in the record' },
		],
		default: 'criteria',
		displayOptions: { show: { operation: ['search'] } },
	},
	{
		displayName: 'Search Value',
		name: 'searchValue',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. (Email:equals:ada@example.com)',
		displayOptions: { show: { operation: ['search'] } },
	},
];

const options: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		outputOption('Zoho CRM'),
		retriesOption("Longest single wait between attempts after Zoho's 429 TOO_MANY_REQUESTS (Zoho names no wait: the node backs off)"),
		{
			displayName: 'Skip Zoho Workflow Rules',
			name: 'skipWorkflowRules',
			type: 'boolean',
			default: false,
			description:
				"Whether to write with trigger: [] so Zoho runs no workflow rules, approvals or blueprints for these writes (for integration writes that must not fire the org's automations)",
		},
	],
};

export const zohoProperties: INodeProperties[] = [
	resourceProperty,
	...operationsPerResource(resourceProperty, operationProperties, { customModule: { one: 'custom module record', many: 'custom module records' } }),
	customModule,
	recordId,
	...upsertKey,
	...addNote.description,
	...convert.description,
	...coql.description,
	...getDeleted.description,
	...fields,
	...reading,
	options,
];
