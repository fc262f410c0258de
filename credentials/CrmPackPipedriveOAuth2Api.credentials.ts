import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * Pipedrive OAuth2 (an app from Pipedrive's Developer Hub). Pipedrive's token
 * response names the company's API host in `api_domain`
 * (e.g. https://acme.pipedrive.com); n8n keeps the token response in
 * `oauthTokenData`, and the nodes call that host. Scopes are chosen in the app's
 * settings in the Developer Hub, not requested here. Pipedrive authenticates the
 * token request with HTTP Basic (client id and secret), hence `header`.
 */
export class CrmPackPipedriveOAuth2Api implements ICredentialType {
	name = 'crmPackPipedriveOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Pipedrive (CRM Pack) OAuth2 API';

	icon = { light: 'file:../nodes/Pipedrive/pipedrive.svg', dark: 'file:../nodes/Pipedrive/pipedrive.dark.svg' } as const;

	documentationUrl = 'https://pipedrive.readme.io/docs/marketplace-oauth-authorization';

	properties: INodeProperties[] = [
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{ displayName: 'Authorization URL', name: 'authUrl', type: 'hidden', default: 'https://oauth.pipedrive.com/oauth/authorize' },
		{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'hidden', default: 'https://oauth.pipedrive.com/oauth/token' },
		{ displayName: 'Scope', name: 'scope', type: 'hidden', default: '' },
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'hidden', default: '' },
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'header' },
		{
			displayName: 'Pipedrive Plan',
			name: 'plan',
			type: 'options',
			options: [
				{ name: 'Lite / Essential (80 Requests per 2 s)', value: 'lite' },
				{ name: 'Growth / Advanced (160 Requests per 2 s)', value: 'growth' },
				{ name: 'Premium / Professional (320 Requests per 2 s)', value: 'premium' },
				{ name: 'Ultimate / Power / Enterprise (480 Requests per 2 s)', value: 'ultimate' },
			],
			default: 'lite',
			description: "Sets how fast and how many at once the nodes call Pipedrive, so they stay under the app's burst limit",
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			description: 'Leave empty to use the company domain Pipedrive returns with the token (api_domain); set only for a test emulator',
		},
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ String($credentials.baseUrl || ($credentials.oauthTokenData && $credentials.oauthTokenData.api_domain) || "https://api.pipedrive.com").replace(/\\/+$/, "") }}',
			url: '/api/v1/users/me',
		},
	};
}
