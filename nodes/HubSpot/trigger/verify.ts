import { checkTimestamp, FIVE_MINUTES, headerValue, verifyHmacSha256, verifySha256, type ReplayWindow } from '../../../shared/webhooks';

export type SignatureVersion = 'v1' | 'v2' | 'v3';

export interface HubSpotSignedRequest {
	method: string;
	/** The URIs HubSpot may have called (and signed), most likely first. */
	uris: string[];
	rawBody: Buffer;
	headers: Record<string, string | string[] | undefined>;
}

export interface VerifyOptions {
	clientSecret: string;
	nowMs: number;
	/** Accept the v1/v2 signatures when a request carries no v3 signature. */
	acceptLegacy: boolean;
	window?: ReplayWindow;
}

export type VerifyResult = { ok: true; version: SignatureVersion } | { ok: false; reason: string };

export const HEADER_V3 = 'x-hubspot-signature-v3';
export const HEADER_TIMESTAMP = 'x-hubspot-request-timestamp';
export const HEADER_LEGACY = 'x-hubspot-signature';
export const HEADER_VERSION = 'x-hubspot-signature-version';

/**
 * Characters HubSpot decodes in the request URI before computing the v3
 * signature (its "validating requests" guide lists exactly these).
 */
const V3_DECODED: Record<string, string> = {
	'%3A': ':',
	'%2F': '/',
	'%3F': '?',
	'%40': '@',
	'%21': '!',
	'%24': '$',
	'%27': "'",
	'%28': '(',
	'%29': ')',
	'%2A': '*',
	'%2C': ',',
	'%3B': ';',
};

/** The request URI as HubSpot signs it for v3. */
export function decodeForV3(uri: string): string {
	return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (match) => V3_DECODED[match.toUpperCase()]);
}

function unique(values: string[]): string[] {
	return [...new Set(values.filter((v) => v !== ''))];
}

/**
 * Verifies a HubSpot request signature.
 *
 * - v3 (`X-HubSpot-Signature-v3`): base64 HMAC-SHA256 keyed with the client
 *   secret over method + URI (listed characters decoded) + raw body + the
 *   `X-HubSpot-Request-Timestamp` value; timestamps older than 5 minutes (or
 *   more than 5 minutes ahead) are rejected.
 * - v2: hex SHA-256 of client secret + method + URI + raw body.
 * - v1: hex SHA-256 of client secret + raw body.
 *
 * A request that carries a v3 signature is judged by it alone, so stripping
 * the v3 header cannot downgrade a request to the replayable legacy checks
 * unless the user allowed them.
 */
export function verifyHubSpotSignature(request: HubSpotSignedRequest, options: VerifyOptions): VerifyResult {
	const { clientSecret } = options;
	if (!clientSecret) return { ok: false, reason: 'The credential has no client secret' };
	const method = request.method.toUpperCase();
	const v3 = headerValue(request.headers, HEADER_V3);

	if (v3) {
		const timestamp = headerValue(request.headers, HEADER_TIMESTAMP);
		const check = checkTimestamp(timestamp, options.nowMs, options.window ?? FIVE_MINUTES, 'ms');
		if (!check.ok) {
			const reasons = {
				missing: 'Missing X-HubSpot-Request-Timestamp header',
				invalid: 'Invalid X-HubSpot-Request-Timestamp header',
				stale: 'Request timestamp is older than 5 minutes',
				future: 'Request timestamp is too far in the future',
			};
			return { ok: false, reason: reasons[check.reason] };
		}
		const uris = unique(request.uris.flatMap((uri) => [decodeForV3(uri), uri]));
		for (const uri of uris) {
			const parts = [method, uri, request.rawBody, String(timestamp)];
			if (verifyHmacSha256({ secret: clientSecret, parts, signature: v3, encoding: 'base64' })) return { ok: true, version: 'v3' };
		}
		return { ok: false, reason: 'Invalid X-HubSpot-Signature-v3' };
	}

	const legacy = headerValue(request.headers, HEADER_LEGACY);
	const version = (headerValue(request.headers, HEADER_VERSION) ?? '').trim().toLowerCase();
	if (!legacy) return { ok: false, reason: 'Missing X-HubSpot-Signature-v3 header' };
	if (!options.acceptLegacy) {
		return { ok: false, reason: 'Missing X-HubSpot-Signature-v3 header (legacy v1/v2 signatures are not accepted by this node)' };
	}
	if (version === 'v1') {
		return verifySha256({ parts: [clientSecret, request.rawBody], signature: legacy, encoding: 'hex' })
			? { ok: true, version: 'v1' }
			: { ok: false, reason: 'Invalid X-HubSpot-Signature (v1)' };
	}
	if (version === 'v2') {
		for (const uri of unique(request.uris)) {
			if (verifySha256({ parts: [clientSecret, method, uri, request.rawBody], signature: legacy, encoding: 'hex' })) {
				return { ok: true, version: 'v2' };
			}
		}
		return { ok: false, reason: 'Invalid X-HubSpot-Signature (v2)' };
	}
	return { ok: false, reason: 'Unsupported X-HubSpot-Signature-Version' };
}
