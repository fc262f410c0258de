import nock from 'nock';
import { isolateNock } from '../../helpers/nockIsolation';
import type { IDataObject } from 'n8n-workflow';
import { HubSpotConnector } from '../../../nodes/HubSpot/connector/HubSpotConnector';
import { searchAll, SEARCH_CAP, SEARCH_PAGE, type SearchBody } from '../../../nodes/HubSpot/connector/search';
import { hubspotSettings } from '../../../nodes/HubSpot/transport/hubspotApi';
import { collect } from '../../../shared/paging/paginate';
import { newStats } from '../../../shared/transport/request';
import { fakeClock, fakeContext } from '../../helpers/fakeContext';

/*
 * HubSpot's CRM search (POST /crm/v3/objects/{type}/search): body {filterGroups:[{filters}],
 * sorts:[{propertyName, direction}], properties, limit (max 200), after}; filter groups are
 * ORed, filters inside a group ANDed; a query returns at most 10,000 results in total, so
 * paging further needs a new query.
 */

const API = 'https://api.hubapi.com';

interface Row {
	id: string;
	properties: IDataObject;
}

/**
 * A small in-memory HubSpot search: OR over groups, AND inside a group (EQ, GTE, LTE),
 * one sort key, `after` as an offset, and a hard result cap (a request reaching past the
 * cap is an error, as it is at HubSpot). Ties on the sort key come back in an order
 * that changes from one query to the next (HubSpot promises no order among ties), which
 * is what makes the boundary handling worth testing.
 */
function fakeSearch(rows: Row[], cap: number) {
	const requests: IDataObject[] = [];
	let queryNo = 0;
	let lastFilters = '';
	const matches = (row: Row, filter: IDataObject) => {
		const value = row.properties[filter.propertyName as string];
		switch (filter.operator) {
			case 'EQ':
				return String(value) === String(filter.value);
			case 'GTE':
				return Number(value) >= Number(filter.value);
			case 'LTE':
				return Number(value) <= Number(filter.value);
			default:
				throw new Error(`fake search: operator ${String(filter.operator)}`);
		}
	};
	const search = async (body: IDataObject) => {
		requests.push(JSON.parse(JSON.stringify(body)) as IDataObject);
		// A walk that never ends would hang the test run; fail it instead.
		if (requests.length > 500) throw new Error('fake search: more than 500 requests, the walk is looping');
		const filtersKey = JSON.stringify(body.filterGroups);
		if (filtersKey !== lastFilters) {
			queryNo++;
			lastFilters = filtersKey;
		}
		const groups = (body.filterGroups ?? []) as Array<{ filters: IDataObject[] }>;
		const [sort] = body.sorts as Array<{ propertyName: string; direction: string }>;
		const sign = sort.direction === 'DESCENDING' ? -1 : 1;
		const tieSign = queryNo % 2 === 0 ? -1 : 1;
		const hits = rows
			.filter((row) => groups.length === 0 || groups.some((g) => g.filters.every((f) => matches(row, f))))
			.sort(
				(a, b) =>
					sign * (Number(a.properties[sort.propertyName]) - Number(b.properties[sort.propertyName])) ||
					tieSign * (Number(a.id) - Number(b.id)),
			);
		const offset = Number(body.after ?? 0);
		const limit = Number(body.limit);
		if (limit > 200) throw new Error('fake search: limit above 200');
		if (offset + limit > cap) throw new Error(`fake search: asked past the ${cap}-result cap (after ${offset}, limit ${limit})`);
		const results = hits.slice(offset, offset + limit).map((r) => ({ id: r.id, properties: r.properties }));
		const end = offset + results.length;
		// Like HubSpot, the page that reaches the cap still names a next `after`; using it is the 400.
		return { results, after: end < hits.length ? String(end) : undefined, total: hits.length };
	};
	return { search, requests };
}

function row(id: number, k: number, cat = 'a'): Row {
	return { id: String(id), properties: { k: String(k), cat } };
}

isolateNock();

