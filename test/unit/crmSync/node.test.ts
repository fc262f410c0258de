import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { CrmPackCrmSync } from '../../../nodes/CrmSync/CrmPackCrmSync.node';
import { readSettings } from '../../../nodes/CrmSync/config';
import { context, MemoryCrm } from './helpers';

const node = new CrmPackCrmSync();
const BASE = { operation: 'sync', sideA: 'memory', sideB: 'input', recordKind: 'contact', fields: 'email, firstName', conflictStrategy: 'aWins' };

async function run(parameters: IDataObject, input: IDataObject[], staticData: IDataObject = {}, mode = 'trigger', continueOnFail = true) {
	const { ctx } = context({ ...BASE, ...parameters }, input, staticData, mode, continueOnFail);
	const out = (await node.execute.call(ctx)) as INodeExecutionData[][];
	const [summary, changesA, changesB, conflicts, errors] = out.map((o) => o.map((i) => i.json));
	return { out, summary: summary[0], changesA, changesB, conflicts, errors, staticData };
}

let crm: MemoryCrm;
beforeEach(() => {
	crm = new MemoryCrm();
	crm.register();
});

describe('parameters', () => {
	it('defaults: the kind\'s common fields and email key (ignoring case and spaces); overrides add fields, directions and columns', () => {
		const { ctx } = context({ operation: 'sync', sideA: 'memory', sideB: 'input' });
		const s = readSettings(ctx);
		expect(s.config.fields).toEqual(['email', 'firstName', 'lastName', 'phone', 'company', 'jobTitle']);
		expect(s.config.keys.map((k) => [k.field, k.whitespace])).toEqual([['email', 'remove']]);
		expect(s.config.conflict).toEqual({ strategy: 'mostRecent', tieBreak: 'a' });
		expect(s.config.maxDeleteShare).toBeUndefined();
		expect(s.config.inputSides).toEqual({ a: false, b: true });
		expect(s.scope).toBe('contact|memory:contacts|input');

		const o = readSettings(
			context({
				...BASE,
				fields: 'email',
				deleteMode: 'archive',
				maxDeletePercent: 10,
				keyFields: { key: [{ field: 'phone', match: 'phone' }] },
				fieldOverrides: { field: [{ name: 'score', direction: 'aToB', aField: 'hs_score', bField: 'lead_score' }] },
				options: { defaultCountry: 'us' },
			}).ctx,
		);
		expect(o.config.fields).toEqual(['phone', 'email', 'score']);
		expect(o.config.fieldDirections).toEqual({ score: 'aToB' });
		expect(o.sides.a.columns).toEqual({ score: 'hs_score' });
		expect(o.sides.b.columns).toEqual({ score: 'lead_score' });
		expect(o.config.maxDeleteShare).toBe(0.1);
		expect(o.config.keys[0].normalise!('(415) 555-0123')).toBe('+14155550123');
	});

	it('rejects two sides of the same CRM and two input sides, saying why', () => {
		expect(() => readSettings(context({ ...BASE, sideB: 'memory' }).ctx)).toThrow(/one credential per type.*Records from Input/);
		expect(() => readSettings(context({ ...BASE, sideA: 'input' }).ctx)).toThrow('At most one side can be "Records from Input"');
	});
});

