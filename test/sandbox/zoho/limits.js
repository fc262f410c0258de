'use strict';

const { zohoError } = require('./errors');

/**
 * Zoho CRM's API limits (v4/v8 "API Limits" pages, CRM-FACTS.md):
 * - credits per rolling 24 h by edition: Free 5,000; Standard 50,000 + 250 per
 *   user (at most 100,000); Professional 50,000 + 500 per user (at most
 *   3,000,000); Enterprise 50,000 + 1,000 per user (at most 5,000,000);
 *   Ultimate 50,000 + 2,000 per user. A call costs 1 credit, a write 1 per 10
 *   records, a lead conversion 5, COQL 1/2/3 by LIMIT (coql.js);
 * - concurrency per org per app: Free 5, Standard 10, Professional 15,
 *   Enterprise 20, Ultimate 25 calls in flight; one more answers 429
 *   TOO_MANY_REQUESTS, with no Retry-After.
 * Assumptions: credits spent up answer the same 429 TOO_MANY_REQUESTS (with a
 * message saying so); every answer carries `X-API-CREDITS-REMAINING` (a header
 * only second-hand sources name; the pack reads it where it is sent).
 */

const EDITIONS = {
	free: { concurrency: 5, credits: () => 5000 },
	standard: { concurrency: 10, credits: (/** @type {number} */ users) => Math.min(100000, 50000 + 250 * users) },
	professional: { concurrency: 15, credits: (/** @type {number} */ users) => Math.min(3000000, 50000 + 500 * users) },
	enterprise: { concurrency: 20, credits: (/** @type {number} */ users) => Math.min(5000000, 50000 + 1000 * users) },
	ultimate: { concurrency: 25, credits: (/** @type {number} */ users) => 50000 + 2000 * users },
};

const DAY_MS = 24 * 3600 * 1000;

function createLimits() {
	let edition = /** @type {keyof typeof EDITIONS} */ ('enterprise');
	let users = 10;
	/** @type {number | undefined} */
	let creditOverride;
	/** @type {Array<{ at: number, n: number }>} */
	let spent = [];
	let inFlight = 0;
	let peak = 0;
	let refused = 0;

	const budget = () => creditOverride ?? EDITIONS[edition].credits(users);
	const used = () => {
		const t = Date.now() - DAY_MS;
		spent = spent.filter((s) => s.at > t);
		return spent.reduce((a, s) => a + s.n, 0);
	};

	return {
		/** Takes a place in flight and the call's credits, or answers the 429. @param {number} credits */
		enter(credits) {
			if (inFlight >= EDITIONS[edition].concurrency) {
				refused++;
				return zohoError(429, 'TOO_MANY_REQUESTS', `the concurrency limit of ${EDITIONS[edition].concurrency} calls in flight is exceeded`, {});
			}
			if (used() + credits > budget()) {
				refused++;
				return zohoError(429, 'TOO_MANY_REQUESTS', 'the API credits of the last 24 hours are used up', {}, { 'X-API-CREDITS-REMAINING': '0' });
			}
			inFlight++;
			peak = Math.max(peak, inFlight);
			spent.push({ at: Date.now(), n: credits });
			return null;
		},
		leave() {
			inFlight--;
		},
		headers: () => ({ 'X-API-CREDITS-REMAINING': String(Math.max(0, budget() - used())) }),
		/** @param {keyof typeof EDITIONS} e @param {number} [n] users */
		setEdition(e, n) {
			if (!(e in EDITIONS)) throw new Error(`unknown edition ${e}`);
			edition = e;
			if (n !== undefined) users = n;
		},
		edition: () => edition,
		/** A smaller credit budget for tests (undefined: the edition's). @param {number | undefined} n */
		setCredits(n) {
			creditOverride = n;
		},
		stats: () => ({ inFlight, peak, refused, creditsUsed: used(), concurrency: EDITIONS[edition].concurrency }),
		reset() {
			spent = [];
			peak = 0;
			refused = 0;
		},
	};
}

module.exports = { createLimits, EDITIONS };
