/**
 * Saved credentials for the sandbox's vendors, as the light runner's store
 * holds them (`[credential type][credential id] -> data`). The id is the one the
 * workflow's node names: test/e2e/workflows use `<vendor>-sandbox`, the
 * examples/ workflows `crmPackSbx<Vendor>`. Combine several with a spread.
 */
import { generateKeyPairSync } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox';
import type { CredentialStore } from '../lightRunner';

/** HubSpot private app token (plan: HubSpot's rate-limit preset). */
export function hubspotPrivateApp(sb: Sandbox, { id = 'hubspot-sandbox', plan = 'starter' } = {}): CredentialStore {
	return { crmPackHubSpotPrivateAppApi: { [id]: { accessToken: sb.hubspot.tokens[0], plan, baseUrl: sb.hubspot.baseUrl } } };
}

/** Pipedrive API token; the sandbox's base URL stands for the company domain. */
export function pipedriveApiToken(sb: Sandbox, { id = 'pipedrive-sandbox', plan = 'lite' } = {}): CredentialStore {
	return { crmPackPipedriveApi: { [id]: { apiToken: sb.pipedrive.tokens[0], companyDomain: sb.pipedrive.baseUrl, plan } } };
}

/** Freshsales API key; the sandbox's base URL stands for the domain (host: bundle `/crm/sales/api` or classic `/api`). */
export function freshsalesApiKey(sb: Sandbox, { id = 'freshsales-sandbox', plan = 'enterprise', host = 'bundle' } = {}): CredentialStore {
	return { crmPackFreshsalesApi: { [id]: { apiKey: sb.freshsales.keys[0], domain: sb.freshsales.baseUrl, host, plan } } };
}

/** Brivity API key; the sandbox's two roots stand for api.brivity.com and secure.brivity.com. */
export function brivityApiKey(sb: Sandbox, { id = 'brivity-sandbox' } = {}): CredentialStore {
	return { crmPackBrivityApi: { [id]: { apiKey: sb.brivity.keys[0], coreBaseUrl: sb.brivity.coreUrl, leadsBaseUrl: sb.brivity.secureUrl } } };
}

/**
 * GraphQL CRM: the sandbox's endpoint, a Bearer token, and the resource
 * definition of its schema (test/sandbox/graphql/definition.js; `paging` picks
 * the contacts' listing style).
 */
export function graphqlCrmApi(
	sb: Sandbox,
	{ id = 'graphql-sandbox', paging = 'relay', extra = {} }: { id?: string; paging?: 'relay' | 'offset' | 'pageToken'; extra?: IDataObject } = {},
): CredentialStore {
	const definition = JSON.stringify(sb.graphql.resourceDefinition({ paging }));
	return { crmPackGraphqlCrmApi: { [id]: { endpoint: sb.graphql.endpoint, authType: 'bearer', bearerToken: sb.graphql.tokens[0], resourceDefinition: definition, ...extra } } };
}

/**
 * REST CRM (issue 13) credential fields for the sandbox's generic CRM (`<sandbox>/generic/api/v1`):
 * API key in the X-API-Key header by default; `auth` picks another preset (shared/auth field names).
 */
export function restCrmApi(
	sb: Sandbox,
	{ id = 'restcrm-sandbox', auth = 'apiKey', perMinute = 600, extra = {} as IDataObject } = {},
): CredentialStore {
	const c = sb.generic.credentials;
	const presets: Record<string, IDataObject> = {
		apiKey: { authType: 'apiKey', apiKey: c.apiKey, apiKeyIn: 'header', apiKeyName: 'X-API-Key' },
		apiKeyQuery: { authType: 'apiKey', apiKey: c.apiKey, apiKeyIn: 'query', apiKeyName: 'api_key' },
		bearer: { authType: 'bearer', bearerToken: c.personalToken },
		basic: { authType: 'basic', basicUser: c.username, basicPassword: c.password },
		jwt: { authType: 'jwt', jwtUsername: c.username, jwtPassword: c.password, jwtLoginPath: '/auth/login', jwtRefreshPath: '/auth/refresh' },
	};
	return {
		crmPackRestCrmApi: {
			[id]: { baseUrl: sb.generic.baseUrl, apiVersion: 'v1', rateLimitPerMinute: perMinute, timeoutSeconds: 30, ...presets[auth], ...extra },
		},
	};
}

/** REST CRM OAuth2 with the client-credentials grant against the sandbox's token endpoint. */
export function restCrmOAuth2(sb: Sandbox, { id = 'restcrm-oauth', extra = {} as IDataObject } = {}): CredentialStore {
	const c = sb.generic.credentials;
	return {
		crmPackRestCrmOAuth2Api: {
			[id]: {
				baseUrl: sb.generic.baseUrl,
				apiVersion: 'v1',
				grantType: 'clientCredentials',
				accessTokenUrl: `${sb.generic.baseUrl}/api/v1/oauth/token`,
				clientId: c.clientId,
				clientSecret: c.clientSecret,
				scope: 'crm',
				authentication: 'header',
				rateLimitPerMinute: 600,
				timeoutSeconds: 30,
				...extra,
			},
		},
	};
}

export const PIPEDRIVE_OAUTH2_SCOPE = 'base,deals:full,contacts:full,activities:full,leads:full';

