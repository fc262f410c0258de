/**
 * The example examples/crm-sync-freshsales-pipedrive.json end to end through
 * the light runner: its CRM Sync node syncs Freshsales contacts (sandbox
 * /freshsales, API key) with Pipedrive persons (sandbox /pipedrive) both ways,
 * with memory of the last run in static data.
 */
import type { IDataObject } from 'n8n-workflow';
import * as path from 'node:path';

import { freshsalesBaseUrl, limiterSpecs, type FreshsalesSettings } from '../../nodes/Freshsales/transport/freshsalesApi';

import type { Sandbox } from '../sandbox';
import { freshsalesApiKey, pipedriveApiToken } from './helpers/credentials';
import { NODE, runCrmSync } from './helpers/crmSyncHarness';
import { Harness, loadWorkflow, onlyNode } from './helpers/harness';
import { REPO_ROOT } from './lightRunner';

jest.setTimeout(60_000);

let sb: Sandbox;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let pd: any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let fs: any;
let staticData: IDataObject | undefined;

const h = new Harness({
	seed: 5,
	node: NODE,
	credentials: (s) => ({ ...freshsalesApiKey(s, { id: 'crmPackSbxFreshsales', plan: 'growth' }), ...pipedriveApiToken(s, { id: 'crmPackSbxPipedrive', plan: 'growth' }) }),
	setup: (x) => {
		sb = x.sb;
		pd = sb.pipedrive;
		fs = sb.freshsales;
	},
});

async function sync() {
	const run = await runCrmSync(onlyNode(loadWorkflow('examples/crm-sync-freshsales-pipedrive.json'), NODE), { credentials: h.store, staticData });
	staticData = run.staticData;
	return run;
}

const pdByEmail = (email: string) => pd.list('persons').filter((p: IDataObject) => (p.emails as IDataObject[]).some((e) => e.value === email));
const fsByEmail = (email: string) => fs.list('contacts').filter((c: IDataObject) => c.email === email);
const API = '/freshsales/crm/sales/api';

test('Freshsales ↔ Pipedrive: first run links and copies both ways (Freshsales creates are upserts by email), later runs carry changes', async () => {
	fs.write('contacts', { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', work_number: '+14155550101' });
	pd.write('persons', { name: 'Grace Hopper', emails: [{ value: 'grace@example.com', primary: true, label: 'work' }], phones: [{ value: '+14155550102', primary: true, label: 'work' }] });

	let run = await sync();
	expect(run.errors).toEqual([]);
	expect(pdByEmail('ada@example.com')).toEqual([expect.objectContaining({ name: 'Ada Lovelace', phones: [expect.objectContaining({ value: '+14155550101' })] })]);
	expect(fsByEmail('grace@example.com')).toEqual([expect.objectContaining({ first_name: 'Grace', last_name: 'Hopper', work_number: '+14155550102' })]);
	// The contact reached Freshsales through its upsert by email, never a blind create.
	const writes = sb.log.all().filter((e) => e.path.startsWith(API) && e.method === 'POST' && !e.path.includes('filtered_search'));
	expect(writes.map((e) => [e.path, e.body])).toEqual([
		[`${API}/contacts/upsert`, { unique_identifier: { emails: 'grace@example.com' }, contact: expect.objectContaining({ email: 'grace@example.com', first_name: 'Grace', last_name: 'Hopper' }) }],
	]);

	// A change in Freshsales reaches Pipedrive on the next run; nothing is duplicated.
	const ada = fsByEmail('ada@example.com')[0];
	fs.advanceTime(2000);
	fs.write('contacts', { work_number: '+14155550199' }, ada.id);
	run = await sync();
	expect(run.errors).toEqual([]);
	expect(pdByEmail('ada@example.com')[0].phones[0].value).toBe('+14155550199');
	expect(pdByEmail('ada@example.com')).toHaveLength(1);
	expect(fsByEmail('ada@example.com')).toHaveLength(1);
	expect(fsByEmail('grace@example.com')).toHaveLength(1);
});

/**
 * The hourly budget across a whole run (issue 12): the sandbox's account allows 12 requests per
 * hour (announced in `x-ratelimit-total`, as the connector reads it), and a first run needs more
 * (the view, its page, one upsert per Pipedrive person). Time is simulated: the node's Freshsales
 * limiters are made first with a clock that advances the sandbox's clock instead of sleeping (the
 * registry keeps a limiter per credential, host and bucket, and the node takes the one it finds).
 */
test('a run that needs more than the hourly budget waits for it, gets no 429, and its Summary reports the budget', async () => {
	// The node runs from dist/: its limiter registry is dist's module.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { limiterFor, resetRateLimiters } = require(path.join(REPO_ROOT, 'dist/shared/transport/rateLimiter.js')) as typeof import('../../shared/transport/rateLimiter');
	resetRateLimiters();
	const clock = { now: () => fs.store.now() as number, sleep: async (ms: number) => void fs.advanceTime(Math.max(0, ms)) };
	const settings = { credentialId: 'crmPackSbxFreshsales', baseUrl: freshsalesBaseUrl(fs.baseUrl, 'bundle'), hourly: 1000 } as FreshsalesSettings;
	for (const spec of limiterSpecs(settings)) limiterFor(spec.key, spec.policy, clock);
	fs.setLimits({ hour: 12 });
	fs.resetRateLimits();
	const people = Array.from({ length: 15 }, (_, i) => `budget${i}@example.com`);
	for (const email of people) pd.write('persons', { name: `Budget ${email.slice(6, 8)}`, emails: [{ value: email, primary: true, label: 'work' }] });

	const start = fs.store.now() as number;
	const run = await sync();
	expect(run.errors).toEqual([]);
	for (const email of people) expect(fsByEmail(email)).toHaveLength(1);
	const calls = sb.log.all().filter((e) => e.path.startsWith(API));
	// Paced, never refused: every request was within the account's hour.
	expect(calls.filter((e) => e.status === 429)).toEqual([]);
	expect(calls.length).toBeGreaterThan(12);
	const budget = (run.summary.rateBudget as IDataObject).a as IDataObject;
	expect(budget).toEqual({
		budget: '12 requests per hour for the account (Growth plan, as Freshsales reported it)',
		limit: 12,
		windowMs: 3_600_000,
		calls: calls.length,
		remaining: expect.any(Number),
		waitedMs: expect.any(Number),
	});
	// What is left is our own count, which holds each request until its answer + 1 h: never more than
	// the vendor's count leaves (it counts from arrival), and more requests than that went out after the wait.
	expect(budget.remaining).toBeGreaterThanOrEqual(0);
	expect(budget.remaining).toBeLessThanOrEqual(12 - fs.rateUsed().hour);
	expect(budget.remaining).toBeLessThanOrEqual(12 - (calls.length - 12));
	// The 13th request waited for the first one's hour to pass (less the real time the first ones took).
	expect(budget.waitedMs).toBeGreaterThan(3_500_000);
	expect(budget.waitedMs).toBeLessThanOrEqual((fs.store.now() as number) - start);
	expect((run.summary.rateBudget as IDataObject).b).toBeUndefined();
	expect(run.summary.warnings).toContainEqual(
		expect.stringMatching(
			new RegExp(`^Side A \\(Freshsales\\): waited (59 min \\d+ s|1 h 0 min) for its API budget of 12 requests per hour for the account \\(Growth plan, as Freshsales reported it\\); ${calls.length} requests this run, ${budget.remaining} left in the window now$`),
		),
	);
	fs.setLimits({});
});
