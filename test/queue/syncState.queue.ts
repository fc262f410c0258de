/**
 * Issue 18, queue mode: the CRM Sync node's state across scheduled runs that
 * land on different workers. A published workflow (Schedule Trigger every 11 s
 * → CRM Sync version 3, HubSpot contacts ↔ Pipedrive persons, "A wins", State
 * Store left at its default, Automatic, with an n8n API credential: the Data
 * Table store) runs on the main instance's schedule; each execution
 * is queued in Redis and run by whichever worker takes it. Checked from the
 * executions n8n recorded, the worker logs and the sandbox's records:
 * - the Summary's run counter reads 1, 2, 3, 4... (issue 18 measured 1, 1, 1, 1
 *   with static data), over runs that used both workers (runs go on until
 *   both did: Bull gives a job to the worker blocked longest on Redis, so
 *   runs at a fixed interval may all land on one);
 * - runs after the first read incrementally (no full reconcile), without the
 *   lost-state warning;
 * - an edit made on side B (Pipedrive) after run 2 reaches side A (HubSpot)
 *   in the next run and is not reverted, then or later, with "A wins";
 * - the links live in the Data Table, one row per pair.
 * Then the same node without the n8n API credential (Automatic falls back to
 * workflow static data): every run on a worker counts 1 (n8n 2.41.1 hands a
 * worker no static data) and says so in its Summary (nodes/CrmSync/state.ts).
 * 11 s apart: runs of one sync must not overlap (two at once would both start
 * from the same state), and 11 is no multiple of Bull's 5 s wait on Redis.
 */
import { QUEUE_WORKER_WARNING } from '../../nodes/CrmSync/state';
import { startSandbox, type Sandbox } from '../sandbox';
import { createCredential, deactivate, endedExecutions, n8nApiCredential, nodeItems, publishWorkflow, tableRows, workerOf, type Execution } from './stack';

let sb: Sandbox;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let pd: any;

interface Summary {
	run: number;
	fullReconcile: { a: boolean; b: boolean };
	fetched: { a: number; b: number };
	a: { created: number; updated: number; deleted: number };
	b: { created: number; updated: number; deleted: number };
	unchanged: number;
	conflicts: number;
	errors: number;
	warnings: string[];
}

const SYNC_PARAMETERS = {
	operation: 'sync',
	sides: 'hubspot:pipedrive',
	recordKind: 'contact',
	direction: 'both',
	fields: 'email, firstName, lastName',
	conflictStrategy: 'aWins',
	deleteMode: 'ignore',
	options: {},
};

/** Schedule Trigger every 11 s → CRM Sync version 3 with these credentials. */
function scheduledSync(name: string, idPrefix: string, credentials: Record<string, unknown>) {
	return {
		name,
		connections: { Schedule: { main: [[{ node: 'CRM Sync', type: 'main', index: 0 }]] } },
		nodes: [
			{
				id: `${idPrefix}-0000-4000-8000-000000000001`,
				name: 'Schedule',
				type: 'n8n-nodes-base.scheduleTrigger',
				typeVersion: 1.2,
				position: [0, 0],
				parameters: { rule: { interval: [{ field: 'seconds', secondsInterval: 11 }] } },
			},
			{
				id: `${idPrefix}-0000-4000-8000-000000000002`,
				name: 'CRM Sync',
				type: 'n8n-nodes-crm-pack.crmPackCrmSync',
				typeVersion: 3,
				position: [260, 0],
				parameters: SYNC_PARAMETERS,
				credentials,
			},
		],
	};
}

const summaryOf = (e: Execution) => nodeItems(e, 'CRM Sync', 0)[0] as unknown as Summary;

async function hubspotCreate(properties: Record<string, string>): Promise<string> {
	const res = await fetch(`${sb.hubspot.baseUrl}/crm/v3/objects/contacts`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: 'Bearer pat-sandbox-token' },
		body: JSON.stringify({ properties }),
	});
	if (res.status !== 201) throw new Error(`sandbox contact create -> ${res.status}: ${await res.text()}`);
	return String(((await res.json()) as { id: string }).id);
}

