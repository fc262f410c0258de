/**
 * Both signed-webhook triggers of issue 13 in a real n8n 2.41.1, published and
 * called over HTTP through n8n's webhook server (what only n8n's server does:
 * its answer to the sender, and whether an execution starts):
 * - REST CRM (CRM Pack) Trigger: activation registers the webhook at the
 *   sandbox's event platform; a contact created there is delivered signed and
 *   starts exactly one execution; a tampered, stale, unsigned, wrongly signed
 *   or byte-for-byte replayed delivery is answered 401 and starts none; the
 *   platform's own retry of the event (signed anew) is acknowledged (200) and
 *   starts none.
 * - Signed Webhook (CRM Pack) Trigger, Stripe preset: the same promises with
 *   `Stripe-Signature: t=…,v1=…` computed as Stripe's libraries compute it.
 *
 * One n8n instance and one sandbox for the file. Executions are counted
 * through n8n's public API.
 */
import { createHmac } from 'node:crypto';
import * as path from 'node:path';

import { startSandbox, type Sandbox } from '../sandbox';
import { FIRST_INSTALL_TIMEOUT_MS, createInstance, ensureRuntime, waitFor, type N8nInstance, type WorkflowToImport } from './realN8n';

interface ExamplesModule {
	CREDENTIALS: Record<'restCrm', { id: string; name: string; type: string }>;
	sandboxCredentials(sandboxUrl: string): Array<{ id?: string; name: string; type: string; data: Record<string, unknown> }>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const examples = require('../../scripts/lib/examples.js') as ExamplesModule;

jest.setTimeout(FIRST_INSTALL_TIMEOUT_MS);

const ROOT = path.join(__dirname, '..', '..');
const STRIPE_SECRET = 'whsec_real_n8n_stripe_style_secret';
const HOOK = { restCrm: 'd7e1c0a2-13a1-4c55-9b1c-7f3a6a0c1311', signed: 'd7e1c0a2-13a1-4c55-9b1c-7f3a6a0c1312' };

function triggerWorkflow(id: string, node: Record<string, unknown>): WorkflowToImport & { id: string } {
	return { id, name: id, nodes: [{ id: `${id}-node`, name: 'Trigger', position: [0, 0], ...node }], connections: {}, settings: { executionOrder: 'v1' } };
}

const WORKFLOWS = {
	restCrm: triggerWorkflow('crmPackE2eRestHook', {
		type: 'n8n-nodes-crm-pack.crmPackRestCrmTrigger',
		typeVersion: 1,
		webhookId: HOOK.restCrm,
		parameters: { events: ['contact.created'] },
		credentials: { crmPackRestCrmApi: { id: examples.CREDENTIALS.restCrm.id, name: examples.CREDENTIALS.restCrm.name } },
	}),
	signed: triggerWorkflow('crmPackE2eSignedHook', {
		type: 'n8n-nodes-crm-pack.crmPackSignedWebhookTrigger',
		typeVersion: 1,
		webhookId: HOOK.signed,
		parameters: { preset: 'stripe', secret: STRIPE_SECRET },
	}),
};

let sb: Sandbox;
let n8n: N8nInstance;
let apiKey: string;
const activation: Record<string, string> = {};

interface Execution {
	id: string;
	status: string;
	data?: { resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }>> } }>> } };
}

async function executionsOf(workflowId: string, includeData = false): Promise<Execution[]> {
	const res = await n8n.api<{ data: Execution[] }>(apiKey, 'GET', `/executions?workflowId=${workflowId}&limit=100${includeData ? '&includeData=true' : ''}`);
	return res.data;
}

/** The items of the one finished execution of a workflow (waits for it). */
async function onlyExecutionItems(workflowId: string): Promise<Array<Record<string, unknown>>> {
	const execution = await waitFor(`the execution of ${workflowId}`, async () => {
		const list = await executionsOf(workflowId, true);
		return list.length === 1 && list[0].status !== 'running' && list[0].status !== 'new' ? list[0] : undefined;
	});
	expect(execution.status).toBe('success');
	return execution.data!.resultData.runData.Trigger[0].data!.main[0].map((i) => i.json);
}

