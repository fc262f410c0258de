import type { IDataObject } from 'n8n-workflow';
import type { RateHint } from './rateLimiter';
import { getHeader } from './retry';

/*
 * The rate-limit headers APIs without a vendor convention of their own send, read
 * into a hint for the shared limiter (issue 13, the generic REST and GraphQL CRMs):
 * - IETF draft-ietf-httpapi-ratelimit-headers-08 and later (structured fields):
 *   `RateLimit-Policy: "default";q=100;w=60` (quota q per window w seconds) and
 *   `RateLimit: "default";r=50;t=30` (r remaining, t seconds until the quota resets);
 * - the earlier drafts' `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds);
 * - the de facto `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset`
 *   (seconds until the reset, or an epoch in seconds as GitHub sends: a value
 *   above 1e9 is taken as an epoch, the rule shared/transport/retry.ts uses for waits).
 * `Retry-After` on a 429 is read by the request wrapper itself (retry.ts serverWaitMs).
 */

const number = (text: string | undefined): number | undefined => {
	if (text === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(text)) return undefined;
	return Number(text);
};

/** The parameters of one member of a structured-field list (`"default";r=50;t=30` → { r: '50', t: '30' }), the first member only. */
function firstMemberParams(field: string): Record<string, string> {
	const member = field.split(',')[0] ?? '';
	const out: Record<string, string> = {};
	for (const part of member.split(';').slice(1)) {
		const [key, value] = part.split('=').map((s) => s.trim());
		if (key && value !== undefined) out[key] = value.replace(/^"|"$/g, '');
	}
	return out;
}

function resetMs(seconds: number | undefined, now: number): number | undefined {
	if (seconds === undefined) return undefined;
	return seconds > 1e9 ? Math.max(0, Math.ceil(seconds * 1000 - now)) : Math.ceil(seconds * 1000);
}

/** What the answer's standard rate-limit headers say, or undefined when it has none. */
export function standardRateHint(headers: IDataObject, now: number): RateHint | undefined {
	const structured = getHeader(headers, 'ratelimit');
	if (structured !== undefined) {
		const current = firstMemberParams(structured);
		const remaining = number(current.r);
		if (remaining !== undefined) {
			const policyField = getHeader(headers, 'ratelimit-policy');
			const policy = policyField ? firstMemberParams(policyField) : {};
			const limit = number(policy.q);
			const window = number(policy.w);
			return { remaining, limit: limit || undefined, intervalMs: window ? window * 1000 : undefined, resetMs: resetMs(number(current.t), now) };
		}
	}
	for (const prefix of ['ratelimit-', 'x-ratelimit-']) {
		const remaining = number(getHeader(headers, `${prefix}remaining`));
		if (remaining === undefined) continue;
		const limit = number(getHeader(headers, `${prefix}limit`));
		return { remaining, limit: limit || undefined, resetMs: resetMs(number(getHeader(headers, `${prefix}reset`)), now) };
	}
	return undefined;
}
