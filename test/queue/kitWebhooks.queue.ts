/**
 * Issue 18, queue mode: the webhook triggers of the CRMs built on the kit
 * (Freshsales, Dynamics 365, Zoho CRM, Brivity), the REST CRM trigger and the
 * Signed Webhook trigger, through n8n's webhook processor (HubSpot, Pipedrive
 * and Salesforce: webhooks.queue.ts). Each publishes its e2e workflow
 * (test/e2e/workflows) with its e2e sandbox credential; activation runs on
 * main (registrations at the vendor, secrets kept in static data), the
 * deliveries reach the webhook processor. For each:
 * - a verified delivery (sent by the sandbox vendor the way the vendor sends
 *   it, after a write there; Freshsales and the Signed Webhook: the request
 *   their sender makes) is answered 200 and starts exactly one execution,
 *   queued by the webhook processor and run by one worker, whose trigger output
 *   is the event;
 * - a forged delivery gets 401 and starts no execution;
 * - Freshsales, REST CRM and the Signed Webhook (Replay Protection: Workflow
 *   Static Data, their default): the verified delivery sent again is answered
 *   as the trigger answers a replay (200 with nothing emitted, or 401) and
 *   starts no execution: the webhook processor reads back what it saved.
 * Each case has a sandbox of its own and the cases run at the same time.
 */
import { createHmac } from 'node:crypto';

import type { CredentialStore, WorkflowJson } from '../e2e/lightRunner';
import { brivityApiKey, dynamicsClientCredentials, freshsalesApiKey, restCrmApi, zohoOAuth2 } from '../e2e/helpers/credentials';
import { loadWorkflow } from '../e2e/helpers/harness';
import { startSandbox, type Sandbox } from '../sandbox';
import { deactivate, nodeItems, pause, settledCount, waitFor } from './stack';
import { activationSaved, oneRunOnAWorker, pick, publishTrigger } from './workflows';

type Json = Record<string, unknown>;


interface TriggerCase {
	node: string;
	workflow: WorkflowJson;
	credentials(sb: Sandbox): CredentialStore;
	/** The URLs activation registered at the vendor (main does it shortly after the activate call returns). */
	registered?(sb: Sandbox): string[];
	/** Makes the vendor deliver one verified event (or sends it as the sender does); its answer's status and what the run must emit. */
	deliver(sb: Sandbox, url: string): Promise<{ status: number; emitted(items: Json[]): void }>;
	/** Sends a forged delivery; its answer's status. */
	forge(sb: Sandbox, url: string): Promise<number>;
	/**
	 * Sends the verified delivery again (Replay Protection: Workflow Static Data, which the webhook processor
	 * wrote at the first delivery and must read back); its answer's status and body, for a trigger that has it.
	 */
	replay?(sb: Sandbox, url: string): Promise<{ status: number; body: unknown }>;
	expectReplay?: { status: number; body: unknown };
}

async function send(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
	const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
	const text = await res.text();
	let parsed: unknown = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		// not JSON: kept as text
	}
	return { status: res.status, body: parsed };
}

const post = async (url: string, body: string, headers: Record<string, string>): Promise<number> => (await send(url, body, headers)).status;

/** The verified delivery a case sent, for its replay. */
const sentFirst: Record<string, { body: string; headers: Record<string, string> }> = {};

const STRIPE_SECRET = 'whsec_e2e_stripe_style_secret';
// Stripe's scheme (as test/e2e/signedWebhookTrigger.test.ts): v1 = hex HMAC-SHA256(secret, "<t>.<payload>").
const stripeSignature = (payload: string, secret = STRIPE_SECRET, t = Math.floor(Date.now() / 1000)) => `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex')}`;
/** A Zoho user other than the credential's own (the trigger leaves the integration's own writes out). */
const ZOHO_OTHER_USER = { id: '5725767000000411999', name: 'Someone Else', email: 'else@sandbox.zoho.local' };

