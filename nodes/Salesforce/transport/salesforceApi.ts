import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { salesforceLoginUrl } from '../../../credentials/CrmPackSalesforceJwtApi.credentials';
import { apiError } from '../../../shared/transport/errors';
import {
	profileRequest,
	profileSecrets,
	readCredential,
	transportSettings,
	type TransportExtra,
	type TransportProfile,
	type TransportSettings,
} from '../../../shared/transport/profile';
import { crmRequest, type CrmRequestOptions, type CrmResponse } from '../../../shared/transport/request';
import { getHeader } from '../../../shared/transport/retry';
import type { RequestContext } from '../../../shared/types';
import { allocationError, checkAllocation, limitExceededError, readUsage, type ApiUsage } from './limits';

export type SalesforceAuth = 'oAuth2' | 'jwt';

/** Credential type names (not secrets) per authentication choice. */
export const SALESFORCE_CREDENTIAL: Record<SalesforceAuth, string> = Object.fromEntries(
	[
		['oAuth2', 'OAuth2Api'],
		['jwt', 'JwtApi'],
	].map(([auth, suffix]) => [auth, `crmPackSalesforce${suffix}`]),
) as Record<SalesforceAuth, string>;

export const DEFAULT_API_VERSION = 'v62.0';

/**
 * Default `Sforce-Call-Options` client id. Salesforce records it with each
 * change (Change Data Capture's `changeOrigin`), so writes made by the pack
 * can be recognised and not synced back (echo suppression).
 */
export const DEFAULT_CLIENT_ID = 'n8nCrmPack';

export interface SalesforceSettings extends TransportSettings<SalesforceAuth> {
	/** The org's instance (the same as `baseUrl`). */
	instanceUrl: string;
	apiVersion: string;
	/** Stop when the org's daily API usage reaches this percentage (0 or >= 100: never stop ourselves). */
	stopAtPercent: number;
	clientId: string;
	/** Latest `Sforce-Limit-Info` seen in this execution. */
	usage: ApiUsage;
	/** SOQL batch size asked for with `Sforce-Query-Options` (Salesforce accepts 200-2,000). */
	queryBatchSize?: number;
}

export interface SettingsExtra extends TransportExtra {
	stopAtPercent?: number;
	clientId?: string;
	queryBatchSize?: number;
}

function instanceOf(auth: SalesforceAuth, credentials: IDataObject): string {
	const raw = auth === 'oAuth2' ? ((credentials.oauthTokenData ?? {}) as IDataObject).instance_url : credentials.instanceUrl;
	return typeof raw === 'string' ? raw.replace(/\/+$/, '') : '';
}

/**
 * Salesforce's transport profile. Its API lives on the org's instance, named
 * by the OAuth2 token response (`instance_url`) or saved by the JWT login.
 * Salesforce has no short-window rate limit to pace against, only the org's
 * rolling 24-hour allocation, which `Sforce-Limit-Info` reports on every
 * response: that guard wraps the shared request in `salesforceRequest`.
 */
export const SALESFORCE_PROFILE: TransportProfile<SalesforceAuth, SalesforceSettings> = {
	credentials: SALESFORCE_CREDENTIAL,
	defaultAuth: 'oAuth2',
	secretFields: ['accessToken', 'privateKey', 'clientSecret'],
	baseUrl: (credentials, auth) => instanceOf(auth, credentials),
	rateLimits: {},
};

/** The access token as n8n keeps it: OAuth2 in `oauthTokenData.access_token`, JWT in the expirable `accessToken` field. */
function accessTokenOf(auth: SalesforceAuth, credentials: IDataObject): string {
	const raw = auth === 'oAuth2' ? ((credentials.oauthTokenData ?? {}) as IDataObject).access_token : credentials.accessToken;
	return typeof raw === 'string' ? raw : '';
}

/**
 * The current session id (the access token), for the SOAP API, which takes it
 * in the envelope's SessionHeader instead of the Authorization header. Read
 * from the credential each time, since n8n may have renewed it; a new value
 * joins the secrets kept out of errors.
 */
export async function readSessionId(ctx: RequestContext, settings: SalesforceSettings): Promise<string> {
	const token = accessTokenOf(settings.auth, (await ctx.getCredentials(SALESFORCE_CREDENTIAL[settings.auth])) as IDataObject);
	if (token && !settings.secrets.includes(token)) settings.secrets.push(token);
	return token;
}

/**
 * Reads the credential once per execution: the instance URL (OAuth2: the
 * token's `instance_url`; JWT: saved by the credential's preAuthentication),
 * the API version, and the secrets to keep out of errors. A JWT credential
 * that has never logged in has no instance yet, and the data API cannot be
 * addressed without one: a call to the login host's userinfo endpoint makes
 * n8n run the credential's preAuthentication (it does so before any request
 * while the token field is empty), then the credential is read again.
 */
