'use strict';

const { TABLES, tableOfSet, isLookup } = require('./schema');
const { parseFilter, parseOrderBy, ODataError } = require('./odata');

/**
 * Rows as the Web API reads and writes them
 * (learn.microsoft.com/power-apps/developer/data-platform/webapi/create-entity-web-api,
 * update-delete-entities-using-web-api, retrieve-entity-using-web-api):
 * - a lookup is read as `_<column>_value` (with `@Microsoft.Dynamics.CRM.lookuplogicalname`
 *   and a formatted value when annotations are asked for) and written as
 *   `<navigation property>@odata.bind: "/<entity set>(<id>)"`;
 * - choices are integers; `@OData.Community.Display.V1.FormattedValue` carries the label;
 * - every row carries `@odata.etag` (`W/"<versionnumber>"`).
 */

const FORMATTED = '@OData.Community.Display.V1.FormattedValue';
const LOOKUP_NAME = '@Microsoft.Dynamics.CRM.lookuplogicalname';

/** A Dataverse error answer. @param {number} status @param {string} code @param {string} message */
function dvError(status, code, message, headers = {}) {
	return { status, body: { error: { code, message } }, headers };
}

/** @param {string} table */
const attrsOf = (table) => new Map(TABLES[table].attributes.map((a) => [a.name, a]));

/** The names a column is read under (`_x_value` for lookups). @param {any} a */
const readName = (a) => (isLookup(a) ? `_${a.name}_value` : a.name);

/** @param {string} table @param {string} name a name as read (`_x_value` or the column) */
function columnOfReadName(table, name) {
	const m = /^_(.+)_value$/.exec(name);
	const attrs = attrsOf(table);
	const a = attrs.get(m ? m[1] : name);
	if (!a || (m && !isLookup(a)) || (!m && isLookup(a))) return undefined;
	return a;
}

/**
 * @param {ReturnType<import('./store').createStore>} store
 * @param {{ baseUrl: () => string }} env
 */
