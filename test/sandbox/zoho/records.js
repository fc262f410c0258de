'use strict';

const { json } = require('../lib/http');
const { zohoError, recordError } = require('./errors');

/**
 * Records of a module (crm-oas v8.0 record.json): list, get, create, update,
 * upsert, delete, search, deleted records, and lead conversion.
 *
 * Rules, each from Zoho's v8 docs as CRM-FACTS.md records them, else marked:
 * - list: `fields` is required (REQUIRED_PARAM_MISSING) and takes at most 50
 *   (assumption: answered LIMIT_EXCEEDED); `per_page` at most 200; `page` only
 *   reaches the first 2,000 records: a page beyond answers 400
 *   DISCRETE_PAGINATION_LIMIT_EXCEEDED (the code is from memory of Zoho's v4+
 *   docs: assumption), and `page_token` (from `info.next_page_token`, valid
 *   24 h) goes further; `page` with `page_token` is refused; no record: 204;
 *   `If-Modified-Since`: records modified after it (304 when none).
 * - writes: at most 100 records per call; all written: 201 (create) or 200;
 *   none: 400; some: 207, one entry per input in input order.
 * - upsert: `duplicate_check_fields` in order (default: the module's system
 *   duplicate-check fields, then its unique fields); `action` insert/update and
 *   `duplicate_field` in the success entry.
 * - search: `criteria` `(Field:operator:value)` joined by and/or, or `email`,
 *   `phone`, `word`; at most 2,000 records through `page` (assumption); 204
 *   when nothing matches.
 */

const MAX_FIELDS = 50;
const MAX_PER_PAGE = 200;
const PAGE_LIMIT = 2000;
const MAX_WRITE = 100;
const TOKEN_TTL_MS = 24 * 3600 * 1000;

