import nock from 'nock';
import { NodeOperationError, type IDataObject, type INodeExecutionData } from 'n8n-workflow';
import { CrmPackSalesforcePollingTrigger } from '../../../nodes/Salesforce/polling/CrmPackSalesforcePollingTrigger.node';
import { resetRateLimiters } from '../../../shared/transport/rateLimiter';
import { DATA, INSTANCE, TOKEN, sfContext } from './helpers';

/*
 * Requests follow Salesforce's REST API reference (v62.0):
 *   GET /services/data/vXX.X/query?q=<SOQL>, then GET {nextRecordsUrl} while done=false.
 * SOQL dateTime literals are unquoted ISO 8601 and compare to the whole second
 * (the pack rounds `since` down); record JSON carries times as
 * 2026-03-02T10:00:05.000+0000 (always .000), so records often share a second.
 */

const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const SEC = 1_000;
const MIN = 60 * SEC;
const DAY = 24 * 60 * MIN;

/** Salesforce's date-time format in record JSON. */
const sfTime = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');
/** A SOQL dateTime literal: whole seconds, rounded down. */
const soqlTime = (ms: number) => new Date(Math.floor(ms / SEC) * SEC).toISOString().replace('.000Z', 'Z');

const SELECT = 'SELECT Id, CreatedDate, LastModifiedDate, SystemModstamp, FirstName, LastName, Email FROM Contact';
const changedSince = (since: number) => `${SELECT} WHERE SystemModstamp >= ${soqlTime(since)} ORDER BY SystemModstamp ASC, Id ASC`;
const createdSince = (since: number) => `${SELECT} WHERE CreatedDate >= ${soqlTime(since)} ORDER BY CreatedDate ASC, Id ASC`;

let now = T0;

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
	now = T0;
	jest.spyOn(Date, 'now').mockImplementation(() => now);
	nock.cleanAll();
	resetRateLimiters();
});
afterEach(() => jest.restoreAllMocks());
afterAll(() => {
	nock.cleanAll();
	nock.enableNetConnect();
});

const idOf = (n: number) => `003${String(n).padStart(12, '0')}AAA`;

function contact(n: number, modified: number, created = modified - DAY, extra: IDataObject = {}): IDataObject {
	const id = idOf(n);
	return {
		attributes: { type: 'Contact', url: `${DATA}/sobjects/Contact/${id}` },
		Id: id,
		CreatedDate: sfTime(created),
		LastModifiedDate: sfTime(modified),
		SystemModstamp: sfTime(modified),
		FirstName: 'Ada',
		LastName: `Lovelace${n}`,
		Email: `ada${n}@example.com`,
		...extra,
	};
}

const result = (records: IDataObject[], nextRecordsUrl?: string) => ({
	totalSize: records.length,
	done: !nextRecordsUrl,
	records,
	...(nextRecordsUrl ? { nextRecordsUrl } : {}),
});

const scopes: nock.Scope[] = [];

/** Queue one query answer; the SOQL must match exactly. */
function expectQuery(soql: string, body: IDataObject) {
	scopes.push(nock(INSTANCE).matchHeader('authorization', `Bearer ${TOKEN}`).get(`${DATA}/query`).query({ q: soql }).reply(200, body));
}

function allDone() {
	for (const scope of scopes.splice(0)) scope.done();
	expect(nock.pendingMocks()).toEqual([]);
}

function trigger(parameters: Record<string, unknown> = {}, options: { mode?: 'manual' | 'trigger'; staticData?: IDataObject } = {}) {
	const { ctx, staticData } = sfContext({
		parameters: {
			authentication: 'jwt',
			object: 'contact',
			event: 'newOrUpdated',
			fields: ['FirstName', 'LastName', 'Email'],
			output: 'raw',
			options: {},
			...parameters,
		},
		mode: options.mode ?? 'trigger',
		staticData: options.staticData ?? {},
	});
	const node = new CrmPackSalesforcePollingTrigger();
	return { staticData, poll: async (): Promise<INodeExecutionData[][] | null> => await node.poll.call(ctx) };
}

const ids = (out: INodeExecutionData[][] | null) => (out === null ? null : out[0].map((item) => String(item.json.Id ?? item.json.id)));

