'use strict';

const { createRouter, json } = require('../lib/http');
const { fsError } = require('./errors');
const { ENTITIES } = require('./schema');
const { createStore, USER_ID } = require('./store');
const { createValidator } = require('./validate');
const { createRecordHandlers } = require('./records');
const { createRateLimiter, PLANS, PER_MINUTE } = require('./ratelimit');
const { createBulkJobs } = require('./bulk');
const { createWorkflowWebhooks } = require('./webhooks');
const { seedFreshsales } = require('./seed');
const { createCustomModules } = require('./customModules');

/**
 * The Freshsales (Freshworks CRM) emulator mounted at /freshsales. It answers
 * under both of Freshsales' API roots: the Freshworks bundle host's
 * `/crm/sales/api/...` (`https://<bundle>.myfreshworks.com/crm/sales/api/`) and
 * the classic `/api/...` (`https://<domain>.freshsales.io/api/`), so a
 * credential whose domain is `sb.freshsales.baseUrl` talks to it with either
 * host type; `api.roots` counts which root each request used.
 * - auth: `Authorization: Token token=<api key>` (developers.freshworks.com/crm/api);
 * - records, views, filtered search, upsert: ./records.js, validated by ./validate.js;
 * - bulk upsert jobs: ./bulk.js; limits: ./ratelimit.js; workflow webhooks: ./webhooks.js.
 */

