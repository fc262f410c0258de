'use strict';

/**
 * A small SOQL reader, enough for what the pack sends:
 *   SELECT f1, f2 FROM Obj [WHERE c AND c ...] [ORDER BY f [ASC|DESC], ...] [LIMIT n]
 * where c is `field op value` (=, !=, <, <=, >, >=, LIKE) with a quoted string,
 * number, true/false/null or an unquoted date-time literal. Anything else is a
 * MALFORMED_QUERY, as Salesforce would answer for what it cannot parse.
 */

class SoqlError extends Error {
	/** @param {string} message @param {string} [code] */
	constructor(message, code = 'MALFORMED_QUERY') {
		super(message);
		this.code = code;
	}
}

/** @param {string} s */
function tokenize(s) {
	/** @type {Array<{ t: string, v: any }>} */
	const out = [];
	let i = 0;
	while (i < s.length) {
		const c = s[i];
		if (/\s/.test(c)) {
			i++;
			continue;
		}
		if (c === "'") {
			let v = '';
			i++;
			while (i < s.length && s[i] !== "'") {
				if (s[i] === '\\') {
					const n = s[i + 1];
					v += n === 'n' ? '\n' : n === 'r' ? '\r' : n === '%' || n === '_' ? `\\${n}` : n;
					i += 2;
				} else v += s[i++];
			}
			if (s[i] !== "'") throw new SoqlError('unterminated string literal');
			i++;
			out.push({ t: 'str', v });
			continue;
		}
		const op = /^(<=|>=|!=|=|<|>|,|\(|\))/.exec(s.slice(i));
		if (op) {
			out.push({ t: 'op', v: op[1] });
			i += op[1].length;
			continue;
		}
		const word = /^[A-Za-z0-9_.:+\-]+/.exec(s.slice(i));
		if (!word) throw new SoqlError(`unexpected character '${c}'`);
		out.push({ t: 'word', v: word[0] });
		i += word[0].length;
	}
	return out;
}

/**
 * @param {string} q
 * @returns {{ fields: string[], from: string, where: Array<{ field: string, op: string, value: any }>, orderBy: Array<{ field: string, desc: boolean }>, limit?: number }}
 */
function parseSoql(q) {
	const tokens = tokenize(q);
	let p = 0;
	const peek = () => tokens[p];
	const kw = (/** @type {string} */ k) => peek() && peek().t === 'word' && peek().v.toUpperCase() === k;
	const expectKw = (/** @type {string} */ k) => {
		if (!kw(k)) throw new SoqlError(`expected ${k}`);
		p++;
	};
	expectKw('SELECT');
	const fields = [];
	for (;;) {
		const t = tokens[p++];
		if (!t || t.t !== 'word') throw new SoqlError('expected a field name');
		fields.push(t.v);
		if (peek() && peek().v === ',') {
			p++;
			continue;
		}
		break;
	}
	expectKw('FROM');
	const from = tokens[p++];
	if (!from || from.t !== 'word') throw new SoqlError('expected an object name');
	const where = [];
	if (kw('WHERE')) {
		p++;
		for (;;) {
			const f = tokens[p++];
			const op = tokens[p++];
			if (f && op && f.t === 'word' && op.t === 'word' && op.v.toUpperCase() === 'IN') {
				if (!peek() || peek().v !== '(') throw new SoqlError('IN needs a list');
				p++;
				const values = [];
				for (;;) {
					const t = tokens[p++];
					if (!t || t.t !== 'str') throw new SoqlError('IN takes string literals');
					values.push(t.v);
					const sep = tokens[p++];
					if (sep && sep.v === ',') continue;
					if (sep && sep.v === ')') break;
					throw new SoqlError('malformed IN list');
				}
				where.push({ field: f.v, op: 'IN', value: values });
				if (kw('AND')) {
					p++;
					continue;
				}
				break;
			}
			const v = tokens[p++];
			if (!f || !op || !v || f.t !== 'word') throw new SoqlError('malformed condition');
			const opName = op.t === 'op' ? op.v : String(op.v).toUpperCase();
			if (!['=', '!=', '<', '<=', '>', '>=', 'LIKE'].includes(opName)) throw new SoqlError(`unsupported operator ${op.v}`);
			let value;
			if (v.t === 'str') value = v.v;
			else if (/^(true|false)$/i.test(v.v)) value = v.v.toLowerCase() === 'true';
			else if (/^null$/i.test(v.v)) value = null;
			else if (/^-?\d+(\.\d+)?$/.test(v.v)) value = Number(v.v);
			else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.test(v.v)) value = { dateTime: Date.parse(v.v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) };
			else if (/^\d{4}-\d{2}-\d{2}$/.test(v.v)) value = v.v;
			else throw new SoqlError(`unexpected token: ${v.v}`);
			where.push({ field: f.v, op: opName, value });
			if (kw('AND')) {
				p++;
				continue;
			}
			break;
		}
	}
	const orderBy = [];
	if (kw('ORDER')) {
		p++;
		expectKw('BY');
		for (;;) {
			const f = tokens[p++];
			if (!f || f.t !== 'word') throw new SoqlError('expected an ORDER BY field');
			let desc = false;
			if (kw('ASC')) p++;
			else if (kw('DESC')) {
				p++;
				desc = true;
			}
			orderBy.push({ field: f.v, desc });
			if (peek() && peek().v === ',') {
				p++;
				continue;
			}
			break;
		}
	}
	let limit;
	if (kw('LIMIT')) {
		p++;
		const n = tokens[p++];
		if (!n || !/^\d+$/.test(n.v)) throw new SoqlError('LIMIT needs a number');
		limit = Number(n.v);
	}
	if (p < tokens.length) throw new SoqlError(`unexpected token: ${tokens[p].v}`);
	return { fields, from: from.v, where, orderBy, limit };
}

/** @param {any} v */
function comparable(v) {
	if (v && typeof v === 'object' && 'dateTime' in v) return v.dateTime;
	if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
	return v;
}

/** @param {any} fieldValue @param {string} op @param {any} value */
function matches(fieldValue, op, value) {
	// Ids compare on their 15-character case-sensitive form, as Salesforce accepts both lengths.
	if (op === 'IN') return /** @type {string[]} */ (value).some((v) => String(fieldValue ?? '').slice(0, 15) === String(v).slice(0, 15) || fieldValue === v);
	if (op === 'LIKE') {
		const pattern = String(value)
			.split(/(\\[%_]|%|_)/)
			.map((part) => (part === '%' ? '.*' : part === '_' ? '.' : part.startsWith('\\') ? part.slice(1) : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
			.join('');
		return new RegExp(`^${pattern}$`, 'i').test(String(fieldValue ?? ''));
	}
	const a = comparable(fieldValue);
	const b = comparable(value);
	if (op === '=') return a === b || (a == null && b == null) || (typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase());
	if (op === '!=') return !(a === b || (a == null && b == null));
	if (a == null || b == null) return false;
	if (op === '<') return a < b;
	if (op === '<=') return a <= b;
	if (op === '>') return a > b;
	return a >= b;
}

module.exports = { parseSoql, matches, comparable, SoqlError };
