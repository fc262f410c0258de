/**
 * CRM Sync end to end through n8n-core (light runner): HubSpot (side A, the
 * sandbox) <-> records from input (side B, a "database" held in this file whose
 * rows are the node's input and to which the Changes for B items are applied,
 * as the next node in a workflow would). Every test checks output items, the
 * sandbox's store and its request log.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { counts, CrmSyncHarness, HS_CONTACTS as CONTACTS, NODE, type SyncRun } from './helpers/crmSyncHarness';
import { runWorkflow } from './lightRunner';

jest.setTimeout(60_000);

const h = new CrmSyncHarness({ seed: 5, workflow: 'crm-sync-hubspot-input.json' });
const { calls, hsId: storeIdOf, hubspot } = h;

/** One run of the node on the database's rows, from `from` (default: the previous run's static data). */
const sync = (parameters: IDataObject = {}, options: { from?: IDataObject; input?: INodeExecutionData[]; keep?: boolean } = {}): Promise<SyncRun> =>
	h.run(parameters, { ...options, input: options.input ?? h.db.input() });

const createContact = async (properties: IDataObject) => String((await hubspot('POST', '/crm/v3/objects/contacts', { properties })).id);
const updateContact = (id: string, properties: IDataObject) => hubspot('PATCH', `/crm/v3/objects/contacts/${id}`, { properties });

type Person = { firstName: string | null; lastName: string | null };

/** email -> names, on each side; asserting that no email is held twice. */
function hubspotPeople(): Record<string, Person> {
	const out: Record<string, Person> = {};
	for (const r of h.sb.hubspot.store.list('contacts')) {
		const email = String(r.properties.email);
		expect(out[email]).toBeUndefined();
		out[email] = { firstName: r.properties.firstname || null, lastName: r.properties.lastname || null };
	}
	return out;
}

function dbPeople(): Record<string, Person> {
	const out: Record<string, Person> = {};
	for (const r of h.db.rows) {
		expect(out[r.email]).toBeUndefined();
		out[r.email] = { firstName: r.firstName || null, lastName: r.lastName || null };
	}
	return out;
}

const writeCalls = () => calls().filter((c) => /\/batch\/|PATCH|POST \/hubspot\/crm\/v3\/objects\/contacts$/.test(c));

/** HubSpot: ann, bob. Database: cy, dee. After one run and the changes applied, both hold all four. */
async function initialSync(): Promise<SyncRun> {
	await createContact({ email: 'ann@example.com', firstname: 'Ann', lastname: 'Archer' });
	await createContact({ email: 'bob@example.com', firstname: 'Bob', lastname: 'Baker' });
	h.db.insert({ email: 'cy@example.com', firstName: 'Cy', lastName: 'Cole' });
	h.db.insert({ email: 'dee@example.com', firstName: 'Dee', lastName: 'Dunn' });
	h.sb.log.reset();
	const first = await sync();
	h.db.apply(first.changesB);
	return first;
}

