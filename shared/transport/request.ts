import type { ICredentialsDecrypted, IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import type { RequestContext } from '../types';
import { systemClock, type Clock } from './clock';
import { apiError } from './errors';
import { limiterFor, type RateHint, type RateLimitPolicy, type Slot } from './rateLimiter';
import type { SharedPlaces } from './sharedPlaces';
import { addSecrets, credentialSecrets, redact } from './redact';
import { backoffMs, DEFAULT_RETRY, isRetryable, networkCode, serverWaitMs, type Failure, type RetryOptions } from './retry';

export interface LimiterSpec {
	/** Identifies the budget: credential id + host + bucket name. */
	key: string;
	policy: RateLimitPolicy;
	/**
	 * Counts this bucket's requests and the time they waited for a place in it,
	 * for a connector that reports a budget (e.g. Freshsales' hourly one in the
	 * CRM Sync Summary); the caller owns the object, one per run.
	 */
	usage?: BucketUsage;
	/**
	 * The vendor does not report this limit's remaining budget (no headers): other processes' calls are
	 * invisible to the limiter unless the budget is shared (`shared`, when the node's user opted in).
	 */
	unreported?: boolean;
	/** The budget shared with other processes (queue-mode workers) for an unreported limit. */
	shared?: SharedPlaces;
}

/** One rate-limit bucket's share of a run: requests sent through it and the time spent waiting for its places. */
export interface BucketUsage {
	calls: number;
	waitedMs: number;
}

/** Counts calls so nodes can report "API calls made" and tests can assert on them. */
export interface RequestStats {
	calls: number;
	retries: number;
	waitedMs: number;
}

export function newStats(): RequestStats {
	return { calls: 0, retries: 0, waitedMs: 0 };
}

export interface CrmRequestOptions {
	credentialType: string;
	method: IHttpRequestMethods;
	url: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[] | string;
	headers?: IDataObject;
	/**
	 * Safe to send again after an ambiguous failure (timeout, reset connection, 5xx).
	 * Defaults: GET, HEAD, PUT, DELETE yes; POST, PATCH no. Upserts and batch
	 * updates are idempotent by nature and say so explicitly.
	 */
	idempotent?: boolean;
	limiters?: LimiterSpec[];
	/** Reads the vendor's rate-limit headers, so the limiter can slow down before a 429. */
	rateHint?: (headers: IDataObject) => Array<{ key: string; hint: RateHint }> | undefined;
	retry?: Partial<RetryOptions>;
	/** Item the request is made for, named in errors. */
	itemIndex?: number;
	/** Statuses returned to the caller instead of thrown (e.g. 207 multi-status, 404 on a lookup). */
	acceptStatuses?: number[];
	stats?: RequestStats;
	clock?: Clock;
	random?: () => number;
	/**
	 * Secrets known to the caller, removed from any error text. The list is
	 * completed in place with the credential's current secrets whenever an
	 * error is built or n8n renewed the session, so tokens obtained during the
	 * run (a refreshed OAuth2 token, a new JWT session) are redacted too.
	 */
	secrets?: string[];
	/** Credential fields holding secrets (default: `SECRET_FIELDS`, plus `oauthTokenData`'s tokens). */
	secretFields?: readonly string[];
	/**
	 * Sends `body` (a string) as it is, with this Content-Type, and reads the
	 * response as text, not JSON (e.g. a SOAP envelope, text/xml). `accept`
	 * defaults to the same type.
	 */
	text?: { contentType: string; accept?: string };
	/**
	 * Called before each send: a credential to use instead of the stored one
	 * (shared/auth `tokenRenewal`: the token cleared so n8n renews it before it
	 * expires), released once the answer is in. Undefined: the stored one.
	 */
	prepareAuth?: () => Promise<{ credentialsDecrypted: ICredentialsDecrypted; release(): void } | undefined>;
	/** Milliseconds before n8n gives up on an answer (a timeout counts as a network failure); default n8n's. */
	timeoutMs?: number;
}

export interface CrmResponse<T = unknown> {
	statusCode: number;
	headers: IDataObject;
	body: T;
	attempts: number;
}

interface FullResponse {
	body: unknown;
	headers: IDataObject;
	statusCode: number;
}

function defaultIdempotent(method: IHttpRequestMethods): boolean {
	return method === 'GET' || method === 'HEAD' || method === 'PUT' || method === 'DELETE';
}

/**
 * The one request function every connector uses: rate limiter, authenticated
 * request through n8n, retries with backoff that respect the server's wait, and
 * errors that carry the vendor's message and no secrets.
 */
export async function crmRequest<T = unknown>(this: RequestContext, options: CrmRequestOptions): Promise<CrmResponse<T>> {
	const clock = options.clock ?? systemClock;
	const retry: RetryOptions = { ...DEFAULT_RETRY, ...options.retry };
	const idempotent = options.idempotent ?? defaultIdempotent(options.method);
	const limiters = (options.limiters ?? []).map((l) => limiterFor(l.key, l.policy, clock));
	const request: IHttpRequestOptions = {
		method: options.method,
		url: options.url,
		qs: options.qs,
		body: options.body,
		headers: { Accept: 'application/json', ...(options.headers ?? {}) },
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	if (options.text) {
		request.json = false;
		request.encoding = 'text';
		request.headers = {
			...(options.headers ?? {}),
			'Content-Type': options.text.contentType,
			Accept: options.text.accept ?? options.text.contentType,
		};
	}
	if (options.timeoutMs) request.timeout = options.timeoutMs;
	if (options.body === undefined) delete request.body;
	if (options.qs === undefined) delete request.qs;

	// n8n refreshes an OAuth2 token or re-runs a credential's preAuthentication only
	// when a request *throws* its 401; ours do not throw on HTTP errors. So after a
	// 401 the request is sent once more in throwing mode, letting n8n renew the
	// session. A 401 proves nothing was processed, so this is safe even for a create.
	let authRetried = false;
	let throwOnStatus = false;

	for (let attempt = 0; ; attempt++) {
		const slots: Slot[] = [];
		for (const [i, limiter] of limiters.entries()) {
			const shared = options.limiters?.[i].shared;
			const slot = await limiter.acquire(shared ? { places: shared, ctx: this } : undefined);
			slots.push(slot);
			if (options.stats) options.stats.waitedMs += slot.waited;
			const usage = options.limiters?.[i].usage;
			if (usage) {
				// Every attempt counts: the vendor counts failed requests too.
				usage.calls++;
				usage.waitedMs += slot.waited;
			}
		}
		if (options.stats) options.stats.calls++;

		let response: FullResponse | undefined;
		let failure: Failure;
		let thrown: unknown;
		let auth: Awaited<ReturnType<NonNullable<CrmRequestOptions['prepareAuth']>>>;
		try {
			auth = await options.prepareAuth?.();
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				options.credentialType,
				{ ...request, headers: { ...request.headers }, ignoreHttpStatusErrors: !throwOnStatus },
				auth ? { credentialsDecrypted: auth.credentialsDecrypted } : undefined,
			)) as FullResponse;
		} catch (error) {
			thrown = error;
			const thrownStatus = statusOf(error);
			if (throwOnStatus && thrownStatus && !networkCode(error)) {
				response = { statusCode: thrownStatus, headers: {}, body: bodyOf(error) };
			}
		} finally {
			// The answer (or the failure) is in: the vendor has counted this call by now, if it ever will.
			for (const slot of slots) slot.release();
			auth?.release();
		}
		throwOnStatus = false;

		if (response) {
			const headers = response.headers ?? {};
			const status = response.statusCode;
			const hints = options.rateHint?.(headers);
			if (hints) {
				// A 429's Retry-After is the vendor saying when its window has room again: the places it reports taken are free by then.
				const retryAfter = status === 429 ? serverWaitMs(headers, clock.now()) : undefined;
				for (const { key, hint } of hints) {
					const spec = options.limiters?.find((l) => l.key === key);
					if (spec) limiterFor(spec.key, spec.policy, clock).observe(hint.resetMs === undefined && retryAfter !== undefined ? { ...hint, resetMs: retryAfter } : hint);
				}
			}
			if ((status >= 200 && status < 300) || options.acceptStatuses?.includes(status)) {
				// n8n may have renewed the session for this call: its new token joins the secrets.
				if (authRetried) await currentSecrets(this, options);
				return { statusCode: status, headers, body: response.body as T, attempts: attempt + 1 };
			}
			if (status === 401 && !authRetried) {
				authRetried = true;
				throwOnStatus = true;
				continue;
			}
			failure = { kind: 'status', status };
			const wait = serverWaitMs(headers, clock.now());
			if (status === 429) {
				// The vendor counted more than the limiter allowed for: its latency credit was wrong here, so no more of it.
				for (const limiter of limiters) limiter.refused();
				if (wait !== undefined) for (const limiter of limiters) limiter.pause(wait);
			}
			if (!isRetryable(failure, idempotent) || attempt + 1 >= retry.maxAttempts) {
				throw apiError(this.getNode(), status, response.body, { itemIndex: options.itemIndex, secrets: await currentSecrets(this, options) });
			}
			const delay = wait ?? backoffMs(attempt, retry, options.random);
			if (delay > retry.maxWaitMs) {
				throw apiError(this.getNode(), status, response.body, {
					itemIndex: options.itemIndex,
					secrets: await currentSecrets(this, options),
					fallback: `The server asked to wait ${Math.ceil(delay / 1000)} s, longer than the maximum wait`,
				});
			}
			await pause(clock, delay, options.stats);
			continue;
		}

		const code = networkCode(thrown);
		const status = statusOf(thrown);
		if (!code) {
			// Not a network failure (e.g. bad credentials, an auth refresh that failed): surface as is, without secrets.
			throw apiError(this.getNode(), status, { message: messageOf(thrown) }, { itemIndex: options.itemIndex, secrets: await currentSecrets(this, options) });
		}
		failure = { kind: 'network', code };
		if (!isRetryable(failure, idempotent) || attempt + 1 >= retry.maxAttempts) {
			const hint = idempotent
				? ''
				: ' The request was not repeated automatically because it may already have been processed; check the record before running again.';
			const secrets = await currentSecrets(this, options);
			throw apiError(this.getNode(), undefined, { message: `${code}: ${redact(messageOf(thrown), secrets)}.${hint}` }, {
				itemIndex: options.itemIndex,
				secrets,
			});
		}
		await pause(clock, backoffMs(attempt, retry, options.random), options.stats);
	}
}