const CASES: TriggerCase[] = [
	{
		node: 'Freshsales',
		workflow: loadWorkflow('freshsales-contacts-webhook.json'),
		credentials: (sb) => freshsalesApiKey(sb),
		async deliver(sb, url) {
			const rec = sb.freshsales.write('contacts', { email: 'hooked@queue.example', first_name: 'Hooked', job_title: 'Tester' });
			sentFirst.Freshsales = { body: `{"object":"contact","id":"${rec.id}"}`, headers: { 'x-crm-pack-secret': 'e2e-secret-of-the-freshsales-hook' } };
			const status = await post(url, sentFirst.Freshsales.body, sentFirst.Freshsales.headers);
			return { status, emitted: (items) => expect(items.map(pick(['id', 'firstName', 'email', 'jobTitle']))).toEqual([{ id: String(rec.id), firstName: 'Hooked', email: 'hooked@queue.example', jobTitle: 'Tester' }]) };
		},
		forge: (_sb, url) => post(url, '{"object":"contact","id":"1"}', { 'x-crm-pack-secret': 'e2e-secret-of-the-freshsales-hoox' }),
		// The same record state called again: acknowledged, nothing emitted.
		replay: (_sb, url) => send(url, sentFirst.Freshsales.body, sentFirst.Freshsales.headers),
		expectReplay: { status: 200, body: { received: 1, emitted: 0 } },
	},
	{
		node: 'Dynamics 365',
		workflow: loadWorkflow('dynamics-contacts-webhook.json'),
		credentials: (sb) => dynamicsClientCredentials(sb),
		// Endpoint first, then one step per event (Create, Update, Delete).
		registered: (sb) => (sb.dynamics.webhooks.steps.size === 3 ? [...sb.dynamics.webhooks.endpoints.values()].map((e: Json) => String(e.url)) : []),
		async deliver(sb) {
			const row = sb.dynamics.insert('contact', { firstname: 'Hooked', lastname: 'Row' });
			await sb.dynamics.webhooks.flush();
			const delivery = sb.dynamics.webhooks.deliveries.at(-1);
			return {
				status: delivery.status,
				emitted: (items) =>
					expect(items.map((i) => ({ ...pick(['message', 'table', 'id', 'initiatingUserId'])(i), changed: pick(['firstname', 'lastname'])(i.changedAttributes as Json) }))).toEqual([
						{ message: 'Create', table: 'contact', id: row.contactid, initiatingUserId: sb.dynamics.users[1].systemuserid, changed: { firstname: 'Hooked', lastname: 'Row' } },
					]),
			};
		},
		async forge(sb, url) {
			const delivery = sb.dynamics.webhooks.deliveries.at(-1);
			return (await sb.dynamics.webhooks.post(url, delivery.body, { 'x-crm-pack-key': 'f'.repeat(64) })).status;
		},
	},
	{
		node: 'Zoho CRM',
		workflow: loadWorkflow('zoho-contacts-notifications.json'),
		credentials: (sb) => zohoOAuth2(sb),
		registered: (sb) => [...sb.zoho.notifications.channels.values()].map((c: Json) => String(c.notify_url)),
		async deliver(sb) {
			const rec = sb.zoho.write('Contacts', { Last_Name: 'Hooked', Email: 'hooked@queue.example' }, undefined, ZOHO_OTHER_USER);
			await sb.zoho.notifications.flush();
			const delivery = sb.zoho.notifications.deliveries.at(-1);
			return {
				status: delivery.status,
				emitted: (items) =>
					expect(items.map((i) => ({ ...pick(['id', 'module', 'operation'])(i), values: pick(['Last_Name', 'Email'])(i.values as Json) }))).toEqual([
						{ id: rec.id, module: 'Contacts', operation: 'insert', values: { Last_Name: 'Hooked', Email: 'hooked@queue.example' } },
					]),
			};
		},
		async forge(sb, url) {
			const delivery = sb.zoho.notifications.deliveries.at(-1);
			return (await sb.zoho.notifications.deliver(url, { ...delivery.body, token: 'f'.repeat(40) })).status;
		},
	},
	{
		node: 'Brivity',
		workflow: loadWorkflow('brivity-new-lead.json'),
		credentials: (sb) => brivityApiKey(sb),
		registered: (sb) => [...sb.brivity.subscriptions.values()].map((x: Json) => String(x.target_url)),
		async deliver(sb) {
			const lead = sb.brivity.newLead({ first_name: 'Omar', last_name: 'Reid', email: 'omar@queue.example', phone: '206-555-0177', source: 'Realtor.com' });
			await sb.brivity.flush();
			const delivery = sb.brivity.deliveries.at(-1);
			return { status: delivery.status, emitted: (items) => expect(items.map(pick(['id', 'firstName', 'lastName', 'email', 'phone']))).toEqual([{ id: String(lead.id), firstName: 'Omar', lastName: 'Reid', email: 'omar@queue.example', phone: '206-555-0177' }]) };
		},
		async forge(sb, url) {
			const sub = [...sb.brivity.subscriptions.values()].at(-1);
			const sent = sb.brivity.deliveryRequest(sub, sb.brivity.addPerson({ first_name: 'Forged', last_name: 'Lead' }));
			return await post(url, sent.body, { ...sent.headers, authorization: `Basic ${Buffer.from('n8n:forged').toString('base64')}` });
		},
	},
	{
		node: 'REST CRM',
		workflow: loadWorkflow('restcrm-trigger.json'),
		credentials: (sb) => restCrmApi(sb),
		registered: (sb) => [...sb.generic.webhooks.hooks.values()].map((h: Json) => String(h.url)),
		async deliver(sb) {
			const res = await fetch(`${sb.generic.baseUrl}/api/v1/contacts`, {
				method: 'POST',
				headers: { 'x-api-key': sb.generic.credentials.apiKey, 'content-type': 'application/json' },
				body: JSON.stringify({ last_name: 'Lovelace', email: 'ada@queue.example' }),
			});
			expect(res.status).toBe(201);
			const contact = ((await res.json()) as { data: { id: number } }).data;
			await sb.generic.webhooks.flush();
			const delivery = sb.generic.webhooks.deliveries.at(-1)!;
			const event = sb.generic.webhooks.events.find((e) => e.type === 'contact.created' && e.data.id === contact.id)!;
			return { status: delivery.response_code ?? 0, emitted: (items) => expect(items).toEqual([{ id: event.id, type: 'contact.created', created: event.created, data: { object: 'contact', id: contact.id, action: 'created', changes: {} } }]) };
		},
		async forge(sb, url) {
			const hook = [...sb.generic.webhooks.hooks.values()][0];
			const fresh = { id: 'evt_queue_forged_1', type: 'contact.created', created: Math.floor(Date.now() / 1000), data: { object: 'contact', id: 999, action: 'created', changes: {} } };
			return (await sb.generic.webhooks.deliver(url, fresh, { secret: hook.secret, webhookId: hook.id, forge: 'signature' })).status;
		},
		// The platform's delivery sent again byte for byte.
		replay: (sb) => {
			const original = sb.generic.webhooks.sent[0];
			return send(original.url, original.body, original.headers);
		},
		expectReplay: { status: 401, body: { message: 'Unauthorized' } },
	},
	{
		node: 'Signed Webhook',
		workflow: loadWorkflow('restcrm-signed-webhook-stripe.json'),
		credentials: () => ({}),
		async deliver(_sb, url) {
			const body = JSON.stringify({ id: 'evt_queue_1', object: 'event', type: 'invoice.paid', data: { object: { id: 'in_1' } } });
			sentFirst.Signed = { body, headers: { 'Stripe-Signature': stripeSignature(body) } };
			const status = await post(url, body, sentFirst.Signed.headers);
			return { status, emitted: (items) => expect(items).toEqual([JSON.parse(body)]) };
		},
		async forge(_sb, url) {
			const body = JSON.stringify({ id: 'evt_queue_2', object: 'event', type: 'invoice.paid', data: { object: { id: 'in_2' } } });
			return await post(url, body, { 'Stripe-Signature': stripeSignature(body, 'whsec_forged') });
		},
		// The same signed request again, byte for byte.
		replay: (_sb, url) => send(url, sentFirst.Signed.body, sentFirst.Signed.headers),
		expectReplay: { status: 401, body: { message: 'Unauthorized' } },
	},
];

