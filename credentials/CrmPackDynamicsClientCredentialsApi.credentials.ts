import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';
import { redact } from '../shared/transport/redact';

/** Microsoft Entra ID's sign-in host: the global cloud, a national cloud, or a custom URL (a test emulator). */
export function entraAuthority(credentials: IDataObject): string {
	if (credentials.authority === 'custom') return String(credentials.customAuthorityUrl ?? '').trim().replace(/\/+$/, '');
	if (credentials.authority === 'usGovernment') return 'https://login.microsoftonline.us';
	if (credentials.authority === 'china') return 'https://login.chinacloudapi.cn';
	return 'https://login.microsoftonline.com';
}

/** The environment URL without a trailing slash or a pasted `/api/data/...`; `https://` added when missing. */
export function dataverseEnvironment(value: unknown): string {
	let text = String(value ?? '')
		.trim()
		.replace(/\/+$/, '')
		.replace(/\/api\/data(\/v\d+\.\d+)?$/i, '');
	if (text && !/^https?:\/\//i.test(text)) text = `https://${text}`;
	return text;
}

/** The environment, API version and sign-in host: the same fields on both Dynamics credentials. */
export const ENVIRONMENT_URL: INodeProperties = {
	displayName: 'Environment URL',
	name: 'environmentUrl',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. https://acme.crm4.dynamics.com',
	description: 'Your environment, as Power Platform admin center → Environments → your environment shows it (Environment URL)',
};

export const API_VERSION: INodeProperties = {
	displayName: 'API Version',
	name: 'apiVersion',
	type: 'string',
	default: 'v9.2',
	description: 'Dataverse Web API version used for every call',
};

/**
 * The alternate keys CRM Sync upserts by (CRM Sync opens a connector from the credential
 * alone, so this is where a user names them). Dataverse has no unique column out of the box:
 * an alternate key is something each environment defines (Power Apps → Tables → Keys).
 */
export const SYNC_ALTERNATE_KEYS: INodeProperties = {
	displayName: 'Alternate Keys for CRM Sync',
	name: 'syncAlternateKeys',
	type: 'string',
	default: '',
	placeholder: 'e.g. contacts:emailaddress1, leads:emailaddress1',
	description:
		'Optional. Entity set and column of one-column alternate keys defined in your environment, comma-separated. CRM Sync then creates records of that table matched by that field as upserts on the key (PATCH on the key: a create retried after a lost connection never makes a second record).',
};

export const MICROSOFT_CLOUD: INodeProperties[] = [
	{
		displayName: 'Microsoft Cloud',
		name: 'authority',
		type: 'options',
		options: [
			{ name: 'Global (Login.microsoftonline.com)', value: 'global' },
			{ name: 'US Government (Login.microsoftonline.us)', value: 'usGovernment' },
			{ name: 'China (Login.chinacloudapi.cn)', value: 'china' },
			{ name: 'Custom Sign-in URL', value: 'custom' },
		],
		default: 'global',
		description: 'Where Microsoft Entra ID issues the token',
	},
	{
		displayName: 'Custom Sign-in URL',
		name: 'customAuthorityUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://login.microsoftonline.com',
		displayOptions: { show: { authority: ['custom'] } },
	},
];

/** WhoAmI below the environment's Web API root, for both credentials' test requests. */
export const WHOAMI_BASE_URL =
	'={{ (() => { let t = String($credentials.environmentUrl || "").trim().replace(/\\/+$/, "").replace(/\\/api\\/data(\\/v\\d+\\.\\d+)?$/i, ""); if (t && !/^https?:\\/\\//i.test(t)) t = "https://" + t; const v = String($credentials.apiVersion || "v9.2").trim(); return t + "/api/data/" + (v.startsWith("v") ? v : "v" + v); })() }}';

function statusOf(error: unknown): string {
	const e = error as { response?: { status?: number }; httpCode?: string } | undefined;
	return String(e?.response?.status ?? e?.httpCode ?? 'no response');
}

/**
 * Entra ID's reason for refusing the token (`error_description`, e.g. AADSTS7000215
 * for a wrong secret), cleared of the secret in case the answer echoes the request.
 */
function tokenRefusal(error: unknown, secret: string): string {
	const data = (error as { response?: { data?: unknown } } | undefined)?.response?.data;
	const body = (data && typeof data === 'object' ? data : {}) as IDataObject;
	const reason = [body.error_description, body.error].find((r): r is string => typeof r === 'string' && r.trim() !== '');
	if (!reason) return 'the token request failed';
	return redact(reason.split('\n')[0], [secret]).slice(0, 300);
}

/**
 * Dataverse as an application (server to server): Microsoft Entra ID's OAuth 2.0
 * client credentials grant (learn.microsoft.com/power-apps/developer/data-platform/authenticate-oauth,
 * use-single-tenant-server-server-authentication). `preAuthentication` posts
 * client_id, client_secret and scope `<environment URL>/.default` to
 * `<authority>/<tenant>/oauth2/v2.0/token`; n8n keeps the token in the expirable
 * `accessToken` field and asks for a new one when a call is answered 401.
 * The app must also exist in the environment as an application user with a
 * security role; without them a valid token is refused (401/403), which the
 * test request names.
 */
export class CrmPackDynamicsClientCredentialsApi implements ICredentialType {
	name = 'crmPackDynamicsClientCredentialsApi';

	displayName = 'Dynamics 365 (CRM Pack) Client Credentials API';

	icon = { light: 'file:../nodes/Dynamics/dynamics.svg', dark: 'file:../nodes/Dynamics/dynamics.dark.svg' } as const;

	documentationUrl = 'https://learn.microsoft.com/en-us/power-apps/developer/data-platform/use-single-tenant-server-server-authentication';

	properties: INodeProperties[] = [
		ENVIRONMENT_URL,
		{
			displayName: 'Tenant ID',
			name: 'tenantId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 00000000-0000-0000-0000-000000000000',
			description: "The Directory (tenant) ID of your app registration's overview page in Microsoft Entra ID",
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			required: true,
			default: '',
			description: 'The Application (client) ID of the app registration',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: "The secret's Value (not its Secret ID), from Certificates & secrets",
		},
		API_VERSION,
		...MICROSOFT_CLOUD,
		SYNC_ALTERNATE_KEYS,
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
		const secret = String(credentials.clientSecret ?? '');
		const tenant = encodeURIComponent(String(credentials.tenantId ?? '').trim());
		let response: IDataObject;
		try {
			response = (await this.helpers.httpRequest({
				method: 'POST',
				url: `${entraAuthority(credentials)}/${tenant}/oauth2/v2.0/token`,
				headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
				body: new URLSearchParams({
					grant_type: 'client_credentials',
					client_id: String(credentials.clientId ?? '').trim(),
					client_secret: secret,
					scope: `${dataverseEnvironment(credentials.environmentUrl)}/.default`,
				}).toString(),
				json: true,
			})) as IDataObject;
		} catch (error) {
			throw new Error(`Microsoft Entra ID refused the token (${statusOf(error)}): ${tokenRefusal(error, secret)}`);
		}
		if (typeof response?.access_token !== 'string') throw new Error('Microsoft Entra ID answered without an access_token');
		return { accessToken: response.access_token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.accessToken}}' } },
	};

	/**
	 * WhoAmI needs no privilege beyond being a user of the environment. With a
	 * token Entra ID issued, a 401 means the app is not an application user of
	 * this environment and a 403 that the user has no security role.
	 */
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
						'Microsoft Entra ID issued a token, but the environment refused it: add the app registration as an application user of this environment (Power Platform admin center → your environment → Settings → Users + permissions → Application users → New app user), and check that the Environment URL is the one of that environment',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						"The app is a user of the environment but may not read data: give its application user a security role (Application users → the app → Edit security roles), e.g. one that can read the tables you use",
				},
			},
		],
	};
}
