import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/*
 * Salesforce OAuth 2.0 web server flow (authorization code) through n8n's
 * oAuth2Api. The token response names the org's instance (`instance_url`); n8n
 * keeps the whole response in `oauthTokenData`, and the nodes send every API
 * call there. `api` lets the app call REST APIs; `refresh_token` lets n8n renew
 * the session without asking the user again.
 */
const LOGIN_URL =
	'{{ $self["environment"] === "sandbox" ? "https://test.salesforce.com" : $self["environment"] === "custom" ? String($self["customLoginUrl"]).replace(/\\/+$/, "") : "https://login.salesforce.com" }}';

export class CrmPackSalesforceOAuth2Api implements ICredentialType {
	name = 'crmPackSalesforceOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Salesforce (CRM Pack) OAuth2 API';

	icon = { light: 'file:../nodes/Salesforce/salesforce.svg', dark: 'file:../nodes/Salesforce/salesforce.dark.svg' } as const;

	documentationUrl = 'https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production (login.salesforce.com)', value: 'production' },
				{ name: 'Sandbox (test.salesforce.com)', value: 'sandbox' },
				{ name: 'Custom Login URL (My Domain)', value: 'custom' },
			],
			default: 'production',
		},
		{
			displayName: 'Custom Login URL',
			name: 'customLoginUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://mycompany.my.salesforce.com',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: 'v62.0',
			description: 'REST API version used for every call, e.g. v62.0 (Winter ’25)',
		},
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{ displayName: 'Authorization URL', name: 'authUrl', type: 'hidden', default: `=${LOGIN_URL}/services/oauth2/authorize` },
		{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'hidden', default: `=${LOGIN_URL}/services/oauth2/token` },
		{ displayName: 'Scope', name: 'scope', type: 'hidden', default: 'api refresh_token' },
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'hidden', default: '' },
		// Salesforce documents client_id and client_secret as body parameters of the token request.
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
	];

	// The OpenID Connect userinfo endpoint lives on the instance too and needs a valid session.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.oauthTokenData.instance_url}}',
			url: '/services/oauth2/userinfo',
		},
	};
}
