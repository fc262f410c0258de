import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import type { Clock } from '../../../shared/transport/clock';
import type { RateHint, RateLimitPolicy } from '../../../shared/transport/rateLimiter';
import { crmRequest, type CrmResponse, type LimiterSpec, type RequestStats } from '../../../shared/transport/request';
import { getHeader, type RetryOptions } from '../../../shared/transport/retry';
import type { RequestContext } from '../../../shared/types';

export type PipedriveAuth = 'apiToken' | 'oAuth2';

export type PipedrivePlan = 'lite' | 'growth' | 'premium' | 'ultimate';

/** Credential type names (not secrets) per authentication choice. */
export const PIPEDRIVE_CREDENTIAL: Record<PipedriveAuth, string> = Object.fromEntries(
	[
		['apiToken', 'Api'],
		['oAuth2', 'OAuth2Api'],
	].map(([auth, suffix]) => [auth, `crmPackPipedrive${suffix}`]),
) as Record<PipedriveAuth, string>;

/** Pipedrive counts burst requests in 2-second windows. */
export const BURST_WINDOW_MS = 2_000;

/**
 * Burst requests per 2-second window, per token, by credential type and plan.
 * Pipedrive's published range is 20-120 for API tokens and 80-480 for OAuth
 * apps; the steps in between (40/80 and 160/320) are our reading of the plan
 * ladder (assumption). The vendor's `x-ratelimit-limit` header corrects the
 * preset while we run.
 */
export const PIPEDRIVE_BURST: Record<PipedriveAuth, Record<PipedrivePlan, number>> = {
	apiToken: { lite: 20, growth: 40, premium: 80, ultimate: 120 },
	oAuth2: { lite: 80, growth: 160, premium: 320, ultimate: 480 },
};

/** Search endpoints have their own, lower burst limit: 10 per 2 s. */
export const SEARCH_POLICY: RateLimitPolicy = { limit: 10, intervalMs: BURST_WINDOW_MS };

/** Most requests one write operation keeps in flight at once, whatever the plan allows. */
export const MAX_CONCURRENCY = 25;

export interface PipedriveSettings {
	auth: PipedriveAuth;
	baseUrl: string;
	plan: PipedrivePlan;
	/** Burst requests per 2 s for this credential type and plan. */
	burst: number;
	/** Requests in flight at once for bulk writes: a quarter of the burst, at most 25 (see `pipedriveRateHint` for why). */
	concurrency: number;
	credentialId: string;
	retry?: Partial<RetryOptions>;
	stats?: RequestStats;
	clock?: Clock;
	secrets: string[];
}

/**
 * `acme`, `acme.pipedrive.com` and `https://acme.pipedrive.com/` all mean the
 * same company; a value with a scheme is taken as the base URL itself.
 */
export function companyBaseUrl(value: unknown): string {
	const text = String(value ?? '').trim();
	if (!text) return 'https://api.pipedrive.com';
	if (text.includes('://')) return text.replace(/\/+$/, '');
	const sub = text.replace(/\/.*$/, '').replace(/\.pipedrive\.com$/i, '');
	return `https://${sub}.pipedrive.com`;
}

function isPlan(value: unknown): value is PipedrivePlan {
	return value === 'lite' || value === 'growth' || value === 'premium' || value === 'ultimate';
}

/** Reads the credential once per execution: base URL, plan and the secrets to keep out of errors. */
export async function pipedriveSettings(
	ctx: RequestContext,
	auth: PipedriveAuth,
	extra: { retry?: Partial<RetryOptions>; stats?: RequestStats; clock?: Clock; maxConcurrency?: number } = {},
): Promise<PipedriveSettings> {
	const type = PIPEDRIVE_CREDENTIAL[auth];
	const credentials = ((await ctx.getCredentials(type)) ?? {}) as IDataObject;
	const oauthData = (credentials.oauthTokenData ?? {}) as IDataObject;
	const baseUrl =
		auth === 'oAuth2'
			? companyBaseUrl(credentials.baseUrl || oauthData.api_domain)
			: companyBaseUrl(credentials.companyDomain);
	const plan = isPlan(credentials.plan) ? credentials.plan : 'lite';
	const burst = PIPEDRIVE_BURST[auth][plan];
	const secrets = [credentials.apiToken, credentials.clientSecret, oauthData.access_token, oauthData.refresh_token].filter(
		(s): s is string => typeof s === 'string' && s.length > 0,
	);
	const planConcurrency = Math.max(1, Math.min(MAX_CONCURRENCY, Math.floor(burst / 4)));
	const { maxConcurrency, ...rest } = extra;
	return {
		auth,
		baseUrl,
		plan,
		burst,
		concurrency: maxConcurrency && maxConcurrency > 0 ? Math.min(planConcurrency, Math.floor(maxConcurrency)) : planConcurrency,
		credentialId: ctx.getNode().credentials?.[type]?.id ?? ctx.getNode().id,
		secrets,
		...rest,
	};
}