describe('Salesforce polling trigger: cursor on SystemModstamp, overlap and de-duplication', () => {
	it('first poll sends the exact SOQL (since rounded down to the second), starts the cursor at now and emits nothing', async () => {
		now = T0 + 500;
		expectQuery(
			'SELECT Id, CreatedDate, LastModifiedDate, SystemModstamp, FirstName, LastName, Email FROM Contact WHERE SystemModstamp >= 2026-03-02T09:59:00Z ORDER BY SystemModstamp ASC, Id ASC',
			result([contact(1, T0 - 30 * SEC)]),
		);
		const t = trigger();

		expect(await t.poll()).toBeNull();

		expect(t.staticData).toEqual({
			salesforcePollCursor: { scope: 'Contact|SystemModstamp', cursor: T0 + 500, seen: { [idOf(1)]: T0 - 30 * SEC } },
		});
		allDone();
	});

	it('the second poll emits exactly the change made after activation; the next emits nothing', async () => {
		expectQuery(changedSince(T0 - MIN), result([contact(1, T0 - 30 * SEC)]));
		const t = trigger();
		await t.poll();

		now = T0 + MIN;
		const changed = contact(2, T0 + 10 * SEC);
		expectQuery(changedSince(T0 - MIN), result([contact(1, T0 - 30 * SEC), changed]));
		expect(await t.poll()).toEqual([[{ json: changed }]]);
		expect(t.staticData.salesforcePollCursor).toEqual({
			scope: 'Contact|SystemModstamp',
			cursor: T0 + 10 * SEC,
			seen: { [idOf(1)]: T0 - 30 * SEC, [idOf(2)]: T0 + 10 * SEC },
		});

		now = T0 + 2 * MIN;
		expectQuery(changedSince(T0 + 10 * SEC - MIN), result([changed]));
		expect(await t.poll()).toBeNull();
		allDone();
	});

	it('default fields: the neutral mapping\'s for standard objects', async () => {
		const soql =
			'SELECT Id, CreatedDate, LastModifiedDate, SystemModstamp, FirstName, LastName, Email, Phone, MobilePhone, Title, OwnerId, MailingStreet, MailingCity, MailingState, MailingPostalCode, MailingCountry FROM Contact WHERE SystemModstamp >= 2026-03-02T09:59:00Z ORDER BY SystemModstamp ASC, Id ASC';
		expectQuery(soql, result([]));
		await trigger({ fields: [] }).poll();
		allDone();
	});

	it('follows nextRecordsUrl within one poll', async () => {
		expectQuery(changedSince(T0 - MIN), result([]));
		const t = trigger();
		await t.poll();

		now = T0 + MIN;
		expectQuery(changedSince(T0 - MIN), result([contact(3, T0 + 1 * SEC)], `${DATA}/query/01gXX-2000`));
		scopes.push(nock(INSTANCE).get(`${DATA}/query/01gXX-2000`).reply(200, result([contact(4, T0 + 2 * SEC)])));
		expect(ids(await t.poll())).toEqual([idOf(3), idOf(4)]);
		allDone();
	});

	it('records sharing a second, split across polls (one committed after the read), are each emitted once', async () => {
		const T = T0 + 5 * SEC;
		expectQuery(changedSince(T0 - MIN), result([]));
		const t = trigger();
		await t.poll();

		// 12 was saved in the same second as 11 but committed after this poll read the list.
		now = T0 + MIN;
		expectQuery(changedSince(T0 - MIN), result([contact(11, T)]));
		expect(ids(await t.poll())).toEqual([idOf(11)]);

		// Even with no overlap the next read includes the cursor's whole second (SOQL >= on the second).
		now = T0 + 2 * MIN;
		expectQuery(changedSince(T - MIN), result([contact(11, T), contact(12, T)]));
		expect(ids(await t.poll())).toEqual([idOf(12)]);

		now = T0 + 3 * MIN;
		expectQuery(changedSince(T - MIN), result([contact(11, T), contact(12, T)]));
		expect(await t.poll()).toBeNull();
		allDone();
	});

	it('with no overlap, a record committed late in the cursor\'s second is still read (since is rounded down) and emitted once', async () => {
		const T = T0 + 5 * SEC;
		expectQuery(changedSince(T0), result([]));
		const t = trigger({ options: { overlapSeconds: 0 } });
		await t.poll();

		now = T0 + MIN;
		expectQuery(changedSince(T0), result([contact(21, T)]));
		expect(ids(await t.poll())).toEqual([idOf(21)]);

		now = T0 + 2 * MIN;
		expectQuery(changedSince(T), result([contact(21, T), contact(22, T)]));
		expect(ids(await t.poll())).toEqual([idOf(22)]);
		allDone();
	});

	it('a record saved again is emitted again, with its new values', async () => {
		expectQuery(changedSince(T0 - MIN), result([]));
		const t = trigger();
		await t.poll();

		now = T0 + MIN;
		expectQuery(changedSince(T0 - MIN), result([contact(31, T0 + 10 * SEC)]));
		expect(ids(await t.poll())).toEqual([idOf(31)]);

		now = T0 + 2 * MIN;
		const again = contact(31, T0 + 70 * SEC, T0 + 10 * SEC - DAY, { LastName: 'Renamed' });
		expectQuery(changedSince(T0 + 10 * SEC - MIN), result([again]));
		expect(await t.poll()).toEqual([[{ json: again }]]);
		allDone();
	});

	it('the max-records cap stops at the last emitted record; the next polls continue there, nothing lost or repeated', async () => {
		expectQuery(changedSince(T0 - MIN), result([]));
		const t = trigger({ options: { maxRecords: 2 } });
		await t.poll();

		const T = T0 + 10 * SEC;
		// 42 and 43 share a second and the cap falls between them.
		const all = [contact(41, T0 + 5 * SEC), contact(42, T), contact(43, T), contact(44, T0 + 15 * SEC), contact(45, T0 + 16 * SEC)];

		now = T0 + MIN;
		expectQuery(changedSince(T0 - MIN), result(all));
		expect(ids(await t.poll())).toEqual([idOf(41), idOf(42)]);
		expect(t.staticData.salesforcePollCursor).toEqual({
			scope: 'Contact|SystemModstamp',
			cursor: T,
			seen: { [idOf(41)]: T0 + 5 * SEC, [idOf(42)]: T },
		});

		now = T0 + 2 * MIN;
		expectQuery(changedSince(T - MIN), result(all));
		expect(ids(await t.poll())).toEqual([idOf(43), idOf(44)]);

		now = T0 + 3 * MIN;
		expectQuery(changedSince(T0 + 15 * SEC - MIN), result(all.slice(1)));
		expect(ids(await t.poll())).toEqual([idOf(45)]);

		now = T0 + 4 * MIN;
		expectQuery(changedSince(T0 + 16 * SEC - MIN), result(all.slice(1)));
		expect(await t.poll()).toBeNull();
		allDone();
	});

	it('the cap stops fetching further batches', async () => {
		expectQuery(changedSince(T0 - MIN), result([]));
		const t = trigger({ options: { maxRecords: 1 } });
		await t.poll();

		now = T0 + MIN;
		// The next batch (nextRecordsUrl) is not requested: nock would fail on an unexpected call.
		expectQuery(changedSince(T0 - MIN), result([contact(51, T0 + 1 * SEC), contact(52, T0 + 2 * SEC)], `${DATA}/query/01gYY-2000`));
		expect(ids(await t.poll())).toEqual([idOf(51)]);
		allDone();
	});

	it('"Emit Existing Records on First Run" reads from the beginning (no WHERE), capped', async () => {
		const rows = [contact(61, T0 - 9 * MIN), contact(62, T0 - 8 * MIN), contact(63, T0 - 7 * MIN)];
		expectQuery(`${SELECT} ORDER BY SystemModstamp ASC, Id ASC`, result(rows));
		const t = trigger({ options: { emitExisting: true, maxRecords: 2 } });
		expect(ids(await t.poll())).toEqual([idOf(61), idOf(62)]);

		expectQuery(changedSince(T0 - 8 * MIN - MIN), result(rows.slice(1)));
		expect(ids(await t.poll())).toEqual([idOf(63)]);
		allDone();
	});

	it('another object (or event) starts afresh instead of reusing the old cursor', async () => {
		const staticData: IDataObject = {
			salesforcePollCursor: { scope: 'Contact|SystemModstamp', cursor: T0 - 5 * MIN, seen: { [idOf(1)]: T0 - 5 * MIN } },
		};
		expectQuery(
			'SELECT Id, CreatedDate, LastModifiedDate, SystemModstamp, Name FROM Account WHERE SystemModstamp >= 2026-03-02T09:59:00Z ORDER BY SystemModstamp ASC, Id ASC',
			result([]),
		);
		const t = trigger({ object: 'account', fields: ['Name'] }, { staticData });
		expect(await t.poll()).toBeNull();
		expect(staticData).toEqual({ salesforcePollCursor: { scope: 'Account|SystemModstamp', cursor: T0, seen: {} } });
		allDone();
	});

	it('rejects unusable options and object names with a NodeOperationError', async () => {
		await expect(trigger({ options: { maxRecords: 0 } }).poll()).rejects.toThrow(NodeOperationError);
		await expect(trigger({ options: { overlapSeconds: -5 } }).poll()).rejects.toThrow('Overlap Window');
		await expect(trigger({ object: 'customObject', customObject: "Invoice__c WHERE Name = 'x'" }).poll()).rejects.toThrow(
			NodeOperationError,
		);
		expect(nock.pendingMocks()).toEqual([]);
	});
});

