'use strict';

const { GraphQLError, Kind, getOperationAST } = require('graphql');

/**
 * The sandbox GraphQL CRM's limits. Three, each switchable for tests:
 *
 * - Query cost, Shopify-style (default): a leaky bucket of `maximumAvailable`
 *   points refilled at `restoreRate` per second; every answer carries
 *   `extensions.cost { requestedQueryCost, actualQueryCost, throttleStatus
 *   { maximumAvailable, currentlyAvailable, restoreRate } }`; a query costing
 *   more than is available is not run and answers `errors: [{ message:
 *   "Throttled", extensions: { code: "THROTTLED" } }]` with the cost
 *   extension; one costing more than the whole bucket answers
 *   MAX_COST_EXCEEDED (shopify.dev "GraphQL Admin API rate limits").
 *   Assumptions: HTTP 200 for a throttled answer (Shopify's docs do not say;
 *   community.shopify.com thread 8456 leaves it open) and actual cost =
 *   requested cost (Shopify refunds the difference; not emulated).
 * - Points per window, GitHub-style (`mode: 'points'`): `rateLimit { limit
 *   cost remaining resetAt }` reports the window; over it the answer is
 *   `errors: [{ type: "RATE_LIMITED", message, extensions: { code:
 *   "RATE_LIMITED" } }]` (docs.github.com "Rate limits and query limits for
 *   the GraphQL API"; the `extensions.code` is this sandbox's addition).
 *   Points = max(1, ceil(cost / 100)) (assumption: GitHub computes them from
 *   the nodes requested, roughly one point per 100).
 * - Requests per minute (off by default): over it, HTTP 429 with
 *   `Retry-After` in seconds.
 *
 * Costs (assumption, in Shopify's spirit: objects 1, connections by the page
 * asked for, mutations 10): a listing 2 + its page size (default 50); records
 * by ids 1 + the number of ids; one record 1; a mutation field 10;
 * `rateLimit` and `__typename` 0; introspection 1.
 */

const LISTING = /^(contacts|companies|deals)(Page|ByToken|Search)?$/;
const BY_IDS = /ByIds$/;

function argValue(node, variables) {
	if (!node) return undefined;
	if (node.kind === Kind.VARIABLE) return variables?.[node.name.value];
	if (node.kind === Kind.INT || node.kind === Kind.FLOAT) return Number(node.value);
	if (node.kind === Kind.LIST) return node.values.map((v) => argValue(v, variables));
	if (node.kind === Kind.STRING) return node.value;
	return undefined;
}

/** The requested cost of the operation that will run. */
function costOf(document, operationName, variables) {
	const op = getOperationAST(document, operationName);
	if (!op) return 0;
	let cost = 0;
	for (const sel of op.selectionSet.selections) {
		if (sel.kind !== Kind.FIELD) {
			cost += 1;
			continue;
		}
		const name = sel.name.value;
		const arg = (n) => argValue(sel.arguments?.find((a) => a.name.value === n)?.value, variables);
		if (op.operation === 'mutation') cost += name === '__typename' ? 0 : 10;
		else if (name === 'rateLimit' || name === '__typename') cost += 0;
		else if (LISTING.test(name)) cost += 2 + Number(arg('first') ?? arg('limit') ?? arg('pageSize') ?? 50);
		else if (BY_IDS.test(name)) cost += 1 + (Array.isArray(arg('ids')) ? arg('ids').length : 1);
		else cost += 1;
	}
	return cost;
}

