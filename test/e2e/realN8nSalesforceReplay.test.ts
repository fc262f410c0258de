/**
 * Replay protection of the Salesforce Outbound Message (CRM Pack) Trigger in a real n8n 2.41.1
 * (issue 19, "Replays run twice"), as test/e2e/realN8nReplay.test.ts does for HubSpot.
 * Salesforce resends a message it saw no Ack for during 24 hours, and a delivery can arrive
 * twice: with Replay Protection "n8n Data Table" each notification id is claimed through n8n's
 * public API before the workflow starts. The same message sent again 2 s later starts no run
 * and is still acknowledged (so Salesforce stops resending); ten identical messages sent at once
 * start one run; a message mixing a seen and a new notification runs with the new one only.
 */
import * as path from 'node:path';

import { startSandbox, type Sandbox } from '../sandbox';
import { FIRST_INSTALL_TIMEOUT_MS, createInstance, ensureRuntime, waitFor, type N8nInstance } from './realN8n';

jest.setTimeout(FIRST_INSTALL_TIMEOUT_MS);

const ROOT = path.join(__dirname, '..', '..');
const TABLE = 'CRM Pack webhook events';
const SF_ORG = '00D000000000001EAA';
const SECRET = 'Rp4Xw8Lk2-Qm7Tz1_Hc5Vb9Nd3Js6Gf0Ya';
const WEBHOOK_ID = '3f6b2d8e-1c4a-4e7f-9b05-6a2d8c1e7f30';

let sb: Sandbox;
let n8n: N8nInstance;
let apiKey: string;
let workflowId: string;
let url: string;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function executionCount(): Promise<number> {
	const res = await n8n.api<{ data: Array<{ id: string }> }>(apiKey, 'GET', `/executions?workflowId=${workflowId}&limit=250`);
	return res.data.length;
}

/** The count once it has stopped changing for `quietMs` (runs still being recorded are counted). */
async function settledCount(quietMs = 2000): Promise<number> {
	let last = await executionCount();
	let stableSince = Date.now();
	for (;;) {
		await pause(250);
		const now = await executionCount();
		if (now !== last) {
			last = now;
			stableSince = Date.now();
		} else if (Date.now() - stableSince >= quietMs) return now;
	}
}

let nextId = 1;
/** A notification id as Salesforce's look (04l + 12 + AAA), unique in this file. */
const notificationId = () => `04l${String(nextId++).padStart(12, '0')}AAA`;

/** One outbound message, built once: `send` posts exactly those bytes again, as Salesforce resends. */
function outbound(ids: string[]): { send: () => Promise<{ status: number; acked: boolean }> } {
	const xml = sb.salesforce.outbound.message(
		ids.map((id, i) => ({ id, sobject: 'Contact', fields: { Id: `003${String(i).padStart(12, '0')}AAA`, Email: `p${i}@example.com` } })),
		{ organizationId: SF_ORG },
	) as string;
	return {
		send: async () => {
			const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '""' }, body: xml });
			const text = await res.text();
			return { status: res.status, acked: /<Ack>\s*true\s*<\/Ack>/.test(text) };
		},
	};
}

async function tableKeys(): Promise<string[]> {
	const tables = await n8n.api<{ data: Array<{ id: string; name: string }> }>(apiKey, 'GET', `/data-tables?filter=${encodeURIComponent(JSON.stringify({ name: TABLE }))}`);
	const table = tables.data.find((t) => t.name === TABLE);
	if (!table) return [];
	const rows = await n8n.api<{ data: Array<{ eventKey: string }> }>(apiKey, 'GET', `/data-tables/${table.id}/rows?limit=250`);
	return rows.data.map((r) => r.eventKey);
}

