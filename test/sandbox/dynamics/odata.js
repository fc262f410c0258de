'use strict';

/**
 * The OData query subset the pack uses against Dataverse
 * (learn.microsoft.com/power-apps/developer/data-platform/webapi/query/filter-rows):
 * `$filter` with eq/ne/gt/ge/lt/le, and/or/not, parentheses, `in (...)`,
 * contains/startswith/endswith; literals 'text' ('' escapes a quote), numbers,
 * GUIDs, ISO date-times, null, true/false. Anything else is refused with 400,
 * as Dataverse refuses what it cannot parse.
 */

class ODataError extends Error {}

/** @param {string} text */
function tokenize(text) {
	/** @type {Array<{ t: string, v: any }>} */
	const out = [];
	let i = 0;
	while (i < text.length) {
		const c = text[i];
		if (c === ' ') {
			i++;
			continue;
		}
		if (c === '(' || c === ')' || c === ',') {
			out.push({ t: c, v: c });
			i++;
			continue;
		}
		if (c === "'") {
			let s = '';
			i++;
			for (;;) {
				if (i >= text.length) throw new ODataError('Unterminated string literal');
				if (text[i] === "'") {
					if (text[i + 1] === "'") {
						s += "'";
						i += 2;
						continue;
					}
					i++;
					break;
				}
				s += text[i++];
			}
			out.push({ t: 'lit', v: s });
			continue;
		}
		const m = /^[A-Za-z0-9_.:+\-@/]+/.exec(text.slice(i));
		if (!m) throw new ODataError(`Syntax error at position ${i} in '${text}'`);
		const word = m[0];
		i += word.length;
		if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(word)) out.push({ t: 'lit', v: word, date: true });
		else if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(word)) out.push({ t: 'lit', v: word.toLowerCase() });
		else if (/^-?\d+(\.\d+)?$/.test(word)) out.push({ t: 'lit', v: Number(word) });
		else if (word === 'null') out.push({ t: 'lit', v: null });
		else if (word === 'true' || word === 'false') out.push({ t: 'lit', v: word === 'true' });
		else if (['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'and', 'or', 'not', 'in'].includes(word)) out.push({ t: word, v: word });
		else out.push({ t: 'id', v: word });
	}
	return out;
}

/**
 * Parses a `$filter` into a predicate over a stored row (plain column values).
 * @param {string} text @param {(name: string) => boolean} known columns the table has
 * @returns {(row: any) => boolean}
 */
