/**
 * The Dynamics 365 (CRM Pack) Polling Trigger polled like an active workflow
 * (light runner), against the sandbox's Dataverse.
 */
import type { IDataObject } from 'n8n-workflow';

import { dynamicsClientCredentials, dynamicsOAuth2 } from './helpers/credentials';
import { Harness } from './helpers/harness';
import { loadWorkflow } from './helpers/harness';
import { runWebhook, runWebhookMethod, type PollResult } from './lightRunner';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let dv: any;
const TRIGGER = 'Dynamics Trigger';
const API = '/dynamics/api/data/v9.2';

const h = new Harness({
	seed: 10,
	node: TRIGGER,
	workflows: 'dynamics-',
	perTest: true,
	credentials: (s) => ({ ...dynamicsOAuth2(s), ...dynamicsClientCredentials(s) }),
	setup: (x) => {
		dv = x.sb.dynamics;
	},
});

const cursorOf = (p: PollResult) => (p.staticData[`node:${TRIGGER}`] as IDataObject).dynamicsPollCursor as { scope: string; cursor?: number };
const reads = () => h.sb.log.all().filter((e) => e.method === 'GET' && e.path.startsWith(`${API}/`));

describe('Dynamics 365 polling trigger', () => {
	it('first poll starts the cursor and emits nothing; a change and a new row are emitted once, oldest first, CRM-neutral; then nothing', async () => {
		const old = dv.insert('contact', { firstname: 'Old', lastname: 'Row' });
		const first = await h.poll('contacts-polling', TRIGGER, { staticData: {}, mode: 'trigger' });
		expect(first.response).toBeNull();
		expect(cursorOf(first).scope).toBe('contacts|modifiedon');
		expect(reads().map((e) => [e.path, e.query.$orderby])).toEqual([[`${API}/contacts`, 'modifiedon asc,versionnumber asc']]);
		expect(reads()[0].query.$filter).toMatch(/^modifiedon ge \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);
		// Outside the overlap window, a change to the old row and a new row.
		dv.advanceTime(120_000);
		dv.update('contact', old.contactid, { jobtitle: 'Promoted' });
		const added = dv.insert('contact', { firstname: 'New', lastname: 'Row', emailaddress1: 'new@example.com' });
		h.sb.log.reset();
		const second = await h.poll('contacts-polling', TRIGGER, { staticData: first.staticData, mode: 'trigger' });
		expect(second.items.map((i) => [i.json.id, i.json.jobTitle ?? i.json.email])).toEqual([
			[old.contactid, 'Promoted'],
			[added.contactid, 'new@example.com'],
		]);
		const q = reads()[0].query;
		expect(q.$orderby).toBe('modifiedon asc,versionnumber asc');
		expect(q.$filter).toMatch(/^modifiedon ge \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);
		const third = await h.poll('contacts-polling', TRIGGER, { staticData: second.staticData, mode: 'trigger' });
		expect(third.response).toBeNull();
	});

	it('new rows of any table (accounts by entity set, OAuth2): created ones emitted, a changed old one not', async () => {
		const old = dv.insert('account', { name: 'Old Co' });
		const first = await h.poll('table-polling-new', TRIGGER, { staticData: {}, mode: 'trigger' });
		expect(cursorOf(first).scope).toBe('accounts|createdon');
		dv.advanceTime(120_000);
		dv.update('account', old.accountid, { name: 'Old Co Renamed' });
		const added = dv.insert('account', { name: 'New Co' });
		const second = await h.poll('table-polling-new', TRIGGER, { staticData: first.staticData, mode: 'trigger' });
		expect(second.items.map((i) => [i.json.id, i.json.name])).toEqual([[added.accountid, 'New Co']]);
	});
});

