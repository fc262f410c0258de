/**
 * End to end through n8n-core (light runner): the Zoho CRM (CRM Pack)
 * Polling Trigger (workflows/zoho-*-polling*.json) against the sandbox's Zoho
 * CRM: changes by Modified_Time with If-Modified-Since, and deleted records.
 */
import type { IDataObject } from 'n8n-workflow';

import { zohoOAuth2 } from './helpers/credentials';
import { Harness, loadWorkflow } from './helpers/harness';
import { runWebhook, runWebhookMethod } from './lightRunner';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let zo: any;
const TRIGGER = 'Zoho Trigger';
const API = '/zoho/us/crm/v8';

const h = new Harness({
	seed: 22,
	node: TRIGGER,
	workflows: 'zoho-',
	credentials: (s) => zohoOAuth2(s),
	perTest: true,
	setup: (x) => {
		zo = x.sb.zoho;
		zo.seed({ Contacts: 3, Deals: 2 });
	},
});

describe('Zoho CRM polling trigger', () => {
	it('first poll starts the cursor and emits nothing; a change is emitted once, CRM-neutral; the next poll (its overlap re-reads them) emits nothing', async () => {
		const first = await h.poll('contacts-polling', TRIGGER, { staticData: {}, mode: 'trigger' });
		expect(first.response).toBeNull();
		zo.advanceTime(120_000);
		const [old] = zo.list('Contacts');
		zo.write('Contacts', { Title: 'Promoted' }, old.id);
		const added = zo.write('Contacts', { Last_Name: 'New', Email: 'new@example.com' });
		h.sb.log.reset();
		const second = await h.poll('contacts-polling', TRIGGER, { staticData: first.staticData, mode: 'trigger' });
		expect(second.items.map((i) => [i.json.id, i.json.jobTitle ?? i.json.email])).toEqual([
			[old.id, 'Promoted'],
			[added.id, 'new@example.com'],
		]);
		expect(h.sb.log.all().map((e) => [e.method, e.path, e.query.sort_by, e.status])).toEqual([['GET', `${API}/Contacts`, 'Modified_Time', 200]]);
		zo.advanceTime(120_000);
		h.sb.log.reset();
		const third = await h.poll('contacts-polling', TRIGGER, { staticData: second.staticData, mode: 'trigger' });
		expect(third.response).toBeNull();
		expect(h.sb.log.all().map((e) => [e.path, e.query.sort_by])).toEqual([[`${API}/Contacts`, 'Modified_Time']]);
	});

	it('deleted: the first poll sets the cursor; deletions after it are emitted once, oldest first', async () => {
		const first = await h.poll('deals-polling-deleted', TRIGGER, { staticData: {}, mode: 'trigger' });
		expect(first.response).toBeNull();
		zo.advanceTime(5_000);
		const [a, b] = zo.list('Deals');
		zo.remove('Deals', a.id);
		zo.advanceTime(2_000);
		zo.remove('Deals', b.id);
		const second = await h.poll('deals-polling-deleted', TRIGGER, { staticData: first.staticData, mode: 'trigger' });
		expect(second.items.map((i) => [i.json.id, i.json.display_name, i.json.type])).toEqual([
			[a.id, a.Deal_Name, 'recycle'],
			[b.id, b.Deal_Name, 'recycle'],
		]);
		const third = await h.poll('deals-polling-deleted', TRIGGER, { staticData: second.staticData, mode: 'trigger' });
		expect(third.response).toBeNull();
	});
});

