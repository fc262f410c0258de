/**
 * CRM Sync's "All or Nothing per Batch" end to end through the light runner:
 * Salesforce contacts (sandbox /salesforce, OAuth2 credential) as side A,
 * records from input (rows as a database would give them) as side B, batches
 * of 2. One row without a last name (Salesforce: REQUIRED_FIELD_MISSING) in
 * the first batch of creates.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../sandbox';
import { salesforceOAuth2 } from './helpers/credentials';
import { asJson, NODE, runCrmSync, syncWorkflow } from './helpers/crmSyncHarness';
import { Harness } from './helpers/harness';

jest.setTimeout(60_000);

let sb: Sandbox;
/** A fresh sandbox for each test; the workflow's Salesforce OAuth2 credential (crmPackSbxSalesforce) pointed at it. */
const h = new Harness({ seed: 4, node: NODE, perTest: true, credentials: (s) => salesforceOAuth2(s, { id: 'crmPackSbxSalesforce' }), setup: (x) => void (sb = x.sb) });

/** One run of crm-sync-salesforce-input.json (batches of 2) on `rows`, from `staticData`. */
async function sync(allOrNothing: boolean, rows: IDataObject[], staticData: IDataObject | undefined) {
	const workflow = syncWorkflow('crm-sync-salesforce-input.json', { options: { batchSize: 2, allOrNothing } });
	const run = await runCrmSync(workflow, { credentials: h.store, input: rows.map((json) => ({ json })), staticData });
	// The input item each Errors item is paired with.
	return { ...asJson(run), paired: run.result.data[NODE][4].map((i) => i.pairedItem) };
}

const contacts = () =>
	sb
		.salesforce!.store.list('Contact')
		.map((c: IDataObject) => `${String(c.Email)}|${String(c.FirstName)}|${String(c.LastName)}`)
		.sort();