/**
 * A connected Pipedrive OAuth2 credential as n8n stores it after the
 * authorization-code flow: `tokenData` over a token response whose `api_domain`
 * is the sandbox; `extra` over the credential's own fields.
 */
export function pipedriveOAuth2(sb: Sandbox, tokenData: IDataObject, extra: IDataObject = {}, { id = 'pipedrive-oauth' } = {}): CredentialStore {
	return {
		crmPackPipedriveOAuth2Api: {
			[id]: {
				clientId: sb.pipedrive.oauth.clientId,
				clientSecret: sb.pipedrive.oauth.clientSecret,
				plan: 'lite',
				baseUrl: '',
				...extra,
				oauthTokenData: { token_type: 'Bearer', scope: PIPEDRIVE_OAUTH2_SCOPE, expires_in: 3599, api_domain: sb.pipedrive.baseUrl, ...tokenData },
			},
		},
	};
}

/** Salesforce OAuth2 (custom login URL = the sandbox), already connected with the sandbox's static token. */
export function salesforceOAuth2(sb: Sandbox, { id = 'salesforce-sandbox' } = {}): CredentialStore {
	return {
		crmPackSalesforceOAuth2Api: {
			[id]: {
				environment: 'custom',
				customLoginUrl: sb.salesforce.baseUrl,
				clientId: sb.salesforce.oauth.clientId,
				clientSecret: sb.salesforce.oauth.clientSecret,
				apiVersion: 'v62.0',
				oauthTokenData: { access_token: sb.salesforce.tokens[0], instance_url: sb.salesforce.baseUrl, token_type: 'Bearer' },
			},
		},
	};
}

export interface KeyPair {
	privateKey: string;
	publicKey: string;
}

let keys: KeyPair | undefined;

/** One RSA key pair per test file (jest loads modules per file): the JWT credential signs with it, the sandbox trusts it. */
export function salesforceKeys(): KeyPair {
	keys ??= generateKeyPairSync('rsa', {
		modulusLength: 2048,
		privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
		publicKeyEncoding: { type: 'spki', format: 'pem' },
	});
	return keys;
}

/**
 * Salesforce JWT bearer credential, not logged in yet (empty access token and
 * instance URL: the first run logs in). Makes the sandbox trust its key.
 */
export function salesforceJwt(sb: Sandbox, { id = 'salesforce-sandbox' } = {}): CredentialStore {
	const { privateKey, publicKey } = salesforceKeys();
	sb.salesforce.jwt.publicKey = publicKey;
	return {
		crmPackSalesforceJwtApi: {
			[id]: {
				environment: 'custom',
				customLoginUrl: sb.salesforce.baseUrl,
				consumerKey: sb.salesforce.jwt.consumerKey,
				username: sb.salesforce.jwt.usernames[0],
				privateKey,
				apiVersion: 'v62.0',
				accessToken: '',
				instanceUrl: '',
			},
		},
	};
}

/** Dynamics 365 OAuth2 (delegated), already connected with the sandbox's static user token; the sandbox's base URL stands for the environment URL. */
export function dynamicsOAuth2(sb: Sandbox, { id = 'dynamics-sandbox', tokenData = {} as IDataObject } = {}): CredentialStore {
	return {
		crmPackDynamicsOAuth2Api: {
			[id]: {
				environmentUrl: sb.dynamics.baseUrl,
				tenantId: sb.dynamics.tenant,
				apiVersion: 'v9.2',
				authority: 'custom',
				customAuthorityUrl: `${sb.dynamics.baseUrl}/login`,
				clientId: sb.dynamics.clientId,
				clientSecret: sb.dynamics.clientSecret,
				oauthTokenData: { token_type: 'Bearer', access_token: sb.dynamics.tokens[0], ...tokenData },
			},
		},
	};
}

/** Dynamics 365 client credentials, not signed in yet (empty access token: the first call gets one from the sandbox's Entra ID). */
export function dynamicsClientCredentials(sb: Sandbox, { id = 'dynamics-sandbox', clientId = sb.dynamics.clientId as string, clientSecret = sb.dynamics.clientSecret as string } = {}): CredentialStore {
	return {
		crmPackDynamicsClientCredentialsApi: {
			[id]: {
				environmentUrl: sb.dynamics.baseUrl,
				tenantId: sb.dynamics.tenant,
				clientId,
				clientSecret,
				apiVersion: 'v9.2',
				authority: 'custom',
				customAuthorityUrl: `${sb.dynamics.baseUrl}/login`,
				accessToken: '',
			},
		},
	};
}

/**
 * Zoho CRM OAuth2, connected in data centre `dc` (default US): the token answer's
 * `api_domain` is the sandbox's API host of that data centre; edition sets the
 * concurrency the nodes keep to.
 */
export function zohoOAuth2(sb: Sandbox, { id = 'zoho-sandbox', dc = 'us', edition = 'enterprise' } = {}, tokenData: IDataObject = {}): CredentialStore {
	return {
		crmPackZohoOAuth2Api: {
			[id]: {
				dataCenter: dc,
				edition,
				clientId: sb.zoho.oauth.clientId,
				clientSecret: sb.zoho.oauth.clientSecret,
				oauthTokenData: { ...sb.zoho.oauth.connect(dc), ...tokenData },
			},
		},
	};
}