describe('Zoho CRM notification trigger', () => {
	const NODE = 'Zoho Notifications';
	const other = { id: '5725767000000411999', name: 'Someone Else', email: 'else@sandbox.zoho.local' };

	it('activation subscribes a channel (events, token, expiry under a week, affected values); a callback starts one run per record; a forged one is 401 with no run; own writes are left out; renewal before expiry keeps the channel', async () => {
		const wf = loadWorkflow('zoho-contacts-notifications.json');
		const created = await runWebhookMethod(wf, NODE, 'create', { credentials: h.store, staticData: {} });
		expect(created.error).toBeUndefined();
		// Node static data lives under `node:<name>` in the workflow's static data.
		const nodeKey = Object.keys(created.staticData).find((k) => (created.staticData[k] as IDataObject)?.zohoChannel) as string;
		expect((created.staticData[nodeKey] as IDataObject).zohoChannel).toMatchObject({ channelId: expect.any(Number), token: expect.any(String) });
		const subscribe = h.sb.log.all().find((e) => e.method === 'POST' && e.path === `${API}/actions/watch`);
		const sent = ((subscribe?.body as IDataObject).watch as IDataObject[])[0];
		expect(sent).toMatchObject({ events: ['Contacts.create', 'Contacts.edit'], return_affected_field_values: true, token: expect.stringMatching(/^[0-9a-f]{40}$/) });
		const expiry = Date.parse(String(sent.channel_expiry));
		expect(expiry - Date.now()).toBeLessThanOrEqual(7 * 24 * 3600 * 1000);
		expect(expiry - Date.now()).toBeGreaterThan(6 * 24 * 3600 * 1000);
		expect(zo.notifications.channels.size).toBe(1);

		// Someone else edits a contact: Zoho calls back with the token; the run gets the record's changed fields.
		const [contact] = zo.list('Contacts');
		zo.write('Contacts', { Title: 'Head of Ops' }, contact.id, other);
		await zo.notifications.flush();
		const callback = zo.notifications.deliveries[zo.notifications.deliveries.length - 1].body;
		const staticData = created.staticData;
		const run = await runWebhook(wf, NODE, { headers: { 'content-type': 'application/json' }, rawBody: JSON.stringify(callback) }, { credentials: h.store, staticData });
		const items = ((run.response as IDataObject).workflowData as Array<Array<{ json: IDataObject }>>)[0];
		expect(items.map((i) => [i.json.id, i.json.operation, i.json.changedFields, (i.json.values as IDataObject).Title])).toEqual([[contact.id, 'update', ['Title'], 'Head of Ops']]);

		// A forged callback: 401, no run.
		const forged = await runWebhook(wf, NODE, { headers: { 'content-type': 'application/json' }, rawBody: JSON.stringify({ ...callback, token: 'f'.repeat(40) }) }, { credentials: h.store, staticData });
		expect(forged.answered?.status).toBe(401);
		expect((forged.response as IDataObject | undefined)?.workflowData).toBeUndefined();

		// The credential's own write (echo): answered, no run.
		zo.write('Contacts', { Title: 'Echo' }, contact.id);
		await zo.notifications.flush();
		const echo = zo.notifications.deliveries[zo.notifications.deliveries.length - 1].body;
		const own = await runWebhook(wf, NODE, { headers: { 'content-type': 'application/json' }, rawBody: JSON.stringify(echo) }, { credentials: h.store, staticData });
		expect(own.answered?.status).toBe(200);
		expect(JSON.parse(String(own.answered?.body))).toEqual({ received: 1, emitted: 0 });
		expect((own.response as IDataObject | undefined)?.workflowData).toBeUndefined();

		// Less than a day left: activation finds it stale and renews the same channel for a week.
		const state = staticData[nodeKey] as IDataObject;
		const stale: IDataObject = { ...(state.zohoChannel as IDataObject), expires: Date.now() + 3600 * 1000 };
		const staleData = { ...staticData, [nodeKey]: { ...state, zohoChannel: stale } };
		expect((await runWebhookMethod(wf, NODE, 'checkExists', { credentials: h.store, staticData: staleData })).result).toBe(false);
		h.sb.log.reset();
		const renewed = await runWebhookMethod(wf, NODE, 'create', { credentials: h.store, staticData: staleData });
		expect(h.sb.log.all().map((e) => [e.method, e.path])).toEqual([['PATCH', `${API}/actions/watch`]]);
		const after = (renewed.staticData[nodeKey] as IDataObject).zohoChannel as IDataObject;
		expect(after.channelId).toBe(stale.channelId);
		expect(Number(after.expires) - Date.now()).toBeGreaterThan(6 * 24 * 3600 * 1000);
	});
});
