import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';
import { API_VERSION, ENVIRONMENT_URL, MICROSOFT_CLOUD, SYNC_ALTERNATE_KEYS, WHOAMI_BASE_URL } from './CrmPackDynamicsClientCredentialsApi.credentials';

/*
 * Dataverse as a signed-in user: Microsoft Entra ID's authorization code flow
 * through n8n's oAuth2Api (learn.microsoft.com/power-apps/developer/data-platform/authenticate-oauth).
 * The delegated permission is Dataverse's `user_impersonation`, asked for as
 * `<environment URL>/user_impersonation`; `offline_access` brings the refresh
 * token n8n renews the session with. Every call goes to the environment URL.
 */
const AUTHORITY =
	'{{ $self["authority"] === "custom" ? String($self["customAuthorityUrl"]).trim().replace(/\\/+$/, "") : $self["authority"] === "usGovernment" ? "https://login.microsoftonline.us" : $self["authority"] === "china" ? "https://login.chinacloudapi.cn" : "https://login.microsoftonline.com" }}/{{ String($self["tenantId"] || "organizations").trim() }}';

const ENVIRONMENT =
	'{{ (() => { let t = String($self["environmentUrl"] || "").trim().replace(/\\/+$/, "").replace(/\\/api\\/data(\\/v\\d+\\.\\d+)?$/i, ""); if (t && !/^https?:\\/\\//i.test(t)) t = "https://" + t; return t; })() }}';

export class CrmPackDynamicsOAuth2Api implements ICredentialType {
	name = 'crmPackDynamicsOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Dynamics 365 (CRM Pack) OAuth2 API';

	icon = { light: 'file:../nodes/Dynamics/dynamics.svg', dark: 'file:../nodes/Dynamics/dynamics.dark.svg' } as const;

	documentationUrl = 'https://learn.microsoft.com/en-us/power-apps/developer/data-platform/authenticate-oauth';

	properties: INodeProperties[] = [
		ENVIRONMENT_URL,
		{
			displayName: 'Tenant ID',
			name: 'tenantId',
			type: 'string',
			default: 'organizations',
			description: "Your Directory (tenant) ID, or 'organizations' to let any work account of a tenant that consented sign in",
		},
		API_VERSION,
		...MICROSOFT_CLOUD,
		SYNC_ALTERNATE_KEYS,
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{ displayName: 'Authorization URL', name: 'authUrl', type: 'hidden', default: `=${AUTHORITY}/oauth2/v2.0/authorize` },
		{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'hidden', default: `=${AUTHORITY}/oauth2/v2.0/token` },
		{ displayName: 'Scope', name: 'scope', type: 'hidden', default: `=${ENVIRONMENT}/user_impersonation offline_access` },
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'hidden', default: '' },
		// Entra ID takes client_id and client_secret as body parameters of the token request.
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
	];

	/** WhoAmI: any user of the environment may call it; 401/403 name the usual set-up gaps. */
	test: ICredentialTestRequest = {
		request: {
			baseURL: WHOAMI_BASE_URL,
			url: '/WhoAmI',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'The environment refused the signed-in user: check that the Environment URL is the environment this user belongs to (Power Platform admin center → Environments), and reconnect',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'The signed-in user has no security role in this environment that lets them read data: ask an administrator to assign one',
				},
			},
		],
	};
}
