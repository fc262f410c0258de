/**
 * The lost-state guard (issue 18): a run that finds no saved state while the
 * records of both sides already match by key says so in its Summary, and under
 * "A wins" / "B wins" writes nothing (and saves nothing) until the user turns on
 * "Confirm Overwrite Without Saved State", so a lost state (queue mode, a reset
 * database) cannot silently revert edits made on the losing side.
 *
 * Light runner against the sandbox: side A HubSpot, side B records from input
 * (a database in this file); the lost state is a run started from empty static
 * data after two synced runs.
 */
import type { IDataObject } from 'n8n-workflow';

import { CrmSyncHarness, HS_CONTACTS as HS, T0, type Row } from './helpers/crmSyncHarness';
import { STATE_STORE } from './helpers/stateStore';

jest.setTimeout(60_000);

interface ContactRow extends Row {
	phone?: string | null;
	updatedAt?: string;
}

const h = new CrmSyncHarness<ContactRow>({ seed: 23, workflow: 'crm-sync-strategies-hubspot-input.json', isolate: true });
const FILE = 'crm-sync-strategies-hubspot-input.json';

/** The node points static-data users at the Data Table store; Data Table users get no such hint. */
const STORE_HINT = STATE_STORE === 'staticData' ? ' (workflow static data is not reliable in queue mode or for manual runs: State Store → Data Table keeps it)' : '';

const hubspotWrites = () => h.sb.log.all().filter((e) => e.path.startsWith(HS) && e.method !== 'GET' && !e.path.endsWith('/search'));

/** ann and bob in HubSpot, cy in the database; synced twice (linked, then quiet). */
async function linkThree(parameters: IDataObject): Promise<void> {
	h.sb.hubspot.freezeClock(T0);
	await h.hubspot('POST', '/crm/v3/objects/contacts', { properties: { email: 'ann@example.com', firstname: 'Ann', lastname: 'Archer' } });
	await h.hubspot('POST', '/crm/v3/objects/contacts', { properties: { email: 'bob@example.com', firstname: 'Bob', lastname: 'Baker' } });
	h.db.insert({ email: 'cy@example.com', firstName: 'Cy', lastName: 'Cole' });
	const first = await h.run(parameters, { file: FILE });
	h.db.apply(first.changesB);
	const second = await h.run(parameters, { file: FILE });
	expect(second.summary).toMatchObject({ run: 2, unchanged: 3, warnings: [] });
}

describe('lost-state guard', () => {
	it('A wins without saved state: warns, writes nothing to B and saves nothing until confirmed', async () => {
		await linkThree({ conflictStrategy: 'aWins' });
		// B edits ann after the state was lost
		h.db.row('ann@example.com').firstName = 'Annie';
		const lost = await h.run({ conflictStrategy: 'aWins' }, { file: FILE, from: {} });
		expect(lost.summary.run).toBe(1);
		expect(lost.summary.warnings).toEqual([
			`No saved sync state was found, yet 3 record(s) on side A and side B already match by key. If this workflow synced before, its state was lost${STORE_HINT}; this run treats every matching pair as new.`,
			'Lost-state guard: 1 record(s) on side B would be overwritten by side A without a saved state; nothing was written and no state was saved. Check them, then turn on "Confirm Overwrite Without Saved State" to run.',
		]);
		expect(lost.summary.aborted).toMatch(/^Lost-state guard: 1 record\(s\) on side B/);
		expect(lost.summary.a).toEqual({ created: 0, updated: 0, deleted: 0, pending: 0 });
		expect(lost.summary.b).toEqual({ created: 0, updated: 0, deleted: 0, pending: 0 });
		expect(lost.changesB).toEqual([]);
		expect(hubspotWrites()).toEqual([]);
		expect(h.savedState(lost.staticData)).toBeUndefined();

		// the same run again is held again; confirmed, A's value goes to B as "A wins" says
		expect((await h.run({ conflictStrategy: 'aWins' }, { file: FILE })).summary.aborted).toMatch(/^Lost-state guard/);
		const confirmed = await h.run({ conflictStrategy: 'aWins', confirmOverwriteWithoutState: true }, { file: FILE });
		expect(confirmed.summary.aborted).toBeUndefined();
		expect(confirmed.summary.warnings).toHaveLength(1);
		expect(confirmed.changesB.map((i) => i.json)).toEqual([
			{ operation: 'update', id: String(h.db.row('ann@example.com').id), aId: h.hsId('ann@example.com'), bId: String(h.db.row('ann@example.com').id), fields: { firstName: 'Ann' } },
		]);
		expect(h.savedState(confirmed.staticData)).toBeDefined();
	});

	it('B wins without saved state: the HubSpot edit is not reverted', async () => {
		await linkThree({ conflictStrategy: 'bWins' });
		await h.editHubSpot('bob@example.com', { firstname: 'Robert' }, '2030-01-01T10:00:00.000Z');
		h.sb.log.reset();
		const lost = await h.run({ conflictStrategy: 'bWins' }, { file: FILE, from: {} });
		expect(lost.summary.aborted).toMatch(/^Lost-state guard: 1 record\(s\) on side A would be overwritten by side B/);
		expect(hubspotWrites()).toEqual([]);
		expect(h.sb.hubspot.store.list('contacts').find((c) => c.properties.email === 'bob@example.com')!.properties.firstname).toBe('Robert');
	});

	it('other strategies only warn; a first run with nothing matching neither warns nor holds', async () => {
		await linkThree({});
		h.db.row('ann@example.com').firstName = 'Annie';
		const lost = await h.run({}, { file: FILE, from: {} });
		expect(lost.summary.aborted).toBeUndefined();
		expect(lost.summary.warnings).toEqual([expect.stringMatching(/^No saved sync state was found, yet 3 record\(s\)/)]);

		h.db.insert({ email: 'dee@example.com', firstName: 'Dee', lastName: 'Dunn' });
		const fresh = await h.run({ conflictStrategy: 'aWins' }, { file: FILE, from: {}, input: [{ json: { ...h.db.row('dee@example.com') } }] });
		expect(fresh.summary.warnings).toEqual([]);
		expect(fresh.summary.aborted).toBeUndefined();
	});
});
