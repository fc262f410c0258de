/**
 * Webhook replay protection in a real n8n 2.41.1 (issue 19, "Replays run twice").
 *
 * Two published workflows with the same HubSpot (CRM Pack) Trigger, one per
 * Replay Protection store:
 * - "Workflow Static Data": documents what n8n does. Because the trigger
 *   answers the request itself, n8n saves its static data before the run
 *   starts, so a later replay is caught; ten identical deliveries at once all
 *   read the static data before any saves it, and start several runs.
 * - "n8n Data Table": the event is claimed in a Data Table through n8n's public
 *   API before the workflow starts. The same signed delivery sent again 2 s
 *   later starts no run, ten identical deliveries sent at once start one run,
 *   and the table holds one row per event.
 *
 * Executions are counted through n8n's public API; the HubSpot deliveries are
 * signed by the sandbox exactly as HubSpot signs them (v3).
 */
import * as path from 'node:path';

import { startSandbox, type Sandbox } from '../sandbox';
import { FIRST_INSTALL_TIMEOUT_MS, createInstance, ensureRuntime, type N8nInstance } from './realN8n';

interface ExamplesModule {
	CREDENTIALS: Record<'developerApp', { id: string; name: string; type: string }>;
	SANDBOX_SECRETS: { clientSecret: string };
	sandboxCredentials(sandboxUrl: string): Array<{ id?: string; name: string; type: string; data: Record<string, unknown> }>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const examples = require('../../scripts/lib/examples.js') as ExamplesModule;

jest.setTimeout(FIRST_INSTALL_TIMEOUT_MS);

const ROOT = path.join(__dirname, '..', '..');
const TABLE = 'CRM Pack webhook events';

let sb: Sandbox;
let n8n: N8nInstance;
let apiKey: string;

interface Hook {
	workflowId: string;
	url: string;
}
let dataTableHook: Hook;
let staticDataHook: Hook;

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await fn();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function executionCount(workflowId: string): Promise<number> {
	const res = await n8n.api<{ data: Array<{ id: string }> }>(apiKey, 'GET', `/executions?workflowId=${workflowId}&limit=250`);
	return res.data.length;
}

/** The count once it has stopped changing for `quietMs` (runs still being recorded are counted). */
async function settledCount(workflowId: string, quietMs = 2000): Promise<number> {
	let last = await executionCount(workflowId);
	let stableSince = Date.now();
	for (;;) {
		await pause(250);
		const now = await executionCount(workflowId);
		if (now !== last) {
			last = now;
			stableSince = Date.now();
		} else if (Date.now() - stableSince >= quietMs) return now;
	}
}

/** A workflow: the trigger with the given Replay Protection, then a No Op. */
async function createHookWorkflow(name: string, webhookId: string, replayProtection: 'dataTable' | 'staticData', n8nApiCredentialId: string): Promise<Hook> {
	const dev = examples.CREDENTIALS.developerApp;
	const credentials: Record<string, { id: string; name: string }> = { [dev.type]: { id: dev.id, name: dev.name } };
	if (replayProtection === 'dataTable') credentials.crmPackN8nApi = { id: n8nApiCredentialId, name: 'n8n API (e2e)' };
	const workflow = await n8n.api<{ id: string }>(apiKey, 'POST', '/workflows', {
		name,
		settings: { executionOrder: 'v1' },
		connections: { 'HubSpot events': { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
		nodes: [
			{
				id: `${webhookId.slice(0, 8)}-0000-4000-8000-000000000001`,
				name: 'HubSpot events',
				type: 'n8n-nodes-crm-pack.crmPackHubSpotTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: {
					subscriptionManagement: 'manual',
					events: { event: [{ eventType: 'contact.creation' }] },
					options: {},
					replayProtection,
				},
				credentials,
			},
			{ id: `${webhookId.slice(0, 8)}-0000-4000-8000-000000000002`, name: 'Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [240, 0], parameters: {} },
		],
	});
	await n8n.api(apiKey, 'POST', `/workflows/${workflow.id}/activate`);
	const hookPath = `webhook/${webhookId}/webhook`;
	await waitFor(`webhook ${hookPath}`, async () => ((await n8n.webhookRegistered(hookPath, 'POST')) ? true : undefined));
	return { workflowId: workflow.id, url: `${n8n.baseUrl}/${hookPath}` };
}

/** One HubSpot delivery, signed once; `send` posts exactly those bytes and headers again. */
function signedDelivery(url: string, events: Array<Record<string, unknown>>): { send: () => Promise<number> } {
	const body = JSON.stringify(events);
	const timestamp = String(Date.now());
	const secret = examples.SANDBOX_SECRETS.clientSecret;
	const headers = {
		'Content-Type': 'application/json',
		'X-HubSpot-Signature-v3': sb.webhooks.sign('v3', { secret, method: 'POST', uri: url, body, timestamp }),
		'X-HubSpot-Request-Timestamp': timestamp,
	};
	return {
		send: async () => {
			const res = await fetch(url, { method: 'POST', headers, body });
			await res.arrayBuffer();
			return res.status;
		},
	};
}

let nextEventId = 7000;
function contactCreated(): Record<string, unknown> {
	const eventId = nextEventId++;
	return { eventId, subscriptionId: 11, portalId: 62515, appId: 1234567, occurredAt: Date.now(), subscriptionType: 'contact.creation', attemptNumber: 0, objectId: 900 + eventId, changeSource: 'CRM_UI' };
}

async function tableRows(): Promise<Array<{ id: number; eventKey: string; claim: string }>> {
	const tables = await n8n.api<{ data: Array<{ id: string; name: string }> }>(apiKey, 'GET', `/data-tables?filter=${encodeURIComponent(JSON.stringify({ name: TABLE }))}`);
	const table = tables.data.find((t) => t.name === TABLE);
	if (!table) return [];
	const rows = await n8n.api<{ data: Array<{ id: number; eventKey: string; claim: string }> }>(apiKey, 'GET', `/data-tables/${table.id}/rows?limit=250`);
	return rows.data;
}

beforeAll(async () => {
	ensureRuntime({ log: (m) => process.stderr.write(`[n8n-runtime] ${m}\n`) });
	sb = await startSandbox({ port: 0, seed: 11 });
	n8n = await createInstance({ packageDir: ROOT });
	await n8n.importCredentials(examples.sandboxCredentials(sb.url).filter((c) => c.type === examples.CREDENTIALS.developerApp.type));
	// The machines are shared: a start can take minutes under load.
	await n8n.start({ timeoutMs: 6 * 60 * 1000 });
	await n8n.setupOwner({ email: 'owner@example.com', password: 'Passw0rd-e2e-Owner' });
	apiKey = await n8n.createApiKey();
	const n8nApi = await n8n.api<{ id: string }>(apiKey, 'POST', '/credentials', {
		name: 'n8n API (e2e)',
		type: 'crmPackN8nApi',
		data: { apiKey, baseUrl: `${n8n.baseUrl}/api/v1` },
	});
	dataTableHook = await createHookWorkflow('Replay protection: Data Table', '5d1c3a9e-7b42-4c55-9a61-0d7c2b8e4f10', 'dataTable', n8nApi.id);
	staticDataHook = await createHookWorkflow('Replay protection: static data', '8a2e4c6f-1b3d-4e5f-8a7b-9c0d1e2f3a40', 'staticData', n8nApi.id);
});

afterAll(async () => {
	await n8n?.stop();
	await sb?.close();
});

describe('webhook replay protection in a real n8n 2.41.1', () => {
	it('static data (n8n as it is): a later replay is caught, ten identical deliveries at once start several runs', async () => {
		const { workflowId, url } = staticDataHook;
		const first = signedDelivery(url, [contactCreated()]);
		expect(await first.send()).toBe(200);
		expect(await settledCount(workflowId)).toBe(1);
		const second = signedDelivery(url, [contactCreated()]);
		expect(await second.send()).toBe(200);
		expect(await settledCount(workflowId)).toBe(2);
		// The trigger answers the request itself (noWebhookResponse), so n8n calls its response
		// callback, which saves the changed static data, before WorkflowRunner.run resets the flag.
		await pause(2000);
		expect(await second.send()).toBe(200);
		expect(await settledCount(workflowId)).toBe(2);

		// Each concurrent delivery reads the static data before any of them saved it.
		const burst = signedDelivery(url, [contactCreated()]);
		const statuses = await Promise.all(Array.from({ length: 10 }, () => burst.send()));
		expect(statuses).toEqual(Array(10).fill(200));
		// 2 runs before the burst: more than 3 means at least 2 runs for the one event
		expect(await settledCount(workflowId, 3000)).toBeGreaterThan(3);
	});

	it('Data Table: the same signed delivery sent again 2 s later starts no second run', async () => {
		const { workflowId, url } = dataTableHook;
		const before = await settledCount(workflowId, 500);
		const first = signedDelivery(url, [contactCreated()]);
		expect(await first.send()).toBe(200);
		expect(await settledCount(workflowId)).toBe(before + 1);
		const second = signedDelivery(url, [contactCreated()]);
		expect(await second.send()).toBe(200);
		expect(await settledCount(workflowId)).toBe(before + 2);

		await pause(2000);
		expect(await second.send()).toBe(200);
		expect(await first.send()).toBe(200);
		expect(await settledCount(workflowId)).toBe(before + 2);

		// one row per event, in the table n8n shows under Data Tables
		const rows = await tableRows();
		const keys = rows.map((r) => r.eventKey);
		expect(new Set(keys).size).toBe(keys.length);
		expect(keys.filter((k) => k.startsWith(`${workflowId}:`))).toHaveLength(2);
	});

	it('Data Table: ten identical deliveries sent at once start one run', async () => {
		const { workflowId, url } = dataTableHook;
		const before = await settledCount(workflowId, 500);
		const event = contactCreated();
		const delivery = signedDelivery(url, [event]);
		const statuses = await Promise.all(Array.from({ length: 10 }, () => delivery.send()));
		expect(statuses).toEqual(Array(10).fill(200));
		expect(await settledCount(workflowId, 3000)).toBe(before + 1);

		const rows = (await tableRows()).filter((r) => r.eventKey.endsWith(`:11:${String(event.eventId)}`));
		expect(rows).toHaveLength(1);
	});

	it('Data Table: a batch mixing a replayed and a new event runs once, with the new event only', async () => {
		const { workflowId, url } = dataTableHook;
		const before = await settledCount(workflowId, 500);
		const old = contactCreated();
		expect(await signedDelivery(url, [old]).send()).toBe(200);
		expect(await settledCount(workflowId)).toBe(before + 1);
		const fresh = contactCreated();
		expect(await signedDelivery(url, [old, fresh]).send()).toBe(200);
		expect(await settledCount(workflowId)).toBe(before + 2);

		const list = await n8n.api<{ data: Array<{ id: string }> }>(apiKey, 'GET', `/executions?workflowId=${workflowId}&limit=1&includeData=true`);
		const latest = await n8n.api<{ data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }>> } }>> } } }>(
			apiKey,
			'GET',
			`/executions/${list.data[0].id}?includeData=true`,
		);
		const items = latest.data.resultData.runData['Received'][0].data.main[0].map((i) => i.json.eventId);
		expect(items).toEqual([fresh.eventId]);
	});
});
