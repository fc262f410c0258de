import nock from 'nock';
import { isolateNock } from '../../helpers/nockIsolation';
import type { IDataObject } from 'n8n-workflow';
import { collect } from '../../../shared/paging/paginate';
import { API, TOKEN, pdSetup, person, recordBody } from './helpers';

/*
 * Request shapes follow Pipedrive's API reference:
 *   v2: GET /api/v2/{persons|organizations|deals|activities}?limit=&cursor=&updated_since=&sort_by=&sort_direction=
 *       (additional_data.next_cursor; limit at most 500), GET/PATCH/DELETE /api/v2/{entity}/{id}, POST /api/v2/{entity},
 *       custom fields under `custom_fields`; GET /api/v2/{entity}/search?term=&fields=&exact_match= (data.items[].item)
 *   v1: GET /api/v1/{leads|notes}?start=&limit=&sort= (additional_data.pagination), POST, PATCH leads, PUT notes, DELETE
 *   fields: GET /api/v1/{entity}Fields?start=&limit=
 *   auth: x-api-token header
 */

const CUSTOM_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

function personFields(start = 0) {
	return {
		success: true,
		data: [
			{ key: 'name', name: 'Name', field_type: 'varchar', edit_flag: false },
			{ key: 'emails', name: 'Email', field_type: 'varchar', edit_flag: false },
			{ key: CUSTOM_KEY, name: 'Shoe Size', field_type: 'enum', edit_flag: true, options: [{ id: 7, label: 'Large' }, { id: 8, label: 'Small' }] },
		],
		additional_data: { pagination: { start, limit: 500, more_items_in_collection: false } },
	};
}

isolateNock();

describe('reads', () => {
	test('v2 list follows next_cursor, asks only for what the limit still needs, stops at the limit', async () => {
		const { connector } = await pdSetup();
		const page = (from: number, n: number) => Array.from({ length: n }, (_, i) => person(from + i));
		const scope = nock(API)
			.matchHeader('x-api-token', TOKEN)
			.get('/api/v2/persons')
			.query({ limit: '500' })
			.reply(200, { success: true, data: page(1, 500), additional_data: { next_cursor: 'c1' } })
			.get('/api/v2/persons')
			.query({ limit: '500', cursor: 'c1' })
			.reply(200, { success: true, data: page(501, 500), additional_data: { next_cursor: 'c2' } })
			.get('/api/v2/persons')
			.query({ limit: '100', cursor: 'c2' })
			.reply(200, { success: true, data: page(1001, 100), additional_data: { next_cursor: 'c3' } });
		const records = await collect(connector.list('persons', { limit: 1100 }));
		expect(records).toHaveLength(1100);
		expect(records[0]).toMatchObject({ id: '1', objectType: 'persons', createdAt: '2026-01-02T03:04:05.000Z' });
		scope.done();
	});

	test('v1 leads page with start/limit until more_items_in_collection is false', async () => {
		const { connector } = await pdSetup();
		const lead = (id: string) => ({ id, title: id, add_time: '2026-01-01T00:00:00.000Z', update_time: '2026-01-01T00:00:00.000Z' });
		const scope = nock(API)
			.get('/api/v1/leads')
			.query({ start: '0', limit: '500' })
			.reply(200, { success: true, data: Array.from({ length: 500 }, (_, i) => lead(`l${i}`)), additional_data: { pagination: { start: 0, limit: 500, more_items_in_collection: true, next_start: 500 } } })
			.get('/api/v1/leads')
			.query({ start: '500', limit: '500' })
			.reply(200, { success: true, data: [lead('last')], additional_data: { pagination: { start: 500, limit: 500, more_items_in_collection: false } } });
		const records = await collect(connector.list('leads', {}));
		expect(records).toHaveLength(501);
		scope.done();
	});

	test('get reads one record by id; v1 notes times gain their UTC offset', async () => {
		const { connector } = await pdSetup();
		nock(API).get('/api/v1/notes/5').reply(200, { success: true, data: { id: 5, content: 'hi', add_time: '2026-01-02 03:04:05', update_time: '2026-01-02 03:04:06' } });
		const note = await connector.get('notes', '5');
		expect(note).toMatchObject({ id: '5', createdAt: '2026-01-02T03:04:05Z', updatedAt: '2026-01-02T03:04:06Z' });
	});

	test('listChanged (v2) filters with updated_since and sorts by update_time ascending', async () => {
		const { connector } = await pdSetup();
		const scope = nock(API)
			.get('/api/v2/deals')
			.query({ sort_by: 'update_time', sort_direction: 'asc', updated_since: '2026-01-01T00:00:00Z', limit: '500' })
			.reply(200, { success: true, data: [{ id: 3, title: 'D', update_time: '2026-01-01T00:00:01Z' }], additional_data: { next_cursor: null } });
		const records = await collect(connector.listChanged('deals', { since: '2026-01-01T00:00:00.000Z' }));
		expect(records.map((r) => r.id)).toEqual(['3']);
		scope.done();
	});

	test('listChanged (v1 leads) reads newest first until older than since, and hands out oldest first', async () => {
		const { connector } = await pdSetup();
		const lead = (id: string, t: string) => ({ id, title: id, update_time: t });
		const scope = nock(API)
			.get('/api/v1/leads')
			.query({ sort: 'update_time DESC', start: '0', limit: '500' })
			.reply(200, {
				success: true,
				data: [lead('c', '2026-01-03T00:00:00.000Z'), lead('b', '2026-01-02T00:00:00.000Z'), lead('a', '2025-12-31T00:00:00.000Z')],
				additional_data: { pagination: { more_items_in_collection: true } },
			});
		const records = await collect(connector.listChanged('leads', { since: '2026-01-01T00:00:00Z' }));
		expect(records.map((r) => r.id)).toEqual(['b', 'c']);
		scope.done();
	});

	test('search: GET /api/v2/persons/search with term, fields and exact_match; hits come from data.items[].item', async () => {
		const { connector } = await pdSetup();
		nock(API)
			.get('/api/v2/persons/search')
			.query({ term: 'ada@example.com', fields: 'email', exact_match: 'true', limit: '50' })
			.reply(200, { success: true, data: { items: [{ result_score: 1, item: { id: 9, name: 'Ada' } }, { result_score: 1, item: { id: 4, name: 'Ada' } }] }, additional_data: { next_cursor: null } });
		expect(await connector.findIds('persons', 'email', 'ada@example.com')).toEqual(['4', '9']);
	});
});

