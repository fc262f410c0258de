/**
 * Issue 18, queue mode: rate budgets across workers. Three executions of one
 * workflow write to one HubSpot account at the same time, on both workers,
 * against the sandbox at HubSpot's Professional limit (190 requests per
 * rolling 10 s per token, answered 429 beyond it as HubSpot does).
 *
 * The workflow: Webhook (answers at once) → Code (the run's contacts) → Loop
 * Over Items (2 per batch) → HubSpot (CRM Pack) upsert by email → back to the
 * loop: many small writes, one request per batch, as a user's loop makes them.
 *
 * Measured from the sandbox's request log and records, printed, and asserted
 * where the pack promises something: every record written exactly once (0
 * failed, 0 duplicates), every execution a success. The 429 count and the
 * busiest 10-second window are printed, not asserted: the pack's limiter is
 * per process (shared/transport/rateLimiter.ts), being rewritten by the lead.
 */
import { startSandbox, type Sandbox } from '../sandbox';
import { createCredential, deactivate, endedExecutions, publishWorkflow, waitForWebhook, workerOf } from './stack';

const HOOK_PATH = 'queue-mode-rate-budget';
const EXECUTIONS = 3;
const RECORDS_PER_EXECUTION = 240;
const PER_BATCH = 2;
const UPSERT = '/hubspot/crm/v3/objects/contacts/batch/upsert';
const LIMIT = 190;
const WINDOW_MS = 10_000;

let sb: Sandbox;
let workflowId: string | undefined;

beforeAll(async () => {
	sb = await startSandbox({ port: 0, seed: 21 });
	sb.hubspot.setPlan('pro');
});

afterAll(async () => {
	if (workflowId) await deactivate(workflowId).catch(() => undefined);
	await sb?.close();
});

/** The most entries whose `at` falls in any window of `ms`. */
function busiestWindow(times: number[], ms: number): number {
	const sorted = [...times].sort((a, b) => a - b);
	let best = 0;
	for (let i = 0, j = 0; i < sorted.length; i++) {
		while (sorted[i] - sorted[j] >= ms) j++;
		best = Math.max(best, i - j + 1);
	}
	return best;
}

