/**
 * CRM Sync deletes and reads end to end through n8n-core (light runner) against
 * the sandbox: delete modes (ignore, archive in HubSpot, a delete row for the
 * input side), the deletion guard, and incremental reads with a full reconcile
 * every N runs. Side A is HubSpot (sandbox, clock frozen so lastmodifieddate is
 * exact), side B is "records from input": a database kept in this file, fed to
 * the node and updated from its Changes for B output.
 */
import type { IDataObject } from 'n8n-workflow';

import { asJson, counts, CrmSyncHarness, HS_CONTACTS as HS, none, T0, type SyncRunJson } from './helpers/crmSyncHarness';
import { isStoreCall } from './helpers/stateStore';

jest.setTimeout(60_000);

const h = new CrmSyncHarness({ seed: 12, workflow: 'crm-sync-strategies-hubspot-input.json', defaults: { fields: 'email, firstName, lastName' }, isolate: true });
const { calls, editHubSpot, hsId, hubspot } = h;

/** One run on the database's rows (the request log then holds this run's calls only); Changes for B are applied after. */
async function sync(parameters: IDataObject = {}): Promise<SyncRunJson> {
	const run = await h.run(parameters);
	h.db.apply(run.changesB);
	return asJson(run);
}

const rowId = (email: string) => String(h.db.row(email).id);
const hsEmails = () => h.sb.hubspot.store.list('contacts').map((r) => String(r.properties.email)).sort();
const dbEmails = () => h.db.rows.map((r) => r.email).sort();
const hubspotWrites = () =>
	h.sb.log
		.all()
		.filter((e) => e.method !== 'GET' && !e.path.endsWith('/search') && !isStoreCall(e.path))
		.map((e) => ({ call: `${e.method} ${e.path}`, body: e.body }));
const quiet = (unchanged: number) => ({ a: none, b: none, unchanged, conflicts: 0, errors: 0 });
/** The saved sync state (the engine's encoded form), from the store the runs use. */
const savedState = () => h.savedState()!;
const ALL = ['ann@example.com', 'bob@example.com', 'cy@example.com', 'dee@example.com'];

/** HubSpot: ann, bob. Database: cy, dee. Two runs: created both ways, then confirmed. */
async function linkFour(parameters: IDataObject): Promise<void> {
	h.sb.hubspot.freezeClock(T0);
	await hubspot('POST', '/crm/v3/objects/contacts', { properties: { email: 'ann@example.com', firstname: 'Ann', lastname: 'Archer' } });
	await hubspot('POST', '/crm/v3/objects/contacts', { properties: { email: 'bob@example.com', firstname: 'Bob', lastname: 'Baker' } });
	h.db.insert({ email: 'cy@example.com', firstName: 'Cy', lastName: 'Cole' });
	h.db.insert({ email: 'dee@example.com', firstName: 'Dee', lastName: 'Dunn' });
	const first = await sync(parameters);
	expect(first.summary.a).toEqual({ ...none, created: 2 });
	expect(first.summary.b).toEqual({ ...none, created: 2, pending: 2 });
	expect(counts((await sync(parameters)).summary)).toEqual(quiet(4));
	expect(hsEmails()).toEqual(ALL);
	expect(dbEmails()).toEqual(ALL);
}

