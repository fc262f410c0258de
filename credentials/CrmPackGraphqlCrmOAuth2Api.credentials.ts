import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';
import { oauth2Properties } from '../shared/auth';
import { BUDGET_AND_RESOURCES, CREDENTIAL_TEST, ENDPOINT_FIELD } from '../nodes/GraphqlCrm/credentialFields';

/**
 * Any GraphQL API behind OAuth2 (client credentials, or authorization code
 * with refresh): n8n runs the grant and signs with `Authorization: Bearer`.
 */
export class CrmPackGraphqlCrmOAuth2Api implements ICredentialType {
	name = 'crmPackGraphqlCrmOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'GraphQL CRM (CRM Pack) OAuth2 API';

	icon = { light: 'file:../nodes/GraphqlCrm/graphqlCrm.svg', dark: 'file:../nodes/GraphqlCrm/graphqlCrm.dark.svg' } as const;

	documentationUrl = 'https://graphql.org/learn/serving-over-http/';

	properties: INodeProperties[] = [ENDPOINT_FIELD, ...oauth2Properties({ grants: ['clientCredentials', 'authorizationCode'] }), ...BUDGET_AND_RESOURCES];

	test: ICredentialTestRequest = CREDENTIAL_TEST;

}