export async function salesforceSettings(ctx: RequestContext, auth: SalesforceAuth, extra: SettingsExtra = {}): Promise<SalesforceSettings> {
	let credentials = await readCredential(ctx, SALESFORCE_PROFILE, auth);
	if (!instanceOf(auth, credentials) && auth === 'jwt') {
		await firstLogin(ctx, credentials, extra);
		credentials = await readCredential(ctx, SALESFORCE_PROFILE, auth);
	}
	const base = transportSettings(ctx, SALESFORCE_PROFILE, auth, credentials, extra);
	if (!base.baseUrl) {
		throw new NodeOperationError(
			ctx.getNode(),
			auth === 'oAuth2'
				? 'The Salesforce credential has no instance URL: reconnect it (the token response names the instance)'
				: 'The Salesforce JWT login returned no instance URL',
		);
	}
	const version = String(credentials.apiVersion || DEFAULT_API_VERSION).trim();
	return {
		...base,
		instanceUrl: base.baseUrl,
		apiVersion: version.startsWith('v') ? version : `v${version}`,
		stopAtPercent: extra.stopAtPercent ?? 90,
		clientId: extra.clientId || DEFAULT_CLIENT_ID,
		usage: {},
		queryBatchSize: extra.queryBatchSize,
	};
}

/**
 * The JWT credential's first login. userinfo answers on the login host, needs
 * no instance URL and does not count against the org's API allocation
 * (assumption: it is an OAuth endpoint, not a REST API call). Through the
 * shared transport, so a 401 here also gets n8n's session renewal once.
 */
async function firstLogin(ctx: RequestContext, credentials: IDataObject, extra: SettingsExtra): Promise<void> {
	// A refused login surfaces as the credential's own error ("Salesforce JWT login failed (400): ...").
	await crmRequest.call(ctx, {
		credentialType: SALESFORCE_CREDENTIAL.jwt,
		method: 'GET',
		url: `${salesforceLoginUrl(credentials)}/services/oauth2/userinfo`,
		retry: extra.retry,
		stats: extra.stats,
		clock: extra.clock,
		secrets: profileSecrets(SALESFORCE_PROFILE, credentials),
		secretFields: SALESFORCE_PROFILE.secretFields,
	});
}

export interface SalesforceCall {
	method: IHttpRequestMethods;
	/** Below `/services/data/vXX.X` (e.g. `/query`), or a full `/services/...` path (e.g. a `nextRecordsUrl`). */
	path: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[] | string;
	headers?: IDataObject;
	idempotent?: boolean;
	/** A write: carries `Sforce-Call-Options: client=<id>`. */
	write?: boolean;
	acceptStatuses?: number[];
	itemIndex?: number;
	/** A string body sent as it is with its own Content-Type, the response read as text (the SOAP API). */
	text?: CrmRequestOptions['text'];
}

export function salesforceUrl(settings: SalesforceSettings, path: string): string {
	return path.startsWith('/services/') ? `${settings.instanceUrl}${path}` : `${settings.instanceUrl}/services/data/${settings.apiVersion}${path}`;
}

function isLimitExceeded(body: unknown): boolean {
	const list = Array.isArray(body) ? body : [body];
	return list.some((e) => e && typeof e === 'object' && (e as IDataObject).errorCode === 'REQUEST_LIMIT_EXCEEDED');
}

/**
 * Every Salesforce call: the daily-allocation guard, then the shared transport
 * (retries, write safety, redaction). Salesforce has no short-window rate
 * limit to pace against, only the org's rolling 24-hour allocation, which
 * `Sforce-Limit-Info` reports on every response. Over it Salesforce answers
 * 403 REQUEST_LIMIT_EXCEEDED without Retry-After: waiting seconds would not
 * help, so it is reported, never retried.
 */
export async function salesforceRequest<T = IDataObject>(
	ctx: RequestContext,
	settings: SalesforceSettings,
	call: SalesforceCall,
): Promise<CrmResponse<T>> {
	const headers: IDataObject = { ...(call.headers ?? {}) };
	if (call.write) headers['Sforce-Call-Options'] = `client=${settings.clientId}`;
	if (typeof call.body === 'object' && call.body !== null) headers['Content-Type'] = 'application/json';
	const blocked = checkAllocation(settings.usage, settings.stopAtPercent);
	if (blocked) throw allocationError(ctx.getNode(), blocked, settings.stopAtPercent, call.itemIndex);
	// A 401 is left to the shared transport: it sends the call once more in throwing
	// mode, so n8n refreshes the OAuth2 token or re-runs the JWT preAuthentication.
	const res = await profileRequest<T, SalesforceAuth, SalesforceSettings>(ctx, SALESFORCE_PROFILE, settings, {
		...call,
		path: salesforceUrl(settings, call.path),
		headers,
		acceptStatuses: [...(call.acceptStatuses ?? []), 403],
	});
	const usage = readUsage(getHeader(res.headers, 'sforce-limit-info'));
	if (usage) settings.usage = usage;
	if (res.statusCode === 403 && isLimitExceeded(res.body)) {
		throw limitExceededError(ctx.getNode(), res.body, settings.usage, call.itemIndex);
	}
	if (res.statusCode === 403 && !call.acceptStatuses?.includes(403)) {
		throw apiError(ctx.getNode(), res.statusCode, res.body, { itemIndex: call.itemIndex, secrets: settings.secrets });
	}
	return res as CrmResponse<T>;
}
