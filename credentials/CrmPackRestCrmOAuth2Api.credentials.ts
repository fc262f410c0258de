import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';
import { oauth2Properties } from '../shared/auth';
import { ROOT_EXPRESSION } from '../nodes/RestCrm/transport/root';
import { REST_CRM_API_PROPERTIES, REST_CRM_CUSTOM_RESOURCE_PROPERTY, REST_CRM_LIMIT_PROPERTIES } from './CrmPackRestCrmProperties';

/**
 * A REST CRM reached with OAuth2: client credentials (server to server; n8n
 * fetches a token and a new one on 401) or authorization code with refresh
 * (the Connect button). n8n's own OAuth2 runs both (`extends: oAuth2Api`); the
 * standard REST CRM API's token endpoint is `<root>/oauth/token` (GENERIC-API.md).
 */
export class CrmPackRestCrmOAuth2Api implements ICredentialType {
	name = 'crmPackRestCrmOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'REST CRM (CRM Pack) OAuth2 API';

	icon = { light: 'file:../nodes/RestCrm/restCrm.svg', dark: 'file:../nodes/RestCrm/restCrm.dark.svg' } as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-crm-pack#rest-crm';

	properties: INodeProperties[] = [
		...REST_CRM_API_PROPERTIES,
		...oauth2Properties({
			grants: ['clientCredentials', 'authorizationCode'],
			authUrlPlaceholder: 'e.g. https://crm.example.com/api/v1/oauth/authorize',
			tokenUrlPlaceholder: 'e.g. https://crm.example.com/api/v1/oauth/token',
		}),
		...REST_CRM_LIMIT_PROPERTIES,
		REST_CRM_CUSTOM_RESOURCE_PROPERTY,
	];

	test: ICredentialTestRequest = {
		request: { baseURL: ROOT_EXPRESSION, url: '/health' },
	};
}
