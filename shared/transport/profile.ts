import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import type { RequestContext } from '../types';
import type { Clock } from './clock';
import type { RateHint, RateLimitPolicy } from './rateLimiter';
import { credentialSecrets, SECRET_FIELDS } from './redact';
import { crmRequest, type CrmRequestOptions, type CrmResponse, type LimiterSpec, type RequestStats } from './request';
import type { RetryOptions } from './retry';
import type { SharedBudgetFactory } from './sharedPlaces';

/**
 * A CRM's transport profile: what is that vendor's in how it is called. The
 * request wrapper, retries, rate limiting, redaction and stats are shared; a
 * CRM declares only
 * - its credential types (one per authentication choice) and which of their
 *   fields hold secrets,
 * - where its API lives, read from the credential,
 * - its rate-limit presets, which limiter buckets a call goes through, and how
 *   its rate-limit headers read.
 * Vendor quirks beyond that (Salesforce's daily allocation in
 * `Sforce-Limit-Info`, Pipedrive's plan-sized concurrency) stay in the CRM's
 * transport file, around `profileRequest`.
 */
export interface TransportProfile<Auth extends string, S extends TransportSettings<Auth> = TransportSettings<Auth>> {
	/** Credential type name (not a secret) per authentication choice. */
	credentials: Record<Auth, string>;
	/** The authentication a node uses when its parameter is not set. */
	defaultAuth: Auth;
	/** Credential fields holding secrets; `oauthTokenData`'s tokens are always included. */
	secretFields: readonly string[];
	/** The API's base URL, from the credential; '' when the credential does not know it yet (a login must happen first). */
	baseUrl(credentials: IDataObject, auth: Auth): string;
	/** Published rate limits by preset name. */
	rateLimits: Record<string, RateLimitPolicy>;
	/** The limiter buckets a call goes through (none: the vendor has no short-window limit). */
	limiters?(settings: S, call: ProfileCall): LimiterSpec[];
	/** Reads the vendor's rate-limit headers into hints for those buckets. */
	rateHint?(settings: S, limiters: LimiterSpec[], call: ProfileCall): CrmRequestOptions['rateHint'];
}

/** What every CRM's settings carry: read once per execution from its credential. */
export interface TransportSettings<Auth extends string = string> {
	auth: Auth;
	baseUrl: string;
	/** Keys the rate-limit buckets, so executions sharing a credential share its budget. */
	credentialId: string;
	retry?: Partial<RetryOptions>;
	stats?: RequestStats;
	clock?: Clock;
	/** Secrets kept out of errors; completed during the run with tokens n8n obtains. */
	secrets: string[];
	/** A credential to send instead of the stored one (shared/auth `tokenRenewal`). */
	prepareAuth?: CrmRequestOptions['prepareAuth'];
	/** A per-request timeout the credential sets (ms). */
	timeoutMs?: number;
	/** Shares the budgets of limits the vendor does not report across processes (the node's "Share Rate Budget Across Workers"). */
	sharedBudget?: SharedBudgetFactory;
}

/** What callers may add to the settings: retry policy, call counting, and a test clock. */
export interface TransportExtra {
	retry?: Partial<RetryOptions>;
	stats?: RequestStats;
	clock?: Clock;
	sharedBudget?: SharedBudgetFactory;
}

/** Fewer, shorter retries for dropdowns: the user is waiting in the editor. */
export const DROPDOWN_RETRY: Partial<RetryOptions> = { maxAttempts: 3, maxWaitMs: 10_000 };

