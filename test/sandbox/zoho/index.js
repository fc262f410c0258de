'use strict';

const { createRouter, json } = require('../lib/http');
const { zohoError } = require('./errors');
const { createStore, USER } = require('./store');
const { createValidator } = require('./validate');
const { createRecordHandlers } = require('./records');
const { createCoql } = require('./coql');
const { createLimits, EDITIONS } = require('./limits');
const { createOAuth, DATA_CENTRES } = require('./oauth');
const { createNotifications } = require('./notifications');
const { seedZoho } = require('./seed');

/**
 * The Zoho CRM emulator mounted at /zoho (API v8, crm-oas v8.0):
 * - `/zoho/accounts/<dc>/oauth/v2/token`: Zoho Accounts of data centre `<dc>`
 *   (us, eu, in, au, jp, ca, cn, sa), see ./oauth.js;
 * - `/zoho/<dc>/crm/v8/...`: the API host the token's `api_domain` names;
 *   `Authorization: Zoho-oauthtoken <access token>` (Zoho's CRM API docs) or
 *   `Bearer <access token>` (Zoho Accounts, "Using the Access token to make API
 *   requests", zoho.com/accounts/protocol/oauth/use-access-token.html: "Authorization=
 *   Zoho-oauthtoken<space><access token> or Authorization=Bearer<space><access token>";
 *   n8n's own Zoho node signs with Bearer), a token only at its own data centre's host;
 * - `/zoho/<dc>/crm/v2/<module>/upsert` only, of API v2 (what n8n's own Zoho CRM node
 *   calls, test/bench/builtinNodes.bench.ts): Zoho's v2 upsert page
 *   (zoho.com/crm/developer/docs/api/v2/upsert-records.html) documents the same
 *   request (`data`, up to 100, optional `duplicate_check_fields`, system duplicate
 *   check fields otherwise) and per-record answer as v8's, so it runs v8's handler.
 *   The module name is matched case-insensitively there: n8n's node writes
 *   `/contacts/upsert`, and that page lists the module names in lower case
 *   ("Possible module names: leads, accounts, contacts, ..."; assumption that the
 *   URL takes them so). Other v2 endpoints answer 404 (not emulated);
 * - users (`?type=CurrentUser`), modules and fields metadata, records (./records.js),
 *   COQL (./coql.js), notifications (./notifications.js);
 * - limits (./limits.js): concurrency per edition and credits, 429 TOO_MANY_REQUESTS
 *   without Retry-After. A latency (`setLatency`) keeps calls in flight long
 *   enough for the concurrency limit to matter.
 */

