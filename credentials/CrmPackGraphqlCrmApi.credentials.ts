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
import { BUDGET_AND_RESOURCES, CREDENTIAL_TEST, ENDPOINT_FIELD } from '../nodes/GraphqlCrm/credentialFields';
import { graphqlAuthRoot } from '../nodes/GraphqlCrm/transport/endpoint';

/**
 * Any GraphQL API, signed with one of the shared auth presets: an API key in
 * a header (or query parameter), a Bearer token, Basic auth, a JWT login
 * (renewed before it expires and on 401), or none. OAuth2 is the other
 * credential type (CrmPackGraphqlCrmOAuth2Api).
 */
export class CrmPackGraphqlCrmApi implements ICredentialType {
	name = 'crmPackGraphqlCrmApi';

	displayName = 'GraphQL CRM (CRM Pack) API';

	icon = { light: 'file:../nodes/GraphqlCrm/graphqlCrm.svg', dark: 'file:../nodes/GraphqlCrm/graphqlCrm.dark.svg' } as const;

	documentationUrl = 'https://graphql.org/learn/serving-over-http/';

	properties: INodeProperties[] = [
		ENDPOINT_FIELD,
		...authProperties({ types: ['apiKey', 'bearer', 'basic', 'jwt', 'none'], apiKeyName: 'X-API-Key', jwtLoginPath: '/auth/login', jwtRefreshPath: '/auth/refresh' }),
		...BUDGET_AND_RESOURCES,
	];

	/** JWT login paths are below the endpoint's folder (`https://crm.example.com/graphql` -> `https://crm.example.com`). */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
		return await jwtPreAuthentication.call(this, credentials, { root: graphqlAuthRoot(credentials.endpoint) });
	}

	authenticate = async (credentials: ICredentialDataDecryptedObject, request: IHttpRequestOptions): Promise<IHttpRequestOptions> => applyAuth(credentials, request);

	/** The Test Query, else `{ __typename }` (credentialFields.ts). */
	test: ICredentialTestRequest = CREDENTIAL_TEST;

}
