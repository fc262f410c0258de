/**
 * CRM Sync scenarios end to end through n8n-core (light runner) against the
 * sandbox, beyond crmSync.test.ts: conflict strategies when both sides changed
 * the same record between runs (B wins, most recent with time zones and equal
 * times, field-level merge and its fallbacks), one-way fields, a key edited
 * after linking, and a dry run between two CRMs (HubSpot <-> Pipedrive).
 *
 * Side A is HubSpot (sandbox), side B is "records from input": a database kept
 * in this file whose rows are the node's input and to which the Changes for B
 * items are applied, as a downstream database node would. HubSpot's clock is
 * frozen, so its lastmodifieddate (the record's updatedAt) is exact.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { counts, CrmSyncHarness, hubspotCredentials, HS_CONTACTS as HS, none, pipedriveCredentials, T0, type Row } from './helpers/crmSyncHarness';
import { isStoreCall } from './helpers/stateStore';

jest.setTimeout(60_000);

interface ContactRow extends Row {
	phone?: string | null;
	updatedAt?: string;
}

const h = new CrmSyncHarness<ContactRow>({
	seed: 11,
	workflow: 'crm-sync-strategies-hubspot-input.json',
	credentials: (sb) => ({ ...hubspotCredentials(sb), ...pipedriveCredentials(sb) }),
	isolate: true,
});
const { editHubSpot, hsId, hubspot } = h;

interface SyncRun {
	summary: IDataObject;
	changesA: IDataObject[];
	changesB: IDataObject[];
	conflicts: IDataObject[];
	errors: IDataObject[];
	items: { changesB: INodeExecutionData[] };
}

/** A run of the node; the request log then holds this run's calls only. */
async function runSync(file: string, parameters: IDataObject, input: INodeExecutionData[] | undefined): Promise<SyncRun> {
	const run = await h.run(parameters, { file, input });
	return {
		summary: run.summary,
		changesA: byId(run.changesA.map((i) => i.json)),
		changesB: byId(run.changesB.map((i) => i.json)),
		conflicts: run.conflicts,
		errors: run.errors,
		items: { changesB: run.changesB },
	};
}

/** One run on the database's rows; the Changes for B are applied to the database afterwards. */
async function sync(parameters: IDataObject = {}): Promise<SyncRun> {
	const run = await runSync('crm-sync-strategies-hubspot-input.json', parameters, h.db.input());
	h.db.apply(run.items.changesB);
	return run;
}

/** Every contact in HubSpot: email -> the synced properties (no email twice). */
function hubspotContacts(): Record<string, IDataObject> {
	const out: Record<string, IDataObject> = {};
	for (const r of h.sb.hubspot.store.list('contacts')) {
		const email = String(r.properties.email);
		expect(out[email]).toBeUndefined();
		out[email] = { firstName: r.properties.firstname || null, lastName: r.properties.lastname || null, phone: r.properties.phone || null };
	}
	return out;
}

function dbContacts(): Record<string, IDataObject> {
	const out: Record<string, IDataObject> = {};
	for (const r of h.db.rows) {
		expect(out[r.email]).toBeUndefined();
		out[r.email] = { firstName: r.firstName || null, lastName: r.lastName || null, phone: r.phone || null };
	}
	return out;
}

const byId = <T extends IDataObject>(list: T[]): T[] => [...list].sort((x, y) => String(x.id).localeCompare(String(y.id)));
/** HubSpot writes of the last run in the request log: method, path and body (batch inputs in id order, trace ids left out). */
const hubspotWrites = () =>
	h.sb.log
		.all()
		.filter((e) => e.path.startsWith('/hubspot/') && e.method !== 'GET' && !e.path.endsWith('/search'))
		.map((e) => {
			const body = e.body as IDataObject;
			return { call: `${e.method} ${e.path}`, body: Array.isArray(body?.inputs) ? { ...body, inputs: byId((body.inputs as IDataObject[]).map(({ objectWriteTraceId, ...input }) => input)) } : body };
		});
const quiet = { a: none, b: none, unchanged: 4, conflicts: 0, errors: 0 };