/** @param {{ seed: number, baseUrl: () => string }} opts */
function createVendor(opts) {
	const store = createStore();
	const validator = createValidator(store);
	const records = createRecordHandlers(store, validator);
	const coql = createCoql(store);
	const limits = createLimits();
	const oauth = createOAuth(opts.baseUrl);
	/** The data centre whose API host the last call used (for callbacks' resource_uri). */
	let lastDc = 'us';
	const notifications = createNotifications(store, () => `${opts.baseUrl()}/${lastDc}`);
	let latencyMs = 0;
	const users = [{ id: USER.id, full_name: USER.name, first_name: 'Sandbox', last_name: 'Admin', email: USER.email, status: 'active', role: { name: 'CEO', id: '5725767000000026005' }, profile: { name: 'Administrator', id: '5725767000000026011' } }];

	/** Credits a call costs (limits.js). @param {any} ctx @param {string} path */
	function creditsOf(ctx, path) {
		if (path === '/coql') return coql.credits(ctx);
		if (/\/actions\/convert$/.test(path)) return 5;
		if (ctx.method !== 'GET' && Array.isArray(ctx.body?.data)) return Math.max(1, Math.ceil(ctx.body.data.length / 10));
		return 1;
	}

	/** @param {string} module @param {(ctx: any, module: string) => any} fn */
	const withModule = (fn) => (/** @type {any} */ ctx) => {
		const module = ctx.params.module;
		if (!store.moduleOf(module)) return zohoError(400, 'INVALID_MODULE', 'the module name given seems to be invalid', { resource_path_index: 0 });
		return fn(ctx, module);
	};

	/** @type {Array<[string, (ctx: any) => any]>} */
	const routes = [
		[
			'GET /users',
			(ctx) => {
				if (ctx.query.type !== 'CurrentUser' && ctx.query.type !== 'AllUsers' && ctx.query.type !== 'ActiveUsers') return zohoError(400, 'INVALID_DATA', 'invalid data', { param: 'type' });
				return json({ users, info: { per_page: 200, count: users.length, page: 1, more_records: false } });
			},
		],
		[
			'GET /settings/modules',
			() =>
				json({
					modules: Object.entries(store.modules).map(([api, m]) => ({
						api_name: api,
						module_name: api,
						singular_label: m.singular,
						plural_label: m.plural,
						generated_type: m.custom ? 'custom' : 'default',
						api_supported: true,
						id: store.moduleId(api),
					})),
				}),
		],
		[
			'GET /settings/fields',
			(ctx) => {
				if (!ctx.query.module) return zohoError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param: 'module' });
				const m = store.moduleOf(ctx.query.module);
				if (!m) return zohoError(400, 'INVALID_MODULE', 'the module name given seems to be invalid', { param: 'module' });
				return json({ fields: m.fields.map((/** @type {any} */ x, /** @type {number} */ i) => ({ id: String(5725767000000003000n + BigInt(i)), ...x })) });
			},
		],
		['POST /coql', (ctx) => coql.run(ctx)],
		['GET /actions/watch', (ctx) => notifications.list(ctx)],
		['POST /actions/watch', (ctx) => notifications.write(ctx, 'POST')],
		['PUT /actions/watch', (ctx) => notifications.write(ctx, 'PUT')],
		['PATCH /actions/watch', (ctx) => notifications.write(ctx, 'PATCH')],
		['DELETE /actions/watch', (ctx) => notifications.remove(ctx)],
		['POST /Leads/:id/actions/convert', (ctx) => records.convert(ctx)],
		['GET /:module/search', withModule(records.search)],
		['GET /:module/deleted', withModule(records.deletedList)],
		['POST /:module/upsert', withModule(records.upsert)],
		['GET /:module', withModule(records.list)],
		['POST /:module', withModule(records.create)],
		['PUT /:module', withModule(records.update)],
		['DELETE /:module', withModule(records.remove)],
		['GET /:module/:id', withModule(records.getOne)],
		['PUT /:module/:id', withModule(records.update)],
		['DELETE /:module/:id', withModule(records.remove)],
	];
	const router = createRouter(routes);

	/** @param {any} ctx */
	async function handle(ctx) {
		const accounts = /^\/accounts\/([a-z]+)\/oauth\/v2\/token$/.exec(ctx.path);
		if (accounts) {
			if (!(accounts[1] in DATA_CENTRES) || ctx.method !== 'POST') return json({ error: 'invalid_request' }, 400);
			// n8n sends the grant as a form body; the sandbox's parser gives form fields as an object.
			return oauth.token(accounts[1], ctx.body);
		}
		const api = /^\/([a-z]+)\/crm\/(v8|v2)(\/.*)$/.exec(ctx.path);
		if (!api || !(api[1] in DATA_CENTRES)) return zohoError(404, 'INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one', {});
		const [, dc, version, versionPath] = api;
		let path = versionPath;
		if (version === 'v2') {
			const upsert = /^\/([^/]+)\/upsert$/.exec(versionPath);
			const module = upsert && Object.keys(store.modules).find((name) => name.toLowerCase() === upsert[1].toLowerCase());
			if (!upsert || ctx.method !== 'POST') return zohoError(404, 'INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one', {});
			path = `/${module ?? upsert[1]}/upsert`;
		}
		const auth = String(ctx.headers.authorization ?? '');
		const m = /^(?:Zoho-oauthtoken|Bearer) (.+)$/.exec(auth);
		if (!auth) return zohoError(401, 'AUTHENTICATION_FAILURE', 'Authentication failed', {});
		if (!m || !oauth.valid(m[1], dc)) return zohoError(401, 'INVALID_TOKEN', 'invalid oauth token', {});
		lastDc = dc;
		const route = router.match(ctx.method, path);
		if (!route) return zohoError(404, 'INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one', {});
		if ('methodNotAllowed' in route) return zohoError(405, 'INVALID_REQUEST_METHOD', 'The http request method type is not a valid one', {});
		if (ctx.bodyInvalid) return zohoError(400, 'INVALID_DATA', 'the input is not valid JSON', {});
		const denied = limits.enter(creditsOf(ctx, path));
		if (denied) return denied;
		try {
			if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
			const out = await route.handler({ ...ctx, path, params: route.params });
			out.headers = { ...(out.headers ?? {}), ...limits.headers() };
			notifications.pump();
			return out;
		} finally {
			limits.leave();
		}
	}

	const api = {
		store,
		oauth,
		limits,
		notifications,
		dataCentres: DATA_CENTRES,
		user: USER,
		/** The API host of a data centre (what the token's api_domain names). @param {string} [dc] */
		apiDomain: (dc = 'us') => `${opts.baseUrl()}/${dc}`,
		/** @param {keyof typeof EDITIONS} edition @param {number} [users] */
		setEdition: limits.setEdition,
		setCredits: limits.setCredits,
		/** @param {number} ms */
		setLatency(ms) {
			latencyMs = ms;
		},
		addModule: store.addModule,
		addField: store.addField,
		advanceTime: store.advanceTime,
		/** @param {Record<string, number>} counts @param {number} [seedNumber] */
		seed: (counts, seedNumber) => seedZoho(store, counts, seedNumber ?? opts.seed),
		/** @param {string} module */
		list: (module) => store.alive(module),
		/** @param {string} module @param {string} id */
		get: (module, id) => store.records[module]?.get(String(id)),
		/** @param {string} module */
		count: (module) => store.alive(module).length,
		/** A write made by someone else in the org (no validation, no limits, callbacks sent). @param {string} module @param {any} body @param {string} [id] @param {{ id: string, name: string, email: string }} [by] */
		write(module, body, id, by) {
			const existing = id === undefined ? undefined : store.records[module].get(String(id));
			const rec = store.applyWrite(module, body, existing, by);
			notifications.pump();
			return rec;
		},
		/** Deletes as a user in the org would. @param {string} module @param {string} id */
		remove(module, id) {
			const ok = store.remove(module, id);
			notifications.pump();
			return ok;
		},
	};

	return {
		handle,
		api,
		fault429: () => zohoError(429, 'TOO_MANY_REQUESTS', 'too many requests', {}),
		fault503: () => zohoError(503, 'INTERNAL_ERROR', 'service unavailable', {}),
	};
}

module.exports = { createVendor, EDITIONS, DATA_CENTRES };
