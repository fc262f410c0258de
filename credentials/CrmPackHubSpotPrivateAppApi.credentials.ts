import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A HubSpot private app's access token. The plan picks the rate-limit preset:
 * HubSpot allows private apps 100 requests per 10 s on Free/Starter and 190 on
 * Professional/Enterprise.
 */
export class CrmPackHubSpotPrivateAppApi implements ICredentialType {
	name = 'crmPackHubSpotPrivateAppApi';

	displayName = 'HubSpot Private App (CRM Pack) API';

	icon = { light: 'file:../nodes/HubSpot/hubspot.svg', dark: 'file:../nodes/HubSpot/hubspot.dark.svg' } as const;

	documentationUrl = 'https://developers.hubspot.com/docs/api/private-apps';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The private app access token (HubSpot → Settings → Integrations → Private Apps → your app → Auth). Give the app the CRM scopes you use, e.g. crm.objects.contacts.read and .write.',
		},
		{
			displayName: 'HubSpot Plan',
			name: 'plan',
			type: 'options',
			options: [
				{ name: 'Free or Starter (100 Requests per 10 s)', value: 'starter' },
				{ name: 'Professional or Enterprise (190 Requests per 10 s)', value: 'pro' },
			],
			default: 'starter',
			description: 'Sets how fast the nodes may call HubSpot, so they stay under your account\'s limit instead of hitting it',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.hubapi.com',
			description: 'Leave as is unless you point the pack at a HubSpot emulator for testing',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/crm/v3/objects/contacts',
			qs: { limit: 1 },
		},
	};
}
