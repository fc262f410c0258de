import type { INodeProperties } from 'n8n-workflow';
import { GRAPHQL_CREDENTIAL } from '../transport/graphqlApi';

const query = { show: { operation: ['query'] } };
const mutation = { show: { operation: ['mutation'] } };
const paged = { show: { operation: ['query'], paging: ['relay', 'offset', 'pageToken'] } };
const aliased = { show: { operation: ['mutation'], sendAs: ['aliased'] } };
const document = { show: { operation: ['mutation'], sendAs: ['document'] } };
/** Where the node can write the document from the schema: a query, or an aliased mutation (Send As is hidden, and so "aliased", for a query). */
const written = { show: { operation: ['query', 'mutation'] }, hide: { sendAs: ['document'] } };

export const AUTHENTICATION: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{ name: 'API Key, Bearer, Basic or JWT', value: 'standard' },
		{ name: 'OAuth2', value: 'oAuth2' },
	],
	default: 'standard',
};

export const CREDENTIALS = [
	{ name: GRAPHQL_CREDENTIAL.standard, required: true, displayOptions: { show: { authentication: ['standard'] } } },
	{ name: GRAPHQL_CREDENTIAL.oAuth2, required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
];

export const graphqlProperties: INodeProperties[] = [
	AUTHENTICATION,
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Query', value: 'query', action: 'Run a query', description: 'Read records, page by page if the query pages' },
			{ name: 'Mutation', value: 'mutation', action: 'Run a mutation', description: 'Write: one request per item, or many items as aliased mutations in one request' },
		],
		default: 'query',
	},
	{
		displayName: 'Query Name or ID',
		name: 'queryName',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getQueries' },
		default: '',
		description:
			'A query of the server\'s schema (read by introspection). With Query left empty, the node writes the document from the schema: every argument as a variable, the result\'s scalar fields. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: query,
	},
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		placeholder: 'query ($first: Int, $after: String) { contacts(first: $first, after: $after) { edges { node { email firstName } } pageInfo { hasNextPage endCursor } } }',
		description: 'The GraphQL document. With paging, declare the paging variables: the node sets them. Empty: written from the schema for the query chosen above.',
		displayOptions: query,
	},
	{
		displayName: 'Send As',
		name: 'sendAs',
		type: 'options',
		options: [
			{ name: 'Aliased Batch', value: 'aliased', description: 'Many items in one request: the mutation field repeated under aliases m0, m1, …; each item gets its own result or error' },
			{ name: 'One Request per Item', value: 'document', description: 'Each item sends the whole mutation document' },
		],
		default: 'aliased',
		displayOptions: mutation,
	},
	{
		displayName: 'Mutation Name or ID',
		name: 'mutationName',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getMutations' },
		default: '',
		description:
			'A mutation of the server\'s schema (read by introspection). With Mutation Field left empty, the node writes the field from the schema: every argument as a variable, the result\'s scalar fields. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: aliased,
	},
	{
		displayName: 'Mutation Field',
		name: 'mutationField',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'createContact(input: $input) { email firstName }',
		description: 'The mutation field only (not a whole document), using $variables: it is repeated once per item under an alias. Empty: written from the schema for the mutation chosen above.',
		displayOptions: aliased,
	},
	{
		displayName: 'Field Variables',
		name: 'fieldVariables',
		type: 'string',
		default: '',
		placeholder: 'input: ContactInput!, key: String!',
		description: "The mutation field's variables and their GraphQL types, comma-separated; each item's variables give their values. Empty with an empty Mutation Field: the mutation's arguments, from the schema.",
		displayOptions: aliased,
	},
	{
		displayName: 'Record Type Name or ID',
		name: 'recordType',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getRecordTypes', loadOptionsDependsOn: ['operation', 'queryName', 'mutationName'] },
		default: '',
		description:
			'Whose fields Record Fields lists: a type the document written from the schema selects (the records\' type first). Empty: the records\' type (a connection\'s nodes, a page\'s items, a list\'s entries, a payload\'s record). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: written,
	},
	{
		displayName: 'Record Field Names or IDs',
		name: 'recordFields',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getRecordFields', loadOptionsDependsOn: ['operation', 'queryName', 'mutationName', 'recordType'] },
		default: [],
		description:
			'The fields of the record type to select when the node writes the document from the schema (Query or Mutation Field left empty). None: every scalar field, one level into objects. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: written,
	},
	{
		displayName: 'Input Field Names or IDs',
		name: 'inputFields',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getInputFields', loadOptionsDependsOn: ['mutationName'] },
		default: [],
		description:
			'With Variables From "Input Item": the input fields of the chosen mutation to fill from the item\'s fields of the same names (input.email takes the item\'s email); the mutation\'s other arguments (e.g. the record ID) take the item\'s field of their name. None: the item is the variables object. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: aliased,
	},
	{
		displayName: 'Items per Request',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 250 },
		default: 25,
		description: 'Most aliases in one request (a server may limit query cost or complexity)',
		displayOptions: aliased,
	},
	{
		displayName: 'Mutation',
		name: 'mutation',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		required: true,
		placeholder: 'mutation ($input: ContactInput!) { createContact(input: $input) { email } }',
		description: 'The whole mutation document, sent once per item',
		displayOptions: document,
	},
	{
		displayName: 'Variables From',
		name: 'variablesFrom',
		type: 'options',
		options: [
			{ name: 'JSON', value: 'json', description: 'The variables below (expressions allowed)' },
			{ name: 'Input Item', value: 'item', description: "The item's JSON is the variables object" },
		],
		default: 'json',
	},
	{
		displayName: 'Variables (JSON)',
		name: 'variables',
		type: 'json',
		default: '{}',
		displayOptions: { show: { variablesFrom: ['json'] } },
	},
	{
		displayName: 'Operation Name',
		name: 'operationName',
		type: 'string',
		default: '',
		description: 'Which operation of the document to run, when it holds several',
		displayOptions: { show: { operation: ['query'] } },
	},
	{
		displayName: 'Data Path',
		name: 'dataPath',
		type: 'string',
		default: '',
		placeholder: 'e.g. contacts',
		description:
			'Where the records are in the answer\'s data (dotted). For a query: one item per record (a Relay connection\'s nodes, an offset or token page\'s items); empty: one item with the whole data. For an aliased mutation: the record inside each alias\'s result (e.g. "contact" in a payload).',
	},
	{
		displayName: 'Paging',
		name: 'paging',
		type: 'options',
		options: [
			{ name: 'None', value: 'none' },
			{ name: 'Relay Connection (First / After)', value: 'relay' },
			{ name: 'Offset / Limit', value: 'offset' },
			{ name: 'Page Token', value: 'pageToken' },
		],
		default: 'none',
		displayOptions: query,
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: paged,
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { operation: ['query'], paging: ['relay', 'offset', 'pageToken'], returnAll: [false] } },
	},
	{
		displayName: 'Paging Options',
		name: 'pagingOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: paged,
		options: [
			{ displayName: 'Items Path', name: 'itemsPath', type: 'string', default: 'items', description: 'Offset and token pages: where the records are inside the page' },
			{ displayName: 'Next Offset Path', name: 'nextOffsetPath', type: 'string', default: '', placeholder: 'nextOffset', description: 'Offset pages: the next offset, if the page says it (empty on the last page)' },
			{ displayName: 'Next Page Cursor Path', name: 'nextCursorPath', type: 'string', default: 'nextPageToken', description: "Page-token pages: where the next page's token is" },
			{ displayName: 'Page Size', name: 'pageSize', type: 'number', typeOptions: { minValue: 1 }, default: 50, description: 'Records per request (at most what the server serves)' },
			{ displayName: 'Page Size Variable', name: 'sizeVariable', type: 'string', default: '', placeholder: 'first / limit / pageSize', description: 'Default: first (Relay), limit (offset), pageSize (page token)' },
			{ displayName: 'Position Variable', name: 'positionVariable', type: 'string', default: '', placeholder: 'after / offset / pageToken', description: 'Default: after (Relay), offset (offset), pageToken (page token)' },
			{ displayName: 'Total Path', name: 'totalPath', type: 'string', default: '', placeholder: 'total', description: 'Offset pages: the total number of records, if the page says it' },
		],
	},
];
