import type { INodeProperties } from 'n8n-workflow';
import { outputOption, retriesOption, returnAllLimit } from '../../../shared/n8n/options';
import { customObjectName, fieldList, fieldsModeAndMappers, recordLocator, resourceChoice } from '../../../shared/n8n/actions/parameters';
import { createOperation, deleteOperation, getAllOperation, getOperation, operationsPerResource, searchOperation, updateOperation, upsertOperation } from '../../../shared/n8n/actions';
import * as addNote from './operations/addNote.operation';
import * as addTask from './operations/addTask.operation';

/** Contacts, accounts and deals: views, filtered search, upsert. */
const MAIN = ['contact', 'account', 'deal'];
/** Appointments, tasks and sales activities: their own lists. */
const ACTIVITIES = ['appointment', 'task', 'salesActivity'];
const READABLE = [...MAIN, ...ACTIVITIES];
const ALL = [...READABLE, 'note', 'customModule'];
const WRITE_OPS = ['create', 'update', 'upsert'];

export const resourceProperty = resourceChoice(
	[
		{ name: 'Account', value: 'account' },
		{ name: 'Appointment', value: 'appointment' },
		{ name: 'Contact', value: 'contact' },
		{ name: 'Custom Module', value: 'customModule' },
		{ name: 'Deal', value: 'deal' },
		{ name: 'Note', value: 'note' },
		{ name: 'Sales Activity', value: 'salesActivity' },
		{ name: 'Task', value: 'task' },
	],
	'contact',
);

const operationProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: MAIN } },
		options: [
			addNote.option,
			addTask.option,
			createOperation.option('Create records (one call each, several at once)'),
			upsertOperation.option,
			deleteOperation.option('Delete records by ID'),
			getOperation.option('Get a record by ID, with related records if asked'),
			getAllOperation.option('List records of a view, 100 per page'),
			searchOperation.option('Search records by filter rules or text'),
			updateOperation.option('Update records by ID'),
		],
		default: 'create',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ACTIVITIES } },
		options: [
			createOperation.option('Create records (one call each, several at once)'),
			deleteOperation.option('Delete records by ID'),
			getOperation.option('Get a record by ID'),
			getAllOperation.option('List records, 100 per page'),
			updateOperation.option('Update records by ID'),
		],
		default: 'create',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customModule'] } },
		options: [
			createOperation.option('Create records of the custom module, one call each'),
			deleteOperation.option('Delete records by ID'),
			getOperation.option('Get a record by ID'),
			updateOperation.option('Update records by ID'),
		],
		default: 'create',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['note'] } },
		options: [
			createOperation.option('Create notes on a contact, account or deal'),
			deleteOperation.option('Delete notes by ID'),
			updateOperation.option('Update notes by ID'),
		],
		default: 'create',
	},
];

const customModule = customObjectName({
	displayName: 'Custom Module',
	name: 'customModule',
	placeholder: 'e.g. cm_projects',
	description:
		"The custom module's API name (cm_…), as Freshsales shows it in the module's settings. Freshworks documents create, get, update and delete by ID for custom module records, and no listing, search or fields endpoint, so only those are offered (type the fields: name, custom fields as cf_…)",
	resource: 'customModule',
});

const recordId = recordLocator({ resources: ALL, operations: ['get', 'update', 'delete', 'addNote', 'addTask'], idPlaceholder: 'e.g. 16000123456' });