describe('deletes', () => {
	it('ignore (default): a record deleted on one side is neither deleted on the other nor created again, even when edited there later', async () => {
		const full = { options: { incremental: false } };
		await linkFour(full);
		await hubspot('DELETE', `/crm/v3/objects/contacts/${hsId('ann@example.com')}`);
		h.db.remove('dee@example.com');
		const run = await sync(full);
		expect(run.summary.fullReconcile).toEqual({ a: true, b: true });
		expect(counts(run.summary)).toEqual(quiet(4));
		expect(run.changesB).toEqual([]);
		expect(hubspotWrites()).toEqual([]);
		expect(hsEmails()).toEqual(['bob@example.com', 'cy@example.com', 'dee@example.com']);
		expect(dbEmails()).toEqual(['ann@example.com', 'bob@example.com', 'cy@example.com']);

		// The survivors are edited: still no re-create on either side, and no write.
		await editHubSpot('dee@example.com', { firstname: 'Deirdre' }, '2030-01-01T10:00:00.000Z');
		h.db.row('ann@example.com').lastName = 'Archer-Db';
		const later = await sync(full);
		expect(counts(later.summary)).toEqual(quiet(4));
		expect(later.changesB).toEqual([]);
		expect(hubspotWrites()).toEqual([]);
		expect(hsEmails()).toEqual(['bob@example.com', 'cy@example.com', 'dee@example.com']);
		expect(dbEmails()).toEqual(['ann@example.com', 'bob@example.com', 'cy@example.com']);
		expect(h.sb.hubspot.store.list('contacts', { archived: true }).map((r) => r.properties.email)).toEqual(['ann@example.com']);
	});

	it('archive: a row gone from a full input is archived in HubSpot with one batch call, and the pair is forgotten', async () => {
		const archive = { deleteMode: 'archive', maxDeletePercent: 50 };
		await linkFour(archive);
		const cyHs = hsId('cy@example.com');
		h.db.remove('cy@example.com');
		const run = await sync(archive);
		expect(counts(run.summary)).toEqual({ a: { ...none, deleted: 1 }, b: none, unchanged: 3, conflicts: 0, errors: 0 });
		expect(run.summary.aborted).toBeUndefined();
		expect(run.changesB).toEqual([]);
		expect(hubspotWrites()).toEqual([{ call: `POST ${HS}/batch/archive`, body: { inputs: [{ id: cyHs }] } }]);
		expect(h.sb.hubspot.store.getRecord('contacts', cyHs)!.archived).toBe(true);
		expect(hsEmails()).toEqual(['ann@example.com', 'bob@example.com', 'dee@example.com']);
		expect((savedState().p as unknown[]).length).toBe(3);

		const next = await sync(archive);
		expect(counts(next.summary)).toEqual(quiet(3));
		expect(hubspotWrites()).toEqual([]);
		expect(dbEmails()).toEqual(['ann@example.com', 'bob@example.com', 'dee@example.com']);
	});

	it('propagate: a contact archived in HubSpot is not seen by an incremental run; the full reconcile run emits a delete row for B', async () => {
		const propagate = { deleteMode: 'propagate', maxDeletePercent: 50, options: { fullReconcileEvery: 4 } };
		await linkFour(propagate);
		const bobHs = hsId('bob@example.com');
		const bobRow = rowId('bob@example.com');
		h.sb.hubspot.freezeClock('2030-01-01T10:00:00.000Z');
		await hubspot('DELETE', `/crm/v3/objects/contacts/${bobHs}`);

		const incremental = await sync(propagate);
		expect(incremental.summary.run).toBe(3);
		expect(incremental.summary.fullReconcile).toEqual({ a: false, b: true });
		expect(counts(incremental.summary)).toEqual(quiet(4));
		expect(incremental.changesB).toEqual([]);

		const full = await sync(propagate);
		expect(full.summary.run).toBe(4);
		expect(full.summary.fullReconcile).toEqual({ a: true, b: true });
		expect(calls()).toEqual([`GET ${HS}`]);
		expect(counts(full.summary)).toEqual({ a: none, b: { ...none, deleted: 1, pending: 1 }, unchanged: 3, conflicts: 0, errors: 0 });
		expect(full.changesB).toEqual([{ operation: 'delete', id: bobRow, aId: bobHs, bId: bobRow }]);
		expect(full.changesA).toEqual([]);
		expect(hubspotWrites()).toEqual([]);
		expect(dbEmails()).toEqual(['ann@example.com', 'cy@example.com', 'dee@example.com']);

		const after = await sync(propagate);
		expect(after.summary.fullReconcile).toEqual({ a: false, b: true });
		expect(counts(after.summary)).toEqual(quiet(3));
		expect(hsEmails()).toEqual(['ann@example.com', 'cy@example.com', 'dee@example.com']);
	});

	it('deletion guard: more than the allowed share would be deleted -> Summary says aborted, nothing is written, the links and cursors stay', async () => {
		const guarded = { deleteMode: 'archive', maxDeletePercent: 20 };
		await linkFour(guarded);
		const before = savedState();
		const deeRow = h.db.row('dee@example.com');
		h.db.remove('cy@example.com');
		h.db.remove('dee@example.com');
		const run = await sync(guarded);
		const reason = '2 of 4 linked records (50%) would be deleted, more than the allowed 20%; nothing was written';
		expect(run.summary.aborted).toBe(reason);
		expect(run.summary.warnings).toEqual([`Deletion guard: ${reason}`]);
		expect(counts(run.summary)).toEqual(quiet(0));
		expect([run.changesA, run.changesB, run.conflicts, run.errors]).toEqual([[], [], [], []]);
		// HubSpot was only read (incrementally: the deletions come from the full input).
		expect(calls()).toEqual([`POST ${HS}/search`]);
		expect(hubspotWrites()).toEqual([]);
		expect(h.sb.hubspot.store.count('contacts')).toBe(4);
		// Only the run number moves on.
		expect(savedState()).toEqual({ ...before, n: (before.n as number) + 1 });

		// One of four (25%) is still more than 20%: aborted again.
		h.db.rows.push(deeRow);
		const one = await sync(guarded);
		expect(one.summary.aborted).toBe('1 of 4 linked records (25%) would be deleted, more than the allowed 20%; nothing was written');
		expect(hubspotWrites()).toEqual([]);
		expect(savedState()).toEqual({ ...before, n: (before.n as number) + 2 });

		// Allowing 50%: the run goes ahead and archives both in one call.
		h.db.remove('dee@example.com');
		const cyHs = hsId('cy@example.com');
		const deeHs = hsId('dee@example.com');
		const allowed = await sync({ ...guarded, maxDeletePercent: 50 });
		expect(allowed.summary.aborted).toBeUndefined();
		expect(counts(allowed.summary)).toEqual({ a: { ...none, deleted: 2 }, b: none, unchanged: 2, conflicts: 0, errors: 0 });
		expect(hubspotWrites()).toEqual([{ call: `POST ${HS}/batch/archive`, body: { inputs: [{ id: cyHs }, { id: deeHs }] } }]);
		expect(hsEmails()).toEqual(['ann@example.com', 'bob@example.com']);
	});
});

