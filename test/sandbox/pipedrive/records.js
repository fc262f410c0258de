'use strict';

const { json } = require('../lib/http');
const { pdError, validation, notFound, invalidFields } = require('./errors');
const { V2_ENTITIES, V1_ENTITIES } = require('./schema');

/**
 * Record endpoints. v2 persons/organizations/deals/activities: cursor paging (`cursor`,
 * `limit` <= 500, `additional_data.next_cursor`), `updated_since`, `ids`, `sort_by`/`sort_direction`,
 * PATCH updates; v1 leads and notes: `start`/`limit` paging (`additional_data.pagination`),
 * PATCH (leads) / PUT (notes); v2 search: `GET /api/v2/{persons|organizations|deals|leads}/search`
 * (`term`, `fields`, `exact_match`), results in `data.items[].item`; field lists
 * `GET /v1/{entity}Fields`. v1 records keep custom fields at the root, as stored.
 * Assumption: deleted v2 records answer 404 on GET and are left out of lists.
 * @param {ReturnType<typeof import('./store').createStore>} store
 * @param {ReturnType<typeof import('./validate').createValidator>} validator
 */
function createRecordHandlers(store, validator) {
	/** @param {any} ctx @param {string} entity */
	function listV2(ctx, entity) {
		const q = ctx.query;
		const limit = q.limit === undefined ? 100 : Number(q.limit);
		if (!Number.isInteger(limit) || limit < 1 || limit > 500) return validation('limit must be an integer between 1 and 500');
		let rows = store.alive(entity);
		if (q.updated_since) {
			const since = Date.parse(q.updated_since);
			if (!Number.isFinite(since) || !/T.*(Z|[+-]\d{2}:\d{2})$/.test(q.updated_since)) return validation('updated_since must be an RFC 3339 date-time');
			rows = rows.filter((r) => Date.parse(r.update_time) >= since);
		}
		if (q.owner_id) rows = rows.filter((r) => String(r.owner_id) === String(q.owner_id));
		// Activities v2 `person_id`: "only activities whose primary participant is the given person" (pipedrive/client-php
		// docs/versions/v2/Api/ActivitiesApi.md, the vendor's client); deals have the same filter.
		if (q.person_id !== undefined && (entity === 'activities' || entity === 'deals')) rows = rows.filter((r) => String(r.person_id) === String(q.person_id));
		if (q.ids !== undefined) {
			// "up to 100 entity ids to fetch ... entities that do not exist or are not visible are not included"
			const ids = String(q.ids).split(',').filter(Boolean);
			if (ids.length > 100) return validation('ids takes at most 100 ids');
			rows = rows.filter((r) => ids.includes(String(r.id)));
		}
		const sortBy = q.sort_by ?? 'id';
		if (!['id', 'update_time', 'add_time'].includes(sortBy)) return validation('sort_by must be id, update_time or add_time');
		const dir = (q.sort_direction ?? 'asc') === 'desc' ? -1 : 1;
		const keyOf = (/** @type {any} */ r) => (sortBy === 'id' ? Number(r.id) : Date.parse(r[sortBy]));
		rows.sort((a, b) => dir * (keyOf(a) - keyOf(b) || Number(a.id) - Number(b.id)));
		let start = 0;
		if (q.cursor) {
			try {
				start = JSON.parse(Buffer.from(q.cursor, 'base64url').toString('utf8')).o;
			} catch {
				return validation('cursor is not valid');
			}
		}
		const page = rows.slice(start, start + limit);
		const more = start + limit < rows.length;
		return json({ success: true, data: page, additional_data: { next_cursor: more ? Buffer.from(JSON.stringify({ o: start + limit })).toString('base64url') : null } });
	}

	/** @param {any} ctx @param {string} entity */
	function listV1(ctx, entity) {
		const start = Number(ctx.query.start ?? 0);
		const limit = Number(ctx.query.limit ?? 100);
		if (!Number.isInteger(limit) || limit < 1 || limit > 500) return validation('limit must be an integer between 1 and 500');
		let rows = store.alive(entity);
		const sort = String(ctx.query.sort ?? 'id ASC').trim();
		const m = /^(\w+)\s*(ASC|DESC)?$/i.exec(sort);
		if (!m) return validation('sort must be "field ASC|DESC"');
		const field = m[1];
		const dir = (m[2] ?? 'ASC').toUpperCase() === 'DESC' ? -1 : 1;
		const keyOf = (/** @type {any} */ r) => (field === 'id' ? (entity === 'leads' ? 0 : Number(r.id)) : Date.parse(String(r[field]).replace(' ', 'T') + (String(r[field]).includes('T') ? '' : 'Z')));
		rows.sort((a, b) => dir * (keyOf(a) - keyOf(b)) || String(a.add_time).localeCompare(String(b.add_time)));
		if (ctx.query.user_id) rows = rows.filter((r) => String(r.owner_id ?? r.user_id) === String(ctx.query.user_id));
		// Leads v1 `person_id` ("Leads: Get all leads": limit, start, owner_id, person_id, organization_id, filter_id, sort).
		if (ctx.query.person_id !== undefined && entity === 'leads') rows = rows.filter((r) => String(r.person_id) === String(ctx.query.person_id));
		const page = rows.slice(start, start + limit);
		const more = start + limit < rows.length;
		return json({
			success: true,
			data: page.length ? page : null,
			additional_data: { pagination: { start, limit, more_items_in_collection: more, ...(more ? { next_start: start + limit } : {}) } },
		});
	}

	/** @param {any} ctx @param {string} entity */
	function getOne(ctx, entity) {
		const rec = store.live(entity, ctx.params.id);
		if (!rec) return notFound(V2_ENTITIES[/** @type {keyof typeof V2_ENTITIES} */ (entity)] ?? V1_ENTITIES[/** @type {keyof typeof V1_ENTITIES} */ (entity)]);
		return json({ success: true, data: rec });
	}

	/** @param {any} ctx @param {string} entity */
	function create(ctx, entity) {
		if (ctx.bodyInvalid) return pdError(400, 'Invalid JSON body');
		const unknown = validator.unknownFields(entity, ctx.body);
		if (unknown.length) return invalidFields(unknown);
		const problem = validator.validate(entity, ctx.body, true);
		if (problem) return validation(problem);
		if (ctx.failRecord?.(ctx.body)) return validation('record rejected by the sandbox fault injector');
		return json({ success: true, data: store.applyWrite(entity, ctx.body) }, entity in V2_ENTITIES ? 200 : 201);
	}

	/** @param {any} ctx @param {string} entity */
	function update(ctx, entity) {
		const rec = store.live(entity, ctx.params.id);
		if (!rec) return notFound(entity);
		if (ctx.bodyInvalid) return pdError(400, 'Invalid JSON body');
		const unknown = validator.unknownFields(entity, ctx.body);
		if (unknown.length) return invalidFields(unknown);
		const problem = validator.validate(entity, ctx.body, false);
		if (problem) return validation(problem);
		if (ctx.failRecord?.(ctx.body)) return validation('record rejected by the sandbox fault injector');
		return json({ success: true, data: store.applyWrite(entity, ctx.body, rec) });
	}

	/** @param {any} ctx @param {string} entity */
	function remove(ctx, entity) {
		const rec = store.live(entity, ctx.params.id);
		if (!rec) return notFound(entity);
		store.remove(entity, rec);
		return json({ success: true, data: { id: entity === 'leads' ? rec.id : Number(rec.id) } });
	}

	/** @param {any} ctx @param {string} entity */
	function search(ctx, entity) {
		const term = String(ctx.query.term ?? '');
		const exact = ctx.query.exact_match === 'true' || ctx.query.exact_match === '1';
		if (term.length < (exact ? 1 : 2)) return validation('term must be at least 2 characters (1 with exact_match)');
		const limit = Number(ctx.query.limit ?? 100);
		if (!Number.isInteger(limit) || limit < 1 || limit > 500) return validation('limit must be an integer between 1 and 500');
		const defaults = { persons: ['name', 'email', 'phone', 'custom_fields'], organizations: ['name', 'address', 'custom_fields'], deals: ['title', 'custom_fields'], leads: ['title', 'custom_fields'] };
		const wanted = ctx.query.fields ? String(ctx.query.fields).split(',') : defaults[/** @type {keyof typeof defaults} */ (entity)];
		const t = term.toLowerCase();
		const hit = (/** @type {unknown} */ v) => typeof v === 'string' && (exact ? v.toLowerCase() === t : v.toLowerCase().includes(t));
		const matches = store.alive(entity).filter((r) =>
			wanted.some((f) => {
				if (f === 'email') return (r.emails ?? []).some((/** @type {any} */ e) => hit(e.value));
				if (f === 'phone') return (r.phones ?? []).some((/** @type {any} */ e) => hit(e.value));
				if (f === 'address') return hit(r.address?.value);
				if (f === 'custom_fields') return Object.values(entity === 'leads' ? r : r.custom_fields ?? {}).some(hit);
				return hit(r[f]);
			}),
		);
		matches.sort((a, b) => String(a.id).localeCompare(String(b.id), undefined, { numeric: true }));
		let start = 0;
		if (ctx.query.cursor) start = JSON.parse(Buffer.from(ctx.query.cursor, 'base64url').toString('utf8')).o;
		const page = matches.slice(start, start + limit);
		const more = start + limit < matches.length;
		const item = (/** @type {any} */ r) => {
			const base = { id: r.id, type: V2_ENTITIES[/** @type {keyof typeof V2_ENTITIES} */ (entity)] ?? 'lead', owner: { id: r.owner_id } };
			if (entity === 'persons') return { ...base, name: r.name, emails: (r.emails ?? []).map((/** @type {any} */ e) => e.value), phones: (r.phones ?? []).map((/** @type {any} */ e) => e.value), organization: r.org_id ? { id: r.org_id } : null };
			if (entity === 'organizations') return { ...base, name: r.name, address: r.address?.value ?? null };
			return { ...base, title: r.title };
		};
		return json({
			success: true,
			data: { items: page.map((r) => ({ result_score: 1, item: item(r) })) },
			additional_data: { next_cursor: more ? Buffer.from(JSON.stringify({ o: start + limit })).toString('base64url') : null },
		});
	}

	/** @param {any} ctx @param {string} entity */
	function fieldList(ctx, entity) {
		const start = Number(ctx.query.start ?? 0);
		const limit = Number(ctx.query.limit ?? 100);
		const all = store.fieldsOf(entity);
		const page = all.slice(start, start + limit);
		const more = start + limit < all.length;
		return json({ success: true, data: page, additional_data: { pagination: { start, limit, more_items_in_collection: more, ...(more ? { next_start: start + limit } : {}) } } });
	}

	return { listV2, listV1, getOne, create, update, remove, search, fieldList };
}

module.exports = { createRecordHandlers };
