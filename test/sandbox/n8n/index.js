'use strict';

const { randomBytes } = require('node:crypto');
const { json } = require('../lib/http');

/**
 * n8n's own public API, the Data Tables part (`/n8n/api/v1/data-tables...`), which
 * the pack's Data Table stores use (CRM Sync's state store, the webhook triggers'
 * replay protection: shared/store). Lets every CRM Sync test run over the Data
 * Table store without a real n8n; test/e2e/realN8nSyncState.test.ts and
 * realN8nReplay.test.ts run the same stores against n8n 2.41.1 itself.
 *
 * As strict as n8n 2.41.1, from its own code:
 * - every request body and query is parsed with n8n's own DTOs from
 *   `@n8n/api-types` 1.41.0 (the version n8n 2.41.1 ships), so a shape n8n refuses
 *   is refused here with the DTO's first message, as the public API handlers do
 *   (`n8n/dist/public-api/v1/handlers/data-tables/*.handler.js`);
 * - cell values are checked against the column type with n8n-workflow's
 *   `validateFieldType` (strict: false, parseStrings: false) and unknown columns
 *   refused (`DataTableService.validateAndTransformRows`); dates are stored as ISO;
 * - update, upsert and delete refuse an empty filter, with n8n's messages;
 * - rows page by offset cursors (`pagination.service.js`: base64 of
 *   `{limit, offset}`, `nextCursor` null on the last page), limit at most 250
 *   (the OpenAPI `limit` parameter), ordered by `sortBy` then id;
 * - table names are unique (409), the list filter `{name}` matches parts of names
 *   (`like`), the columns list is the column entities in their order.
 * Assumption (not read from n8n's code): error bodies are `{ message }`, the shape
 * n8n's public API error handler sends; a missing or wrong `X-N8N-API-KEY` is 401.
 */

/** n8n's system columns (n8n-workflow `DATA_TABLE_SYSTEM_COLUMN_TYPE_MAP`). */
const SYSTEM_COLUMNS = { id: 'number', createdAt: 'date', updatedAt: 'date' };
const COLUMN_FIELD_TYPE = { string: 'string', number: 'number', boolean: 'boolean', date: 'dateTime' };
const MAX_LIMIT = 250;