const matchField = (resource: string, fallback: string, name: string): INodeProperties => ({
	displayName: 'Match By Name or ID',
	name: 'matchField',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getMatchFields', loadOptionsDependsOn: ['resource'] },
	default: fallback,
	description: `The unique identifier the upsert finds the ${name} by: ${fallback ? `${fallback === 'emails' ? 'its email' : 'its name'}, or ` : ''}a unique custom field. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
	displayOptions: { show: { resource: [resource], operation: ['upsert'] } },
});

const upsertKey: INodeProperties[] = [
	matchField('contact', 'emails', 'contact'),
	matchField('account', 'name', 'account'),
	matchField('deal', '', 'deal'),
	{
		displayName: 'Match Value',
		name: 'matchValue',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. ada@example.com',
		description: 'The value for this item. When a record has it, that record is updated; when none has it, a record is created with it.',
		displayOptions: { show: { resource: MAIN, operation: ['upsert'] } },
	},
];

const only = (resources: string[]) => ({ show: { '/resource': resources } });

const fields: INodeProperties[] = [
	/** Field List (one at a time, by name) or the resource mapper (every field of the resource, typed). */
	...fieldsModeAndMappers({
		vendor: 'Freshsales',
		listDescription: 'Add fields one at a time by name',
		mapperDescription:
			"Every field of the resource from Freshsales' field settings, custom ones included, with typed inputs and dropdown choices, or mapped automatically from input items by field name",
		dependsOn: ['resource', 'operation'],
		show: { resource: [...MAIN, 'salesActivity'] },
	}),
	fieldList({
		displayName: 'Fields',
		item: { name: 'field', displayName: 'Field' },
		nameLabel: 'Field Name or ID',
		description: 'Freshsales fields to set, custom fields included; dropdown values by their label',
		loadOptionsMethod: 'getWritableFields',
		dependsOn: ['resource'],
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
			{ displayName: 'Amount', name: 'amount', type: 'number', default: 0, description: 'The deal value', displayOptions: only(['deal']) },
			{ displayName: 'Description', name: 'description', type: 'string', typeOptions: { rows: 3 }, default: '', displayOptions: only(['appointment', 'task', 'note']) },
			{ displayName: 'Due Date', name: 'dueDate', type: 'dateTime', default: '', displayOptions: only(['task']) },
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', description: 'The primary email', displayOptions: only(['contact']) },
			{ displayName: 'End', name: 'endDate', type: 'dateTime', default: '', displayOptions: only(['appointment', 'salesActivity']) },
			{
				displayName: 'Fields (JSON)',
				name: 'fieldsJson',
				type: 'json',
				default: '{}',
				description: 'More fields as a JSON object, keyed by field name (custom fields cf_…) or label. Merged with the list above; the list wins on a clash.',
			},
			{ displayName: 'First Name', name: 'firstName', type: 'string', default: '', displayOptions: only(['contact']) },
			{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '', displayOptions: only(['contact']) },
			{ displayName: 'Name', name: 'name', type: 'string', default: '', displayOptions: only(['account', 'deal', 'customModule']) },
			{
				displayName: 'Neutral Record (JSON)',
				name: 'neutralJson',
				type: 'json',
				default: '{}',
				description:
					'A CRM-neutral record (firstName, lastName, email, phone, startTime...) as produced by any CRM Pack node in Simplified mode; mapped to Freshsales fields',
			},
			{
				displayName: 'Owner Name or ID',
				name: 'ownerId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getOwners' },
				default: '',
				description: 'The Freshsales user who owns the record. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				displayOptions: only(['contact', 'account', 'deal', 'task', 'salesActivity']),
			},
			{ displayName: 'Related Record ID', name: 'relatedId', type: 'string', default: '', description: 'The contact, account or deal it belongs to', displayOptions: only(['appointment', 'task', 'note', 'salesActivity']) },
			{
				displayName: 'Related To',
				name: 'relatedType',
				type: 'options',
				options: [
					{ name: 'Account', value: 'SalesAccount' },
					{ name: 'Contact', value: 'Contact' },
					{ name: 'Deal', value: 'Deal' },
				],
				default: 'Contact',
				description: 'The kind of record it belongs to (targetable_type)',
				displayOptions: only(['appointment', 'task', 'note', 'salesActivity']),
			},
			{ displayName: 'Start', name: 'fromDate', type: 'dateTime', default: '', displayOptions: only(['appointment', 'salesActivity']) },
			{ displayName: 'Title', name: 'title', type: 'string', default: '', displayOptions: only(['appointment', 'task', 'salesActivity']) },
		],
	},
];

const reading: INodeProperties[] = [
	{
		displayName: 'Include',
		name: 'include',
		type: 'string',
		default: '',
		placeholder: 'e.g. sales_accounts,owner',
		description: 'Related records to return with it, comma-separated (Freshsales "include")',
		displayOptions: { show: { operation: ['get'] } },
	},
	...returnAllLimit(['getAll', 'search']),
	{
		displayName: 'List Options',
		name: 'listOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: ['getAll'] } },
		options: [
			{
				displayName: 'Filter',
				name: 'filter',
				type: 'options',
				options: [
					{ name: 'All (Open and Completed)', value: '' },
					{ name: 'Completed', value: 'completed' },
					{ name: 'Due Today', value: 'due_today' },
					{ name: 'Due Tomorrow', value: 'due_tomorrow' },
					{ name: 'Open', value: 'open' },
					{ name: 'Overdue', value: 'overdue' },
				],
				default: '',
				displayOptions: only(['task']),
			},
			{
				displayName: 'Filter',
				name: 'filter',
				type: 'options',
				options: [
					{ name: 'All (Past and Upcoming)', value: '' },
					{ name: 'Past', value: 'past' },
					{ name: 'Upcoming', value: 'upcoming' },
				],
				default: '',
				displayOptions: only(['appointment']),
			},
			{ displayName: 'Include', name: 'include', type: 'string', default: '', placeholder: 'e.g. owner', description: 'Related records to return with each, comma-separated' },
			{
				displayName: 'Sort By',
				name: 'sortBy',
				type: 'options',
				options: [
					{ name: 'Updated At', value: 'updated_at' },
					{ name: 'Created At', value: 'created_at' },
				],
				default: 'updated_at',
				displayOptions: only(MAIN),
			},
			{
				displayName: 'Sort Direction',
				name: 'sortDirection',
				type: 'options',
				options: [
					{ name: 'Newest First', value: 'desc' },
					{ name: 'Oldest First', value: 'asc' },
				],
				default: 'desc',
				displayOptions: only(MAIN),
			},
			{
				displayName: 'View Name or ID',
				name: 'viewId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getViews', loadOptionsDependsOn: ['resource'] },
				default: '',
				description: 'The saved view to list (the "All" view when empty). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				displayOptions: only(MAIN),
			},
		],
	},
	{
		displayName: 'Search By',
		name: 'searchMode',
		type: 'options',
		options: [
			{ name: 'Filter Rules', value: 'filter', description: 'Fields compared with values (filtered search)' },
			{ name: 'Text', value: 'quick', description: 'Name or email containing a text (quick search)' },
		],
		default: 'filter',
		displayOptions: { show: { operation: ['search'] } },
	},
	{
		displayName: 'Filter Rules',
		name: 'filterRules',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Rule',
		default: {},
		description: 'Records matching every rule',
		displayOptions: { show: { operation: ['search'], searchMode: ['filter'] } },
		options: [
			{
				name: 'rule',
				displayName: 'Rule',
				values: [
					{
						displayName: 'Field Name or ID',
						name: 'attribute',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getFilterFields', loadOptionsDependsOn: ['resource'] },
						default: '',
						description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{
						displayName: 'Operator',
						name: 'operator',
						type: 'options',
						options: [
							{ name: 'Contains', value: 'contains' },
							{ name: 'Is', value: 'is' },
							{ name: 'Is After', value: 'is_after' },
							{ name: 'Is Before', value: 'is_before' },
							{ name: 'Is One Of', value: 'is_in' },
						],
						default: 'is_in',
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '', description: 'For "Is One Of": values separated by commas' },
				],
			},
		],
	},
	{
		displayName: 'Search Term',
		name: 'term',
		type: 'string',
		required: true,
		default: '',
		description: 'At least 2 characters',
		displayOptions: { show: { operation: ['search'], searchMode: ['quick'] } },
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
			displayName: 'Bulk Upsert From',
			name: 'bulkThreshold',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 20,
			description:
				"From this many records in a batch, an upsert goes out as Freshsales bulk upsert jobs of 100 (contacts, accounts, deals), read back when done: a few calls per 100 records instead of one each, which matters under the plan's hourly budget",
		},
		outputOption('Freshsales'),
		retriesOption("Longest single wait between attempts; a server asking for longer (e.g. the account's hourly budget is spent) ends the retries"),
	],
};

export const freshsalesProperties: INodeProperties[] = [
	resourceProperty,
	...operationsPerResource(resourceProperty, operationProperties, { customModule: { one: 'custom module record', many: 'custom module records' } }),
	customModule,
	recordId,
	...upsertKey,
	...addNote.description,
	...addTask.description,
	...fields,
	...reading,
	options,
];
