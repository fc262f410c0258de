/**
 * The claim rule of the Data Table replay store, against an in-memory stand-in
 * for n8n's public Data Table API that can hold an insert back (as PostgreSQL
 * does when an id drawn earlier commits later). The same store runs against a
 * real n8n 2.41.1 in test/e2e/realN8nReplay.test.ts; this file covers what a
 * single SQLite n8n cannot show: the commit reordering, failures after the
 * insert, batches with mixed replayed and new events.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { apiRoot, dataTableClaims, staticDataClaims, type EventClaims } from '../../../shared/store';
import { keepUnclaimed } from '../../../shared/webhooks';

interface StoredRow extends IDataObject {
	id: number;
}
type Filter = { type?: 'and' | 'or'; filters: Array<{ columnName: string; condition?: string; value: unknown }> };

function matches(row: StoredRow, filter: Filter): boolean {
	const test = (f: Filter['filters'][number]) => {
		const v = row[f.columnName];
		if ((f.condition ?? 'eq') === 'eq') return v === f.value;
		if (f.condition === 'lt') return Number(v) < Number(f.value);
		throw new Error(`condition ${f.condition} not emulated`);
	};
	return filter.type === 'or' ? filter.filters.some(test) : filter.filters.every(test);
}

/** n8n's data-table endpoints as the store calls them; `hold` keeps an insert invisible until released. */
function fakeN8n() {
	const tables: Array<{ id: string; name: string; rows: StoredRow[]; hidden: Set<number> }> = [];
	let nextId = 1;
	const calls: string[] = [];
	let failNext: { what: string; left: number } | undefined;
	let held: Promise<void> | undefined;
	const respond = (statusCode: number, body: unknown) => ({ statusCode, headers: {}, body });

	async function handle(opts: IHttpRequestOptions) {
		const url = new URL(opts.url);
		const path = url.pathname.replace(/^\/api\/v1/, '');
		const qs = (opts.qs ?? {}) as IDataObject;
		const call = `${opts.method} ${path}`;
		calls.push(call);
		if (failNext && call.includes(failNext.what)) {
			if (--failNext.left <= 0) failNext = undefined;
			return respond(500, { message: 'boom' });
		}
		if (path === '/data-tables' && opts.method === 'GET') {
			const name = (JSON.parse(String(qs.filter)) as { name: string }).name;
			return respond(200, { data: tables.filter((t) => t.name.includes(name)).map(({ id, name: n }) => ({ id, name: n })), nextCursor: null });
		}
		if (path === '/data-tables' && opts.method === 'POST') {
			const body = opts.body as { name: string };
			const table = { id: `t${tables.length + 1}`, name: body.name, rows: [], hidden: new Set<number>() };
			tables.push(table);
			return respond(201, { id: table.id, name: table.name });
		}
		const m = /^\/data-tables\/(\w+)\/rows(\/delete)?$/.exec(path);
		const table = m && tables.find((t) => t.id === m[1]);
		if (!table) return respond(404, { message: 'not found' });
		if (opts.method === 'POST') {
			const rows = (opts.body as { data: IDataObject[] }).data.map((r) => ({ ...r, id: nextId++ }));
			table.rows.push(...rows);
			if (held) {
				// Ids drawn now, rows visible (and the answer sent) only once released: a late commit.
				const wait = held;
				held = undefined;
				rows.forEach((r) => table.hidden.add(r.id));
				await wait;
				rows.forEach((r) => table.hidden.delete(r.id));
			}
			return respond(200, rows.map((r) => ({ id: r.id })));
		}
		const filter = JSON.parse(String(qs.filter)) as Filter;
		if (opts.method === 'DELETE') {
			table.rows = table.rows.filter((r) => !matches(r, filter));
			return respond(200, true);
		}
		const data = table.rows.filter((r) => !table.hidden.has(r.id) && matches(r, filter)).sort((a, b) => a.id - b.id);
		return respond(200, { data, nextCursor: null });
	}

	const ctx = {
		getNode: () => ({ id: 'n1', name: 'Trigger', type: 'n8n-nodes-crm-pack.crmPackHubSpotTrigger', typeVersion: 1, position: [0, 0], parameters: {} }),
		getCredentials: async () => ({ apiKey: 'n8n_api_0123456789abcdef', baseUrl: 'http://n8n.test:5678' }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, opts: IHttpRequestOptions) => await handle(opts),
		},
	};
	return {
		ctx: ctx as never,
		tables,
		calls,
		/** The next `times` calls matching `what` answer 500. */
		failOn: (what: string, times = 1) => (failNext = { what, left: times }),
		/** The next insert commits only when the returned function is called. */
		holdNextInsert: () => {
			let release = () => undefined as void;
			held = new Promise<void>((resolve) => (release = resolve));
			return () => release();
		},
	};
}

const noWait = { now: () => 1_700_000_000_000, sleep: async () => undefined };
let tokens = 0;
const claims = (api: ReturnType<typeof fakeN8n>, extra: Partial<Parameters<typeof dataTableClaims>[1]> = {}): EventClaims =>
	dataTableClaims(api.ctx, { scope: 'wf1:n1', clock: noWait, newToken: () => `token-${++tokens}`, ...extra });