describe('Salesforce polling trigger: events', () => {
	it('"New Only" puts the cursor on CreatedDate: records created since, each once, whatever was saved later', async () => {
		expectQuery(createdSince(T0 - MIN), result([contact(1, T0 - 20 * SEC, T0 - 20 * SEC)]));
		const t = trigger({ event: 'new' });
		await t.poll();
		expect(t.staticData.salesforcePollCursor).toMatchObject({ scope: 'Contact|CreatedDate', cursor: T0 });

		// 71 was created after activation and saved again; 72 created in the same second as 71.
		now = T0 + MIN;
		const rows = [contact(1, T0 - 20 * SEC, T0 - 20 * SEC), contact(71, T0 + 50 * SEC, T0 + 5 * SEC), contact(72, T0 + 5 * SEC, T0 + 5 * SEC)];
		expectQuery(createdSince(T0 - MIN), result(rows));
		expect(ids(await t.poll())).toEqual([idOf(71), idOf(72)]);
		expect(t.staticData.salesforcePollCursor).toEqual({
			scope: 'Contact|CreatedDate',
			cursor: T0 + 5 * SEC,
			seen: { [idOf(1)]: T0 - 20 * SEC, [idOf(71)]: T0 + 5 * SEC, [idOf(72)]: T0 + 5 * SEC },
		});

		// 71 saved yet again: still the same creation, not emitted.
		now = T0 + 2 * MIN;
		expectQuery(createdSince(T0 + 5 * SEC - MIN), result([contact(71, T0 + 100 * SEC, T0 + 5 * SEC), contact(72, T0 + 5 * SEC, T0 + 5 * SEC)]));
		expect(await t.poll()).toBeNull();
		allDone();
	});

	it('"Updated Only" leaves out records created after the previous cursor, and emits later saves of records handled before', async () => {
		expectQuery(changedSince(T0 - MIN), result([]));
		const t = trigger({ event: 'updated' });
		await t.poll();

		// 81 existed for a day (update); 82 was created after activation (new, left out); 83 is created in
		// the very second 81 moved the cursor to.
		const T = T0 + 10 * SEC;
		now = T0 + MIN;
		expectQuery(changedSince(T0 - MIN), result([contact(82, T0 + 5 * SEC, T0 + 5 * SEC), contact(81, T), contact(83, T, T)]));
		expect(ids(await t.poll())).toEqual([idOf(81)]);
		expect(t.staticData.salesforcePollCursor).toMatchObject({ cursor: T });

		now = T0 + 2 * MIN;
		expectQuery(changedSince(T - MIN), result([contact(81, T), contact(83, T, T)]));
		expect(await t.poll()).toBeNull();

		// 83's creation is not strictly before the cursor (same second), yet an earlier poll handled it: a save now is an update.
		now = T0 + 3 * MIN;
		expectQuery(changedSince(T - MIN), result([contact(81, T), contact(83, T0 + 20 * SEC, T)]));
		expect(ids(await t.poll())).toEqual([idOf(83)]);
		allDone();
	});
});

