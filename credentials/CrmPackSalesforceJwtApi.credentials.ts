import { createSign } from 'node:crypto';
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

/** The login host of a Salesforce JWT credential: production, sandbox or a My Domain / custom URL. */
export function salesforceLoginUrl(credentials: IDataObject): string {
	if (credentials.environment === 'sandbox') return 'https://test.salesforce.com';
	if (credentials.environment === 'custom') return String(credentials.customLoginUrl ?? '').replace(/\/+$/, '');
	return 'https://login.salesforce.com';
}

const base64url = (input: string | Buffer) => Buffer.from(input).toString('base64url');

/**
 * Builds the assertion of Salesforce's OAuth 2.0 JWT bearer flow: header
 * `{"alg":"RS256"}`; claims iss = the connected app's consumer key, sub = the
 * username, aud = the login host, exp = a few minutes ahead (Salesforce accepts
 * at most 3 minutes); signed with RSA-SHA256 using the private key whose
 * certificate was uploaded to the connected app.
 */
export function signSalesforceJwt(options: {
	consumerKey: string;
	username: string;
	audience: string;
	privateKey: string;
	nowSeconds?: number;
}): string {
	const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
	const header = base64url(JSON.stringify({ alg: 'RS256' }));
	const claims = base64url(JSON.stringify({ iss: options.consumerKey, sub: options.username, aud: options.audience, exp: now + 170 }));
	// Keys pasted into a single-line field often arrive with literal "\n".
	const key = options.privateKey.includes('\\n') ? options.privateKey.replace(/\\n/g, '\n') : options.privateKey;
	const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(key);
	return `${header}.${claims}.${base64url(signature)}`;
}

function statusOf(error: unknown): string {
	const e = error as { response?: { status?: number }; httpCode?: string } | undefined;
	return String(e?.response?.status ?? e?.httpCode ?? 'no response');
}

/**
 * Salesforce's reason for refusing the login, and nothing else of the failed
 * call: the request body carried the signed assertion (a login valid for
 * minutes), and an error's own message or description may quote it, so only
 * the vendor's `error_description` / `error` are read, and even those are
 * cleared of the assertion and the key in case the answer echoes the request.
 */
function loginRefusal(error: unknown, secrets: string[]): string {
	const data = (error as { response?: { data?: unknown } } | undefined)?.response?.data;
	const body = (data && typeof data === 'object' ? data : {}) as IDataObject;
	const reason = [body.error_description, body.error].find((r): r is string => typeof r === 'string' && r.trim() !== '');
	if (!reason) return 'the token request failed';
	// The assertion's parts too, should the vendor have echoed it re-encoded or cut short.
	const parts = secrets[0]?.split('.').filter((p) => p.length >= 8) ?? [];
	return redact(reason, [...secrets, ...parts]).slice(0, 300);
}

/**
 * Salesforce OAuth 2.0 JWT bearer flow (server-to-server, no user interaction;
 * the user must be pre-authorised for the connected app). `preAuthentication`
 * exchanges a signed JWT for an access token at `/services/oauth2/token`; n8n
 * stores it in the expirable `accessToken` field and calls `preAuthentication`
 * again when a request is answered 401. The flow issues no refresh token.
 */
export class CrmPackSalesforceJwtApi implements ICredentialType {
	name = 'crmPackSalesforceJwtApi';

	displayName = 'Salesforce JWT (CRM Pack) API';

	icon = { light: 'file:../nodes/Salesforce/salesforce.svg', dark: 'file:../nodes/Salesforce/salesforce.dark.svg' } as const;

	documentationUrl = 'https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm';

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
			description: 'Where the JWT is exchanged; also its audience (aud) claim',
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
			displayName: 'Consumer Key',
			name: 'consumerKey',
			type: 'string',
			required: true,
			default: '',
			description: "The connected app's consumer key (client ID); the app must use digital signatures with your certificate",
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. integration@example.com',
			description: 'The Salesforce user the integration acts as; pre-authorise them for the connected app',
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true, rows: 4 },
			required: true,
			default: '',
			description: 'PEM private key matching the certificate uploaded to the connected app',
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: 'v62.0',
			description: 'REST API version used for every call, e.g. v62.0 (Winter ’25)',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{ displayName: 'Instance URL', name: 'instanceUrl', type: 'hidden', default: '' },
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
		const loginUrl = salesforceLoginUrl(credentials);
		const assertion = signSalesforceJwt({
			consumerKey: String(credentials.consumerKey ?? ''),
			username: String(credentials.username ?? ''),
			audience: loginUrl,
			privateKey: String(credentials.privateKey ?? ''),
		});
		let response: IDataObject;
		try {
			response = (await this.helpers.httpRequest({
				method: 'POST',
				url: `${loginUrl}/services/oauth2/token`,
				headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
				body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString(),
				json: true,
			})) as IDataObject;
		} catch (error) {
			throw new Error(`Salesforce JWT login failed (${statusOf(error)}): ${loginRefusal(error, [assertion, String(credentials.privateKey ?? '')])}`);
		}
		if (typeof response?.access_token !== 'string' || typeof response.instance_url !== 'string') {
			throw new Error('Salesforce JWT login failed: the token response had no access_token or instance_url');
		}
		return { accessToken: response.access_token, instanceUrl: response.instance_url };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	// userinfo answers on the login host as well as on the instance, so the test needs no instance URL yet.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ $credentials.environment === "sandbox" ? "https://test.salesforce.com" : $credentials.environment === "custom" ? String($credentials.customLoginUrl).replace(/\\/+$/, "") : "https://login.salesforce.com" }}',
			url: '/services/oauth2/userinfo',
		},
	};
}
