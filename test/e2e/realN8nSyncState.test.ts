/**
 * The CRM Sync node's Data Table state store in a real n8n 2.41.1 (issue 18,
 * "Sync state that survives queue mode"): n8n gives community nodes no Data
 * Table helper, so the node keeps its state in n8n's Data Tables through n8n's
 * public API. Checked here in n8n itself, against the HubSpot sandbox:
 * - runs count 1, 2, 3 and go incremental; one row per linked pair, visible
 *   through n8n's Data Table API; a run writes only the pairs that changed;
 * - a static-data state moves to the Data Tables on the first run with the
 *   Data Table store (run counter and links kept).
 *
 * Each workflow: Webhook (answers with the last node's first item) → Code
 * (the posted rows as items) → CRM Sync (HubSpot ↔ records from input).
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';

import { startSandbox, type Sandbox } from '../sandbox';
import { FIRST_INSTALL_TIMEOUT_MS, createInstance, ensureRuntime, type N8nInstance } from './realN8n';

interface ExamplesModule {
	CREDENTIALS: Record<'privateApp', { id: string; name: string; type: string }>;
	sandboxCredentials(sandboxUrl: string): Array<{ id?: string; name: string; type: string; data: Record<string, unknown> }>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const examples = require('../../scripts/lib/examples.js') as ExamplesModule;

jest.setTimeout(FIRST_INSTALL_TIMEOUT_MS);

const ROOT = path.join(__dirname, '..', '..');
let sb: Sandbox;
let n8n: N8nInstance;
let apiKey: string;
let n8nApiCredentialId: string;

interface Summary {
	run: number;
	fullReconcile: { a: boolean; b: boolean };
	a: { created: number; updated: number; deleted: number };
	b: { created: number; updated: number; deleted: number };
	unchanged: number;
	errors: number;
	warnings: string[];
}
interface LinkRow {
	id: number;
	syncId: string;
	aId: string;
	bId: string;
	pair: string;
	updatedAt: string;
}

const ROWS = [
	{ id: 1, email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', updatedAt: '2030-01-01T08:00:00Z' },
	{ id: 2, email: 'alan@example.com', firstName: 'Alan', lastName: 'Turing', updatedAt: '2030-01-01T08:00:00Z' },
];

/**
 * The workflow; `stateStore` 'auto' is version 3's default (the parameter left out), with the n8n API
 * credential when `withN8nApi` (default: for the Data Table store).
 */
function syncWorkflow(name: string, hookPath: string, stateStore: 'dataTable' | 'staticData' | 'auto', conflictStrategy = 'mostRecent', withN8nApi = stateStore === 'dataTable') {
	const pa = examples.CREDENTIALS.privateApp;
	const credentials: Record<string, { id: string; name: string }> = { [pa.type]: { id: pa.id, name: pa.name } };
	if (withN8nApi) credentials.crmPackN8nApi = { id: n8nApiCredentialId, name: 'n8n API (e2e)' };
	const sides = stateStore === 'auto' ? { sides: 'hubspot:input' } : { sideA: 'hubspot', sideB: 'input' };
	const uuid = (n: number) => `${createHash('sha1').update(hookPath).digest('hex').slice(0, 8)}-1111-4111-8111-00000000000${n}`;
	return {
		name,
		settings: { executionOrder: 'v1' },
		connections: {
			Webhook: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'CRM Sync', type: 'main', index: 0 }]] },
		},
		nodes: [
			{
				id: uuid(1),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: uuid(4),
				parameters: { httpMethod: 'POST', path: hookPath, responseMode: 'lastNode', options: {} },
			},
			{
				id: uuid(2),
				name: 'Rows',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 0],
				parameters: { jsCode: 'return $input.first().json.body.rows.map((json) => ({ json }));' },
			},
			{
				id: uuid(3),
				name: 'CRM Sync',
				type: 'n8n-nodes-crm-pack.crmPackCrmSync',
				typeVersion: stateStore === 'auto' ? 3 : 1,
				position: [400, 0],
				parameters: {
					operation: 'sync',
					...sides,
					bIdField: 'id',
					bInputComplete: true,
					recordKind: 'contact',
					direction: 'both',
					fields: 'email, firstName, lastName',
					conflictStrategy,
					deleteMode: 'ignore',
					options: {},
					...(stateStore === 'auto' ? {} : { stateStore }),
				},
				credentials,
			},
		],
	};
}

