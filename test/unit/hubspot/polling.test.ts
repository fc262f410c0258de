import nock from 'nock';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { CrmPackHubSpotPollingTrigger } from '../../../nodes/HubSpot/polling/CrmPackHubSpotPollingTrigger.node';
import { fakeContext } from '../../helpers/fakeContext';

const BASE = 'https://api.hubapi.com';
const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

let now = T0;
let credentialSeq = 0;

beforeEach(() => {
	now = T0;
	jest.spyOn(Date, 'now').mockImplementation(() => now);
	nock.disableNetConnect();
});

afterEach(() => {
	jest.restoreAllMocks();
	nock.cleanAll();
	nock.enableNetConnect();
});

/** A contact as HubSpot's search returns it. */
function contact(id: string, modified: number, created = modified - 24 * 60 * MIN): IDataObject {
	return {
		id,
		properties: {
			createdate: iso(created),
			email: `c${id}@example.com`,
			firstname: `Ann${id}`,
			hs_object_id: id,
			lastmodifieddate: iso(modified),
			lastname: 'Lee',
		},
		createdAt: iso(created),
		updatedAt: iso(modified),
		archived: false,
	};
}

interface Search {
	bodies: IDataObject[];
	/** Queue the results of the next search call. */
	reply(results: IDataObject[], path?: string): void;
	done(): void;
}

function searches(): Search {
	const bodies: IDataObject[] = [];
	const scopes: nock.Scope[] = [];
	return {
		bodies,
		reply(results, path = '/crm/v3/objects/contacts/search') {
			scopes.push(
				nock(BASE)
					.post(path, (body: IDataObject) => {
						bodies.push(body);
						return true;
					})
					.matchHeader('authorization', /^Bearer pat-/)
					.reply(200, { total: results.length, results }),
			);
		},
		done() {
			for (const scope of scopes) scope.done();
		},
	};
}

/** The search body HubSpot documents for "changed since", as the trigger must send it. */
function changedSince(ms: number | undefined, properties = ['email', 'firstname', 'lastmodifieddate'], key = 'lastmodifieddate'): IDataObject {
	const body: IDataObject = {
		filterGroups: ms === undefined ? [] : [{ filters: [{ propertyName: key, operator: 'GTE', value: String(ms) }] }],
		sorts: [{ propertyName: key, direction: 'ASCENDING' }],
		limit: 200,
	};
	if (properties.length) body.properties = properties;
	return body;
}

function trigger(parameters: Record<string, unknown> = {}, options: { mode?: 'manual' | 'trigger'; staticData?: IDataObject } = {}) {
	credentialSeq++;
	const { ctx, staticData } = fakeContext({
		parameters: {
			authentication: 'privateApp',
			object: 'contact',
			event: 'newOrUpdated',
			properties: ['email', 'firstname'],
			output: 'raw',
			options: {},
			...parameters,
		},
		mode: options.mode ?? 'trigger',
		staticData: options.staticData ?? {},
		// A credential of its own per test keeps the search rate limiter (5/s per credential) out of the way.
		node: { credentials: { crmPackHubSpotPrivateAppApi: { id: `poll-cred-${credentialSeq}`, name: 'HubSpot test' } } },
	});
	const node = new CrmPackHubSpotPollingTrigger();
	return {
		staticData,
		poll: async (): Promise<INodeExecutionData[][] | null> => await node.poll.call(ctx),
	};
}

const ids = (out: INodeExecutionData[][] | null) => (out === null ? null : out[0].map((item) => String(item.json.id)));

