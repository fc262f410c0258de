export interface ReplayWindow {
	/** Oldest accepted age of a request, in ms. */
	maxAgeMs: number;
	/** How far ahead of our clock a timestamp may be (clock skew), in ms. */
	maxFutureMs: number;
}

export type TimestampCheck =
	| { ok: true; timestampMs: number }
	| { ok: false; reason: 'missing' | 'invalid' | 'stale' | 'future' };

/** Default window: 5 minutes either way. */
export const FIVE_MINUTES: ReplayWindow = { maxAgeMs: 5 * 60 * 1000, maxFutureMs: 5 * 60 * 1000 };

/**
 * Checks a request timestamp against the replay window. `unit` says how the
 * sender writes it (HubSpot: milliseconds since the epoch).
 */
export function checkTimestamp(
	raw: string | number | undefined,
	nowMs: number,
	window: ReplayWindow = FIVE_MINUTES,
	unit: 'ms' | 's' = 'ms',
): TimestampCheck {
	if (raw === undefined || raw === '') return { ok: false, reason: 'missing' };
	const text = String(raw).trim();
	if (!/^\d+(\.\d+)?$/.test(text)) return { ok: false, reason: 'invalid' };
	const value = Number(text);
	if (!Number.isFinite(value)) return { ok: false, reason: 'invalid' };
	const timestampMs = unit === 's' ? value * 1000 : value;
	if (nowMs - timestampMs > window.maxAgeMs) return { ok: false, reason: 'stale' };
	if (timestampMs - nowMs > window.maxFutureMs) return { ok: false, reason: 'future' };
	return { ok: true, timestampMs };
}