/** @param {{ seed: number, baseUrl: () => string }} opts */
function createVendor({ baseUrl }) {
	const api = require('@n8n/api-types');
	const { validateFieldType } = require('n8n-workflow');
	/** @type {string[]} */
	const keys = [`n8n_api_sandbox_${randomBytes(12).toString('hex')}`];
	/** @type {Map<string, any>} */
	let tables = new Map();
	let nextTableSeq = 1;
	let nextColumnSeq = 1;

	const now = () => new Date().toISOString();
	const bad = (message) => json({ message }, 400);
	const notFound = (id) => json({ message: `Could not find the data table: '${id}'` }, 404);

	/** @param {any} dto @param {any} input */
	function parse(dto, input) {
		const r = dto.safeParse(input);
		return r.success ? { data: r.data } : { error: bad(r.error.errors[0]?.message || 'Invalid request') };
	}

	/** Query values as n8n's handlers hand them to the DTOs (stringifyQuery), with the cursor unpacked (validCursor). */
	function query(q) {
		/** @type {Record<string, string>} */
		const out = {};
		for (const [k, v] of Object.entries(q ?? {})) if (v !== undefined && v !== null) out[k] = String(v);
		if (out.limit !== undefined && (!/^\d+$/.test(out.limit) || Number(out.limit) < 1 || Number(out.limit) > MAX_LIMIT)) {
			return { error: bad(`request/query/limit must be <= ${MAX_LIMIT}`) };
		}
		if (out.cursor) {
			try {
				const decoded = JSON.parse(Buffer.from(out.cursor, 'base64').toString());
				if (!('offset' in decoded)) throw new Error('no offset');
				out.offset = String(decoded.offset);
				out.limit = String(decoded.limit);
			} catch {
				return { error: bad('An invalid cursor was provided') };
			}
			delete out.cursor;
		}
		return { data: out };
	}

	const nextCursor = (offset, limit, total) => (total > offset + limit ? Buffer.from(JSON.stringify({ limit, offset: offset + limit })).toString('base64') : null);

	/** A cell checked against its column's type, as DataTableService.validateAndTransformCell does. */
	function cell(value, name, type) {
		if (value === null) return { value: null };
		const fieldType = COLUMN_FIELD_TYPE[type];
		if (!fieldType) return { value };
		const r = validateFieldType(name, value, fieldType, { strict: false, parseStrings: false });
		if (!r.valid) return { error: `value '${String(value)}' does not match column type '${type}': ${r.errorMessage}` };
		if (type === 'date') return { value: r.newValue.toUTC().toISO() };
		return { value: r.newValue };
	}

	/** @param {any} table @param {Record<string, any>} row @param {boolean} [system] */
	function checkRow(table, row, system = false) {
		const types = new Map([...(system ? Object.entries(SYSTEM_COLUMNS) : []), ...table.columns.map((c) => [c.name, c.type])]);
		/** @type {Record<string, any>} */
		const out = {};
		for (const [k, v] of Object.entries(row)) {
			if (!types.has(k)) return { error: `unknown column name '${k}'` };
			const c = cell(v, k, types.get(k));
			if ('error' in c) return { error: c.error };
			out[k] = c.value;
		}
		return { row: out };
	}

	/** The rows a filter selects (DataTableRowsRepository's where clauses), values checked as n8n does. */
	function select(table, filter) {
		if (!filter || !filter.filters?.length) return { rows: table.rows };
		const checked = [];
		for (const f of filter.filters) {
			const c = checkRow(table, { [f.columnName]: f.value instanceof Date ? f.value.toISOString() : f.value }, true);
			if ('error' in c) return { error: c.error };
			checked.push({ ...f, value: c.row[f.columnName] });
		}
		const test = (row, f) => {
			const v = row[f.columnName];
			switch (f.condition) {
				case 'eq':
					return f.value === null ? v === null || v === undefined : v === f.value;
				case 'neq':
					return f.value === null ? v !== null && v !== undefined : v !== f.value;
				case 'gt':
					return v !== null && v > f.value;
				case 'gte':
					return v !== null && v >= f.value;
				case 'lt':
					return v !== null && v < f.value;
				case 'lte':
					return v !== null && v <= f.value;
				case 'like':
				case 'ilike': {
					const pattern = String(f.value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
					return v !== null && new RegExp(`^${pattern}$`, f.condition === 'ilike' ? 'i' : '').test(String(v));
				}
				case 'isEmpty':
					return v === null || v === undefined || v === '';
				case 'isNotEmpty':
					return !(v === null || v === undefined || v === '');
				default:
					return false;
			}
		};
		const or = filter.type === 'or';
		return { rows: table.rows.filter((row) => (or ? checked.some((f) => test(row, f)) : checked.every((f) => test(row, f)))) };
	}

	function sorted(rows, sortBy) {
		const out = [...rows];
		const byId = (a, b) => a.id - b.id;
		if (!sortBy) return out.sort(byId);
		const [field, dir] = sortBy;
		const sign = String(dir).toUpperCase() === 'DESC' ? -1 : 1;
		return out.sort((a, b) => {
			const x = a[field];
			const y = b[field];
			if (x === y) return byId(a, b);
			if (x === null || x === undefined) return 1;
			if (y === null || y === undefined) return -1;
			return (x < y ? -1 : 1) * sign || byId(a, b);
		});
	}

	const columnOut = (table) => table.columns.map((c) => ({ ...c }));
	const tableOut = (t) => ({ id: t.id, name: t.name, projectId: t.projectId, createdAt: t.createdAt, updatedAt: t.updatedAt, columns: columnOut(t), sizeBytes: 0 });
	const rowOut = (t, r) => {
		/** @type {Record<string, any>} */
		const out = { id: r.id };
		for (const c of t.columns) out[c.name] = r[c.name] ?? null;
		out.createdAt = r.createdAt;
		out.updatedAt = r.updatedAt;
		return out;
	};

	function insert(table, row) {
		const at = now();
		/** @type {Record<string, any>} */
		const stored = { id: table.nextRowId++, createdAt: at, updatedAt: at };
		for (const c of table.columns) stored[c.name] = c.name in row ? row[c.name] : null;
		table.rows.push(stored);
		table.updatedAt = at;
		return stored;
	}

	/** @param {any} table @param {any} body @param {'update' | 'upsert'} mode */
	function write(table, body, mode) {
		const dto = mode === 'update' ? api.UpdateDataTableRowDto : api.UpsertDataTableRowDto;
		const p = parse(dto, body);
		if (p.error) return p.error;
		const { filter, data, returnData = false, dryRun = false } = p.data;
		if (!table.columns.length) return bad('No columns found for this data table or data table not found');
		if (!filter?.filters?.length) return bad('Filter must not be empty');
		if (!data || !Object.keys(data).length) return bad('Data columns must not be empty');
		const checked = checkRow(table, data);
		if ('error' in checked) return bad(checked.error);
		const hit = select(table, filter);
		if ('error' in hit) return bad(hit.error);
		if (dryRun) return bad('dryRun is not emulated by the sandbox');
		const at = now();
		for (const r of hit.rows) Object.assign(r, checked.row, { updatedAt: at });
		if (hit.rows.length || mode === 'update') return json(returnData ? sorted(hit.rows).map((r) => rowOut(table, r)) : true);
		const created = insert(table, checked.row);
		return json(returnData ? [rowOut(table, created)] : true);
	}

	/** @param {any} ctx */
	function handle(ctx) {
		const key = ctx.headers['x-n8n-api-key'];
		if (!key || !keys.includes(String(key))) return json({ message: "'X-N8N-API-KEY' header required" }, 401);
		const m = /^\/api\/v1\/data-tables(?:\/([^/]+))?(\/.*)?$/.exec(ctx.path);
		if (!m) return json({ message: 'not found' }, 404);
		const [, id, rest = ''] = m;
		const body = ctx.body;

		if (!id) {
			if (ctx.method === 'GET') {
				const q = query(ctx.query);
				if (q.error) return q.error;
				const p = parse(api.PublicApiListDataTableQueryDto, q.data);
				if (p.error) return p.error;
				const { offset = 0, limit = 100, filter } = p.data;
				let list = [...tables.values()];
				const name = filter?.name;
				if (name !== undefined) list = list.filter((t) => t.name.toLowerCase().includes(String(name).toLowerCase()));
				return json({ data: list.slice(offset, offset + limit).map(tableOut), nextCursor: nextCursor(offset, limit, list.length) });
			}
			if (ctx.method === 'POST') {
				const p = parse(api.PublicApiCreateDataTableDto, body);
				if (p.error) return p.error;
				const { name, columns = [] } = p.data;
				if ([...tables.values()].some((t) => t.name === name)) return json({ message: `Data table with name '${name}' already exists in this project` }, 409);
				const at = now();
				const tid = `sbx${String(nextTableSeq++).padStart(13, '0')}`;
				const table = { id: tid, name, projectId: 'sandbox-project', createdAt: at, updatedAt: at, columns: [], rows: [], nextRowId: 1 };
				columns.forEach((c, index) => table.columns.push({ id: `col${nextColumnSeq++}`, name: c.name, type: c.type, index, dataTableId: tid, createdAt: at, updatedAt: at }));
				tables.set(tid, table);
				return json(tableOut(table), 201);
			}
			return json({ message: 'method not allowed' }, 405);
		}

		const table = tables.get(id);
		if (!table) return notFound(id);

		if (rest === '' && ctx.method === 'GET') return json(tableOut(table));
		if (rest === '' && ctx.method === 'DELETE') {
			tables.delete(id);
			return { status: 204 };
		}
		if (rest === '/columns' && ctx.method === 'GET') return json(columnOut(table));
		if (rest === '/columns' && ctx.method === 'POST') {
			const p = parse(api.AddDataTableColumnDto, body);
			if (p.error) return p.error;
			if (table.columns.some((c) => c.name === p.data.name) || p.data.name in SYSTEM_COLUMNS) {
				return json({ message: `column name '${p.data.name}' already exists` }, 409);
			}
			const at = now();
			const column = { id: `col${nextColumnSeq++}`, name: p.data.name, type: p.data.type, index: table.columns.length, dataTableId: id, createdAt: at, updatedAt: at };
			table.columns.push(column);
			for (const r of table.rows) r[column.name] = null;
			return json({ ...column }, 201);
		}
		if (rest === '/rows' && ctx.method === 'GET') {
			const q = query(ctx.query);
			if (q.error) return q.error;
			const p = parse(api.PublicApiListDataTableContentQueryDto, q.data);
			if (p.error) return p.error;
			const { offset = 0, limit = 100, filter, sortBy } = p.data;
			if (sortBy && !(sortBy[0] in SYSTEM_COLUMNS) && !table.columns.some((c) => c.name === sortBy[0])) return bad('Incorrect column format');
			const hit = select(table, filter);
			if ('error' in hit) return bad(hit.error);
			const all = sorted(hit.rows, sortBy);
			return json({ data: all.slice(offset, offset + limit).map((r) => rowOut(table, r)), nextCursor: nextCursor(offset, limit, all.length) });
		}
		if (rest === '/rows' && ctx.method === 'POST') {
			const p = parse(api.AddDataTableRowsDto, body);
			if (p.error) return p.error;
			const { data, returnType = 'count' } = p.data;
			const checked = [];
			for (const row of data) {
				const c = checkRow(table, row);
				if ('error' in c) return bad(c.error);
				checked.push(c.row);
			}
			const created = checked.map((row) => insert(table, row));
			if (returnType === 'count') return json({ success: true, insertedRows: created.length });
			return json(returnType === 'id' ? created.map((r) => ({ id: r.id })) : created.map((r) => rowOut(table, r)));
		}
		if (rest === '/rows/update' && ctx.method === 'PATCH') return write(table, body, 'update');
		if (rest === '/rows/upsert' && ctx.method === 'POST') return write(table, body, 'upsert');
		if (rest === '/rows/delete' && ctx.method === 'DELETE') {
			const q = query(ctx.query);
			if (q.error) return q.error;
			const p = parse(api.DeleteDataTableRowsDto, q.data);
			if (p.error) return p.error;
			const { filter, returnData = false, dryRun = false } = p.data;
			if (!filter?.filters?.length) return bad('Filter is required for delete operations to prevent accidental deletion of all data');
			const hit = select(table, filter);
			if ('error' in hit) return bad(hit.error);
			if (dryRun) return bad('dryRun is not emulated by the sandbox');
			const gone = new Set(hit.rows);
			table.rows = table.rows.filter((r) => !gone.has(r));
			return json(returnData ? sorted([...gone]).map((r) => rowOut(table, r)) : true);
		}
		return json({ message: 'not found' }, 404);
	}

	return {
		api: {
			/** API keys n8n would accept (`X-N8N-API-KEY`). */
			keys,
			/** The credential's Base URL for this sandbox. */
			get apiUrl() {
				return `${baseUrl()}/api/v1`;
			},
			/** A table's rows by its name, as the public API returns them (for assertions). */
			rows(name) {
				const t = [...tables.values()].find((x) => x.name === name);
				return t ? sorted(t.rows).map((r) => rowOut(t, r)) : undefined;
			},
			tableNames: () => [...tables.values()].map((t) => t.name),
			reset() {
				tables = new Map();
			},
			/** Every table as it is now, to put back later with `restore` (a test going back to an earlier saved state). */
			snapshot: () => structuredClone([...tables.entries()]),
			/** @param {any} snap */
			restore(snap) {
				tables = new Map(structuredClone(snap));
			},
		},
		handle,
	};
}

module.exports = { createVendor };
