'use strict';

const { pdError } = require('./errors');

/**
 * Pipedrive's rate limits: per token a 2-second burst window (`x-ratelimit-limit`,
 * `-remaining`, `-reset` on every answer, 429 beyond it), search 10 per 2 s, and a
 * daily token budget (30,000 x plan multiplier x seats) charged per call.
 *
 * Assumptions (not stated in the documentation we read):
 * - token costs of v2 calls are half of v1's (v1: get 2, list 20, create/update 10,
 *   delete 6, search 40), rounded up;
 * - the burst window is rolling; `x-ratelimit-reset` is whole seconds until the oldest
 *   request of the window leaves it (at least 1 when the window is full);
 * - a spent daily budget answers 429 with `Retry-After` = seconds to the next UTC midnight.
 */

const PLANS = {
	lite: { multiplier: 1, apiToken: 20, oauth: 80 },
	growth: { multiplier: 2, apiToken: 40, oauth: 160 },
	premium: { multiplier: 5, apiToken: 80, oauth: 320 },
	ultimate: { multiplier: 7, apiToken: 120, oauth: 480 },
};
const WINDOW_MS = 2000;
const SEARCH_BURST = 10;
const BASE_DAILY_TOKENS = 30_000;

/** @typedef {{ token: string, oauth: boolean }} Caller */

function createRateLimiter() {
	let plan = /** @type {keyof typeof PLANS} */ ('lite');
	let seats = 1;
	/** @type {number | undefined} */
	let dailyBudgetOverride;
	/** @type {Map<string, number[]>} */
	const burst = new Map();
	/** @type {Map<string, number[]>} */
	const searchBurst = new Map();
	let tokensUsed = 0;

	const dailyBudget = () => dailyBudgetOverride ?? BASE_DAILY_TOKENS * PLANS[plan].multiplier * seats;
	const burstLimit = (/** @type {boolean} */ isOauth) => (isOauth ? PLANS[plan].oauth : PLANS[plan].apiToken);

	/** @param {Map<string, number[]>} m @param {string} token */
	function windowOf(m, token) {
		const t = Date.now();
		const arr = (m.get(token) ?? []).filter((x) => x > t - WINDOW_MS);
		m.set(token, arr);
		return arr;
	}

	/** @param {number[]} arr @param {number} limit */
	function resetSeconds(arr, limit) {
		if (arr.length < limit || !arr.length) return arr.length ? Math.max(0, Math.ceil((arr[0] + WINDOW_MS - Date.now()) / 1000)) : 0;
		return Math.max(1, Math.ceil((arr[0] + WINDOW_MS - Date.now()) / 1000));
	}

	/** @param {Caller} caller */
	function headers(caller) {
		const limit = burstLimit(caller.oauth);
		const arr = windowOf(burst, caller.token);
		return {
			'x-ratelimit-limit': String(limit),
			'x-ratelimit-remaining': String(Math.max(0, limit - arr.length)),
			'x-ratelimit-reset': String(resetSeconds(arr, limit)),
		};
	}

	/** Token cost of a call: v1 list 20, get 2, create/update 10, delete 6, search 40; v2 half (assumption). */
	function costOf(/** @type {string} */ method, /** @type {string} */ path) {
		const v2 = path.startsWith('/api/v2/');
		const search = /\/search$/.test(path);
		const single = /\/[^/]+\/[^/]+\/[^/]+\/[^/]+$/.test(path);
		let cost = 2;
		if (search) cost = 40;
		else if (method === 'GET') cost = single ? 2 : 20;
		else if (method === 'DELETE') cost = 6;
		else cost = 10;
		return v2 ? Math.ceil(cost / 2) : cost;
	}

	function secondsToMidnight() {
		const t = new Date();
		const midnight = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() + 1);
		return Math.max(1, Math.ceil((midnight - t.getTime()) / 1000));
	}

	/**
	 * Takes one call from the caller's windows and budget, or answers the 429.
	 * @param {Caller} caller @param {string} method @param {string} path
	 */
	function admit(caller, method, path) {
		const limit = burstLimit(caller.oauth);
		const arr = windowOf(burst, caller.token);
		if (arr.length >= limit) {
			const reset = resetSeconds(arr, limit);
			const out = pdError(429, 'Request over limit', 'Too many requests in the 2-second window. Wait for x-ratelimit-reset seconds.');
			out.headers = { ...headers(caller), 'Retry-After': String(reset) };
			return out;
		}
		if (/\/search$/.test(path)) {
			const s = windowOf(searchBurst, caller.token);
			if (s.length >= SEARCH_BURST) {
				const reset = Math.max(1, Math.ceil((s[0] + WINDOW_MS - Date.now()) / 1000));
				const out = pdError(429, 'Request over limit', 'Too many search requests in the 2-second window.');
				out.headers = { ...headers(caller), 'Retry-After': String(reset) };
				return out;
			}
			s.push(Date.now());
		}
		const cost = costOf(method, path);
		if (tokensUsed + cost > dailyBudget()) {
			const out = pdError(429, 'Daily token budget exhausted', `The company's daily API token budget of ${dailyBudget()} is spent; it resets at midnight UTC.`);
			out.headers = { ...headers(caller), 'Retry-After': String(secondsToMidnight()) };
			return out;
		}
		arr.push(Date.now());
		tokensUsed += cost;
		return null;
	}

	/** Fault 429s look exactly like a spent burst window. @param {Caller} caller */
	function fault429(caller) {
		const out = pdError(429, 'Request over limit', 'Too many requests in the 2-second window.');
		out.headers = { 'x-ratelimit-limit': String(burstLimit(caller.oauth)), 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1', 'Retry-After': '1' };
		return out;
	}

	return {
		admit,
		headers,
		fault429,
		dailyBudget,
		tokensUsed: () => tokensUsed,
		/** @param {'lite' | 'growth' | 'premium' | 'ultimate'} p */
		setPlan(p) {
			if (!(p in PLANS)) throw new Error(`unknown plan ${p}`);
			plan = p;
		},
		plan: () => plan,
		/** @param {number} n */
		setSeats(n) {
			seats = n;
		},
		/** @param {number | undefined} n */
		setDailyBudget(n) {
			dailyBudgetOverride = n;
		},
		reset() {
			burst.clear();
			searchBurst.clear();
			tokensUsed = 0;
		},
	};
}

module.exports = { createRateLimiter, PLANS, WINDOW_MS, SEARCH_BURST, BASE_DAILY_TOKENS };
