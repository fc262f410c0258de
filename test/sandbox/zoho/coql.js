'use strict';

const { json } = require('../lib/http');
const { zohoError } = require('./errors');

/**
 * The COQL subset the pack uses (`POST /crm/v8/coql`, `{ select_query }`, crm-oas
 * v8.0 coql.json): `select f1, f2 from Module [where ...] [order by f [asc|desc], ...]
 * [limit n [offset m] | limit m, n]`; where: `=`, `!=`, `<`, `>`, `<=`, `>=`,
 * `like` (with `%`), `in (...)`, `not in`, `between a and b`, `is [not] null`,
 * joined by `and`/`or` with parentheses.
 * Limits (Zoho's v8 COQL limitations page, CRM-FACTS.md): LIMIT at most 2,000
 * per call (default 200), LIMIT + OFFSET within the first 100,000 records
 * (LIMIT_EXCEEDED beyond: read on with a keyset on `id`), at most 25 criteria
 * and 50 values per `in`, at most 50 fields (assumption: as `fields`);
 * errors as coql.json: SYNTAX_ERROR, INVALID_QUERY ("column given seems to be
 * invalid"), LIMIT_EXCEEDED. Credits 1, 2 or 3 for LIMIT 1-200, 201-1,000,
 * 1,001-2,000.
 */

const MAX_LIMIT = 2000;
const MAX_OFFSET_REACH = 100000;

/** @param {string} text */
function tokenize(text) {
	const tokens = [];
	const re = /\s*(?:('(?:[^'\\]|\\.|'')*')|(-?\d+(?:\.\d+)?)(?![\w.])|(<=|>=|!=|<>|=|<|>|\(|\)|,)|([A-Za-z_$][\w$.]*))/y;
	let pos = 0;
	while (pos < text.length) {
		if (/^\s*$/.test(text.slice(pos))) break;
		re.lastIndex = pos;
		const m = re.exec(text);
		if (!m) throw Object.assign(new Error(`near ${text.slice(pos, pos + 20)}`), { syntax: true });
		pos = re.lastIndex;
		if (m[1] !== undefined) tokens.push({ t: 'str', v: m[1].slice(1, -1).replace(/''/g, "'").replace(/\\(.)/g, '$1') });
		else if (m[2] !== undefined) tokens.push({ t: 'num', v: m[2] });
		else if (m[3] !== undefined) tokens.push({ t: 'op', v: m[3] });
		else tokens.push({ t: 'id', v: m[4], k: m[4].toLowerCase() });
	}
	return tokens;
}

