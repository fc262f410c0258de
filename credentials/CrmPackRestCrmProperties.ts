import type { INodeProperties } from 'n8n-workflow';

/** Where the API lives and how fast it may be called: the same fields on both REST CRM credential types. */
export const REST_CRM_API_PROPERTIES: INodeProperties[] = [
	{
		displayName: 'Base URL',
		name: 'baseUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://crm.example.com',
	},
	{
		displayName: 'API Version',
		name: 'apiVersion',
		type: 'string',
		default: 'v1',
		description: 'Appended as /api/<version> (the standard REST CRM API lives at /api/v1); leave empty when the base URL is already the API root',
	},
];

export const REST_CRM_LIMIT_PROPERTIES: INodeProperties[] = [
	{
		displayName: 'Rate Limit (Requests per Minute)',
		name: 'rateLimitPerMinute',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 60,
		description: "The most requests the nodes send in any minute with this credential; the API's own Retry-After and rate-limit headers slow them further",
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 30,
		description: 'How long a request may wait for its answer; a timed-out read is retried, a timed-out write is not (it may have been applied)',
	},
];
