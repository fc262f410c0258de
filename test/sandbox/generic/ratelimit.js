'use strict';

/**
 * The generic CRM's rate limit (our own design, GENERIC-API.md "Rate limits"):
 * a fixed window per caller (API key, token subject), announced on every
 * answer in one of the header styles real APIs use, and a 429 with
 * `Retry-After` (seconds) once the window is spent.
 *
 * Styles:
 * - `x`: `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` (seconds until the window resets);
 * - `ietf`: draft-ietf-httpapi-ratelimit-headers-08 and later: `RateLimit-Policy: "default";q=<limit>;w=<window s>`
 *   and `RateLimit: "default";r=<remaining>;t=<seconds until reset>` (structured fields);
 * - `ietf-legacy`: the earlier drafts' (up to -06) `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds);
 * - `none`: no header, only the 429.
 */
function createRateLimit() {
	const config = { limit: 6000, windowMs: 60_000, style: /** @type {'x' | 'ietf' | 'ietf-legacy' | 'none'} */ ('x') };
	/** @type {Map<string, { start: number, count: number }>} */
	const windows = new Map();

	/** @param {string} caller @param {number} now */
	function take(caller, now) {
		let w = windows.get(caller);
		if (!w || now - w.start >= config.windowMs) {
			w = { start: now, count: 0 };
			windows.set(caller, w);
		}
		const resetSec = Math.max(1, Math.ceil((w.start + config.windowMs - now) / 1000));
		if (w.count >= config.limit) return { ok: false, remaining: 0, resetSec };
		w.count++;
		return { ok: true, remaining: config.limit - w.count, resetSec };
	}

	/** @param {number} remaining @param {number} resetSec @returns {Record<string, string>} */
	function headers(remaining, resetSec) {
		const limit = String(config.limit);
		switch (config.style) {
			case 'x':
				return { 'X-RateLimit-Limit': limit, 'X-RateLimit-Remaining': String(remaining), 'X-RateLimit-Reset': String(resetSec) };
			case 'ietf':
				return {
					'RateLimit-Policy': `"default";q=${limit};w=${Math.round(config.windowMs / 1000)}`,
					RateLimit: `"default";r=${remaining};t=${resetSec}`,
				};
			case 'ietf-legacy':
				return { 'RateLimit-Limit': limit, 'RateLimit-Remaining': String(remaining), 'RateLimit-Reset': String(resetSec) };
			default:
				return {};
		}
	}

	return {
		config,
		take,
		headers,
		/** @param {{ limit?: number, windowMs?: number, style?: 'x' | 'ietf' | 'ietf-legacy' | 'none' }} next */
		set(next) {
			Object.assign(config, next);
			windows.clear();
		},
		reset() {
			windows.clear();
		},
	};
}

module.exports = { createRateLimit };