describe('searchAll past the result cap (cap 4, pages of 2)', () => {
	// Keys: 10, 20, 30, 30, 30, 40, 50 in groups a/b; record 99 is in neither group and never returned.
	const rows = [row(1, 10, 'a'), row(2, 20, 'b'), row(3, 30, 'a'), row(4, 30, 'b'), row(5, 30, 'a'), row(6, 40, 'b'), row(7, 50, 'a'), row(99, 25, 'c')];
	const groupA = { filters: [{ propertyName: 'cat', operator: 'EQ', value: 'a' }] };
	const groupB = { filters: [{ propertyName: 'cat', operator: 'EQ', value: 'b' }] };
	const body: SearchBody = {
		filterGroups: [groupA, groupB],
		sorts: [{ propertyName: 'k', direction: 'ASCENDING' }],
		properties: ['cat'],
	};
	const sorts = [{ propertyName: 'k', direction: 'ASCENDING' }];
	const withKey = (gte: string) => [
		{ filters: [...groupA.filters, { propertyName: 'k', operator: 'GTE', value: gte }] },
		{ filters: [...groupB.filters, { propertyName: 'k', operator: 'GTE', value: gte }] },
	];

	test('re-queries with GTE on the sort key in every filter group; records sharing the boundary key are neither skipped nor repeated', async () => {
		const fake = fakeSearch(rows, 4);
		const out = await collect(searchAll(fake.search, body, { cap: 4, pageSize: 2 }));

		expect(out.map((r) => r.id)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
		expect(fake.requests).toEqual([
			// First query: the caller's filters; the sort key is added to the properties.
			{ filterGroups: [groupA, groupB], sorts, properties: ['cat', 'k'], limit: 2 },
			{ filterGroups: [groupA, groupB], sorts, properties: ['cat', 'k'], limit: 2, after: '2' },
			// Cap reached after 1,2,3,4 (3 and 4 at k=30): ask again from k >= 30 in every group.
			// Ties now come back as 5,4,3: 5 is new, 4 and 3 are dropped as already emitted.
			{ filterGroups: withKey('30'), sorts, properties: ['cat', 'k'], limit: 2 },
			{ filterGroups: withKey('30'), sorts, properties: ['cat', 'k'], limit: 2, after: '2' },
			// Cap reached again at 5,4,3,6: the last key emitted is 40.
			{ filterGroups: withKey('40'), sorts, properties: ['cat', 'k'], limit: 2 },
		]);
	});

	test('every record exactly once whatever the cap and page size', async () => {
		// 3..5 records share each key; ties change order between queries.
		const many: Row[] = [];
		let id = 1;
		for (let k = 1; k <= 12; k++) for (let n = 0; n < 3 + (k % 3); n++) many.push(row(id++, k * 10, k % 2 ? 'a' : 'b'));
		const expected = many.map((r) => r.id).sort((a, b) => Number(a) - Number(b));
		for (const [cap, pageSize] of [
			[6, 2],
			[6, 4],
			[7, 3],
			[10, 5],
			[9, 200],
		]) {
			const fake = fakeSearch(many, cap);
			const out = await collect(searchAll(fake.search, { ...body, properties: undefined }, { cap, pageSize }));
			const ids = out.map((r) => r.id);
			expect({ cap, pageSize, ids: [...ids].sort((a, b) => Number(a) - Number(b)) }).toEqual({ cap, pageSize, ids: expected });
			expect(new Set(ids).size).toBe(ids.length);
			const keys = out.map((r) => Number((r.properties as IDataObject).k));
			expect(keys).toEqual([...keys].sort((a, b) => a - b));
			for (const request of fake.requests) expect(request.limit).toBeLessThanOrEqual(Math.min(pageSize, cap));
		}
	});

	test('a limit is honoured across a re-query, without extra calls', async () => {
		const fake = fakeSearch(rows, 4);
		const out = await collect(searchAll(fake.search, body, { cap: 4, pageSize: 2, limit: 6 }));
		expect(out.map((r) => r.id)).toEqual(['1', '2', '3', '4', '5', '6']);
		expect(fake.requests).toHaveLength(4);
	});

	test('descending sort re-queries with LTE', async () => {
		const fake = fakeSearch(rows, 4);
		const out = await collect(
			searchAll(fake.search, { ...body, sorts: [{ propertyName: 'k', direction: 'DESCENDING' }] }, { cap: 4, pageSize: 2 }),
		);
		expect(out.map((r) => r.id)).toEqual(['7', '6', '3', '4', '5', '2', '1']);
		expect(fake.requests[2].filterGroups).toEqual([
			{ filters: [...groupA.filters, { propertyName: 'k', operator: 'LTE', value: '30' }] },
			{ filters: [...groupB.filters, { propertyName: 'k', operator: 'LTE', value: '30' }] },
		]);
	});

	test('without filter groups or sorts: sorted by hs_object_id, re-query gets a single group with the GTE filter', async () => {
		const idRows = [1, 2, 3, 4, 5].map((n) => ({ id: String(n), properties: { hs_object_id: String(n) } }));
		const fake = fakeSearch(idRows, 2);
		const out = await collect(searchAll(fake.search, { query: 'ada' }, { cap: 2, pageSize: 2 }));
		expect(out.map((r) => r.id)).toEqual(['1', '2', '3', '4', '5']);
		expect(fake.requests[0]).toEqual({ filterGroups: [], sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }], limit: 2, query: 'ada' });
		expect(fake.requests[1]).toEqual({
			filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'GTE', value: '2' }] }],
			sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
			limit: 2,
			query: 'ada',
		});
	});

	test('more than `cap` records sharing one key value stop with an error instead of looping', async () => {
		const tied = [row(1, 10), row(2, 20), row(3, 20), row(4, 20), row(5, 20)];
		const fake = fakeSearch(tied, 3);
		const seen: string[] = [];
		const walk = async () => {
			for await (const r of searchAll(fake.search, { sorts: [{ propertyName: 'k', direction: 'ASCENDING' }] }, { cap: 3, pageSize: 2 })) seen.push(String(r.id));
		};
		await expect(walk()).rejects.toThrow(
			'More than 3 records share the value "20" of "k", so HubSpot\'s search cannot page past them. Add a filter or sort by another property.',
		);
		// Each tied record still comes out once (ties arrive in a new order on each query);
		// the third query brings nothing new, and the walk stops rather than asking forever.
		expect(seen).toEqual(['1', '2', '3', '5', '4']);
		expect(fake.requests).toHaveLength(6);
	});
});