const ROWS: IDataObject[] = [
	{ id: 1, email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' },
	{ id: 2, email: 'bad@example.com', firstName: 'Nobody', lastName: '' },
	{ id: 3, email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper' },
	{ id: 4, email: 'alan@example.com', firstName: 'Alan', lastName: 'Turing' },
];

const REQUIRED = 'REQUIRED_FIELD_MISSING: Required fields are missing: [LastName] (fields: LastName)';

/**
 * The sObject Collections calls the sync sent: allOrNone and each record's
 * e-mail (creates) or id (updates). Batches are in flight together, so the
 * calls are sorted by their first record.
 */
const collectionCalls = () =>
	sb.log
		.all()
		.filter((e) => e.path.endsWith('/composite/sobjects'))
		.map((e) => {
			const body = e.body as { allOrNone: boolean; records: IDataObject[] };
			return {
				method: e.method,
				status: e.status,
				allOrNone: body.allOrNone,
				records: body.records.map((r) => String(r.id ?? r.Email)),
			};
		})
		.sort((x, y) => x.records[0].localeCompare(y.records[0]));

const FULL = { a: true, b: true };
const INCREMENTAL = { a: false, b: true };

function summary(a: IDataObject, fetched: IDataObject, fullReconcile: IDataObject, rest: IDataObject): IDataObject {
	return {
		operation: 'sync',
		dryRun: false,
		fetched,
		fullReconcile,
		a: { created: 0, updated: 0, deleted: 0, pending: 0, ...a },
		b: { created: 0, updated: 0, deleted: 0, pending: 0 },
		conflicts: 0,
		duplicates: 0,
		skipped: 0,
		durationMs: expect.any(Number),
		timings: expect.any(Object),
		warnings: [],
		...rest,
	};
}

const rolledBackCreate = (id: number, row: IDataObject, cause: string): IDataObject => ({
	side: 'A',
	operation: 'create',
	sourceId: String(id),
	key: row.email,
	fields: {
		email: row.email,
		firstName: row.firstName,
		lastName: row.lastName,
	},
	message: `Rolled back with its batch (All or Nothing per Batch) because the create for key "${cause}" failed: ${REQUIRED}`,
	code: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
	rolledBack: true,
});

const badCreate: IDataObject = {
	side: 'A',
	operation: 'create',
	sourceId: '2',
	key: 'bad@example.com',
	fields: { email: 'bad@example.com', firstName: 'Nobody' },
	message: REQUIRED,
	code: 'REQUIRED_FIELD_MISSING',
	field: 'lastName',
};

test('on: the batch with the bad record writes nothing in Salesforce, every record of it is in Errors; after the fix the next run writes them all', async () => {
	let run = await sync(true, ROWS, undefined);
	expect(contacts()).toEqual(['alan@example.com|Alan|Turing', 'grace@example.com|Grace|Hopper']);
	expect(collectionCalls()).toEqual([
		{
			method: 'POST',
			status: 200,
			allOrNone: true,
			records: ['ada@example.com', 'bad@example.com'],
		},
		{
			method: 'POST',
			status: 200,
			allOrNone: true,
			records: ['grace@example.com', 'alan@example.com'],
		},
	]);
	expect(run.errors).toEqual([rolledBackCreate(1, ROWS[0], 'bad@example.com'), badCreate]);
	// Each Errors item is paired with the row its record came from (rows 1 and 2: items 0 and 1).
	expect(run.paired).toEqual([{ item: 0 }, { item: 1 }]);
	expect(run.summary).toEqual(
		summary({ created: 2 }, { a: 0, b: 4 }, FULL, {
			run: 1,
			unchanged: 0,
			errors: 2,
			apiCalls: 3,
			rolledBack: { a: 1, b: 0 },
		}),
	);
	expect(run.changesB).toEqual([]);

	// Not fixed yet: both records of the batch are retried together and fail together; nothing else is written.
	sb.log.reset();
	run = await sync(true, ROWS, run.staticData);
	expect(run.summary).toEqual(
		summary({}, { a: 2, b: 4 }, FULL, {
			run: 2,
			unchanged: 2,
			errors: 2,
			apiCalls: 2,
			rolledBack: { a: 1, b: 0 },
		}),
	);
	expect(collectionCalls()).toEqual([
		{
			method: 'POST',
			status: 200,
			allOrNone: true,
			records: ['ada@example.com', 'bad@example.com'],
		},
	]);
	expect(run.errors).toEqual([rolledBackCreate(1, ROWS[0], 'bad@example.com'), badCreate]);
	expect(contacts()).toEqual(['alan@example.com|Alan|Turing', 'grace@example.com|Grace|Hopper']);

	// Fixed: the next run writes both, once.
	const fixed = ROWS.map((row) => (row.id === 2 ? { ...row, lastName: 'Body' } : row));
	sb.log.reset();
	run = await sync(true, fixed, run.staticData);
	expect(run.errors).toEqual([]);
	expect(collectionCalls()).toEqual([
		{
			method: 'POST',
			status: 200,
			allOrNone: true,
			records: ['ada@example.com', 'bad@example.com'],
		},
	]);
	expect(contacts()).toEqual(['ada@example.com|Ada|Lovelace', 'alan@example.com|Alan|Turing', 'bad@example.com|Nobody|Body', 'grace@example.com|Grace|Hopper']);
	expect(run.summary).toEqual(
		summary({ created: 2 }, { a: 2, b: 4 }, INCREMENTAL, {
			run: 3,
			unchanged: 2,
			errors: 0,
			apiCalls: 2,
			rolledBack: { a: 0, b: 0 },
		}),
	);

	// Updates: an invalid e-mail rolls back its batch's other update; the other batch lands; the fix lands both.
	const idOf = (email: string) => String(sb.salesforce!.store.list('Contact').find((c: IDataObject) => c.Email === email).Id);
	const ada = idOf('ada@example.com');
	const bad = idOf('bad@example.com');
	const changed: IDataObject[] = fixed.map((row) => ({
		...row,
		firstName: `${String(row.firstName)}!`,
	}));
	changed[1] = { ...changed[1], email: 'not-an-email' };
	sb.log.reset();
	run = await sync(true, changed, run.staticData);
	const grace = idOf('grace@example.com');
	const alan = idOf('alan@example.com');
	expect(collectionCalls()).toEqual(
		[
			{ method: 'PATCH', status: 200, allOrNone: true, records: [ada, bad] },
			{ method: 'PATCH', status: 200, allOrNone: true, records: [grace, alan] },
		].sort((x, y) => x.records[0].localeCompare(y.records[0])),
	);
	expect(contacts()).toEqual(['ada@example.com|Ada|Lovelace', 'alan@example.com|Alan!|Turing', 'bad@example.com|Nobody|Body', 'grace@example.com|Grace!|Hopper']);
	expect(run.errors).toEqual([
		{
			side: 'A',
			operation: 'update',
			id: ada,
			aId: ada,
			bId: '1',
			fields: { firstName: 'Ada!' },
			message: `Rolled back with its batch (All or Nothing per Batch) because the update of record ${bad} failed: INVALID_EMAIL_ADDRESS: Email: invalid email address: not-an-email (fields: Email)`,
			code: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
			rolledBack: true,
		},
		{
			side: 'A',
			operation: 'update',
			id: bad,
			aId: bad,
			bId: '2',
			fields: { email: 'not-an-email', firstName: 'Nobody!' },
			message: 'INVALID_EMAIL_ADDRESS: Email: invalid email address: not-an-email (fields: Email)',
			code: 'INVALID_EMAIL_ADDRESS',
			field: 'email',
		},
	]);
	// Updates pair with their rows by B's id: rows "1" and "2" are items 0 and 1.
	expect(run.paired).toEqual([{ item: 0 }, { item: 1 }]);
	expect(run.summary).toEqual(
		summary({ updated: 2 }, { a: 4, b: 4 }, INCREMENTAL, {
			run: 4,
			unchanged: 0,
			errors: 2,
			apiCalls: 3,
			rolledBack: { a: 1, b: 0 },
		}),
	);

	changed[1] = { ...changed[1], email: 'nobody@example.com' };
	run = await sync(true, changed, run.staticData);
	expect(run.errors).toEqual([]);
	expect(contacts()).toEqual(['ada@example.com|Ada!|Lovelace', 'alan@example.com|Alan!|Turing', 'grace@example.com|Grace!|Hopper', 'nobody@example.com|Nobody!|Body']);
	run = await sync(true, changed, run.staticData);
	expect(run.errors).toEqual([]);
	expect(run.summary).toEqual(
		summary({}, { a: 4, b: 4 }, INCREMENTAL, {
			run: 6,
			unchanged: 4,
			errors: 0,
			apiCalls: 1,
			rolledBack: { a: 0, b: 0 },
		}),
	);
});

test('off: the other records of the batch are written; only the bad one is in Errors and retried', async () => {
	let run = await sync(false, ROWS, undefined);
	expect(collectionCalls()).toEqual([
		{
			method: 'POST',
			status: 200,
			allOrNone: false,
			records: ['ada@example.com', 'bad@example.com'],
		},
		{
			method: 'POST',
			status: 200,
			allOrNone: false,
			records: ['grace@example.com', 'alan@example.com'],
		},
	]);
	expect(contacts()).toEqual(['ada@example.com|Ada|Lovelace', 'alan@example.com|Alan|Turing', 'grace@example.com|Grace|Hopper']);
	expect(run.errors).toEqual([badCreate]);
	expect(run.paired).toEqual([{ item: 1 }]);
	expect(run.summary).toEqual(
		summary({ created: 3 }, { a: 0, b: 4 }, FULL, {
			run: 1,
			unchanged: 0,
			errors: 1,
			apiCalls: 3,
		}),
	);

	const fixed = ROWS.map((row) => (row.id === 2 ? { ...row, lastName: 'Body' } : row));
	sb.log.reset();
	run = await sync(false, fixed, run.staticData);
	expect(run.errors).toEqual([]);
	expect(run.summary).toEqual(
		summary({ created: 1 }, { a: 3, b: 4 }, FULL, {
			run: 2,
			unchanged: 3,
			errors: 0,
			apiCalls: 2,
		}),
	);
	expect(collectionCalls()).toEqual([
		{
			method: 'POST',
			status: 200,
			allOrNone: false,
			records: ['bad@example.com'],
		},
	]);
	expect(contacts()).toEqual(['ada@example.com|Ada|Lovelace', 'alan@example.com|Alan|Turing', 'bad@example.com|Nobody|Body', 'grace@example.com|Grace|Hopper']);
});
