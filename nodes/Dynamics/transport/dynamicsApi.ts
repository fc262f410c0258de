import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { dataverseEnvironment } from '../../../credentials/CrmPackDynamicsClientCredentialsApi.credentials';
import {
	limiterBase,
	profileRequest,
	readCredential,
	transportSettings,
	type TransportExtra,
	type TransportProfile,
	type TransportSettings,
} from '../../../shared/transport/profile';
import type { RateLimitPolicy } from '../../../shared/transport/rateLimiter';
import type { CrmRequestOptions, CrmResponse } from '../../../shared/transport/request';
import type { RequestContext } from '../../../shared/types';

/** Dynamics 365 has two credential types: a user's delegated OAuth2 and an app's client credentials. */
export type DynamicsAuth = 'oAuth2' | 'clientCredentials';

/** Credential type names (not secrets) per authentication choice, the default first. */
export const DYNAMICS_CREDENTIAL: Record<DynamicsAuth, string> = Object.fromEntries(
	[
		['oAuth2', 'OAuth2Api'],
		['clientCredentials', 'ClientCredentialsApi'],
	].map(([auth, suffix]) => [auth, `crmPackDynamics${suffix}`]),
) as Record<DynamicsAuth, string>;

export const FIVE_MINUTES_MS = 300_000;

/**
 * Dataverse's service protection limits, per user, in a 5-minute sliding window
 * (learn.microsoft.com/power-apps/developer/data-platform/api-limits): 6,000
 * requests, 1,200 s of combined execution time, 52 concurrent requests; over
 * one of them, 429 with `Retry-After`. The request budget is a bucket here; the
 * concurrency is kept far below 52 by the connector's pool; execution time is
 * not measurable from outside (a 429 for it is waited out like any other).
 */
export const SERVICE_PROTECTION: RateLimitPolicy = { limit: 6000, intervalMs: FIVE_MINUTES_MS };
export const MAX_CONCURRENT = 52;

/** Requests one operation keeps in flight (well under the 52 a user may have). */
export const DYNAMICS_CONCURRENCY = 8;

export interface DynamicsSettings extends TransportSettings<DynamicsAuth> {
	/** `https://<org>.crm<N>.dynamics.com`, no trailing slash. */
	environmentUrl: string;
	/** `v9.2` by default. */
	apiVersion: string;
	concurrency: number;
	/** The credential's Alternate Keys for CRM Sync as typed (read by `syncKeysOf` only when CRM Sync asks, so a typo fails no other node). */
	syncKeys: string;
}

/**
 * The credential's "Alternate Keys for CRM Sync": `contacts:emailaddress1, leads:emailaddress1`
 * (entity set, colon, column; `=` also accepted). A malformed entry is refused by name.
 */
export function syncKeysOf(value: unknown): Map<string, string> {
	const out = new Map<string, string>();
	for (const entry of String(value ?? '').split(/[,;\n]/)) {
		const text = entry.trim();
		if (!text) continue;
		const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*[:=]\s*([A-Za-z_][A-Za-z0-9_]*)$/.exec(text);
		if (!m) throw new Error(`Alternate Keys for CRM Sync: '${text}' is not '<entity set>:<column>' (e.g. contacts:emailaddress1)`);
		out.set(m[1].toLowerCase(), m[2].toLowerCase());
	}
	return out;
}

/** The environment URL as Dataverse wants it (the credential's own reading of the field). */
export const environmentUrlOf = dataverseEnvironment;

/** `v9.2`, whatever the user typed (`9.2`, `v9.2`, empty). */
export function apiVersionOf(value: unknown): string {
	const text = String(value ?? '').trim();
	if (!text) return 'v9.2';
	return text.startsWith('v') ? text : `v${text}`;
}

/*
 * Dataverse sends `x-ms-ratelimit-burst-remaining-xrm-requests` and
 * `x-ms-ratelimit-time-remaining-xrm-requests`, documented as a debugging aid
 * only (api-limits: "don't rely on these"), with no window length: read as a
 * hint they would hold every caller for the whole 5-minute window. They are
 * not read; the bucket and the 429's Retry-After pace the calls.
 */

export const DYNAMICS_PROFILE: TransportProfile<DynamicsAuth, DynamicsSettings> = {
	credentials: DYNAMICS_CREDENTIAL,
	defaultAuth: 'oAuth2',
	secretFields: ['clientSecret', 'accessToken'],
	baseUrl: (credentials) => {
		const env = environmentUrlOf(credentials.environmentUrl);
		return env ? `${env}/api/data/${apiVersionOf(credentials.apiVersion)}` : '';
	},
	rateLimits: { serviceProtection: SERVICE_PROTECTION },
	limiters: (settings) => [{ key: `${limiterBase(settings)}|5min`, policy: SERVICE_PROTECTION }],
};

/** Reads the credential once per execution: environment, API version, the secrets to keep out of errors. */
export async function dynamicsSettings(ctx: RequestContext, auth: DynamicsAuth = 'oAuth2', extra: TransportExtra = {}): Promise<DynamicsSettings> {
	const credentials = await readCredential(ctx, DYNAMICS_PROFILE, auth);
	return {
		...transportSettings(ctx, DYNAMICS_PROFILE, auth, credentials, extra),
		environmentUrl: environmentUrlOf(credentials.environmentUrl),
		apiVersion: apiVersionOf(credentials.apiVersion),
		concurrency: DYNAMICS_CONCURRENCY,
		syncKeys: String(credentials.syncAlternateKeys ?? ''),
	};
}

export interface DynamicsCall {
	method: IHttpRequestMethods;
	/** Below the Web API root (`/contacts(…)`), or a full URL (`@odata.nextLink`). */
	path: string;
	qs?: IDataObject;
	body?: IDataObject | string;
	headers?: IDataObject;
	idempotent?: boolean;
	acceptStatuses?: number[];
	itemIndex?: number;
	text?: CrmRequestOptions['text'];
}

/**
 * Every Web API call carries the OData version headers Microsoft's examples
 * send (`OData-MaxVersion: 4.0`, `OData-Version: 4.0`,
 * learn.microsoft.com/.../webapi/compose-http-requests-handle-errors).
 */
export async function dynamicsRequest<T = IDataObject>(ctx: RequestContext, settings: DynamicsSettings, call: DynamicsCall): Promise<CrmResponse<T>> {
	return await profileRequest<T, DynamicsAuth, DynamicsSettings>(ctx, DYNAMICS_PROFILE, settings, {
		...call,
		headers: { 'OData-MaxVersion': '4.0', 'OData-Version': '4.0', ...(call.headers ?? {}) },
	});
}