describe('incremental reads and a full reconcile every N runs', () => {
	it('incremental runs search by lastmodifieddate from the cursor (no full list) and read only changed contacts; every 3rd run lists all', async () => {
		const every3 = { options: { fullReconcileEvery: 3, overlapSeconds: 0 } };
		const ms = (iso: string) => String(Date.parse(iso));
		const searchOf = () => {
			const searches = h.sb.log.all().filter((e) => e.path === `${HS}/search`);
			expect(searches).toHaveLength(1);
			const body = searches[0].body as IDataObject;
			return { filterGroups: body.filterGroups, sorts: body.sorts };
		};
		const since = (iso: string) => ({
			filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: ms(iso) }] }],
			sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
		});

		h.sb.hubspot.freezeClock(T0);
		await hubspot('POST', '/crm/v3/objects/contacts', { properties: { email: 'ann@example.com', firstname: 'Ann', lastname: 'Archer' } });
		await hubspot('POST', '/crm/v3/objects/contacts', { properties: { email: 'bob@example.com', firstname: 'Bob', lastname: 'Baker' } });
		h.db.insert({ email: 'cy@example.com', firstName: 'Cy', lastName: 'Cole' });
		h.db.insert({ email: 'dee@example.com', firstName: 'Dee', lastName: 'Dunn' });

		// Run 1: no cursor yet -> full list.
		const r1 = await sync(every3);
		expect([r1.summary.run, r1.summary.fullReconcile, r1.summary.fetched]).toEqual([1, { a: true, b: true }, { a: 2, b: 2 }]);
		expect(calls()).toEqual([`GET ${HS}`, `POST ${HS}/batch/upsert`]);

		// Run 2: incremental from the cursor (T0, the newest lastmodifieddate read); everything was written at T0.
		h.sb.hubspot.freezeClock('2030-01-01T10:00:00.000Z');
		const r2 = await sync(every3);
		expect([r2.summary.run, r2.summary.fullReconcile, r2.summary.fetched]).toEqual([2, { a: false, b: true }, { a: 4, b: 4 }]);
		expect(calls()).toEqual([`POST ${HS}/search`]);
		expect(searchOf()).toEqual(since(T0));
		expect(counts(r2.summary)).toEqual(quiet(4));
		// The creates sent to B in run 1 arrived and were linked: nothing is left pending (else fetched by id every run).
		expect(savedState().pc).toBeUndefined();
		expect((savedState().p as unknown[]).length).toBe(4);

		// Run 3: the full reconcile.
		await editHubSpot('ann@example.com', { firstname: 'Annie' }, '2030-01-01T10:00:00.000Z');
		const r3 = await sync(every3);
		expect([r3.summary.run, r3.summary.fullReconcile, r3.summary.fetched]).toEqual([3, { a: true, b: true }, { a: 4, b: 4 }]);
		expect(calls()).toEqual([`GET ${HS}`]);
		expect(r3.changesB.map((c) => [c.id, c.fields])).toEqual([[rowId('ann@example.com'), { firstName: 'Annie' }]]);

		// Run 4: incremental from 10:00 (ann's edit): ann and bob (edited at 11:00) only.
		await editHubSpot('bob@example.com', { firstname: 'Robert' }, '2030-01-01T11:00:00.000Z');
		const r4 = await sync(every3);
		expect([r4.summary.run, r4.summary.fullReconcile, r4.summary.fetched]).toEqual([4, { a: false, b: true }, { a: 2, b: 4 }]);
		expect(calls()).toEqual([`POST ${HS}/search`]);
		expect(searchOf()).toEqual(since('2030-01-01T10:00:00.000Z'));
		expect(r4.changesB.map((c) => [c.id, c.fields])).toEqual([[rowId('bob@example.com'), { firstName: 'Robert' }]]);
		expect(counts(r4.summary)).toEqual({ a: none, b: { ...none, updated: 1, pending: 1 }, unchanged: 3, conflicts: 0, errors: 0 });

		// Run 5: incremental from 11:00, less the overlap (60 s): bob only.
		const r5 = await sync({ options: { ...every3.options, overlapSeconds: 60 } });
		expect([r5.summary.run, r5.summary.fullReconcile, r5.summary.fetched]).toEqual([5, { a: false, b: true }, { a: 1, b: 4 }]);
		expect(searchOf()).toEqual(since('2030-01-01T10:59:00.000Z'));
		expect(calls()).toEqual([`POST ${HS}/search`]);
		expect(counts(r5.summary)).toEqual(quiet(4));

		// Run 6: full again.
		const r6 = await sync(every3);
		expect([r6.summary.run, r6.summary.fullReconcile, r6.summary.fetched]).toEqual([6, { a: true, b: true }, { a: 4, b: 4 }]);
		expect(calls()).toEqual([`GET ${HS}`]);
		expect(counts(r6.summary)).toEqual(quiet(4));
		expect(hubspotWrites()).toEqual([]);
	});
});
