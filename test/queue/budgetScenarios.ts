/**
 * Rate budgets across queue-mode workers (issue 18): the scenarios measured by
 * test/queue/rateBudget.queue.ts (`npm run test:queue`, asserted) and by
 * test/bench/queueBudget.bench.ts (`npm run bench`, printed). Three executions
 * of one workflow start at once through the webhook processor and run on the
 * two workers against one HubSpot account in the sandbox:
 * - upsert: HubSpot's 10-second limit (190 per 10 s on Professional), which
 *   HubSpot reports in every answer (`X-HubSpot-RateLimit-Remaining`): each
 *   worker's limiter reads the same count;
 * - search: HubSpot's search limit (5 requests per second per account), which
 *   HubSpot does not report (no rate headers on search answers), with and
 *   without the HubSpot node's "Share Rate Budget Across Workers" (claims in
 *   the n8n Data Table "CRM Pack rate budget", shared/store/rateBudget.ts).
 * Figures come from the sandbox's request log and records and from the
 * executions n8n recorded; which worker ran an execution from n8n's worker logs.
 */
import * as os from 'node:os';
import type { Sandbox } from '../sandbox';
import { createCredential, deactivate, endedExecutions, n8nApiCredential, nodeItems, publishWorkflow, tableRows, waitForWebhook, workerOf, type Execution } from './stack';

export const EXECUTIONS = 3;
const RATE_BUDGET_TABLE = 'CRM Pack rate budget';

/** The most entries whose `at` falls in any window of `ms`. */
export function busiestWindow(times: number[], ms: number): number {
	const sorted = [...times].sort((a, b) => a - b);
	let best = 0;
	for (let i = 0, j = 0; i < sorted.length; i++) {
		while (sorted[i] - sorted[j] >= ms) j++;
		best = Math.max(best, i - j + 1);
	}
	return best;
}

const share = (part: number, whole: number) => `${((100 * part) / Math.max(1, whole)).toFixed(1)}%`;
const loadAverage = () => os.loadavg().map((l) => Number(l.toFixed(1)));

interface Rounds {
	round: number;
	ended: Execution[];
	workers: string[];
	startedAt: number;
	runIds: number[];
	seconds: number;
}

/**
 * Starts `EXECUTIONS` executions at once through the webhook, waits for them to end, and runs another round
 * (at most 3) when Bull gave them all to one worker: a round on one worker is not this measurement.
 */
async function runRounds(workflowId: string, hookPath: string, before: () => void, body: (run: number) => Record<string, unknown>, log: (line: string) => void): Promise<Rounds> {
	const url = await waitForWebhook(`webhook/${hookPath}`);
	let result: Rounds | undefined;
	for (let round = 1; round <= 3; round++) {
		before();
		const runIds = Array.from({ length: EXECUTIONS }, (_, i) => round * 10 + i);
		const startedAt = Date.now();
		const statuses = await Promise.all(
			runIds.map(async (run) => {
				const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body(run)) });
				await res.arrayBuffer();
				return res.status;
			}),
		);
		if (statuses.some((s) => s !== 200)) throw new Error(`webhook answered ${statuses.join(', ')}`);
		const ended = (await endedExecutions(workflowId, round * EXECUTIONS, 10 * 60 * 1000)).slice(-EXECUTIONS);
		const workers = await Promise.all(ended.map((e) => workerOf(e.id)));
		const seconds = Number(((Math.max(...ended.map((e) => Date.parse(e.stoppedAt ?? e.startedAt))) - startedAt) / 1000).toFixed(1));
		result = { round, ended, workers, startedAt, runIds, seconds };
		if (new Set(workers).size === 2) break;
		log(`[queue] round ${round}: all ${EXECUTIONS} executions ran on ${workers[0]}; running another round`);
	}
	return result!;
}

/** The premise of every figure here: executions on both workers were calling HubSpot at the same time. */
export function overlapOnTwoWorkers(r: Pick<Rounds, 'ended' | 'workers'>): boolean {
	const names = [...new Set(r.workers)];
	if (names.length !== 2) return false;
	const span = (w: string) => r.ended.filter((_, i) => r.workers[i] === w).map((e) => [Date.parse(e.startedAt), Date.parse(e.stoppedAt ?? e.startedAt)]);
	const [one, two] = names.map(span);
	return one.some(([s1, e1]) => two.some(([s2, e2]) => s1 < e2 && s2 < e1));
}

/** What the vendor saw of a scenario's calls: accepted, refused for rate, anything else, and the busiest window. */
function callFigures(calls: Array<{ status: number; at: number }>, windowMs: number) {
	const accepted = calls.filter((e) => e.status === 200);
	const rejected = calls.filter((e) => e.status === 429);
	return {
		calls: calls.length,
		accepted: accepted.length,
		rejected429: rejected.length,
		rejectedShare: share(rejected.length, calls.length),
		otherStatus: calls.length - accepted.length - rejected.length,
		busiestAll: busiestWindow(calls.map((e) => e.at), windowMs),
		busiestAccepted: busiestWindow(accepted.map((e) => e.at), windowMs),
	};
}