async function publish(workflow: ReturnType<typeof syncWorkflow>): Promise<string> {
	const created = await n8n.api<{ id: string }>(apiKey, 'POST', '/workflows', workflow);
	await n8n.api(apiKey, 'POST', `/workflows/${created.id}/activate`);
	const hookPath = `webhook/${String(workflow.nodes[0].parameters.path)}`;
	const deadline = Date.now() + 60000;
	while (!(await n8n.webhookRegistered(hookPath, 'POST'))) {
		if (Date.now() > deadline) throw new Error(`webhook ${hookPath} not registered`);
		await new Promise((r) => setTimeout(r, 250));
	}
	return created.id;
}

async function runSync(hookPath: string, rows: object[]): Promise<Summary> {
	const res = await fetch(`${n8n.baseUrl}/webhook/${hookPath}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ rows }),
	});
	const text = await res.text();
	if (res.status !== 200) throw new Error(`sync run answered ${res.status}: ${text.slice(0, 1000)}`);
	return JSON.parse(text) as Summary;
}

async function tableRows<T>(name: string): Promise<T[]> {
	const tables = await n8n.api<{ data: Array<{ id: string; name: string }> }>(apiKey, 'GET', `/data-tables?filter=${encodeURIComponent(JSON.stringify({ name }))}`);
	const table = tables.data.find((t) => t.name === name);
	if (!table) return [];
	return (await n8n.api<{ data: T[] }>(apiKey, 'GET', `/data-tables/${table.id}/rows?limit=250&sortBy=${encodeURIComponent('id:asc')}`)).data;
}

const linksOf = async (workflowId: string) => (await tableRows<LinkRow>('CRM Pack sync links')).filter((r) => r.syncId.startsWith(`${workflowId}:`));

beforeAll(async () => {
	ensureRuntime({ log: (m) => process.stderr.write(`[n8n-runtime] ${m}\n`) });
	sb = await startSandbox({ port: 0, seed: 5 });
	sb.hubspot.freezeClock('2030-01-01T09:00:00.000Z');
	n8n = await createInstance({ packageDir: ROOT });
	await n8n.importCredentials(examples.sandboxCredentials(sb.url).filter((c) => c.type === examples.CREDENTIALS.privateApp.type));
	// The machines are shared: a start can take minutes under load.
	await n8n.start({ timeoutMs: 6 * 60 * 1000 });
	await n8n.setupOwner({ email: 'owner@example.com', password: 'Passw0rd-e2e-Owner' });
	apiKey = await n8n.createApiKey();
	const cred = await n8n.api<{ id: string }>(apiKey, 'POST', '/credentials', {
		name: 'n8n API (e2e)',
		type: 'crmPackN8nApi',
		data: { apiKey, baseUrl: `${n8n.baseUrl}/api/v1` },
	});
	n8nApiCredentialId = cred.id;
});

afterAll(async () => {
	await n8n?.stop();
	await sb?.close();
});

describe('CRM Sync state in n8n Data Tables, in a real n8n 2.41.1', () => {
	it('counts runs 1, 2, 3, goes incremental, keeps one row per pair and rewrites only the changed pair', async () => {
		const workflowId = await publish(syncWorkflow('Sync state: Data Table', 'sync-state-dt', 'dataTable'));

		const first = await runSync('sync-state-dt', ROWS);
		expect(first).toMatchObject({ run: 1, a: { created: 2, updated: 0 }, errors: 0 });
		const links1 = await linksOf(workflowId);
		expect(links1).toHaveLength(2);
		const hubspotIds = sb.hubspot.store.list('contacts').map((c) => c.id).sort();
		expect(links1.map((r) => r.aId).sort()).toEqual(hubspotIds);
		expect(links1.map((r) => r.bId).sort()).toEqual(['1', '2']);

		const second = await runSync('sync-state-dt', ROWS);
		// run 1 read no HubSpot record (it created both), so no cursor yet: run 2 reads in full, run 3 incrementally
		expect(second).toMatchObject({ run: 2, fullReconcile: { a: true }, a: { created: 0, updated: 0 }, unchanged: 2 });
		expect(await linksOf(workflowId)).toEqual(links1);

		const edited = [{ ...ROWS[0], lastName: 'King', updatedAt: '2030-01-01T10:00:00Z' }, ROWS[1]];
		const third = await runSync('sync-state-dt', edited);
		expect(third).toMatchObject({ run: 3, fullReconcile: { a: false }, a: { created: 0, updated: 1 } });
		const links3 = await linksOf(workflowId);
		expect(links3.map((r) => r.id)).toEqual(links1.map((r) => r.id));
		const changed = links3.filter((r, i) => r.pair !== links1[i].pair || r.updatedAt !== links1[i].updatedAt);
		expect(changed.map((r) => r.bId)).toEqual(['1']);

		const [stateRow] = (await tableRows<{ syncId: string; state: string; scope: string }>('CRM Pack sync state')).filter((r) => r.syncId.startsWith(`${workflowId}:`));
		expect(JSON.parse(stateRow.state)).toMatchObject({ v: 1, n: 3, p: [] });
		expect(stateRow.scope).toContain('contact|');
	});

	it('moves a static-data state to the Data Tables on the first run with the Data Table store', async () => {
		const workflow = syncWorkflow('Sync state: migration', 'sync-state-mig', 'staticData');
		const workflowId = await publish(workflow);
		const rows = [{ id: 7, email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper', updatedAt: '2030-01-01T08:00:00Z' }];
		expect(await runSync('sync-state-mig', rows)).toMatchObject({ run: 1, a: { created: 1 } });
		expect(await runSync('sync-state-mig', rows)).toMatchObject({ run: 2, unchanged: 1 });
		expect(await linksOf(workflowId)).toEqual([]);

		const sync = workflow.nodes[2];
		(sync.parameters as Record<string, unknown>).stateStore = 'dataTable';
		(sync.credentials as Record<string, unknown>).crmPackN8nApi = { id: n8nApiCredentialId, name: 'n8n API (e2e)' };
		await n8n.api(apiKey, 'POST', `/workflows/${workflowId}/deactivate`);
		await n8n.api(apiKey, 'PUT', `/workflows/${workflowId}`, { name: workflow.name, nodes: workflow.nodes, connections: workflow.connections, settings: workflow.settings });
		await n8n.api(apiKey, 'POST', `/workflows/${workflowId}/activate`);
		await new Promise((r) => setTimeout(r, 1000));

		const moved = await runSync('sync-state-mig', rows);
		expect(moved).toMatchObject({ run: 3, a: { created: 0, updated: 0 }, unchanged: 1 });
		expect(moved.warnings).toContain('The sync state (1 linked pairs) was moved from workflow static data to the n8n Data Tables');
		const links = await linksOf(workflowId);
		expect(links.map((r) => r.bId)).toEqual(['7']);
		expect(await runSync('sync-state-mig', rows)).toMatchObject({ run: 4, unchanged: 1, warnings: [] });
	});

	it('version 3 (State Store: Automatic) in regular mode: static data without the n8n API credential, no queue warning; the Data Tables with it', async () => {
		const rows = [{ id: 31, email: 'katherine@example.com', firstName: 'Katherine', lastName: 'Johnson', updatedAt: '2030-01-01T08:00:00Z' }];
		const staticId = await publish(syncWorkflow('Sync state: automatic, static data', 'sync-state-auto-sd', 'auto', 'mostRecent', false));
		expect(await runSync('sync-state-auto-sd', rows)).toMatchObject({ run: 1, a: { created: 1 }, warnings: [] });
		// n8n read the static data back (regular mode) and the node saw an active workflow: no queue-worker warning
		expect(await runSync('sync-state-auto-sd', rows)).toMatchObject({ run: 2, unchanged: 1, warnings: [] });
		expect(await linksOf(staticId)).toEqual([]);

		const rows2 = [{ id: 32, email: 'dorothy@example.com', firstName: 'Dorothy', lastName: 'Vaughan', updatedAt: '2030-01-01T08:00:00Z' }];
		const tableId = await publish(syncWorkflow('Sync state: automatic, Data Table', 'sync-state-auto-dt', 'auto', 'mostRecent', true));
		expect(await runSync('sync-state-auto-dt', rows2)).toMatchObject({ run: 1, a: { created: 1 }, warnings: [] });
		expect(await runSync('sync-state-auto-dt', rows2)).toMatchObject({ run: 2, unchanged: 1, warnings: [] });
		expect((await linksOf(tableId)).map((r) => r.bId)).toEqual(['32']);
	});

	it('a lost Data Table state under "A wins": the run warns, writes nothing and saves nothing', async () => {
		const workflowId = await publish(syncWorkflow('Sync state: lost', 'sync-state-lost', 'dataTable', 'aWins'));
		const rows = [
			{ id: 21, email: 'edsger@example.com', firstName: 'Edsger', lastName: 'Dijkstra', updatedAt: '2030-01-01T08:00:00Z' },
			{ id: 22, email: 'barbara@example.com', firstName: 'Barbara', lastName: 'Liskov', updatedAt: '2030-01-01T08:00:00Z' },
		];
		expect(await runSync('sync-state-lost', rows)).toMatchObject({ run: 1, a: { created: 2 } });
		expect(await runSync('sync-state-lost', rows)).toMatchObject({ run: 2, unchanged: 2 });
		const [{ syncId }] = await linksOf(workflowId);
		expect(await linksOf(workflowId)).toHaveLength(2);

		// the state is lost (rows deleted in n8n's Data Tables), then side B edits a record
		for (const name of ['CRM Pack sync links', 'CRM Pack sync state']) {
			const tables = await n8n.api<{ data: Array<{ id: string; name: string }> }>(apiKey, 'GET', `/data-tables?filter=${encodeURIComponent(JSON.stringify({ name }))}`);
			const table = tables.data.find((t) => t.name === name)!;
			const filter = { filters: [{ columnName: 'syncId', condition: 'eq', value: syncId }] };
			await n8n.api(apiKey, 'DELETE', `/data-tables/${table.id}/rows/delete?filter=${encodeURIComponent(JSON.stringify(filter))}`);
		}
		expect(await linksOf(workflowId)).toEqual([]);
		const edited = [{ ...rows[0], lastName: 'Dijkstra-Edited', updatedAt: '2030-01-01T10:00:00Z' }, rows[1]];
		const held = await runSync('sync-state-lost', edited);
		expect(held).toMatchObject({ run: 1, a: { created: 0, updated: 0 }, b: { created: 0, updated: 0 } });
		expect((held as unknown as { aborted: string }).aborted).toMatch(/^Lost-state guard: 1 record\(s\) on side B would be overwritten by side A/);
		expect(held.warnings[0]).toMatch(/^No saved sync state was found, yet 2 record\(s\) on side A and side B already match by key/);
		expect(await linksOf(workflowId)).toEqual([]);
		const hs = sb.hubspot.store.list('contacts').find((c) => c.properties.email === 'edsger@example.com')!;
		expect(hs.properties.lastname).toBe('Dijkstra');
	});
});
