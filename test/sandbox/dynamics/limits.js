'use strict';

/**
 * Dataverse's service protection limits, per user, evaluated in a 5-minute sliding
 * window (learn.microsoft.com/power-apps/developer/data-platform/api-limits):
 * 6,000 requests per 300 s and 52 concurrent requests; over either, 429 Too Many
 * Requests with `Retry-After` (seconds) and the error codes 0x80072322 (number of
 * requests) and 0x80072326 (concurrent requests). The third limit (1,200 s of
 * execution time in the window, 0x80072321) is not emulated: the emulator's calls
 * take no server time worth counting.
 * Answers carry `x-ms-ratelimit-burst-remaining-xrm-requests` (documented as a
 * debugging aid, not to be relied on).
 */

const WINDOW_MS = 300_000;

function createServiceProtection() {
	let limit = 6000;
	let concurrency = 52;
	let windowMs = WINDOW_MS;
	/** @type {Map<string, number[]>} */
	const log = new Map();
	/** @type {Map<string, number>} */
	const inFlight = new Map();
	let rejected = 0;

	/** @param {string} userId @returns {{ status: number, body: any, headers: any } | undefined} */
	function admit(userId) {
		const now = Date.now();
		const entries = (log.get(userId) ?? []).filter((t) => t > now - windowMs);
		log.set(userId, entries);
		if ((inFlight.get(userId) ?? 0) >= concurrency) {
			rejected++;
			return {
				status: 429,
				headers: { 'Retry-After': '1' },
				body: { error: { code: '0x80072326', message: `Number of concurrent requests exceeded the limit of ${concurrency}.` } },
			};
		}
		if (entries.length >= limit) {
			rejected++;
			const wait = Math.max(1, Math.ceil((entries[0] + windowMs - now) / 1000));
			return {
				status: 429,
				headers: { 'Retry-After': String(wait) },
				body: { error: { code: '0x80072322', message: `Number of requests exceeded the limit of ${limit} over time window of ${windowMs / 1000} seconds.` } },
			};
		}
		entries.push(now);
		inFlight.set(userId, (inFlight.get(userId) ?? 0) + 1);
		return undefined;
	}

	/** @param {string} userId */
	function done(userId) {
		inFlight.set(userId, Math.max(0, (inFlight.get(userId) ?? 1) - 1));
	}

	/** @param {string} userId */
	function remaining(userId) {
		const now = Date.now();
		return Math.max(0, limit - (log.get(userId) ?? []).filter((t) => t > now - windowMs).length);
	}

	return {
		admit,
		done,
		remaining,
		/** @param {{ limit?: number, concurrency?: number, windowMs?: number }} s */
		set(s) {
			if (s.limit !== undefined) limit = s.limit;
			if (s.concurrency !== undefined) concurrency = s.concurrency;
			if (s.windowMs !== undefined) windowMs = s.windowMs;
		},
		reset() {
			log.clear();
			inFlight.clear();
			limit = 6000;
			concurrency = 52;
			windowMs = WINDOW_MS;
			rejected = 0;
		},
		get rejected() {
			return rejected;
		},
		/** The most requests of one user in flight at once, for tests. */
		inFlight: (userId) => inFlight.get(userId) ?? 0,
	};
}

module.exports = { createServiceProtection, WINDOW_MS };