const perWorker = (workers: string[]) => workers.reduce<Record<string, number>>((acc, w) => ({ ...acc, [w]: (acc[w] ?? 0) + 1 }), {});

/** What every scenario reports. */
export interface RunFigures {
	scenario: string;
	/** The round measured (another one runs when Bull gave all three executions to one worker). */
	round: number;
	perWorker: Record<string, number>;
	calls: number;
	accepted: number;
	rejected429: number;
	rejectedShare: string;
	otherStatus: number;
	/** The most calls the vendor saw in any window of its limit (10 s for upserts, 1 s for searches): all, and accepted. */
	busiestAll: number;
	busiestAccepted: number;
	/** Records not written (upserts), or searches whose contact is not in the node's output (an item that failed, or an execution that stopped). */
	failedRecords: number;
	/** Records stored more than once (upserts), or contacts the search output holds more than once. */
	duplicateRecords: number;
	seconds: number;
	executionStatuses: string[];
	/** The error an execution stopped with, if any. */
	executionErrors: string[];
	overlap: boolean;
	load: number[];
}

export interface UpsertFigures extends RunFigures {
	records: number;
}

/**
 * Upserts of 240 contacts per execution, 2 per call through a Loop Over Items (a user's loop: many small
 * writes), sandbox plan Professional (190 per rolling 10 s).
 */