export interface ProfileCall {
	method: IHttpRequestMethods;
	/** Below the base URL (e.g. `/crm/v3/objects/contacts`), or a full URL. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[] | string;
	headers?: IDataObject;
	idempotent?: boolean;
	acceptStatuses?: number[];
	itemIndex?: number;
	text?: CrmRequestOptions['text'];
}

/** The credential's secrets, by the fields the profile names. */
export function profileSecrets(profile: { secretFields: readonly string[] }, credentials: IDataObject): string[] {
	return credentialSecrets(credentials, [...new Set([...SECRET_FIELDS, ...profile.secretFields])]);
}

/** Reads the node's credential for this authentication choice. */
export async function readCredential<Auth extends string>(
	ctx: RequestContext,
	profile: TransportProfile<Auth, never>,
	auth: Auth,
): Promise<IDataObject> {
	return ((await ctx.getCredentials(profile.credentials[auth])) ?? {}) as IDataObject;
}

/**
 * The settings every CRM shares, from an already read credential: base URL,
 * the credential's id (for rate-limit buckets) and its secrets.
 */
export function transportSettings<Auth extends string>(
	ctx: RequestContext,
	profile: TransportProfile<Auth, never>,
	auth: Auth,
	credentials: IDataObject,
	extra: TransportExtra = {},
): TransportSettings<Auth> {
	const type = profile.credentials[auth];
	return {
		auth,
		baseUrl: profile.baseUrl(credentials, auth).replace(/\/+$/, ''),
		credentialId: ctx.getNode().credentials?.[type]?.id ?? ctx.getNode().id,
		secrets: profileSecrets(profile, credentials),
		retry: extra.retry,
		stats: extra.stats,
		clock: extra.clock,
		sharedBudget: extra.sharedBudget,
	};
}

/** `credential id|host`: the prefix of every limiter key, so budgets are per credential and per API host. */
export function limiterBase(settings: TransportSettings): string {
	return `${settings.credentialId}|${settings.baseUrl.replace(/^https?:\/\//, '')}`;
}

/** The one request wrapper every CRM's transport calls: its profile's limiters and rate hints, the shared retries and redaction. */
export async function profileRequest<T, Auth extends string, S extends TransportSettings<Auth>>(
	ctx: RequestContext,
	profile: TransportProfile<Auth, S>,
	settings: S,
	call: ProfileCall,
): Promise<CrmResponse<T>> {
	// A limit the vendor does not report is shared with the other workers when the node's user opted in.
	const limiters = (profile.limiters?.(settings, call) ?? []).map((l) => {
		const shared = l.unreported ? settings.sharedBudget?.(l) : undefined;
		return shared ? { ...l, shared } : l;
	});
	return (await crmRequest.call(ctx, {
		credentialType: profile.credentials[settings.auth],
		method: call.method,
		url: /^https?:\/\//.test(call.path) ? call.path : `${settings.baseUrl}${call.path}`,
		qs: call.qs,
		body: call.body,
		headers: call.headers,
		idempotent: call.idempotent,
		acceptStatuses: call.acceptStatuses,
		itemIndex: call.itemIndex,
		text: call.text,
		limiters,
		rateHint: limiters.length ? profile.rateHint?.(settings, limiters, call) : undefined,
		retry: settings.retry,
		stats: settings.stats,
		clock: settings.clock,
		secrets: settings.secrets,
		secretFields: [...new Set([...SECRET_FIELDS, ...profile.secretFields])],
		prepareAuth: settings.prepareAuth,
		timeoutMs: settings.timeoutMs,
	})) as CrmResponse<T>;
}

/**
 * Reads the common rate-limit header trio (remaining, limit, window) into a
 * hint for one bucket; vendors name the headers differently, the profile
 * passes its names. Undefined when the response carries no `remaining`.
 */
export function headerRateHint(
	key: string,
	names: { remaining: string; limit?: string; intervalMs?: string; resetSeconds?: string },
	read: (headers: IDataObject, name: string) => string | undefined,
	options: { fixedIntervalMs?: number } = {},
) {
	return (headers: IDataObject): Array<{ key: string; hint: RateHint }> | undefined => {
		const remainingText = read(headers, names.remaining);
		if (remainingText === undefined || remainingText === '' || !Number.isFinite(Number(remainingText))) return undefined;
		const positive = (name?: string) => {
			const n = name ? Number(read(headers, name)) : NaN;
			return Number.isFinite(n) && n > 0 ? n : undefined;
		};
		const limit = positive(names.limit);
		// A fixed window (Pipedrive's 2 s) is only known to apply when the vendor named the limit.
		const interval = options.fixedIntervalMs !== undefined ? (limit ? options.fixedIntervalMs : undefined) : positive(names.intervalMs);
		const reset = positive(names.resetSeconds);
		return [
			{
				key,
				hint: {
					remaining: Math.max(0, Number(remainingText)),
					limit,
					intervalMs: interval,
					resetMs: reset ? Math.ceil(reset * 1000) : undefined,
				},
			},
		];
	};
}