/** HubSpot: ann, bob. Database: cy, dee. One run, its rows applied, and a second run that confirms them. */
async function linkFour(parameters: IDataObject = {}, same = true): Promise<void> {
	h.sb.hubspot.freezeClock(T0);
	await hubspot('POST', '/crm/v3/objects/contacts', { properties: { email: 'ann@example.com', firstname: 'Ann', lastname: 'Archer', phone: '+14155550101' } });
	await hubspot('POST', '/crm/v3/objects/contacts', { properties: { email: 'bob@example.com', firstname: 'Bob', lastname: 'Baker', phone: '+14155550102' } });
	h.db.insert({ email: 'cy@example.com', firstName: 'Cy', lastName: 'Cole', phone: '+14155550103' });
	h.db.insert({ email: 'dee@example.com', firstName: 'Dee', lastName: 'Dunn', phone: '+14155550104' });
	const first = await sync(parameters);
	expect(first.summary.a).toEqual({ created: 2, updated: 0, deleted: 0, pending: 0 });
	expect(first.summary.b).toEqual({ created: 2, updated: 0, deleted: 0, pending: 2 });
	const second = await sync(parameters);
	expect(counts(second.summary)).toEqual(quiet);
	if (same) expect(dbContacts()).toEqual(hubspotContacts());
}