describe('Salesforce polling trigger: output and manual mode', () => {
	it('"Simplified" gives the CRM-neutral contact', async () => {
		expectQuery(changedSince(T0 - MIN), result([]));
		const t = trigger({ output: 'simplified' });
		await t.poll();

		now = T0 + MIN;
		expectQuery(changedSince(T0 - MIN), result([contact(91, T0 + 3 * SEC, T0 + 3 * SEC)]));
		const out = await t.poll();
		expect(out).toEqual([
			[
				{
					json: expect.objectContaining({
						id: idOf(91),
						firstName: 'Ada',
						lastName: 'Lovelace91',
						email: 'ada91@example.com',
						createdAt: '2026-03-02T10:00:03.000Z',
						updatedAt: '2026-03-02T10:00:03.000Z',
					}),
				},
			],
		]);
		allDone();
	});

	it('custom objects: the API name in the SOQL, their fields without "attributes" in simplified output', async () => {
		const select = 'SELECT Id, CreatedDate, LastModifiedDate, SystemModstamp, Name, Total__c FROM Invoice__c';
		expectQuery(`${select} WHERE SystemModstamp >= 2026-03-02T09:59:00Z ORDER BY SystemModstamp ASC, Id ASC`, result([]));
		const t = trigger({ object: 'customObject', customObject: 'Invoice__c', fields: ['Name', 'Total__c'], output: 'simplified' });
		await t.poll();

		now = T0 + MIN;
		const invoice = {
			attributes: { type: 'Invoice__c', url: `${DATA}/sobjects/Invoice__c/a0B000000000001AAA` },
			Id: 'a0B000000000001AAA',
			CreatedDate: sfTime(T0 + 2 * SEC),
			LastModifiedDate: sfTime(T0 + 2 * SEC),
			SystemModstamp: sfTime(T0 + 2 * SEC),
			Name: 'INV-1',
			Total__c: 120.5,
		};
		expectQuery(`${select} WHERE SystemModstamp >= 2026-03-02T09:59:00Z ORDER BY SystemModstamp ASC, Id ASC`, result([invoice]));
		expect(await t.poll()).toEqual([
			[
				{
					json: {
						id: 'a0B000000000001AAA',
						Id: 'a0B000000000001AAA',
						CreatedDate: invoice.CreatedDate,
						LastModifiedDate: invoice.LastModifiedDate,
						SystemModstamp: invoice.SystemModstamp,
						Name: 'INV-1',
						Total__c: 120.5,
						createdAt: '2026-03-02T10:00:02.000Z',
						updatedAt: '2026-03-02T10:00:02.000Z',
					},
				},
			],
		]);
		expect(t.staticData.salesforcePollCursor).toMatchObject({ scope: 'Invoice__c|SystemModstamp' });
		allDone();
	});

	it('manual mode ("Fetch Test Event") returns the latest record and leaves the cursor alone', async () => {
		const staticData: IDataObject = { salesforcePollCursor: { scope: 'Contact|SystemModstamp', cursor: T0 - MIN, seen: {} } };
		const latest = contact(99, T0 - 5 * SEC);
		expectQuery(`${SELECT} ORDER BY SystemModstamp DESC, Id DESC LIMIT 1`, result([latest]));
		const t = trigger({}, { mode: 'manual', staticData });
		expect(await t.poll()).toEqual([[{ json: latest }]]);
		expect(staticData).toEqual({ salesforcePollCursor: { scope: 'Contact|SystemModstamp', cursor: T0 - MIN, seen: {} } });
		allDone();
	});

	it('manual mode with "New Only" samples the latest creation', async () => {
		expectQuery(`${SELECT} ORDER BY CreatedDate DESC, Id DESC LIMIT 1`, result([]));
		expect(await trigger({ event: 'new' }, { mode: 'manual' }).poll()).toBeNull();
		allDone();
	});
});
