import nock from 'nock';
import { NodeOperationError, type IDataObject, type INodeExecutionData } from 'n8n-workflow';
import { CrmPackPipedrivePollingTrigger } from '../../../nodes/Pipedrive/polling/CrmPackPipedrivePollingTrigger.node';
import { resetRateLimiters } from '../../../shared/transport/rateLimiter';
import { API, TOKEN, pdContext } from './helpers';

/*
 * Requests follow Pipedrive's API reference for the v2 lists:
 *   GET /api/v2/{persons|organizations|deals|activities}?updated_since=<RFC 3339>&sort_by=update_time|add_time
 *       &sort_direction=asc|desc&limit=<=500&cursor=  (records with update_time at or after updated_since;
 *       additional_data.next_cursor)
 *   v1 (leads, notes): GET /api/v1/{entity}?sort=<field> DESC&start=&limit=
 * Pipedrive's times have whole seconds, so records often share a timestamp.
 */

const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const SEC = 1_000;
const MIN = 60 * SEC;
/** RFC 3339 without milliseconds, as Pipedrive's v2 sends and takes times. */
const rfc = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

let now = T0;
let credentialSeq = 0;

beforeEach(() => {
	now = T0;
	jest.spyOn(Date, 'now').mockImplementation(() => now);
	nock.disableNetConnect();
	resetRateLimiters();
});

afterEach(() => {
	jest.restoreAllMocks();
	nock.cleanAll();
	nock.enableNetConnect();
});

function person(id: number, updated: number, added = updated - 24 * 60 * MIN): IDataObject {
	return {
		id,
		name: `Ann ${id}`,
		first_name: 'Ann',
		last_name: String(id),
		owner_id: 1001,
		org_id: null,
		emails: [{ value: `ann${id}@example.com`, primary: true, label: 'work' }],
		phones: [],
		add_time: rfc(added),
		update_time: rfc(updated),
		custom_fields: {},
	};
}

/** One page of a v2 list. */
const page = (data: IDataObject[], nextCursor: string | null = null) => ({ success: true, data, additional_data: { next_cursor: nextCursor } });

/** The exact query of the trigger's "changed since" read. */
function changedSince(since: number, extra: Record<string, string> = {}): Record<string, string> {
	return { updated_since: rfc(since), sort_by: 'update_time', sort_direction: 'asc', limit: '500', ...extra };
}

const scopes: nock.Scope[] = [];

/** Queue one GET answer; the query must match exactly. */
function expectGet(path: string, query: Record<string, string>, body: unknown) {
	scopes.push(nock(API).get(path).matchHeader('x-api-token', TOKEN).query(query).reply(200, body as nock.Body));
}

function allDone() {
	for (const scope of scopes.splice(0)) scope.done();
	expect(nock.pendingMocks()).toEqual([]);
}

function trigger(parameters: Record<string, unknown> = {}, options: { mode?: 'manual' | 'trigger'; staticData?: IDataObject } = {}) {
	credentialSeq++;
	const { ctx, staticData } = pdContext({
		parameters: { authentication: 'apiToken', object: 'person', event: 'newOrUpdated', output: 'raw', options: {}, ...parameters },
		mode: options.mode ?? 'trigger',
		staticData: options.staticData ?? {},
		// A credential of its own per test keeps the shared burst limiter out of the way.
		node: { credentials: { crmPackPipedriveApi: { id: `pd-poll-${credentialSeq}`, name: 'Pipedrive test' } } },
	});
	const node = new CrmPackPipedrivePollingTrigger();
	return { staticData, poll: async (): Promise<INodeExecutionData[][] | null> => await node.poll.call(ctx) };
}

const ids = (out: INodeExecutionData[][] | null) => (out === null ? null : out[0].map((item) => String(item.json.id)));

