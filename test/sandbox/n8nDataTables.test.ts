/**
 * The sandbox's n8n public API (Data Tables) answers and refuses as n8n 2.41.1
 * does: n8n's own DTOs parse every request, cell values are checked against the
 * column types, empty filters are refused for writes, rows page by offset cursor.
 */
import { startSandbox, type Sandbox } from './index';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ seed: 3 });
});
afterAll(async () => sb.close());
beforeEach(() => sb.n8n.reset());

async function call(method: string, path: string, body?: unknown, key: string | null = sb.n8n.keys[0]) {
	const headers: Record<string, string> = { accept: 'application/json' };
	if (key) headers['x-n8n-api-key'] = key;
	if (body !== undefined) headers['content-type'] = 'application/json';
	const res = await fetch(`${sb.n8n.apiUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
	const text = await res.text();
	return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const q = (o: Record<string, unknown>) => '?' + new URLSearchParams(Object.entries(o).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();

async function table(name = 'links', columns = [{ name: 'syncId', type: 'string' }, { name: 'n', type: 'number' }, { name: 'at', type: 'date' }]) {
	const r = await call('POST', '/data-tables', { name, columns });
	expect(r.status).toBe(201);
	return r.body as { id: string; name: string; columns: Array<{ name: string; type: string; index: number }> };
}

test('an API key is required', async () => {
	expect((await call('GET', '/data-tables', undefined, null)).status).toBe(401);
	expect((await call('GET', '/data-tables', undefined, 'n8n_api_wrong')).status).toBe(401);
});

test('tables: created with their columns, names unique (409), listed by a name filter that matches parts of names', async () => {
	const t = await table('CRM Pack sync state');
	expect(t.columns.map((c) => [c.name, c.type, c.index])).toEqual([
		['syncId', 'string', 0],
		['n', 'number', 1],
		['at', 'date', 2],
	]);
	expect((await call('POST', '/data-tables', { name: 'CRM Pack sync state', columns: [] })).status).toBe(409);
	const listed = await call('GET', `/data-tables${q({ filter: { name: 'sync' }, limit: '250' })}`);
	expect(listed.body.data.map((x: { name: string }) => x.name)).toEqual(['CRM Pack sync state']);
	expect(listed.body.nextCursor).toBeNull();
	// n8n's DTO: a column type it does not know
	const bad = await call('POST', '/data-tables', { name: 'x', columns: [{ name: 'a', type: 'text' }] });
	expect(bad.status).toBe(400);
});

test('rows: unknown columns and values of the wrong type are refused, dates stored as ISO, ids in insertion order', async () => {
	const t = await table();
	const unknown = await call('POST', `/data-tables/${t.id}/rows`, { data: [{ syncId: 's', nope: 1 }], returnType: 'id' });
	expect(unknown).toEqual({ status: 400, body: { message: "unknown column name 'nope'" } });
	const wrongType = await call('POST', `/data-tables/${t.id}/rows`, { data: [{ n: 'seven' }], returnType: 'id' });
	expect(wrongType.status).toBe(400);
	expect(wrongType.body.message).toMatch(/^value 'seven' does not match column type 'number'/);
	const ok = await call('POST', `/data-tables/${t.id}/rows`, { data: [{ syncId: 's', n: 1, at: '2030-01-01T10:00:00+01:00' }, { syncId: 't', n: 2 }], returnType: 'id' });
	expect(ok).toEqual({ status: 200, body: [{ id: 1 }, { id: 2 }] });
	expect(sb.n8n.rows('links')!.map((r) => [r.id, r.syncId, r.n, r.at])).toEqual([
		[1, 's', 1, '2030-01-01T09:00:00.000Z'],
		[2, 't', 2, null],
	]);
	const count = await call('POST', `/data-tables/${t.id}/rows`, { data: [{ syncId: 'u' }] });
	expect(count.body).toEqual({ success: true, insertedRows: 1 });
});

test('update, upsert and delete refuse an empty filter; each changes exactly the rows its filter selects', async () => {
	const t = await table();
	await call('POST', `/data-tables/${t.id}/rows`, { data: [{ syncId: 'a', n: 1 }, { syncId: 'a', n: 2 }, { syncId: 'b', n: 3 }], returnType: 'id' });
	expect((await call('PATCH', `/data-tables/${t.id}/rows/update`, { filter: { filters: [] }, data: { n: 9 } })).status).toBe(400);
	expect((await call('DELETE', `/data-tables/${t.id}/rows/delete${q({ filter: { filters: [] } })}`)).body).toEqual({
		// n8n's DeleteDataTableRowsDto refuses it before the service does
		message: 'At least one filter condition is required for delete operations',
	});
	const updated = await call('PATCH', `/data-tables/${t.id}/rows/update`, { filter: { filters: [{ columnName: 'syncId', condition: 'eq', value: 'a' }] }, data: { n: 7 } });
	expect(updated).toEqual({ status: 200, body: true });
	const upserted = await call('POST', `/data-tables/${t.id}/rows/upsert`, { filter: { filters: [{ columnName: 'syncId', value: 'c' }] }, data: { syncId: 'c', n: 4 } });
	expect(upserted.body).toBe(true);
	const gone = await call('DELETE', `/data-tables/${t.id}/rows/delete${q({ filter: { type: 'or', filters: [{ columnName: 'id', condition: 'eq', value: 1 }, { columnName: 'n', condition: 'lt', value: 4 }] } })}`);
	expect(gone.body).toBe(true);
	// row 1 by id, row 3 by n < 4; row 2 (n 7 since the update) and the upserted row 4 stay
	expect(sb.n8n.rows('links')!.map((r) => [r.id, r.syncId, r.n])).toEqual([
		[2, 'a', 7],
		[4, 'c', 4],
	]);
});

test('rows page by offset cursor (at most 250 a page), ordered by sortBy then id, the filter sent with every page', async () => {
	const t = await table();
	await call('POST', `/data-tables/${t.id}/rows`, { data: Array.from({ length: 260 }, (_, i) => ({ syncId: i % 2 ? 'odd' : 'even', n: 300 - i })), returnType: 'count' });
	expect((await call('GET', `/data-tables/${t.id}/rows${q({ limit: '251' })}`)).status).toBe(400);
	const filter = { filters: [{ columnName: 'syncId', condition: 'eq', value: 'even' }] };
	const first = await call('GET', `/data-tables/${t.id}/rows${q({ limit: '100', filter, sortBy: 'n:asc' })}`);
	expect(first.body.data).toHaveLength(100);
	expect(first.body.data[0]).toMatchObject({ syncId: 'even', n: 42 });
	expect(JSON.parse(Buffer.from(first.body.nextCursor, 'base64').toString())).toEqual({ limit: 100, offset: 100 });
	const second = await call('GET', `/data-tables/${t.id}/rows${q({ cursor: first.body.nextCursor, filter, sortBy: 'n:asc' })}`);
	expect(second.body.data).toHaveLength(30);
	expect(second.body.nextCursor).toBeNull();
	expect((await call('GET', `/data-tables/${t.id}/rows${q({ cursor: 'not-a-cursor' })}`)).body).toEqual({ message: 'An invalid cursor was provided' });
});
