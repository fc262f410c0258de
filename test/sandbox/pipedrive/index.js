'use strict';

const { createRouter, json } = require('../lib/http');
const { pdError } = require('./errors');
const { V2_ENTITIES, V1_ENTITIES, FIELD_ENDPOINTS, ACTIVITY_TYPES } = require('./schema');
const { createStore, USER_ID } = require('./store');
const { createValidator } = require('./validate');
const { createRecordHandlers } = require('./records');
const { createFieldsV2 } = require('./fieldsV2');
const { createWebhooks, COMPANY_ID } = require('./webhooks');
const { createOAuth } = require('./oauth');
const { createRateLimiter, PLANS, WINDOW_MS, SEARCH_BURST, BASE_DAILY_TOKENS } = require('./ratelimit');
const { seedPipedrive } = require('./seed');

/**
 * The Pipedrive emulator mounted at /pipedrive. Paths are Pipedrive's own
 * (https://{company}.pipedrive.com/api/v2/..., /api/v1/... and the legacy /v1/...),
 * so an API-token credential whose company domain is `sb.pipedrive.baseUrl` talks
 * to it unchanged. Emulated from Pipedrive's documentation; the parts:
 * - auth here: `x-api-token` header (or the legacy `api_token` query), or an OAuth
 *   bearer token (./oauth.js issues them);
 * - records, search and field lists: ./records.js, validated by ./validate.js;
 * - limits: ./ratelimit.js; webhooks: ./webhooks.js; errors
 *   `{ success: false, error, error_info, data: null }`: ./errors.js.
 */