/** A pause long enough for n8n to record an execution it started (none must appear). */
const settle = () => new Promise((r) => setTimeout(r, 1500));

async function post(url: string, body: string, headers: Record<string, string>) {
	const res = await fetch(url, { method: 'POST', headers, body });
	return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
	ensureRuntime({ log: (m) => process.stderr.write(`[n8n-runtime] ${m}\n`) });
	sb = await startSandbox({ port: 0, seed: 13 });
	n8n = await createInstance({ packageDir: ROOT });
	await n8n.importCredentials(examples.sandboxCredentials(sb.url));
	for (const workflow of Object.values(WORKFLOWS)) await n8n.importWorkflow(workflow);
	await n8n.start();
	await n8n.setupOwner({ email: 'owner@example.com', password: 'Passw0rd-e2e-Owner' });
	apiKey = await n8n.createApiKey();
	// Activated as a user would with the editor's toggle; a failure is kept for the test that needs it.
	for (const [key, workflow] of Object.entries(WORKFLOWS)) {
		try {
			await n8n.api(apiKey, 'POST', `/workflows/${workflow.id}/activate`);
			activation[key] = 'ok';
		} catch (error) {
			activation[key] = String((error as Error).message ?? error);
		}
	}
	for (const hook of Object.values(HOOK)) {
		await waitFor(`webhook ${hook}`, async () => ((await n8n.webhookRegistered(`webhook/${hook}/webhook`, 'POST')) ? true : undefined)).catch(() => undefined);
	}
});

afterAll(async () => {
	await n8n?.stop();
	await sb?.close();
});

describe('REST CRM (CRM Pack) Trigger in real n8n', () => {
	const url = () => `${n8n.baseUrl}/webhook/${HOOK.restCrm}/webhook`;

	it('activation registers the webhook at the API; a contact created there is delivered signed, answered 200, and starts exactly one execution', async () => {
		expect(activation.restCrm).toBe('ok');
		const hooks = [...sb.generic.webhooks.hooks.values()];
		expect(hooks.map((h) => [h.url, h.events])).toEqual([[url(), ['contact.created']]]);
		const res = await fetch(`${sb.generic.baseUrl}/api/v1/contacts`, {
			method: 'POST',
			headers: { 'x-api-key': sb.generic.credentials.apiKey, 'content-type': 'application/json' },
			body: JSON.stringify({ last_name: 'Lovelace', email: 'ada@real-n8n.example.com' }),
		});
		expect(res.status).toBe(201);
		const contact = ((await res.json()) as { data: { id: number } }).data;
		await sb.generic.webhooks.flush();
		expect(sb.generic.webhooks.deliveries.map((d) => [d.event_type, d.status, d.response_code, d.attempts])).toEqual([['contact.created', 'succeeded', 200, 1]]);
		expect(sb.generic.webhooks.sent.map((r) => [r.url, r.status])).toEqual([[url(), 200]]);
		const event = sb.generic.webhooks.events.find((e) => e.type === 'contact.created' && e.data.id === contact.id)!;
		expect(await onlyExecutionItems(WORKFLOWS.restCrm.id)).toEqual([{ id: event.id, type: 'contact.created', created: event.created, data: { object: 'contact', id: contact.id, action: 'created', changes: {} } }]);
		await settle();
		expect(await executionsOf(WORKFLOWS.restCrm.id)).toHaveLength(1);
	});

	it('tampered, stale, wrongly signed, unsigned and replayed deliveries are answered 401 and start no execution; the API\'s retry is acknowledged and starts none', async () => {
		const hook = [...sb.generic.webhooks.hooks.values()][0];
		const event = sb.generic.webhooks.events.at(-1)!;
		const fresh = { id: 'evt_real_n8n_forged_1', type: 'contact.created', created: Math.floor(Date.now() / 1000), data: { object: 'contact', id: 999, action: 'created', changes: {} } };
		const deliver = (e: unknown, options: Partial<Parameters<Sandbox['generic']['webhooks']['deliver']>[2]>) =>
			sb.generic.webhooks.deliver(url(), e, { secret: hook.secret, webhookId: hook.id, ...options });
		const refused = [
			await deliver(fresh, { forge: 'body' }),
			await deliver(fresh, { timestamp: Math.floor(Date.now() / 1000) - 301 }),
			await deliver(fresh, { forge: 'signature' }),
			await deliver(fresh, { forge: 'unsigned' }),
		];
		// The platform's delivery of the first event, sent again byte for byte.
		const original = sb.generic.webhooks.sent[0];
		const replay = await post(original.url, original.body, original.headers);
		expect([...refused.map((r) => r.status), replay.status]).toEqual([401, 401, 401, 401, 401]);
		expect(refused.map((r) => r.body)).toEqual(Array(4).fill({ message: 'Unauthorized' }));
		expect(JSON.parse(replay.text)).toEqual({ message: 'Unauthorized' });
		// The API's own retry of the event: signed anew, same event id.
		await new Promise((r) => setTimeout(r, 1000));
		const retry = await deliver(event, {});
		expect(retry.status).toBe(200);
		expect(retry.body).toEqual({ received: 1, emitted: 0 });
		await settle();
		expect(await executionsOf(WORKFLOWS.restCrm.id)).toHaveLength(1);
	});
});

