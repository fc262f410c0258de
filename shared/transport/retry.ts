import type { IDataObject } from 'n8n-workflow';

export interface RetryOptions {
	/** Total attempts including the first one. */
	maxAttempts: number;
	/** Longest single wait; a server asking for longer ends the retries with its error. */
	maxWaitMs: number;
	/** First backoff step; doubles per attempt, with full jitter. */
	baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 5, maxWaitMs: 60_000, baseDelayMs: 500 };

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

/** Network failures after which the request may or may not have been processed. */
const AMBIGUOUS_NETWORK = new Set(['ECONNRESET', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN']);

/** Network failures that prove the request never reached the server. */
const NOT_SENT_NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH']);

export type FailureKind = 'status' | 'network';

export interface Failure {
	kind: FailureKind;
	status?: number;
	/** Node's error code (ECONNRESET...) for network failures. */
	code?: string;
}

/**
 * Whether a failed request may be sent again.
 * Reads are always safe to repeat. A non-idempotent write (a create) is repeated
 * only when the failure proves the server did not process it: a 429 (the vendor
 * rejected it before doing anything) or a connection that was never established.
 * A 502/503/504 or a reset connection may come after the write was applied, so
 * repeating a create there could duplicate the record.
 */
export function isRetryable(failure: Failure, idempotent: boolean): boolean {
	if (failure.kind === 'status') {
		if (failure.status === 429) return true;
		return idempotent && RETRYABLE_STATUS.has(failure.status ?? 0);
	}
	const code = failure.code ?? '';
	if (NOT_SENT_NETWORK.has(code)) return true;
	return idempotent && AMBIGUOUS_NETWORK.has(code);
}

const NETWORK_CODES = new Set([...AMBIGUOUS_NETWORK, ...NOT_SENT_NETWORK]);

/** Maps a thrown request error to a network failure code, if it is one. */
export function networkCode(error: unknown): string | undefined {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const e = current as { code?: unknown; message?: unknown; cause?: unknown; errorResponse?: unknown };
		// Only socket-level codes: other libraries use E-codes too (client-oauth2's EAUTH
		// for a refused token refresh), and those are answers, not network failures.
		if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return e.code;
		if (typeof e.message === 'string') {
			if (/socket hang up/i.test(e.message)) return 'ECONNRESET';
			const m = /\b(E(?:CONNRESET|TIMEDOUT|CONNREFUSED|NOTFOUND|PIPE|CONNABORTED|HOSTUNREACH|NETUNREACH|AI_AGAIN))\b/.exec(e.message);
			if (m) return m[1];
			if (/timeout of \d+ms exceeded/i.test(e.message)) return 'ETIMEDOUT';
		}
		current = e.cause ?? e.errorResponse;
	}
	return undefined;
}

function header(headers: IDataObject, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (key.toLowerCase() === wanted && value !== undefined && value !== null) {
			return Array.isArray(value) ? String(value[0]) : String(value);
		}
	}
	return undefined;
}

export { header as getHeader };

/**
 * How long the server asked us to wait, in ms: `Retry-After` (seconds or an
 * HTTP date), else a vendor reset header. Reset headers come in two styles:
 * seconds until reset (Pipedrive's `x-ratelimit-reset`) and a Unix time in
 * seconds (GitHub-style `X-RateLimit-Reset`); values above 10^9 are taken as Unix
 * times. Undefined when the response names no wait.
 */
export function serverWaitMs(headers: IDataObject, now: number): number | undefined {
	const retryAfter = header(headers, 'retry-after');
	if (retryAfter !== undefined) {
		const trimmed = retryAfter.trim();
		if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
		const date = Date.parse(trimmed);
		if (!Number.isNaN(date)) return Math.max(0, date - now);
	}
	for (const name of ['x-ratelimit-reset', 'ratelimit-reset', 'x-rate-limit-reset']) {
		const value = header(headers, name);
		if (value === undefined || !/^\d+(\.\d+)?$/.test(value.trim())) continue;
		const n = Number(value);
		return n > 1e9 ? Math.max(0, n * 1000 - now) : Math.ceil(n * 1000);
	}
	return undefined;
}

/** Exponential backoff with full jitter: uniform in [0, min(cap, base * 2^attempt)]. */
export function backoffMs(attempt: number, options: RetryOptions, random: () => number = Math.random): number {
	const ceiling = Math.min(options.maxWaitMs, options.baseDelayMs * 2 ** attempt);
	return Math.floor(random() * ceiling);
}