/** @param {any} store @param {ReturnType<typeof import('./validate').createValidator>} validator */
function createRecordHandlers(store, validator) {
	/** @type {Map<string, { module: string, ids: string[], offset: number, fields: string[], perPage: number, expires: number }>} */
	const pageTokens = new Map();
	let tokenSeq = 0;

	/** @param {any} rec @param {string[] | undefined} fields */
	const project = (rec, fields) => {
		if (!fields) return { ...rec };
		/** @type {Record<string, unknown>} */
		const out = { id: rec.id };
		for (const name of fields) out[name] = rec[name] ?? null;
		return out;
	};

	/** The `fields` query checked against the module; an error answer or the list. @param {any} ctx @param {string} module @param {boolean} required */
	function fieldsOf(ctx, module, required) {
		const raw = ctx.query.fields;
		if (raw === undefined || raw === '') {
			if (required) return { error: zohoError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param: 'fields' }) };
			return { fields: undefined };
		}
		const fields = String(raw)
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
		if (fields.length > MAX_FIELDS) return { error: zohoError(400, 'LIMIT_EXCEEDED', 'Max field limit exceeded', { param: 'fields', limit: MAX_FIELDS }) };
		const spec = store.moduleOf(module);
		for (const name of fields) {
			if (!spec.fields.some((/** @type {any} */ x) => x.api_name === name)) return { error: zohoError(400, 'INVALID_DATA', 'invalid data', { api_name: name, param: 'fields' }) };
		}
		return { fields };
	}

	/** @param {any} ctx */
	function modifiedSince(ctx) {
		const raw = ctx.headers['if-modified-since'];
		if (!raw) return undefined;
		const t = Date.parse(String(raw));
		return Number.isNaN(t) ? undefined : t;
	}

	/** Sorted ids of a module's records by `sort_by`/`sort_order` (Zoho allows id, Created_Time, Modified_Time). @param {any[]} list @param {any} q */
	function sorted(list, q) {
		const by = q.sort_by ?? 'id';
		const dir = q.sort_order === 'desc' ? -1 : 1;
		/** @param {any} r */
		const key = (r) => (by === 'id' ? BigInt(r.id) : Date.parse(r[by]));
		return [...list].sort((a, b) => {
			const ka = key(a);
			const kb = key(b);
			if (ka !== kb) return (ka < kb ? -1 : 1) * dir;
			return (BigInt(a.id) < BigInt(b.id) ? -1 : 1) * dir;
		});
	}

	/**
	 * A page of `list` (the records in order) by `page`/`per_page` or `page_token`.
	 * @param {any} ctx @param {string} module @param {any[]} list @param {string[] | undefined} fields @param {{ tokens: boolean }} opts
	 */
	function pageOf(ctx, module, list, fields, opts) {
		const q = ctx.query;
		const perPage = q.per_page === undefined ? MAX_PER_PAGE : Number(q.per_page);
		if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) return zohoError(400, 'INVALID_DATA', 'invalid data', { param: 'per_page', maximum: MAX_PER_PAGE });
		let offset;
		let ids = list.map((r) => r.id);
		if (q.page_token !== undefined) {
			if (!opts.tokens) return zohoError(400, 'INVALID_DATA', 'invalid data', { param: 'page_token' });
			if (q.page !== undefined) return zohoError(400, 'INVALID_DATA', 'page and page_token cannot be given together', { param: 'page' });
			const state = pageTokens.get(String(q.page_token));
			if (!state || state.module !== module) return zohoError(400, 'INVALID_DATA', 'invalid data', { param: 'page_token' });
			if (state.expires < store.nowMs()) return zohoError(400, 'INVALID_DATA', 'the page_token has expired', { param: 'page_token' });
			offset = state.offset;
			ids = state.ids;
		} else {
			const page = q.page === undefined ? 1 : Number(q.page);
			if (!Number.isInteger(page) || page < 1) return zohoError(400, 'INVALID_DATA', 'invalid data', { param: 'page' });
			offset = (page - 1) * perPage;
			if (offset >= PAGE_LIMIT) {
				return zohoError(400, 'DISCRETE_PAGINATION_LIMIT_EXCEEDED', `page and per_page reach only the first ${PAGE_LIMIT} records; use page_token to fetch more`, { limit: PAGE_LIMIT });
			}
		}
		// page/per_page never reach past the 2,000th record; a page_token does.
		const end = q.page_token === undefined ? Math.min(offset + perPage, PAGE_LIMIT) : offset + perPage;
		const pageIds = ids.slice(offset, end);
		const records = store.records[module];
		const data = pageIds.map((id) => records.get(id)).filter(Boolean).map((r) => project(r, fields));
		if (!data.length) return { status: 204 };
		const more = opts.tokens ? end < ids.length : end < Math.min(ids.length, PAGE_LIMIT);
		/** @type {Record<string, unknown>} */
		const info = { per_page: perPage, count: data.length, page: q.page_token === undefined ? Math.floor(offset / perPage) + 1 : Math.floor(end / perPage), sort_by: q.sort_by ?? 'id', sort_order: q.sort_order ?? 'asc', more_records: more };
		// Tokens only when there is a next page (crm-oas Info types them string, not nullable).
		if (opts.tokens) {
			if (more) {
				const token = `sbx${++tokenSeq}${Math.random().toString(36).slice(2, 10)}`;
				const expires = store.nowMs() + TOKEN_TTL_MS;
				pageTokens.set(token, { module, ids, offset: end, fields: fields ?? [], perPage, expires });
				info.next_page_token = token;
				info.page_token_expiry = store.stamp(expires);
			}
		}
		return json({ data, info });
	}

	/** @param {any} ctx @param {string} module */
	function list(ctx, module) {
		const { fields, error } = fieldsOf(ctx, module, true);
		if (error) return error;
		let all = store.alive(module);
		if (ctx.query.ids) {
			const wanted = new Set(String(ctx.query.ids).split(','));
			all = all.filter((/** @type {any} */ r) => wanted.has(r.id));
		}
		if (module === 'Leads' && ctx.query.converted !== 'true' && ctx.query.converted !== 'both') all = all.filter((/** @type {any} */ r) => !r.$converted);
		const since = modifiedSince(ctx);
		if (since !== undefined) {
			all = all.filter((/** @type {any} */ r) => Date.parse(r.Modified_Time) > since);
			if (!all.length) return { status: 304 };
		}
		return pageOf(ctx, module, sorted(all, ctx.query), fields, { tokens: true });
	}

	/** @param {any} ctx @param {string} module */
	function getOne(ctx, module) {
		const { fields, error } = fieldsOf(ctx, module, false);
		if (error) return error;
		const rec = store.records[module].get(ctx.params.id);
		// Assumption: a record that does not exist (or was deleted) answers 204 No Content, as an empty list does.
		if (!rec) return { status: 204 };
		return json({ data: [project(rec, fields)] });
	}

	/** @param {any} rec @param {string} message @param {Record<string, unknown>} [extra] */
	const success = (rec, message, extra = {}) => ({
		code: 'SUCCESS',
		details: { Modified_Time: rec.Modified_Time, Modified_By: rec.Modified_By, Created_Time: rec.Created_Time, id: rec.id, Created_By: rec.Created_By },
		message,
		status: 'success',
		...extra,
	});

	/** One answer for a batch: 2xx when all succeeded, 400 when none did, 207 when some did. @param {any[]} entries @param {number} okStatus */
	function batchAnswer(entries, okStatus) {
		const ok = entries.filter((e) => e.status === 'success').length;
		const status = ok === entries.length ? okStatus : ok === 0 ? 400 : 207;
		return json({ data: entries }, status);
	}

	/** @param {any} ctx */
	function dataOf(ctx) {
		const data = ctx.body?.data;
		if (!Array.isArray(data) || !data.length) return { error: zohoError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param: 'data' }) };
		if (data.length > MAX_WRITE) return { error: zohoError(400, 'LIMIT_EXCEEDED', `at most ${MAX_WRITE} records per call`, { limit: MAX_WRITE }) };
		return { data };
	}

	/** Validation, then the sandbox's injected per-record failure. @param {any} ctx @param {string} module @param {any} body @param {number} i @param {boolean} creating */
	function checkRecord(ctx, module, body, i, creating) {
		const err = validator.check(module, body, i, { creating });
		if (err) return err;
		if (ctx.failRecord?.(body)) return recordError('INVALID_DATA', 'Record rejected by the sandbox fault injection', { json_path: `$.data[${i}]` });
		return undefined;
	}

	/** @param {any} ctx @param {string} module */
	function create(ctx, module) {
		const { data, error } = dataOf(ctx);
		if (error) return error;
		const entries = data.map((/** @type {any} */ body, /** @type {number} */ i) => {
			const err = checkRecord(ctx, module, body, i, true);
			if (err) return err;
			return success(store.applyWrite(module, validator.normalize(module, body)), 'record added');
		});
		return batchAnswer(entries, 201);
	}

	/** @param {any} ctx @param {string} module */
	function update(ctx, module) {
		const single = ctx.params.id;
		const { data, error } = dataOf(ctx);
		if (error) return error;
		if (single && data.length !== 1) return zohoError(400, 'INVALID_DATA', 'invalid data', { api_name: 'data' });
		const entries = data.map((/** @type {any} */ body, /** @type {number} */ i) => {
			const id = single ?? body?.id;
			if (!id) return recordError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'id', json_path: `$.data[${i}].id` });
			const existing = store.records[module].get(String(id));
			if (!existing) return recordError('INVALID_DATA', 'the id given seems to be invalid', { api_name: 'id', id: String(id), json_path: `$.data[${i}].id` });
			const err = checkRecord(ctx, module, body, i, false);
			if (err) return err;
			return success(store.applyWrite(module, validator.normalize(module, body), existing), 'record updated');
		});
		return batchAnswer(entries, 200);
	}

	/** @param {any} ctx @param {string} module */
	function upsert(ctx, module) {
		const { data, error } = dataOf(ctx);
		if (error) return error;
		const spec = store.moduleOf(module);
		const given = ctx.body.duplicate_check_fields;
		const uniqueFields = spec.fields.filter((/** @type {any} */ x) => x.unique).map((/** @type {any} */ x) => x.api_name);
		const keys = Array.isArray(given) && given.length ? given : [...spec.duplicateCheck, ...uniqueFields];
		for (const key of keys) {
			if (!spec.duplicateCheck.includes(key) && !uniqueFields.includes(key)) {
				return zohoError(400, 'INVALID_DATA', 'the field is not a unique field or a system duplicate check field', { api_name: key, param: 'duplicate_check_fields' });
			}
		}
		const entries = data.map((/** @type {any} */ body, /** @type {number} */ i) => {
			let existing;
			let matchedBy;
			for (const key of keys) {
				const v = body?.[key];
				if (v === undefined || v === null || v === '') continue;
				const wanted = String(v).toLowerCase();
				existing = store.alive(module).find((/** @type {any} */ r) => r[key] !== undefined && r[key] !== null && String(r[key]).toLowerCase() === wanted);
				if (existing) {
					matchedBy = key;
					break;
				}
			}
			const err = checkRecord(ctx, module, body, i, !existing);
			if (err) return err;
			const rec = store.applyWrite(module, validator.normalize(module, body), existing);
			return success(rec, existing ? 'record updated' : 'record added', existing ? { action: 'update', duplicate_field: matchedBy } : { action: 'insert' });
		});
		return batchAnswer(entries, 200);
	}

	/** @param {any} ctx @param {string} module */
	function remove(ctx, module) {
		const ids = ctx.params.id ? [ctx.params.id] : String(ctx.query.ids ?? '').split(',').filter(Boolean);
		if (!ids.length) return zohoError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param: 'ids' });
		if (ids.length > MAX_WRITE) return zohoError(400, 'LIMIT_EXCEEDED', `at most ${MAX_WRITE} records per call`, { limit: MAX_WRITE });
		const entries = ids.map((id) =>
			store.remove(module, id)
				? { code: 'SUCCESS', details: { id }, message: 'record deleted', status: 'success' }
				: recordError('INVALID_DATA', 'the related id given seems to be invalid', { id }),
		);
		return batchAnswer(entries, 200);
	}

	/** `(Field:operator:value)` groups joined by `and`/`or`, as Zoho's search criteria. @param {string} criteria */
	function parseCriteria(criteria) {
		const parts = [];
		const re = /\(([^():]+):([a-z_]+):((?:\\.|[^()\\])*)\)|\b(and|or)\b/gi;
		let m;
		while ((m = re.exec(criteria))) {
			if (m[4]) parts.push(m[4].toLowerCase());
			else parts.push({ field: m[1].trim(), op: m[2], value: m[3].replace(/\\(.)/g, '$1') });
		}
		if (!parts.length || typeof parts[0] === 'string') return undefined;
		return parts;
	}

	/** @param {any} rec @param {{ field: string, op: string, value: string }} c */
	function matches(rec, c) {
		const raw = rec[c.field];
		const v = raw && typeof raw === 'object' ? raw.id : raw;
		const text = v === undefined || v === null ? '' : String(v).toLowerCase();
		const want = c.value.toLowerCase();
		switch (c.op) {
			case 'equals':
				return text === want;
			case 'not_equal':
				return text !== want;
			case 'starts_with':
				return text.startsWith(want);
			case 'in':
				return want.split(',').map((s) => s.trim()).includes(text);
			case 'greater_than':
				return text > want;
			case 'less_than':
				return text < want;
			case 'greater_equal':
				return text >= want;
			case 'less_equal':
				return text <= want;
			default:
				return false;
		}
	}

	/** @param {any} ctx @param {string} module */
	function search(ctx, module) {
		const q = ctx.query;
		const { fields, error } = fieldsOf(ctx, module, false);
		if (error) return error;
		/** @type {(r: any) => boolean} */
		let test;
		if (q.criteria) {
			const parts = parseCriteria(String(q.criteria));
			if (!parts) return zohoError(400, 'INVALID_QUERY', 'invalid query formed', { param: 'criteria' });
			const spec = store.moduleOf(module);
			for (const p of parts) {
				if (typeof p === 'string') continue;
				if (!spec.fields.some((/** @type {any} */ x) => x.api_name === p.field)) return zohoError(400, 'INVALID_QUERY', 'invalid query formed', { api_name: p.field, param: 'criteria' });
				if (!['equals', 'not_equal', 'starts_with', 'in', 'greater_than', 'less_than', 'greater_equal', 'less_equal'].includes(p.op)) {
					return zohoError(400, 'INVALID_QUERY', 'invalid query formed', { operator: p.op, param: 'criteria' });
				}
			}
			test = (r) => {
				let acc = matches(r, /** @type {any} */ (parts[0]));
				for (let i = 1; i + 1 < parts.length; i += 2) acc = parts[i] === 'and' ? acc && matches(r, /** @type {any} */ (parts[i + 1])) : acc || matches(r, /** @type {any} */ (parts[i + 1]));
				return acc;
			};
		} else if (q.email) {
			const want = String(q.email).toLowerCase();
			const spec = store.moduleOf(module);
			const emailFields = spec.fields.filter((/** @type {any} */ x) => x.data_type === 'email').map((/** @type {any} */ x) => x.api_name);
			test = (r) => emailFields.some((/** @type {string} */ n) => String(r[n] ?? '').toLowerCase() === want);
		} else if (q.phone) {
			const digits = String(q.phone).replace(/\D/g, '');
			test = (r) => ['Phone', 'Mobile'].some((n) => digits && String(r[n] ?? '').replace(/\D/g, '') === digits);
		} else if (q.word) {
			const want = String(q.word).toLowerCase();
			test = (r) => Object.values(r).some((v) => typeof v === 'string' && v.toLowerCase().includes(want));
		} else return zohoError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param: 'criteria' });
		const found = sorted(store.alive(module).filter(test), { sort_by: 'id' });
		return pageOf(ctx, module, found, fields, { tokens: false });
	}

	/** `GET /{module}/deleted?type=all|recycle|permanent`. @param {any} ctx @param {string} module */
	function deletedList(ctx, module) {
		const type = ctx.query.type ?? 'all';
		if (!['all', 'recycle', 'permanent'].includes(type)) return zohoError(400, 'INVALID_DATA', 'invalid data', { param: 'type' });
		let list = store.deleted[module].filter((/** @type {any} */ d) => type === 'all' || d.type === type);
		const since = modifiedSince(ctx);
		if (since !== undefined) {
			list = list.filter((/** @type {any} */ d) => Date.parse(d.deleted_time) > since);
			if (!list.length) return { status: 304 };
		}
		const perPage = ctx.query.per_page === undefined ? MAX_PER_PAGE : Number(ctx.query.per_page);
		const page = ctx.query.page === undefined ? 1 : Number(ctx.query.page);
		if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) return zohoError(400, 'INVALID_DATA', 'invalid data', { param: 'per_page' });
		const data = list.slice((page - 1) * perPage, page * perPage);
		if (!data.length) return { status: 204 };
		return json({ data, info: { per_page: perPage, count: data.length, page, more_records: page * perPage < list.length } });
	}

	/**
	 * `POST /Leads/{id}/actions/convert` (crm-oas v8.0 convert_lead.json): the lead becomes a
	 * contact, an account (from Company; an existing account by `Accounts.id`) and, when
	 * `Deals` is given, a deal. 5 credits (Zoho's API limits page).
	 * @param {any} ctx
	 */
	function convert(ctx) {
		const lead = store.records.Leads.get(ctx.params.id);
		if (!lead) return zohoError(400, 'INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one', { resource_path_index: 1 });
		if (lead.$converted) return zohoError(400, 'ID_ALREADY_CONVERTED', 'id already converted', { resource_path_index: 1 });
		const opts = Array.isArray(ctx.body?.data) ? ctx.body.data[0] ?? {} : {};
		let account;
		if (opts.Accounts?.id) {
			account = store.records.Accounts.get(String(opts.Accounts.id));
			if (!account) return json({ data: [recordError('INVALID_DATA', 'invalid data', { api_name: 'Accounts', json_path: '$.data[0].Accounts' })] }, 400);
		} else if (lead.Company) {
			account = store.alive('Accounts').find((/** @type {any} */ a) => a.Account_Name === lead.Company) ?? store.applyWrite('Accounts', { Account_Name: lead.Company });
		}
		const contactBody = { Last_Name: lead.Last_Name, ...(lead.First_Name ? { First_Name: lead.First_Name } : {}), ...(lead.Email ? { Email: lead.Email } : {}), ...(lead.Phone ? { Phone: lead.Phone } : {}), ...(account ? { Account_Name: { id: account.id } } : {}) };
		let deal = null;
		if (opts.Deals) {
			const err = validator.check('Deals', opts.Deals, 0, { creating: true });
			if (err) return json({ data: [{ ...err, details: { ...err.details, json_path: `$.data[0].Deals.${err.details.api_name}` } }] }, 400);
		}
		const contact = store.applyWrite('Contacts', contactBody);
		if (opts.Deals) deal = store.applyWrite('Deals', { ...validator.normalize('Deals', opts.Deals), ...(account ? { Account_Name: { id: account.id } } : {}), Contact_Name: { id: contact.id } });
		store.applyWrite('Leads', { $converted: true }, lead);
		return json({
			data: [
				{
					code: 'SUCCESS',
					message: 'The record has been converted successfully',
					status: 'success',
					details: { Contacts: { id: contact.id }, Accounts: account ? { id: account.id } : null, Deals: deal ? { id: deal.id } : null },
				},
			],
		});
	}

	return { list, getOne, create, update, upsert, remove, search, deletedList, convert, sorted, project, fieldsOf };
}

module.exports = { createRecordHandlers, MAX_FIELDS, MAX_PER_PAGE, PAGE_LIMIT, MAX_WRITE };
