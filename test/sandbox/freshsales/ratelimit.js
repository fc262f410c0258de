'use strict';

const { fsError } = require('./errors');

/**
 * Freshsales' API limits, per account (whatever the user or key): per hour by
 * plan (Free and Growth 1,000, Pro 2,000, Enterprise 5,000) and 400 per minute
 * (crmsupport.freshworks.com 50000005599, support.freshsales.io 50000010026);
 * over either, 429.
 *
 * Assumptions (not in those articles): both windows are rolling; every
 * authenticated request counts, failed ones too (Freshworks says so for
 * Freshdesk); the 429 carries `Retry-After` (seconds until the oldest request
 * leaves the full window), and every answer carries `x-ratelimit-total`,
 * `x-ratelimit-remaining` (the hourly window) and `x-ratelimit-used-currentrequest`,
 * the headers Freshworks documents for Freshdesk's API.
 */

const PLANS = { free: 1000, growth: 1000, pro: 2000, enterprise: 5000 };
const PER_MINUTE = 400;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/**
 * @param {() => number} [now] the vendor's clock (the store's, so `advanceTime` moves the windows too:
 *   a test can spend an hour of the budget without waiting one)
 */
function createRateLimiter(now = Date.now) {
	let plan = /** @type {keyof typeof PLANS} */ ('growth');
	/** @type {{ hour?: number, minute?: number }} */
	let override = {};
	/** @type {number[]} */
	let hour = [];
	/** @type {number[]} */
	let minute = [];
	/** Whether answers carry the `x-ratelimit-*` headers (Freshsales documents none: off shows a client that paces by its plan alone). */
	let sendHeaders = true;

	const hourLimit = () => override.hour ?? PLANS[plan];
	const minuteLimit = () => override.minute ?? PER_MINUTE;
	const trim = () => {
		const t = now();
		hour = hour.filter((x) => x > t - HOUR_MS);
		minute = minute.filter((x) => x > t - MINUTE_MS);
	};

	function headers() {
		trim();
		if (!sendHeaders) return {};
		return {
			'x-ratelimit-total': String(hourLimit()),
			'x-ratelimit-remaining': String(Math.max(0, hourLimit() - hour.length)),
			'x-ratelimit-used-currentrequest': '1',
		};
	}

	/** Takes one request from both windows, or answers the 429. */
	function admit() {
		trim();
		const t = now();
		/** @param {number[]} w @param {number} ms */
		const wait = (w, ms) => Math.max(1, Math.ceil((w[0] + ms - t) / 1000));
		if (hour.length >= hourLimit()) return fsError(429, 'Too many requests: the hourly API limit of this account is reached', { ...headers(), 'Retry-After': String(wait(hour, HOUR_MS)) });
		if (minute.length >= minuteLimit()) return fsError(429, 'Too many requests: the per-minute API limit of this account is reached', { ...headers(), 'Retry-After': String(wait(minute, MINUTE_MS)) });
		hour.push(t);
		minute.push(t);
		return null;
	}

	return {
		admit,
		headers,
		/** An injected 429 (sandbox faults) looks like a full minute window. */
		fault429: () => fsError(429, 'Too many requests', { ...headers(), 'Retry-After': '1' }),
		/** @param {keyof typeof PLANS} p */
		setPlan(p) {
			if (!(p in PLANS)) throw new Error(`unknown plan ${p}`);
			plan = p;
		},
		plan: () => plan,
		/** Smaller windows for tests: `{ hour, minute }` requests (undefined = the plan's). @param {{ hour?: number, minute?: number }} limits */
		setLimits(limits) {
			override = { ...limits };
		},
		/** @param {boolean} on */
		setHeaders(on) {
			sendHeaders = on;
		},
		used: () => {
			trim();
			return { hour: hour.length, minute: minute.length };
		},
		reset() {
			hour = [];
			minute = [];
		},
	};
}

module.exports = { createRateLimiter, PLANS, PER_MINUTE };
