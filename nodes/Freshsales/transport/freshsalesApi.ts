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
import type { BucketUsage, CrmResponse, LimiterSpec } from '../../../shared/transport/request';
import { getHeader } from '../../../shared/transport/retry';
import type { RequestContext } from '../../../shared/types';

/** Freshsales has one credential type: a user's API key. */
export type FreshsalesAuth = 'apiKey';

export type FreshsalesPlan = 'free' | 'growth' | 'pro' | 'enterprise';

/** Credential type names (not secrets) per authentication choice. */
export const FRESHSALES_CREDENTIAL: Record<FreshsalesAuth, string> = { apiKey: 'crmPackFreshsalesApi' };

export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/**
 * API requests per account per hour by plan (crmsupport.freshworks.com article
 * 50000005599: Free and Growth 1,000, Pro 2,000, Enterprise 5,000), and 400 per
 * minute on every paid plan (support.freshsales.io article 50000010026). The
 * limit is the account's, whatever the user or key.
 */
export const FRESHSALES_HOURLY: Record<FreshsalesPlan, number> = { free: 1000, growth: 1000, pro: 2000, enterprise: 5000 };
export const PER_MINUTE: RateLimitPolicy = { limit: 400, intervalMs: MINUTE_MS };

/** Requests one write operation keeps in flight (the per-minute budget allows ~6 a second). */
export const FRESHSALES_CONCURRENCY = 5;

/** Where the API lives: the Freshworks bundle host's `/crm/sales/api`, or the classic host's `/api`. */
export type FreshsalesHost = 'bundle' | 'classic';

export interface FreshsalesSettings extends TransportSettings<FreshsalesAuth> {
	plan: FreshsalesPlan;
	/** Requests per hour for the plan. */
	hourly: number;
	concurrency: number;
	/** This execution's requests through the hourly bucket and their waits for it (the CRM Sync Summary reports them). */
	hourUsage: BucketUsage;
}

const ROOT: Record<FreshsalesHost, string> = { bundle: '/crm/sales/api', classic: '/api' };

/**
 * The API root from the credential's domain and host type. `acme` is
 * `https://acme.myfreshworks.com/crm/sales/api` (bundle) or
 * `https://acme.freshsales.io/api` (classic); a host name says its own type
 * (`acme.freshsales.io` is classic, `acme.myfreshworks.com` a bundle host);
 * a value with a scheme is the host's address as it is (a test emulator), any
 * API root already on it removed, and the host type's root appended.
 */
export function freshsalesBaseUrl(domain: unknown, host: unknown): string {
	const text = String(domain ?? '')
		.trim()
		.replace(/\/+$/, '');
	const type: FreshsalesHost = host === 'classic' ? 'classic' : 'bundle';
	if (!text) return '';
	if (text.includes('://')) return `${text.replace(/\/(crm\/sales\/api|crm\/sales|api)$/, '')}${ROOT[type]}`;
	const name = text.replace(/\/.*$/, '').toLowerCase();
	if (name.endsWith('.freshsales.io')) return `https://${name}${ROOT.classic}`;
	if (name.includes('.')) return `https://${name}${ROOT.bundle}`;
	return type === 'classic' ? `https://${name}.freshsales.io${ROOT.classic}` : `https://${name}.myfreshworks.com${ROOT.bundle}`;
}

function isPlan(value: unknown): value is FreshsalesPlan {
	return value === 'free' || value === 'growth' || value === 'pro' || value === 'enterprise';
}

/** The limiter buckets every call goes through: the account's hour and its minute. */
export function limiterSpecs(settings: FreshsalesSettings): LimiterSpec[] {
	const base = limiterBase(settings);
	return [
		{ key: `${base}|hour`, policy: { limit: settings.hourly, intervalMs: HOUR_MS }, usage: settings.hourUsage },
		{ key: `${base}|minute`, policy: PER_MINUTE },
	];
}

/**
 * Freshsales documents no rate-limit headers for its CRM API. Freshworks'
 * Freshdesk API sends `x-ratelimit-total` and `x-ratelimit-remaining` for its
 * hourly budget; when a Freshsales answer carries them (assumption: same
 * platform), they feed the hourly bucket, so a budget other clients of the
 * account spend is seen before the 429. Without them, nothing is read.
 */
export function freshsalesRateHint(hour: LimiterSpec) {
	return headerRateHint(hour.key, { remaining: 'x-ratelimit-remaining', limit: 'x-ratelimit-total' }, getHeader, { fixedIntervalMs: HOUR_MS });
}

/** Freshsales' transport profile: the API key header, both hosts, the plan's hourly budget and the minute's. */
export const FRESHSALES_PROFILE: TransportProfile<FreshsalesAuth, FreshsalesSettings> = {
	credentials: FRESHSALES_CREDENTIAL,
	defaultAuth: 'apiKey',
	secretFields: ['apiKey'],
	baseUrl: (credentials) => freshsalesBaseUrl(credentials.domain, credentials.host),
	rateLimits: {
		minute: PER_MINUTE,
		...Object.fromEntries(Object.entries(FRESHSALES_HOURLY).map(([plan, limit]) => [`hour.${plan}`, { limit, intervalMs: HOUR_MS }])),
	},
	limiters: (settings) => limiterSpecs(settings),
	rateHint: (_settings, [hour]) => freshsalesRateHint(hour),
};

/** Reads the credential once per execution: API root, plan and the key to keep out of errors. */
export async function freshsalesSettings(ctx: RequestContext, auth: FreshsalesAuth = 'apiKey', extra: TransportExtra = {}): Promise<FreshsalesSettings> {
	const credentials = await readCredential(ctx, FRESHSALES_PROFILE, auth);
	const plan = isPlan(credentials.plan) ? credentials.plan : 'growth';
	return { ...transportSettings(ctx, FRESHSALES_PROFILE, auth, credentials, extra), plan, hourly: FRESHSALES_HOURLY[plan], concurrency: FRESHSALES_CONCURRENCY, hourUsage: { calls: 0, waitedMs: 0 } };
}

export interface FreshsalesCall {
	method: IHttpRequestMethods;
	/** Below the API root, e.g. `/contacts/12`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	idempotent?: boolean;
	acceptStatuses?: number[];
	itemIndex?: number;
}

export async function freshsalesRequest<T = IDataObject>(ctx: RequestContext, settings: FreshsalesSettings, call: FreshsalesCall): Promise<CrmResponse<T>> {
	return await profileRequest<T, FreshsalesAuth, FreshsalesSettings>(ctx, FRESHSALES_PROFILE, settings, call);
}
