'use strict';

const { json } = require('../lib/http');
const E = require('./errors');
const { validateSearch, runSearch, MAX_LIMIT, MAX_RESULTS } = require('./search');
const { ASSOCIATION_TYPE_IDS } = require('./schema');

/**
 * CRM object endpoints: /crm/v3/objects/{type}[...] (basic, batch, search).
 */

const BATCH_MAX = 100;

/** @typedef {import('../lib/http').RequestContext & { auth: { token: string, oauth: boolean, sourceId: string }, failRecord?: (input: any) => boolean }} Ctx */
/** @typedef {ReturnType<import('./store').createStore>} Store */
/** @typedef {import('./schema').ObjectTypeDef} ObjectTypeDef */

/** @param {string} ref */
const unknownType = (ref) => E.validation(`Unable to infer object type from: ${ref}`);

/** @param {string | undefined} list @returns {string[] | null} */
const propList = (list) => (list ? list.split(',').map((s) => s.trim()).filter(Boolean) : null);

/** @param {Ctx} ctx */
function badJson(ctx) {
	return ctx.bodyInvalid ? E.validation('Invalid input JSON on line 1, column 1: Cannot build request body, JSON is malformed') : null;
}

/**
 * @param {Store} store
 * @param {{ baseUrl: () => string }} env
 */
