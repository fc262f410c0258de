/**
 * End to end through n8n-core (light runner): the HubSpot (CRM Pack) Polling
 * Trigger of workflows/hubspot-contacts-polling.json polled like an active
 * workflow (mode 'trigger'), with writes made through the HubSpot node in
 * between, against the CRM sandbox.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../sandbox';
import { hubspotPrivateApp } from './helpers/credentials';
import { Harness } from './helpers/harness';
import type { PollResult } from './lightRunner';

const TRIGGER = 'HubSpot Trigger';
const SEARCH = 'POST /hubspot/crm/v3/objects/contacts/search';

let sb: Sandbox;
/** Writes run workflows hubspot-<name>.json from the HubSpot node; polls run the trigger of hubspot-contacts-polling.json. */
const h = new Harness({
	seed: 31,
	node: 'HubSpot',
	workflows: 'hubspot-',
	credentials: (s) => hubspotPrivateApp(s),
	setup: (x) => {
		sb = x.sb;
		// Contacts that exist (and changed within the overlap window) before the trigger is activated.
		sb.hubspot.seed({ contacts: 25 }, 31);
	},
});

const poll = (staticData: IDataObject): Promise<PollResult> => h.poll('contacts-polling', TRIGGER, { staticData, mode: 'trigger' });

/** The trigger's cursor in workflow static data (node-scoped: `node:<name>`). */
const cursorOf = (p: PollResult) =>
	(p.staticData[`node:${TRIGGER}`] as IDataObject).hubspotPollCursor as { scope: string; cursor?: number; seen: Record<string, number> };

async function write(name: string, input: IDataObject[]): Promise<void> {
	const r = await h.run(name, input);
	expect(r.error).toBeUndefined();
}

describe('HubSpot polling trigger through n8n (light runner, sandbox)', () => {
	it('first poll emits nothing and starts the cursor; a write is emitted once by the next poll; then nothing', async () => {
		// 1. Activation: nothing emitted, cursor saved, existing records not emitted.
		const first = await poll({});
		expect(first.response).toBeNull();
		expect(first.items).toEqual([]);
		expect(first.staticDataChanged).toBe(true);
		expect(Object.keys(first.staticData)).toEqual([`node:${TRIGGER}`]);
		const state1 = cursorOf(first);
		expect(state1.scope).toBe('contacts|lastmodifieddate');
		// The seeded contacts changed inside the overlap window: remembered as handled, not emitted.
		const seededIds = sb.hubspot.store.list('contacts').map((c) => c.id);
		expect(seededIds).toHaveLength(25);
		expect(Object.keys(state1.seen).sort()).toEqual([...seededIds].sort());
		expect(typeof state1.cursor).toBe('number');
		expect(sb.log.count(SEARCH)).toBe(1);
		expect(sb.log.all()).toHaveLength(1);

		// 2. A contact is created through the HubSpot node.
		await write('contacts-create', [{ firstName: 'Mary', lastName: 'Jackson', email: 'mary@nasa.example' }]);
		const mary = sb.hubspot.store.list('contacts').find((c) => c.properties.email === 'mary@nasa.example')!;
		expect(mary).toBeDefined();

		sb.log.reset();
		const second = await poll(first.staticData);
		expect(sb.log.count(SEARCH)).toBe(1);
		expect(second.items).toEqual([
			{
				json: {
					id: mary.id,
					firstName: 'Mary',
					lastName: 'Jackson',
					email: 'mary@nasa.example',
					fullName: 'Mary Jackson',
					createdAt: mary.createdAt,
					updatedAt: mary.updatedAt,
					custom: {},
				},
			},
		]);

		// 3. Nothing changed since: nothing emitted.
		sb.log.reset();
		const third = await poll(second.staticData);
		expect(third.response).toBeNull();
		expect(third.items).toEqual([]);
		expect(sb.log.count(SEARCH)).toBe(1);

		// 4. An existing (seeded) contact updated twice, and Mary once: each emitted once, oldest change first.
		const seeded = sb.hubspot.store.list('contacts').find((c) => c.id !== mary.id)!;
		await write('contacts-update', [{ id: seeded.id, lastName: 'Changed' }]);
		await write('contacts-update', [{ id: seeded.id, lastName: 'Changed Again' }]);
		await write('contacts-update', [{ id: mary.id, lastName: 'Jackson-Smith' }]);
		const fourth = await poll(third.staticData);
		expect(fourth.items.map((i) => [i.json.id, i.json.lastName])).toEqual([
			[seeded.id, 'Changed Again'],
			[mary.id, 'Jackson-Smith'],
		]);
		expect(fourth.items.map((i) => i.json.updatedAt)).toEqual([
			sb.hubspot.store.getRecord('contacts', seeded.id)!.updatedAt,
			sb.hubspot.store.getRecord('contacts', mary.id)!.updatedAt,
		]);

		const fifth = await poll(fourth.staticData);
		expect(fifth.items).toEqual([]);
	});

	it('the search each poll makes is a last-modified GTE query, sorted ascending, from cursor minus the overlap', async () => {
		const first = await poll({});
		const cursor = cursorOf(first).cursor as number;
		expect(typeof cursor).toBe('number');

		sb.log.reset();
		await poll(first.staticData);
		const [search] = sb.log.all();
		expect(`${search.method} ${search.path}`).toBe(SEARCH);
		expect(search.body).toMatchObject({
			filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: String(cursor - 60_000) }] }],
			sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
		});
	});

	it('"Fetch test event" (manual mode) returns the latest change as a sample and leaves the cursor alone', async () => {
		const active = await poll({});
		await write('contacts-create', [{ firstName: 'Dorothy', lastName: 'Vaughan', email: 'dorothy@nasa.example' }]);
		const dorothy = sb.hubspot.store.list('contacts').find((c) => c.properties.email === 'dorothy@nasa.example')!;

		sb.log.reset();
		const sample = await h.poll('contacts-polling', TRIGGER, {
			staticData: structuredClone(active.staticData),
			mode: 'manual',
		});
		expect(sb.log.count(SEARCH)).toBe(1);
		expect(sample.items.map((i) => [i.json.id, i.json.email])).toEqual([[dorothy.id, 'dorothy@nasa.example']]);
		expect(sample.staticData).toEqual(active.staticData);

		// The active trigger still emits that change once.
		const next = await poll(active.staticData);
		expect(next.items.map((i) => [i.json.id, i.json.email])).toEqual([[dorothy.id, 'dorothy@nasa.example']]);
	});
});
