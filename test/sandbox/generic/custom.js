'use strict';

/**
 * "Any REST API" for the REST CRM node's custom resource (issue 13): one store of
 * members served under five API shapes, one per paging style of shared/paging,
 * each with its own names for the id and updated-at fields, its own envelope and
 * its own update method, so a custom-resource description is exercised in full.
 * Our own design (GENERIC-API.md "Custom resources"); same auth and limits as /api/v1.
 *
 * | style | list | records at | paging | id field | updated-at | single record at | update |
 * |---|---|---|---|---|---|---|---|
 * | page | GET /api/v1/ext/page/members | data | ?page (1-based) & per_page | id | updated_at | data | PATCH |
 * | offset | GET /api/v1/ext/offset/members | items | ?offset & limit, `total` | member_id | modified_at | item | PUT |
 * | cursor | GET /api/v1/ext/cursor/members | results | ?cursor & limit, `next_cursor` (null at the end) | uid | updated | (bare) | PATCH |
 * | link | GET /api/v1/ext/link/members | (bare array) | ?page & per_page, RFC 8288 `Link: <…>; rel="next"` | id | updated_at | (bare) | PATCH |
 * | next | GET /api/v1/ext/next/members | data.records | ?limit (&after), `links.next` a full URL (null at the end) | id | last_modified | data | PUT |
 *
 * Every page is at most 50 records (more is a 422). Item paths: `<list>/{id}`
 * (GET, PUT or PATCH as the table says (the other method is a 405), DELETE 204).
 * Filters: any writable field by exact value (`?email=`); `updated_since` (ISO)
 * on page and cursor only (the other shapes refuse it, as many APIs would).
 * Fields: `given_name` (required), `family_name`, `email` (unique), `phone`, `title`;
 * unknown fields 422, read-only ones (id, created, updated names) ignored.
 * PUT replaces: omitted fields become null, `given_name` must be there.
 */

const MAX_PAGE = 50;
const FIELDS = { given_name: { required: true }, family_name: {}, email: { email: true, unique: true }, phone: {}, title: {} };

/** @type {Record<string, { id: string, updated: string, created: string, list: string, one: string, update: 'PUT' | 'PATCH', since: boolean }>} */
const STYLES = {
	page: { id: 'id', updated: 'updated_at', created: 'created_at', list: 'data', one: 'data', update: 'PATCH', since: true },
	offset: { id: 'member_id', updated: 'modified_at', created: 'created_at', list: 'items', one: 'item', update: 'PUT', since: false },
	cursor: { id: 'uid', updated: 'updated', created: 'created', list: 'results', one: '', update: 'PATCH', since: true },
	link: { id: 'id', updated: 'updated_at', created: 'created_at', list: '', one: '', update: 'PATCH', since: false },
	next: { id: 'id', updated: 'last_modified', created: 'created_at', list: 'data.records', one: 'data', update: 'PUT', since: false },
};