/** @param {{ seed: number, baseUrl: () => string }} opts */
function createVendor(opts) {
	const keys = ['fs-sandbox-key'];
	const store = createStore();
	const limiter = createRateLimiter(store.now);
	const records = createRecordHandlers(store, createValidator(store));
	const bulk = createBulkJobs(records);
	const hooks = createWorkflowWebhooks(store);
	const customModules = createCustomModules();
	const roots = { bundle: 0, classic: 0 };

	const users = [
		{ id: USER_ID, display_name: 'Sandbox Admin', email: 'admin@sandbox.freshsales.local', is_active: true },
		{ id: USER_ID + 1, display_name: 'Sandbox Seller', email: 'seller@sandbox.freshsales.local', is_active: true },
	];

	/** @type {Array<[string, (ctx: any) => any]>} */
	const routes = [
		['GET /selector/owners', () => json({ users })],
		['GET /job_statuses/:id', (ctx) => bulk.status(ctx)],
		['GET /search', (ctx) => records.quickSearch(ctx)],
		...Object.entries(ENTITIES)
			.filter(([, spec]) => spec.search)
			.map(([entity, spec]) => /** @type {[string, (ctx: any) => any]} */ ([`POST /filtered_search/${spec.search}`, (ctx) => records.filteredSearch(ctx, entity)])),
		...Object.entries(ENTITIES)
			.filter(([, spec]) => spec.fields)
			.map(([entity, spec]) => /** @type {[string, (ctx: any) => any]} */ ([`GET /settings/${spec.fields}/fields`, () => json({ fields: store.fields[entity] })])),
		...Object.entries(ENTITIES).flatMap(([entity, spec]) => {
			/** @type {Array<[string, (ctx: any) => any]>} */
			const r = [];
			if (spec.views) {
				r.push([`GET /${entity}/filters`, (ctx) => records.views(ctx, entity)]);
				r.push([`GET /${entity}/view/:viewId`, (ctx) => records.listView(ctx, entity)]);
			} else if (!spec.noRead) r.push([`GET /${entity}`, (ctx) => records.listPlain(ctx, entity)]);
			if (spec.search) r.push([`POST /${entity}/upsert`, (ctx) => records.upsert(ctx, entity)]);
			if (spec.bulk) r.push([`POST /${entity}/bulk_upsert`, (ctx) => bulk.start(ctx, entity)]);
			r.push([`POST /${entity}`, (ctx) => records.create(ctx, entity)]);
			if (!spec.noRead) r.push([`GET /${entity}/:id`, (ctx) => records.getOne(ctx, entity)]);
			r.push([`PUT /${entity}/:id`, (ctx) => records.update(ctx, entity)]);
			r.push([`DELETE /${entity}/:id`, (ctx) => records.remove(ctx, entity)]);
			return r;
		}),
	];
	const router = createRouter(routes);

	/** @param {any} ctx */
	function authorized(ctx) {
		const m = /^Token token=(.+)$/.exec(String(ctx.headers.authorization ?? ''));
		return Boolean(m && keys.includes(m[1]));
	}

	/** @param {any} ctx */
	function handle(ctx) {
		let path;
		if (ctx.path.startsWith('/crm/sales/api/')) {
			path = ctx.path.slice('/crm/sales/api'.length);
			roots.bundle++;
		} else if (ctx.path.startsWith('/api/')) {
			path = ctx.path.slice('/api'.length);
			roots.classic++;
		} else return fsError(404, `No route ${ctx.method} ${ctx.path} (the API lives under /crm/sales/api/ or /api/)`);
		if (!authorized(ctx)) return fsError(401, 'Incorrect or expired API key');
		if (path.startsWith('/custom_module/')) {
			if (ctx.bodyInvalid) return fsError(400, 'The request body is not valid JSON');
			const denied = limiter.admit();
			if (denied) return denied;
			const out = customModules.handle(ctx, ctx.method, path);
			out.headers = { ...(out.headers ?? {}), ...limiter.headers() };
			return out;
		}
		const m = router.match(ctx.method, path);
		if (!m) return fsError(404, `No route ${ctx.method} ${ctx.path}`);
		if ('methodNotAllowed' in m) return fsError(405, `Method ${ctx.method} is not allowed on ${ctx.path}`);
		if (ctx.bodyInvalid) return fsError(400, 'The request body is not valid JSON');
		const denied = limiter.admit();
		if (denied) return denied;
		const out = m.handler({ ...ctx, path, params: m.params });
		out.headers = { ...(out.headers ?? {}), ...limiter.headers() };
		return out;
	}

	const api = {
		keys,
		roots,
		store,
		/** @param {'free' | 'growth' | 'pro' | 'enterprise'} p */
		setPlan: limiter.setPlan,
		get plan() {
			return limiter.plan();
		},
		setLimits: limiter.setLimits,
		/** Whether answers carry `x-ratelimit-total`/`-remaining` (default on). */
		setRateHeaders: limiter.setHeaders,
		rateUsed: limiter.used,
		resetRateLimits: limiter.reset,
		setJobPolls: bulk.setJobPolls,
		jobs: bulk.jobs,
		advanceTime: store.advanceTime,
		addField: store.addField,
		/** A custom module (`cm_*`) with its custom fields. @param {string} name @param {string[]} [fields] */
		addModule: customModules.addModule,
		customModules: customModules.modules,
		changes: store.changes,
		/** @param {Record<string, number>} counts @param {number} [seedNumber] */
		seed: (counts, seedNumber) => seedFreshsales(store, counts, seedNumber ?? opts.seed),
		/** @param {string} entity */
		list: (entity) => store.alive(entity),
		/** @param {string} entity @param {string | number} id */
		get: (entity, id) => store.records[entity].get(String(id)),
		/** @param {string} entity */
		count: (entity) => store.alive(entity).length,
		/** Writes a record as a Freshsales user would (no validation, no rate limit). @param {string} entity @param {any} body @param {string | number} [id] */
		write(entity, body, id) {
			const existing = id === undefined ? undefined : store.records[entity].get(String(id));
			return store.applyWrite(entity, body, existing);
		},
		/** A workflow automation's "Trigger Webhook" action firing for one record. */
		fireWebhook: hooks.fire,
		webhookCalls: hooks.calls,
	};

	return {
		handle,
		api,
		fault429: () => limiter.fault429(),
		fault503: () => fsError(503, 'Service temporarily unavailable', { 'Retry-After': '1' }),
	};
}

module.exports = { createVendor, PLANS, PER_MINUTE };
