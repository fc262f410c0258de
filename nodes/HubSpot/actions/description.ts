import type { INodeProperties } from 'n8n-workflow';
import { shareRateBudgetProperties } from '../../../shared/store/rateBudget';
import { outputOption, retriesOption, returnAllLimit } from '../../../shared/n8n/options';
import { customObjectName, fieldList, recordLocator, resourceChoice } from '../../../shared/n8n/actions/parameters';
import * as associate from './operations/associate.operation';
import { createOperation, deleteOperation, getAllOperation, getOperation, operationsPerResource, searchOperation, updateOperation, upsertOperation } from '../../../shared/n8n/actions';

const RECORD_RESOURCES = ['contact', 'company', 'deal', 'meeting', 'task', 'note', 'customObject'];
const WRITE_OPS = ['create', 'update', 'upsert'];

export const resourceProperty = resourceChoice(
	[
		{ name: 'Company', value: 'company' },
		{ name: 'Contact', value: 'contact' },
		{ name: 'Custom Object', value: 'customObject' },
		{ name: 'Deal', value: 'deal' },
		{ name: 'Meeting (Appointment)', value: 'meeting' },
		{ name: 'Note', value: 'note' },
		{ name: 'Task', value: 'task' },
	],
	'contact',
);

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: RECORD_RESOURCES } },
	options: [
		associate.option,
		createOperation.option('Create records (in batches of up to 100)'),
		upsertOperation.option,
		deleteOperation.option('Archive records (in batches of up to 100)'),
		getOperation.option('Get a record by ID or unique property'),
		getAllOperation.option('List records'),
		searchOperation.option('Search with filters and sorts, past the 10,000-result limit'),
		updateOperation.option('Update records by ID (in batches of up to 100)'),
	],
	default: 'create',
};

export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{ name: 'Private App Token', value: 'privateApp' },
		{ name: 'OAuth2', value: 'oAuth2' },
	],
	default: 'privateApp',
};

const customObjectType = customObjectName({
	displayName: 'Object Type',
	name: 'customObjectType',
	placeholder: 'e.g. p_pets or 2-123456',
	description: "The custom object's fully qualified name or object type ID (HubSpot → Settings → Data Management → Objects)",
	resource: 'customObject',
});

const recordId = recordLocator({
	resources: RECORD_RESOURCES,
	operations: ['get', 'update', 'delete', 'associate'],
	// No numeric check: with "Look Up By Property" set, Get takes the unique value (e.g. an email) here.
	idPlaceholder: 'e.g. 51, or ada@example.com when looking up by email',
	url: {
		placeholder: 'e.g. https://app.hubspot.com/contacts/123/record/0-1/51',
		extract: '/(?:record/[0-9-]+|contact|company|deal)/([0-9]+)',
		validate: 'https://app[a-z0-9-]*\\.hubspot\\.com/.+/([0-9]+)',
		errorMessage: 'Not a HubSpot record URL',
	},
});

const getIdProperty: INodeProperties = {
	displayName: 'Look Up By Property Name or ID',
	name: 'idProperty',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getUniqueProperties', loadOptionsDependsOn: ['resource', 'customObjectType'] },
	default: '',
	description:
		'Leave empty to find the record by its ID, or pick a unique property (e.g. email) whose value is given in Record. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	displayOptions: { show: { operation: ['get'] } },
};

const upsertKey: INodeProperties[] = [
	{
		displayName: 'Unique Property Name or ID',
		name: 'upsertIdProperty',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getUniqueProperties', loadOptionsDependsOn: ['resource', 'customObjectType'] },
		default: 'email',
		required: true,
		description:
			'The property that identifies the record: email for contacts, or any property with unique values. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { operation: ['upsert'] } },
	},
	{
		displayName: 'Unique Value',
		name: 'upsertIdValue',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. ada@example.com',
		description: 'The value of the unique property for this item; the record with this value is updated, or created if none has it',
		displayOptions: { show: { operation: ['upsert'] } },
	},
];

