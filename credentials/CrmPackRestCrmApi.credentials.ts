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
import { REST_CRM_API_PROPERTIES, REST_CRM_CUSTOM_RESOURCE_PROPERTY, REST_CRM_LIMIT_PROPERTIES } from './CrmPackRestCrmProperties';

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
		REST_CRM_CUSTOM_RESOURCE_PROPERTY,
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
