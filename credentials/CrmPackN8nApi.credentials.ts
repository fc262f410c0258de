import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * An API key for this n8n's own public REST API, the way n8n's built-in "n8n API"
 * credential sends it (header `X-N8N-API-KEY`). The pack needs it to keep state
 * in n8n Data Tables: n8n 2.41.1 gives community nodes no Data Table helper
 * (its Data Table proxy serves only n8n's own Data Table nodes), but its public
 * API has Data Tables. Community packages may not reuse another package's
 * credential type (n8n's lint rule no-credential-reuse), hence this one.
 */
export class CrmPackN8nApi implements ICredentialType {
	name = 'crmPackN8nApi';

	displayName = 'CRM Pack Data Tables API';

	icon = { light: 'file:../nodes/CrmSync/crmSync.svg', dark: 'file:../nodes/CrmSync/crmSync.dark.svg' } as const;

	documentationUrl = 'https://docs.n8n.io/api/authentication/';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'An n8n API key (Settings → n8n API) allowed to list, create and change Data Tables and their rows',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: 'http://localhost:5678/api/v1',
			description: "This n8n's API address as the n8n processes reach it; /api/v1 is added when only the host is given",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-N8N-API-KEY': '={{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.baseUrl).trim().replace(/\\/+$/, "").replace(/(\\/api\\/v1)?$/, "/api/v1") }}',
			url: '/data-tables',
			qs: { limit: 1 },
		},
	};
}
