/**
 * Issue 18, queue mode: rate budgets across workers. Three executions of one
 * workflow call one HubSpot account at the same time, on both workers, against
 * the sandbox (test/queue/budgetScenarios.ts holds the workflows and the
 * counting, shared with test/bench/queueBudget.bench.ts):
 * - upserts under HubSpot's 10-second limit (Professional: 190 per rolling
 *   10 s), which HubSpot reports in every answer;
 * - searches under HubSpot's search limit (5 per second per account), which
 *   HubSpot does not report, without and with the HubSpot node's "Share Rate
 *   Budget Across Workers" (claims in an n8n Data Table).
 *
 * Asserted where the pack promises something: every record written (or
 * found) exactly once, 0 failed, every execution a success, executions on both
 * workers at the same time; with sharing, the claims went through the Data
 * Table. The 429 counts and busiest windows are printed, not asserted (they
 * depend on the load of this 2-core machine); so is the run without sharing,
 * which may fail records (that is what sharing is for).
 */
import { startSandbox, type Sandbox } from '../sandbox';
import { searchScenario, upsertScenario } from './budgetScenarios';

let sb: Sandbox;
const say = (line: string) => process.stdout.write(`${line}\n`);

beforeAll(async () => {
	sb = await startSandbox({ port: 0, seed: 21 });
});

afterAll(async () => {
	await sb?.close();
});

test('three executions on two workers writing to one HubSpot account at 190 requests / 10 s: 0 failed records (429s counted)', async () => {
	const figures = await upsertScenario(sb, say);
	say(`[queue] rate budget across workers: ${JSON.stringify(figures)}`);
	expect(figures.executionStatuses).toEqual(['success', 'success', 'success']);
	expect(Object.keys(figures.perWorker)).toHaveLength(2);
	// every record written once; nothing but 200s and 429s
	expect({ failed: figures.failedRecords, duplicates: figures.duplicateRecords, otherStatus: figures.otherStatus }).toEqual({ failed: 0, duplicates: 0, otherStatus: 0 });
	expect(figures.accepted).toBe(figures.records / 2);
	expect(figures.overlap).toBe(true);
});

test("three executions on two workers searching one HubSpot account (5 searches / s, not reported): sharing the budget through a Data Table, 0 failed (429 share printed, also without sharing)", async () => {
	const local = await searchScenario(sb, { shared: false }, say);
	say(`[queue] search budget, not shared: ${JSON.stringify(local)}`);
	const shared = await searchScenario(sb, { shared: true }, say);
	say(`[queue] search budget, shared: ${JSON.stringify(shared)}`);
	// the premise of both measurements: executions on both workers searching at the same time
	expect(local.overlap).toBe(true);
	expect(shared.overlap).toBe(true);
	expect(shared.executionStatuses).toEqual(['success', 'success', 'success']);
	expect({ failed: shared.failedRecords, duplicates: shared.duplicateRecords, otherStatus: shared.otherStatus }).toEqual({ failed: 0, duplicates: 0, otherStatus: 0 });
	expect(shared.accepted).toBe(shared.searches);
	// both workers claimed their places in the table (rows for this run only), and nothing was claimed without sharing
	expect(shared.budgetHolders).toBe(2);
	expect(local.budgetRows).toBe(0);
});
