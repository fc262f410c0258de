/**
 * REST CRM (CRM Pack) Trigger (issue 13) through n8n-core's hook and webhook
 * contexts (light runner), against the sandbox's event platform: activation
 * registers the webhook with a generated secret, checkExists and deactivation
 * use it; deliveries the sandbox signs start one run with the event, and
 * tampered, stale, unsigned and replayed ones start none (401, or 200 with
 * nothing emitted for a replay). n8n's own HTTP answer is checked in
 * realN8nRestCrmTrigger.test.ts.
 */
import type { IDataObject } from 'n8n-workflow';

import { restCrmApi } from './helpers/credentials';
import { loadWorkflow } from './helpers/harness';
import { Harness } from './helpers/harness';
import { runWebhook, runWebhookMethod } from './lightRunner';

const h = new Harness({ seed: 41, node: 'REST CRM Trigger', credentials: (s) => restCrmApi(s) });
const workflow = () => loadWorkflow('restcrm-trigger.json');
const TRIGGER = 'REST CRM Trigger';

type State = { webhookId: string; url: string; events: string[]; secret: string };

describe('REST CRM (CRM Pack) Trigger', () => {
	let staticData: IDataObject = {};
	const state = () => (staticData['node:REST CRM Trigger'] as IDataObject).restCrmWebhook as State;

	test('activation registers the webhook (POST /webhooks with the events and a generated secret); checkExists sees it', async () => {
		const created = await runWebhookMethod(workflow(), TRIGGER, 'create', { credentials: h.store });
		expect(created.error).toBeUndefined();
		staticData = created.staticData as IDataObject;
		const s = state();
		expect(s.secret).toMatch(/^[0-9a-f]{64}$/);
		expect(s.events).toEqual(['contact.created', 'deal.updated']);
		const posted = h.sb.log.all().find((e) => e.method === 'POST' && e.path === '/generic/api/v1/webhooks');
		expect(posted?.body).toEqual({ url: s.url, events: ['contact.created', 'deal.updated'], secret: s.secret, description: expect.stringContaining('n8n CRM Pack') });
		expect([...h.sb.generic.webhooks.hooks.values()].map((w) => [String(w.id), w.url])).toEqual([[s.webhookId, s.url]]);
		expect((await runWebhookMethod(workflow(), TRIGGER, 'checkExists', { credentials: h.store, staticData })).result).toBe(true);
	});

	const signed = (event: IDataObject, options: { secret?: string; timestamp?: number; body?: string } = {}) => {
		const body = options.body ?? JSON.stringify(event);
		const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
		const sig = h.sb.generic.webhooks.sign(options.secret ?? state().secret, timestamp, JSON.stringify(event));
		return { headers: { 'X-CRM-Signature': sig, 'X-CRM-Timestamp': String(timestamp), 'X-CRM-Event-Id': String(event.id), 'Content-Type': 'application/json' }, rawBody: body };
	};
	const emitted = (r: Awaited<ReturnType<typeof runWebhook>>) => (((r.response as { workflowData?: Array<Array<{ json: IDataObject }>> })?.workflowData ?? [[]])[0] ?? []).map((i) => i.json);

	test('a delivery signed as the API signs it starts one run with the event; the API\'s retry of it is acknowledged, a verbatim replay is 401, neither starts a run', async () => {
		const res = await fetch(`${h.sb.generic.baseUrl}/api/v1/contacts`, {
			method: 'POST',
			headers: { 'x-api-key': 'sandbox-api-key', 'content-type': 'application/json' },
			body: JSON.stringify({ last_name: 'Signed', email: 'signed@example.com' }),
		});
		const contact = ((await res.json()) as { data: { id: number } }).data;
		const event = h.sb.generic.webhooks.events.find((e) => e.type === 'contact.created' && e.data.id === contact.id)!;
		const firstDelivery = signed(event);
		const first = await runWebhook(workflow(), TRIGGER, firstDelivery, { credentials: h.store, staticData });
		expect(first.answered?.status).toBe(200);
		expect(emitted(first)).toEqual([{ id: event.id, type: 'contact.created', created: event.created, data: { object: 'contact', id: contact.id, action: 'created', changes: {} } }]);
		// The API retries with the same event id (newly signed): acknowledged, no second run.
		const again = await runWebhook(workflow(), TRIGGER, signed(event, { timestamp: Math.floor(Date.now() / 1000) + 1 }), { credentials: h.store, staticData: first.staticData as IDataObject });
		expect(again.answered?.status).toBe(200);
		expect(emitted(again)).toEqual([]);
		// The first delivery sent again byte for byte (a replay): 401, no run.
		const replay = await runWebhook(workflow(), TRIGGER, firstDelivery, { credentials: h.store, staticData: again.staticData as IDataObject });
		expect(replay.answered?.status).toBe(401);
		expect(emitted(replay)).toEqual([]);
	});

	test.each([
		['tampered body', (e: IDataObject) => signed(e, { body: JSON.stringify({ ...e, type: 'deal.updated' }) })],
		['stale timestamp (301 s old)', (e: IDataObject) => signed(e, { timestamp: Math.floor(Date.now() / 1000) - 301 })],
		['another secret', (e: IDataObject) => signed(e, { secret: 'f'.repeat(64) })],
		['unsigned', (e: IDataObject) => ({ headers: { 'Content-Type': 'application/json' }, rawBody: JSON.stringify(e) })],
	])('%s: 401 and no run', async (_name, make) => {
		const event = { id: 'evt_forged_0001', type: 'contact.created', created: Math.floor(Date.now() / 1000), data: { object: 'contact', id: 1, action: 'created', changes: {} } };
		const r = await runWebhook(workflow(), TRIGGER, make(event), { credentials: h.store, staticData });
		expect(r.answered?.status).toBe(401);
		expect(emitted(r)).toEqual([]);
		expect((r.response as IDataObject | undefined)?.workflowData).toBeUndefined();
	});

	test('an event the node did not ask for is acknowledged and starts nothing', async () => {
		const event = { id: 'evt_unwanted_0001', type: 'client.created', created: Math.floor(Date.now() / 1000), data: { object: 'client', id: 1, action: 'created', changes: {} } };
		const r = await runWebhook(workflow(), TRIGGER, signed(event), { credentials: h.store, staticData });
		expect(r.answered).toMatchObject({ status: 200 });
		expect(emitted(r)).toEqual([]);
	});

	test('deactivation removes the webhook (DELETE /webhooks/{id}); checkExists is then false', async () => {
		const id = state().webhookId;
		const removed = await runWebhookMethod(workflow(), TRIGGER, 'delete', { credentials: h.store, staticData });
		expect(removed.error).toBeUndefined();
		expect(h.sb.log.all().some((e) => e.method === 'DELETE' && e.path === `/generic/api/v1/webhooks/${id}`)).toBe(true);
		expect(h.sb.generic.webhooks.hooks.size).toBe(0);
		expect((await runWebhookMethod(workflow(), TRIGGER, 'checkExists', { credentials: h.store, staticData })).result).toBe(false);
	});
});
