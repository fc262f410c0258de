import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { crmRequest, type CrmResponse, type LimiterSpec, type RequestStats } from '../../../shared/transport/request';
import type { RateHint, RateLimitPolicy } from '../../../shared/transport/rateLimiter';
import { getHeader, type RetryOptions } from '../../../shared/transport/retry';
import type { Clock } from '../../../shared/transport/clock';
import type { RequestContext } from '../../../shared/types';

export type HubSpotAuth = 'privateApp' | 'oAuth2';

/** Credential type names (not secrets) per authentication choice. */
export const HUBSPOT_CREDENTIAL: Record<HubSpotAuth, string> = Object.fromEntries(
	[
		['privateApp', 'PrivateAppApi'],
		['oAuth2', 'OAuth2Api'],
	].map(([auth, suffix]) => [auth, `crmPackHubSpot${suffix}`]),
) as Record<HubSpotAuth, string>;

/**
 * HubSpot's published limits: private apps 100 requests / 10 s (Free, Starter) or
 * 190 / 10 s (Professional, Enterprise); public OAuth apps 110 / 10 s per
 * account; the CRM search endpoints 5 requests / s per token. Search responses
 * carry no rate-limit headers and (our assumption, not stated by HubSpot) are
 * counted only against the search limit.
 */
export const HUBSPOT_LIMITS: Record<string, RateLimitPolicy> = {
	starter: { limit: 100, intervalMs: 10_000 },
	pro: { limit: 190, intervalMs: 10_000 },
	oauth: { limit: 110, intervalMs: 10_000 },
	search: { limit: 5, intervalMs: 1_000 },
};

export interface HubSpotSettings {
	auth: HubSpotAuth;
	baseUrl: string;
	plan: string;
	credentialId: string;
	retry?: Partial<RetryOptions>;
	stats?: RequestStats;
	clock?: Clock;
	secrets: string[];
}

/** Reads the credential once per execution: base URL, plan and the secrets to keep out of errors. */
export async function hubspotSettings(
	ctx: RequestContext,
	auth: HubSpotAuth,
	extra: { retry?: Partial<RetryOptions>; stats?: RequestStats; clock?: Clock } = {},
): Promise<HubSpotSettings> {
	const type = HUBSPOT_CREDENTIAL[auth];
	const credentials = (await ctx.getCredentials(type)) as IDataObject;
	const baseUrl = String(credentials.baseUrl || 'https://api.hubapi.com').replace(/\/+$/, '');
	const oauthData = (credentials.oauthTokenData ?? {}) as IDataObject;
	const secrets = [credentials.accessToken, credentials.clientSecret, oauthData.access_token, oauthData.refresh_token]
		.filter((s): s is string => typeof s === 'string' && s.length > 0);
	return {
		auth,
		baseUrl,
		plan: auth === 'oAuth2' ? 'oauth' : String(credentials.plan || 'starter'),
		credentialId: ctx.getNode().credentials?.[type]?.id ?? ctx.getNode().id,
		secrets,
		...extra,
	};
}

export interface HubSpotCall {
	method: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	idempotent?: boolean;
	acceptStatuses?: number[];
	itemIndex?: number;
}

function limiterKeys(settings: HubSpotSettings, search: boolean): LimiterSpec[] {
	const host = settings.baseUrl.replace(/^https?:\/\//, '');
	const base = `${settings.credentialId}|${host}`;
	if (search) return [{ key: `${base}|search`, policy: HUBSPOT_LIMITS.search }];
	return [{ key: `${base}|general`, policy: HUBSPOT_LIMITS[settings.plan] ?? HUBSPOT_LIMITS.starter }];
}

/** `X-HubSpot-RateLimit-Remaining/-Max/-Interval-Milliseconds` feed the limiter before a 429 happens. */
function rateHint(key: string) {
	return (headers: IDataObject): Array<{ key: string; hint: RateHint }> | undefined => {
		const remaining = getHeader(headers, 'x-hubspot-ratelimit-remaining');
		if (remaining === undefined || remaining === '') return undefined;
		const max = Number(getHeader(headers, 'x-hubspot-ratelimit-max'));
		const interval = Number(getHeader(headers, 'x-hubspot-ratelimit-interval-milliseconds'));
		return [
			{
				key,
				hint: {
					remaining: Number(remaining),
					limit: Number.isFinite(max) && max > 0 ? max : undefined,
					intervalMs: Number.isFinite(interval) && interval > 0 ? interval : undefined,
				},
			},
		];
	};
}

export async function hubspotRequest<T = IDataObject>(
	ctx: RequestContext,
	settings: HubSpotSettings,
	call: HubSpotCall,
): Promise<CrmResponse<T>> {
	const search = /\/search$/.test(call.path);
	const limiters = limiterKeys(settings, search);
	return crmRequest.call(ctx, {
		credentialType: HUBSPOT_CREDENTIAL[settings.auth],
		method: call.method,
		url: `${settings.baseUrl}${call.path}`,
		qs: call.qs,
		body: call.body,
		idempotent: call.idempotent,
		acceptStatuses: call.acceptStatuses,
		itemIndex: call.itemIndex,
		limiters,
		rateHint: search ? undefined : rateHint(limiters[0].key),
		retry: settings.retry,
		stats: settings.stats,
		clock: settings.clock,
		secrets: settings.secrets,
	}) as Promise<CrmResponse<T>>;
}