describe('Pipedrive polling trigger: cursor on update_time, overlap and de-duplication', () => {
	it('first poll sends the exact v2 request, starts the cursor at now, marks the overlap window handled and emits nothing', async () => {
		expectGet('/api/v2/persons', changedSince(T0 - MIN), page([person(1, T0 - 30 * SEC)]));
		const t = trigger();

		expect(await t.poll()).toBeNull();

		expect(t.staticData).toEqual({ pipedrivePollCursor: { scope: 'persons|update_time', cursor: T0, seen: { '1': T0 - 30 * SEC } } });
		allDone();
	});

	it('the second poll emits exactly the change made after activation, and the next reads from the new cursor - overlap', async () => {
		expectGet('/api/v2/persons', changedSince(T0 - MIN), page([person(1, T0 - 30 * SEC)]));
		const t = trigger();
		await t.poll();

		now = T0 + MIN;
		const changed = person(2, T0 + 10 * SEC);
		expectGet('/api/v2/persons', changedSince(T0 - MIN), page([person(1, T0 - 30 * SEC), changed]));
		const out = await t.poll();
		expect(out).toEqual([[{ json: changed }]]);
		expect(t.staticData.pipedrivePollCursor).toEqual({
			scope: 'persons|update_time',
			cursor: T0 + 10 * SEC,
			seen: { '1': T0 - 30 * SEC, '2': T0 + 10 * SEC },
		});

		now = T0 + 2 * MIN;
		expectGet('/api/v2/persons', changedSince(T0 + 10 * SEC - MIN), page([person(2, T0 + 10 * SEC)]));
		expect(await t.poll()).toBeNull();
		allDone();
	});

	it('follows next_cursor across pages within one poll', async () => {
		expectGet('/api/v2/persons', changedSince(T0 - MIN), page([]));
		const t = trigger();
		await t.poll();

		now = T0 + MIN;
		expectGet('/api/v2/persons', changedSince(T0 - MIN), page([person(3, T0 + 1 * SEC)], 'c-2'));
		expectGet('/api/v2/persons', changedSince(T0 - MIN, { cursor: 'c-2' }), page([person(4, T0 + 2 * SEC)]));
		expect(ids(await t.poll())).toEqual(['3', '4']);
		allDone();
	});

	it('records sharing a second, split across polls, are each emitted once', async () => {
		const T = T0 + 5 * SEC;
		expectGet('/api/v2/persons', changedSince(T0 - MIN), page([]));
		const t = trigger();
		await t.poll();

		// 12 was saved in the same second as 11 but committed after the poll read the list.
		now = T0 + MIN;
		expectGet('/api/v2/persons', changedSince(T0 - MIN), page([person(11, T)]));
		expect(ids(await t.poll())).toEqual(['11']);

		now = T0 + 2 * MIN;
		expectGet('/api/v2/persons', changedSince(T - MIN), page([person(11, T), person(12, T)]));
		expect(ids(await t.poll())).toEqual(['12']);

		now = T0 + 3 * MIN;
		expectGet('/api/v2/persons', changedSince(T - MIN), page([person(11, T), person(12, T)]));
		expect(await t.poll()).toBeNull();
		allDone();
	});

	it('a record changed again is emitted again, with its new values', async () => {
		expectGet('/api/v2/persons', changedSince(T0 - MIN), page([]));
		const t = trigger();
		await t.poll();

		now = T0 + MIN;
		expectGet('/api/v2/persons', changedSince(T0 - MIN), page([person(31, T0 + 10 * SEC)]));
		expect(ids(await t.poll())).toEqual(['31']);

		now = T0 + 2 * MIN;
		const again = { ...person(31, T0 + 70 * SEC), name: 'Ann Renamed' };
		expectGet('/api/v2/persons', changedSince(T0 + 10 * SEC - MIN), page([again]));
		expect(await t.poll()).toEqual([[{ json: again }]]);
		allDone();
	});

	it('the max-records cap stops at the last emitted record; the next polls continue there, nothing lost or repeated', async () => {
		expectGet('/api/v2/persons', changedSince(T0 - MIN), page([]));
		const t = trigger({ options: { maxRecords: 2 } });
		await t.poll();

		const T = T0 + 10 * SEC;
		// 42 and 43 share a second and the cap falls between them.
		const all = [person(41, T0 + 5 * SEC), person(42, T), person(43, T), person(44, T0 + 15 * SEC), person(45, T0 + 16 * SEC)];

		now = T0 + MIN;
		expectGet('/api/v2/persons', changedSince(T0 - MIN), page(all));
		expect(ids(await t.poll())).toEqual(['41', '42']);
		expect(t.staticData.pipedrivePollCursor).toEqual({ scope: 'persons|update_time', cursor: T, seen: { '41': T0 + 5 * SEC, '42': T } });

		now = T0 + 2 * MIN;
		expectGet('/api/v2/persons', changedSince(T - MIN), page(all));
		expect(ids(await t.poll())).toEqual(['43', '44']);

		now = T0 + 3 * MIN;
		expectGet('/api/v2/persons', changedSince(T0 + 15 * SEC - MIN), page(all.slice(1)));
		expect(ids(await t.poll())).toEqual(['45']);

		now = T0 + 4 * MIN;
		expectGet('/api/v2/persons', changedSince(T0 + 16 * SEC - MIN), page(all.slice(1)));
		expect(await t.poll()).toBeNull();
		allDone();
	});

	it('"Emit Existing Records on First Run" reads from the beginning (no updated_since), capped', async () => {
		const rows = [person(61, T0 - 9 * MIN), person(62, T0 - 8 * MIN), person(63, T0 - 7 * MIN)];
		expectGet('/api/v2/persons', { sort_by: 'update_time', sort_direction: 'asc', limit: '500' }, page(rows));
		const t = trigger({ options: { emitExisting: true, maxRecords: 2 } });
		expect(ids(await t.poll())).toEqual(['61', '62']);

		expectGet('/api/v2/persons', changedSince(T0 - 8 * MIN - MIN), page(rows.slice(1)));
		expect(ids(await t.poll())).toEqual(['63']);
		allDone();
	});

	it('Overlap Window sets how far back each poll reads again', async () => {
		expectGet('/api/v2/deals', changedSince(T0 - 5 * SEC), page([]));
		const t = trigger({ object: 'deal', options: { overlapSeconds: 5 } });
		await t.poll();
		allDone();
	});

	it('another object starts afresh instead of reusing the old cursor', async () => {
		const staticData: IDataObject = { pipedrivePollCursor: { scope: 'persons|update_time', cursor: T0 - 5 * MIN, seen: { '1': T0 - 5 * MIN } } };
		expectGet('/api/v2/organizations', changedSince(T0 - MIN), page([]));
		const t = trigger({ object: 'organization' }, { staticData });
		expect(await t.poll()).toBeNull();
		expect(staticData).toEqual({ pipedrivePollCursor: { scope: 'organizations|update_time', cursor: T0, seen: {} } });
		allDone();
	});

	it('rejects unusable options with a NodeOperationError', async () => {
		await expect(trigger({ options: { maxRecords: 0 } }).poll()).rejects.toThrow(NodeOperationError);
		await expect(trigger({ options: { overlapSeconds: -5 } }).poll()).rejects.toThrow('Overlap Window');
	});
});