function createRecords(store, env) {
	/** The primary name of a row (for lookups' formatted values). */
	function nameOf(table, id) {
		if (table === 'systemuser') return require('./store').USERS.find((u) => u.systemuserid === id)?.fullname ?? null;
		const spec = TABLES[table];
		const row = spec && store.table(table).get(id);
		return row ? (row[spec.primaryName] ?? null) : null;
	}

	/**
	 * A stored row as JSON. `select` lists read names; annotations `*` or containing
	 * `FormattedValue`/`lookuplogicalname` add those annotations.
	 * @param {string} table @param {any} row @param {string[] | undefined} select @param {string | undefined} annotations
	 */
	function toJson(table, row, select, annotations) {
		const spec = TABLES[table];
		const out = { '@odata.etag': `W/"${row.versionnumber}"` };
		const wantFormatted = annotations !== undefined && (annotations === '*' || /FormattedValue|\*/.test(annotations));
		const wantLookup = annotations !== undefined && (annotations === '*' || /lookuplogicalname|\*/.test(annotations));
		for (const a of spec.attributes) {
			const name = readName(a);
			if (select && !select.includes(name) && a.name !== spec.primaryId) continue;
			const value = row[a.name];
			if (isLookup(a)) {
				out[name] = value?.id ?? null;
				if (value && wantLookup) out[`${name}${LOOKUP_NAME}`] = value.table;
				if (value && wantFormatted) out[`${name}${FORMATTED}`] = nameOf(value.table, value.id);
				continue;
			}
			out[name] = value ?? null;
			if (value !== null && value !== undefined && wantFormatted && a.options) {
				const label = a.options.find((o) => o.value === value)?.label;
				if (label) out[`${name}${FORMATTED}`] = label;
			}
			if (value !== null && value !== undefined && wantFormatted && a.type === 'Money') out[`${name}${FORMATTED}`] = `$${Number(value).toFixed(2)}`;
		}
		return out;
	}

	/** `accounts(00000000-…)` or a full URL of one → { table, id }. @param {string} ref */
	function resolveRef(ref) {
		const m = /(?:^|\/)([A-Za-z_]+)\(([0-9a-fA-F-]{36})\)$/.exec(String(ref ?? '').trim());
		if (!m) return undefined;
		const table = tableOfSet(m[1]);
		return table ? { table, id: m[2].toLowerCase() } : undefined;
	}

	/**
	 * A request body → plain column values, checked as Dataverse checks them.
	 * @param {string} table @param {any} body @param {'create' | 'update'} mode
	 * @returns {{ values: any } | { error: any }}
	 */
	function readBody(table, body, mode) {
		const spec = TABLES[table];
		if (!body || typeof body !== 'object' || Array.isArray(body)) return { error: dvError(400, '0x80040203', 'The request body must be a JSON object') };
		const attrs = attrsOf(table);
		const values = {};
		for (const [key, value] of Object.entries(body)) {
			if (key === '@odata.type') {
				if (value !== `Microsoft.Dynamics.CRM.${table}`) return { error: dvError(400, '0x80048d19', `The @odata.type '${value}' does not match the entity set of table '${table}'.`) };
				continue;
			}
			if (key === '@odata.id' || key === '@odata.etag') continue;
			const bind = /^(.+)@odata\.bind$/.exec(key);
			if (bind) {
				const a = spec.attributes.find((x) => x.nav && Object.values(x.nav).includes(bind[1]));
				if (!a) return { error: dvError(400, '0x80048d19', `An undeclared property '${bind[1]}' which only has property annotations in the payload but no property value was found in the payload.`) };
				if (value === null) {
					values[a.name] = null;
					continue;
				}
				const ref = resolveRef(value);
				const target = Object.entries(a.nav).find(([, nav]) => nav === bind[1])?.[0];
				if (!ref || ref.table !== target) return { error: dvError(400, '0x80048d19', `The value '${value}' of '${key}' is not a reference to a ${target} row.`) };
				if (!store.table(ref.table).has(ref.id)) return { error: dvError(404, '0x80040217', `${ref.table} With Id = ${ref.id} Does Not Exist`) };
				values[a.name] = { id: ref.id, table: ref.table };
				continue;
			}
			const a = attrs.get(key);
			if (!a || isLookup(a)) {
				return { error: dvError(400, '0x80048d19', `Error identified in Payload provided by the user for Entity :'${spec.entitySet}', For more information on this error please follow this help link https://go.microsoft.com/fwlink/?linkid=2195293  ----> InnerException : Microsoft.OData.ODataException: The property '${key}' does not exist on type 'Microsoft.Dynamics.CRM.${table}'. Make sure to only use property names that are defined by the type or mark the type as open type.`) };
			}
			if (a.name === spec.primaryId) {
				if (mode === 'create' && typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value)) {
					values[a.name] = value.toLowerCase();
					continue;
				}
				if (mode === 'update' && typeof value === 'string') continue;
				return { error: dvError(400, '0x80040203', `Invalid value for ${a.name}`) };
			}
			if (a.readOnly) return { error: dvError(400, '0x80040203', `The '${a.name}' attribute of the '${table}' entity is read-only and cannot be set.`) };
			if (value === null) {
				values[a.name] = null;
				continue;
			}
			const wrongType = () => ({ error: dvError(400, '0x80048d19', `Cannot convert the literal '${typeof value === 'object' ? JSON.stringify(value) : value}' to the expected type 'Edm.${edmType(a)}'. (property '${a.name}')`) });
			switch (a.type) {
				case 'String':
				case 'Memo':
					if (typeof value !== 'string') return wrongType();
					if (a.maxLength !== undefined && value.length > a.maxLength) {
						return { error: dvError(400, '0x80044331', `A validation error occurred.  The length of the '${a.name}' attribute of the '${table}' entity exceeded the maximum allowed length of '${a.maxLength}'.`) };
					}
					break;
				case 'Integer':
				case 'BigInt':
					if (typeof value !== 'number' || !Number.isInteger(value)) return wrongType();
					if ((a.min !== undefined && value < a.min) || (a.max !== undefined && value > a.max)) {
						return { error: dvError(400, '0x80044331', `A validation error occurred. The value ${value} of '${a.name}' on record of type '${table}' is outside the valid range. Accepted Range: ${a.min} to ${a.max}`) };
					}
					break;
				case 'Money':
				case 'Decimal':
					if (typeof value !== 'number') return wrongType();
					if ((a.min !== undefined && value < a.min) || (a.max !== undefined && value > a.max)) {
						return { error: dvError(400, '0x80044331', `A validation error occurred. The value ${value} of '${a.name}' on record of type '${table}' is outside the valid range.`) };
					}
					break;
				case 'Boolean':
					if (typeof value !== 'boolean') return wrongType();
					break;
				case 'DateTime':
					if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value) || !Number.isFinite(Date.parse(value))) return wrongType();
					values[a.name] = new Date(Date.parse(value)).toISOString().replace('.000Z', 'Z');
					continue;
				case 'DateOnly':
					if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return wrongType();
					break;
				case 'Picklist':
				case 'State':
				case 'Status':
					if (typeof value !== 'number' || !Number.isInteger(value)) return wrongType();
					if (!a.options.some((o) => o.value === value)) {
						return { error: dvError(400, '0x8004431a', `${a.name} value of ${value} is not valid. The value must be one of: ${a.options.map((o) => o.value).join(', ')}.`) };
					}
					break;
				default:
					return wrongType();
			}
			values[a.name] = value;
		}
		return { values };
	}

	/**
	 * A key segment: `(guid)`, `(column=guid)` or an alternate key `(col='v',col2=2)`.
	 * @param {string} table @param {string} text inside the parentheses
	 * @returns {{ id?: string, key?: Record<string, any>, error?: any }}
	 */
	function parseKey(table, text) {
		const spec = TABLES[table];
		if (/^[0-9a-f-]{36}$/i.test(text)) return { id: text.toLowerCase() };
		const pairs = {};
		const re = /\s*([A-Za-z0-9_]+)\s*=\s*('(?:[^']|'')*'|[^,]+)\s*(,|$)/gy;
		let m;
		let consumed = 0;
		while (consumed < text.length && (m = re.exec(text))) {
			consumed = re.lastIndex;
			const raw = m[2];
			pairs[m[1]] = raw.startsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
		}
		if (consumed < text.length || !Object.keys(pairs).length) return { error: dvError(400, '0x80060888', `Bad Request - Error in query syntax: (${text})`) };
		const names = Object.keys(pairs);
		if (names.length === 1 && names[0] === spec.primaryId) return { id: String(pairs[names[0]]).toLowerCase() };
		const defined = store.keys[table].find((k) => k.attributes.length === names.length && k.attributes.every((n) => names.includes(n)));
		if (!defined) {
			return { error: dvError(400, '0x80048d19', `The key specified (${names.join(',')}) is not a valid alternate key of the entity '${table}'. Define an alternate key with these columns.`) };
		}
		return { key: pairs };
	}

	/** The row a key names, if any. @param {string} table @param {{ id?: string, key?: any }} k */
	function find(table, k) {
		if (k.id) return store.table(table).get(k.id);
		for (const row of store.table(table).values()) {
			if (Object.entries(k.key).every(([n, v]) => row[n] !== undefined && row[n] !== null && String(row[n]).toLowerCase() === String(v).toLowerCase())) return row;
		}
		return undefined;
	}

	/** Another row already holding these alternate key values. @param {string} table @param {any} values @param {string | undefined} selfId */
	function keyClash(table, values, selfId) {
		const spec = TABLES[table];
		for (const k of store.keys[table]) {
			if (!k.attributes.every((n) => values[n] !== undefined && values[n] !== null)) continue;
			for (const row of store.table(table).values()) {
				if (row[spec.primaryId] === selfId) continue;
				if (k.attributes.every((n) => String(row[n]).toLowerCase() === String(values[n]).toLowerCase())) {
					return dvError(412, '0x80060892', `A record that has the attribute values ${k.attributes.join(', ')} already exists. The entity key ${k.name} requires that this set of attributes contains unique values. Select unique values and try again.`);
				}
			}
		}
		return undefined;
	}

	/** The row an OData-EntityId names. @param {string} table @param {any} row */
	const entityId = (table, row) => `${env.baseUrl()}/api/data/v9.2/${TABLES[table].entitySet}(${row[TABLES[table].primaryId]})`;

	/**
	 * Create one row. `failRecord` (sandbox fault) rejects it as a plug-in would.
	 * @returns {{ row?: any, error?: any }}
	 */
	function createRow(table, body, ctx, userId, forcedKey) {
		if (ctx.failRecord?.(body)) return { error: dvError(400, '0x80040265', 'The sandbox rejected this record (failRecord).') };
		const read = readBody(table, body, 'create');
		if ('error' in read) return read;
		const values = { ...read.values, ...(forcedKey ?? {}) };
		const spec = TABLES[table];
		const id = values[spec.primaryId];
		if (id && store.table(table).has(id)) return { error: dvError(412, '0x80040237', `A record with matching key values already exists.`) };
		const clash = keyClash(table, values, undefined);
		if (clash) return { error: clash };
		return { row: store.insert(table, values, id, userId) };
	}

	/** @returns {{ row?: any, error?: any }} */
	function updateRow(table, row, body, ctx, userId) {
		if (ctx.failRecord?.(body)) return { error: dvError(400, '0x80040265', 'The sandbox rejected this record (failRecord).') };
		const read = readBody(table, body, 'update');
		if ('error' in read) return read;
		const spec = TABLES[table];
		const clash = keyClash(table, { ...row, ...read.values }, row[spec.primaryId]);
		if (clash) return { error: clash };
		return { row: store.update(table, row, read.values, userId) };
	}

	/**
	 * Reads, with `$select`, `$filter`, `$orderby`, `$top`, `$count`, paging by
	 * `Prefer: odata.maxpagesize` (default and maximum 5,000) and `$skiptoken`.
	 */
	function query(table, ctx, prefs, extraFilter) {
		const spec = TABLES[table];
		const q = ctx.query;
		const known = (n) => columnOfReadName(table, n) !== undefined;
		let select;
		if (q.$select) {
			select = q.$select.split(',').map((s) => s.trim());
			const bad = select.find((s) => !known(s));
			if (bad) return dvError(400, '0x80060888', `Could not find a property named '${bad}' on type 'Microsoft.Dynamics.CRM.${table}'.`);
		}
		let rows = [...store.table(table).values()];
		const flat = (row) => {
			const out = {};
			for (const a of spec.attributes) out[readName(a)] = isLookup(a) ? (row[a.name]?.id ?? null) : row[a.name];
			return out;
		};
		try {
			if (q.$filter) {
				const pred = parseFilter(q.$filter, known);
				rows = rows.filter((r) => pred(flat(r)));
			}
			if (extraFilter) rows = rows.filter(extraFilter);
			if (q.$orderby) {
				const c = parseOrderBy(q.$orderby, known);
				rows.sort((a, b) => c(flat(a), flat(b)));
			}
		} catch (e) {
			if (e instanceof ODataError) return dvError(400, '0x80060888', e.message);
			throw e;
		}
		const total = rows.length;
		if (q.$top !== undefined) {
			const top = Number(q.$top);
			if (!Number.isInteger(top) || top < 0) return dvError(400, '0x80060888', `Invalid $top '${q.$top}'`);
			rows = rows.slice(0, top);
		}
		const pageSize = Math.min(prefs.maxPageSize ?? 5000, 5000);
		const skip = q.$skiptoken ? Number(/pagingcookie="(\d+)"/.exec(q.$skiptoken)?.[1] ?? NaN) : 0;
		if (!Number.isFinite(skip)) return dvError(400, '0x80060888', 'Invalid $skiptoken');
		const page = rows.slice(skip, skip + pageSize);
		const body = {
			'@odata.context': `${env.baseUrl()}/api/data/v9.2/$metadata#${spec.entitySet}`,
		};
		if (q.$count === 'true') body['@odata.count'] = Math.min(total, 5000);
		body.value = page.map((r) => toJson(table, r, select, prefs.annotations));
		if (skip + pageSize < rows.length) {
			const next = new URLSearchParams();
			for (const [k, v] of Object.entries(q)) if (k !== '$skiptoken') next.set(k, v);
			// Dataverse's skip token is a paging cookie (XML); an opaque one of the same shape here.
			next.set('$skiptoken', `<cookie pagenumber="${Math.floor(skip / pageSize) + 2}" pagingcookie="${skip + pageSize}" istracking="False" />`);
			body['@odata.nextLink'] = `${env.baseUrl()}/api/data/v9.2/${spec.entitySet}?${next.toString().replace(/\+/g, '%20')}`;
		}
		const headers = prefs.maxPageSize !== undefined ? { 'Preference-Applied': `odata.maxpagesize=${pageSize}` } : {};
		return { status: 200, body, headers };
	}

	return { toJson, readBody, parseKey, find, createRow, updateRow, query, resolveRef, entityId, nameOf, keyClash, columnOfReadName };
}

/** @param {any} a */
function edmType(a) {
	return { String: 'String', Memo: 'String', Integer: 'Int32', BigInt: 'Int64', Money: 'Decimal', Decimal: 'Decimal', Boolean: 'Boolean', DateTime: 'DateTimeOffset', DateOnly: 'Date', Picklist: 'Int32', State: 'Int32', Status: 'Int32' }[a.type] ?? 'String';
}

module.exports = { createRecords, dvError, edmType, attrsOf, readName, FORMATTED, LOOKUP_NAME };