/** @param {{ json: Function, err: Function, stamp: () => string, baseUrl: () => string }} deps */
function createCustom(deps) {
	const { json, err, stamp } = deps;
	/** @type {Map<number, { id: number, given_name: string, family_name: string | null, email: string | null, phone: string | null, title: string | null, created: string, updated: string }>} */
	const members = new Map();
	let nextId = 1;

	/** @param {any} rec @param {string} style */
	function render(rec, style) {
		const s = STYLES[style];
		const { id, created, updated, ...rest } = rec;
		return { [s.id]: id, ...rest, [s.created]: created, [s.updated]: updated };
	}

	/** @param {string} path @param {any} value */
	function wrap(path, value) {
		if (!path) return value;
		return path
			.split('.')
			.reverse()
			.reduce((acc, key) => ({ [key]: acc }), value);
	}

	/** @param {any} body @param {string} style @param {boolean} partial @param {number} [selfId] */
	function validate(body, style, partial, selfId) {
		const s = STYLES[style];
		/** @type {Record<string, string>} */
		const fields = {};
		/** @type {Record<string, any>} */
		const values = {};
		if (!body || typeof body !== 'object' || Array.isArray(body)) return { fields: { _body: 'must be a JSON object' } };
		for (const [k, v] of Object.entries(body)) {
			if (k === s.id || k === s.created || k === s.updated) continue;
			const def = /** @type {any} */ (FIELDS)[k];
			if (!def) fields[k] = 'is not a recognised field';
			else if (v === null || v === '') {
				if (def.required) fields[k] = 'is required';
				else values[k] = null;
			} else if (typeof v !== 'string') fields[k] = 'must be a string';
			else if (v.length > 200) fields[k] = 'must be at most 200 characters';
			else if (def.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) fields[k] = 'must be a valid email address';
			else values[k] = def.email ? v.toLowerCase() : v;
		}
		if (!partial && (body.given_name === undefined || body.given_name === null || body.given_name === '') && !fields.given_name) fields.given_name = 'is required';
		if (Object.keys(fields).length) return { fields };
		if (values.email) for (const r of members.values()) if (r.id !== selfId && r.email === values.email) return { fields: { email: 'is already taken' }, conflict: true };
		return { values };
	}

	/** @param {string} style @param {Record<string, string>} query @param {string} fullUrl */
	function list(style, query, fullUrl) {
		const s = STYLES[style];
		const paging = {
			page: ['page', 'per_page'],
			offset: ['offset', 'limit'],
			cursor: ['cursor', 'limit'],
			link: ['page', 'per_page'],
			next: ['after', 'limit'],
		}[style];
		/** @type {Record<string, string>} */
		const bad = {};
		const sizeParam = paging[1];
		const size = query[sizeParam] === undefined ? 20 : Number(query[sizeParam]);
		if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) bad[sizeParam] = `must be an integer between 1 and ${MAX_PAGE}`;
		for (const k of Object.keys(query)) {
			if (paging.includes(k) || Object.prototype.hasOwnProperty.call(FIELDS, k) || k === s.id) continue;
			if (k === 'updated_since' && s.since) continue;
			bad[k] = 'is not a recognised parameter';
		}
		if (query.updated_since !== undefined && s.since && Number.isNaN(Date.parse(query.updated_since))) bad.updated_since = 'must be an ISO 8601 date-time';
		let start = 0;
		if (style === 'page' || style === 'link') {
			const page = query.page === undefined ? 1 : Number(query.page);
			if (!Number.isInteger(page) || page < 1) bad.page = 'must be an integer >= 1';
			start = (page - 1) * size;
		} else if (style === 'offset') {
			start = query.offset === undefined ? 0 : Number(query.offset);
			if (!Number.isInteger(start) || start < 0) bad.offset = 'must be an integer >= 0';
		}
		let rows = [...members.values()].sort((a, b) => a.id - b.id);
		if (style === 'cursor' || style === 'next') {
			// Opaque cursors: the id of the last record served, encoded.
			const token = style === 'cursor' ? query.cursor : query.after;
			if (token !== undefined) {
				const after = Number(Buffer.from(String(token), 'base64url').toString('utf8').replace(/^after:/, ''));
				if (!Number.isInteger(after)) bad[style === 'cursor' ? 'cursor' : 'after'] = 'is not a valid cursor';
				else rows = rows.filter((r) => r.id > after);
			}
		}
		if (Object.keys(bad).length) return err(422, 'VALIDATION_FAILED', 'Invalid query parameters', bad);
		for (const [k, v] of Object.entries(query)) {
			if (Object.prototype.hasOwnProperty.call(FIELDS, k)) rows = rows.filter((r) => String(/** @type {any} */ (r)[k]) === (k === 'email' ? v.toLowerCase() : v));
			if (k === s.id) rows = rows.filter((r) => v.split(',').includes(String(r.id)));
		}
		if (query.updated_since !== undefined) rows = rows.filter((r) => Date.parse(r.updated) >= Date.parse(query.updated_since));
		const total = rows.length;
		const pageRows = rows.slice(start, start + size);
		const records = pageRows.map((r) => render(r, style));
		const more = start + size < total || ((style === 'cursor' || style === 'next') && rows.length > size);
		const last = pageRows[pageRows.length - 1];
		const token = last ? Buffer.from(`after:${last.id}`).toString('base64url') : undefined;
		switch (style) {
			case 'page':
				return json({ data: records, meta: { page: Number(query.page ?? 1), per_page: size, total, total_pages: Math.ceil(total / size) } });
			case 'offset':
				return json({ items: records, total, offset: start, limit: size });
			case 'cursor':
				return json({ results: records, next_cursor: more && token ? token : null });
			case 'link': {
				/** @type {Record<string, string>} */
				const headers = {};
				if (more) {
					const next = new URL(fullUrl);
					next.searchParams.set('page', String(Number(query.page ?? 1) + 1));
					next.searchParams.set('per_page', String(size));
					headers.Link = `<${next.toString()}>; rel="next"`;
				}
				return json(records, 200, headers);
			}
			default: {
				let next = null;
				if (more && token) {
					const u = new URL(fullUrl);
					u.searchParams.set('after', token);
					u.searchParams.set('limit', String(size));
					next = u.toString();
				}
				return json({ data: { records }, links: { next } });
			}
		}
	}

	/** @type {Array<[string, (ctx: any) => any]>} */
	const routes = [];
	for (const style of Object.keys(STYLES)) {
		const s = STYLES[style];
		const base = `/api/v1/ext/${style}/members`;
		const one = (/** @type {any} */ rec, status = 200) => json(wrap(s.one, render(rec, style)), status);
		const find = (/** @type {any} */ ctx) => members.get(Number(ctx.params.id));
		const notFound = (/** @type {any} */ ctx) => err(404, 'NOT_FOUND', `member ${ctx.params.id} not found`);
		const write = (/** @type {any} */ ctx, /** @type {any} */ existing, /** @type {boolean} */ partial) => {
			if (ctx.bodyInvalid) return err(400, 'INVALID_JSON', 'Request body is not valid JSON');
			const v = validate(ctx.body, style, partial, existing?.id);
			if ('fields' in v) return v.conflict ? err(409, 'CONFLICT', 'A record with this value already exists', v.fields) : err(422, 'VALIDATION_FAILED', 'Validation failed', v.fields);
			if (ctx.failRecord && ctx.failRecord(ctx.body)) return err(422, 'VALIDATION_FAILED', 'Validation failed', { _record: 'rejected by the sandbox failRecord fault' });
			const at = stamp();
			if (!existing) {
				const rec = { id: nextId++, given_name: null, family_name: null, email: null, phone: null, title: null, ...v.values, created: at, updated: at };
				members.set(rec.id, /** @type {any} */ (rec));
				deps.emit?.('members', 'created', render(rec, style));
				return one(rec, 201);
			}
			if (partial) Object.assign(existing, v.values);
			else for (const k of Object.keys(FIELDS)) existing[k] = v.values[k] !== undefined ? v.values[k] : null;
			existing.updated = at;
			return one(existing);
		};
		routes.push(
			[`GET ${base}`, (ctx) => list(style, ctx.query, `${deps.baseUrl()}${ctx.path}${ctx.req.url.includes('?') ? ctx.req.url.slice(ctx.req.url.indexOf('?')) : ''}`)],
			[`POST ${base}`, (ctx) => write(ctx, undefined, false)],
			[`GET ${base}/:id`, (ctx) => (find(ctx) ? one(find(ctx)) : notFound(ctx))],
			[`${s.update} ${base}/:id`, (ctx) => (find(ctx) ? write(ctx, find(ctx), s.update === 'PATCH') : notFound(ctx))],
			[
				`DELETE ${base}/:id`,
				(ctx) => {
					if (!members.delete(Number(ctx.params.id))) return notFound(ctx);
					return { status: 204 };
				},
			],
		);
	}

	return {
		routes,
		styles: STYLES,
		store: {
			list: () => [...members.values()].map((r) => ({ ...r })),
			count: () => members.size,
			/** @param {number} id */
			get: (id) => (members.has(Number(id)) ? { ...members.get(Number(id)) } : undefined),
		},
		/** Puts n members straight into the store. @param {number} n */
		seed(n) {
			for (let i = 0; i < n; i++) {
				const at = stamp();
				const id = nextId++;
				members.set(id, { id, given_name: `Member${id}`, family_name: `Seeded${id}`, email: `member${id}@members.example.com`, phone: null, title: null, created: at, updated: at });
			}
		},
	};
}

module.exports = { createCustom, STYLES, MAX_PAGE };
