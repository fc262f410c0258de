import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import { headerValue } from './signature';
import type { SignatureScheme, SignedRequest } from './signedScheme';

/** Deliveries remembered at most (a busy sender within the tolerance). */
const MAX_REMEMBERED = 1000;

/**
 * Whether a verified delivery is a verbatim replay of one already accepted:
 * the same signature header, timestamp header, method and raw body, so a
 * captured request sent again. It is refused (401) like a forged one, while a
 * sender's own retry of an event (signed anew, with a new timestamp) still
 * passes and is dropped by its event id (acknowledged, so the sender stops
 * retrying). Remembered in the node's static data as short digests, for as
 * long as the timestamp check would still let the request through (twice the
 * scheme's tolerance, for clock skew; at most the last 1,000). A scheme with
 * no signed timestamp cannot tell a copy from the sender's own redelivery
 * (GitHub redelivers byte for byte): there nothing counts as verbatim, and
 * the event id alone drops the repeat. The event-id
 * claims (Replay Protection) stay what guarantees a single run: this only
 * decides the answer, and concurrent copies may both pass it.
 */
export function isVerbatimReplay(staticData: IDataObject, key: string, scheme: SignatureScheme, request: SignedRequest, nowMs: number): boolean {
	if (!(scheme.toleranceSeconds > 0)) return false;
	const parts = [headerValue(request.headers, scheme.header) ?? '', scheme.timestampHeader ? (headerValue(request.headers, scheme.timestampHeader) ?? '') : '', request.method.toUpperCase()];
	const digest = createHash('sha256').update(parts.join('\n')).update('\n').update(request.rawBody).digest('hex').slice(0, 32);
	const seen = { ...((staticData[key] as Record<string, number> | undefined) ?? {}) };
	const ttlMs = scheme.toleranceSeconds * 1000;
	// Beyond the tolerance (and the clock skew the timestamp check allows) a copy fails as stale anyway.
	for (const [d, at] of Object.entries(seen)) if (nowMs - at > 2 * ttlMs) delete seen[d];
	if (seen[digest] !== undefined) return true;
	seen[digest] = nowMs;
	const entries = Object.entries(seen);
	if (entries.length > MAX_REMEMBERED) {
		entries.sort((a, b) => a[1] - b[1]);
		for (const [d] of entries.slice(0, entries.length - MAX_REMEMBERED)) delete seen[d];
	}
	staticData[key] = seen;
	return false;
}