function createLimits() {
	// `now`: the limits' clock (a benchmark's simulated one, shared with the connector's); real time by default.
	const defaults = { mode: 'cost', maximumAvailable: 2000, restoreRate: 100, pointsLimit: 5000, pointsWindowMs: 3_600_000, requestsPerMinute: Infinity, now: () => Date.now() };
	let config = { ...defaults };
	const now = () => config.now();
	let bucket = { available: config.maximumAvailable, at: now() };
	let points = { used: 0, resetAt: now() + config.pointsWindowMs, lastCost: 0 };
	/** @type {number[]} */
	let minute = [];
	const throttled = { count: 0 };

	function refill() {
		const t = now();
		bucket.available = Math.min(config.maximumAvailable, bucket.available + ((t - bucket.at) / 1000) * config.restoreRate);
		bucket.at = t;
	}
	function rollPoints() {
		if (now() >= points.resetAt) points = { used: 0, resetAt: now() + config.pointsWindowMs, lastCost: 0 };
	}
	function throttleStatus() {
		refill();
		return { maximumAvailable: config.maximumAvailable, currentlyAvailable: Math.floor(bucket.available), restoreRate: config.restoreRate };
	}

	return {
		costOf,
		/** The HTTP-level budget: a 429 with Retry-After, or null. */
		admitRequest() {
			if (!Number.isFinite(config.requestsPerMinute)) return null;
			const t = now();
			minute = minute.filter((m) => m > t - 60_000);
			if (minute.length >= config.requestsPerMinute) {
				return { retryAfter: Math.max(1, Math.ceil((minute[0] + 60_000 - t) / 1000)) };
			}
			minute.push(t);
			return null;
		},
		/**
		 * Charges an operation of this cost before it runs: the errors and
		 * extensions of a refused one, or the extensions to send with its result.
		 */
		charge(cost) {
			if (config.mode === 'cost') {
				const status = throttleStatus();
				if (cost > config.maximumAvailable) {
					return {
						refused: [new GraphQLError(`Query cost is ${cost}, which exceeds the single query max cost limit (${config.maximumAvailable}).`, { extensions: { code: 'MAX_COST_EXCEEDED', cost, maxCost: config.maximumAvailable } })],
						extensions: { cost: { requestedQueryCost: cost, actualQueryCost: null, throttleStatus: status } },
					};
				}
				if (cost > bucket.available) {
					throttled.count++;
					return {
						refused: [new GraphQLError('Throttled', { extensions: { code: 'THROTTLED' } })],
						extensions: { cost: { requestedQueryCost: cost, actualQueryCost: null, throttleStatus: status } },
					};
				}
				bucket.available -= cost;
				return { extensions: { cost: { requestedQueryCost: cost, actualQueryCost: cost, throttleStatus: throttleStatus() } } };
			}
			if (config.mode === 'points') {
				rollPoints();
				const p = Math.max(1, Math.ceil(cost / 100));
				if (points.used + p > config.pointsLimit) {
					throttled.count++;
					const error = new GraphQLError(`API rate limit exceeded: ${config.pointsLimit} points per window; it resets at ${new Date(points.resetAt).toISOString()}.`, { extensions: { code: 'RATE_LIMITED' } });
					return { refused: [error], type: 'RATE_LIMITED' };
				}
				points.used += p;
				points.lastCost = p;
				return {};
			}
			return {};
		},
		/** What the `rateLimit` field answers (GitHub's shape). */
		rateLimitField() {
			rollPoints();
			return { limit: config.pointsLimit, cost: points.lastCost, remaining: Math.max(0, config.pointsLimit - points.used), resetAt: new Date(points.resetAt).toISOString() };
		},
		/** @param {Partial<typeof defaults>} next */
		set(next) {
			config = { ...config, ...next };
			bucket = { available: config.maximumAvailable, at: now() };
			points = { used: 0, resetAt: now() + config.pointsWindowMs, lastCost: 0 };
			minute = [];
		},
		reset() {
			config = { ...defaults };
			bucket = { available: config.maximumAvailable, at: now() };
			points = { used: 0, resetAt: now() + config.pointsWindowMs, lastCost: 0 };
			minute = [];
			throttled.count = 0;
		},
		throttleStatus,
		throttled: () => throttled.count,
		config: () => ({ ...config }),
	};
}

module.exports = { createLimits, costOf };
