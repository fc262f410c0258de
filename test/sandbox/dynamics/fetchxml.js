'use strict';

const { TABLES } = require('./schema');
const { dvError } = require('./records');

/**
 * FetchXML through the Web API: `GET <entity set>?fetchXml=<url-encoded fetch>`
 * (learn.microsoft.com/power-apps/developer/data-platform/fetchxml/overview and
 * webapi/use-fetchxml-web-api). The emulator reads the subset the node sends
 * through: `<fetch top|count|page>` `<entity name>` `<attribute name>`/`<all-attributes/>`,
 * `<order attribute descending>`, one level of `<filter type="and|or">` with
 * `<condition attribute operator value>` (eq, ne, gt, ge, lt, le, like, null,
 * not-null, in with `<value>` children). The entity must be the entity set's table.
 * More rows than one page: `@Microsoft.Dynamics.CRM.morerecords` and a paging cookie.
 */

const attr = (tag, name) => new RegExp(`\\b${name}\\s*=\\s*(["'])(.*?)\\1`).exec(tag)?.[2];

function runFetchXml(table, xml, store, records, prefs, env) {
	const text = String(xml);
	const fetch = /<fetch\b([^>]*)>/.exec(text);
	const entity = /<entity\b([^>]*)>/.exec(text);
	if (!fetch || !entity || !/<\/fetch>\s*$/.test(text.trim())) return dvError(400, '0x80041102', 'The FetchXML is not valid: it needs <fetch> and <entity> elements.');
	const name = attr(entity[1], 'name');
	if (name !== table) return dvError(400, '0x80041102', `The entity name '${name}' of the FetchXML does not match the entity set of '${table}'.`);
	const spec = TABLES[table];
	const known = new Set(spec.attributes.map((a) => a.name));
	const all = /<all-attributes\s*\/>/.test(text);
	const select = all ? undefined : [...text.matchAll(/<attribute\b([^>]*)\/?>/g)].map((m) => attr(m[1], 'name'));
	for (const s of select ?? []) if (!known.has(s)) return dvError(400, '0x80041103', `'${table}' entity doesn't contain attribute with Name = '${s}'.`);
	const filterTag = /<filter\b([^>]*)>/.exec(text);
	const type = filterTag ? (attr(filterTag[1], 'type') ?? 'and') : 'and';
	const conditions = [];
	for (const m of text.matchAll(/<condition\b([^>]*?)(\/>|>([\s\S]*?)<\/condition>)/g)) {
		const a = attr(m[1], 'attribute');
		const op = attr(m[1], 'operator');
		if (!known.has(a)) return dvError(400, '0x80041103', `'${table}' entity doesn't contain attribute with Name = '${a}'.`);
		const values = m[3] ? [...m[3].matchAll(/<value>([\s\S]*?)<\/value>/g)].map((v) => v[1]) : [attr(m[1], 'value')];
		conditions.push({ a, op, values });
	}
	const plain = (row, a) => (row[a] && typeof row[a] === 'object' ? row[a].id : row[a]);
	const cmp = (x, y) => {
		const dx = Date.parse(x);
		const dy = Date.parse(y);
		if (typeof x === 'number' || /^-?\d+(\.\d+)?$/.test(String(x))) return Number(x) - Number(y);
		if (Number.isFinite(dx) && Number.isFinite(dy) && /^\d{4}-/.test(String(x))) return dx - dy;
		return String(x).toLowerCase().localeCompare(String(y).toLowerCase());
	};
	const test = (row, c) => {
		const v = plain(row, c.a);
		const [value] = c.values;
		switch (c.op) {
			case 'eq':
				return v !== null && v !== undefined && cmp(v, value) === 0;
			case 'ne':
				return v === null || v === undefined || cmp(v, value) !== 0;
			case 'gt':
				return v !== null && v !== undefined && cmp(v, value) > 0;
			case 'ge':
				return v !== null && v !== undefined && cmp(v, value) >= 0;
			case 'lt':
				return v !== null && v !== undefined && cmp(v, value) < 0;
			case 'le':
				return v !== null && v !== undefined && cmp(v, value) <= 0;
			case 'like': {
				const re = new RegExp(`^${String(value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*')}$`, 'i');
				return v !== null && v !== undefined && re.test(String(v));
			}
			case 'null':
				return v === null || v === undefined;
			case 'not-null':
				return v !== null && v !== undefined;
			case 'in':
				return v !== null && v !== undefined && c.values.some((x) => cmp(v, x) === 0);
			default:
				return undefined;
		}
	};
	const bad = conditions.find((c) => !['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'like', 'null', 'not-null', 'in'].includes(c.op));
	if (bad) return dvError(400, '0x80041102', `The condition operator '${bad.op}' is not supported by this emulator.`);
	let rows = [...store.table(table).values()].filter((r) => !conditions.length || (type === 'or' ? conditions.some((c) => test(r, c)) : conditions.every((c) => test(r, c))));
	const orders = [...text.matchAll(/<order\b([^>]*)\/?>/g)].map((m) => ({ a: attr(m[1], 'attribute'), desc: attr(m[1], 'descending') === 'true' }));
	if (orders.length) {
		rows.sort((x, y) => {
			for (const o of orders) {
				const c = cmp(plain(x, o.a) ?? '', plain(y, o.a) ?? '');
				if (c !== 0) return o.desc ? -c : c;
			}
			return 0;
		});
	}
	const top = attr(fetch[1], 'top');
	const count = Number(attr(fetch[1], 'count') ?? (top ? top : 5000));
	const page = Number(attr(fetch[1], 'page') ?? 1);
	if (top) rows = rows.slice(0, Number(top));
	const slice = rows.slice((page - 1) * count, page * count);
	const body = {
		'@odata.context': `${env.baseUrl()}/api/data/v9.2/$metadata#${spec.entitySet}`,
		value: slice.map((r) => records.toJson(table, r, select ? [...select.map((s) => (r[s] && typeof r[s] === 'object') || spec.attributes.find((a) => a.name === s && records.columnOfReadName(table, `_${s}_value`)) ? `_${s}_value` : s)] : undefined, prefs.annotations)),
	};
	if (!top && page * count < rows.length) {
		body['@Microsoft.Dynamics.CRM.morerecords'] = true;
		body['@Microsoft.Dynamics.CRM.fetchxmlpagingcookie'] = `<cookie page="${page}"></cookie>`;
	}
	return { status: 200, body, headers: {} };
}

module.exports = { runFetchXml };
