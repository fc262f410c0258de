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