/** @param {any} store */
function createCoql(store) {
	/** @param {string} query */
	function parse(query) {
		const tk = tokenize(query);
		let i = 0;
		const syntax = (/** @type {string} */ msg) => Object.assign(new Error(msg), { syntax: true });
		const peekK = () => tk[i]?.k;
		const expectK = (/** @type {string} */ k) => {
			if (tk[i]?.k !== k) throw syntax(`expected ${k} near ${tk[i]?.v ?? 'end'}`);
			i++;
		};
		expectK('select');
		const fields = [];
		do {
			if (tk[i]?.t !== 'id') throw syntax(`expected a field near ${tk[i]?.v ?? 'end'}`);
			fields.push(tk[i++].v);
		} while (tk[i]?.v === ',' && ++i);
		expectK('from');
		if (tk[i]?.t !== 'id') throw syntax('expected a module');
		const module = tk[i++].v;
		let where;
		let criteria = 0;
		/** @type {string[]} */
		const inTooLong = [];
		const value = () => {
			const x = tk[i++];
			if (!x || (x.t !== 'str' && x.t !== 'num' && !(x.t === 'id' && (x.k === 'true' || x.k === 'false')))) throw syntax(`expected a value near ${x?.v ?? 'end'}`);
			return x.t === 'id' ? x.k : x.v;
		};
		/** @returns {any} */
		const primary = () => {
			if (tk[i]?.v === '(') {
				i++;
				const e = orExpr();
				if (tk[i]?.v !== ')') throw syntax('expected )');
				i++;
				return e;
			}
			if (tk[i]?.t !== 'id') throw syntax(`expected a field near ${tk[i]?.v ?? 'end'}`);
			const field = tk[i++].v;
			criteria++;
			let negate = false;
			if (peekK() === 'not') {
				negate = true;
				i++;
			}
			const k = tk[i]?.k ?? tk[i]?.v;
			if (k === 'in') {
				i++;
				if (tk[i++]?.v !== '(') throw syntax('expected ( after in');
				const values = [value()];
				while (tk[i]?.v === ',') {
					i++;
					values.push(value());
				}
				if (tk[i++]?.v !== ')') throw syntax('expected )');
				if (values.length > 50) inTooLong.push(field);
				return { field, op: negate ? 'not in' : 'in', values };
			}
			if (k === 'like') {
				i++;
				return { field, op: negate ? 'not like' : 'like', values: [value()] };
			}
			if (k === 'between') {
				i++;
				const a = value();
				expectK('and');
				return { field, op: 'between', values: [a, value()] };
			}
			if (k === 'is') {
				i++;
				let not = false;
				if (peekK() === 'not') {
					not = true;
					i++;
				}
				expectK('null');
				return { field, op: not ? 'is not null' : 'is null', values: [] };
			}
			const op = tk[i];
			if (op?.t !== 'op' || !['=', '!=', '<>', '<', '>', '<=', '>='].includes(op.v)) throw syntax(`expected an operator near ${op?.v ?? 'end'}`);
			i++;
			return { field, op: op.v === '<>' ? '!=' : op.v, values: [value()] };
		};
		/** @returns {any} */
		const andExpr = () => {
			let left = primary();
			while (peekK() === 'and') {
				i++;
				left = { and: [left, primary()] };
			}
			return left;
		};
		/** @returns {any} */
		const orExpr = () => {
			let left = andExpr();
			while (peekK() === 'or') {
				i++;
				left = { or: [left, andExpr()] };
			}
			return left;
		};
		if (peekK() === 'where') {
			i++;
			where = orExpr();
		}
		const order = [];
		if (peekK() === 'order') {
			i++;
			expectK('by');
			do {
				if (tk[i]?.t !== 'id') throw syntax('expected a field after order by');
				const field = tk[i++].v;
				let dir = 'asc';
				if (peekK() === 'asc' || peekK() === 'desc') dir = tk[i++].k;
				order.push({ field, dir });
			} while (tk[i]?.v === ',' && ++i);
		}
		let limit = 200;
		let offset = 0;
		if (peekK() === 'limit') {
			i++;
			const a = Number(tk[i++]?.v);
			if (tk[i]?.v === ',') {
				i++;
				offset = a;
				limit = Number(tk[i++]?.v);
			} else {
				limit = a;
				if (peekK() === 'offset') {
					i++;
					offset = Number(tk[i++]?.v);
				}
			}
			if (!Number.isInteger(limit) || !Number.isInteger(offset)) throw syntax('limit and offset take whole numbers');
		}
		if (i < tk.length) throw syntax(`unexpected ${tk[i].v}`);
		return { fields, module, where, order, limit, offset, criteria, inTooLong };
	}

	/** A comparable form of a record's value for a field of this type. @param {any} field @param {unknown} v */
	function comparable(field, v) {
		if (v === null || v === undefined || v === '') return null;
		if (v && typeof v === 'object') v = /** @type {any} */ (v).id;
		if (field.api_name === 'id' || field.data_type === 'lookup' || field.data_type === 'ownerlookup' || field.data_type === 'bigint') return String(v).padStart(24, '0');
		if (field.data_type === 'datetime') return Date.parse(String(v));
		if (field.data_type === 'integer' || field.data_type === 'currency' || field.data_type === 'double') return Number(v);
		return String(v).toLowerCase();
	}

	/** @param {any} rec @param {any} e @param {Map<string, any>} byName */
	function evaluate(rec, e, byName) {
		if (e.and) return evaluate(rec, e.and[0], byName) && evaluate(rec, e.and[1], byName);
		if (e.or) return evaluate(rec, e.or[0], byName) || evaluate(rec, e.or[1], byName);
		const field = byName.get(e.field);
		const have = comparable(field, rec[e.field]);
		const vals = e.values.map((/** @type {unknown} */ v) => comparable(field, v));
		switch (e.op) {
			case 'is null':
				return have === null;
			case 'is not null':
				return have !== null;
			case '=':
				return have !== null && have === vals[0];
			case '!=':
				return have !== vals[0];
			case '<':
				return have !== null && have < vals[0];
			case '>':
				return have !== null && have > vals[0];
			case '<=':
				return have !== null && have <= vals[0];
			case '>=':
				return have !== null && have >= vals[0];
			case 'in':
				return vals.includes(have);
			case 'not in':
				return !vals.includes(have);
			case 'between':
				return have !== null && have >= vals[0] && have <= vals[1];
			case 'like':
			case 'not like': {
				const re = new RegExp(`^${String(e.values[0]).toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*')}$`);
				const hit = have !== null && re.test(String(have));
				return e.op === 'like' ? hit : !hit;
			}
			default:
				return false;
		}
	}

	/** @param {any} ctx */
	function run(ctx) {
		const query = ctx.body?.select_query;
		if (typeof query !== 'string' || !query.trim()) return zohoError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param: 'select_query' });
		let q;
		try {
			q = parse(query);
		} catch (e) {
			return zohoError(400, 'SYNTAX_ERROR', 'invalid query formed', { near: String(/** @type {Error} */ (e).message) });
		}
		const spec = store.moduleOf(q.module);
		if (!spec) return zohoError(400, 'INVALID_QUERY', 'invalid module given', { module: q.module });
		const byName = new Map(spec.fields.map((/** @type {any} */ x) => [x.api_name, x]));
		for (const name of [...q.fields, ...q.order.map((o) => o.field)]) {
			if (!byName.has(name)) return zohoError(400, 'INVALID_QUERY', 'column given seems to be invalid', { column_name: name });
		}
		/** @param {any} e @returns {string | undefined} */
		const badColumn = (e) => (e?.and || e?.or ? badColumn((e.and ?? e.or)[0]) ?? badColumn((e.and ?? e.or)[1]) : e && !byName.has(e.field) ? e.field : undefined);
		const bad = badColumn(q.where);
		if (bad) return zohoError(400, 'INVALID_QUERY', 'column given seems to be invalid', { column_name: bad });
		if (q.fields.length > 50) return zohoError(400, 'LIMIT_EXCEEDED', 'at most 50 fields may be selected', { limit: 50 });
		if (q.criteria > 25) return zohoError(400, 'LIMIT_EXCEEDED', 'at most 25 criteria in the where clause', { limit: 25 });
		if (q.inTooLong.length) return zohoError(400, 'LIMIT_EXCEEDED', 'at most 50 values in an in clause', { column_name: q.inTooLong[0], limit: 50 });
		if (q.limit < 1 || q.limit > MAX_LIMIT) return zohoError(400, 'LIMIT_EXCEEDED', `limit must be between 1 and ${MAX_LIMIT}`, { limit: MAX_LIMIT });
		if (q.offset + q.limit > MAX_OFFSET_REACH) return zohoError(400, 'LIMIT_EXCEEDED', `limit and offset reach only the first ${MAX_OFFSET_REACH} records`, { limit: MAX_OFFSET_REACH });
		let list = store.alive(q.module).filter((/** @type {any} */ r) => (q.where ? evaluate(r, q.where, byName) : true));
		const order = q.order.length ? q.order : [{ field: 'id', dir: 'asc' }];
		list = list.sort((/** @type {any} */ a, /** @type {any} */ b) => {
			for (const o of order) {
				const f = byName.get(o.field);
				const x = comparable(f, a[o.field]);
				const y = comparable(f, b[o.field]);
				if (x === y) continue;
				if (x === null) return 1;
				if (y === null) return -1;
				return (x < y ? -1 : 1) * (o.dir === 'desc' ? -1 : 1);
			}
			return 0;
		});
		const page = list.slice(q.offset, q.offset + q.limit);
		if (!page.length) return { status: 204 };
		const data = page.map((/** @type {any} */ r) => {
			/** @type {Record<string, unknown>} */
			const out = {};
			for (const name of q.fields) {
				const v = r[name] ?? null;
				out[name] = v && typeof v === 'object' && !Array.isArray(v) ? { id: v.id } : v;
			}
			out.id = r.id;
			return out;
		});
		return json({ data, info: { count: data.length, more_records: q.offset + q.limit < list.length } });
	}

	/** Credits of a query by its LIMIT. @param {any} ctx */
	function credits(ctx) {
		try {
			const { limit } = parse(String(ctx.body?.select_query ?? ''));
			return limit <= 200 ? 1 : limit <= 1000 ? 2 : 3;
		} catch {
			return 1;
		}
	}

	return { run, parse, credits };
}

module.exports = { createCoql, MAX_LIMIT, MAX_OFFSET_REACH };