function createObjectHandlers(store, env) {
	/** @param {Ctx} ctx */
	const typeOf = (ctx) => store.resolveType(ctx.params.type);

	/**
	 * Validation + uniqueness for one write, without applying it.
	 * @param {ObjectTypeDef} t @param {any} input @param {Ctx} ctx @param {string} [selfId]
	 * @returns {{ values: Record<string,string>, error?: { category: string, message: string, status: number, context?: Record<string, unknown> } }}
	 */
	function check(t, input, ctx, selfId) {
		const { errors, values } = store.validate(t, input?.properties);
		// A create (no record yet) must set the properties HubSpot requires (schema.js `requiredOnCreate`:
		// notes' and tasks' hs_timestamp). HubSpot's answer, as quoted in github.com/HubSpot/hubspot-api-nodejs
		// issue 124: 400 VALIDATION_ERROR "Error creating NOTE.  Some required properties were not set."
		// with context.properties naming them. Assumption: checked before the property values, tasks worded alike.
		const missing = selfId === undefined ? [...t.properties.values()].filter((d) => d.requiredOnCreate && (values[d.name] ?? '') === '').map((d) => d.name) : [];
		if (missing.length) {
			return {
				values,
				error: { status: 400, category: 'VALIDATION_ERROR', message: `Error creating ${t.singular.toUpperCase()}.  Some required properties were not set.`, context: { properties: missing } },
			};
		}
		if (ctx.failRecord && ctx.failRecord(input)) {
			errors.push({ error: 'INVALID_INPUT', name: Object.keys(input?.properties ?? {})[0] ?? 'properties', message: 'Sandbox fault: this record was rejected (failRecord)' });
		}
		if (errors.length) return { values, error: { status: 400, category: 'VALIDATION_ERROR', message: E.propertyErrorsMessage(errors) } };
		const clash = store.uniqueConflict(t, values, selfId);
		if (clash) {
			const message =
				t.name === 'contacts'
					? `Contact already exists. Existing ID: ${clash.existing.id}`
					: // Assumption: wording for other objects with a unique property.
						`A ${t.singular} with the unique value ${values[clash.prop]} for property ${clash.prop} already exists. Existing ID: ${clash.existing.id}`;
			return { values, error: { status: 409, category: 'CONFLICT', message } };
		}
		return { values };
	}

	/**
	 * Resolve `associations` of a create input to [toType, toId, typeId] triples.
	 * @param {ObjectTypeDef} t @param {any} assocs
	 * @returns {{ list: Array<[string, string, number]> } | { error: string }}
	 */
	function resolveAssociations(t, assocs) {
		/** @type {Array<[string, string, number]>} */
		const list = [];
		for (const a of Array.isArray(assocs) ? assocs : []) {
			const toId = String(a?.to?.id ?? '');
			for (const spec of a?.types ?? []) {
				const typeId = Number(spec.associationTypeId);
				const key = Object.entries(ASSOCIATION_TYPE_IDS).find(([k, v]) => v === typeId && k.startsWith(`${t.name}->`));
				if (!key) return { error: `association type id ${typeId} is not valid for ${t.name}` };
				const toType = key[0].split('->')[1];
				const target = store.resolveType(toType);
				const rec = target && store.get(target, toId);
				if (!rec || rec.archived) return { error: `One or more associations are invalid: ${toType} ${toId} does not exist` };
				list.push([toType, toId, typeId]);
			}
		}
		return { list };
	}

	/** @param {ObjectTypeDef} t @param {string} id @param {string | undefined} idProperty @param {boolean} [archived] */
	function lookup(t, id, idProperty, archived = false) {
		if (!idProperty || idProperty === 'hs_object_id') {
			const r = store.get(t, id);
			return r && r.archived === archived ? r : undefined;
		}
		return archived ? undefined : store.findBy(t, idProperty, id);
	}

	/** @param {ObjectTypeDef} t @param {string | undefined} idProperty */
	function badIdProperty(t, idProperty) {
		if (!idProperty || idProperty === 'hs_object_id') return null;
		if (!t.properties.has(idProperty)) return E.validation(`Property ${idProperty} does not exist`);
		if (!store.uniqueProps(t).includes(idProperty)) return E.validation(`Unable to perform update/upsert by non-unique ${t.objectTypeId} property ${idProperty}`);
		return null;
	}

	/** @param {Ctx} ctx */
	function list(ctx) {
		const t = typeOf(ctx);
		if (!t) return unknownType(ctx.params.type);
		// Assumption: limits above 100 are capped silently rather than rejected.
		const limit = Math.min(Math.max(parseInt(ctx.query.limit ?? '10', 10) || 10, 1), 100);
		const after = ctx.query.after ? Number(ctx.query.after) : 0;
		const archived = ctx.query.archived === 'true';
		const all = store
			.raw(t)
			.filter((r) => r.archived === archived && Number(r.id) >= after)
			.sort((a, b) => Number(a.id) - Number(b.id));
		const page = all.slice(0, limit);
		const requested = propList(ctx.query.properties);
		/** @type {Record<string, unknown>} */
		const body = { results: page.map((r) => store.toApi(t, r, requested)) };
		if (all.length > limit) {
			const nextAfter = all[limit].id;
			const q = new URLSearchParams({ ...ctx.query, after: nextAfter });
			body.paging = { next: { after: nextAfter, link: `${env.baseUrl()}/crm/v3/objects/${ctx.params.type}?${q}` } };
		}
		return json(body);
	}

	/** @param {Ctx} ctx */
	function getOne(ctx) {
		const t = typeOf(ctx);
		if (!t) return unknownType(ctx.params.type);
		const bad = badIdProperty(t, ctx.query.idProperty);
		if (bad) return bad;
		const rec = lookup(t, ctx.params.id, ctx.query.idProperty, ctx.query.archived === 'true');
		if (!rec) return E.notFound(ctx.params.id);
		return json(store.toApi(t, rec, propList(ctx.query.properties)));
	}

	/** @param {Ctx} ctx */
	function createOne(ctx) {
		const t = typeOf(ctx);
		if (!t) return unknownType(ctx.params.type);
		const bj = badJson(ctx);
		if (bj) return bj;
		const input = ctx.body ?? {};
		const c = check(t, input, ctx);
		if (c.error) return E.hsError(c.error.status, c.error.category, c.error.message, c.error.context ? { context: c.error.context } : {});
		const assoc = resolveAssociations(t, input.associations);
		if ('error' in assoc) return E.validation(assoc.error);
		const rec = store.create(t, c.values, { sourceId: ctx.auth.sourceId });
		for (const [toType, toId, typeId] of assoc.list) store.associate(t.name, rec.id, toType, toId, typeId);
		return json(store.toApi(t, rec, null, { allWritten: c.values }), 201);
	}

	/** @param {Ctx} ctx */
	function updateOne(ctx) {
		const t = typeOf(ctx);
		if (!t) return unknownType(ctx.params.type);
		const bj = badJson(ctx);
		if (bj) return bj;
		const bad = badIdProperty(t, ctx.query.idProperty);
		if (bad) return bad;
		const rec = lookup(t, ctx.params.id, ctx.query.idProperty);
		if (!rec) return E.notFound(ctx.params.id);
		const input = ctx.body ?? {};
		const c = check(t, input, ctx, rec.id);
		if (c.error) return E.hsError(c.error.status, c.error.category, c.error.message);
		store.update(t, rec, c.values, { sourceId: ctx.auth.sourceId });
		return json(store.toApi(t, rec, null, { allWritten: c.values }));
	}

	/** @param {Ctx} ctx */
	function archiveOne(ctx) {
		const t = typeOf(ctx);
		if (!t) return unknownType(ctx.params.type);
		store.archive(t, ctx.params.id, { sourceId: ctx.auth.sourceId });
		// HubSpot answers 204 whether or not the record existed.
		return { status: 204 };
	}

	/**
	 * A batch's not-found entry: one for every id of the batch that names no record.
	 * @param {{ singular: string }} t @param {string[]} ids
	 */
	const notFoundError = (t, ids) => ({
		status: 'error',
		category: 'OBJECT_NOT_FOUND',
		message: `Could not get some ${t.singular.toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`,
		context: { ids },
	});

	/** @param {Ctx} ctx */
	function batch(ctx) {
		const t = typeOf(ctx);
		if (!t) return unknownType(ctx.params.type);
		const action = ctx.params.action;
		if (!['create', 'update', 'upsert', 'read', 'archive'].includes(action)) return { status: 404, raw: '' };
		const bj = badJson(ctx);
		if (bj) return bj;
		const body = ctx.body ?? {};
		const inputs = body.inputs;
		if (!Array.isArray(inputs)) return E.validation('Invalid input JSON: inputs is required and must be an array');
		if (inputs.length > BATCH_MAX) {
			// Assumption: exact wording of HubSpot's batch-size rejection.
			return E.validation(`Batch input limit exceeded: ${inputs.length} inputs were provided, the maximum is ${BATCH_MAX}.`);
		}
		const startedAt = new Date().toISOString();
		const done = (/** @type {number} */ status, /** @type {any[]} */ results, /** @type {any[]} */ errors = []) => {
			/** @type {Record<string, unknown>} */
			const out = { status: 'COMPLETE', results, startedAt, completedAt: new Date().toISOString() };
			if (errors.length) {
				out.numErrors = errors.length;
				out.errors = errors;
			}
			return json(out, errors.length ? 207 : status);
		};

		if (action === 'archive') {
			for (const i of inputs) store.archive(t, String(i?.id ?? ''), { sourceId: ctx.auth.sourceId });
			return { status: 204 };
		}

		if (action === 'read') {
			const bad = badIdProperty(t, body.idProperty);
			if (bad) return bad;
			const requested = Array.isArray(body.properties) ? body.properties : null;
			/** @type {any[]} */
			const results = [];
			/** @type {string[]} */
			const missing = [];
			for (const i of inputs) {
				const rec = lookup(t, String(i?.id ?? ''), body.idProperty, body.archived === true);
				if (rec) results.push(store.toApi(t, rec, requested));
				else missing.push(String(i?.id ?? ''));
			}
			const errors = missing.length ? [notFoundError(t, missing)] : [];
			return done(200, results, errors);
		}

		if (action === 'upsert') {
			/** @type {Set<string>} */
			const seen = new Set();
			for (const i of inputs) {
				if (!i || typeof i.idProperty !== 'string' || i.id === undefined) return E.validation('Each upsert input needs id and idProperty');
				const bad = badIdProperty(t, i.idProperty);
				if (bad) return bad;
				const key = `${i.idProperty}:${t.name === 'contacts' && i.idProperty === 'email' ? String(i.id).toLowerCase() : String(i.id)}`;
				if (seen.has(key)) {
					// Assumption: wording of HubSpot's duplicate-id rejection in one upsert batch.
					return E.validation(`Duplicate IDs found in batch input: [${i.id}]. IDs must be unique`, { context: { ids: [String(i.id)] } });
				}
				seen.add(key);
			}
		}

		// Plan every input first so that a rejected batch writes nothing.
		/** @type {Map<string, string>} unique values claimed by earlier inputs of this batch */
		const claimed = new Map();
		const plans = inputs.map((input, index) => {
			/** @type {import('./store').StoredRecord | undefined} */
			let rec;
			if (action === 'update') {
				const bad = badIdProperty(t, input?.idProperty);
				if (bad) return { input, error: { status: 400, category: 'VALIDATION_ERROR', message: /** @type {any} */ (bad.body).message } };
				rec = lookup(t, String(input?.id ?? ''), input?.idProperty);
				// An id that names no record fails alone: HubSpot answers batch updates 200 when every
				// input succeeded, else 207 Multi-Status with the failures in `errors` (developer changelog
				// "Simplifying batch update response codes for CRM v3 APIs"; the 207 schema of
				// POST /crm/v3/objects/{type}/batch/update). Assumption: the error names the missing ids
				// in `context.ids`, worded as batch read's not-found error.
				if (!rec) return { input, missing: String(input?.id ?? '') };
			}
			let isNew = action === 'create';
			/** @type {any} */
			let effective = input;
			if (action === 'upsert') {
				rec = lookup(t, String(input.id), input.idProperty);
				isNew = !rec;
				if (isNew && input.idProperty !== 'hs_object_id') {
					effective = { ...input, properties: { ...(input.properties ?? {}), [input.idProperty]: input.id } };
				}
			}
			const c = check(t, effective, ctx, rec?.id);
			if (c.error) return { input, error: c.error };
			for (const p of store.uniqueProps(t)) {
				const v = c.values[p];
				if (!v) continue;
				const self = rec?.id ?? `new#${index}`;
				const owner = claimed.get(`${p}:${v}`);
				if (owner !== undefined && owner !== self) {
					return { input, error: { status: 409, category: 'CONFLICT', message: `Duplicate value ${v} for unique property ${p} in this batch` } };
				}
				claimed.set(`${p}:${v}`, self);
			}
			return { input, rec, isNew, values: c.values };
		});

		const missing = plans.filter((p) => p.missing !== undefined);
		const failed = plans.filter((p) => p.error);
		const partial = failed.length > 0 && failed.every((p) => p.input && typeof p.input.objectWriteTraceId === 'string' && p.input.objectWriteTraceId !== '');
		if (failed.length && !partial) {
			// Without objectWriteTraceIds HubSpot rejects the whole batch with the first error.
			const first = /** @type {{status: number, category: string, message: string, context?: Record<string, unknown>}} */ (failed[0].error);
			return E.hsError(first.status, first.category, first.message, first.context ? { context: first.context } : {});
		}

		/** @type {any[]} */
		const results = [];
		for (const p of plans) {
			if (p.error || p.missing !== undefined) continue;
			const values = /** @type {Record<string,string>} */ (p.values);
			let rec = p.rec;
			if (!rec || (action === 'upsert' && p.isNew)) rec = store.create(t, values, { sourceId: ctx.auth.sourceId });
			else store.update(t, rec, values, { sourceId: ctx.auth.sourceId });
			/** @type {Record<string, unknown>} */
			const out = store.toApi(t, rec, null, { allWritten: values });
			if (action === 'upsert') out.new = !!p.isNew;
			if (p.input?.objectWriteTraceId !== undefined) out.objectWriteTraceId = p.input.objectWriteTraceId;
			results.push(out);
		}
		const errors = failed.map((p) => ({
			status: 'error',
			category: /** @type {any} */ (p.error).category,
			message: /** @type {any} */ (p.error).message,
			context: { ...(/** @type {any} */ (p.error).context ?? {}), objectWriteTraceId: [p.input.objectWriteTraceId] },
		}));
		if (missing.length) errors.push(notFoundError(t, missing.map((p) => /** @type {string} */ (p.missing))));
		return done(action === 'create' ? 201 : 200, results, errors);
	}

	/** @param {Ctx} ctx */
	function search(ctx) {
		const t = typeOf(ctx);
		if (!t) return unknownType(ctx.params.type);
		const bj = badJson(ctx);
		if (bj) return bj;
		const body = ctx.body ?? {};
		if (typeof body !== 'object' || Array.isArray(body)) return E.validation('Invalid search request');
		if (ctx.rawBody.length > 3000) return E.validation('The request body exceeds the maximum of 3000 characters.');
		const problem = validateSearch(t, body);
		if (problem) return E.validation(problem);
		const after = body.after ? Number(body.after) : 0;
		if (after >= MAX_RESULTS) {
			// HubSpot: "Attempting to page beyond 10,000 will result in a 400 error." (wording assumed)
			return E.validation(`Search results are limited to ${MAX_RESULTS} records; paging beyond (after=${after}) is not allowed.`);
		}
		const limit = body.limit === undefined ? 10 : Math.min(Number(body.limit), MAX_LIMIT);
		const hits = runSearch(t, store.raw(t), body);
		const end = Math.min(after + limit, hits.length);
		const requested = Array.isArray(body.properties) ? body.properties : null;
		/** @type {Record<string, unknown>} */
		const out = { total: hits.length, results: hits.slice(after, end).map((r) => store.toApi(t, r, requested)) };
		if (limit > 0 && end < hits.length) out.paging = { next: { after: String(end) } };
		return json(out);
	}

	return { list, getOne, createOne, updateOne, archiveOne, batch, search };
}

module.exports = { createObjectHandlers, BATCH_MAX };
