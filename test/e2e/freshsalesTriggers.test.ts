/**
 * End to end through n8n-core (light runner): the Freshsales (CRM Pack) Polling
 * Trigger polled like an active workflow, and the Freshsales (CRM Pack) Trigger
 * called the way a Freshsales workflow's "Trigger Webhook" action calls it
 * (its body rendered by the sandbox from the record), a forged call answered 401
 * with no run.
 */
import type { IDataObject } from 'n8n-workflow';

import { freshsalesApiKey } from './helpers/credentials';
import { dataTableCredentials, useDataTable } from './helpers/stateStore';
import { Harness, loadWorkflow } from './helpers/harness';
import { runWebhook, runWebhookMethod, type PollResult } from './lightRunner';

const TRIGGER = 'Freshsales Trigger';
const API = '/freshsales/crm/sales/api';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let fs: any;
const h = new Harness({
	seed: 21,
	node: 'Freshsales',
	workflows: 'freshsales-',
	credentials: (s) => freshsalesApiKey(s, { plan: 'enterprise' }),
	setup: (x) => {
		fs = x.sb.freshsales;
		fs.seed({ contacts: 5 });
	},
});

const cursorOf = (p: PollResult) => (p.staticData[`node:${TRIGGER}`] as IDataObject).freshsalesPollCursor as { scope: string; cursor?: number; seen: Record<string, number> };

describe('Freshsales polling trigger', () => {
	it('first poll starts the cursor and emits nothing; a change is emitted once, shaped CRM-neutral; then nothing', async () => {
		const first = await h.poll('contacts-polling', TRIGGER, { staticData: {}, mode: 'trigger' });
		expect(first.response).toBeNull();
		expect(cursorOf(first).scope).toBe('contacts|updated_at');
		expect(h.sb.log.all().map((e) => [e.path, e.query])).toEqual([
			[`${API}/contacts/filters`, {}],
			[`${API}/contacts/view/101`, { sort: 'updated_at', sort_type: 'desc', page: '1', per_page: '100' }],
		]);
		// Outside the overlap window, a new contact and a change to an old one.
		fs.advanceTime(120_000);
		const [old] = fs.list('contacts');
		fs.write('contacts', { job_title: 'Promoted' }, old.id);
		const added = fs.write('contacts', { email: 'new@example.com', first_name: 'New' });
		const second = await h.poll('contacts-polling', TRIGGER, { staticData: first.staticData, mode: 'trigger' });
		expect(second.items.map((i) => [i.json.id, i.json.jobTitle ?? i.json.email])).toEqual([
			[String(old.id), 'Promoted'],
			[String(added.id), 'new@example.com'],
		]);
		const third = await h.poll('contacts-polling', TRIGGER, { staticData: second.staticData, mode: 'trigger' });
		expect(third.response).toBeNull();
	});

	it('new tasks: the open and completed lists read, created ones emitted oldest first', async () => {
		const first = await h.poll('tasks-polling-new', TRIGGER, { staticData: {}, mode: 'trigger' });
		expect(first.response).toBeNull();
		expect(cursorOf(first).scope).toBe('tasks|created_at');
		fs.advanceTime(120_000);
		const [contact] = fs.list('contacts');
		const t1 = fs.write('tasks', { title: 'First', due_date: '2031-01-01T10:00:00Z', targetable_type: 'Contact', targetable_id: contact.id });
		const t2 = fs.write('tasks', { title: 'Second (done)', due_date: '2031-01-01T10:00:00Z', targetable_type: 'Contact', targetable_id: contact.id, status: 1 });
		h.sb.log.reset();
		const second = await h.poll('tasks-polling-new', TRIGGER, { staticData: first.staticData, mode: 'trigger' });
		expect(second.items.map((i) => [i.json.id, i.json.subject, i.json.status])).toEqual([
			[String(t1.id), 'First', 'notStarted'],
			[String(t2.id), 'Second (done)', 'completed'],
		]);
		expect(h.sb.log.all().map((e) => e.query.filter)).toEqual(['open', 'completed']);
	});
});