describe('Signed Webhook (CRM Pack) Trigger (Stripe preset) in real n8n', () => {
	const url = () => `${n8n.baseUrl}/webhook/${HOOK.signed}/webhook`;
	const body = JSON.stringify({ id: 'evt_real_n8n_1', object: 'event', type: 'invoice.paid', data: { object: { id: 'in_1' } } });
	// Stripe's scheme (stripe-ruby Stripe::Webhook::Signature): v1 = hex HMAC-SHA256(secret, "<t>.<payload>").
	const stripeHeader = (t: number, secret = STRIPE_SECRET, payload = body) => `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex')}`;
	const send = (signature: string | undefined, payload = body) =>
		post(url(), payload, { 'Content-Type': 'application/json', ...(signature === undefined ? {} : { 'Stripe-Signature': signature }) });
	const now = Math.floor(Date.now() / 1000);
	let validHeader = '';

	it('a delivery signed as Stripe signs it is answered 200 and starts exactly one execution', async () => {
		expect(activation.signed).toBe('ok');
		validHeader = stripeHeader(Math.floor(Date.now() / 1000));
		const res = await send(validHeader);
		expect(res.status).toBe(200);
		expect(JSON.parse(res.text)).toEqual({ received: 1, emitted: 1 });
		expect(await onlyExecutionItems(WORKFLOWS.signed.id)).toEqual([JSON.parse(body)]);
	});

	it('tampered, stale, wrongly signed, unsigned and replayed deliveries are answered 401 and start no execution; Stripe\'s retry is acknowledged and starts none', async () => {
		const t = Math.floor(Date.now() / 1000);
		const answers = [
			await send(stripeHeader(t), body.replace('invoice.paid', 'invoice.voided')),
			await send(stripeHeader(t - 301)),
			await send(stripeHeader(t, 'whsec_forged')),
			await send(undefined),
			await send(validHeader),
		];
		expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
		expect(answers.map((a) => JSON.parse(a.text))).toEqual(Array(5).fill({ message: 'Unauthorized' }));
		const retry = await send(stripeHeader(Math.max(t, now) + 1));
		expect(retry.status).toBe(200);
		expect(JSON.parse(retry.text)).toEqual({ received: 1, emitted: 0 });
		await settle();
		expect(await executionsOf(WORKFLOWS.signed.id)).toHaveLength(1);
	});
});