describe('conflict strategies: both sides changed the same record since the last run', () => {
	it('B wins: the input row wins the whole record, HubSpot is updated, the next run is quiet', async () => {
		await linkFour({ conflictStrategy: 'bWins' });
		await editHubSpot('bob@example.com', { firstname: 'Robert', lastname: 'Baker-Hs' }, '2030-01-01T10:00:00.000Z');
		h.db.row('bob@example.com').firstName = 'Bobby';
		const run = await sync({ conflictStrategy: 'bWins' });
		expect(counts(run.summary)).toEqual({ a: { ...none, updated: 1 }, b: none, unchanged: 3, conflicts: 0, errors: 0 });
		expect(run.conflicts).toEqual([]);
		expect(run.changesB).toEqual([]);
		expect(hubspotWrites()).toEqual([
			{ call: `POST ${HS}/batch/update`, body: { inputs: [{ id: hsId('bob@example.com'), properties: { firstname: 'Bobby', lastname: 'Baker' } }] } },
		]);
		expect(hubspotContacts()['bob@example.com']).toEqual({ firstName: 'Bobby', lastName: 'Baker', phone: '+14155550102' });
		expect(dbContacts()).toEqual(hubspotContacts());

		const next = await sync({ conflictStrategy: 'bWins' });
		expect(counts(next.summary)).toEqual(quiet);
		expect(hubspotWrites()).toEqual([]);
	});

	it('most recent wins: HubSpot lastmodifieddate against the row\'s updatedAt, with offsets, no offset (UTC), equal times and a missing time', async () => {
		await linkFour();
		const rowId = (email: string) => String(h.db.row(email).id);
		// HubSpot edits all at 10:00:00.000Z.
		await editHubSpot('ann@example.com', { firstname: 'Annie' }, '2030-01-01T10:00:00.000Z');
		await editHubSpot('bob@example.com', { firstname: 'Robert' }, '2030-01-01T10:00:00.000Z');
		await editHubSpot('cy@example.com', { lastname: 'Cole-Hs' }, '2030-01-01T10:00:00.000Z');
		await editHubSpot('dee@example.com', { lastname: 'Dunn-Hs' }, '2030-01-01T10:00:00.000Z');
		// ann: one second later -> the row wins.
		Object.assign(h.db.row('ann@example.com'), { firstName: 'Anna', updatedAt: '2030-01-01T10:00:01Z' });
		// bob: 11:30 local is 09:30Z, earlier than HubSpot although its clock time reads later -> HubSpot wins.
		Object.assign(h.db.row('bob@example.com'), { firstName: 'Bobby', updatedAt: '2030-01-01T11:30:00+02:00' });
		// cy: 12:00+02:00 is the same instant -> the tie break (default A, HubSpot).
		Object.assign(h.db.row('cy@example.com'), { lastName: 'Cole-Db', updatedAt: '2030-01-01T12:00:00+02:00' });
		// dee: no offset is read as UTC, one millisecond later -> the row wins.
		Object.assign(h.db.row('dee@example.com'), { lastName: 'Dunn-Db', updatedAt: '2030-01-01T10:00:00.001' });
		const run = await sync();
		expect(counts(run.summary)).toEqual({ a: { ...none, updated: 2 }, b: { ...none, updated: 2, pending: 2 }, unchanged: 0, conflicts: 0, errors: 0 });
		expect(run.conflicts).toEqual([]);
		expect(hubspotWrites()).toEqual([
			{
				call: `POST ${HS}/batch/update`,
				body: {
					inputs: [
						{ id: hsId('ann@example.com'), properties: { firstname: 'Anna' } },
						{ id: hsId('dee@example.com'), properties: { lastname: 'Dunn-Db' } },
					],
				},
			},
		]);
		expect(run.changesB).toEqual([
			{ operation: 'update', id: rowId('cy@example.com'), aId: hsId('cy@example.com'), bId: rowId('cy@example.com'), fields: { lastName: 'Cole-Hs' } },
			{ operation: 'update', id: rowId('bob@example.com'), aId: hsId('bob@example.com'), bId: rowId('bob@example.com'), fields: { firstName: 'Robert' } },
		]);
		const afterFirst = {
			'ann@example.com': { firstName: 'Anna', lastName: 'Archer', phone: '+14155550101' },
			'bob@example.com': { firstName: 'Robert', lastName: 'Baker', phone: '+14155550102' },
			'cy@example.com': { firstName: 'Cy', lastName: 'Cole-Hs', phone: '+14155550103' },
			'dee@example.com': { firstName: 'Dee', lastName: 'Dunn-Db', phone: '+14155550104' },
		};
		expect(hubspotContacts()).toEqual(afterFirst);
		expect(dbContacts()).toEqual(afterFirst);
		expect(counts((await sync()).summary)).toEqual(quiet);

		// Tie break B: equal instants (06:00-05:00 = 11:00Z) go to the row; a row without a time is the oldest and still loses.
		await editHubSpot('ann@example.com', { firstname: 'Ann-Hs' }, '2030-01-01T11:00:00.000Z');
		await editHubSpot('bob@example.com', { firstname: 'Bob-Hs' }, '2030-01-01T11:00:00.000Z');
		Object.assign(h.db.row('ann@example.com'), { firstName: 'Ann-Db', updatedAt: '2030-01-01T06:00:00-05:00' });
		Object.assign(h.db.row('bob@example.com'), { firstName: 'Bob-Db' });
		delete h.db.row('bob@example.com').updatedAt;
		const tie = await sync({ options: { tieBreak: 'b' } });
		expect(counts(tie.summary)).toEqual({ a: { ...none, updated: 1 }, b: { ...none, updated: 1, pending: 1 }, unchanged: 2, conflicts: 0, errors: 0 });
		expect(hubspotWrites()).toEqual([
			{ call: `POST ${HS}/batch/update`, body: { inputs: [{ id: hsId('ann@example.com'), properties: { firstname: 'Ann-Db' } }] } },
		]);
		expect(tie.changesB.map((c) => [c.id, c.fields])).toEqual([[rowId('bob@example.com'), { firstName: 'Bob-Hs' }]]);
		expect(hubspotContacts()['ann@example.com'].firstName).toBe('Ann-Db');
		expect(dbContacts()['bob@example.com'].firstName).toBe('Bob-Hs');
		expect(counts((await sync()).summary)).toEqual(quiet);
	});

	it('most recent wins: a row time written the way databases and sheets give it (SQL "yyyy-MM-dd HH:mm:ss", epoch milliseconds) is read, not taken as oldest', async () => {
		await linkFour();
		await editHubSpot('cy@example.com', { lastname: 'Cole-Hs' }, '2030-01-01T12:00:00.000Z');
		await editHubSpot('dee@example.com', { lastname: 'Dunn-Hs' }, '2030-01-01T12:00:00.000Z');
		Object.assign(h.db.row('cy@example.com'), { lastName: 'Cole-Db', updatedAt: '2030-01-01 12:00:01' });
		// 2030-01-01T12:00:01Z in epoch milliseconds, as a number.
		Object.assign(h.db.row('dee@example.com'), { lastName: 'Dunn-Db', updatedAt: Date.parse('2030-01-01T12:00:01Z') as unknown as string });
		const run = await sync();
		expect(counts(run.summary)).toEqual({ a: { ...none, updated: 2 }, b: none, unchanged: 2, conflicts: 0, errors: 0 });
		expect(run.changesB).toEqual([]);
		expect(hubspotWrites()).toEqual([
			{
				call: `POST ${HS}/batch/update`,
				body: {
					inputs: [
						{ id: hsId('cy@example.com'), properties: { lastname: 'Cole-Db' } },
						{ id: hsId('dee@example.com'), properties: { lastname: 'Dunn-Db' } },
					],
				},
			},
		]);
		expect(hubspotContacts()['cy@example.com'].lastName).toBe('Cole-Db');
		expect(hubspotContacts()['dee@example.com'].lastName).toBe('Dunn-Db');
	});

	it('field-level merge: fields changed on one side are both kept; a field changed on both falls back to most recent, or to the chosen side', async () => {
		const merge = { conflictStrategy: 'fieldMerge' };
		await linkFour(merge);
		const rowId = (email: string) => String(h.db.row(email).id);
		// ann: lastName in HubSpot, firstName in the row -> both kept.
		await editHubSpot('ann@example.com', { lastname: 'Archer-Hs' }, '2030-01-01T10:00:00.000Z');
		h.db.row('ann@example.com').firstName = 'Anna';
		// bob: firstName on both (the row is newer -> the row's), phone in HubSpot only -> HubSpot's.
		await editHubSpot('bob@example.com', { firstname: 'Robert', phone: '+14155550199' }, '2030-01-01T10:00:00.000Z');
		Object.assign(h.db.row('bob@example.com'), { firstName: 'Bobby', updatedAt: '2030-01-01T10:05:00Z' });
		const run = await sync(merge);
		expect(counts(run.summary)).toEqual({ a: { ...none, updated: 2 }, b: { ...none, updated: 2, pending: 2 }, unchanged: 2, conflicts: 0, errors: 0 });
		expect(run.conflicts).toEqual([]);
		expect(hubspotWrites()).toEqual([
			{
				call: `POST ${HS}/batch/update`,
				body: {
					inputs: [
						{ id: hsId('ann@example.com'), properties: { firstname: 'Anna' } },
						{ id: hsId('bob@example.com'), properties: { firstname: 'Bobby' } },
					],
				},
			},
		]);
		expect(run.changesB.map((c) => [c.id, c.fields])).toEqual([
			[rowId('ann@example.com'), { lastName: 'Archer-Hs' }],
			[rowId('bob@example.com'), { phone: '+14155550199' }],
		]);
		const merged = {
			'ann@example.com': { firstName: 'Anna', lastName: 'Archer-Hs', phone: '+14155550101' },
			'bob@example.com': { firstName: 'Bobby', lastName: 'Baker', phone: '+14155550199' },
			'cy@example.com': { firstName: 'Cy', lastName: 'Cole', phone: '+14155550103' },
			'dee@example.com': { firstName: 'Dee', lastName: 'Dunn', phone: '+14155550104' },
		};
		expect(hubspotContacts()).toEqual(merged);
		expect(dbContacts()).toEqual(merged);
		expect(counts((await sync(merge)).summary)).toEqual(quiet);

		// Fallback A: cy's firstName changed on both; HubSpot's wins although the row is newer. lastName (row only) is merged.
		await editHubSpot('cy@example.com', { firstname: 'Cyrus' }, '2030-01-01T11:00:00.000Z');
		Object.assign(h.db.row('cy@example.com'), { firstName: 'Cyril', lastName: 'Cole-Db', updatedAt: '2030-01-01T12:00:00Z' });
		const fallbackA = await sync({ ...merge, mergeFallback: 'a' });
		expect(counts(fallbackA.summary)).toEqual({ a: { ...none, updated: 1 }, b: { ...none, updated: 1, pending: 1 }, unchanged: 3, conflicts: 0, errors: 0 });
		expect(hubspotWrites()).toEqual([
			{ call: `POST ${HS}/batch/update`, body: { inputs: [{ id: hsId('cy@example.com'), properties: { lastname: 'Cole-Db' } }] } },
		]);
		expect(fallbackA.changesB.map((c) => [c.id, c.fields])).toEqual([[rowId('cy@example.com'), { firstName: 'Cyrus' }]]);
		expect(counts((await sync({ ...merge, mergeFallback: 'a' })).summary)).toEqual(quiet);

		// Fallback B: dee's lastName changed on both; the row's wins although HubSpot is newer.
		await editHubSpot('dee@example.com', { lastname: 'Dunn-Hs' }, '2030-01-01T13:00:00.000Z');
		Object.assign(h.db.row('dee@example.com'), { lastName: 'Dunn-Db', updatedAt: '2030-01-01T09:00:00Z' });
		const fallbackB = await sync({ ...merge, mergeFallback: 'b' });
		expect(counts(fallbackB.summary)).toEqual({ a: { ...none, updated: 1 }, b: none, unchanged: 3, conflicts: 0, errors: 0 });
		expect(hubspotWrites()).toEqual([
			{ call: `POST ${HS}/batch/update`, body: { inputs: [{ id: hsId('dee@example.com'), properties: { lastname: 'Dunn-Db' } }] } },
		]);
		expect(fallbackB.changesB).toEqual([]);
		const final = {
			...merged,
			'cy@example.com': { firstName: 'Cyrus', lastName: 'Cole-Db', phone: '+14155550103' },
			'dee@example.com': { firstName: 'Dee', lastName: 'Dunn-Db', phone: '+14155550104' },
		};
		expect(hubspotContacts()).toEqual(final);
		expect(dbContacts()).toEqual(final);
		expect(counts((await sync({ ...merge, mergeFallback: 'b' })).summary)).toEqual(quiet);
	});
});