describe('Pipedrive polling trigger: events', () => {
	it('"New Only" puts the cursor on add_time: changes since the window, sorted by add_time, older creations dropped, each record once', async () => {
		const newQuery = (since: number) => ({ updated_since: rfc(since), sort_by: 'add_time', sort_direction: 'asc', limit: '500' });
		expectGet('/api/v2/persons', newQuery(T0 - MIN), page([]));
		const t = trigger({ event: 'new' });
		await t.poll();

		now = T0 + MIN;
		expectGet(
			'/api/v2/persons',
			newQuery(T0 - MIN),
			// 70 existed for a day and was only updated; 71 was created after activation and changed again.
			page([person(70, T0 + 3 * SEC, T0 - 24 * 60 * MIN), person(71, T0 + 50 * SEC, T0 + 5 * SEC), person(72, T0 + 7 * SEC, T0 + 7 * SEC)]),
		);
		expect(ids(await t.poll())).toEqual(['71', '72']);
		expect(t.staticData.pipedrivePollCursor).toEqual({
			scope: 'persons|add_time',
			cursor: T0 + 7 * SEC,
			seen: { '71': T0 + 5 * SEC, '72': T0 + 7 * SEC },
		});

		// 71 changes again: still the same creation, not emitted again.
		now = T0 + 2 * MIN;
		expectGet('/api/v2/persons', newQuery(T0 + 7 * SEC - MIN), page([person(72, T0 + 7 * SEC, T0 + 7 * SEC), person(71, T0 + 100 * SEC, T0 + 5 * SEC)]));
		expect(await t.poll()).toBeNull();
		allDone();
	});

	it('"Updated Only" emits changes to records created before the cursor, not creations', async () => {
		expectGet('/api/v2/persons', changedSince(T0 - MIN), page([]));
		const t = trigger({ event: 'updated' });
		await t.poll();

		now = T0 + MIN;
		const rows = [person(81, T0 + 10 * SEC, T0 - 60 * MIN), person(82, T0 + 20 * SEC, T0 + 15 * SEC)];
		expectGet('/api/v2/persons', changedSince(T0 - MIN), page(rows));
		expect(ids(await t.poll())).toEqual(['81']);

		now = T0 + 2 * MIN;
		expectGet('/api/v2/persons', changedSince(T0 + 20 * SEC - MIN), page(rows));
		expect(await t.poll()).toBeNull();

		now = T0 + 3 * MIN;
		expectGet('/api/v2/persons', changedSince(T0 + 20 * SEC - MIN), page([person(82, T0 + 150 * SEC, T0 + 15 * SEC)]));
		expect(ids(await t.poll())).toEqual(['82']);
		allDone();
	});

	it('leads (v1): newest changes first until older than the window, emitted oldest first', async () => {
		const lead = (id: string, updated: number) => ({ id, title: `Lead ${id}`, add_time: new Date(updated - MIN).toISOString(), update_time: new Date(updated).toISOString() });
		const v1 = (data: IDataObject[]) => ({ success: true, data, additional_data: { pagination: { start: 0, limit: 500, more_items_in_collection: false } } });
		expectGet('/api/v1/leads', { sort: 'update_time DESC', start: '0', limit: '500' }, v1([lead('old', T0 - 5 * MIN)]));
		const t = trigger({ object: 'lead' });
		expect(await t.poll()).toBeNull();

		now = T0 + MIN;
		expectGet('/api/v1/leads', { sort: 'update_time DESC', start: '0', limit: '500' }, v1([lead('b', T0 + 20 * SEC), lead('a', T0 + 10 * SEC), lead('old', T0 - 5 * MIN)]));
		expect(ids(await t.poll())).toEqual(['a', 'b']);
		expect(t.staticData.pipedrivePollCursor).toEqual({ scope: 'leads|update_time', cursor: T0 + 20 * SEC, seen: { a: T0 + 10 * SEC, b: T0 + 20 * SEC } });
		allDone();
	});
});

