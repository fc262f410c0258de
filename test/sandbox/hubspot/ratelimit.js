'use strict';

/**
 * HubSpot's per-token limits:
 * - burst: rolling 10 s window, 100 (Free/Starter) or 190 (Pro/Enterprise) for
 *   private-app tokens, 110 for public OAuth apps (per account);
 * - daily: 250,000 (Starter) / 650,000 (Pro) for private apps; OAuth calls carry no
 *   daily headers (HubSpot changelog: "no daily limit for these calls");
 * - CRM search: 5 requests per second (HubSpot documents it per account; here it is
 *   kept per token, which is the same thing for a single-portal sandbox).
 * Assumption: search requests are counted only by the search limiter, not by the
 * 10-second window, and search answers carry no X-HubSpot-RateLimit-* headers.
 */

const WINDOW_MS = 10_000;
const PLANS = { starter: { burst: 100, daily: 250_000 }, pro: { burst: 190, daily: 650_000 } };
const OAUTH_BURST = 110;
const SEARCH_PER_SECOND = 5;

function createRateLimiter() {
	/** @type {keyof typeof PLANS} */
	let plan = 'starter';
	/** @type {Map<string, number[]>} */
	const burst = new Map();
	/** @type {Map<string, number[]>} */
	const search = new Map();
	/** @type {Map<string, number>} */
	const daily = new Map();

	/** @param {Map<string, number[]>} m @param {string} token @param {number} now @param {number} span */
	const recent = (m, token, now, span) => {
		const arr = (m.get(token) ?? []).filter((t) => t > now - span);
		m.set(token, arr);
		return arr;
	};

	/** @param {boolean} oauth */
	const maxFor = (oauth) => (oauth ? OAUTH_BURST : PLANS[plan].burst);

	return {
		/** @param {'starter' | 'pro'} p */
		setPlan(p) {
			if (!(p in PLANS)) throw new Error(`unknown plan ${p}`);
			plan = p;
		},
		get plan() {
			return plan;
		},
		reset() {
			burst.clear();
			search.clear();
			daily.clear();
		},
		/**
		 * Count a request against the 10 s window and daily budget.
		 * @param {string} token @param {boolean} oauth
		 * @returns {{ ok: true } | { ok: false, retryAfterSec: number }}
		 */
		takeBurst(token, oauth) {
			const now = Date.now();
			const arr = recent(burst, token, now, WINDOW_MS);
			if (arr.length >= maxFor(oauth)) {
				return { ok: false, retryAfterSec: Math.max(1, Math.ceil((arr[0] + WINDOW_MS - now) / 1000)) };
			}
			arr.push(now);
			daily.set(token, (daily.get(token) ?? 0) + 1);
			return { ok: true };
		},
		/** @param {string} token @returns {{ ok: true } | { ok: false, retryAfterSec: number }} */
		takeSearch(token) {
			const now = Date.now();
			const arr = recent(search, token, now, 1000);
			if (arr.length >= SEARCH_PER_SECOND) return { ok: false, retryAfterSec: 1 };
			arr.push(now);
			return { ok: true };
		},
		/**
		 * The X-HubSpot-RateLimit-* headers for a token's current state.
		 * @param {string} token @param {boolean} oauth
		 * @returns {Record<string, string>}
		 */
		headers(token, oauth) {
			const now = Date.now();
			const used = recent(burst, token, now, WINDOW_MS).length;
			const max = maxFor(oauth);
			/** @type {Record<string, string>} */
			const h = {
				'X-HubSpot-RateLimit-Interval-Milliseconds': String(WINDOW_MS),
				'X-HubSpot-RateLimit-Max': String(max),
				'X-HubSpot-RateLimit-Remaining': String(Math.max(0, max - used)),
			};
			if (!oauth) {
				const d = PLANS[plan].daily;
				h['X-HubSpot-RateLimit-Daily'] = String(d);
				h['X-HubSpot-RateLimit-Daily-Remaining'] = String(Math.max(0, d - (daily.get(token) ?? 0)));
			}
			return h;
		},
	};
}

module.exports = { createRateLimiter, WINDOW_MS, PLANS, OAUTH_BURST, SEARCH_PER_SECOND };
