import type { INodeProperties } from 'n8n-workflow';

/*
 * The fields both GraphQL CRM credential types share (the OAuth2 one and the
 * one with the API key / Bearer / Basic / JWT presets): where the API is, the
 * request budget, and the resource definition that lets the CRM Sync node and
 * the polling trigger use the API (connector/resources.ts).
 */

export const ENDPOINT_FIELD: INodeProperties = {
	displayName: 'Endpoint URL',
	name: 'endpoint',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. https://crm.example.com/graphql',
	description: 'The GraphQL endpoint: every query and mutation is POSTed to it',
};

export const BUDGET_AND_RESOURCES: INodeProperties[] = [
	{
		displayName: 'Test Query',
		name: 'testQuery',
		type: 'string',
		default: '',
		placeholder: 'e.g. { viewer { login } }',
		description:
			'The query the credential test sends. Empty: { __typename }, which every GraphQL server answers; give a query that needs the credential (e.g. the signed-in user) when the server answers { __typename } without checking it.',
	},
	{
		displayName: 'Requests per Minute',
		name: 'requestsPerMinute',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			"The API's request limit, if it has one (0: none). The nodes also read the server's query-cost reports (extensions.cost, a rateLimit field) and slow down before the budget is spent.",
	},
	{
		displayName: 'Resource Definition (JSON)',
		name: 'resourceDefinition',
		type: 'json',
		default: '',
		description:
			'Optional. How this API lists, reads and writes contacts, companies and deals (a list query with a "modified since" variable, a query reading records by their IDs, create/update/delete mutations, and which fields hold each record ID and update time), so the CRM Sync node and the polling trigger can use it. See the README for a worked example.',
	},
];

/**
 * The credential test: POST the Test Query, else `{ __typename }` (GraphQL
 * spec, "Type Name Introspection": every server answers it). n8n resolves
 * the expressions of a test request's body with `$credentials` (its
 * credentials tester runs the request through RoutingNode, read in n8n
 * 2.41.1's credentials-tester.service.js). The test passes on an HTTP
 * success: a server that reports a refused token only in `errors` with a 200
 * needs a Test Query that fails over HTTP without it.
 */
export const TEST_QUERY_EXPRESSION = '={{ String($credentials.testQuery || "").trim() || "{ __typename }" }}';

export const CREDENTIAL_TEST = {
	request: {
		method: 'POST' as const,
		url: '={{$credentials.endpoint}}',
		headers: { 'Content-Type': 'application/json' },
		body: { query: TEST_QUERY_EXPRESSION },
	},
};