describe('writes: one call per record', () => {
	test('create: custom fields by name go under custom_fields by key, option labels become ids, email becomes emails', async () => {
		const { connector } = await pdSetup();
		const bodies: unknown[] = [];
		const scope = nock(API)
			.get('/api/v1/personFields')
			.query({ start: '0', limit: '500' })
			.reply(200, personFields())
			.post('/api/v2/persons', recordBody(bodies))
			.reply(200, { success: true, data: person(1) });
		const [outcome] = await connector.createMany('persons', [{ name: 'Ada Lovelace', email: 'ada@example.com', 'Shoe Size': 'Large', owner_id: 1001 }]);
		expect(outcome).toMatchObject({ index: 0, ok: true, created: true });
		expect(bodies[0]).toEqual({
			name: 'Ada Lovelace',
			emails: [{ value: 'ada@example.com', primary: true, label: 'work' }],
			owner_id: 1001,
			custom_fields: { [CUSTOM_KEY]: 7 },
		});
		scope.done();
	});

	test('a create with only standard fields makes no fields call', async () => {
		const { connector } = await pdSetup();
		const bodies: unknown[] = [];
		nock(API).post('/api/v2/organizations', recordBody(bodies)).reply(200, { success: true, data: { id: 3, name: 'Acme' } });
		await connector.createMany('organizations', [{ name: 'Acme' }]);
		expect(bodies).toEqual([{ name: 'Acme' }]);
	});

	test('a failed record fails alone, with Pipedrive\'s reason; the others are written', async () => {
		const { connector } = await pdSetup();
		nock(API)
			.post('/api/v2/deals', (b) => b.title === 'ok 1')
			.reply(200, { success: true, data: { id: 1, title: 'ok 1' } })
			.post('/api/v2/deals', (b) => b.title === 'bad')
			.reply(400, { success: false, error: 'Validation failed: value must be a number', error_info: 'See docs', data: null })
			.post('/api/v2/deals', (b) => b.title === 'ok 2')
			.reply(200, { success: true, data: { id: 2, title: 'ok 2' } });
		const outcomes = await connector.createMany('deals', [{ title: 'ok 1' }, { title: 'bad', value: 'x' }, { title: 'ok 2' }]);
		expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
		expect(outcomes[1]).toMatchObject({ index: 1, ok: false, status: 400 });
		expect((outcomes[1] as { message: string }).message).toContain('value must be a number');
	});

	test('several records are in flight at once, never more than the concurrency', async () => {
		const { connector, settings } = await pdSetup({ maxConcurrency: 3 });
		expect(settings.concurrency).toBe(3);
		let inFlight = 0;
		let peak = 0;
		nock(API)
			.post('/api/v2/organizations')
			.times(10)
			.reply(200, async (_uri: string, body: IDataObject) => {
				inFlight++;
				peak = Math.max(peak, inFlight);
				await new Promise((r) => setTimeout(r, 20));
				inFlight--;
				return { success: true, data: { id: Number(String(body.name).slice(1)), name: body.name } };
			});
		const outcomes = await connector.createMany('organizations', Array.from({ length: 10 }, (_, i) => ({ name: `o${i}` })));
		expect(outcomes.every((o) => o.ok)).toBe(true);
		expect(outcomes.map((o) => (o as { record: { id: string } }).record.id)).toEqual(Array.from({ length: 10 }, (_, i) => String(i)));
		expect(peak).toBe(3);
	});

	test('the plan sets the concurrency: a quarter of the burst, at most 25', async () => {
		expect((await pdSetup()).settings.concurrency).toBe(5);
		expect((await pdSetup({ credential: { apiToken: TOKEN, companyDomain: 'acme', plan: 'ultimate' } })).settings).toMatchObject({ burst: 120, concurrency: 25 });
	});

	test('update: PATCH v2 and v1 leads, PUT v1 notes', async () => {
		const { connector } = await pdSetup();
		const scope = nock(API)
			.patch('/api/v2/activities/4', { done: true })
			.reply(200, { success: true, data: { id: 4, done: true } })
			.patch('/api/v1/leads/0f0e', { title: 'T' })
			.reply(200, { success: true, data: { id: '0f0e', title: 'T' } })
			.put('/api/v1/notes/6', { content: 'new' })
			.reply(200, { success: true, data: { id: 6, content: 'new' } });
		expect((await connector.updateMany('activities', [{ id: '4', properties: { done: true } }]))[0].ok).toBe(true);
		expect((await connector.updateMany('leads', [{ id: '0f0e', properties: { title: 'T' } }]))[0].ok).toBe(true);
		expect((await connector.updateMany('notes', [{ id: '6', properties: { content: 'new' } }]))[0].ok).toBe(true);
		scope.done();
	});

	test('a lead value given as a number becomes { amount, currency }', async () => {
		const { connector } = await pdSetup();
		const bodies: unknown[] = [];
		nock(API).post('/api/v1/leads', recordBody(bodies)).reply(201, { success: true, data: { id: 'x', title: 'L' } });
		await connector.createMany('leads', [{ title: 'L', person_id: 3, value: 250, currency: 'EUR' }]);
		expect(bodies[0]).toEqual({ title: 'L', person_id: 3, value: { amount: 250, currency: 'EUR' } });
	});

	test('upsert = search, then PATCH the oldest match', async () => {
		const { connector } = await pdSetup();
		const bodies: unknown[] = [];
		const scope = nock(API)
			.get('/api/v2/persons/search')
			.query({ term: 'ada@example.com', fields: 'email', exact_match: 'true', limit: '50' })
			.reply(200, { success: true, data: { items: [{ item: { id: 12 } }, { item: { id: 3 } }] }, additional_data: { next_cursor: null } })
			.patch('/api/v2/persons/3', recordBody(bodies))
			.reply(200, { success: true, data: person(3) });
		const [outcome] = await connector.upsertMany('persons', 'email', [{ id: 'ada@example.com', properties: { name: 'Ada' } }]);
		expect(outcome).toMatchObject({ ok: true, created: false });
		expect(bodies[0]).toEqual({ name: 'Ada', emails: [{ value: 'ada@example.com', primary: true, label: 'work' }] });
		scope.done();
	});

	test('upsert = search, then POST when nothing matches', async () => {
		const { connector } = await pdSetup();
		const bodies: unknown[] = [];
		const scope = nock(API)
			.get('/api/v2/organizations/search')
			.query({ term: 'Acme', fields: 'name', exact_match: 'true', limit: '50' })
			.reply(200, { success: true, data: { items: [] }, additional_data: { next_cursor: null } })
			.post('/api/v2/organizations', recordBody(bodies))
			.reply(200, { success: true, data: { id: 8, name: 'Acme' } });
		const [outcome] = await connector.upsertMany('organizations', 'name', [{ id: 'Acme', properties: {} }]);
		expect(outcome).toMatchObject({ ok: true, created: true, record: { id: '8' } });
		expect(bodies[0]).toEqual({ name: 'Acme' });
		scope.done();
	});

	test('delete: DELETE /api/v2/{entity}/{id}; a 404 fails that record only', async () => {
		const { connector } = await pdSetup();
		nock(API)
			.delete('/api/v2/persons/1')
			.reply(200, { success: true, data: { id: 1 } })
			.delete('/api/v2/persons/2')
			.reply(404, { success: false, error: 'Person not found', data: null });
		const outcomes = await connector.deleteMany('persons', ['1', '2']);
		expect(outcomes[0]).toMatchObject({ ok: true, record: { id: '1', archived: true } });
		expect(outcomes[1]).toMatchObject({ ok: false, status: 404 });
	});
});

