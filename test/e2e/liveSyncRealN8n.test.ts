/**
 * Sync within seconds (issue 17), in a real n8n 2.41.1: 20 event-driven
 * executions of CRM Sync's "Sync Named Records" at once with a scheduled-style
 * Sync run, HubSpot contacts <-> Salesforce contacts, sharing one state (State
 * Key, Data Table store). What only a real n8n does: executions run concurrently
 * in n8n's process and the state goes through n8n's own Data Table API (SQLite
 * here), which answers 500 now and then under such load (measured last session).
 *
 * The light-runner version (test/e2e/liveSync.test.ts) checks the same in-process;
 * here it is n8n's webhook server, its executions and its Data Tables. Checked on
 * the sandbox's records, the sandbox's write journals and n8n's tables:
 * - every execution answers 200 with a Summary: none failed, none waited (Wait for
 *   Another Run is 0 on the event-driven node, so a run that needed to wait would fail);
 *   runs that found the sync held say they handed their records over;
 * - every change written to Salesforce exactly once (one update per edited contact,
 *   one create per new one), nothing written to HubSpot;
 * - one Salesforce contact and one link row per HubSpot contact; the lease free and
 *   no record left handed over; a later run finds nothing to write.
 *
 * One workflow: Webhook "live" → Code (one item per posted event) → CRM Sync "Live"
 * (Sync Named Records), and Webhook "scheduled" → CRM Sync "Scheduled" (Sync), the
 * Schedule Trigger of examples/crm-sync-live-hubspot-salesforce.json made callable.
 */
import * as path from 'node:path';

import { startSandbox, type Sandbox } from '../sandbox';
import { FIRST_INSTALL_TIMEOUT_MS, createInstance, ensureRuntime, type N8nInstance } from './realN8n';

interface ExamplesModule {
	CREDENTIALS: Record<'privateApp' | 'salesforce' | 'n8nApi', { id: string; name: string; type: string }>;
	sandboxCredentials(sandboxUrl: string, opts?: { n8nBaseUrl?: string }): Array<{ id?: string; name: string; type: string; data: Record<string, unknown> }>;
}
/* eslint-disable @typescript-eslint/no-require-imports */
const examples = require('../../scripts/lib/examples.js') as ExamplesModule;
const stack = require('../../scripts/lib/stack.js') as { connectN8nApiCredential(n8n: N8nInstance, apiKey: string): Promise<void> };
const live = require('../../scripts/lib/liveExample.js') as {
	editInHubSpot(sb: Sandbox, id: string, values: Record<string, string>): void;
	createInHubSpot(sb: Sandbox, values: Record<string, string>): string;
	salesforceByEmail(sb: Sandbox, email: string): Array<Record<string, unknown>>;
};
/* eslint-enable @typescript-eslint/no-require-imports */

jest.setTimeout(FIRST_INSTALL_TIMEOUT_MS);

const ROOT = path.join(__dirname, '..', '..');
const LIVE = 'live-sync-e2e-live';
const SCHEDULED = 'live-sync-e2e-scheduled';
let sb: Sandbox;
let n8n: N8nInstance;
let apiKey: string;

interface Summary {
	operation: string;
	handedOver?: boolean;
	named?: { side: string; records: number };
	takenOver?: { records: number; passes: number };
	a: { created: number; updated: number };
	b: { created: number; updated: number };
	errors: number;
}

function syncNode(name: string, id: string, operation: 'sync' | 'syncNamed', position: [number, number]) {
	const c = examples.CREDENTIALS;
	return {
		id,
		name,
		type: 'n8n-nodes-crm-pack.crmPackCrmSync',
		typeVersion: 2,
		position,
		parameters: {
			operation,
			sides: 'hubspot:salesforce',
			recordKind: 'contact',
			direction: 'both',
			fields: 'email, firstName, lastName',
			conflictStrategy: 'mostRecent',
			deleteMode: 'ignore',
			stateStore: 'dataTable',
			stateKey: 'contacts',
			// Event-driven runs must never wait: 0 makes one that would fail. The scheduled run may wait its turn.
			leaseWaitSeconds: operation === 'syncNamed' ? 0 : 120,
			options: { maxAttempts: 8 },
		},
		credentials: {
			[c.privateApp.type]: { id: c.privateApp.id, name: c.privateApp.name },
			[c.salesforce.type]: { id: c.salesforce.id, name: c.salesforce.name },
			[c.n8nApi.type]: { id: c.n8nApi.id, name: c.n8nApi.name },
		},
	};
}