describe('per-field directions', () => {
	const phoneAToB = { fieldOverrides: { field: [{ name: 'phone', direction: 'aToB' }] } };

	it('a field set to "A → B only" never flows from the input to HubSpot, even when only the input changed it; creates from B leave it out', async () => {
		await linkFour(phoneAToB, false);
		const rowId = (email: string) => String(h.db.row(email).id);
		// The first run created cy and dee in HubSpot without their phones: phone never goes B -> A.
		expect(hubspotContacts()).toEqual({
			'ann@example.com': { firstName: 'Ann', lastName: 'Archer', phone: '+14155550101' },
			'bob@example.com': { firstName: 'Bob', lastName: 'Baker', phone: '+14155550102' },
			'cy@example.com': { firstName: 'Cy', lastName: 'Cole', phone: null },
			'dee@example.com': { firstName: 'Dee', lastName: 'Dunn', phone: null },
		});
		expect(dbContacts()['cy@example.com'].phone).toBe('+14155550103');
		h.db.row('ann@example.com').phone = '+14155550911';
		Object.assign(h.db.row('bob@example.com'), { firstName: 'Bobby', phone: '+14155550912' });
		const run = await sync(phoneAToB);
		expect(counts(run.summary)).toEqual({ a: { ...none, updated: 1 }, b: none, unchanged: 3, conflicts: 0, errors: 0 });
		expect(hubspotWrites()).toEqual([
			{ call: `POST ${HS}/batch/update`, body: { inputs: [{ id: hsId('bob@example.com'), properties: { firstname: 'Bobby' } }] } },
		]);
		expect(run.changesB).toEqual([]);
		expect(hubspotContacts()['ann@example.com']).toEqual({ firstName: 'Ann', lastName: 'Archer', phone: '+14155550101' });
		expect(hubspotContacts()['bob@example.com']).toEqual({ firstName: 'Bobby', lastName: 'Baker', phone: '+14155550102' });
		// The next runs do not send it either: the row's phone is simply its own.
		const again = await sync(phoneAToB);
		expect(counts(again.summary)).toEqual(quiet);
		expect(hubspotWrites()).toEqual([]);

		// HubSpot -> row still flows, over the row's own value; a new row is created in HubSpot without its phone.
		await editHubSpot('ann@example.com', { phone: '+14155550922' }, '2030-01-01T10:00:00.000Z');
		h.db.insert({ email: 'eve@example.com', firstName: 'Eve', lastName: 'Evans', phone: '+14155550105' });
		const back = await sync(phoneAToB);
		expect(counts(back.summary)).toEqual({ a: { ...none, created: 1 }, b: { ...none, updated: 1, pending: 1 }, unchanged: 3, conflicts: 0, errors: 0 });
		expect(back.changesB).toEqual([
			{ operation: 'update', id: rowId('ann@example.com'), aId: hsId('ann@example.com'), bId: rowId('ann@example.com'), fields: { phone: '+14155550922' } },
		]);
		expect(hubspotWrites()).toEqual([
			{
				call: `POST ${HS}/batch/upsert`,
				body: { inputs: [{ idProperty: 'email', id: 'eve@example.com', properties: { email: 'eve@example.com', firstname: 'Eve', lastname: 'Evans' } }] },
			},
		]);
		expect(hubspotContacts()['eve@example.com']).toEqual({ firstName: 'Eve', lastName: 'Evans', phone: null });
		expect(dbContacts()['ann@example.com'].phone).toBe('+14155550922');
		const settled = await sync(phoneAToB);
		expect(counts(settled.summary)).toEqual({ ...quiet, unchanged: 5 });
		expect(hubspotWrites()).toEqual([]);
	});
});