describe('HubSpot polling trigger: cursor, overlap and de-duplication', () => {
	it('first poll in trigger mode starts the cursor at now, marks the overlap window handled, and emits nothing', async () => {
		const s = searches();
		s.reply([contact('1', T0 - 30_000)]);
		const t = trigger();

		expect(await t.poll()).toBeNull();

		expect(s.bodies).toEqual([changedSince(T0 - MIN)]);
		expect(t.staticData).toEqual({
			hubspotPollCursor: { scope: 'contacts|lastmodifieddate', cursor: T0, seen: { '1': T0 - 30_000 } },
		});
		s.done();
	});

	it('with no properties chosen, the first poll still sends `properties` (the watched date); emitting polls get HubSpot\'s defaults', async () => {
		const s = searches();
		s.reply([contact('1', T0 - 30_000)]);
		const t = trigger({ properties: [] });
		expect(await t.poll()).toBeNull();
		expect(s.bodies[0]).toEqual(changedSince(T0 - MIN, ['lastmodifieddate']));

		now = T0 + MIN;
		s.reply([contact('2', T0 + 10_000)]);
		expect(ids(await t.poll())).toEqual(['2']);
		// No list: HubSpot answers with the object's default properties, which the emitted records keep.
		expect(s.bodies[1]).toEqual(changedSince(T0 - MIN, []));
		s.done();
	});

	it('the second poll emits exactly the changes made after activation, oldest first', async () => {
		const s = searches();
		s.reply([contact('1', T0 - 30_000)]);
		const t = trigger();
		await t.poll();

		now = T0 + MIN;
		s.reply([contact('1', T0 - 30_000), contact('2', T0 + 10_000), contact('3', T0 + 20_000)]);
		const out = await t.poll();

		expect(ids(out)).toEqual(['2', '3']);
		expect(s.bodies[1]).toEqual(changedSince(T0 - MIN));
		expect(t.staticData.hubspotPollCursor).toEqual({
			scope: 'contacts|lastmodifieddate',
			cursor: T0 + 20_000,
			// Pruned to what the next query (from cursor - 60 s) can return.
			seen: { '1': T0 - 30_000, '2': T0 + 10_000, '3': T0 + 20_000 },
		});

		now = T0 + 2 * MIN;
		s.reply([contact('2', T0 + 10_000), contact('3', T0 + 20_000)]);
		expect(await t.poll()).toBeNull();
		expect(s.bodies[2]).toEqual(changedSince(T0 + 20_000 - MIN));
		s.done();
	});

	it('two records sharing a timestamp, split across polls, are each emitted once', async () => {
		const T = T0 + 5_000;
		const s = searches();
		s.reply([]);
		const t = trigger();
		await t.poll();

		// HubSpot's index shows record 11 first; 12, changed in the same millisecond, shows up a poll later.
		now = T0 + MIN;
		s.reply([contact('11', T)]);
		expect(ids(await t.poll())).toEqual(['11']);

		now = T0 + 2 * MIN;
		s.reply([contact('11', T), contact('12', T)]);
		expect(ids(await t.poll())).toEqual(['12']);
		expect(s.bodies[2]).toEqual(changedSince(T - MIN));

		now = T0 + 3 * MIN;
		s.reply([contact('11', T), contact('12', T)]);
		expect(await t.poll()).toBeNull();
		s.done();
	});

	it('a change made during a poll, stamped before the cursor, is caught by the overlap', async () => {
		const s = searches();
		s.reply([]);
		const t = trigger();
		await t.poll();

		now = T0 + MIN;
		s.reply([contact('21', T0 + 40_000)]);
		expect(ids(await t.poll())).toEqual(['21']);

		// 22 was written at T0+35s but reached the search index only after the last poll read it.
		now = T0 + 2 * MIN;
		s.reply([contact('22', T0 + 35_000), contact('21', T0 + 40_000)]);
		expect(ids(await t.poll())).toEqual(['22']);
		expect(s.bodies[2]).toEqual(changedSince(T0 + 40_000 - MIN));
		s.done();
	});

	it('a record changed again within the overlap is emitted again; an unchanged one is not', async () => {
		const s = searches();
		s.reply([]);
		const t = trigger();
		await t.poll();

		now = T0 + MIN;
		s.reply([contact('31', T0 + 10_000), contact('32', T0 + 20_000)]);
		expect(ids(await t.poll())).toEqual(['31', '32']);

		now = T0 + MIN + 30_000;
		s.reply([contact('32', T0 + 20_000), contact('31', T0 + 50_000)]);
		const out = await t.poll();
		expect(ids(out)).toEqual(['31']);
		expect(out?.[0][0].json.properties).toEqual(expect.objectContaining({ lastmodifieddate: iso(T0 + 50_000) }));
		expect(t.staticData.hubspotPollCursor).toEqual({
			scope: 'contacts|lastmodifieddate',
			cursor: T0 + 50_000,
			seen: { '31': T0 + 50_000, '32': T0 + 20_000 },
		});
		s.done();
	});

	it('keeps the de-duplication map compact: only ids at or after cursor - overlap', async () => {
		const s = searches();
		s.reply([contact('35', T0 - 30_000)]);
		const t = trigger();
		await t.poll();

		now = T0 + MIN;
		s.reply([contact('35', T0 - 30_000), contact('36', T0 + 45_000)]);
		expect(ids(await t.poll())).toEqual(['36']);
		expect(t.staticData.hubspotPollCursor).toEqual({
			scope: 'contacts|lastmodifieddate',
			cursor: T0 + 45_000,
			seen: { '36': T0 + 45_000 },
		});

		// 35 is below the next query's start (cursor - 60 s), so HubSpot cannot return it again unless it changes.
		now = T0 + 2 * MIN;
		s.reply([contact('36', T0 + 45_000)]);
		expect(await t.poll()).toBeNull();
		expect(s.bodies[2]).toEqual(changedSince(T0 + 45_000 - MIN));
		s.done();
	});

	it('the max-records cap stops at the last emitted record and the next polls continue there, nothing lost or repeated', async () => {
		const s = searches();
		s.reply([]);
		const t = trigger({ options: { maxRecords: 2 } });
		await t.poll();

		const T = T0 + 10_000;
		// 42 and 43 share a timestamp and the cap falls between them.
		const all = [contact('41', T0 + 5_000), contact('42', T), contact('43', T), contact('44', T0 + 15_000), contact('45', T0 + 16_000)];

		now = T0 + MIN;
		s.reply(all);
		expect(ids(await t.poll())).toEqual(['41', '42']);
		expect(t.staticData.hubspotPollCursor).toEqual({
			scope: 'contacts|lastmodifieddate',
			cursor: T,
			seen: { '41': T0 + 5_000, '42': T },
		});

		now = T0 + 2 * MIN;
		s.reply(all);
		expect(ids(await t.poll())).toEqual(['43', '44']);
		expect(s.bodies[2]).toEqual(changedSince(T - MIN));

		now = T0 + 3 * MIN;
		s.reply(all);
		expect(ids(await t.poll())).toEqual(['45']);
		expect(s.bodies[3]).toEqual(changedSince(T0 + 15_000 - MIN));

		now = T0 + 4 * MIN;
		s.reply(all);
		expect(await t.poll()).toBeNull();
		s.done();
	});

	it('the cap counts emitted records only, not the already-seen ones the overlap brings back', async () => {
		const s = searches();
		s.reply([contact('51', T0 - 10_000), contact('52', T0 - 5_000)]);
		const t = trigger({ options: { maxRecords: 1 } });
		await t.poll();

		now = T0 + MIN;
		s.reply([contact('51', T0 - 10_000), contact('52', T0 - 5_000), contact('53', T0 + 1_000), contact('54', T0 + 2_000)]);
		expect(ids(await t.poll())).toEqual(['53']);
		now = T0 + 2 * MIN;
		s.reply([contact('51', T0 - 10_000), contact('52', T0 - 5_000), contact('53', T0 + 1_000), contact('54', T0 + 2_000)]);
		expect(ids(await t.poll())).toEqual(['54']);
		s.done();
	});

	it('"Emit Existing Records on First Run" reads from the beginning, capped', async () => {
		const s = searches();
		s.reply([contact('61', T0 - 9 * MIN), contact('62', T0 - 8 * MIN), contact('63', T0 - 7 * MIN)]);
		const t = trigger({ options: { emitExisting: true, maxRecords: 2 } });
		expect(ids(await t.poll())).toEqual(['61', '62']);
		expect(s.bodies[0]).toEqual(changedSince(undefined));

		s.reply([contact('61', T0 - 9 * MIN), contact('62', T0 - 8 * MIN), contact('63', T0 - 7 * MIN)]);
		expect(ids(await t.poll())).toEqual(['63']);
		expect(s.bodies[1]).toEqual(changedSince(T0 - 8 * MIN - MIN));
		s.done();
	});

	it('"New Only" puts the cursor on the create date', async () => {
		const s = searches();
		s.reply([]);
		const t = trigger({ event: 'new', properties: [] });
		await t.poll();
		// The search contract requires `properties`: the first poll, which only places the cursor, asks for the watched one.
		expect(s.bodies[0]).toEqual(changedSince(T0 - MIN, ['createdate'], 'createdate'));

		now = T0 + MIN;
		// 71 was created after activation and already changed again: still new.
		s.reply([contact('71', T0 + 50_000, T0 + 5_000), contact('72', T0 + 7_000, T0 + 7_000)]);
		expect(ids(await t.poll())).toEqual(['71', '72']);
		expect(t.staticData.hubspotPollCursor).toEqual({
			scope: 'contacts|createdate',
			cursor: T0 + 7_000,
			seen: { '71': T0 + 5_000, '72': T0 + 7_000 },
		});
		s.done();
	});

	it('"Updated Only" emits changes to records created before the cursor, not creations', async () => {
		const s = searches();
		s.reply([]);
		const t = trigger({ event: 'updated' });
		await t.poll();

		now = T0 + MIN;
		s.reply([contact('81', T0 + 10_000, T0 - 60 * MIN), contact('82', T0 + 20_000, T0 + 15_000)]);
		expect(ids(await t.poll())).toEqual(['81']);

		// The overlap brings 82 back after the cursor has passed its creation: it stays handled, not an "update".
		now = T0 + 2 * MIN;
		s.reply([contact('81', T0 + 10_000, T0 - 60 * MIN), contact('82', T0 + 20_000, T0 + 15_000)]);
		expect(await t.poll()).toBeNull();

		now = T0 + 3 * MIN;
		s.reply([contact('82', T0 + 150_000, T0 + 15_000)]);
		expect(ids(await t.poll())).toEqual(['82']);
		s.done();
	});

	it('another object or event starts afresh instead of reusing the old cursor', async () => {
		const staticData: IDataObject = {
			hubspotPollCursor: { scope: 'contacts|lastmodifieddate', cursor: T0 - 5 * MIN, seen: { '1': T0 - 5 * MIN } },
		};
		const s = searches();
		s.reply([], '/crm/v3/objects/deals/search');
		const t = trigger({ object: 'deal', properties: [] }, { staticData });
		expect(await t.poll()).toBeNull();
		expect(s.bodies).toEqual([changedSince(T0 - MIN, ['hs_lastmodifieddate'], 'hs_lastmodifieddate')]);
		expect(staticData).toEqual({ hubspotPollCursor: { scope: 'deals|hs_lastmodifieddate', cursor: T0, seen: {} } });
		s.done();
	});

	it('meetings: "New Only" uses hs_createdate', async () => {
		const s = searches();
		s.reply([], '/crm/v3/objects/meetings/search');
		const t = trigger({ object: 'meeting', event: 'new', properties: ['hs_meeting_title'] });
		await t.poll();
		expect(s.bodies).toEqual([changedSince(T0 - MIN, ['hs_meeting_title', 'hs_createdate'], 'hs_createdate')]);
		s.done();
	});
});

