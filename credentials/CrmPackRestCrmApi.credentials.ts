import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';
import { applyAuth, authProperties, jwtPreAuthentication } from '../shared/auth';
import { restCrmRoot, ROOT_EXPRESSION } from '../nodes/RestCrm/transport/root';

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
 * A REST CRM reached with an API key (header or query parameter), a fixed Bearer
 * token, Basic auth, or a JWT login (username/password to a login endpoint; the
 * token is renewed before it expires and on 401, a failed refresh logs in again:
 * shared/auth). OAuth2 is the other credential type, CrmPackRestCrmOAuth2Api.
 * The test request is the API's health endpoint (GENERIC-API.md), which needs
 * no authentication; a JWT login runs during the test all the same (n8n runs
 * preAuthentication when a credential is tested), so a wrong password fails it.
 */
export class CrmPackRestCrmApi implements ICredentialType {
	name = 'crmPackRestCrmApi';

	displayName = 'REST CRM (CRM Pack) API';

	icon = { light: 'file:../nodes/RestCrm/restCrm.svg', dark: 'file:../nodes/RestCrm/restCrm.dark.svg' } as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-crm-pack#rest-crm';

	properties: INodeProperties[] = [
		...REST_CRM_API_PROPERTIES,
		...authProperties({ types: ['apiKey', 'bearer', 'basic', 'jwt'], apiKeyName: 'X-API-Key', jwtLoginPath: '/auth/login', jwtRefreshPath: '/auth/refresh' }),
		...REST_CRM_LIMIT_PROPERTIES,
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
		return await jwtPreAuthentication.call(this, credentials, { root: restCrmRoot(credentials.baseUrl, credentials.apiVersion) });
	}

	authenticate = async (credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> =>
		applyAuth(credentials, requestOptions);

	test: ICredentialTestRequest = {
		request: { baseURL: ROOT_EXPRESSION, url: '/health' },
	};
}