describe('Dynamics 365 webhook trigger', () => {
	const workflow = () => loadWorkflow('dynamics-contacts-webhook.json');
	const itemsOf = (r: { response?: unknown }) => ((r.response as { workflowData?: Array<Array<{ json: IDataObject }>> } | undefined)?.workflowData ?? [[]])[0];

	it('activation registers a service endpoint (HttpHeader, generated value) and one asynchronous post-operation step per event; a write is delivered as RemoteExecutionContext, verified and parsed; a forged call is refused 401 with no run; deactivation removes both', async () => {
		const made = await runWebhookMethod(workflow(), 'Dynamics Webhook', 'create', { credentials: h.store });
		expect(made.error).toBeUndefined();
		const reg = (made.staticData['node:Dynamics Webhook'] as IDataObject).dynamicsWebhook as IDataObject;
		expect(String(reg.secret)).toMatch(/^[0-9a-f]{64}$/);
		const endpoint = [...dv.webhooks.endpoints.values()][0];
		expect(endpoint).toMatchObject({ contract: 8, authtype: 5, authvalue: `<settings><setting name="x-crm-pack-key" value="${reg.secret}" /></settings>` });
		const steps = [...dv.webhooks.steps.values()];
		expect(steps.map((s: IDataObject) => [s.message, s.table, s.mode, s.stage, s._eventhandler_value])).toEqual([
			['Create', 'contact', 1, 40, endpoint.serviceendpointid],
			['Update', 'contact', 1, 40, endpoint.serviceendpointid],
			['Delete', 'contact', 1, 40, endpoint.serviceendpointid],
		]);
		expect((await runWebhookMethod(workflow(), 'Dynamics Webhook', 'checkExists', { credentials: h.store, staticData: made.staticData })).result).toBe(true);

		// A Dynamics user (not the integration's application user) creates a contact: Dataverse calls the endpoint.
		const row = dv.insert('contact', { firstname: 'Hooked', lastname: 'Row', preferredcontactmethodcode: 2 });
		await dv.webhooks.flush();
		const delivery = dv.webhooks.deliveries.at(-1);
		expect(delivery.headers).toMatchObject({ 'x-crm-pack-key': reg.secret, 'x-ms-dynamics-entity-name': 'contact', 'x-ms-dynamics-request-name': 'Create' });
		const r = await runWebhook(workflow(), 'Dynamics Webhook', { headers: delivery.headers, rawBody: JSON.stringify(delivery.body) }, { credentials: h.store, staticData: made.staticData });
		const items = itemsOf(r);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ message: 'Create', table: 'contact', id: row.contactid, initiatingUserId: dv.users[1].systemuserid });
		expect(items[0].json.changedAttributes).toMatchObject({ firstname: 'Hooked', lastname: 'Row', preferredcontactmethodcode: 2 });

		// Forged: no header, or a wrong value: 401 and no run.
		const forgeries: Array<Record<string, string>> = [{ 'content-type': 'application/json' }, { 'x-crm-pack-key': 'f'.repeat(64) }];
		for (const headers of forgeries) {
			const forged = await runWebhook(workflow(), 'Dynamics Webhook', { headers, rawBody: JSON.stringify(delivery.body) }, { credentials: h.store, staticData: made.staticData });
			expect(forged.answered?.status).toBe(401);
			expect(itemsOf(forged)).toEqual([]);
		}

		// Echo suppression: a change made by the credential's own user starts no run.
		const own = { ...delivery.body, InitiatingUserId: dv.applicationUserId };
		const echo = await runWebhook(workflow(), 'Dynamics Webhook', { headers: delivery.headers, rawBody: JSON.stringify(own) }, { credentials: h.store, staticData: made.staticData });
		expect(echo.answered?.status).toBe(200);
		expect(itemsOf(echo)).toEqual([]);

		// Over 256 KB Dataverse sends the context without its data: the row is read.
		const stripped = { ...delivery.body, InputParameters: [] };
		h.sb.log.reset();
		const big = await runWebhook(workflow(), 'Dynamics Webhook', { headers: { ...delivery.headers, 'x-ms-dynamics-msg-size-exceeded': 'true' }, rawBody: JSON.stringify(stripped) }, { credentials: h.store, staticData: made.staticData });
		expect(itemsOf(big)[0].json).toMatchObject({ sizeExceeded: true, record: { id: row.contactid, firstName: 'Hooked' } });
		expect(h.sb.log.all().some((e) => e.method === 'GET' && e.path === `${API}/contacts(${row.contactid})`)).toBe(true);

		await runWebhookMethod(workflow(), 'Dynamics Webhook', 'delete', { credentials: h.store, staticData: made.staticData });
		expect(dv.webhooks.endpoints.size).toBe(0);
		expect(dv.webhooks.steps.size).toBe(0);
		expect((await runWebhookMethod(workflow(), 'Dynamics Webhook', 'checkExists', { credentials: h.store, staticData: made.staticData })).result).toBe(false);
	});
});
