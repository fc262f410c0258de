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

/**
 * The credential's optional custom resource (issue 13): the CRM Sync and CRM
 * nodes open connectors from the credential alone, so a user-described
 * resource they can use lives here (as the GraphQL CRM credential holds its
 * resource definition). It stands in for the standard resource of its neutral
 * kind in those nodes; the REST CRM action node keeps its standard resources
 * and its own in-node description.
 */
export const REST_CRM_CUSTOM_RESOURCE_PROPERTY: INodeProperties = {
	displayName: 'Custom Resource for CRM Sync (JSON)',
	name: 'customResource',
	type: 'json',
	default: '',
	description:
		'Optional. A resource of this API the CRM Sync and CRM nodes use for records of one neutral kind instead of the standard resource, e.g. {"path": "/tickets", "pagingStyle": "cursor", "idField": "uid", "updatedField": "updated", "recordsPath": "results", "kind": "contact", "fieldMap": {"firstName": "given_name", "email": "email"}}. Same fields as the action node\'s Custom Resource; see the README.',
};