/** @param {{ seed: number, baseUrl: () => string }} opts */
function createVendor(opts) {
	/** @type {string[]} */
	const tokens = ['pd-sandbox-token'];
	const store = createStore();
	const limiter = createRateLimiter();
	const { oauth, token: oauthToken } = createOAuth(opts);
	const hooks = createWebhooks({ baseUrl: opts.baseUrl, store });
	const records = createRecordHandlers(store, createValidator(store));

	const users = [
		{ id: USER_ID, name: 'Sandbox Admin', email: 'admin@sandbox.pipedrive.local', active_flag: true, is_admin: 1, company_id: COMPANY_ID },
		{ id: USER_ID + 1, name: 'Sandbox Seller', email: 'seller@sandbox.pipedrive.local', active_flag: true, is_admin: 0, company_id: COMPANY_ID },
	];

	/** @param {any} ctx @returns {{ token: string, oauth: boolean } | null} */
	function who(ctx) {
		const header = ctx.headers['x-api-token'];
		const apiToken = (Array.isArray(header) ? header[0] : header) ?? ctx.query.api_token;
		if (apiToken && tokens.includes(apiToken)) return { token: apiToken, oauth: false };
		const auth = String(ctx.headers.authorization ?? '');
		const m = /^Bearer\s+(.+)$/i.exec(auth);
		if (m && (oauth.accessTokens.get(m[1]) ?? 0) > Date.now()) return { token: m[1], oauth: true };
		return null;
	}

	/** @type {Array<[string, (ctx: any) => any]>} */
	const routes = [
		['GET /api/v1/users/me', () => json({ success: true, data: { ...users[0], company_domain: 'sandbox', company_name: 'Sandbox Inc.' } })],
		['GET /api/v1/users', () => json({ success: true, data: users })],
		['GET /api/v1/activityTypes', () => json({ success: true, data: ACTIVITY_TYPES.map((k, i) => ({ id: i + 1, name: k.charAt(0).toUpperCase() + k.slice(1), key_string: k, active_flag: true })) })],
		['GET /api/v1/webhooks', hooks.list],
		['POST /api/v1/webhooks', hooks.create],
		['DELETE /api/v1/webhooks/:id', hooks.remove],
		...Object.entries(FIELD_ENDPOINTS).map(([name, entity]) => /** @type {[string, (ctx: any) => any]} */ ([`GET /api/v1/${name}`, (ctx) => records.fieldList(ctx, entity)])),
		...createFieldsV2(store),
		...['persons', 'organizations', 'deals', 'leads'].map((e) => /** @type {[string, (ctx: any) => any]} */ ([`GET /api/v2/${e}/search`, (ctx) => records.search(ctx, e)])),
		...Object.keys(V2_ENTITIES).flatMap((e) => /** @type {Array<[string, (ctx: any) => any]>} */ ([
			[`GET /api/v2/${e}`, (ctx) => records.listV2(ctx, e)],
			[`POST /api/v2/${e}`, (ctx) => records.create(ctx, e)],
			[`GET /api/v2/${e}/:id`, (ctx) => records.getOne(ctx, e)],
			[`PATCH /api/v2/${e}/:id`, (ctx) => records.update(ctx, e)],
			[`DELETE /api/v2/${e}/:id`, (ctx) => records.remove(ctx, e)],
		])),
		...Object.keys(V1_ENTITIES).flatMap((e) => /** @type {Array<[string, (ctx: any) => any]>} */ ([
			[`GET /api/v1/${e}`, (ctx) => records.listV1(ctx, e)],
			[`POST /api/v1/${e}`, (ctx) => records.create(ctx, e)],
			[`GET /api/v1/${e}/:id`, (ctx) => records.getOne(ctx, e)],
			[`${e === 'leads' ? 'PATCH' : 'PUT'} /api/v1/${e}/:id`, (ctx) => records.update(ctx, e)],
			[`DELETE /api/v1/${e}/:id`, (ctx) => records.remove(ctx, e)],
		])),
	];
	const router = createRouter(routes);

	/** @param {any} ctx */
	function handle(ctx) {
		if (ctx.method === 'POST' && ctx.path === '/oauth/token') return oauthToken(ctx);
		// Pipedrive accepts /v1/... as well as /api/v1/... (v2 only under /api/v2/).
		const path = ctx.path.startsWith('/v1/') ? `/api${ctx.path}` : ctx.path;
		const caller = who(ctx);
		if (!caller) return pdError(401, 'unauthorized access', 'Please check your API token or OAuth access token');
		const m = router.match(ctx.method, path);
		if (!m) return pdError(404, `Unknown method ${ctx.method} ${ctx.path}`);
		if ('methodNotAllowed' in m) return pdError(405, `Method ${ctx.method} is not allowed on ${ctx.path}`);
		const denied = limiter.admit(caller, ctx.method, path);
		if (denied) return denied;
		const out = m.handler({ ...ctx, path, params: m.params });
		out.headers = { ...(out.headers ?? {}), ...limiter.headers(caller) };
		return out;
	}

	const api = {
		tokens,
		oauth,
		webhooks: hooks.webhooks,
		deliveries: hooks.deliveries,
		changes: store.changes,
		/** @param {'lite' | 'growth' | 'premium' | 'ultimate'} p */
		setPlan: limiter.setPlan,
		get plan() {
			return limiter.plan();
		},
		/** @param {number} n */
		setSeats: limiter.setSeats,
		/** Overrides the daily token budget (undefined = 30,000 x multiplier x seats). */
		setDailyBudget: limiter.setDailyBudget,
		tokensUsed: limiter.tokensUsed,
		dailyBudget: limiter.dailyBudget,
		resetRateLimits: limiter.reset,
		/** Moves the clock used for `add_time`/`update_time` (ms). */
		advanceTime: store.advanceTime,
		/** @param {Record<string, number>} counts @param {number} [seedNumber] */
		seed: (counts, seedNumber) => seedPipedrive(store, counts, seedNumber ?? opts.seed),
		addField: store.addField,
		/** @param {string} entity */
		list: (entity) => store.alive(entity),
		/** @param {string} entity @param {string | number} id */
		get: (entity, id) => store.records[entity].get(String(id)),
		/** @param {string} entity */
		count: (entity) => store.alive(entity).length,
		/** Writes a record as if a user changed it in Pipedrive (webhooks fire). @param {string} entity @param {any} body @param {string | number} [id] */
		write(entity, body, id) {
			const existing = id === undefined ? undefined : store.records[entity].get(String(id));
			return store.applyWrite(entity, body, existing);
		},
		deliver: hooks.deliver,
		flush: hooks.flush,
	};

	return {
		handle,
		api,
		/** Fault 429s look exactly like a spent burst window. @param {any} ctx */
		fault429: (ctx) => limiter.fault429(who(ctx) ?? { token: 'anonymous', oauth: false }),
		fault503: () => pdError(503, 'Service temporarily unavailable', 'Please retry later'),
	};
}

module.exports = { createVendor, PLANS, WINDOW_MS, SEARCH_BURST, BASE_DAILY_TOKENS };