describe('HubSpot polling trigger: manual mode', () => {
	it('returns the most recent record as a sample and leaves the cursor alone', async () => {
		const staticData: IDataObject = {
			hubspotPollCursor: { scope: 'contacts|lastmodifieddate', cursor: T0 - MIN, seen: {} },
		};
		const before = JSON.parse(JSON.stringify(staticData));
		const s = searches();
		s.reply([contact('91', T0 - 1_000)]);
		const t = trigger({}, { mode: 'manual', staticData });

		expect(ids(await t.poll())).toEqual(['91']);
		expect(s.bodies).toEqual([
			{
				filterGroups: [],
				sorts: [{ propertyName: 'lastmodifieddate', direction: 'DESCENDING' }],
				limit: 1,
				properties: ['email', 'firstname', 'lastmodifieddate'],
			},
		]);
		expect(staticData).toEqual(before);
		s.done();
	});

	it('returns null on an empty account', async () => {
		const s = searches();
		s.reply([]);
		const t = trigger({}, { mode: 'manual' });
		expect(await t.poll()).toBeNull();
		expect(t.staticData).toEqual({});
		s.done();
	});
});

describe('HubSpot polling trigger: output', () => {
	async function emitOne(output: 'simplified' | 'raw', record: IDataObject) {
		const s = searches();
		s.reply([]);
		const t = trigger({ output, properties: ['email', 'firstname', 'lastname', 'phone', 'hs_lead_status'] });
		await t.poll();
		now = T0 + MIN;
		s.reply([record]);
		const out = await t.poll();
		s.done();
		return out;
	}

	const record: IDataObject = {
		id: '101',
		properties: {
			createdate: '2026-01-05T08:00:00.000Z',
			email: 'ann.lee@example.com',
			firstname: 'Ann',
			hs_lead_status: 'NEW',
			hs_object_id: '101',
			lastmodifieddate: '2026-03-02T10:00:30.000Z',
			lastname: 'Lee',
			phone: '+14155550100',
		},
		createdAt: '2026-01-05T08:00:00.000Z',
		updatedAt: '2026-03-02T10:00:30.000Z',
		archived: false,
	};

	it('Simplified gives the CRM-neutral contact', async () => {
		expect(await emitOne('simplified', record)).toEqual([
			[
				{
					json: {
						id: '101',
						firstName: 'Ann',
						lastName: 'Lee',
						fullName: 'Ann Lee',
						email: 'ann.lee@example.com',
						phone: '+14155550100',
						createdAt: '2026-01-05T08:00:00.000Z',
						updatedAt: '2026-03-02T10:00:30.000Z',
						custom: { hs_lead_status: 'NEW' },
					},
				},
			],
		]);
	});

	it('Raw gives the record exactly as HubSpot returned it', async () => {
		expect(await emitOne('raw', record)).toEqual([[{ json: record }]]);
	});
});