describe('CRM Sync: HubSpot <-> records from input', () => {
	it('first run creates on both sides; the second run confirms the rows and writes nothing', async () => {
		const first = await initialSync();
		expect(counts(first.summary)).toEqual({
			a: { created: 2, updated: 0, deleted: 0, pending: 0 },
			b: { created: 2, updated: 0, deleted: 0, pending: 2 },
			unchanged: 0,
			conflicts: 0,
			errors: 0,
		});
		expect(first.summary.apiCalls).toBe(2);
		expect(calls()).toEqual([`GET ${CONTACTS}`, `POST ${CONTACTS}/batch/upsert`]);
		expect(first.changesB.map((i) => i.json)).toEqual([
			{ operation: 'create', id: null, key: 'ann@example.com', sourceId: storeIdOf('ann@example.com'), fields: { email: 'ann@example.com', firstName: 'Ann', lastName: 'Archer' } },
			{ operation: 'create', id: null, key: 'bob@example.com', sourceId: storeIdOf('bob@example.com'), fields: { email: 'bob@example.com', firstName: 'Bob', lastName: 'Baker' } },
		]);
		expect(first.changesA).toEqual([]);
		const expected = {
			'ann@example.com': { firstName: 'Ann', lastName: 'Archer' },
			'bob@example.com': { firstName: 'Bob', lastName: 'Baker' },
			'cy@example.com': { firstName: 'Cy', lastName: 'Cole' },
			'dee@example.com': { firstName: 'Dee', lastName: 'Dunn' },
		};
		expect(hubspotPeople()).toEqual(expected);
		expect(dbPeople()).toEqual(expected);

		h.sb.log.reset();
		const second = await sync();
		expect(counts(second.summary)).toEqual({
			a: { created: 0, updated: 0, deleted: 0, pending: 0 },
			b: { created: 0, updated: 0, deleted: 0, pending: 0 },
			unchanged: 4,
			conflicts: 0,
			errors: 0,
		});
		expect(second.summary.fullReconcile).toEqual({ a: false, b: true });
		expect(writeCalls()).toEqual([]);
		expect(second.changesB).toEqual([]);
	});

	it('a change on each side flows to the other; the update sent out is confirmed when the input shows it', async () => {
		await initialSync();
		await sync();
		await updateContact(storeIdOf('ann@example.com'), { firstname: 'Annie' });
		h.db.rows.find((r) => r.email === 'cy@example.com')!.lastName = 'Cole-Smith';
		h.sb.log.reset();
		const run = await sync();
		expect(run.summary.a).toEqual({ created: 0, updated: 1, deleted: 0, pending: 0 });
		expect(run.summary.b).toEqual({ created: 0, updated: 1, deleted: 0, pending: 1 });
		expect(writeCalls()).toEqual([`POST ${CONTACTS}/batch/update`]);
		const annRow = h.db.rows.find((r) => r.email === 'ann@example.com')!;
		expect(run.changesB.map((i) => i.json)).toEqual([
			{ operation: 'update', id: String(annRow.id), aId: storeIdOf('ann@example.com'), bId: String(annRow.id), fields: { firstName: 'Annie' } },
		]);
		expect(h.sb.hubspot.store.getRecord('contacts', storeIdOf('cy@example.com'))!.properties.lastname).toBe('Cole-Smith');

		// The downstream write did not happen: the update is sent again, not mistaken for a change on B.
		const resend = await sync();
		expect(resend.changesB.map((i) => i.json.fields)).toEqual([{ firstName: 'Annie' }]);
		expect(resend.summary.conflicts).toBe(0);

		h.db.apply(resend.changesB);
		h.sb.log.reset();
		const confirmed = await sync();
		expect(confirmed.changesB).toEqual([]);
		expect(confirmed.summary.unchanged).toBe(4);
		expect(writeCalls()).toEqual([]);
		expect(dbPeople()).toEqual(hubspotPeople());
	});

	it('conflict, A wins: HubSpot\'s value goes to the input side and nothing is written to HubSpot', async () => {
		await initialSync();
		await sync();
		await updateContact(storeIdOf('bob@example.com'), { firstname: 'Robert' });
		h.db.rows.find((r) => r.email === 'bob@example.com')!.firstName = 'Bobby';
		h.sb.log.reset();
		const run = await sync({ conflictStrategy: 'aWins' });
		expect(run.conflicts).toEqual([]);
		expect(writeCalls()).toEqual([]);
		expect(run.changesB.map((i) => i.json.fields)).toEqual([{ firstName: 'Robert' }]);
		h.db.apply(run.changesB);
		await sync();
		expect(dbPeople()['bob@example.com']).toEqual({ firstName: 'Robert', lastName: 'Baker' });
		expect(hubspotPeople()['bob@example.com']).toEqual({ firstName: 'Robert', lastName: 'Baker' });
	});

	it('conflict, manual: reported every run and nothing written until Resolve Conflict picks B', async () => {
		await initialSync();
		await sync({ conflictStrategy: 'manual' });
		const bobId = storeIdOf('bob@example.com');
		await updateContact(bobId, { firstname: 'Robert' });
		h.db.rows.find((r) => r.email === 'bob@example.com')!.firstName = 'Bobby';
		h.sb.log.reset();
		const first = await sync({ conflictStrategy: 'manual' });
		const bobRow = String(h.db.rows.find((r) => r.email === 'bob@example.com')!.id);
		expect(first.conflicts).toEqual([
			expect.objectContaining({ aId: bobId, bId: bobRow, reason: 'bothChanged', fields: ['firstName'], since: 3, strategy: 'manual' }),
		]);
		expect((first.conflicts[0].a as IDataObject).firstName).toBe('Robert');
		expect((first.conflicts[0].b as IDataObject).firstName).toBe('Bobby');
		expect(first.changesB).toEqual([]);
		expect(writeCalls()).toEqual([]);
		const again = await sync({ conflictStrategy: 'manual' });
		expect(again.conflicts.map((c) => [c.aId, c.since])).toEqual([[bobId, 3]]);

		const status = await sync({ operation: 'getStatus' });
		expect(status.summary.openConflicts).toEqual([{ aId: bobId, bId: bobRow, reason: 'bothChanged', since: 3 }]);

		const resolved = await sync({ operation: 'resolveConflict', resolveBy: 'b', recordId: '={{ $json.bId }}', winner: 'b' }, { input: [{ json: { bId: bobRow } }] });
		expect(resolved.summary).toEqual({ operation: 'resolveConflict', aId: bobId, bId: bobRow, winner: 'b', resolved: true });

		h.sb.log.reset();
		const after = await sync({ conflictStrategy: 'manual' });
		expect(after.conflicts).toEqual([]);
		expect(writeCalls()).toEqual([`POST ${CONTACTS}/batch/update`]);
		expect(hubspotPeople()['bob@example.com']).toEqual({ firstName: 'Bobby', lastName: 'Baker' });
		const quiet = await sync({ conflictStrategy: 'manual' });
		expect(quiet.conflicts).toEqual([]);
		expect(quiet.summary.unchanged).toBe(4);
	});

	it('150 new rows go to HubSpot in 2 batch calls; with 10% of batch calls failing (503), re-runs converge with no duplicates', async () => {
		for (let i = 0; i < 150; i++) h.db.insert({ email: `p${i}@example.com`, firstName: `P${i}`, lastName: 'Row' });
		h.sb.log.reset();
		const first = await sync();
		expect(first.summary.a).toEqual({ created: 150, updated: 0, deleted: 0, pending: 0 });
		expect(calls().filter((c) => c.includes('/batch/'))).toEqual([`POST ${CONTACTS}/batch/upsert`, `POST ${CONTACTS}/batch/upsert`]);
		expect(h.sb.hubspot.store.count('contacts')).toBe(150);

		// Now 120 changes on both sides, one attempt per call, 10% of batch calls answered 503.
		for (let i = 0; i < 60; i++) h.db.rows[i].lastName = 'Changed';
		for (let i = 0; i < 60; i++) await updateContact(storeIdOf(`p${149 - i}@example.com`), { firstname: `HS${i}` });
		for (let i = 0; i < 40; i++) await createContact({ email: `h${i}@example.com`, firstname: `H${i}`, lastname: 'Spot' });
		for (let i = 0; i < 40; i++) h.db.insert({ email: `d${i}@example.com`, firstName: `D${i}`, lastName: 'Base' });
		h.sb.faults.set({ status503Rate: 0.1, onlyPaths: /batch/, seed: 3 });
		let failedRuns = 0;
		for (let attempt = 0; attempt < 15; attempt++) {
			const run = await sync({ options: { overlapSeconds: 60, maxAttempts: 1, batchSize: 10 } });
			h.db.apply(run.changesB);
			if (run.errors.length > 0) {
				failedRuns++;
				expect(run.errors.every((e) => /503|Service Unavailable|unavailable/i.test(String(e.message)))).toBe(true);
				continue;
			}
			if (run.changesB.length === 0 && (run.summary.a as IDataObject).updated === 0 && (run.summary.a as IDataObject).created === 0) break;
		}
		expect(failedRuns).toBeGreaterThan(0);
		expect(h.sb.log.all().some((e) => e.status === 503)).toBe(true);
		h.sb.faults.clear();
		const final = await sync();
		expect(final.changesB).toEqual([]);
		expect(final.errors).toEqual([]);
		const expected: Record<string, Person> = {};
		for (let i = 0; i < 150; i++) expected[`p${i}@example.com`] = { firstName: i >= 90 ? `HS${149 - i}` : `P${i}`, lastName: i < 60 ? 'Changed' : 'Row' };
		for (let i = 0; i < 40; i++) expected[`h${i}@example.com`] = { firstName: `H${i}`, lastName: 'Spot' };
		for (let i = 0; i < 40; i++) expected[`d${i}@example.com`] = { firstName: `D${i}`, lastName: 'Base' };
		expect(hubspotPeople()).toEqual(expected);
		expect(dbPeople()).toEqual(expected);
		expect(h.sb.hubspot.store.count('contacts')).toBe(230);
		expect(h.db.rows).toHaveLength(230);
	});

	it('a run killed after writing and before the commit converges on the re-run, without duplicates', async () => {
		await initialSync();
		await sync();
		const saved = structuredClone(h.staticData!);
		await createContact({ email: 'eve@example.com', firstname: 'Eve', lastname: 'Evans' });
		h.db.insert({ email: 'fay@example.com', firstName: 'Fay', lastName: 'Ford' });
		h.db.rows.find((r) => r.email === 'dee@example.com')!.firstName = 'Deirdre';
		const killed = await sync({}, { keep: false });
		expect(killed.summary.a).toEqual({ created: 1, updated: 1, deleted: 0, pending: 0 });
		// The process died: HubSpot got the writes, the rows for B were never written, the state was never saved.
		h.sb.log.reset();
		const rerun = await sync({}, { from: saved });
		expect(writeCalls()).toEqual([]);
		expect(rerun.summary.a).toEqual({ created: 0, updated: 0, deleted: 0, pending: 0 });
		expect(rerun.changesB.map((i) => [i.json.operation, i.json.key])).toEqual([['create', 'eve@example.com']]);
		h.db.apply(rerun.changesB);
		const settled = await sync();
		expect(settled.summary.unchanged).toBe(6);
		expect(settled.changesB).toEqual([]);
		expect(h.sb.hubspot.store.count('contacts')).toBe(6);
		expect(dbPeople()).toEqual(hubspotPeople());
		expect(hubspotPeople()['dee@example.com']).toEqual({ firstName: 'Deirdre', lastName: 'Dunn' });
	});

	/** Rows ok1, one bad row (id 2), ok2; the request log emptied. */
	const withBadRow = (bad: { email: string; firstName: string }) => {
		h.db.insert({ email: 'ok1@example.com', firstName: 'Ok', lastName: 'One' });
		h.db.insert({ ...bad, lastName: 'Row' });
		h.db.insert({ email: 'ok2@example.com', firstName: 'Ok', lastName: 'Two' });
		h.sb.log.reset();
	};

	it('a bad record (invalid email) gives exactly one Errors item; every other record is synced', async () => {
		withBadRow({ email: 'not-an-email', firstName: 'Bad' });
		const run = await sync();
		expect(run.errors).toEqual([
			{
				side: 'A',
				operation: 'upsert',
				sourceId: '2',
				key: 'not-an-email',
				fields: { email: 'not-an-email', firstName: 'Bad', lastName: 'Row' },
				message: expect.stringMatching(/not-an-email is invalid/),
				code: 'VALIDATION_ERROR',
				field: 'email',
			},
		]);
		// Paired with the row it came from (the second row: item 1), not item 0.
		expect(run.result.data[NODE][4].map((i) => i.pairedItem)).toEqual([{ item: 1 }]);
		expect(run.summary.a).toEqual({ created: 2, updated: 0, deleted: 0, pending: 0 });
		expect(run.summary.errors).toBe(1);
		expect(calls().filter((c) => c.includes('/batch/'))).toEqual([`POST ${CONTACTS}/batch/upsert`]);
		expect(Object.keys(hubspotPeople()).sort()).toEqual(['ok1@example.com', 'ok2@example.com']);
		// The failed record is retried next run, and fails the same way, once.
		const again = await sync();
		expect(again.errors.map((e) => e.sourceId)).toEqual(['2']);
		expect(again.summary.unchanged).toBe(2);
	});

	it('a number where a name is expected (firstName: 42) fails that record only, naming it, the field and the type; its batch is written', async () => {
		withBadRow({ email: 'num@example.com', firstName: 42 as unknown as string });
		const run = await sync();
		expect(run.errors).toEqual([
			{
				side: 'A',
				operation: 'upsert',
				sourceId: '2',
				key: 'num@example.com',
				fields: { email: 'num@example.com', firstName: 42, lastName: 'Row' },
				field: 'firstName',
				expected: 'a name (text)',
				message: 'Record 2 of side B (key "num@example.com"): field "firstName": expected a name (text), got number 42; it was not written to side A',
			},
		]);
		expect(run.summary.a).toEqual({ created: 2, updated: 0, deleted: 0, pending: 0 });
		// One batch call, with the two valid records only.
		expect(h.sb.log.all().filter((e) => e.path.endsWith('/batch/upsert')).map((e) => (e.body as { inputs: Array<{ id: string }> }).inputs.map((i) => i.id))).toEqual([
			['ok1@example.com', 'ok2@example.com'],
		]);
		expect(Object.keys(hubspotPeople()).sort()).toEqual(['ok1@example.com', 'ok2@example.com']);
	});

	it('On Error "Stop Workflow": a record that cannot be synced fails the run, after the valid ones are written and committed', async () => {
		h.db.insert({ email: 'ok1@example.com', firstName: 'Ok', lastName: 'One' });
		h.db.insert({ email: 'num@example.com', firstName: 42 as unknown as string, lastName: 'Row' });
		const workflow = h.workflow();
		delete (workflow.nodes.find((n) => n.name === NODE) as { onError?: string }).onError;
		const result = await runWorkflow(workflow, { credentials: h.credentials(), startNode: NODE, input: h.db.input(), mode: 'trigger' });
		expect(result.error?.message).toBe(
			'1 record(s) could not be synced; the others were (side A: 1 created, 0 updated, 0 deleted; side B (records from input): nothing sent, the Changes outputs are dropped with the error)',
		);
		expect((result.error as { description?: string }).description).toMatch(/^- A upsert: Record 2 of side B \(key "num@example.com"\): field "firstName": expected a name \(text\), got number 42;/);
		expect(Object.keys(hubspotPeople())).toEqual(['ok1@example.com']);
		// The valid record was committed: with the row fixed, the next run writes only that one.
		h.db.row('num@example.com').firstName = 'Num';
		h.sb.log.reset();
		const fixed = await sync({}, { from: result.staticData });
		expect(fixed.errors).toEqual([]);
		expect(fixed.summary.a).toEqual({ created: 1, updated: 0, deleted: 0, pending: 0 });
		expect(fixed.summary.unchanged).toBe(1);
	});

	it('dry run outputs the plan, writes nothing and keeps the state', async () => {
		await createContact({ email: 'ann@example.com', firstname: 'Ann', lastname: 'Archer' });
		h.db.insert({ email: 'cy@example.com', firstName: 'Cy', lastName: 'Cole' });
		h.sb.log.reset();
		const run = await sync({ dryRun: true });
		expect(run.changesA.map((i) => i.json)).toEqual([
			{ operation: 'create', id: null, key: 'cy@example.com', sourceId: '1', fields: { email: 'cy@example.com', firstName: 'Cy', lastName: 'Cole' } },
		]);
		expect(run.changesB.map((i) => i.json.key)).toEqual(['ann@example.com']);
		expect(writeCalls()).toEqual([]);
		expect(h.savedState(run.staticData)).toBeUndefined();
		expect(h.sb.hubspot.store.count('contacts')).toBe(1);

		// After a real run, a dry run leaves the saved state exactly as it was.
		h.db.apply((await sync()).changesB);
		const saved = h.savedState();
		expect(saved).toBeDefined();
		h.db.rows[0].firstName = 'Cyrus';
		h.sb.log.reset();
		const dry = await sync({ dryRun: true }, { keep: false });
		expect(dry.changesA.map((i) => i.json)).toEqual([
			{ operation: 'update', id: storeIdOf('cy@example.com'), aId: storeIdOf('cy@example.com'), bId: '1', fields: { firstName: 'Cyrus' } },
		]);
		expect(dry.summary.a).toEqual({ created: 0, updated: 1, deleted: 0, pending: 0 });
		expect(h.savedState(dry.staticData)).toEqual(saved);
		expect(writeCalls()).toEqual([]);
	});
});