describe('Sync', () => {
	it('outputs Summary, Changes for A/B, Conflicts and Errors; writes the CRM in batches and sends the input side\'s writes out', async () => {
		crm.add({ email: 'ann@x.com', firstName: 'Ann' });
		const r = await run({}, [
			{ id: 1, email: 'Bob@X.com ', firstName: 'Bob' },
			{ id: 2, email: 'cy@x.com', firstName: 'Cy' },
			{ id: 3, email: 'dee@x.com', firstName: 'Dee' },
			{ email: 'no-id@x.com' },
		]);
		expect(r.out).toHaveLength(5);
		expect(r.summary).toEqual({
			operation: 'sync',
			dryRun: false,
			run: 1,
			fullReconcile: { a: true, b: true },
			fetched: { a: 1, b: 3 },
			a: { created: 3, updated: 0, deleted: 0, pending: 0 },
			b: { created: 1, updated: 0, deleted: 0, pending: 1 },
			unchanged: 0,
			conflicts: 0,
			duplicates: 0,
			skipped: 0,
			errors: 1,
			durationMs: expect.any(Number),
			timings: expect.any(Object),
			apiCalls: 0,
			warnings: [],
		});
		expect(crm.calls).toEqual(['list', 'create:2', 'create:1']);
		expect(r.changesA).toEqual([]);
		expect(r.changesB).toEqual([{ operation: 'create', id: null, key: 'ann@x.com', sourceId: 'm1', fields: { email: 'ann@x.com', firstName: 'Ann' } }]);
		expect(r.errors).toEqual([{ side: 'B', operation: 'read', item: 3, field: 'id', message: 'Item 3: field "id" (the record id) is empty' }]);
		expect(r.out[4].map((i) => i.pairedItem)).toEqual([{ item: 3 }]);
		expect([...crm.records.values()].map((x) => x.properties.email)).toEqual(['ann@x.com', 'bob@x.com', 'cy@x.com', 'dee@x.com']);
		expect(Object.keys(r.staticData)).toEqual(['state', 'scope', 'last']);
	});

	it('puts where the time went in the Summary and reports each phase to the UI as it ends', async () => {
		crm.add({ email: 'ann@x.com', firstName: 'Ann' });
		const { ctx } = context({ ...BASE }, [{ id: 1, email: 'bob@x.com', firstName: 'Bob' }]);
		const messages: string[] = [];
		(ctx as unknown as { sendMessageToUI: (m: string) => void }).sendMessageToUI = (m) => messages.push(m);
		const out = (await node.execute.call(ctx)) as INodeExecutionData[][];
		const summary = out[0][0].json as { timings: Record<string, number>; durationMs: number };
		expect(Object.keys(summary.timings)).toEqual(['loadState', 'readA', 'readB', 'plan', 'writeA', 'writeB', 'saveState']);
		const total = Object.values(summary.timings).reduce((a, b) => a + b, 0);
		expect(Object.values(summary.timings).every((ms) => Number.isInteger(ms) && ms >= 0)).toBe(true);
		expect(total).toBeLessThanOrEqual(summary.durationMs);
		expect(messages.map((m) => m.replace(/ \(\d+ ms\)$/, ''))).toEqual([
			'CRM Sync: sync state loaded',
			'CRM Sync: side A: 1 records read',
			'CRM Sync: side B: 1 records from input',
			'CRM Sync: planned: 1 writes for side A, 1 for side B',
			'CRM Sync: side A written',
			'CRM Sync: side B written',
			'CRM Sync: sync state saved',
		]);
	});

	it('warns in manual mode that static data is kept only for active workflows', async () => {
		const r = await run({}, [{}], {}, 'manual');
		expect(r.summary.warnings).toEqual([expect.stringMatching(/^Manual run: n8n saves workflow static data only for active/)]);
	});

	it('dry run: outputs the plan on both Changes outputs, writes nothing and keeps the state as it was', async () => {
		crm.add({ email: 'ann@x.com', firstName: 'Ann' });
		const staticData: IDataObject = {};
		await run({}, [{ id: 1, email: 'bob@x.com', firstName: 'Bob' }], staticData);
		const before = structuredClone(staticData);
		crm.calls = [];
		const r = await run({ dryRun: true }, [{ id: 1, email: 'bob@x.com', firstName: 'Robert' }, { id: 2, email: 'cy@x.com' }], staticData);
		expect(r.changesA).toEqual([
			{ operation: 'create', id: null, key: 'cy@x.com', sourceId: '2', fields: { email: 'cy@x.com' } },
			{ operation: 'update', id: 'm2', aId: 'm2', bId: '1', fields: { firstName: 'Robert' } },
		]);
		expect(crm.calls).toEqual(['listChanged']);
		expect(staticData).toEqual(before);
		expect(r.summary.dryRun).toBe(true);
	});

	it('Get Status reports the saved state; Reset State forgets it', async () => {
		crm.add({ email: 'ann@x.com', firstName: 'Ann' });
		const staticData: IDataObject = {};
		await run({}, [{ id: 1, email: 'ann@x.com', firstName: 'Ann' }], staticData);
		const status = await run({ operation: 'getStatus' }, [{}], staticData);
		expect(status.summary).toEqual({
			operation: 'getStatus',
			runs: 1,
			lastRun: expect.objectContaining({ run: 1, created: { a: 0, b: 0 }, errors: 0 }),
			linkedPairs: 1,
			pendingWrites: 0,
			pendingCreates: 0,
			openConflicts: [],
			resolutionsWaiting: 0,
			retrying: { a: 0, b: 0 },
			cursors: { a: '2026-01-01T00:00:00.000Z', b: null },
			stateBytes: expect.any(Number),
		});
		const reset = await run({ operation: 'resetState' }, [{}], staticData);
		expect(reset.summary).toEqual({ operation: 'resetState', reset: true, linkedPairsForgotten: 1 });
		expect(staticData).toEqual({});
		expect((await run({ operation: 'getStatus' }, [{}], staticData)).summary.runs).toBe(0);
	});

	it('manual conflicts go to Conflicts until Resolve Conflict names the winner; values are written to both sides', async () => {
		const ann = crm.add({ email: 'ann@x.com', firstName: 'Ann' });
		const staticData: IDataObject = {};
		const p = { conflictStrategy: 'manual' };
		await run(p, [{ id: 1, email: 'ann@x.com', firstName: 'Ann' }], staticData);
		crm.records.get(ann)!.properties.firstName = 'Annie';
		const rows = [{ id: 1, email: 'ann@x.com', firstName: 'Anna' }];
		const c = await run(p, rows, staticData);
		expect(c.conflicts).toEqual([
			{ aId: ann, bId: '1', reason: 'bothChanged', fields: ['firstName'], a: { email: 'ann@x.com', firstName: 'Annie' }, b: { email: 'ann@x.com', firstName: 'Anna' }, aUpdatedAt: '2026-01-01T00:00:00.000Z', since: 2, strategy: 'manual' },
		]);
		expect(c.changesB).toEqual([]);
		await expect(run({ operation: 'resolveConflict', resolveBy: 'a', recordId: 'nope', winner: 'a' }, [{}], staticData, 'trigger', false)).rejects.toThrow('Item 0: No open conflict or linked record with A id nope');
		const resolved = await run({ operation: 'resolveConflict', resolveBy: 'a', recordId: ann, winner: 'values', values: '{"firstName":"Ann-Marie"}' }, [{}], staticData);
		expect(resolved.summary).toEqual({ operation: 'resolveConflict', aId: ann, bId: '1', winner: { firstName: 'Ann-Marie' }, resolved: true });
		const after = await run(p, rows, staticData);
		expect(after.conflicts).toEqual([]);
		expect(after.changesB).toEqual([{ operation: 'update', id: '1', aId: ann, bId: '1', fields: { firstName: 'Ann-Marie' } }]);
		expect(crm.records.get(ann)!.properties.firstName).toBe('Ann-Marie');
	});
});