beforeAll(async () => {
	ensureRuntime({ log: (m) => process.stderr.write(`[n8n-runtime] ${m}\n`) });
	sb = await startSandbox({ port: 0, seed: 13 });
	n8n = await createInstance({ packageDir: ROOT });
	// The machines are shared: a start can take minutes under load.
	await n8n.start({ timeoutMs: 6 * 60 * 1000 });
	await n8n.setupOwner({ email: 'owner@example.com', password: 'Passw0rd-e2e-Owner' });
	apiKey = await n8n.createApiKey();
	const n8nApi = await n8n.api<{ id: string }>(apiKey, 'POST', '/credentials', {
		name: 'n8n API (e2e)',
		type: 'crmPackN8nApi',
		data: { apiKey, baseUrl: `${n8n.baseUrl}/api/v1` },
	});
	const workflow = await n8n.api<{ id: string }>(apiKey, 'POST', '/workflows', {
		name: 'Salesforce outbound messages: Data Table replay protection',
		settings: { executionOrder: 'v1' },
		connections: { 'Outbound messages': { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
		nodes: [
			{
				id: '3f6b2d8e-0000-4000-8000-000000000001',
				name: 'Outbound messages',
				type: 'n8n-nodes-crm-pack.crmPackSalesforceOutboundTrigger',
				typeVersion: 2,
				position: [0, 0],
				webhookId: WEBHOOK_ID,
				parameters: { endpointSecret: SECRET, organizationId: SF_ORG, replayProtection: 'dataTable', options: {} },
				credentials: { crmPackN8nApi: { id: n8nApi.id, name: 'n8n API (e2e)' } },
			},
			{ id: '3f6b2d8e-0000-4000-8000-000000000002', name: 'Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [240, 0], parameters: {} },
		],
	});
	workflowId = workflow.id;
	await n8n.api(apiKey, 'POST', `/workflows/${workflowId}/activate`);
	const hookPath = `webhook/${WEBHOOK_ID}/outbound/${SECRET}`;
	await waitFor(`webhook ${hookPath}`, async () => ((await n8n.webhookRegistered(hookPath, 'POST')) ? true : undefined));
	url = `${n8n.baseUrl}/${hookPath}`;
});

afterAll(async () => {
	await n8n?.stop();
	await sb?.close();
});

describe('Salesforce outbound messages, Data Table replay protection, in a real n8n 2.41.1', () => {
	it('the same message sent again 2 s later starts no second run, and is acknowledged', async () => {
		const first = outbound([notificationId()]);
		expect(await first.send()).toEqual({ status: 200, acked: true });
		expect(await settledCount()).toBe(1);
		await pause(2000);
		expect(await first.send()).toEqual({ status: 200, acked: true });
		expect(await settledCount()).toBe(1);
		const keys = await tableKeys();
		expect(keys.filter((k) => k.startsWith(`${workflowId}:`))).toHaveLength(1);
	});

	it('ten identical messages sent at once start one run, all acknowledged', async () => {
		const before = await settledCount(500);
		const id = notificationId();
		const message = outbound([id]);
		const answers = await Promise.all(Array.from({ length: 10 }, () => message.send()));
		expect(answers).toEqual(Array(10).fill({ status: 200, acked: true }));
		expect(await settledCount(3000)).toBe(before + 1);
		expect((await tableKeys()).filter((k) => k.endsWith(`|${id}`))).toHaveLength(1);
	});

	it('a message mixing a seen and a new notification runs once, with the new one only', async () => {
		const before = await settledCount(500);
		const seen = notificationId();
		expect(await outbound([seen]).send()).toEqual({ status: 200, acked: true });
		expect(await settledCount()).toBe(before + 1);
		const fresh = notificationId();
		expect(await outbound([seen, fresh]).send()).toEqual({ status: 200, acked: true });
		expect(await settledCount()).toBe(before + 2);

		const list = await n8n.api<{ data: Array<{ id: string }> }>(apiKey, 'GET', `/executions?workflowId=${workflowId}&limit=1&includeData=true`);
		const latest = await n8n.api<{ data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }>> } }>> } } }>(
			apiKey,
			'GET',
			`/executions/${list.data[0].id}?includeData=true`,
		);
		expect(latest.data.resultData.runData['Received'][0].data.main[0].map((i) => i.json.notificationId)).toEqual([fresh]);
	});
});
