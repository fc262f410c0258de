'use strict';

const { json } = require('../lib/http');
const { fsError } = require('./errors');
const { ENTITIES, MAX_PER_PAGE, MAX_IS_IN } = require('./schema');
const { USER_ID } = require('./store');

const SORTABLE = new Set(['created_at', 'updated_at']);
const OPERATORS = new Set(['is_in', 'is', 'contains', 'is_after', 'is_before']);

/** What a contact's `include` takes (a code user's list: second-hand). */
const CONTACT_INCLUDES = ['sales_accounts', 'owner', 'campaign', 'contact_status', 'creater', 'updater', 'source', 'tasks', 'appointments', 'notes', 'deals', 'territory'];

/** `page`/`per_page` (default 25, at most 100) from the query, or the 400 Freshsales answers. @param {Record<string,string>} q */
function paging(q) {
	const page = q.page === undefined ? 1 : Number(q.page);
	const perPage = q.per_page === undefined ? 25 : Number(q.per_page);
	if (!Number.isInteger(page) || page < 1) return { error: fsError(400, 'page must be a positive integer') };
	if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) return { error: fsError(400, `per_page must be between 1 and ${MAX_PER_PAGE}`) };
	return { page, perPage };
}

/** @param {any[]} list @param {string | undefined} sort @param {string | undefined} sortType */
function sorted(list, sort, sortType) {
	const field = sort ?? 'created_at';
	const dir = (sortType ?? 'desc') === 'asc' ? 1 : -1;
	return [...list].sort((a, b) => dir * (Date.parse(a[field]) - Date.parse(b[field]) || Number(a.id) - Number(b.id)));
}

/** One page of `list` with Freshsales' `meta`. @param {string} plural @param {any[]} list @param {number} page @param {number} perPage */
function pageOf(plural, list, page, perPage) {
	return json({ [plural]: list.slice((page - 1) * perPage, page * perPage), meta: { total_pages: Math.max(1, Math.ceil(list.length / perPage)), total: list.length } });
}

/**
 * @param {ReturnType<import('./store').createStore>} store
 * @param {(entity: string, b: any, creating: boolean) => string[]} validate
 */