test('three executions on two workers writing to one HubSpot account at 190 requests / 10 s: 0 failed records (429s counted)', async () => {
	const hubspot = await createCredential('HubSpot sandbox (queue rate)', 'crmPackHubSpotPrivateAppApi', { accessToken: 'pat-sandbox-token', plan: 'pro', baseUrl: sb.hubspot.baseUrl });
	workflowId = await publishWorkflow({
		name: 'Queue mode: rate budget',
		connections: {
			Webhook: { main: [[{ node: 'Contacts', type: 'main', index: 0 }]] },
			Contacts: { main: [[{ node: 'Loop', type: 'main', index: 0 }]] },
			Loop: { main: [[], [{ node: 'Upsert contacts', type: 'main', index: 0 }]] },
			'Upsert contacts': { main: [[{ node: 'Loop', type: 'main', index: 0 }]] },
		},
		nodes: [
			{
				id: 'aa7e0000-0000-4000-8000-000000000001',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: 'aa7e0000-0000-4000-8000-0000000000bb',
				parameters: { httpMethod: 'POST', path: HOOK_PATH, responseMode: 'onReceived', options: {} },
			},
			{
				id: 'aa7e0000-0000-4000-8000-000000000002',
				name: 'Contacts',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 0],
				parameters: {
					jsCode:
						'const { run, count } = $input.first().json.body;\n' +
						'return Array.from({ length: count }, (_, i) => ({ json: { email: `rate-${run}-${i}@example.com`, firstName: `Run${run}`, lastName: `Contact${i}` } }));',
				},
			},
			{
				id: 'aa7e0000-0000-4000-8000-000000000003',
				name: 'Loop',
				type: 'n8n-nodes-base.splitInBatches',
				typeVersion: 3,
				position: [400, 0],
				parameters: { batchSize: PER_BATCH, options: {} },
			},
			{
				id: 'aa7e0000-0000-4000-8000-000000000004',
				name: 'Upsert contacts',
				type: 'n8n-nodes-crm-pack.crmPackHubSpot',
				typeVersion: 1,
				position: [600, 0],
				parameters: {
					authentication: 'privateApp',
					resource: 'contact',
					operation: 'upsert',
					upsertIdProperty: 'email',
					upsertIdValue: '={{ $json.email }}',
					propertiesUi: { property: [{ name: 'firstname', value: '={{ $json.firstName }}' }, { name: 'lastname', value: '={{ $json.lastName }}' }] },
					additionalFields: {},
					options: {},
				},
				credentials: { crmPackHubSpotPrivateAppApi: hubspot },
			},
		],
	});
	const url = await waitForWebhook(`webhook/${HOOK_PATH}`);

	// Bull hands each job to the worker blocked longest on Redis; three jobs at once normally
	// land on both workers. A round that used one worker only is not this measurement: run another.
	let round = 0;
	let workers: string[] = [];
	let ended: Awaited<ReturnType<typeof endedExecutions>> = [];
	let started = 0;
	let runIds: number[] = [];
	for (round = 1; round <= 3; round++) {
		sb.log.reset();
		sb.hubspot.resetRateLimits();
		runIds = Array.from({ length: EXECUTIONS }, (_, i) => round * 10 + i);
		started = Date.now();
		const statuses = await Promise.all(
			runIds.map(async (run) => {
				const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ run, count: RECORDS_PER_EXECUTION }) });
				await res.arrayBuffer();
				return res.status;
			}),
		);
		expect(statuses).toEqual(runIds.map(() => 200));
		ended = (await endedExecutions(workflowId, round * EXECUTIONS, 10 * 60 * 1000)).slice(-EXECUTIONS);
		workers = await Promise.all(ended.map((e) => workerOf(e.id)));
		if (new Set(workers).size === 2) break;
		process.stdout.write(`[queue] rate budget round ${round}: all ${EXECUTIONS} executions ran on ${workers[0]}; running another round\n`);
	}
	const elapsedMs = Math.max(...ended.map((e) => Date.parse(e.stoppedAt ?? e.startedAt))) - started;

	const calls = sb.log.all().filter((e) => e.method === 'POST' && e.path === UPSERT);
	const rejected = calls.filter((e) => e.status === 429);
	const accepted = calls.filter((e) => e.status === 200);
	const otherStatus = calls.filter((e) => e.status !== 200 && e.status !== 429);
	const expected = runIds.flatMap((run) => Array.from({ length: RECORDS_PER_EXECUTION }, (_, i) => `rate-${run}-${i}@example.com`));
	const stored = new Map<string, number>();
	for (const c of sb.hubspot.store.list('contacts')) {
		const email = String(c.properties.email);
		if (runIds.some((run) => email.startsWith(`rate-${run}-`))) stored.set(email, (stored.get(email) ?? 0) + 1);
	}
	const failed = expected.filter((email) => !stored.has(email)).length;
	const duplicates = [...stored.values()].filter((n) => n > 1).length;
	const perWorker = workers.reduce<Record<string, number>>((acc, w) => ({ ...acc, [w]: (acc[w] ?? 0) + 1 }), {});
	const figures = {
		round,
		executions: EXECUTIONS,
		perWorker,
		records: expected.length,
		upsertCalls: calls.length,
		accepted: accepted.length,
		rejected429: rejected.length,
		rejectedShare: `${((100 * rejected.length) / Math.max(1, calls.length)).toFixed(1)}%`,
		otherStatus: otherStatus.length,
		busiest10sAll: busiestWindow(calls.map((e) => e.at), WINDOW_MS),
		busiest10sAccepted: busiestWindow(accepted.map((e) => e.at), WINDOW_MS),
		limit: `${LIMIT} / 10 s`,
		failedRecords: failed,
		duplicateRecords: duplicates,
		seconds: Number((elapsedMs / 1000).toFixed(1)),
	};
	process.stdout.write(`[queue] rate budget across workers: ${JSON.stringify(figures)}\n`);

	expect(ended.map((e) => e.status)).toEqual(ended.map(() => 'success'));
	expect(new Set(workers).size).toBe(2);
	// every record written once; the sandbox admitted at most its limit in any window
	expect({ failed, duplicates, otherStatus: otherStatus.length }).toEqual({ failed: 0, duplicates: 0, otherStatus: 0 });
	expect(accepted.length).toBe(expected.length / PER_BATCH);
	// the premise of the measurement: executions on both workers were writing at the same time
	const span = (w: string) => ended.filter((_, i) => workers[i] === w).map((e) => [Date.parse(e.startedAt), Date.parse(e.stoppedAt ?? e.startedAt)]);
	const [one, two] = [...new Set(workers)].map(span);
	expect(one.some(([s1, e1]) => two.some(([s2, e2]) => s1 < e2 && s2 < e1))).toBe(true);
});