describe('connector.search over HTTP', () => {
	async function setup() {
		const { ctx } = fakeContext();
		const clock = fakeClock();
		const settings = await hubspotSettings(ctx, 'privateApp', { clock, stats: newStats() });
		return { connector: new HubSpotConnector(ctx, settings), clock };
	}

	test('exact body: filterGroups, sorts, properties (+ sort key), limit 200, then `after`', async () => {
		const { connector } = await setup();
		const bodies: unknown[] = [];
		const filterGroups = [
			{ filters: [{ propertyName: 'lifecyclestage', operator: 'EQ', value: 'lead' }, { propertyName: 'email', operator: 'CONTAINS_TOKEN', value: '*@example.com' }] },
			{ filters: [{ propertyName: 'hs_lead_status', operator: 'IN', values: ['NEW', 'OPEN'] }] },
		];
		const sorts = [{ propertyName: 'createdate', direction: 'DESCENDING' as const }];
		const page = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: String(from + i), properties: { email: `${from + i}@example.com` } }));
		const scope = nock(API)
			.post('/crm/v3/objects/contacts/search', (b) => {
				bodies.push(b);
				return true;
			})
			.reply(200, { total: 201, results: page(1, 200), paging: { next: { after: '200', link: '?after=200' } } })
			.post('/crm/v3/objects/contacts/search', (b) => {
				bodies.push(b);
				return true;
			})
			.reply(200, { total: 201, results: page(201, 1) });

		const records = await collect(connector.search('contacts', { filterGroups, sorts, properties: ['email', 'firstname'] }));

		expect(records).toHaveLength(201);
		expect(records[200]).toEqual({
			id: '201',
			objectType: 'contacts',
			properties: { email: '201@example.com' },
			createdAt: undefined,
			updatedAt: undefined,
			archived: undefined,
			raw: { id: '201', properties: { email: '201@example.com' } },
		});
		const first = { filterGroups, sorts, properties: ['email', 'firstname', 'createdate'], limit: SEARCH_PAGE };
		expect(bodies).toEqual([first, { ...first, after: '200' }]);
		expect(SEARCH_PAGE).toBe(200);
		expect(scope.isDone()).toBe(true);
	});

	test('a free-text query and a limit below one page', async () => {
		const { connector } = await setup();
		const scope = nock(API)
			.post('/crm/v3/objects/companies/search', {
				filterGroups: [],
				sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
				query: 'acme',
				limit: 5,
			})
			.reply(200, { total: 9, results: [{ id: '1', properties: {} }, { id: '2', properties: {} }, { id: '3', properties: {} }, { id: '4', properties: {} }, { id: '5', properties: {} }], paging: { next: { after: '5' } } });
		const records = await collect(connector.search('companies', { query: 'acme' }, { limit: 5 }));
		expect(records.map((r) => r.id)).toEqual(['1', '2', '3', '4', '5']);
		expect(scope.isDone()).toBe(true);
	});

	test('searches share the 5-per-second rolling search limit: five at once, the sixth when the first has left the second', async () => {
		const { connector, clock } = await setup();
		const sent: number[] = [];
		const scope = nock(API)
			.post('/crm/v3/objects/contacts/search')
			.times(6)
			.reply(() => {
				sent.push(clock.now());
				return [200, { total: 0, results: [] }];
			});
		for (let i = 0; i < 6; i++) await collect(connector.search('contacts', {}));
		expect(sent.map((t) => t - sent[0])).toEqual([0, 0, 0, 0, 0, 1000]); // never 6 in a second
		expect(clock.waits).toEqual([1000]);
		expect(scope.isDone()).toBe(true);
	});

	test('listChanged walks past the real 10,000 cap, re-querying from the last modified time without gaps or repeats', async () => {
		const { connector } = await setup();
		// 10,150 contacts; the one at position 10,000 shares its lastmodifieddate with 4 neighbours (9,998..10,002).
		const total = 10_150;
		const base = Date.parse('2026-01-01T00:00:00Z');
		const modified = (i: number) => (i >= 9_998 && i <= 10_002 ? base + 9_998_000 : base + i * 1000);
		const all = Array.from({ length: total }, (_, i) => ({
			id: String(i + 1),
			properties: { lastmodifieddate: String(modified(i)), email: `${i + 1}@example.com` },
		}));
		const bodies: IDataObject[] = [];
		nock(API)
			.post('/crm/v3/objects/contacts/search')
			.times(60)
			.reply((_uri, raw) => {
				const body = raw as IDataObject;
				bodies.push(body);
				const groups = body.filterGroups as Array<{ filters: IDataObject[] }>;
				const gte = groups.flatMap((g) => g.filters).filter((f) => f.operator === 'GTE').map((f) => Number(f.value));
				const from = gte.length ? Math.max(...gte) : 0;
				// Ties in reverse id order, so the re-query sees them in a different order.
				const hits = all
					.filter((r) => Number(r.properties.lastmodifieddate) >= from)
					.sort((a, b) => Number(a.properties.lastmodifieddate) - Number(b.properties.lastmodifieddate) || Number(b.id) - Number(a.id));
				const offset = Number(body.after ?? 0);
				const limit = Number(body.limit);
				if (offset + limit > SEARCH_CAP) return [400, { status: 'error', message: 'Cannot page past 10000 results', category: 'VALIDATION_ERROR' }];
				const results = hits.slice(offset, offset + limit);
				const end = offset + results.length;
				return [200, { total: hits.length, results, ...(end < hits.length ? { paging: { next: { after: String(end) } } } : {}) }];
			});

		const records = await collect(connector.listChanged('contacts', { since: new Date(base).toISOString() }));

		const ids = records.map((r) => Number(r.id));
		expect(ids).toHaveLength(total);
		expect(new Set(ids).size).toBe(total);
		expect(bodies.length).toBe(51);
		expect(bodies[49]).toEqual({
			filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: String(base) }] }],
			sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
			limit: 200,
			after: '9800',
		});
		// The re-query keeps the caller's filter and adds the boundary, in the one group.
		expect(bodies[50]).toEqual({
			filterGroups: [
				{
					filters: [
						{ propertyName: 'lastmodifieddate', operator: 'GTE', value: String(base) },
						{ propertyName: 'lastmodifieddate', operator: 'GTE', value: String(base + 9_998_000) },
					],
				},
			],
			sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
			limit: 200,
		});
	});
});
