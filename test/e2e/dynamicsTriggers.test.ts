/**
 * The Dynamics 365 (CRM Pack) Polling Trigger polled like an active workflow
 * (light runner), against the sandbox's Dataverse.
 */
import type { IDataObject } from 'n8n-workflow';

import { dynamicsClientCredentials, dynamicsOAuth2 } from './helpers/credentials';
import { Harness } from './helpers/harness';
import type { PollResult } from './lightRunner';

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
