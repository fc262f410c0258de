import type { INodeProperties } from 'n8n-workflow';
import { outputOption, retriesOption, returnAllLimit } from '../../../shared/n8n/options';
import { fieldList, recordLocator, resourceChoice } from '../../../shared/n8n/actions/parameters';
import { createOperation, deleteOperation, getAllOperation, getOperation, operationsPerResource, searchOperation, updateOperation, upsertOperation } from '../../../shared/n8n/actions';

const SEARCHABLE = ['person', 'organization', 'deal', 'lead'];
const PLAIN = ['activity', 'note'];
const ALL = [...SEARCHABLE, ...PLAIN];
const WRITE_OPS = ['create', 'update', 'upsert'];

export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{ name: 'API Token', value: 'apiToken' },
		{ name: 'OAuth2', value: 'oAuth2' },
	],
	default: 'apiToken',
};

export const resourceProperty = resourceChoice(
	[
		{ name: 'Activity (Appointment)', value: 'activity' },
		{ name: 'Deal', value: 'deal' },
		{ name: 'Lead', value: 'lead' },
		{ name: 'Note', value: 'note' },
		{ name: 'Organization', value: 'organization' },
		{ name: 'Person', value: 'person' },
	],
	'person',
);


export const operationProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: SEARCHABLE } },
		options: [
			createOperation.option('Create records (one call each, several at once)'),
			upsertOperation.option,
			deleteOperation.option('Delete records by ID'),
			getOperation.option('Get a record by ID'),
			getAllOperation.option('List records, 500 per page'),
			searchOperation.option('Search records by a term'),
			updateOperation.option('Update records by ID'),
		],
		default: 'create',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: PLAIN } },
		options: [
			createOperation.option('Create records (one call each, several at once)'),
			deleteOperation.option('Delete records by ID'),
			getOperation.option('Get a record by ID'),
			getAllOperation.option('List records, 500 per page'),
			updateOperation.option('Update records by ID'),
		],
		default: 'create',
	},
];

const recordId = recordLocator({ resources: ALL, operations: ['get', 'update', 'delete'], idPlaceholder: 'e.g. 42 (leads: a UUID)' });

const upsertKey: INodeProperties[] = [
	{
		displayName: 'Match By',
		name: 'matchField',
		type: 'options',
		options: [
			{ name: 'Email', value: 'email' },
			{ name: 'Name', value: 'name' },
			{ name: 'Phone', value: 'phone' },
		],
		default: 'email',
		description: 'The person field whose exact value finds the record to update',
		displayOptions: { show: { resource: ['person'], operation: ['upsert'] } },
	},
	{
		displayName: 'Match By',
		name: 'matchField',
		type: 'options',
		options: [{ name: 'Name', value: 'name' }],
		default: 'name',
		displayOptions: { show: { resource: ['organization'], operation: ['upsert'] } },
	},
	{
		displayName: 'Match By',
		name: 'matchField',
		type: 'options',
		options: [{ name: 'Title', value: 'title' }],
		default: 'title',
		displayOptions: { show: { resource: ['deal', 'lead'], operation: ['upsert'] } },
	},
	{
		displayName: 'Match Value',
		name: 'matchValue',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. ada@example.com',
		description:
			'The value for this item. When several records have it, the oldest is updated; when none has it, a record is created with it.',
		displayOptions: { show: { resource: SEARCHABLE, operation: ['upsert'] } },
	},
];

const only = (resources: string[]) => ({ show: { '/resource': resources } });