describe('key changed after linking', () => {
	it('an email edited on either side after the first sync keeps the pair: the new email flows, nothing is created or duplicated', async () => {
		await linkFour();
		const rowId = (email: string) => String(h.db.row(email).id);
		const annHs = hsId('ann@example.com');
		const cyHs = hsId('cy@example.com');
		const cyRow = rowId('cy@example.com');
		const annRow = rowId('ann@example.com');
		await editHubSpot('ann@example.com', { email: 'ann.archer@example.com' }, '2030-01-01T10:00:00.000Z');
		h.db.row('cy@example.com').email = 'cy.cole@example.com';
		const run = await sync();
		expect(counts(run.summary)).toEqual({ a: { ...none, updated: 1 }, b: { ...none, updated: 1, pending: 1 }, unchanged: 2, conflicts: 0, errors: 0 });
		expect(run.summary.duplicates).toBe(0);
		expect(run.errors).toEqual([]);
		expect(hubspotWrites()).toEqual([
			{ call: `POST ${HS}/batch/update`, body: { inputs: [{ id: cyHs, properties: { email: 'cy.cole@example.com' } }] } },
		]);
		expect(run.changesB).toEqual([
			{ operation: 'update', id: annRow, aId: annHs, bId: annRow, fields: { email: 'ann.archer@example.com' } },
		]);
		expect(h.sb.hubspot.store.count('contacts')).toBe(4);
		expect(h.db.rows).toHaveLength(4);
		expect(hsId('cy.cole@example.com')).toBe(cyHs);
		expect(String(h.db.row('cy.cole@example.com').id)).toBe(cyRow);
		const expected = {
			'ann.archer@example.com': { firstName: 'Ann', lastName: 'Archer', phone: '+14155550101' },
			'bob@example.com': { firstName: 'Bob', lastName: 'Baker', phone: '+14155550102' },
			'cy.cole@example.com': { firstName: 'Cy', lastName: 'Cole', phone: '+14155550103' },
			'dee@example.com': { firstName: 'Dee', lastName: 'Dunn', phone: '+14155550104' },
		};
		expect(hubspotContacts()).toEqual(expected);
		expect(dbContacts()).toEqual(expected);

		// Still one pair each: a later edit of the renamed contact goes to the same row.
		await editHubSpot('ann.archer@example.com', { lastname: 'Archer-Smith' }, '2030-01-01T11:00:00.000Z');
		const later = await sync();
		expect(counts(later.summary)).toEqual({ a: none, b: { ...none, updated: 1, pending: 1 }, unchanged: 3, conflicts: 0, errors: 0 });
		expect(later.changesB.map((c) => [c.id, c.aId, c.fields])).toEqual([[annRow, annHs, { lastName: 'Archer-Smith' }]]);
		expect(String(h.db.row('ann.archer@example.com').id)).toBe(annRow);
		expect(hubspotWrites()).toEqual([]);
		expect(counts((await sync()).summary)).toEqual(quiet);
		expect(h.sb.hubspot.store.count('contacts')).toBe(4);
		expect(h.db.rows).toHaveLength(4);
	});
});