function createRecordHandlers(store, validate) {
	/** The entity of a path segment, or undefined. @param {string} name */
	const entityOf = (name) => (ENTITIES[name] ? name : undefined);

	/** A write's record body, validated; `failRecord` (sandbox faults) refuses it like the vendor would. @param {any} ctx @param {string} entity @param {any} b @param {boolean} creating */
	function check(ctx, entity, b, creating) {
		const errors = validate(entity, b, creating);
		if (!errors.length && ctx.failRecord?.(b)) errors.push('Record rejected by the sandbox fault injection');
		return errors;
	}

	/** The record of a unique identifier (contacts: any of its emails, case-insensitive). @param {string} entity @param {string} key @param {unknown} value */
	function findByKey(entity, key, value) {
		const wanted = String(value ?? '').toLowerCase();
		const field = key.replace(/^custom_field\./, '');
		return sorted(store.alive(entity), 'created_at', 'asc').find((r) => {
			if (entity === 'contacts' && (key === 'emails' || key === 'email')) return (r.emails ?? []).some((e) => String(e.value).toLowerCase() === wanted);
			if (field.startsWith('cf_')) return String(r.custom_field?.[field] ?? '').toLowerCase() === wanted;
			return String(r[field] ?? '').toLowerCase() === wanted;
		});
	}

	/** Which identifier an upsert may match on: the entity's own, or a unique custom field. @param {string} entity @param {string} key */
	function upsertKeyError(entity, key) {
		const field = key.replace(/^custom_field\./, '');
		if (field === ENTITIES[entity].upsert) return undefined;
		const cf = store.fieldOf(entity, field);
		if (cf && !cf.default && cf.unique) return undefined;
		return `${key} is not a unique identifier of ${ENTITIES[entity].plural}`;
	}

	/** Puts the identifier's value on the record written (a contact's email, an account's name, a custom field). @param {any} data @param {string} key @param {unknown} value */
	function withKey(data, key, value) {
		const field = key.replace(/^custom_field\./, '');
		const out = { ...data };
		if (field === 'emails') {
			if (out.email === undefined && out.emails === undefined) out.email = value;
		} else if (field.startsWith('cf_')) out.custom_field = { [field]: value, ...(out.custom_field ?? {}) };
		else if (out[field] === undefined) out[field] = value;
		return out;
	}

	/** Runs one upsert: 200 with the updated record, 201 with a created one (assumption: the vendor's docs show the record only), or the 400. */
	function upsertOne(/** @type {any} */ ctx, /** @type {string} */ entity, /** @type {string} */ key, /** @type {unknown} */ value, /** @type {any} */ data) {
		const existing = findByKey(entity, key, value);
		// A created record gets the identifier's value; an update leaves the record's own value alone.
		const body = existing ? (data ?? {}) : withKey(data ?? {}, key, value);
		const errors = check(ctx, entity, body, !existing);
		if (errors.length) return { status: 400, errors };
		const rec = store.applyWrite(entity, body, existing);
		return { status: existing ? 200 : 201, record: rec };
	}

	/** Does a filter rule hold for a record? @param {string} entity @param {any} r @param {{ attribute: string, operator: string, value: any }} rule */
	function holds(entity, r, rule) {
		const attr = String(rule.attribute);
		/** @type {unknown[]} */
		let actual;
		if (attr === 'contact_email.email' && entity === 'contacts') actual = (r.emails ?? []).map((e) => e.value);
		else if (attr.startsWith('custom_field.') || attr.startsWith('cf_')) actual = [r.custom_field?.[attr.replace(/^custom_field\./, '')]];
		else actual = [r[attr]];
		const values = (Array.isArray(rule.value) ? rule.value : [rule.value]).map((v) => String(v).toLowerCase());
		const texts = actual.filter((v) => v !== undefined && v !== null).map((v) => String(v).toLowerCase());
		switch (rule.operator) {
			case 'is_in':
			case 'is':
				return texts.some((t) => values.includes(t));
			case 'contains':
				return texts.some((t) => values.some((v) => t.includes(v)));
			case 'is_after':
				return actual.some((v) => Date.parse(String(v)) > Date.parse(String(rule.value)));
			case 'is_before':
				return actual.some((v) => Date.parse(String(v)) < Date.parse(String(rule.value)));
			default:
				return false;
		}
	}

	/** Attributes a filter rule may name. @param {string} entity @param {string} attr */
	function knownAttribute(entity, attr) {
		if (attr === 'id' || attr === 'created_at' || attr === 'updated_at') return true;
		if (attr === 'contact_email.email') return entity === 'contacts';
		const name = attr.replace(/^custom_field\./, '');
		return Boolean(store.fieldOf(entity, name));
	}

	return {
		/** GET /<entity>/filters: the saved views. @param {any} _ctx @param {string} entity */
		views(_ctx, entity) {
			const model = { contacts: 'Contact', sales_accounts: 'SalesAccount', deals: 'Deal' }[entity];
			return json({ filters: store.views[entity].map((v, i) => ({ ...v, model_class_name: model, user_id: USER_ID, is_default: i === 0, is_public: true })) });
		},

		/** GET /<entity>/view/:viewId?page&per_page&sort&sort_type. @param {any} ctx @param {string} entity */
		listView(ctx, entity) {
			const view = store.views[entity].find((v) => String(v.id) === ctx.params.viewId);
			if (!view) return fsError(404, 'View not found');
			const p = paging(ctx.query);
			if (p.error) return p.error;
			if (ctx.query.sort !== undefined && !SORTABLE.has(ctx.query.sort)) return fsError(400, `Invalid sort field: ${ctx.query.sort}`);
			if (ctx.query.sort_type !== undefined && !['asc', 'desc'].includes(ctx.query.sort_type)) return fsError(400, 'sort_type must be asc or desc');
			const all = view.name.startsWith('My ') ? store.alive(entity).filter((r) => r.owner_id === USER_ID) : store.alive(entity);
			return pageOf(ENTITIES[entity].plural, sorted(all, ctx.query.sort, ctx.query.sort_type), p.page, p.perPage);
		},

		/** GET /tasks?filter=open, /appointments?filter=upcoming, /sales_activities: the entity's own list. @param {any} ctx @param {string} entity */
		listPlain(ctx, entity) {
			const spec = ENTITIES[entity];
			const p = paging(ctx.query);
			if (p.error) return p.error;
			let list = store.alive(entity);
			if (spec.listFilters) {
				const filter = ctx.query.filter;
				if (!filter || !spec.listFilters.includes(filter)) return fsError(400, `filter must be one of ${spec.listFilters.join(', ')}`);
				const t = store.now();
				if (entity === 'tasks') list = list.filter((r) => (filter === 'completed' ? r.status === 1 : r.status !== 1 && (filter !== 'overdue' || Date.parse(r.due_date) < t)));
				if (entity === 'appointments') list = list.filter((r) => (filter === 'past' ? Date.parse(r.end_date) < t : Date.parse(r.end_date) >= t));
			}
			return pageOf(spec.plural, sorted(list, 'created_at', 'asc'), p.page, p.perPage);
		},

		/** GET /<entity>/:id. @param {any} ctx @param {string} entity */
		getOne(ctx, entity) {
			const rec = store.records[entity].get(ctx.params.id);
			if (!rec) return fsError(404, `${ENTITIES[entity].wrapper} not found`);
			if (entity !== 'contacts' || ctx.query.include === undefined) return json({ [ENTITIES[entity].wrapper]: rec });
			// A contact's related records (`include`). The names a contact takes are a code user's list
			// (second-hand); the related records come nested in the contact, as a code user verified live
			// for sales_accounts (second-hand too). The sandbox fills appointments, tasks and deals.
			const names = String(ctx.query.include).split(',').map((n) => n.trim());
			const bad = names.find((n) => !CONTACT_INCLUDES.includes(n));
			if (bad) return fsError(400, `Unknown include: ${bad}`);
			const out = { ...rec };
			const targeted = (/** @type {string} */ e) => store.alive(e).filter((r) => r.targetable_type === 'Contact' && String(r.targetable_id) === String(rec.id));
			if (names.includes('appointments')) out.appointments = targeted('appointments');
			if (names.includes('tasks')) out.tasks = targeted('tasks');
			return json({ contact: out });
		},

		/** POST /<entity> with `{ <wrapper>: {...} }`. @param {any} ctx @param {string} entity */
		create(ctx, entity) {
			const spec = ENTITIES[entity];
			const b = ctx.body?.[spec.wrapper];
			if (b === undefined) return fsError(400, `The request body must hold "${spec.wrapper}"`);
			const errors = check(ctx, entity, b, true);
			if (errors.length) return fsError(400, errors);
			return json({ [spec.wrapper]: store.applyWrite(entity, b) }, 200);
		},

		/** PUT /<entity>/:id. @param {any} ctx @param {string} entity */
		update(ctx, entity) {
			const spec = ENTITIES[entity];
			const existing = store.records[entity].get(ctx.params.id);
			if (!existing) return fsError(404, `${spec.wrapper} not found`);
			const b = ctx.body?.[spec.wrapper];
			if (b === undefined) return fsError(400, `The request body must hold "${spec.wrapper}"`);
			const errors = check(ctx, entity, b, false);
			if (errors.length) return fsError(400, errors);
			return json({ [spec.wrapper]: store.applyWrite(entity, b, existing) });
		},

		/** DELETE /<entity>/:id: 200 `true`, 404 when it is not there (any more). @param {any} ctx @param {string} entity */
		remove(ctx, entity) {
			if (!store.remove(entity, ctx.params.id)) return fsError(404, `${ENTITIES[entity].wrapper} not found`);
			return json(true);
		},

		/** POST /<entity>/upsert with `{ unique_identifier: { <key>: value }, <wrapper>: {...} }`. @param {any} ctx @param {string} entity */
		upsert(ctx, entity) {
			const spec = ENTITIES[entity];
			const ui = ctx.body?.unique_identifier;
			const keys = ui && typeof ui === 'object' ? Object.keys(ui) : [];
			if (keys.length !== 1) return fsError(400, 'unique_identifier must name exactly one field');
			const keyError = upsertKeyError(entity, keys[0]);
			if (keyError) return fsError(400, keyError);
			const value = ui[keys[0]];
			if (value === undefined || value === null || value === '') return fsError(400, `unique_identifier.${keys[0]} can't be blank`);
			const out = upsertOne(ctx, entity, keys[0], value, ctx.body?.[spec.wrapper]);
			if (out.errors) return fsError(400, out.errors);
			return json({ [spec.wrapper]: out.record }, out.status);
		},

		upsertOne,
		upsertKeyError,

		/** POST /filtered_search/<entity> with `{ filter_rule: [...] }`; page, per_page, sort, sort_type in the query or the body. @param {any} ctx @param {string} entity */
		filteredSearch(ctx, entity) {
			const b = ctx.body ?? {};
			const rules = b.filter_rule;
			if (!Array.isArray(rules) || !rules.length) return fsError(400, 'filter_rule must be a non-empty list');
			for (const rule of rules) {
				if (!rule || typeof rule !== 'object' || !rule.attribute || !rule.operator) return fsError(400, 'Each filter rule needs attribute, operator and value');
				if (!OPERATORS.has(rule.operator)) return fsError(400, `Unknown operator: ${rule.operator}`);
				if (!knownAttribute(entity, String(rule.attribute))) return fsError(400, `Unknown attribute: ${rule.attribute}`);
				if (rule.operator === 'is_in' && Array.isArray(rule.value) && rule.value.length > MAX_IS_IN) return fsError(400, `is_in takes at most ${MAX_IS_IN} values`);
			}
			const q = { ...Object.fromEntries(['page', 'per_page', 'sort', 'sort_type'].filter((k) => b[k] !== undefined).map((k) => [k, String(b[k])])), ...ctx.query };
			const p = paging(q);
			if (p.error) return p.error;
			if (q.sort !== undefined && !SORTABLE.has(q.sort)) return fsError(400, `Invalid sort field: ${q.sort}`);
			const found = store.alive(entity).filter((r) => rules.every((rule) => holds(entity, r, rule)));
			return pageOf(ENTITIES[entity].plural, sorted(found, q.sort, q.sort_type), p.page, p.perPage);
		},

		/** GET /search?q=&include=contact,sales_account,deal: quick search by text (second-hand shape: a plain array). @param {any} ctx */
		quickSearch(ctx) {
			const q = String(ctx.query.q ?? '').trim().toLowerCase();
			if (q.length < 2) return fsError(400, 'q must have at least 2 characters');
			const include = String(ctx.query.include ?? 'contact').split(',');
			const byType = { contact: 'contacts', sales_account: 'sales_accounts', deal: 'deals' };
			const bad = include.find((t) => !(t in byType));
			if (bad) return fsError(400, `Unknown include: ${bad}`);
			/** @type {any[]} */
			const out = [];
			for (const type of include) {
				for (const r of store.alive(byType[/** @type {keyof typeof byType} */ (type)])) {
					const name = r.display_name ?? r.name ?? '';
					const hay = [name, r.email, ...(r.emails ?? []).map((e) => e.value)].filter(Boolean).map((s) => String(s).toLowerCase());
					if (hay.some((h) => h.includes(q))) out.push({ id: String(r.id), name, type, email: r.email ?? undefined });
				}
			}
			return json(out.slice(0, 25));
		},

		entityOf,
	};
}

module.exports = { createRecordHandlers };
