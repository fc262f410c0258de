import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { CrmPackCrmSync } from '../../../nodes/CrmSync/CrmPackCrmSync.node';
import { readSettings } from '../../../nodes/CrmSync/config';
import { context, MemoryCrm } from './helpers';

/**
 * "All or Nothing per Batch" through the node, with an in-memory CRM (batches of
 * 2) that rejects firstName "Bad" and, when transactional, honours allOrNone.
 */
const node = new CrmPackCrmSync();
const BASE = {
	operation: 'sync',
	sideA: 'memory',
	sideB: 'input',
	recordKind: 'contact',
	fields: 'email, firstName',
	conflictStrategy: 'aWins',
};
const ON = { options: { allOrNothing: true } };
const REASON = 'firstName: "Bad" is not allowed';

async function run(parameters: IDataObject, input: IDataObject[], staticData: IDataObject = {}) {
	const { ctx } = context({ ...BASE, ...parameters }, input, staticData);
	const out = (await node.execute.call(ctx)) as INodeExecutionData[][];
	const [summary, changesA, changesB, conflicts, errors] = out.map((o) => o.map((i) => i.json));
	return {
		summary: summary[0],
		changesA,
		changesB,
		conflicts,
		errors,
		staticData,
	};
}

const emails = () => [...crm.records.values()].map((r) => `${String(r.properties.email)}:${String(r.properties.firstName)}`);

const FIRST = {
	run: 1,
	fetched: { a: 0, b: 4 },
	fullReconcile: { a: true, b: true },
	unchanged: 0,
};

function summaryOf(a: IDataObject, errors: number, rest: IDataObject = {}): IDataObject {
	return {
		operation: 'sync',
		dryRun: false,
		...FIRST,
		a: { created: 0, updated: 0, deleted: 0, pending: 0, ...a },
		b: { created: 0, updated: 0, deleted: 0, pending: 0 },
		conflicts: 0,
		duplicates: 0,
		skipped: 0,
		errors,
		durationMs: expect.any(Number),
		timings: expect.any(Object),
		apiCalls: 0,
		warnings: [],
		...rest,
	};
}

const ROWS = [
	{ id: 1, email: 'ann@x.com', firstName: 'Ann' },
	{ id: 2, email: 'bob@x.com', firstName: 'Bad' },
	{ id: 3, email: 'cy@x.com', firstName: 'Cy' },
	{ id: 4, email: 'dee@x.com', firstName: 'Dee' },
];

let crm: MemoryCrm;
beforeEach(() => {
	crm = new MemoryCrm();
	crm.reject = (p) => (p.firstName === 'Bad' ? REASON : undefined);
	crm.register();
});

test('the option: off by default, described without naming any CRM', () => {
	expect(readSettings(context(BASE).ctx).allOrNothing).toBe(false);
	expect(readSettings(context({ ...BASE, ...ON }).ctx).allOrNothing).toBe(true);
	const options = node.description.properties.find((p) => p.name === 'options')!.options as INodeProperties[];
	const option = options.find((o) => o.name === 'allOrNothing')!;
	expect(option.displayName).toBe('All or Nothing per Batch');
	expect(option.type).toBe('boolean');
	expect(option.default).toBe(false);
	expect(option.description).toBe(
		'Whether each write call to a CRM side is all or nothing: when one record of a batch fails, none of that batch is written, every record of it goes to Errors (the failing one with its reason, the others as rolled back because of it) and is retried next run. Supported by CRMs whose batch writes can be all or nothing; for the others it is ignored with a warning in the Summary.',
	);
});

test('on, transactional CRM: a bad record fails its whole batch (others land), Errors name the reason, the next run after the fix writes them all', async () => {
	crm.transactional = true;
	const staticData: IDataObject = {};
	const r = await run(ON, ROWS, staticData);
	expect(crm.calls).toEqual(['list', 'create:2', 'create:2']);
	expect(crm.writeOptions).toEqual([{ allOrNone: true }, { allOrNone: true }]);
	expect(emails()).toEqual(['cy@x.com:Cy', 'dee@x.com:Dee']);
	expect(r.summary).toEqual(summaryOf({ created: 2 }, 2, { rolledBack: { a: 1, b: 0 } }));
	expect(r.errors).toEqual([
		{
			side: 'A',
			operation: 'create',
			sourceId: '1',
			key: 'ann@x.com',
			fields: { email: 'ann@x.com', firstName: 'Ann' },
			message: 'Rolled back with its batch (All or Nothing per Batch) because the create for key "bob@x.com" failed: firstName: "Bad" is not allowed',
			code: 'ROLLED_BACK',
			rolledBack: true,
		},
		{
			side: 'A',
			operation: 'create',
			sourceId: '2',
			key: 'bob@x.com',
			fields: { email: 'bob@x.com', firstName: 'Bad' },
			message: REASON,
			code: 'INVALID',
		},
	]);

	// The same input again (no cursor yet: the first run read no record, so a full list): both records of the failed batch are retried, together, and fail together.
	crm.calls = [];
	crm.writeOptions = [];
	const again = await run(ON, ROWS, staticData);
	expect(crm.calls).toEqual(['list', 'create:2']);
	expect(again.errors.map((e) => [e.sourceId, e.code])).toEqual([
		['1', 'ROLLED_BACK'],
		['2', 'INVALID'],
	]);
	expect(emails()).toEqual(['cy@x.com:Cy', 'dee@x.com:Dee']);

	// Fixed: both are written and linked; nothing is written twice.
	crm.calls = [];
	const fixed = ROWS.map((row) => (row.id === 2 ? { ...row, firstName: 'Bob' } : row));
	const after = await run(ON, fixed, staticData);
	expect(crm.calls).toEqual(['listChanged', 'create:2']);
	expect(after.errors).toEqual([]);
	expect(after.summary).toEqual(
		summaryOf({ created: 2 }, 0, {
			run: 3,
			fetched: { a: 2, b: 4 },
			fullReconcile: { a: false, b: true },
			unchanged: 2,
			rolledBack: { a: 0, b: 0 },
		}),
	);
	expect(emails()).toEqual(['cy@x.com:Cy', 'dee@x.com:Dee', 'ann@x.com:Ann', 'bob@x.com:Bob']);
	crm.calls = [];
	const quiet = await run(ON, fixed, staticData);
	expect(crm.calls).toEqual(['listChanged']);
	expect(quiet.summary).toEqual(
		summaryOf({}, 0, {
			run: 4,
			fetched: { a: 4, b: 4 },
			fullReconcile: { a: false, b: true },
			unchanged: 4,
			rolledBack: { a: 0, b: 0 },
		}),
	);
});