export interface PipedriveCall {
	method: IHttpRequestMethods;
	/** Path from the company host, e.g. `/api/v2/persons`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	idempotent?: boolean;
	acceptStatuses?: number[];
	itemIndex?: number;
}

/** The shape of every Pipedrive response body, v1 and v2. */
export interface PipedriveBody {
	success?: boolean;
	data?: unknown;
	additional_data?: IDataObject;
	error?: string;
	error_info?: string;
}

export function isSearchPath(path: string): boolean {
	return /\/search(\?|$)/.test(path) || /\/itemSearch(\?|$)/.test(path);
}

export function limiterSpecs(settings: PipedriveSettings, path: string): LimiterSpec[] {
	const host = settings.baseUrl.replace(/^https?:\/\//, '');
	const base = `${settings.credentialId}|${host}`;
	const specs: LimiterSpec[] = [{ key: `${base}|burst`, policy: { limit: settings.burst, intervalMs: BURST_WINDOW_MS } }];
	if (isSearchPath(path)) specs.push({ key: `${base}|search`, policy: SEARCH_POLICY });
	return specs;
}

/**
 * Pipedrive answers every call with `x-ratelimit-limit` (burst size),
 * `x-ratelimit-remaining` (left in this 2 s window) and `x-ratelimit-reset`
 * (seconds until the window resets). They feed the shared token bucket, so
 * bursts slow down before a 429. The count the vendor reports does not yet
 * include our requests still in flight (up to `inFlight - 1` others), so that
 * many are taken off it. The reset goes to the limiter too: when nothing is
 * left, nobody sends until then (the steady refill would let a request out too
 * early and waste a call on a 429).
 */
export function pipedriveRateHint(spec: LimiterSpec, inFlight = 1) {
	return (headers: IDataObject): Array<{ key: string; hint: RateHint }> | undefined => {
		const remainingText = getHeader(headers, 'x-ratelimit-remaining');
		if (remainingText === undefined || remainingText === '' || !Number.isFinite(Number(remainingText))) return undefined;
		const remaining = Number(remainingText) - Math.max(0, inFlight - 1);
		const limit = Number(getHeader(headers, 'x-ratelimit-limit'));
		const reset = Number(getHeader(headers, 'x-ratelimit-reset'));
		return [
			{
				key: spec.key,
				hint: {
					remaining: Math.max(0, remaining),
					limit: Number.isFinite(limit) && limit > 0 ? limit : undefined,
					intervalMs: Number.isFinite(limit) && limit > 0 ? BURST_WINDOW_MS : undefined,
					resetMs: Number.isFinite(reset) && reset > 0 ? Math.ceil(reset * 1000) : undefined,
				},
			},
		];
	};
}

export async function pipedriveRequest<T = PipedriveBody>(
	ctx: RequestContext,
	settings: PipedriveSettings,
	call: PipedriveCall,
): Promise<CrmResponse<T>> {
	const limiters = limiterSpecs(settings, call.path);
	return (await crmRequest.call(ctx, {
		credentialType: PIPEDRIVE_CREDENTIAL[settings.auth],
		method: call.method,
		url: `${settings.baseUrl}${call.path}`,
		qs: call.qs,
		body: call.body,
		idempotent: call.idempotent,
		acceptStatuses: call.acceptStatuses,
		itemIndex: call.itemIndex,
		limiters,
		rateHint: pipedriveRateHint(limiters[0], settings.concurrency),
		retry: settings.retry,
		stats: settings.stats,
		clock: settings.clock,
		secrets: settings.secrets,
	})) as CrmResponse<T>;
}