/**
 * The caller's secrets completed with the credential's current values. n8n
 * writes a renewed token back to the credential, so reading it again here is
 * how a token issued during this run becomes known. A credential that cannot
 * be read leaves the list as it was.
 */
async function currentSecrets(ctx: RequestContext, options: CrmRequestOptions): Promise<string[]> {
	const list = (options.secrets ??= []);
	try {
		addSecrets(list, credentialSecrets(await ctx.getCredentials(options.credentialType), options.secretFields));
	} catch {
		// The original error is what the user needs; the known secrets are still removed.
	}
	return list;
}

async function pause(clock: Clock, ms: number, stats?: RequestStats): Promise<void> {
	if (stats) {
		stats.retries++;
		stats.waitedMs += ms;
	}
	await clock.sleep(ms);
}

function messageOf(error: unknown): string {
	if (error && typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message);
	return String(error);
}

/** The vendor's response body carried by an error n8n threw. */
function bodyOf(error: unknown): unknown {
	const e = error as { context?: { data?: unknown }; cause?: { response?: { data?: unknown } } } | undefined;
	return e?.context?.data ?? e?.cause?.response?.data ?? { message: messageOf(error) };
}

function statusOf(error: unknown): number | undefined {
	const e = error as { httpCode?: unknown; statusCode?: unknown; response?: { status?: unknown } } | undefined;
	const raw = e?.httpCode ?? e?.statusCode ?? e?.response?.status;
	const n = Number(raw);
	return Number.isFinite(n) && n > 0 ? n : undefined;
}
