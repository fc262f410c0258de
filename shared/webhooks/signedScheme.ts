import { createHmac } from 'node:crypto';
import { checkTimestamp, type TimestampCheck } from './replay';
import { headerValue, safeEqual } from './signature';

/*
 * An HMAC webhook signature described by configuration rather than code
 * (issue 13, the Signed Webhook trigger), with presets for well-known senders.
 * CRM-neutral: no vendor's name is needed to verify, only what it signs and how.
 */

export type HmacAlgorithm = 'sha256' | 'sha1' | 'sha512';

/** What the sender signs. */
export type SignedContent = 'body' | 'timestampBody' | 'methodUrlBodyTimestamp';

export interface SignatureScheme {
	/** Header holding the signature (e.g. `X-Hub-Signature-256`). */
	header: string;
	algorithm: HmacAlgorithm;
	encoding: 'hex' | 'base64';
	/** Text before the digest in the header (`sha256=`); '' = none. */
	prefix: string;
	/**
	 * `plain`: the header is the (prefixed) digest; `keyed`: a list `t=<timestamp>,v1=<digest>,...`
	 * (Stripe's layout: the timestamp and any number of signatures in one header).
	 */
	layout: 'plain' | 'keyed';
	/** For `keyed`: the key of the timestamp (`t`) and of the signatures (`v1`). */
	timestampKey: string;
	signatureKey: string;
	signed: SignedContent;
	/** Between timestamp and body for `timestampBody` (Stripe: `.`). */
	separator: string;
	/** Header holding the timestamp (`plain` layout); '' = none. */
	timestampHeader: string;
	timestampUnit: 's' | 'ms';
	/** Oldest accepted timestamp, seconds; 0 = no timestamp check. */
	toleranceSeconds: number;
}

export interface SignedRequest {
	method: string;
	/** The URL the sender called (for `methodUrlBodyTimestamp`). */
	url: string;
	headers: Record<string, string | string[] | undefined>;
	rawBody: Buffer;
}

export type SchemeCheck = { ok: true; timestampMs?: number } | { ok: false; reason: 'unsigned' | 'malformed' | 'mismatch' | 'stale' | 'future' | 'noTimestamp' };

/**
 * Presets, each as its sender documents it:
 * - Stripe (stripe.com/docs/webhooks/signatures; the same in Stripe's own libraries,
 *   e.g. stripe-ruby `Stripe::Webhook::Signature.compute_signature`): header
 *   `Stripe-Signature: t=<unix s>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, several
 *   `v1` possible, 5 minutes tolerance by default in the libraries.
 * - GitHub (docs.github.com "Validating webhook deliveries"): header
 *   `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>`; no timestamp
 *   (de-duplicate on `X-GitHub-Delivery`).
 */
export const SCHEME_PRESETS: Record<'stripe' | 'github', SignatureScheme> = {
	stripe: {
		header: 'Stripe-Signature',
		algorithm: 'sha256',
		encoding: 'hex',
		prefix: '',
		layout: 'keyed',
		timestampKey: 't',
		signatureKey: 'v1',
		signed: 'timestampBody',
		separator: '.',
		timestampHeader: '',
		timestampUnit: 's',
		toleranceSeconds: 300,
	},
	github: {
		header: 'X-Hub-Signature-256',
		algorithm: 'sha256',
		encoding: 'hex',
		prefix: 'sha256=',
		layout: 'plain',
		timestampKey: 't',
		signatureKey: 'v1',
		signed: 'body',
		separator: '',
		timestampHeader: '',
		timestampUnit: 's',
		toleranceSeconds: 0,
	},
};

/** The digest a sender using `scheme` computes for this request and timestamp (text as sent). */
export function schemeDigest(scheme: SignatureScheme, secret: string, request: Pick<SignedRequest, 'method' | 'url' | 'rawBody'>, timestamp: string): string {
	const hmac = createHmac(scheme.algorithm, secret);
	if (scheme.signed === 'timestampBody') hmac.update(`${timestamp}${scheme.separator}`, 'utf8').update(request.rawBody);
	else if (scheme.signed === 'methodUrlBodyTimestamp') hmac.update(`${request.method.toUpperCase()}${request.url}`, 'utf8').update(request.rawBody).update(timestamp, 'utf8');
	else hmac.update(request.rawBody);
	return hmac.digest(scheme.encoding);
}

function keyedParts(value: string): Map<string, string[]> {
	const out = new Map<string, string[]>();
	for (const part of value.split(',')) {
		const at = part.indexOf('=');
		if (at <= 0) continue;
		const key = part.slice(0, at).trim();
		out.set(key, [...(out.get(key) ?? []), part.slice(at + 1).trim()]);
	}
	return out;
}

/**
 * Verifies a request against a scheme: the signature (constant-time, any of
 * several for a keyed header), then the timestamp's age when the scheme has a
 * tolerance. The timestamp is part of what is signed, so a replay with a fresh
 * timestamp fails the signature.
 */
export function verifyScheme(scheme: SignatureScheme, secret: string, request: SignedRequest, nowMs: number): SchemeCheck {
	const raw = headerValue(request.headers, scheme.header);
	if (!raw) return { ok: false, reason: 'unsigned' };
	let timestamp = '';
	let signatures: string[];
	if (scheme.layout === 'keyed') {
		const parts = keyedParts(raw);
		timestamp = parts.get(scheme.timestampKey)?.[0] ?? '';
		signatures = parts.get(scheme.signatureKey) ?? [];
		if (!signatures.length) return { ok: false, reason: 'malformed' };
	} else {
		const value = raw.trim();
		if (scheme.prefix && !value.startsWith(scheme.prefix)) return { ok: false, reason: 'malformed' };
		signatures = [value.slice(scheme.prefix.length)];
		if (scheme.timestampHeader) timestamp = headerValue(request.headers, scheme.timestampHeader) ?? '';
	}
	const usesTimestamp = scheme.signed !== 'body' || scheme.toleranceSeconds > 0;
	if (usesTimestamp && !timestamp) return { ok: false, reason: 'noTimestamp' };
	const expected = schemeDigest(scheme, secret, request, timestamp);
	const norm = (s: string) => (scheme.encoding === 'hex' ? s.trim().toLowerCase() : s.trim());
	if (!signatures.some((s) => safeEqual(expected, norm(s)))) return { ok: false, reason: 'mismatch' };
	if (scheme.toleranceSeconds > 0) {
		const window = { maxAgeMs: scheme.toleranceSeconds * 1000, maxFutureMs: scheme.toleranceSeconds * 1000 };
		const check: TimestampCheck = checkTimestamp(timestamp, nowMs, window, scheme.timestampUnit);
		if (!check.ok) return { ok: false, reason: check.reason === 'stale' || check.reason === 'future' ? check.reason : 'noTimestamp' };
		return { ok: true, timestampMs: check.timestampMs };
	}
	return { ok: true };
}