export async function upsertScenario(sb: Sandbox, log: (line: string) => void = () => undefined): Promise<UpsertFigures> {
	const HOOK_PATH = 'queue-mode-rate-budget';
	const RECORDS = 240;
	const PER_BATCH = 2;
	const UPSERT = '/hubspot/crm/v3/objects/contacts/batch/upsert';
	sb.hubspot.setPlan('pro');
	const hubspot = await createCredential('HubSpot sandbox (queue rate)', 'crmPackHubSpotPrivateAppApi', { accessToken: 'pat-sandbox-token', plan: 'pro', baseUrl: sb.hubspot.baseUrl });
	const workflowId = await publishWorkflow({
		name: 'Queue mode: rate budget',
		connections: {
			Webhook: { main: [[{ node: 'Contacts', type: 'main', index: 0 }]] },
			Contacts: { main: [[{ node: 'Loop', type: 'main', index: 0 }]] },
			Loop: { main: [[], [{ node: 'Upsert contacts', type: 'main', index: 0 }]] },
			'Upsert contacts': { main: [[{ node: 'Loop', type: 'main', index: 0 }]] },
		},
		nodes: [
			webhookNode('aa7e0000-0000-4000-8000-000000000001', 'aa7e0000-0000-4000-8000-0000000000bb', HOOK_PATH),
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
	try {
		const r = await runRounds(
			workflowId,
			HOOK_PATH,
			() => {
				sb.log.reset();
				sb.hubspot.resetRateLimits();
			},
			(run) => ({ run, count: RECORDS }),
			log,
		);
		const calls = sb.log.all().filter((e) => e.method === 'POST' && e.path === UPSERT);
		const expected = r.runIds.flatMap((run) => Array.from({ length: RECORDS }, (_, i) => `rate-${run}-${i}@example.com`));
		const stored = new Map<string, number>();
		for (const c of sb.hubspot.store.list('contacts')) {
			const email = String(c.properties.email);
			if (r.runIds.some((run) => email.startsWith(`rate-${run}-`))) stored.set(email, (stored.get(email) ?? 0) + 1);
		}
		return {
			scenario: 'upsert, reported limit (190 / 10 s)',
			round: r.round,
			perWorker: perWorker(r.workers),
			records: expected.length,
			...callFigures(calls, 10_000),
			failedRecords: expected.filter((email) => !stored.has(email)).length,
			duplicateRecords: [...stored.values()].filter((n) => n > 1).length,
			seconds: r.seconds,
			executionStatuses: r.ended.map((e) => e.status),
			executionErrors: r.ended.map((e) => e.data?.resultData.error?.message ?? '').filter(Boolean),
			overlap: overlapOnTwoWorkers(r),
			load: loadAverage(),
		};
	} finally {
		await deactivate(workflowId).catch(() => undefined);
	}
}

export interface SearchFigures extends RunFigures {
	shared: boolean;
	searches: number;
	/** Rows the claims wrote to "CRM Pack rate budget" in this run, and the processes that claimed. */
	budgetRows: number;
	budgetHolders: number;
}

/**
 * Each execution searches HubSpot for `perExecution` contacts by email, one search per item (the HubSpot
 * node's Search, limit 1), the three executions at once: 5 searches per second is HubSpot's limit for the account.
 */
export async function searchScenario(sb: Sandbox, options: { shared: boolean; perExecution?: number }, log: (line: string) => void = () => undefined): Promise<SearchFigures> {
	const perExecution = options.perExecution ?? 40;
	const tag = options.shared ? 'shared' : 'local';
	const HOOK_PATH = `queue-mode-search-budget-${tag}`;
	const SEARCH = '/hubspot/crm/v3/objects/contacts/search';
	sb.hubspot.seed({ contacts: EXECUTIONS * perExecution }, options.shared ? 61 : 62);
	const emails = sb.hubspot.store
		.list('contacts')
		.map((c: { properties: Record<string, unknown> }) => String(c.properties.email ?? ''))
		.filter((e: string) => e.includes('@'))
		.slice(-EXECUTIONS * perExecution) as string[];
	if (emails.length < EXECUTIONS * perExecution) throw new Error(`the sandbox seeded ${emails.length} contacts with an email, ${EXECUTIONS * perExecution} needed`);
	const hubspot = await createCredential(`HubSpot sandbox (search ${tag})`, 'crmPackHubSpotPrivateAppApi', { accessToken: 'pat-sandbox-token', plan: 'pro', baseUrl: sb.hubspot.baseUrl });
	const credentials: Record<string, { id: string; name: string }> = { crmPackHubSpotPrivateAppApi: hubspot };
	if (options.shared) credentials.crmPackN8nApi = await n8nApiCredential('CRM Pack Data Tables API (rate budget)');
	const budgetRowsBefore = (await tableRows<{ id: number }>(RATE_BUDGET_TABLE)).map((r) => r.id);
	const workflowId = await publishWorkflow({
		name: `Queue mode: search budget (${tag})`,
		connections: {
			Webhook: { main: [[{ node: 'Emails', type: 'main', index: 0 }]] },
			Emails: { main: [[{ node: 'Search contacts', type: 'main', index: 0 }]] },
		},
		nodes: [
			webhookNode(`bb7e0000-0000-4000-8000-00000000000${options.shared ? 1 : 2}`, `bb7e0000-0000-4000-8000-0000000000${options.shared ? 'b1' : 'b2'}`, HOOK_PATH),
			{
				id: `bb7e0000-0000-4000-8000-00000000001${options.shared ? 1 : 2}`,
				name: 'Emails',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 0],
				parameters: { jsCode: 'return $input.first().json.body.emails.map((email) => ({ json: { email } }));' },
			},
			{
				id: `bb7e0000-0000-4000-8000-00000000002${options.shared ? 1 : 2}`,
				name: 'Search contacts',
				type: 'n8n-nodes-crm-pack.crmPackHubSpot',
				typeVersion: 1,
				position: [400, 0],
				parameters: {
					authentication: 'privateApp',
					resource: 'contact',
					operation: 'search',
					returnAll: false,
					limit: 1,
					filterGroupsUi: { group: [{ filtersJson: '={{ JSON.stringify([{ propertyName: "email", operator: "EQ", value: $json.email }]) }}' }] },
					properties: ['email'],
					options: {},
					shareRateBudget: options.shared,
				},
				credentials,
			},
		],
	});
	try {
		let wanted: string[][] = [];
		const r = await runRounds(
			workflowId,
			HOOK_PATH,
			() => {
				sb.log.reset();
				sb.hubspot.resetRateLimits();
			},
			(run) => {
				const i = run % 10;
				wanted[i] = emails.slice(i * perExecution, (i + 1) * perExecution);
				return { emails: wanted[i] };
			},
			log,
		);
		wanted = wanted.slice(0, EXECUTIONS);
		const calls = sb.log.all().filter((e) => e.method === 'POST' && e.path === SEARCH);
		// Executions end in any order: every searched email must be in the outputs of the round exactly once.
		const texts = r.ended.flatMap((execution) => {
			try {
				return nodeItems(execution, 'Search contacts').map((item) => JSON.stringify(item).toLowerCase());
			} catch {
				return [];
			}
		});
		let failed = 0;
		let duplicates = 0;
		for (const email of wanted.flat()) {
			const found = texts.filter((t) => t.includes(`"${email.toLowerCase()}"`)).length;
			if (found === 0) failed++;
			if (found > 1) duplicates++;
		}
		const budget = (await tableRows<{ id: number; holder: string; want: number }>(RATE_BUDGET_TABLE)).filter((row) => !budgetRowsBefore.includes(row.id));
		return {
			scenario: `search, unreported limit (5 / s), ${options.shared ? 'shared across workers' : 'not shared'}`,
			shared: options.shared,
			round: r.round,
			perWorker: perWorker(r.workers),
			searches: EXECUTIONS * perExecution,
			...callFigures(calls, 1000),
			failedRecords: failed,
			duplicateRecords: duplicates,
			seconds: r.seconds,
			executionStatuses: r.ended.map((e) => e.status),
			executionErrors: r.ended.map((e) => e.data?.resultData.error?.message ?? '').filter(Boolean),
			overlap: overlapOnTwoWorkers(r),
			budgetRows: budget.length,
			budgetHolders: new Set(budget.map((row) => row.holder)).size,
			load: loadAverage(),
		};
	} finally {
		await deactivate(workflowId).catch(() => undefined);
	}
}

function webhookNode(id: string, webhookId: string, path: string) {
	return {
		id,
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId,
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	};
}