const webhook = (name: string, id: string, hookPath: string, position: [number, number]) => ({
	id,
	name,
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	position,
	webhookId: id,
	parameters: { httpMethod: 'POST', path: hookPath, responseMode: 'lastNode', options: {} },
});

const WORKFLOW = {
	name: 'Live sync: 20 events with a scheduled run',
	settings: { executionOrder: 'v1' },
	connections: {
		'Live events': { main: [[{ node: 'Events', type: 'main', index: 0 }]] },
		Events: { main: [[{ node: 'Live', type: 'main', index: 0 }]] },
		'Scheduled run': { main: [[{ node: 'Scheduled', type: 'main', index: 0 }]] },
	},
	nodes: [
		webhook('Live events', '1b7e2c4a-0017-4a00-8000-000000000001', LIVE, [0, 0]),
		{
			id: '1b7e2c4a-0017-4a00-8000-000000000002',
			name: 'Events',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [200, 0],
			parameters: { jsCode: 'return $input.first().json.body.events.map((json) => ({ json }));' },
		},
		syncNode('Live', '1b7e2c4a-0017-4a00-8000-000000000003', 'syncNamed', [400, 0]),
		webhook('Scheduled run', '1b7e2c4a-0017-4a00-8000-000000000004', SCHEDULED, [0, 300]),
		syncNode('Scheduled', '1b7e2c4a-0017-4a00-8000-000000000005', 'sync', [400, 300]),
	],
};