describe('limits', () => {
	test('x-ratelimit-remaining 0 holds the next request until x-ratelimit-reset', async () => {
		const { connector, clock } = await pdSetup();
		nock(API)
			.get('/api/v2/persons/1')
			.reply(200, { success: true, data: person(1) }, { 'x-ratelimit-limit': '20', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2' })
			.get('/api/v2/persons/2')
			.reply(200, { success: true, data: person(2) }, { 'x-ratelimit-limit': '20', 'x-ratelimit-remaining': '19', 'x-ratelimit-reset': '2' });
		await connector.get('persons', '1');
		expect(clock.waits).toEqual([]);
		await connector.get('persons', '2');
		expect(Math.max(...clock.waits)).toBeGreaterThanOrEqual(2000);
	});

	test('a 429 waits Retry-After and is sent again (a create too: Pipedrive did not process it)', async () => {
		const { connector, clock, stats } = await pdSetup();
		nock(API)
			.post('/api/v2/persons')
			.reply(429, { success: false, error: 'Request over limit' }, { 'retry-after': '2', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2' })
			.post('/api/v2/persons')
			.reply(200, { success: true, data: person(1) });
		const [outcome] = await connector.createMany('persons', [{ name: 'A' }]);
		expect(outcome.ok).toBe(true);
		expect(stats.retries).toBe(1);
		expect(clock.waits).toContain(2000);
	});

	test('a create answered 503 is not sent again (it may have been stored)', async () => {
		const { connector } = await pdSetup();
		const scope = nock(API).post('/api/v2/persons').reply(503, { success: false, error: 'Service temporarily unavailable' });
		const [outcome] = await connector.createMany('persons', [{ name: 'A' }]);
		expect(outcome).toMatchObject({ ok: false, status: 503 });
		scope.done();
	});

	test('a spent daily budget (429 asking for hours) ends with a clear error, not a long wait', async () => {
		const { connector, clock } = await pdSetup();
		nock(API).get('/api/v2/persons/1').reply(429, { success: false, error: 'Daily token budget exhausted' }, { 'retry-after': '36000' });
		await expect(connector.get('persons', '1')).rejects.toThrow(/Daily token budget exhausted/);
		expect(clock.waits.filter((w) => w > 60_000)).toEqual([]);
	});

	test('search calls are limited to 10 per 2 s on top of the burst limit', async () => {
		const { connector, clock } = await pdSetup();
		const sent: number[] = [];
		nock(API)
			.get('/api/v2/deals/search')
			.query(true)
			.times(12)
			.reply(() => {
				sent.push(clock.now());
				return [200, { success: true, data: { items: [] }, additional_data: { next_cursor: null } }];
			});
		for (let i = 0; i < 12; i++) await connector.findIds('deals', 'title', `t${i}`);
		// Ten fit in the 2 s window at once; the 11th and 12th go when the first have left it: never 11 searches in 2 s.
		expect(sent.map((t) => t - sent[0])).toEqual([...Array(10).fill(0), 2000, 2000]);
		expect(clock.waits).toEqual([2000]);
	});

	test('the API token never appears in an error', async () => {
		const { connector } = await pdSetup();
		nock(API).get('/api/v2/persons/1').times(2).reply(401, { success: false, error: `unauthorized access for token ${TOKEN}` });
		const error = await connector.get('persons', '1').catch((e: Error) => e);
		expect(String((error as Error).message)).not.toContain(TOKEN);
		expect(JSON.stringify(error)).not.toContain(TOKEN);
	});
});