describe('HubSpot polling trigger: description and property list', () => {
	it('is a polling trigger with both HubSpot credentials, shown by authentication', () => {
		const { description } = new CrmPackHubSpotPollingTrigger();
		expect(description.name).toBe('crmPackHubSpotPollingTrigger');
		expect(description.polling).toBe(true);
		expect(description.group).toEqual(['trigger']);
		expect(description.inputs).toEqual([]);
		expect(description.credentials).toEqual([
			{ name: 'crmPackHubSpotPrivateAppApi', required: true, displayOptions: { show: { authentication: ['privateApp'] } } },
			{ name: 'crmPackHubSpotOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
		]);
		const object = description.properties.find((p) => p.name === 'object');
		expect(object?.options?.map((o) => (o as { value: string }).value)).toEqual(['company', 'contact', 'deal', 'meeting']);
	});

	it('getProperties lists the object\'s properties from /crm/v3/properties/{objectType}, by label', async () => {
		const scope = nock(BASE)
			.get('/crm/v3/properties/deals')
			.reply(200, {
				results: [
					{ name: 'dealname', label: 'Deal Name', type: 'string' },
					{ name: 'amount', label: 'Amount', type: 'number' },
				],
			});
		const { ctx } = fakeContext({ parameters: { authentication: 'privateApp', resource: '', object: 'deal' } });
		const options = await new CrmPackHubSpotPollingTrigger().methods.loadOptions.getProperties.call(ctx as never);
		expect(options).toEqual([
			{ name: 'Amount (amount)', value: 'amount', description: 'number' },
			{ name: 'Deal Name (dealname)', value: 'dealname', description: 'string' },
		]);
		scope.done();
	});
});