async function post(hookPath: string, body: unknown): Promise<Summary> {
	const res = await fetch(`${n8n.baseUrl}/webhook/${hookPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const text = await res.text();
	if (res.status !== 200) throw new Error(`${hookPath} answered ${res.status}: ${text.slice(0, 600)}`);
	return JSON.parse(text) as Summary;
}
const scheduled = () => post(SCHEDULED, {});
/** A HubSpot webhook event as the HubSpot (CRM Pack) Trigger emits it. */
const event = (id: string) => ({ subscriptionType: 'contact.propertyChange', objectId: Number(id), changeSource: 'CRM_UI' });

async function tableRows(name: string): Promise<Array<Record<string, unknown>>> {
	const tables = await n8n.api<{ data: Array<{ id: string; name: string }> }>(apiKey, 'GET', `/data-tables?filter=${encodeURIComponent(JSON.stringify({ name }))}`);
	const table = tables.data.find((t) => t.name === name);
	if (!table) return [];
	return (await n8n.api<{ data: Array<Record<string, unknown>> }>(apiKey, 'GET', `/data-tables/${table.id}/rows?limit=250`)).data;
}

const hubspotContacts = () => sb.hubspot.store.list('contacts') as Array<{ id: string; properties: Record<string, string> }>;
const sfId = (email: string) => String(live.salesforceByEmail(sb, email)[0]?.Id);

beforeAll(async () => {
	ensureRuntime({ log: (m) => process.stderr.write(`[n8n-runtime] ${m}\n`) });
	sb = await startSandbox({ port: 0, seed: 43 });
	sb.hubspot.seed({ contacts: 6, companies: 0, deals: 0, meetings: 0 });
	n8n = await createInstance({ packageDir: ROOT });
	const wanted = new Set(['privateApp', 'salesforce', 'n8nApi'].map((k) => examples.CREDENTIALS[k as 'privateApp'].type));
	await n8n.importCredentials(examples.sandboxCredentials(sb.url, { n8nBaseUrl: n8n.baseUrl }).filter((c) => wanted.has(c.type)));
	// The machines are shared: a start can take minutes under load.
	await n8n.start({ timeoutMs: 6 * 60 * 1000 });
	await n8n.setupOwner({ email: 'owner@example.com', password: 'Passw0rd-e2e-Live' });
	apiKey = await n8n.createApiKey();
	await stack.connectN8nApiCredential(n8n, apiKey);
	const created = await n8n.api<{ id: string }>(apiKey, 'POST', '/workflows', WORKFLOW);
	await n8n.api(apiKey, 'POST', `/workflows/${created.id}/activate`);
	for (const hook of [LIVE, SCHEDULED]) {
		const deadline = Date.now() + 60000;
		while (!(await n8n.webhookRegistered(`webhook/${hook}`, 'POST'))) {
			if (Date.now() > deadline) throw new Error(`webhook ${hook} not registered`);
			await new Promise((r) => setTimeout(r, 250));
		}
	}
});

afterAll(async () => {
	await n8n?.stop();
	await sb?.close();
});

test('20 event-driven executions at once with a scheduled run: none waits or fails, every change written once, the state consistent', async () => {
	const first = await scheduled();
	expect(first).toMatchObject({ b: { created: 6 }, errors: 0 });
	const contacts = hubspotContacts();
	const bodies: Array<{ events: unknown[] }> = [];
	contacts.forEach((c, i) => {
		live.editInHubSpot(sb, c.id, { firstname: `Edited${i}` });
		bodies.push({ events: [event(c.id)] });
	});
	for (let i = 0; i < 4; i++) bodies.push({ events: [event(contacts[i].id)] });
	for (let i = 0; i < 8; i++) bodies.push({ events: [event(live.createInHubSpot(sb, { email: `burst${i}@example.com`, firstname: `Burst${i}`, lastname: 'New' }))] });
	bodies.push({ events: [event(contacts[4].id), event(contacts[5].id)] });
	bodies.push({ events: [event(contacts[0].id), event(contacts[0].id)] });
	expect(bodies).toHaveLength(20);
	const sfJournal = () => sb.salesforce!.changes.all() as unknown as Array<{ id: string; changeType: string; client?: string }>;
	const sfBefore = sfJournal().length;
	const hsBefore = sb.hubspot.store.changes.length;

	const results = await Promise.allSettled([...bodies.map((b) => post(LIVE, b)), scheduled()]);
	const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
	expect(failed.map((f) => String(f.reason))).toEqual([]);
	const summaries = (results as Array<PromiseFulfilledResult<Summary>>).map((r) => r.value);
	expect(summaries.map((x) => x.errors)).toEqual(summaries.map(() => 0));
	const handed = summaries.filter((x) => x.handedOver === true);
	expect(handed.length).toBeGreaterThan(0);
	// What the handing-over runs named, the holders synced: at least as many records taken over as handed over (distinct).
	const takenOver = summaries.reduce((n, x) => n + (x.takenOver?.records ?? 0), 0);
	expect(takenOver).toBeGreaterThan(0);

	// Exactly once: one Salesforce update per edited contact, one create per new one; no HubSpot write by the sync.
	const perRecord: Record<string, string[]> = {};
	for (const c of sfJournal().slice(sfBefore).filter((x) => x.client === 'n8nCrmPack')) (perRecord[String(c.id)] ??= []).push(c.changeType);
	const expected: Record<string, string[]> = {};
	for (const c of contacts) expected[sfId(c.properties.email)] = ['updated'];
	for (let i = 0; i < 8; i++) expected[sfId(`burst${i}@example.com`)] = ['created'];
	expect(perRecord).toEqual(expected);
	expect(sb.hubspot.store.changes.slice(hsBefore).filter((c) => c.sourceId !== 'crm-ui')).toEqual([]);
	contacts.forEach((c, i) => expect(live.salesforceByEmail(sb, c.properties.email)[0].FirstName).toBe(`Edited${i}`));

	// One Salesforce contact and one link per HubSpot contact; the lease free; nothing left handed over.
	const all = hubspotContacts();
	expect(sb.salesforce!.store.count('Contact')).toBe(all.length);
	const links = await tableRows('CRM Pack sync links');
	expect(links.map((r) => String(r.aId)).sort()).toEqual(all.map((c) => c.id).sort());
	expect(links.map((r) => String(r.bId)).sort()).toEqual(all.map((c) => sfId(c.properties.email)).sort());
	const [state] = await tableRows('CRM Pack sync state');
	expect(state).toMatchObject({ leaseToken: '', leaseUntil: 0 });
	expect(await tableRows('CRM Pack sync pending')).toEqual([]);
	expect(await scheduled()).toMatchObject({ a: { created: 0, updated: 0 }, b: { created: 0, updated: 0 }, errors: 0 });
});