const fields: INodeProperties[] = [
	fieldList({
		displayName: 'Fields',
		item: { name: 'field', displayName: 'Field' },
		nameLabel: 'Field Name or ID',
		description: 'Pipedrive fields to set, custom fields included, shown by their names',
		loadOptionsMethod: 'getWritableFields',
		dependsOn: ['resource'],
		show: { operation: WRITE_OPS },
	}),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { operation: WRITE_OPS } },
		options: [
			{ displayName: 'Content', name: 'content', type: 'string', typeOptions: { rows: 4 }, default: '', description: 'The note text (HTML allowed)', displayOptions: only(['note']) },
			{ displayName: 'Currency', name: 'currency', type: 'string', default: '', placeholder: 'e.g. EUR', displayOptions: only(['deal', 'lead']) },
			{ displayName: 'Deal ID', name: 'dealId', type: 'number', default: 0, displayOptions: only(['activity', 'note']) },
			{ displayName: 'Done', name: 'done', type: 'boolean', default: false, description: 'Whether the activity is done', displayOptions: only(['activity']) },
			{
				displayName: 'Due Date and Time',
				name: 'dueAt',
				type: 'dateTime',
				default: '',
				description: 'When the activity starts; sent to Pipedrive as due_date and due_time in UTC',
				displayOptions: only(['activity']),
			},
			{
				displayName: 'Duration (Minutes)',
				name: 'durationMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 30,
				displayOptions: only(['activity']),
			},
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', description: 'The primary (work) email', displayOptions: only(['person']) },
			{
				displayName: 'Fields (JSON)',
				name: 'fieldsJson',
				type: 'json',
				default: '{}',
				description: 'More fields as a JSON object, keyed by field key or field name. Merged with the list above; the list wins on a clash.',
			},
			{ displayName: 'Lead ID', name: 'leadId', type: 'string', default: '', displayOptions: only(['activity', 'note']) },
			{ displayName: 'Name', name: 'name', type: 'string', default: '', displayOptions: only(['person', 'organization']) },
			{
				displayName: 'Neutral Record (JSON)',
				name: 'neutralJson',
				type: 'json',
				default: '{}',
				description:
					'A CRM-neutral record (firstName, lastName, email, phone, startTime...) as produced by any CRM Pack node in Simplified mode; mapped to Pipedrive fields',
			},
			{ displayName: 'Organization ID', name: 'orgId', type: 'number', default: 0, displayOptions: only(['person', 'deal', 'lead', 'activity', 'note']) },
			{
				displayName: 'Owner Name or ID',
				name: 'ownerId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getUsers' },
				default: '',
				description: 'The Pipedrive user who owns the record. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				displayOptions: only(['person', 'organization', 'deal', 'lead', 'activity']),
			},
			{
				displayName: 'Participant Person IDs',
				name: 'participants',
				type: 'string',
				default: '',
				placeholder: 'e.g. 12, 15',
				description: 'Persons taking part, comma-separated; the first is the primary participant',
				displayOptions: only(['activity']),
			},
			{ displayName: 'Person ID', name: 'personId', type: 'number', default: 0, displayOptions: only(['deal', 'lead', 'activity', 'note']) },
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '', description: 'The primary (work) phone', displayOptions: only(['person']) },
			{ displayName: 'Subject', name: 'subject', type: 'string', default: '', displayOptions: only(['activity']) },
			{ displayName: 'Title', name: 'title', type: 'string', default: '', displayOptions: only(['deal', 'lead']) },
			{
				displayName: 'Type Name or ID',
				name: 'activityType',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getActivityTypes' },
				default: '',
				description: 'The activity type, e.g. meeting or call (meeting when empty on create). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				displayOptions: only(['activity']),
			},
			{ displayName: 'Value', name: 'value', type: 'number', default: 0, description: 'The deal or lead value', displayOptions: only(['deal', 'lead']) },
		],
	},
];

const listing: INodeProperties[] = [
	...returnAllLimit(['getAll', 'search']),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { operation: ['getAll'] } },
		options: [
			{
				displayName: 'Owner Name or ID',
				name: 'ownerId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getUsers' },
				default: '',
				description: 'Only records owned by this user. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Updated Since',
				name: 'updatedSince',
				type: 'dateTime',
				default: '',
				description: 'Only records changed at or after this time (persons, organizations, deals, activities)',
			},
		],
	},
	{
		displayName: 'Search Term',
		name: 'term',
		type: 'string',
		required: true,
		default: '',
		description: 'At least 2 characters (1 with Exact Match)',
		displayOptions: { show: { operation: ['search'] } },
	},
	{
		displayName: 'Search In',
		name: 'searchFields',
		type: 'string',
		default: '',
		placeholder: 'e.g. email,name',
		description: "Comma-separated fields to search (e.g. name, email, phone, custom_fields); all of the entity's searchable fields when empty",
		displayOptions: { show: { operation: ['search'] } },
	},
	{
		displayName: 'Exact Match',
		name: 'exactMatch',
		type: 'boolean',
		default: false,
		description: 'Whether only full, exact (case-insensitive) matches are returned',
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
		{
			displayName: 'Max Concurrent Requests',
			name: 'maxConcurrency',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 10,
			description:
				"Most requests sent at once when writing many items (Pipedrive has no batch writes). Never more than a quarter of your plan's burst limit.",
		},
		outputOption('Pipedrive'),
		retriesOption('Longest single wait between attempts; a server asking for longer (e.g. the daily budget is spent) ends the retries'),
	],
};

export const pipedriveProperties: INodeProperties[] = [
	authenticationProperty,
	resourceProperty,
	...operationsPerResource(resourceProperty, operationProperties),
	recordId,
	...upsertKey,
	...fields,
	...listing,
	options,
];