const sandboxes: Sandbox[] = [];
const workflowIds: string[] = [];
afterAll(async () => {
	for (const id of workflowIds) await deactivate(id).catch(() => undefined);
	for (const sb of sandboxes) await sb.close();
});

test.concurrent.each(CASES.map((c, i) => [c.node, c, i] as const))('%s trigger: a verified delivery starts one run on a worker; a forged one gets 401 and no run; a replay starts none', async (_node, c, i) => {
	const sb = await startSandbox({ port: 0, seed: 50 + i });
	sandboxes.push(sb);
	const trigger = await publishTrigger(c.workflow, c.credentials(sb), `queue-trigger-${i}`);
	workflowIds.push(trigger.workflowId);
	if (c.registered) {
		const urls = await waitFor(`${c.node}: the registration at the vendor`, async () => (c.registered!(sb).length ? c.registered!(sb) : undefined));
		expect(urls).toEqual([trigger.url]);
		await activationSaved(trigger.workflowId, trigger.node);
	}

	const delivered = await c.deliver(sb, trigger.url);
	expect(delivered.status).toBe(200);
	const { execution } = await oneRunOnAWorker(trigger.workflowId, 0);
	delivered.emitted(nodeItems(execution, trigger.node));

	expect(await c.forge(sb, trigger.url)).toBe(401);
	if (c.replay) expect(await c.replay(sb, trigger.url)).toEqual(c.expectReplay);
	await pause(2000);
	expect(await settledCount(trigger.workflowId)).toBe(1);
});
