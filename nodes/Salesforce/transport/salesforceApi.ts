import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { salesforceLoginUrl } from '../../../credentials/CrmPackSalesforceJwtApi.credentials';
import type { Clock } from '../../../shared/transport/clock';
import { apiError } from '../../../shared/transport/errors';
import { crmRequest, type CrmResponse, type RequestStats } from '../../../shared/transport/request';
import { getHeader, type RetryOptions } from '../../../shared/transport/retry';
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

export interface SalesforceSettings {
	auth: SalesforceAuth;
	instanceUrl: string;
	apiVersion: string;
	credentialId: string;
	/** Stop when the org's daily API usage reaches this percentage (0 or >= 100: never stop ourselves). */
	stopAtPercent: number;
	clientId: string;
	/** Latest `Sforce-Limit-Info` seen in this execution. */
	usage: ApiUsage;
	/** SOQL batch size asked for with `Sforce-Query-Options` (Salesforce accepts 200-2,000). */
	queryBatchSize?: number;
	retry?: Partial<RetryOptions>;
	stats?: RequestStats;
	clock?: Clock;
	secrets: string[];
}

export interface SettingsExtra {
	retry?: Partial<RetryOptions>;
	stats?: RequestStats;
	clock?: Clock;
	stopAtPercent?: number;
	clientId?: string;
	queryBatchSize?: number;
}

function secretsOf(credentials: IDataObject): string[] {
	const token = (credentials.oauthTokenData ?? {}) as IDataObject;
	return [credentials.accessToken, credentials.privateKey, credentials.clientSecret, token.access_token, token.refresh_token].filter(
		(s): s is string => typeof s === 'string' && s.length > 0,
	);
}

function instanceOf(auth: SalesforceAuth, credentials: IDataObject): string {
	const raw = auth === 'oAuth2' ? ((credentials.oauthTokenData ?? {}) as IDataObject).instance_url : credentials.instanceUrl;
	return typeof raw === 'string' ? raw.replace(/\/+$/, '') : '';
}

/**
 * Reads the credential once per execution: the instance URL (OAuth2: the
 * token's `instance_url`; JWT: saved by the credential's preAuthentication),
 * the API version, and the secrets to keep out of errors. A JWT credential
 * that has never logged in has no instance yet: one call through n8n makes it
 * log in, then the credential is read again.
 */
export async function salesforceSettings(ctx: RequestContext, auth: SalesforceAuth, extra: SettingsExtra = {}): Promise<SalesforceSettings> {
	const type = SALESFORCE_CREDENTIAL[auth];
	let credentials = (await ctx.getCredentials(type)) as IDataObject;
	let instanceUrl = instanceOf(auth, credentials);
	if (!instanceUrl && auth === 'jwt') {
		await touchSession(ctx, type, `${salesforceLoginUrl(credentials)}/services/oauth2/userinfo`, secretsOf(credentials));
		credentials = (await ctx.getCredentials(type)) as IDataObject;
		instanceUrl = instanceOf(auth, credentials);
	}
	if (!instanceUrl) {
		throw new NodeOperationError(
			ctx.getNode(),
			auth === 'oAuth2'
				? 'The Salesforce credential has no instance URL: reconnect it (the token response names the instance)'
				: 'The Salesforce JWT login returned no instance URL',
		);
	}
	const version = String(credentials.apiVersion || DEFAULT_API_VERSION).trim();
	return {
		auth,
		instanceUrl,
		apiVersion: version.startsWith('v') ? version : `v${version}`,
		credentialId: ctx.getNode().credentials?.[type]?.id ?? ctx.getNode().id,
		stopAtPercent: extra.stopAtPercent ?? 90,
		clientId: extra.clientId || DEFAULT_CLIENT_ID,
		usage: {},
		queryBatchSize: extra.queryBatchSize,
		retry: extra.retry,
		stats: extra.stats,
		clock: extra.clock,
		secrets: secretsOf(credentials),
	};
}

/**
 * A call through n8n that throws on 401, so n8n runs its own session renewal
 * (OAuth2 refresh, or the JWT credential's preAuthentication) and saves the new
 * token. `crmRequest` asks n8n not to throw on HTTP errors (it reads every
 * status itself), and n8n only renews a session on a thrown 401.
 */
async function touchSession(ctx: RequestContext, type: string, url: string, secrets: string[]): Promise<void> {
	try {
		await ctx.helpers.httpRequestWithAuthentication.call(ctx, type, { method: 'GET', url, json: true });
	} catch (error) {
		const e = error as { message?: string; httpCode?: string; description?: string };
		throw apiError(ctx.getNode(), Number(e.httpCode) || undefined, { message: `Salesforce session could not be renewed: ${e.description || e.message}` }, {
			secrets,
		});
	}
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
	const type = SALESFORCE_CREDENTIAL[settings.auth];
	const headers: IDataObject = { ...(call.headers ?? {}) };
	if (call.write) headers['Sforce-Call-Options'] = `client=${settings.clientId}`;
	if (typeof call.body === 'object' && call.body !== null) headers['Content-Type'] = 'application/json';
	for (let renewed = false; ; renewed = true) {
		const blocked = checkAllocation(settings.usage, settings.stopAtPercent);
		if (blocked) throw allocationError(ctx.getNode(), blocked, settings.stopAtPercent, call.itemIndex);
		const res = await crmRequest.call(ctx, {
			credentialType: type,
			method: call.method,
			url: salesforceUrl(settings, call.path),
			qs: call.qs,
			body: call.body,
			headers,
			idempotent: call.idempotent,
			acceptStatuses: [...(call.acceptStatuses ?? []), 401, 403],
			itemIndex: call.itemIndex,
			retry: settings.retry,
			stats: settings.stats,
			clock: settings.clock,
			secrets: settings.secrets,
		});
		const usage = readUsage(getHeader(res.headers, 'sforce-limit-info'));
		if (usage) settings.usage = usage;
		if (res.statusCode === 401 && !renewed && !call.acceptStatuses?.includes(401)) {
			// A rejected session proves the call was not processed: renew once and send it again.
			await touchSession(ctx, type, `${settings.instanceUrl}/services/oauth2/userinfo`, settings.secrets);
			continue;
		}
		if (res.statusCode === 403 && isLimitExceeded(res.body)) {
			throw limitExceededError(ctx.getNode(), res.body, settings.usage, call.itemIndex);
		}
		if ((res.statusCode === 401 || res.statusCode === 403) && !call.acceptStatuses?.includes(res.statusCode)) {
			throw apiError(ctx.getNode(), res.statusCode, res.body, { itemIndex: call.itemIndex, secrets: settings.secrets });
		}
		return res as CrmResponse<T>;
	}
}
