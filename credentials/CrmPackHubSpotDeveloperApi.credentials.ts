import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A HubSpot app's developer credentials, used by the HubSpot (CRM Pack) Trigger:
 * the client secret verifies the signature of every webhook HubSpot sends; the
 * developer API key and app ID let the trigger register its own subscriptions
 * through HubSpot's webhooks API (`/webhooks/v3/{appId}/...`, key sent as the
 * `hapikey` query parameter). For manual set-up only the client secret is needed.
 */
export class CrmPackHubSpotDeveloperApi implements ICredentialType {
	name = 'crmPackHubSpotDeveloperApi';

	displayName = 'HubSpot Developer App (CRM Pack) API';

	icon = { light: 'file:../nodes/HubSpot/hubspot.svg', dark: 'file:../nodes/HubSpot/hubspot.dark.svg' } as const;

	documentationUrl = 'https://developers.hubspot.com/docs/api/webhooks';

	properties: INodeProperties[] = [
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				"The app's client secret (HubSpot developer account → Apps → your app → Auth). HubSpot signs every webhook request with it.",
		},
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			description: "The app's ID (shown on the app's Auth tab). Needed for automatic subscription management.",
		},
		{
			displayName: 'Developer API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"The developer account's API key (developer account → Keys → Developer API key). Needed for automatic subscription management; leave empty if you set the webhook up in the app yourself.",
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.hubapi.com',
		},
	];

	// HubSpot's webhooks API authenticates developer calls with the `hapikey` query parameter.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			qs: {
				hapikey: '={{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '=/webhooks/v3/{{$credentials.appId}}/subscriptions',
			method: 'GET',
		},
	};
}