function parseFilter(text, known) {
	const tokens = tokenize(text);
	let p = 0;
	const peek = () => tokens[p];
	const take = (t) => {
		const tok = tokens[p];
		if (!tok || (t && tok.t !== t)) throw new ODataError(`Syntax error in $filter '${text}': expected ${t ?? 'a term'}`);
		p++;
		return tok;
	};
	const column = (name) => {
		if (!known(name)) throw new ODataError(`Could not find a property named '${name}' on type 'Microsoft.Dynamics.CRM.entity'.`);
		return name;
	};
	const cmp = (a, b) => {
		if (a === null || a === undefined || b === null || b === undefined) return NaN;
		if (typeof a === 'number' && typeof b === 'number') return a - b;
		const da = Date.parse(a);
		const db = Date.parse(b);
		if (typeof a === 'string' && typeof b === 'string' && /^\d{4}-/.test(a) && /^\d{4}-/.test(b) && Number.isFinite(da) && Number.isFinite(db)) return da - db;
		return String(a).toLowerCase() < String(b).toLowerCase() ? -1 : String(a).toLowerCase() > String(b).toLowerCase() ? 1 : 0;
	};
	const same = (a, b) => {
		if (a === null || b === null) return (a ?? null) === (b ?? null);
		if (a === undefined) return b === null;
		return cmp(a, b) === 0;
	};

	/** @returns {(row: any) => boolean} */
	function primary() {
		const tok = peek();
		if (!tok) throw new ODataError(`Syntax error in $filter '${text}'`);
		if (tok.t === '(') {
			take('(');
			const inner = orExpr();
			take(')');
			return inner;
		}
		if (tok.t === 'not') {
			take('not');
			const inner = primary();
			return (row) => !inner(row);
		}
		if (tok.t === 'id' && ['contains', 'startswith', 'endswith'].includes(tok.v) && tokens[p + 1]?.t === '(') {
			take('id');
			take('(');
			const col = column(take('id').v);
			take(',');
			const value = String(take('lit').v).toLowerCase();
			take(')');
			const fn = tok.v;
			return (row) => {
				const v = row[col];
				if (v === null || v === undefined) return false;
				const s = String(v).toLowerCase();
				return fn === 'contains' ? s.includes(value) : fn === 'startswith' ? s.startsWith(value) : s.endsWith(value);
			};
		}
		const col = column(take('id').v);
		const op = take();
		if (op.t === 'in') {
			take('(');
			const values = [];
			for (;;) {
				values.push(take('lit').v);
				if (peek()?.t === ',') take(',');
				else break;
			}
			take(')');
			return (row) => values.some((v) => same(row[col], v));
		}
		const value = take('lit').v;
		switch (op.t) {
			case 'eq':
				return (row) => same(row[col], value);
			case 'ne':
				return (row) => !same(row[col], value);
			case 'gt':
				return (row) => cmp(row[col], value) > 0;
			case 'ge':
				return (row) => cmp(row[col], value) >= 0;
			case 'lt':
				return (row) => cmp(row[col], value) < 0;
			case 'le':
				return (row) => cmp(row[col], value) <= 0;
			default:
				throw new ODataError(`Syntax error in $filter '${text}': unknown operator '${op.v}'`);
		}
	}
	function andExpr() {
		let left = primary();
		while (peek()?.t === 'and') {
			take('and');
			const l = left;
			const r = primary();
			left = (row) => l(row) && r(row);
		}
		return left;
	}
	function orExpr() {
		let left = andExpr();
		while (peek()?.t === 'or') {
			take('or');
			const l = left;
			const r = andExpr();
			left = (row) => l(row) || r(row);
		}
		return left;
	}
	const result = orExpr();
	if (p !== tokens.length) throw new ODataError(`Syntax error in $filter '${text}' at '${tokens[p].v}'`);
	return result;
}

/**
 * `$orderby=a asc,b desc` → comparator.
 * @param {string} text @param {(name: string) => boolean} known
 */
function parseOrderBy(text, known) {
	const keys = text.split(',').map((part) => {
		const [name, dir = 'asc'] = part.trim().split(/\s+/);
		if (!known(name)) throw new ODataError(`Could not find a property named '${name}' on type 'Microsoft.Dynamics.CRM.entity'.`);
		if (dir !== 'asc' && dir !== 'desc') throw new ODataError(`Syntax error in $orderby '${text}'`);
		return { name, sign: dir === 'desc' ? -1 : 1 };
	});
	return (a, b) => {
		for (const { name, sign } of keys) {
			const x = a[name];
			const y = b[name];
			if (x === y) continue;
			if (x === null || x === undefined) return -sign;
			if (y === null || y === undefined) return sign;
			const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : 1;
			if (c !== 0) return c * sign;
		}
		return 0;
	};
}

/** `odata.maxpagesize=N` and the other preferences of a `Prefer` header. @param {string | undefined} header */
function preferences(header) {
	const out = { maxPageSize: undefined, annotations: undefined, representation: false, trackChanges: false, continueOnError: false };
	for (const part of String(header ?? '').split(',')) {
		const p = part.trim();
		const m = /^odata\.maxpagesize=(\d+)$/i.exec(p);
		if (m) out.maxPageSize = Number(m[1]);
		const a = /^odata\.include-annotations="?([^"]*)"?$/i.exec(p);
		if (a) out.annotations = a[1];
		if (/^return=representation$/i.test(p)) out.representation = true;
		if (/^odata\.track-changes$/i.test(p)) out.trackChanges = true;
		if (/^odata\.continue-on-error$/i.test(p)) out.continueOnError = true;
	}
	return out;
}

module.exports = { parseFilter, parseOrderBy, preferences, ODataError };
