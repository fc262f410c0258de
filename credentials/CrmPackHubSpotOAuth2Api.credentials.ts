import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

const scopes = [
	'oauth',
	'crm.objects.contacts.read',
	'crm.objects.contacts.write',
	'crm.objects.companies.read',
	'crm.objects.companies.write',
	'crm.objects.deals.read',
	'crm.objects.deals.write',
	'crm.objects.owners.read',
	'crm.schemas.contacts.read',
	'crm.schemas.companies.read',
	'crm.schemas.deals.read',
	'crm.objects.custom.read',
	'crm.objects.custom.write',
	'crm.schemas.custom.read',
];

/** HubSpot OAuth2 (a public app). HubSpot allows public apps 110 requests per 10 s per account. */
export class CrmPackHubSpotOAuth2Api implements ICredentialType {
	name = 'crmPackHubSpotOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'HubSpot (CRM Pack) OAuth2 API';

	icon = { light: 'file:../nodes/HubSpot/hubspot.svg', dark: 'file:../nodes/HubSpot/hubspot.dark.svg' } as const;

	documentationUrl = 'https://developers.hubspot.com/docs/api/oauth-quickstart-guide';

	properties: INodeProperties[] = [
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{ displayName: 'Authorization URL', name: 'authUrl', type: 'hidden', default: 'https://app.hubspot.com/oauth/authorize' },
		{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'hidden', default: 'https://api.hubapi.com/oauth/v1/token' },
		{ displayName: 'Scope', name: 'scope', type: 'hidden', default: scopes.join(' ') },
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'hidden', default: '' },
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.hubapi.com',
			description: 'Leave as is unless you point the pack at a HubSpot emulator for testing',
		},
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/crm/v3/objects/contacts',
			qs: { limit: 1 },
		},
	};
}