describe('dry run between two CRMs (HubSpot <-> Pipedrive)', () => {
	const PD = 'crm-sync-strategies-hubspot-pipedrive.json';
	const pdPeople = () =>
		Object.fromEntries(
			(h.sb.pipedrive!.list('persons') as IDataObject[]).map((p) => [String((p.emails as IDataObject[])[0].value), { name: p.name, phone: (p.phones as IDataObject[])[0]?.value ?? null }]),
		);
	const hsPeople = () =>
		Object.fromEntries(h.sb.hubspot.store.list('contacts').map((r) => [String(r.properties.email), { name: `${r.properties.firstname} ${r.properties.lastname}`, phone: r.properties.phone || null }]));
	/** Calls that change something at either vendor (HubSpot's search is a read). */
	const vendorWrites = () =>
		h.sb.log
			.all()
			.filter((e) => e.method !== 'GET' && !e.path.endsWith('/search') && !isStoreCall(e.path))
			.map((e) => `${e.method} ${e.path}`);

	// Phones, not job titles: Pipedrive's API v2 cannot write a person's job title (nodes/Pipedrive/connector/objectTypes.ts).
	const phones = (value: string) => [{ value, primary: true, label: 'work' }];

	it('writes nothing to either CRM and saves no state, before and after the sides are linked', async () => {
		await hubspot('POST', '/crm/v3/objects/contacts', { properties: { email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace', phone: '+14155550101' } });
		h.sb.pipedrive!.write('persons', { name: 'Grace Hopper', emails: [{ value: 'grace@example.com', primary: true, label: 'work' }], phones: phones('+14155550102') });
		const graceId = String(h.sb.pipedrive!.list('persons')[0].id);
		const adaId = hsId('ada@example.com');

		const dry = await runSync(PD, {}, undefined);
		expect(counts(dry.summary)).toEqual({ a: { ...none, created: 1 }, b: { ...none, created: 1 }, unchanged: 0, conflicts: 0, errors: 0 });
		expect(dry.summary.dryRun).toBe(true);
		expect(dry.changesA).toEqual([
			{ operation: 'create', id: null, key: 'grace@example.com', sourceId: graceId, fields: { email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper', phone: '+14155550102' } },
		]);
		expect(dry.changesB).toEqual([
			{ operation: 'create', id: null, key: 'ada@example.com', sourceId: adaId, fields: { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', phone: '+14155550101' } },
		]);
		expect(vendorWrites()).toEqual([]);
		expect(h.sb.log.all().length).toBeGreaterThan(0);
		expect(h.savedState()).toBeUndefined();
		expect(hsPeople()).toEqual({ 'ada@example.com': { name: 'Ada Lovelace', phone: '+14155550101' } });
		expect(pdPeople()).toEqual({ 'grace@example.com': { name: 'Grace Hopper', phone: '+14155550102' } });

		// A real run links them; then both change and a dry run shows the updates, writes nothing and keeps the state.
		const real = await runSync(PD, { dryRun: false }, undefined);
		expect(counts(real.summary)).toEqual({ a: { ...none, created: 1 }, b: { ...none, created: 1 }, unchanged: 0, conflicts: 0, errors: 0 });
		const saved = h.savedState();
		expect(saved).toBeDefined();
		const graceHs = hsId('grace@example.com');
		const adaPd = String((h.sb.pipedrive!.list('persons') as IDataObject[]).find((p) => p.name === 'Ada Lovelace')!.id);
		h.sb.hubspot.unfreezeClock();
		await hubspot('PATCH', `/crm/v3/objects/contacts/${adaId}`, { properties: { phone: '+14155550111' } });
		h.sb.pipedrive!.write('persons', { phones: phones('+14155550122') }, graceId);
		const before = { hs: hsPeople(), pd: pdPeople() };
		const dry2 = await runSync(PD, {}, undefined);
		expect(counts(dry2.summary)).toEqual({ a: { ...none, updated: 1 }, b: { ...none, updated: 1 }, unchanged: 0, conflicts: 0, errors: 0 });
		expect(dry2.changesA).toEqual([{ operation: 'update', id: graceHs, aId: graceHs, bId: graceId, fields: { phone: '+14155550122' } }]);
		expect(dry2.changesB).toEqual([{ operation: 'update', id: adaPd, aId: adaId, bId: adaPd, fields: { phone: '+14155550111' } }]);
		expect(vendorWrites()).toEqual([]);
		expect(h.savedState()).toEqual(saved);
		expect({ hs: hsPeople(), pd: pdPeople() }).toEqual(before);
		expect(before.hs['grace@example.com'].phone).toBe('+14155550102');
		expect(before.pd['ada@example.com'].phone).toBe('+14155550101');
	});
});