const fields: INodeProperties[] = [
	fieldList({
		displayName: 'Properties',
		name: 'propertiesUi',
		placeholder: 'Add Property',
		item: { name: 'property', displayName: 'Property' },
		nameLabel: 'Name or ID',
		description: 'HubSpot properties to set',
		loadOptionsMethod: 'getWritableProperties',
		dependsOn: ['resource', 'customObjectType'],
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
			{
				displayName: 'Neutral Record (JSON)',
				name: 'neutralJson',
				type: 'json',
				default: '{}',
				description:
					'A CRM-neutral record (firstName, lastName, email, phone, startTime...) as produced by any CRM Pack node in Simplified mode; mapped to HubSpot properties. Not for custom objects.',
			},
			{
				displayName: 'Owner Name or ID',
				name: 'ownerId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getOwners' },
				default: '',
				description:
					'Sets hubspot_owner_id. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Pipeline Name or ID',
				name: 'pipeline',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getPipelines', loadOptionsDependsOn: ['resource'] },
				default: '',
				description:
					'Deals and tickets. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Properties (JSON)',
				name: 'propertiesJson',
				type: 'json',
				default: '{}',
				description: 'More properties as a JSON object, e.g. {{ $JSON.properties }}. Merged with the list above; the list wins on a clash.',
			},
			{
				displayName: 'Stage Name or ID',
				name: 'stage',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getStages', loadOptionsDependsOn: ['resource', 'additionalFields.pipeline'] },
				default: '',
				description:
					'Sets dealstage for deals. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
];

const listing: INodeProperties[] = [
	...returnAllLimit(['getAll', 'search']),
	{
		displayName: 'Properties to Return',
		name: 'properties',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getProperties', loadOptionsDependsOn: ['resource', 'customObjectType'] },
		default: [],
		description:
			"HubSpot's default properties when empty. Choose from the list, or specify IDs using an <a href=\"https://docs.n8n.io/code/expressions/\">expression</a>.",
		displayOptions: { show: { operation: ['get', 'getAll', 'search'] } },
	},
];

const search: INodeProperties[] = [
	{
		displayName: 'Filter Groups',
		name: 'filterGroupsUi',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Filter Group',
		default: {},
		description: 'A record matches when it matches every filter of at least one group (groups are OR, filters in a group are AND)',
		displayOptions: { show: { operation: ['search'] } },
		options: [
			{
				name: 'group',
				displayName: 'Group',
				values: [
					{
						displayName: 'Filters',
						name: 'filtersJson',
						type: 'json',
						default: '[{"propertyName": "email", "operator": "CONTAINS_TOKEN", "value": "*@example.com"}]',
						description:
							'HubSpot filters: propertyName, operator (EQ, NEQ, LT, LTE, GT, GTE, BETWEEN, IN, NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY, CONTAINS_TOKEN, NOT_CONTAINS_TOKEN), value / highValue / values',
					},
				],
			},
		],
	},
	{
		displayName: 'Sort By',
		name: 'sortProperty',
		type: 'string',
		default: 'hs_object_id',
		description: 'Results are ordered by this property; searches past 10,000 results continue from the last value seen',
		displayOptions: { show: { operation: ['search'] } },
	},
	{
		displayName: 'Sort Direction',
		name: 'sortDirection',
		type: 'options',
		options: [
			{ name: 'Ascending', value: 'ASCENDING' },
			{ name: 'Descending', value: 'DESCENDING' },
		],
		default: 'ASCENDING',
		displayOptions: { show: { operation: ['search'] } },
	},
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		default: '',
		description: "Text searched in the object's default text properties (e.g. name, email)",
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
		outputOption('HubSpot'),
		{
			displayName: 'Include Archived',
			name: 'archived',
			type: 'boolean',
			default: false,
			description: 'Whether Get Many lists archived records instead of active ones',
		},
		retriesOption(),
	],
};

export const hubspotProperties: INodeProperties[] = [
	authenticationProperty,
	resourceProperty,
	...operationsPerResource(resourceProperty, [operationProperty], { customObject: { one: 'custom object record', many: 'custom object records' } }),
	customObjectType,
	recordId,
	getIdProperty,
	...upsertKey,
	...fields,
	...associate.description,
	...listing,
	...search,
	options,
	...shareRateBudgetProperties,
];