describe('Pipedrive polling trigger: manual mode and output', () => {
	it('a manual run returns the most recent record as a sample and leaves the cursor alone', async () => {
		const staticData: IDataObject = { pipedrivePollCursor: { scope: 'persons|update_time', cursor: T0 - MIN, seen: {} } };
		const before = structuredClone(staticData);
		expectGet('/api/v2/persons', { sort_by: 'update_time', sort_direction: 'desc', limit: '1' }, page([person(91, T0 - SEC)]));
		const t = trigger({}, { mode: 'manual', staticData });
		expect(ids(await t.poll())).toEqual(['91']);
		expect(staticData).toEqual(before);
		allDone();
	});

	it('a manual run on an empty account returns null', async () => {
		expectGet('/api/v2/activities', { sort_by: 'update_time', sort_direction: 'desc', limit: '1' }, page([]));
		const t = trigger({ object: 'activity' }, { mode: 'manual' });
		expect(await t.poll()).toBeNull();
		expect(t.staticData).toEqual({});
		allDone();
	});

	it('Simplified gives the CRM-neutral contact, custom fields by name', async () => {
		const KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
		expectGet('/api/v2/persons', changedSince(T0 - MIN), page([]));
		const t = trigger({ output: 'simplified' });
		await t.poll();

		now = T0 + MIN;
		const record = { ...person(101, T0 + 30 * SEC, Date.parse('2026-01-05T08:00:00Z')), custom_fields: { [KEY]: 'Large' } };
		expectGet('/api/v2/persons', changedSince(T0 - MIN), page([record]));
		expectGet(
			'/api/v1/personFields',
			{ start: '0', limit: '500' },
			{ success: true, data: [{ key: KEY, name: 'Shoe Size', field_type: 'varchar', edit_flag: true }], additional_data: { pagination: { more_items_in_collection: false } } },
		);
		const out = await t.poll();
		expect(out?.[0]).toHaveLength(1);
		expect(out?.[0][0].json).toMatchObject({
			id: '101',
			firstName: 'Ann',
			lastName: '101',
			email: 'ann101@example.com',
			createdAt: '2026-01-05T08:00:00.000Z',
			updatedAt: rfc(T0 + 30 * SEC).replace('Z', '.000Z'),
			custom: { 'Shoe Size': 'Large' },
		});
		allDone();
	});
});

describe('Pipedrive polling trigger: description', () => {
	it('is a polling trigger with both Pipedrive credentials, shown by authentication, for the six objects', () => {
		const { description } = new CrmPackPipedrivePollingTrigger();
		expect(description.name).toBe('crmPackPipedrivePollingTrigger');
		expect(description.displayName).toBe('Pipedrive (CRM Pack) Polling Trigger');
		expect(description.polling).toBe(true);
		expect(description.inputs).toEqual([]);
		expect(description.credentials).toEqual([
			{ name: 'crmPackPipedriveApi', required: true, displayOptions: { show: { authentication: ['apiToken'] } } },
			{ name: 'crmPackPipedriveOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
		]);
		const values = (name: string) =>
			description.properties.find((p) => p.name === name)?.options?.map((o) => (o as { value: string }).value);
		expect(values('object')).toEqual(['activity', 'deal', 'lead', 'note', 'organization', 'person']);
		expect(values('event')).toEqual(['newOrUpdated', 'new', 'updated']);
		expect(values('output')).toEqual(['simplified', 'raw']);
		const options = description.properties.find((p) => p.name === 'options')?.options as Array<{ name: string; default: unknown }>;
		expect(options.find((o) => o.name === 'overlapSeconds')?.default).toBe(60);
	});
});