test('on, updates: the batch with the bad record keeps its old values and baseline, and is written once fixed', async () => {
	crm.transactional = true;
	const staticData: IDataObject = {};
	const first = await run(
		ON,
		ROWS.map((row) => (row.id === 2 ? { ...row, firstName: 'Bob' } : row)),
		staticData,
	);
	expect(first.errors).toEqual([]);
	const idOf = (email: string) => [...crm.records.values()].find((x) => x.properties.email === email)!.id;
	const changed = [
		{ id: 1, email: 'ann@x.com', firstName: 'Anna' },
		{ id: 2, email: 'bob@x.com', firstName: 'Bad' },
		{ id: 3, email: 'cy@x.com', firstName: 'Cyrus' },
		{ id: 4, email: 'dee@x.com', firstName: 'Dee' },
	];
	crm.calls = [];
	const r = await run(ON, changed, staticData);
	expect(crm.calls).toEqual(['list', 'update:2', 'update:1']);
	expect(emails()).toEqual(['ann@x.com:Ann', 'bob@x.com:Bob', 'cy@x.com:Cyrus', 'dee@x.com:Dee']);
	expect(r.summary).toEqual(
		summaryOf({ updated: 1 }, 2, {
			run: 2,
			fetched: { a: 4, b: 4 },
			unchanged: 1,
			rolledBack: { a: 1, b: 0 },
		}),
	);
	expect(r.errors).toEqual([
		{
			side: 'A',
			operation: 'update',
			id: idOf('ann@x.com'),
			aId: idOf('ann@x.com'),
			bId: '1',
			fields: { firstName: 'Anna' },
			message: `Rolled back with its batch (All or Nothing per Batch) because the update of record ${idOf('bob@x.com')} failed: firstName: "Bad" is not allowed`,
			code: 'ROLLED_BACK',
			rolledBack: true,
		},
		{
			side: 'A',
			operation: 'update',
			id: idOf('bob@x.com'),
			aId: idOf('bob@x.com'),
			bId: '2',
			fields: { firstName: 'Bad' },
			message: REASON,
			code: 'INVALID',
		},
	]);

	crm.calls = [];
	const after = await run(
		ON,
		changed.map((row) => (row.id === 2 ? { ...row, firstName: 'Bobby' } : row)),
		staticData,
	);
	expect(crm.calls).toEqual(['listChanged', 'update:2']);
	expect(after.errors).toEqual([]);
	expect(emails()).toEqual(['ann@x.com:Anna', 'bob@x.com:Bobby', 'cy@x.com:Cyrus', 'dee@x.com:Dee']);
});

test('off: each record of a batch succeeds or fails on its own, and no allOrNone is sent', async () => {
	crm.transactional = true;
	const r = await run({}, ROWS);
	expect(crm.writeOptions).toEqual([undefined, undefined]);
	expect(emails()).toEqual(['ann@x.com:Ann', 'cy@x.com:Cy', 'dee@x.com:Dee']);
	expect(r.summary).toEqual(summaryOf({ created: 3 }, 1));
	expect(r.errors).toEqual([
		{
			side: 'A',
			operation: 'create',
			sourceId: '2',
			key: 'bob@x.com',
			fields: { email: 'bob@x.com', firstName: 'Bad' },
			message: REASON,
			code: 'INVALID',
		},
	]);
});

test('on, CRM without transactional batches: ignored with a warning in the Summary; the others are written', async () => {
	const r = await run(ON, ROWS);
	expect(crm.writeOptions).toEqual([undefined, undefined]);
	expect(emails()).toEqual(['ann@x.com:Ann', 'cy@x.com:Cy', 'dee@x.com:Dee']);
	expect(r.summary).toEqual(
		summaryOf({ created: 3 }, 1, {
			rolledBack: { a: 0, b: 0 },
			warnings: ['All or Nothing per Batch is ignored for side A (Memory CRM): it has no transactional batch writes, so each record of a batch is written or fails on its own'],
		}),
	);
	expect(r.errors).toEqual([
		{
			side: 'A',
			operation: 'create',
			sourceId: '2',
			key: 'bob@x.com',
			fields: { email: 'bob@x.com', firstName: 'Bad' },
			message: REASON,
			code: 'INVALID',
		},
	]);
});

test('on, dry run: nothing is written and no batch is sent', async () => {
	crm.transactional = true;
	const r = await run({ ...ON, dryRun: true }, ROWS);
	expect(crm.calls).toEqual(['list']);
	expect(r.changesA.map((c) => c.key)).toEqual(['ann@x.com', 'bob@x.com', 'cy@x.com', 'dee@x.com']);
	expect(r.errors).toEqual([]);
});