describe('bad input values', () => {
	const ROWS = [
		{ id: 1, email: 'ann@x.com', firstName: 'Ann' },
		{ id: 2, email: 'bob@x.com', firstName: 42 },
		{ id: 3, email: 'cy@x.com', firstName: 'Cy' },
	];
	const badValue = {
		side: 'A',
		operation: 'create',
		sourceId: '2',
		key: 'bob@x.com',
		fields: { email: 'bob@x.com', firstName: 42 },
		field: 'firstName',
		expected: 'a name (text)',
		message: 'Record 2 of side B (key "bob@x.com"): field "firstName": expected a name (text), got number 42; it was not written to side A',
	};

	it('a number where a name is expected fails its own record only, naming record, field and type; the rest of its batch is written', async () => {
		const r = await run({}, ROWS);
		expect(r.errors).toEqual([badValue]);
		// Batches of 2: Ann and Cy together, the bad row never sent.
		expect(crm.calls).toEqual(['list', 'create:2']);
		expect([...crm.records.values()].map((x) => x.properties)).toEqual([
			{ email: 'ann@x.com', firstName: 'Ann' },
			{ email: 'cy@x.com', firstName: 'Cy' },
		]);
		expect(r.summary).toMatchObject({ a: { created: 2, updated: 0, deleted: 0, pending: 0 }, errors: 1 });
		// Not synced, so tried again next run (and refused again), never marked done.
		crm.calls = [];
		const again = await run({}, ROWS, r.staticData);
		expect(again.errors).toEqual([badValue]);
		expect(again.summary).toMatchObject({ unchanged: 2, errors: 1 });
		expect(crm.calls).toEqual(['list']);
	});

	it('On Error "Stop Workflow": the run fails after writing the valid records, saying how many were written and listing each failed one', async () => {
		const staticData: IDataObject = {};
		const failed = run({}, ROWS, staticData, 'trigger', false);
		await expect(failed).rejects.toThrow(
			'1 record(s) could not be synced; the others were (side A: 2 created, 0 updated, 0 deleted; side B (records from input): nothing sent, the Changes outputs are dropped with the error)',
		);
		const error = (await failed.then(
			() => undefined,
			(e: { description?: string }) => e,
		))!;
		expect(error.description).toBe(
			'- A create: Record 2 of side B (key "bob@x.com"): field "firstName": expected a name (text), got number 42; it was not written to side A\n' +
				'The records written were committed; the failed ones are retried next run. Set On Error to "Continue" to get them on the Errors output instead.',
		);
		expect(crm.calls).toEqual(['list', 'create:2']);
		// The valid records' writes were committed: the next run (row fixed) writes only the fixed one.
		crm.calls = [];
		const fixed = await run({}, [ROWS[0], { ...ROWS[1], firstName: 'Bob' }, ROWS[2]], staticData, 'trigger', false);
		expect(fixed.errors).toEqual([]);
		expect(crm.calls).toEqual(['list', 'create:1']);
		expect(fixed.summary).toMatchObject({ a: { created: 1, updated: 0, deleted: 0, pending: 0 }, unchanged: 2 });
	});

	it('On Error "Stop Workflow": writes meant for the input side count as not sent, and go out again on the next run', async () => {
		crm.add({ email: 'dee@x.com', firstName: 'Dee' });
		const staticData: IDataObject = {};
		await expect(run({}, ROWS, staticData, 'trigger', false)).rejects.toThrow('1 record(s) could not be synced');
		const next = await run({}, [ROWS[0], ROWS[2]], staticData, 'trigger', false);
		expect(next.changesB).toEqual([{ operation: 'create', id: null, key: 'dee@x.com', sourceId: 'm1', fields: { email: 'dee@x.com', firstName: 'Dee' } }]);
	});
});
