import { CostBudget, readCostReport } from '../../../nodes/GraphqlCrm/transport/costBudget';
import { isThrottledAnswer } from '../../../nodes/GraphqlCrm/transport/errors';

function clock(start = 1_000_000) {
	let now = start;
	return { now: () => now, sleep: async (ms: number) => void (now += ms), advance: (ms: number) => void (now += ms) };
}

test('reads Shopify-style extensions.cost and a GitHub-style rateLimit field', () => {
	expect(
		readCostReport({ data: {}, extensions: { cost: { requestedQueryCost: 52, actualQueryCost: 12, throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 988, restoreRate: 50 } } } }),
	).toEqual({ requested: 52, cost: 12, bucket: { maximum: 1000, available: 988, restoreRate: 50 } });
	expect(readCostReport({ data: { rateLimit: { limit: 5000, cost: 1, remaining: 4999, resetAt: '2026-01-01T01:00:00Z' } } })).toEqual({
		cost: 1,
		window: { limit: 5000, remaining: 4999, resetAt: Date.parse('2026-01-01T01:00:00Z') },
	});
	expect(readCostReport({ data: { contacts: [] } })).toBeUndefined();
});

test('waits until the refilled bucket covers the cost plus a tenth of the bucket', () => {
	const c = clock();
	const budget = new CostBudget(c);
	expect(budget.waitFor(50)).toBe(0);
	budget.observe('q', { cost: 50, bucket: { maximum: 100, available: 20, restoreRate: 10 } });
	expect(budget.costOf('q')).toBe(50);
	// needs 50 + 10 = 60, has 20: 40 points at 10 a second.
	expect(budget.waitFor(50)).toBe(4000);
	c.advance(1000);
	expect(budget.waitFor(50)).toBe(3000);
	c.advance(3000);
	expect(budget.waitFor(50)).toBe(0);
	budget.spend(50);
	expect(budget.waitFor(50)).toBe(5000);
});

test('a points window with too little left waits for its reset', () => {
	const c = clock();
	const budget = new CostBudget(c);
	budget.observe('q', { cost: 2, window: { limit: 100, remaining: 2, resetAt: c.now() + 30_000 } });
	expect(budget.waitFor(2)).toBe(30_000);
	expect(budget.throttledWait(2)).toBe(30_000);
});

test('a throttled answer: errors all THROTTLED / RATE_LIMITED and no data; partial data is not', () => {
	expect(isThrottledAnswer({ errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }] })).toBe(true);
	expect(isThrottledAnswer({ data: null, errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded' }] })).toBe(true);
	expect(isThrottledAnswer({ data: { m0: null }, errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }] })).toBe(false);
	expect(isThrottledAnswer({ errors: [{ message: 'bad', extensions: { code: 'BAD_USER_INPUT' } }] })).toBe(false);
});
