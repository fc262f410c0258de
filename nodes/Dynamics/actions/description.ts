import type { INodeProperties } from 'n8n-workflow';
import { outputOption, retriesOption, returnAllLimit } from '../../../shared/n8n/options';
import { customObjectName, fieldList, fieldsModeAndMappers, recordLocator, resourceChoice } from '../../../shared/n8n/actions/parameters';
import { createOperation, deleteOperation, getAllOperation, getOperation, operationsPerResource, searchOperation, updateOperation, upsertOperation } from '../../../shared/n8n/actions';
import * as associate from './operations/associate.operation';
import * as callOperation from './operations/callOperation.operation';

const ALL = ['contact', 'lead', 'account', 'opportunity', 'appointment', 'task', 'phoneCall', 'note', 'table'];
const WRITE_OPS = ['create', 'update', 'upsert'];

export const resourceProperty = resourceChoice(
	[
		{ name: 'Account', value: 'account' },
		{ name: 'Any Table', value: 'table' },
		{ name: 'Appointment', value: 'appointment' },
		{ name: 'Contact', value: 'contact' },
		{ name: 'Lead', value: 'lead' },
		{ name: 'Note', value: 'note' },
		{ name: 'Opportunity', value: 'opportunity' },
		{ name: 'Phone Call', value: 'phoneCall' },
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
		options: [
			associate.associateOption,
			callOperation.option,
			createOperation.option('Create records: CreateMultiple in batches, $batch where a table has none'),
			upsertOperation.option,
			deleteOperation.option('Delete records by ID, in $batch calls'),
			associate.disassociateOption,
			getOperation.option('Get a record by ID'),
			getAllOperation.option('List records by OData query ($select, $filter, $orderby), 5,000 per page'),
			searchOperation.option('Query records with FetchXML'),
			updateOperation.option('Update records by ID: UpdateMultiple in batches'),
		],
		default: 'create',
	},
];

const entitySet: INodeProperties = {
	...customObjectName({
		displayName: 'Table (Entity Set Name)',
		name: 'entitySet',
		placeholder: 'e.g. cr123_projects',
		description:
			"The table's entity set name (the Web API's plural URL name, custom tables included). Choose from the list, or specify an ID using an <a href=\"https://docs.n8n.io/code/expressions/\">expression</a>.",
		resource: 'table',
	}),
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getTables' },
};

const recordId = recordLocator({
	resources: ALL,
	operations: ['get', 'update', 'delete', 'associate', 'disassociate', 'callOperation'],
	idPlaceholder: 'e.g. 00000000-0000-0000-0000-000000000000',
});

const upsertKey: INodeProperties[] = [
	{
		displayName: 'Match By Name or ID',
		name: 'matchField',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getMatchFields', loadOptionsDependsOn: ['resource', 'entitySet'] },
		default: '',
		required: true,
		description:
			'The column the row is found by: the primary key, or an alternate key defined on the table (Settings → Tables → Keys). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { operation: ['upsert'] } },
	},
	{
		displayName: 'Match Value',
		name: 'matchValue',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. ACC-1001',
		description: 'The value for this item. A row with it is updated; when none has it, a row is created with it.',
		displayOptions: { show: { operation: ['upsert'] } },
	},
	{
		displayName: 'Upsert Mode',
		name: 'upsertMode',
		type: 'options',
		options: [
			{ name: 'Create or Update', value: 'upsert', description: 'Create a new record, or update the current one if it already exists (upsert)' },
			{ name: 'Create Only', value: 'createOnly', description: 'If-None-Match: * (a row that exists fails its item)' },
			{ name: 'Update Only', value: 'updateOnly', description: 'If-Match: * (a row that does not exist fails its item)' },
		],
		default: 'upsert',
		displayOptions: { show: { operation: ['upsert'] } },
	},
];

