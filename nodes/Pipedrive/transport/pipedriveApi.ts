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
import type { CrmResponse, LimiterSpec } from '../../../shared/transport/request';
import { getHeader } from '../../../shared/transport/retry';
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

export interface PipedriveSettings extends TransportSettings<PipedriveAuth> {
	plan: PipedrivePlan;
	/** Burst requests per 2 s for this credential type and plan. */
	burst: number;
	/** Requests in flight at once for bulk writes: a quarter of the burst, at most 25; with answers in 100-500 ms that many in flight reach the burst rate, and the limiter keeps them under it. */
	concurrency: number;
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
	extra: TransportExtra & { maxConcurrency?: number } = {},
): Promise<PipedriveSettings> {
	const credentials = await readCredential(ctx, PIPEDRIVE_PROFILE, auth);
	const plan = isPlan(credentials.plan) ? credentials.plan : 'lite';
	const burst = PIPEDRIVE_BURST[auth][plan];
	const planConcurrency = Math.max(1, Math.min(MAX_CONCURRENCY, Math.floor(burst / 4)));
	const { maxConcurrency, ...rest } = extra;
	return {
		...transportSettings(ctx, PIPEDRIVE_PROFILE, auth, credentials, rest),
		plan,
		burst,
		concurrency: maxConcurrency && maxConcurrency > 0 ? Math.min(planConcurrency, Math.floor(maxConcurrency)) : planConcurrency,
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
	const base = limiterBase(settings);
	const specs: LimiterSpec[] = [{ key: `${base}|burst`, policy: { limit: settings.burst, intervalMs: BURST_WINDOW_MS } }];
	if (isSearchPath(path)) specs.push({ key: `${base}|search`, policy: SEARCH_POLICY });
	return specs;
}

/**
 * Pipedrive answers every call with `x-ratelimit-limit` (burst size),
 * `x-ratelimit-remaining` (left in this 2 s window) and `x-ratelimit-reset`
 * (seconds until the window resets). They feed the shared sliding-window limiter, so
 * bursts slow down before a 429. Our requests still in flight already hold
 * their places in the limiter's log, so the count is taken as it is. The reset
 * goes to the limiter too: when nothing is left, nobody sends until then.
 */
export function pipedriveRateHint(spec: LimiterSpec) {
	return headerRateHint(
		spec.key,
		{ remaining: 'x-ratelimit-remaining', limit: 'x-ratelimit-limit', resetSeconds: 'x-ratelimit-reset' },
		getHeader,
		{ fixedIntervalMs: BURST_WINDOW_MS },
	);
}

/** Pipedrive's transport profile: credentials, company host, burst presets and rate headers. */
export const PIPEDRIVE_PROFILE: TransportProfile<PipedriveAuth, PipedriveSettings> = {
	credentials: PIPEDRIVE_CREDENTIAL,
	defaultAuth: 'apiToken',
	secretFields: ['apiToken', 'clientSecret'],
	// OAuth2: the company host Pipedrive names with the token (`api_domain`), unless the credential sets one.
	baseUrl: (credentials, auth) =>
		auth === 'oAuth2'
			? companyBaseUrl(credentials.baseUrl || ((credentials.oauthTokenData ?? {}) as IDataObject).api_domain)
			: companyBaseUrl(credentials.companyDomain),
	rateLimits: {
		search: SEARCH_POLICY,
		...Object.fromEntries(
			Object.entries(PIPEDRIVE_BURST).flatMap(([auth, plans]) =>
				Object.entries(plans).map(([plan, limit]) => [`${auth}.${plan}`, { limit, intervalMs: BURST_WINDOW_MS }]),
			),
		),
	},
	limiters: (settings, call) => limiterSpecs(settings, call.path),
	rateHint: (_settings, [burst]) => pipedriveRateHint(burst),
};

export async function pipedriveRequest<T = PipedriveBody>(
	ctx: RequestContext,
	settings: PipedriveSettings,
	call: PipedriveCall,
): Promise<CrmResponse<T>> {
	return await profileRequest<T, PipedriveAuth, PipedriveSettings>(ctx, PIPEDRIVE_PROFILE, settings, call);
}
