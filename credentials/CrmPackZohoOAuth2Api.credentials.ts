import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/*
 * Zoho CRM OAuth 2.0, authorization code with refresh, through n8n's oAuth2Api.
 * - Zoho Accounts lives in the user's data centre: accounts.zoho.com (US),
 *   .eu, .in, .com.au, .jp, zohocloud.ca, .com.cn, .sa (Zoho's multi-DC docs;
 *   crm-oas v8.0 common.json names accounts.zoho.com for the US).
 * - The token answer names the API host of that data centre in `api_domain`;
 *   n8n keeps the whole answer in `oauthTokenData` and the nodes call
 *   `<api_domain>/crm/v8` only: the host is never guessed from the data centre.
 * - `access_type=offline` makes Zoho issue a refresh token; `prompt=consent`
 *   issues one again when the app was connected before (Zoho's OAuth docs).
 * - Scopes: records of every module, modules and fields metadata, the current
 *   user, COQL and notifications (crm-oas common.json scope list).
 * - Zoho documents `Authorization: Zoho-oauthtoken <token>` for its CRM API;
 *   n8n's OAuth2 signing can only write `Bearer`, so the nodes sign their own
 *   calls (nodes/Zoho/transport/zohoSigning.ts) and let n8n renew the token.
 *   For the same reason the credential test is the node's own (`testedBy`
 *   zohoCurrentUser: `GET /crm/v8/users?type=CurrentUser` with that header).
 */
const ACCOUNTS =
	'{{ ({ us: "https://accounts.zoho.com", eu: "https://accounts.zoho.eu", in: "https://accounts.zoho.in", au: "https://accounts.zoho.com.au", jp: "https://accounts.zoho.jp", ca: "https://accounts.zohocloud.ca", cn: "https://accounts.zoho.com.cn", sa: "https://accounts.zoho.sa" })[$self["dataCenter"]] || "https://accounts.zoho.com" }}';

const ZOHO_SCOPES = [
	'ZohoCRM.modules.ALL',
	'ZohoCRM.settings.modules.READ',
	'ZohoCRM.settings.fields.READ',
	'ZohoCRM.users.READ',
	'ZohoCRM.coql.READ',
	'ZohoCRM.notifications.ALL',
].join(',');

export class CrmPackZohoOAuth2Api implements ICredentialType {
	name = 'crmPackZohoOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Zoho CRM (CRM Pack) OAuth2 API';

	icon = { light: 'file:../nodes/Zoho/zoho.svg', dark: 'file:../nodes/Zoho/zoho.dark.svg' } as const;

	documentationUrl = 'https://www.zoho.com/crm/developer/docs/api/v8/oauth-overview.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Data Center',
			name: 'dataCenter',
			type: 'options',
			options: [
				{ name: 'United States (zoho.com)', value: 'us' },
				{ name: 'Europe (zoho.eu)', value: 'eu' },
				{ name: 'India (zoho.in)', value: 'in' },
				{ name: 'Australia (zoho.com.au)', value: 'au' },
				{ name: 'Japan (zoho.jp)', value: 'jp' },
				{ name: 'Canada (zohocloud.ca)', value: 'ca' },
				{ name: 'China (zoho.com.cn)', value: 'cn' },
				{ name: 'Saudi Arabia (zoho.sa)', value: 'sa' },
			],
			default: 'us',
			description:
				'Where your Zoho account lives (the domain you sign in at). It picks the Zoho Accounts server; the API server is the one Zoho names when you connect.',
		},
		{
			displayName: 'Zoho CRM Edition',
			name: 'edition',
			type: 'options',
			options: [
				{ name: 'Free (5 Concurrent Calls)', value: 'free' },
				{ name: 'Standard (10 Concurrent Calls)', value: 'standard' },
				{ name: 'Professional (15 Concurrent Calls)', value: 'professional' },
				{ name: 'Enterprise (20 Concurrent Calls)', value: 'enterprise' },
				{ name: 'Ultimate (25 Concurrent Calls)', value: 'ultimate' },
			],
			default: 'standard',
			description: "Zoho limits the calls one app may have in flight per organization by edition; the nodes stay under your edition's limit",
		},
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{ displayName: 'Authorization URL', name: 'authUrl', type: 'hidden', default: `=${ACCOUNTS}/oauth/v2/auth` },
		{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'hidden', default: `=${ACCOUNTS}/oauth/v2/token` },
		{ displayName: 'Scope', name: 'scope', type: 'hidden', default: ZOHO_SCOPES },
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'hidden', default: 'access_type=offline&prompt=consent' },
		// Zoho's token endpoint takes client_id and client_secret as body parameters.
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
	];
}