describe('Data Table replay store', () => {
	test('the first delivery of a key wins; a replay loses and leaves one row per event', async () => {
		const api = fakeN8n();
		expect([...(await claims(api).claim(['e1', 'e2']))]).toEqual(['e1', 'e2']);
		expect(api.tables).toHaveLength(1);
		expect(api.tables[0].name).toBe('CRM Pack webhook events');
		expect([...(await claims(api).claim(['e2', 'e3']))]).toEqual(['e3']);
		expect(api.tables[0].rows.map((r) => [r.eventKey, r.claim])).toEqual([
			['wf1:n1|e1', 'token-1'],
			['wf1:n1|e2', 'token-1'],
			['wf1:n1|e3', 'token-2'],
		]);
	});

	test('keys are scoped to the workflow and node', async () => {
		const api = fakeN8n();
		await claims(api).claim(['e1']);
		expect([...(await claims(api, { scope: 'wf2:n1' }).claim(['e1']))]).toEqual(['e1']);
	});

	test('an insert that commits after a later one was read still wins: the later one loses on its second read', async () => {
		const api = fakeN8n();
		await claims(api).claim(['e0']);
		const release = api.holdNextInsert();
		// The confirming wait is where the held insert commits (as a slow PostgreSQL commit would, meanwhile).
		const clock = { now: noWait.now, sleep: async () => release() };
		const early = dataTableClaims(api.ctx, { scope: 'wf1:n1', clock, newToken: () => 'early' });
		const late = dataTableClaims(api.ctx, { scope: 'wf1:n1', clock, newToken: () => 'late' });
		const earlyResult = early.claim(['e1']);
		// late inserts after early drew its id, reads before early's row is visible: it looks first, until it reads again
		expect([...(await late.claim(['e1']))]).toEqual([]);
		expect([...(await earlyResult)]).toEqual(['e1']);
		expect(api.tables[0].rows.map((r) => [r.eventKey, r.claim])).toEqual([
			['wf1:n1|e0', expect.stringMatching(/^token-/)],
			['wf1:n1|e1', 'early'],
		]);
	});

	test('without the confirming read the reordered insert would run twice (the second read is what makes it hold)', async () => {
		const api = fakeN8n();
		await claims(api).claim(['e0']);
		const release = api.holdNextInsert();
		const early = dataTableClaims(api.ctx, { scope: 'wf1:n1', clock: noWait, newToken: () => 'early', confirmDelayMs: 0 });
		const late = dataTableClaims(api.ctx, { scope: 'wf1:n1', clock: noWait, newToken: () => 'late', confirmDelayMs: 0 });
		const earlyResult = early.claim(['e1']);
		const lateResult = await late.claim(['e1']);
		release();
		expect([...lateResult]).toEqual(['e1']);
		expect([...(await earlyResult)]).toEqual(['e1']);
	});

	test('a failure after the insert removes the delivery\'s rows and throws, so the vendor\'s retry is not taken for a replay', async () => {
		const api = fakeN8n();
		await claims(api).claim(['e0']);
		// A read is sent again after a 500 (shared/store/n8nApi.ts, 6 attempts): a 500 on every attempt fails the claim.
		api.failOn('GET /data-tables/t1/rows', 6);
		const before = api.calls.length;
		await expect(claims(api).claim(['e1'])).rejects.toThrow('500: boom');
		const reads = api.calls.slice(before).filter((c) => c === 'GET /data-tables/t1/rows');
		expect(reads.length).toBeGreaterThanOrEqual(6);
		expect(api.tables[0].rows.map((r) => r.eventKey)).toEqual(['wf1:n1|e0']);
		expect([...(await claims(api).claim(['e1']))]).toEqual(['e1']);
	});

	test('old rows are deleted now and then (when an inserted id is a multiple of 100)', async () => {
		const api = fakeN8n();
		const keys = Array.from({ length: 99 }, (_, i) => `old${i}`);
		await claims(api, { clock: { now: () => 1000, sleep: async () => undefined } }).claim(keys);
		expect(api.tables[0].rows).toHaveLength(99);
		await claims(api, { retentionMs: 500, clock: { now: () => 2000, sleep: async () => undefined } }).claim(['new']);
		expect(api.tables[0].rows.map((r) => r.eventKey)).toEqual(['wf1:n1|new']);
		expect(api.calls.filter((c) => c.startsWith('DELETE'))).toHaveLength(1);
	});

	test('many keys are read in several short queries', async () => {
		const api = fakeN8n();
		const keys = Array.from({ length: 60 }, (_, i) => `k${i}`);
		expect((await claims(api, { confirmDelayMs: 0 }).claim(keys)).size).toBe(60);
		expect(api.calls.filter((c) => c === 'GET /data-tables/t1/rows')).toHaveLength(3);
	});
});

describe('keepUnclaimed', () => {
	const id = (e: { id?: string }) => e.id;

	test('keeps new entries in order, drops replays and in-batch duplicates, keeps entries without id', async () => {
		const staticData: IDataObject = {};
		const store = staticDataClaims(staticData, { key: 'seen', max: 10 });
		expect(await keepUnclaimed(store, [{ id: 'a' }, { id: 'b' }, { id: 'a' }, {}], id)).toEqual([{ id: 'a' }, { id: 'b' }, {}]);
		expect(await keepUnclaimed(store, [{ id: 'b' }, { id: 'c' }], id)).toEqual([{ id: 'c' }]);
		expect(staticData.seen).toEqual(['a', 'b', 'c']);
	});

	test('a Data Table store decides for the whole batch in one claim', async () => {
		const api = fakeN8n();
		const store = claims(api);
		expect(await keepUnclaimed(store, [{ id: 'x' }, { id: 'x' }, { id: 'y' }], id)).toEqual([{ id: 'x' }, { id: 'y' }]);
		expect(await keepUnclaimed(store, [{ id: 'y' }, { id: 'z' }], id)).toEqual([{ id: 'z' }]);
	});
});

test('the API root accepts the host alone or the full /api/v1 address', () => {
	expect(apiRoot('http://localhost:5678')).toBe('http://localhost:5678/api/v1');
	expect(apiRoot('http://localhost:5678/api/v1/')).toBe('http://localhost:5678/api/v1');
	expect(apiRoot(' ')).toBe('');
});