describe('Freshsales workflow webhook trigger', () => {
	const workflow = () => loadWorkflow('freshsales-contacts-webhook.json');

	it('a call with the secret header starts one run with the record read from Freshsales, shaped like the polling output', async () => {
		const rec = fs.write('contacts', { email: 'hooked@example.com', first_name: 'Hooked', job_title: 'Tester' });
		const rawBody = `{"object":"contact","id":"${rec.id}"}`;
		h.sb.log.reset();
		const r = await runWebhook(workflow(), 'Freshsales Webhook', { headers: { 'content-type': 'application/json', 'x-crm-pack-secret': 'e2e-secret-of-the-freshsales-hook' }, rawBody }, { credentials: h.store });
		expect(r.answered?.status).toBe(200);
		const items = ((r.response as { workflowData?: Array<Array<{ json: IDataObject }>> }).workflowData ?? [[]])[0];
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ id: String(rec.id), email: 'hooked@example.com', firstName: 'Hooked', jobTitle: 'Tester' });
		expect(h.sb.log.all().map((e) => `${e.method} ${e.path}`)).toEqual([`GET ${API}/contacts/${rec.id}`]);
	});

	it('the sandbox renders the workflow body from the record; the same call through the trigger works', async () => {
		const rec = fs.write('contacts', { email: 'rendered@example.com', first_name: 'Rendered' });
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { render } = require('../sandbox/freshsales/webhooks').createWorkflowWebhooks(h.sb.freshsales.store) as { render: (t: string, w: string, r: IDataObject) => string };
		const rawBody = render('{"object":"contact","id":"{{contact.id}}"}', 'contact', rec);
		const r = await runWebhook(workflow(), 'Freshsales Webhook', { headers: { 'x-crm-pack-secret': 'e2e-secret-of-the-freshsales-hook' }, rawBody }, { credentials: h.store });
		const items = ((r.response as { workflowData?: Array<Array<{ json: IDataObject }>> }).workflowData ?? [[]])[0];
		expect(items.map((i) => i.json.email)).toEqual(['rendered@example.com']);
	});

	it.each([
		['no secret header', {}],
		['a wrong secret', { 'x-crm-pack-secret': 'e2e-secret-of-the-freshsales-hoox' }],
	])('a forged call (%s) is answered 401 and starts no run, reading nothing', async (_name, headers) => {
		h.sb.log.reset();
		const r = await runWebhook(workflow(), 'Freshsales Webhook', { headers: { 'content-type': 'application/json', ...headers }, rawBody: '{"object":"contact","id":"1"}' }, { credentials: h.store });
		expect(r.answered?.status).toBe(401);
		expect((r.response as IDataObject).workflowData).toBeUndefined();
		expect(h.sb.log.all()).toEqual([]);
	});

	it('replay protection: the same record state called twice starts one run; the record changed starts another (static data, then the Data Table store)', async () => {
		const rec = fs.write('contacts', { email: 'twice@example.com', first_name: 'Twice' });
		const call = (json: ReturnType<typeof workflow>, staticData?: IDataObject) =>
			runWebhook(json, 'Freshsales Webhook', { headers: { 'x-crm-pack-secret': 'e2e-secret-of-the-freshsales-hook' }, rawBody: `{"object":"contact","id":"${rec.id}"}` }, { credentials: h.store, staticData });
		const emitted = (r: Awaited<ReturnType<typeof call>>) => (((r.response as { workflowData?: Array<Array<{ json: IDataObject }>> }).workflowData ?? [[]])[0] ?? []).map((i) => i.json.firstName);

		const first = await call(workflow());
		expect(emitted(first)).toEqual(['Twice']);
		const again = await call(workflow(), first.staticData);
		expect(again.answered?.status).toBe(200);
		expect(JSON.parse(String(again.answered?.body))).toEqual({ received: 1, emitted: 0 });
		expect(emitted(again)).toEqual([]);
		// A change in the same second as the first state (updated_at counts seconds) is still a new state.
		fs.write('contacts', { first_name: 'Changed' }, rec.id);
		const changed = await call(workflow(), again.staticData);
		expect(emitted(changed)).toEqual(['Changed']);

		// The Data Table store (what holds across n8n processes): the sandbox's n8n API records the claim.
		const json = workflow();
		json.nodes[0].parameters = { ...json.nodes[0].parameters, replayProtection: 'dataTable', replayTable: 'fs_events_e2e' };
		useDataTable(json.nodes[0]);
		const store = { ...h.store, ...dataTableCredentials(h.sb) };
		const viaTable = (staticData?: IDataObject) =>
			runWebhook(json, 'Freshsales Webhook', { headers: { 'x-crm-pack-secret': 'e2e-secret-of-the-freshsales-hook' }, rawBody: `{"object":"contact","id":"${rec.id}"}` }, { credentials: store, staticData });
		expect(emitted(await viaTable())).toEqual(['Changed']);
		// No static data carried over: only the table remembers.
		expect(emitted(await viaTable())).toEqual([]);
		expect(h.sb.n8n.rows('fs_events_e2e')).toHaveLength(1);
	});

	it('a call for a record deleted since the workflow fired is acknowledged (200) and starts no run', async () => {
		h.sb.log.reset();
		const r = await runWebhook(workflow(), 'Freshsales Webhook', { headers: { 'x-crm-pack-secret': 'e2e-secret-of-the-freshsales-hook' }, rawBody: '{"object":"contact","id":"424242"}' }, { credentials: h.store });
		expect(r.answered?.status).toBe(200);
		expect((r.response as IDataObject).workflowData).toBeUndefined();
		expect(h.sb.log.all().map((e) => [e.path, e.status])).toEqual([[`${API}/contacts/424242`, 404]]);
	});

	it('a call without a record id is answered 400 and starts no run', async () => {
		const r = await runWebhook(workflow(), 'Freshsales Webhook', { headers: { 'x-crm-pack-secret': 'e2e-secret-of-the-freshsales-hook' }, rawBody: '{"object":"contact","id":"{{contact.id}}"}' }, { credentials: h.store });
		expect(r.answered?.status).toBe(400);
		expect((r.response as IDataObject).workflowData).toBeUndefined();
	});

	it('activation checks the API key, and refuses a missing or short secret, suggesting one', async () => {
		h.sb.log.reset();
		const ok = await runWebhookMethod(workflow(), 'Freshsales Webhook', 'create', { credentials: h.store });
		expect(ok.error).toBeUndefined();
		expect(h.sb.log.all().map((e) => e.path)).toEqual([`${API}/selector/owners`]);
		const json = workflow();
		json.nodes[0].parameters = { ...json.nodes[0].parameters, secret: 'short' };
		const refused = await runWebhookMethod(json, 'Freshsales Webhook', 'create', { credentials: h.store });
		expect(String((refused.error as Error | undefined)?.message)).toMatch(/Set the node's Secret \(at least 16 characters\), e\.g\. [0-9a-f]{48}/);
	});
});
