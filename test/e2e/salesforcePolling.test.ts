/**
 * End to end through n8n-core (light runner): the Salesforce (CRM Pack)
 * Polling Trigger of workflows/salesforce-polling-contacts.json polled like an
 * active workflow (mode 'trigger'), with a contact written through the
 * Salesforce (CRM Pack) node in between, against the CRM sandbox's Salesforce
 * emulator (JWT bearer login, SOQL on SystemModstamp).
 */
import type { IDataObject } from 'n8n-workflow';

import type { LogEntry, Sandbox } from '../sandbox';
import { salesforceJwt } from './helpers/credentials';
import { Harness } from './helpers/harness';
import type { PollResult } from './lightRunner';

const TRIGGER = 'Salesforce Trigger';
const QUERY = 'GET /salesforce/services/data/v62.0/query';

let sb: Sandbox;
/** Writes run workflows salesforce-<name>.json from the Salesforce node; polls run the trigger of salesforce-polling-contacts.json. */
const h = new Harness({
	seed: 7,
	node: 'Salesforce',
	workflows: 'salesforce-',
	credentials: (s) => salesforceJwt(s),
	setup: (x) => {
		sb = x.sb;
		// Contacts that exist (changed within the overlap window) before the trigger is activated.
		sb.salesforce!.seed({ Contact: 5 }, 7);
	},
});

const poll = (staticData: IDataObject, mode: 'trigger' | 'manual' = 'trigger'): Promise<PollResult> => h.poll('polling-contacts', TRIGGER, { staticData, mode });

/** The trigger's cursor in workflow static data (node-scoped: `node:<name>`). */
const cursorOf = (p: PollResult) =>
	(p.staticData[`node:${TRIGGER}`] as IDataObject).salesforcePollCursor as { scope: string; cursor?: number; seen: Record<string, number> };

const queries = (): string[] =>
	sb.log
		.all()
		.filter((e: LogEntry) => `${e.method} ${e.path}` === QUERY)
		.map((e: LogEntry) => e.query.q);

/** The SOQL dateTime literal the trigger sends for `ms`: whole seconds, rounded down. */
const soqlTime = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

async function createContact(input: IDataObject): Promise<void> {
	const r = await h.run('contacts-create', [input]);
	expect(r.error).toBeUndefined();
	expect(r.status).toBe('success');
}

describe('Salesforce polling trigger through n8n (light runner, sandbox)', () => {
	it('poll → nothing (cursor set); a contact is created; poll → exactly that contact; poll → nothing', async () => {
		// 1. Activation: nothing emitted, the seeded contacts remembered as handled.
		const first = await poll({});
		expect(first.response).toBeNull();
		expect(first.items).toEqual([]);
		const state1 = cursorOf(first);
		expect(state1.scope).toBe('Contact|SystemModstamp');
		expect(typeof state1.cursor).toBe('number');
		const seededIds = sb.salesforce!.store.list('Contact').map((c: IDataObject) => String(c.Id));
		expect(seededIds).toHaveLength(5);
		expect(Object.keys(state1.seen).sort()).toEqual([...seededIds].sort());
		expect(queries()).toEqual([
			'SELECT Id, CreatedDate, LastModifiedDate, SystemModstamp, FirstName, LastName, Email, Phone, MobilePhone, Title, OwnerId, MailingStreet, MailingCity, MailingState, MailingPostalCode, MailingCountry FROM Contact ' +
				`WHERE SystemModstamp >= ${soqlTime((state1.cursor as number) - 60_000)} ORDER BY SystemModstamp ASC, Id ASC`,
		]);

		// 2. A contact is created through the Salesforce (CRM Pack) node.
		await createContact({ firstName: 'Katherine', lastName: 'Johnson', email: 'katherine@nasa.example' });
		const katherine = sb.salesforce!.store.list('Contact').find((c: IDataObject) => c.Email === 'katherine@nasa.example')!;
		expect(katherine).toBeDefined();

		sb.log.reset();
		const second = await poll(first.staticData);
		expect(queries()).toHaveLength(1);
		expect(second.items).toHaveLength(1);
		expect(second.items[0].json).toMatchObject({
			id: katherine.Id,
			firstName: 'Katherine',
			lastName: 'Johnson',
			email: 'katherine@nasa.example',
		});
		expect(cursorOf(second).cursor).toBe(Date.parse(String(katherine.SystemModstamp).replace('+0000', 'Z')));

		// 3. Nothing changed since: nothing emitted.
		sb.log.reset();
		const third = await poll(second.staticData);
		expect(third.response).toBeNull();
		expect(third.items).toEqual([]);
		expect(queries()).toHaveLength(1);
	});

	it('"Fetch test event" (manual mode) returns the latest change as a sample and leaves the cursor alone', async () => {
		const active = await poll({});
		await createContact({ firstName: 'Dorothy', lastName: 'Vaughan', email: 'dorothy@nasa.example' });

		sb.log.reset();
		const sample = await poll(structuredClone(active.staticData), 'manual');
		expect(queries()).toHaveLength(1);
		expect(queries()[0]).toMatch(/ORDER BY SystemModstamp DESC, Id DESC LIMIT 1$/);
		expect(sample.items.map((i) => i.json.email)).toEqual(['dorothy@nasa.example']);
		expect(sample.staticData).toEqual(active.staticData);

		// The active trigger still emits that change once.
		const next = await poll(active.staticData);
		expect(next.items.map((i) => i.json.email)).toEqual(['dorothy@nasa.example']);
	});
});
