import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import {
	headerRateHint,
	limiterBase,
	profileRequest,
	readCredential,
	transportSettings,
	type TransportExtra,
	type TransportProfile,
	type TransportSettings,
} from '../../../shared/transport/profile';
import type { RateLimitPolicy } from '../../../shared/transport/rateLimiter';
import type { CrmResponse } from '../../../shared/transport/request';
import { getHeader } from '../../../shared/transport/retry';
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

export interface HubSpotSettings extends TransportSettings<HubSpotAuth> {
	plan: string;
}

const isSearch = (path: string) => /\/search$/.test(path);

/** HubSpot's transport profile: credentials, API host, limits and rate headers. */
export const HUBSPOT_PROFILE: TransportProfile<HubSpotAuth, HubSpotSettings> = {
	credentials: HUBSPOT_CREDENTIAL,
	defaultAuth: 'privateApp',
	secretFields: ['accessToken', 'clientSecret'],
	baseUrl: (credentials) => String(credentials.baseUrl || 'https://api.hubapi.com'),
	rateLimits: HUBSPOT_LIMITS,
	limiters: (settings, call) =>
		isSearch(call.path)
			? // Unreported: search answers carry no rate headers, so workers share this limit only through a shared budget.
				[{ key: `${limiterBase(settings)}|search`, policy: HUBSPOT_LIMITS.search, unreported: true }]
			: [{ key: `${limiterBase(settings)}|general`, policy: HUBSPOT_LIMITS[settings.plan] ?? HUBSPOT_LIMITS.starter }],
	// `X-HubSpot-RateLimit-Remaining/-Max/-Interval-Milliseconds` feed the limiter before a 429 happens; search answers carry none.
	rateHint: (_settings, [general], call) =>
		isSearch(call.path)
			? undefined
			: headerRateHint(
					general.key,
					{ remaining: 'x-hubspot-ratelimit-remaining', limit: 'x-hubspot-ratelimit-max', intervalMs: 'x-hubspot-ratelimit-interval-milliseconds' },
					getHeader,
				),
};

/** Reads the credential once per execution: base URL, plan and the secrets to keep out of errors. */
export async function hubspotSettings(ctx: RequestContext, auth: HubSpotAuth, extra: TransportExtra = {}): Promise<HubSpotSettings> {
	const credentials = await readCredential(ctx, HUBSPOT_PROFILE, auth);
	return {
		...transportSettings(ctx, HUBSPOT_PROFILE, auth, credentials, extra),
		plan: auth === 'oAuth2' ? 'oauth' : String(credentials.plan || 'starter'),
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

export async function hubspotRequest<T = IDataObject>(ctx: RequestContext, settings: HubSpotSettings, call: HubSpotCall): Promise<CrmResponse<T>> {
	return await profileRequest<T, HubSpotAuth, HubSpotSettings>(ctx, HUBSPOT_PROFILE, settings, call);
}
