import type { INodeProperties } from 'n8n-workflow';
import { csvImportProperties } from '../../../shared/csv';
import { DEFAULT_PEOPLE_LIMIT } from '../connector/BrivityConnector';

/** What Brivity's public API allows, said where the user picks an operation. */
export const BRIVITY_LIMITS_NOTICE =
	"Brivity's public API offers only the people list (no filter, no paging, no dates), lead creation and new-lead events. It cannot update or delete people, and has no transactions or deals: import those from a Brivity report (CSV). For more, ask Brivity support or your account manager for partner API access.";

const person = { resource: ['person'] };

export const brivityProperties: INodeProperties[] = [
	{ displayName: BRIVITY_LIMITS_NOTICE, name: 'limitsNotice', type: 'notice', default: '' },
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Lead', value: 'lead' },
			{ name: 'Person', value: 'person' },
			{ name: 'Transaction or Deal (CSV Report)', value: 'transaction' },
		],
		default: 'person',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: person },
		options: [
			{ name: 'Get', value: 'get', action: 'Get a person', description: 'Find one person by ID in the people list' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many people', description: 'Read the people list, filtered in the node' },
			{ name: 'Search', value: 'search', action: 'Search people', description: 'Find people whose name, email or phone contains a text' },
		],
		default: 'getAll',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['lead'] } },
		options: [{ name: 'Create', value: 'create', action: 'Create a lead', description: 'Create a lead in Brivity (it appears as a new person)' }],
		default: 'create',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['transaction'] } },
		options: [{ name: 'Import CSV', value: 'importCsv', action: 'Import transactions from a CSV report', description: 'Read a Brivity transaction or deal report (CSV) into typed items' }],
		default: 'importCsv',
	},
	{
		displayName:
			"Brivity's list cannot be filtered or paged by the API: every run reads the whole list (up to People List Limit) and filters here. A list of 2,600 people took one team 25-30 seconds.",
		name: 'sizeNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: person },
	},
	{
		displayName: 'Person ID',
		name: 'personId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { resource: ['person'], operation: ['get'] } },
		description: "The person's ID in Brivity (the \"ID\" of the people list)",
	},
	{
		displayName: 'Search Text',
		name: 'query',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { resource: ['person'], operation: ['search'] } },
		description: 'Matched, without regard to case, against first and last name, email and phone (digits only for phones)',
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		displayOptions: { show: { resource: ['person'], operation: ['getAll', 'search'] } },
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		displayOptions: { show: { resource: ['person'], operation: ['getAll', 'search'], returnAll: [false] } },
		description: 'Max number of results to return',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		displayOptions: { show: { resource: ['person'], operation: ['getAll'] } },
		options: [
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', description: 'Exact email address (any case)' },
			{ displayName: 'Name Contains', name: 'name', type: 'string', default: '', description: 'Text the full name contains (any case)' },
			{ displayName: 'Source', name: 'source', type: 'string', default: '', description: 'Exact lead source (any case), e.g. Zillow' },
			{ displayName: 'Status', name: 'status', type: 'string', default: '', description: 'Exact status (any case)' },
			{ displayName: 'Tag', name: 'tag', type: 'string', default: '', description: 'People carrying this tag (any case)' },
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: person },
		options: [
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				options: [
					{ name: 'Simplified (CRM-Neutral)', value: 'simplified' },
					{ name: 'Raw', value: 'raw', description: 'The person exactly as Brivity returns it' },
				],
				default: 'simplified',
			},
			{
				displayName: 'People List Limit',
				name: 'peopleLimit',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_PEOPLE_LIMIT,
				description:
					"The \"limit\" asked of Brivity's people list. A list that fills it fails instead of being used half-read: raise it above your team's number of people.",
			},
		],
	},
	// Lead: the v2 lead's fields (as public code that posts to /api/v2/leads sends them).
	{ displayName: 'First Name', name: 'firstName', type: 'string', default: '', displayOptions: { show: { resource: ['lead'] } } },
	{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '', displayOptions: { show: { resource: ['lead'] } } },
	{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', displayOptions: { show: { resource: ['lead'] } } },
	{ displayName: 'Phone', name: 'phone', type: 'string', default: '', displayOptions: { show: { resource: ['lead'] } } },
	{
		displayName: 'Additional Fields',
		name: 'leadFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		displayOptions: { show: { resource: ['lead'] } },
		options: [
			{ displayName: 'City', name: 'city', type: 'string', default: '' },
			{ displayName: 'Country', name: 'country', type: 'string', default: '' },
			{ displayName: 'Lead Type', name: 'lead_type', type: 'string', default: '', description: 'E.g. Buyer, Seller.' },
			{ displayName: 'Notes', name: 'description', type: 'string', typeOptions: { rows: 3 }, default: '' },
			{ displayName: 'Postal Code', name: 'postal_code', type: 'string', default: '' },
			{ displayName: 'Primary Agent ID', name: 'primary_agent_id', type: 'number', default: 0, description: 'The Brivity agent the lead is assigned to' },
			{
				displayName: 'Property of Interest',
				name: 'propertyOfInterest',
				type: 'string',
				default: '',
				description: "The listing the lead asked about (address or MLS number). Brivity's lead has no field of its own for it: it is added to the Notes as \"Property of interest: …\".",
			},
			{ displayName: 'Source', name: 'source', type: 'string', default: '', description: 'Where the lead came from, e.g. Website' },
			{ displayName: 'State', name: 'locality', type: 'string', default: '', description: 'Brivity keeps the state as "locality"' },
			{ displayName: 'Status', name: 'status', type: 'string', default: '', description: 'E.g. new.' },
			{ displayName: 'Street Address', name: 'street_address', type: 'string', default: '', description: "The lead's own address" },
			{ displayName: 'Tags', name: 'tags', type: 'string', default: '', description: 'Comma-separated' },
		],
	},
	...csvImportProperties({ resource: ['transaction'] }),
];