const hsByEmail = (email: string) => sb.hubspot.store.list('contacts').filter((c) => c.properties.email === email);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const pdByEmail = (email: string): any[] => pd.list('persons').filter((p: { emails: Array<{ value: string }> }) => p.emails.some((e) => e.value === email));

beforeAll(async () => {
	sb = await startSandbox({ port: 0, seed: 18 });
	sb.hubspot.setPlan('pro');
	pd = sb.pipedrive;
});

afterAll(async () => {
	await sb?.close();
});

test('scheduled runs on both workers count 1, 2, 3, 4..., go incremental and keep an edit made on side B ("A wins")', async () => {
	const hubspot = await createCredential('HubSpot sandbox (queue sync)', 'crmPackHubSpotPrivateAppApi', { accessToken: 'pat-sandbox-token', plan: 'pro', baseUrl: sb.hubspot.baseUrl });
	const pipedrive = await createCredential('Pipedrive sandbox (queue sync)', 'crmPackPipedriveApi', { apiToken: 'pd-sandbox-token', companyDomain: sb.pipedrive.baseUrl, plan: 'lite' });
	const n8nApi = await n8nApiCredential('n8n API (queue sync)');

	await hubspotCreate({ email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace' });
	pd.write('persons', { name: 'Grace Hopper', emails: [{ value: 'grace@example.com', primary: true, label: 'work' }] });

	// no stateStore: version 3's default, Automatic, which takes the Data Table store as the credential is set
	const workflowId = await publishWorkflow(
		scheduledSync('Queue mode: scheduled CRM Sync', '5c0a7e1e', { crmPackHubSpotPrivateAppApi: hubspot, crmPackPipedriveApi: pipedrive, crmPackN8nApi: n8nApi }),
	);

	try {
		// Runs 1 and 2, then the edit on side B; the first run that starts after the edit must carry it.
		const firstTwo = await endedExecutions(workflowId, 2, 90000);
		expect(firstTwo.slice(0, 2).map((e) => e.status)).toEqual(['success', 'success']);
		const ada = pdByEmail('ada@example.com');
		expect(ada).toHaveLength(1);
		pd.write('persons', { name: 'Ada King' }, ada[0].id);
		const editedAt = Date.now();

		// Which worker takes a queued execution is up to Bull (the first worker blocked on Redis),
		// so runs continue until both workers ran at least one (at least 4 runs, at most 10).
		let runs: Execution[] = [];
		let workers: string[] = [];
		for (let n = 4; n <= 10; n++) {
			runs = (await endedExecutions(workflowId, n, 60000)).slice(0, n);
			workers = await Promise.all(runs.map((e) => workerOf(e.id)));
			if (new Set(workers).size === 2) break;
		}
		await deactivate(workflowId);
		process.stdout.write(`[queue] scheduled CRM Sync runs 1-${runs.length} ran on: ${workers.join(', ')}\n`);
		for (const w of workers) expect(w).toMatch(/^worker-\d$/);
		expect(new Set(workers).size).toBe(2);
		expect(runs.map((e) => e.status)).toEqual(runs.map(() => 'success'));
		expect(runs.every((e) => e.mode === 'trigger')).toBe(true);
		const summaries = runs.map(summaryOf);

		// the state came back on every run, whichever worker ran it
		expect(summaries.map((s) => s.run)).toEqual(runs.map((_, i) => i + 1));

		// run 1: both sides read in full, each side's record created on the other
		expect(summaries[0]).toMatchObject({ fullReconcile: { a: true, b: true }, a: { created: 1, updated: 0 }, b: { created: 1, updated: 0 }, errors: 0 });
		// later runs: incremental on both sides, no lost-state warning, no conflict
		for (const s of summaries.slice(1)) {
			expect(s.fullReconcile).toEqual({ a: false, b: false });
			expect(s.warnings).toEqual([]);
			expect(s.errors).toBe(0);
			expect(s.conflicts).toBe(0);
		}
		// one run carries B's edit to A (the first run started after the edit, or the one reading side B
		// when it was made) and writes nothing to B; every other run writes nothing
		const carriers = summaries.map((s, i) => (s.a.updated === 1 ? i : -1)).filter((i) => i >= 0);
		expect(carriers).toHaveLength(1);
		const firstAfterEdit = runs.findIndex((e) => Date.parse(e.startedAt) > editedAt);
		expect(carriers[0]).toBeGreaterThanOrEqual(Math.max(2, firstAfterEdit - 1));
		expect(carriers[0]).toBeLessThanOrEqual(firstAfterEdit === -1 ? runs.length - 1 : firstAfterEdit);
		for (const s of summaries.slice(1)) {
			expect(s.a.created).toBe(0);
			expect(s.a.updated).toBeLessThanOrEqual(1);
			expect(s.b).toMatchObject({ created: 0, updated: 0 });
		}

		// the records: the edit is on both sides, nothing duplicated
		expect(hsByEmail('ada@example.com').map((c) => [c.properties.firstname, c.properties.lastname])).toEqual([['Ada', 'King']]);
		expect(pdByEmail('ada@example.com').map((p) => p.name)).toEqual(['Ada King']);
		expect(hsByEmail('grace@example.com').map((c) => [c.properties.firstname, c.properties.lastname])).toEqual([['Grace', 'Hopper']]);
		expect(pdByEmail('grace@example.com')).toHaveLength(1);

		// one row per linked pair in the Data Table
		const links = (await tableRows<{ syncId: string; aId: string; bId: string }>('CRM Pack sync links')).filter((r) => r.syncId.startsWith(`${workflowId}:`));
		expect(links).toHaveLength(2);
		expect(links.map((l) => l.aId).sort()).toEqual(sb.hubspot.store.list('contacts').map((c) => c.id).sort());
	} finally {
		await deactivate(workflowId).catch(() => undefined);
	}
});

test('without the n8n API credential (Automatic: static data) every run on a worker counts 1 and warns that its state is lost', async () => {
	const hubspot = await createCredential('HubSpot sandbox (queue static)', 'crmPackHubSpotPrivateAppApi', { accessToken: 'pat-sandbox-token', plan: 'pro', baseUrl: sb.hubspot.baseUrl });
	const pipedrive = await createCredential('Pipedrive sandbox (queue static)', 'crmPackPipedriveApi', { apiToken: 'pd-sandbox-token', companyDomain: sb.pipedrive.baseUrl, plan: 'lite' });
	const workflowId = await publishWorkflow(scheduledSync('Queue mode: CRM Sync on static data', '5c0a7e1f', { crmPackHubSpotPrivateAppApi: hubspot, crmPackPipedriveApi: pipedrive }));
	try {
		const runs = (await endedExecutions(workflowId, 2, 90000)).slice(0, 2);
		await deactivate(workflowId);
		const workers = await Promise.all(runs.map((e) => workerOf(e.id)));
		process.stdout.write(`[queue] static-data CRM Sync runs 1-2 ran on: ${workers.join(', ')}\n`);
		for (const w of workers) expect(w).toMatch(/^worker-\d$/);
		expect(runs.map((e) => [e.status, e.mode])).toEqual([
			['success', 'trigger'],
			['success', 'trigger'],
		]);
		const summaries = runs.map(summaryOf);
		// the second run did not get the first one's state back: a first run again, reading everything
		expect(summaries.map((s) => [s.run, s.fullReconcile])).toEqual([
			[1, { a: true, b: true }],
			[1, { a: true, b: true }],
		]);
		for (const s of summaries) {
			expect(s.warnings).toContain(QUEUE_WORKER_WARNING);
			// the records the first test linked match by key: the lost-state guard says so too
			expect(s.warnings).toContainEqual(expect.stringMatching(/^No saved sync state was found, yet 2 record\(s\) on side A and side B already match by key/));
			expect(s.b).toMatchObject({ created: 0, updated: 0 });
		}
		// nothing went to the Data Tables
		const links = (await tableRows<{ syncId: string }>('CRM Pack sync links')).filter((r) => r.syncId.startsWith(`${workflowId}:`));
		expect(links).toEqual([]);
	} finally {
		await deactivate(workflowId).catch(() => undefined);
	}
});
