/** The notice a run gets when it outlasts the Freshsales plan's hourly budget. */
import { budgetNotice, estimateCalls } from '../../../nodes/Freshsales/actions/budget';

test('calls: one per record for writes, bulk jobs of 100 (5 calls each) for upserts from the threshold on', () => {
	expect(estimateCalls('create', 2500, 20, true)).toBe(2500);
	expect(estimateCalls('upsert', 2500, 20, true)).toBe(125);
	expect(estimateCalls('upsert', 2500, 20, false)).toBe(2500);
	expect(estimateCalls('upsert', 10, 20, true)).toBe(10);
});

test('a run over the hourly budget is told how many more hours it waits; one within it is told nothing', () => {
	expect(budgetNotice('growth', 1000)).toBeUndefined();
	expect(budgetNotice('growth', 2500)).toBe(
		'Freshsales: about 2,500 requests for this run; the Growth plan allows 1,000 per hour for the whole account, so the run is paced to it and takes at least 2 more hours',
	);
	expect(budgetNotice('enterprise', 5001)).toContain('the Enterprise plan allows 5,000 per hour for the whole account, so the run is paced to it and takes at least 1 more hour');
});