const fields: INodeProperties[] = [
	/** Columns list (one at a time, by logical name) or the resource mapper (every column of the table, typed). */
	...fieldsModeAndMappers({
		vendor: 'Dataverse',
		listDescription: 'Add columns one at a time by logical name',
		mapperDescription: "Every column of the table from its metadata, custom ones included, with typed inputs and choice columns by label, or mapped automatically from input items by logical name",
		dependsOn: ['resource', 'entitySet', 'operation'],
	}),
	fieldList({
		displayName: 'Columns',
		item: { name: 'field', displayName: 'Column' },
		nameLabel: 'Column Name or ID',
		description:
			'Columns to set, by logical name. A choice column takes its label or value; a lookup column takes the row as <entity set>(<id>), e.g. accounts(00000000-0000-0000-0000-000000000000).',
		loadOptionsMethod: 'getWritableFields',
		dependsOn: ['resource', 'entitySet'],
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
				displayName: 'Columns (JSON)',
				name: 'fieldsJson',
				type: 'json',
				default: '{}',
				description: 'More columns as a JSON object by logical name; lookups also as "&lt;navigation property&gt;@odata.bind": "/accounts(&lt;ID&gt;)". The list above wins on a clash.',
			},
			{
				displayName: 'Neutral Record (JSON)',
				name: 'neutralJson',
				type: 'json',
				default: '{}',
				description: 'A CRM-neutral record (firstName, lastName, email, phone...) as produced by any CRM Pack node in Simplified mode; mapped to Dataverse columns',
			},
		],
	},
];

const reading: INodeProperties[] = [
	{
		displayName: 'Columns Names or IDs',
		name: 'columns',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getColumns', loadOptionsDependsOn: ['resource', 'entitySet'] },
		default: [],
		description: 'Columns to return ($select); none: every column. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { operation: ['get', 'getAll'] } },
	},
	...returnAllLimit(['getAll', 'search']),
	{
		displayName: 'Query',
		name: 'query',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: ['getAll'] } },
		options: [
			{
				displayName: 'Filter ($Filter)',
				name: 'filter',
				type: 'string',
				default: '',
				placeholder: "e.g. statecode eq 0 and modifiedon ge 2026-01-01T00:00:00Z",
				description: 'An OData filter expression, with logical column names',
			},
			{
				displayName: 'Order By ($Orderby)',
				name: 'orderBy',
				type: 'string',
				default: '',
				placeholder: 'e.g. modifiedon desc',
				description: 'Columns to sort by, each optionally followed by asc or desc (default: creation time)',
			},
		],
	},
	{
		displayName: 'FetchXML',
		name: 'fetchXml',
		type: 'string',
		typeOptions: { rows: 6 },
		required: true,
		default: '',
		placeholder: '<fetch><entity name="contact"><attribute name="fullname" /></entity></fetch>',
		description: "A FetchXML query whose entity is this table; paged by Dataverse's paging cookie",
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
			displayName: 'All or Nothing per Batch',
			name: 'allOrNone',
			type: 'boolean',
			default: false,
			description:
				'Whether each batch is one transaction ($batch change set): one refused record fails its whole batch, named, and nothing of it is written. Off: the bulk call, and when Dataverse refuses it, the batch again as single requests so the good records are written.',
		},
		{
			displayName: 'Batch Size',
			name: 'batchSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 1000 },
			default: 1000,
			description: 'Records per bulk call (Microsoft suggests 1,000 for standard tables, 100 for elastic tables)',
		},
		{
			displayName: 'Bypass Custom Plug-Ins',
			name: 'bypassCustomPlugins',
			type: 'boolean',
			default: false,
			description: 'Whether writes skip synchronous custom plug-ins and workflows (MSCRM.BypassCustomPluginExecution; needs the prvBypassCustomPlugins privilege)',
		},
		{
			displayName: 'Duplicate Detection',
			name: 'duplicateDetection',
			type: 'boolean',
			default: false,
			description: "Whether writes run the environment's duplicate detection rules (MSCRM.SuppressDuplicateDetection: false); a duplicate fails its item",
		},
		{
			displayName: 'Formatted Values',
			name: 'formattedValues',
			type: 'boolean',
			default: true,
			description: 'Whether reads ask for formatted values and lookup table names (Prefer: odata.include-annotations="*")',
		},
		outputOption('Dynamics 365'),
		retriesOption('Longest single wait between attempts; a server asking for longer (Retry-After of the service protection limits) ends the retries'),
	],
};

export const dynamicsProperties: INodeProperties[] = [
	resourceProperty,
	...operationsPerResource(resourceProperty, operationProperties, { table: { one: 'row', many: 'rows' }, opportunity: { one: 'opportunity', many: 'opportunities' } }),
	entitySet,
	recordId,
	...upsertKey,
	...associate.description,
	...callOperation.description,
	...fields,
	...reading,
	options,
];
