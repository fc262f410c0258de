'use strict';

const { randomBytes, randomUUID } = require('node:crypto');
const { createRouter, json } = require('../lib/http');
const E = require('./errors');
const { createStore, iso } = require('./store');
const { createRateLimiter } = require('./ratelimit');
const { createObjectHandlers } = require('./objects');
const { createContactsV1 } = require('./contactsV1');
const { createWebhooks } = require('./webhooks');
const { DEAL_STAGES } = require('./schema');
const { seedHubspot, seedOwners } = require('./seed');

/**
 * The HubSpot emulator mounted at /hubspot. Paths below are HubSpot's own
 * (https://api.hubapi.com/...), so a credential whose base URL points at
 * `${sandbox.url}/hubspot` talks to it unchanged.
 */

/** @typedef {import('../lib/http').RequestContext} RequestContext */
/** @typedef {import('../lib/http').SandboxResponse} SandboxResponse */

const PORTAL_ID = 62515;
const APP_ID = 1234567;
const PRIVATE_APP_SOURCE_ID = '7654321';

/**
 * @param {{ baseUrl: () => string, tokens?: string[], seed: number }} opts
 */
function createHubspot(opts) {
	const store = createStore();
	const limiter = createRateLimiter();
	/** @type {string[]} */
	const tokens = opts.tokens ? [...opts.tokens] : ['pat-sandbox-token'];
	const webhooks = createWebhooks({ portalId: PORTAL_ID, appId: APP_ID, now: () => store.clock.now() });

	const oauth = {
		clientId: 'sandbox-client-id',
		clientSecret: 'sandbox-client-secret',
		/** lifetime of issued access tokens; HubSpot's is 1800 s */
		accessTokenTtlSec: 1800,
		scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.companies.read', 'crm.objects.companies.write', 'crm.objects.deals.read', 'crm.objects.deals.write', 'oauth'],
		/** @type {Map<string, { redirectUri?: string }>} */
		codes: new Map(),
		/** @type {Map<string, { scopes: string[] }>} */
		refreshTokens: new Map(),
		/** @type {Map<string, { expiresAt: number, refreshToken: string }>} */
		accessTokens: new Map(),
		/** Issue an authorization code without going through /oauth/authorize. */
		issueCode(/** @type {string | undefined} */ redirectUri) {
			const code = `code-${randomBytes(8).toString('hex')}`;
			oauth.codes.set(code, { redirectUri });
			return code;
		},
		/** Expire every issued access token now (to test refresh). */
		expireAccessTokens() {
			for (const t of oauth.accessTokens.values()) t.expiresAt = Date.now() - 1000;
		},
	};

	/** Webhooks API state (developer-key authenticated), per appId. */
	const developer = {
		apiKey: 'dev-sandbox-hapikey',
		/** @type {Map<string, { settings: any, subscriptions: any[] }>} */
		apps: new Map(),
		nextSubscriptionId: 1,
	};
	/** @param {string} appId */
	const appState = (appId) => {
		if (!developer.apps.has(appId)) developer.apps.set(appId, { settings: null, subscriptions: [] });
		return /** @type {{ settings: any, subscriptions: any[] }} */ (developer.apps.get(appId));
	};

	seedOwners(store, opts.seed);

	// Every write becomes webhook events, delivered to sb.webhooks.subscribe() targets
	// and to apps configured through the Webhooks API.
	store.listeners.push((c) => {
		const t = store.resolveType(c.objectType);
		if (!t) return;
		const legacy = ['contact', 'company', 'deal'].includes(t.singular);
		const base = legacy ? { subscriptionType: '' } : { subscriptionType: '', objectTypeId: t.objectTypeId };
		const src = { changeSource: 'INTEGRATION', sourceId: c.sourceId ?? PRIVATE_APP_SOURCE_ID, objectId: Number(c.id), occurredAt: c.at };
		const prefix = legacy ? t.singular : 'object';
		/** @type {any[]} */
		const events = [];
		if (c.changeType === 'created') events.push({ ...base, ...src, subscriptionType: `${prefix}.creation`, changeFlag: 'NEW' });
		if (c.changeType === 'archived') events.push({ ...base, ...src, subscriptionType: `${prefix}.deletion`, changeFlag: 'DELETED' });
		if (c.changeType === 'updated' || c.changeType === 'created') {
			for (const [name, value] of Object.entries(c.changed)) {
				if (c.changeType === 'created' && value === '') continue;
				events.push({ ...base, ...src, subscriptionType: `${prefix}.propertyChange`, propertyName: name, propertyValue: value ?? '' });
			}
		}
		const dynamic = [];
		for (const [, app] of developer.apps) {
			if (!app.settings?.targetUrl) continue;
			dynamic.push({
				url: app.settings.targetUrl,
				clientSecret: oauth.clientSecret,
				match: (/** @type {any} */ e) => {
					const sub = app.subscriptions.find(
						(s) => s.active && s.eventType === e.subscriptionType && (!s.propertyName || s.propertyName === e.propertyName),
					);
					return sub ? sub.id : null;
				},
			});
		}
		webhooks.enqueue(events, dynamic);
	});

	const objects = createObjectHandlers(store, { baseUrl: opts.baseUrl });

	/** @param {any} p */
	function propertyApi(p) {
		const now = iso(Date.UTC(2024, 0, 1));
		const options =
			p.name === 'hubspot_owner_id'
				? store.owners.map((o, i) => ({ label: `${o.firstName} ${o.lastName} (${o.email})`, value: o.id, displayOrder: i, hidden: false }))
				: p.options;
		return {
			updatedAt: now,
			createdAt: now,
			name: p.name,
			label: p.label,
			type: p.type,
			fieldType: p.fieldType,
			description: p.description ?? '',
			groupName: p.groupName,
			options,
			displayOrder: -1,
			calculated: false,
			externalOptions: p.name === 'hubspot_owner_id',
			hasUniqueValue: p.hasUniqueValue,
			hidden: false,
			hubspotDefined: p.hubspotDefined !== false,
			modificationMetadata: { archivable: p.hubspotDefined === false, readOnlyDefinition: p.hubspotDefined !== false, readOnlyValue: p.readOnlyValue },
			formField: !p.readOnlyValue,
			dataSensitivity: 'non_sensitive',
		};
	}

	function pipelineApi() {
		const at = iso(Date.UTC(2024, 0, 1));
		return {
			id: 'default',
			label: 'Sales Pipeline',
			displayOrder: 0,
			createdAt: at,
			updatedAt: at,
			archived: false,
			stages: DEAL_STAGES.map((s, i) => ({
				id: s.id,
				label: s.label,
				displayOrder: i,
				metadata: { isClosed: s.isClosed, probability: s.probability },
				createdAt: at,
				updatedAt: at,
				archived: false,
				writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT',
			})),
		};
	}

	/** @param {RequestContext} ctx */
	function oauthToken(ctx) {
		const b = typeof ctx.body === 'object' && ctx.body ? ctx.body : {};
		const fail = (/** @type {string} */ status, /** @type {string} */ message) => json({ status, message, correlationId: randomUUID() }, 400);
		if (b.client_id !== oauth.clientId) return fail('BAD_CLIENT_ID', 'missing or unknown client id');
		if (b.client_secret !== oauth.clientSecret) return fail('BAD_CLIENT_SECRET', 'missing or invalid client secret');
		/** @type {string} */
		let refreshToken;
		if (b.grant_type === 'authorization_code') {
			const code = oauth.codes.get(b.code);
			if (!code) return fail('BAD_AUTH_CODE', 'missing or unknown auth code');
			if (code.redirectUri && code.redirectUri !== b.redirect_uri) return fail('BAD_REDIRECT_URI', 'redirect_uri does not match the one used to obtain the code');
			oauth.codes.delete(b.code);
			refreshToken = `rt-${randomUUID()}`;
			oauth.refreshTokens.set(refreshToken, { scopes: oauth.scopes });
		} else if (b.grant_type === 'refresh_token') {
			if (!oauth.refreshTokens.has(b.refresh_token)) return fail('BAD_REFRESH_TOKEN', 'missing or unknown refresh token');
			refreshToken = b.refresh_token; // HubSpot refresh tokens do not rotate
		} else {
			return fail('BAD_GRANT_TYPE', 'grant_type must be authorization_code or refresh_token');
		}
		const accessToken = `at-${randomBytes(16).toString('hex')}`;
		oauth.accessTokens.set(accessToken, { expiresAt: Date.now() + oauth.accessTokenTtlSec * 1000, refreshToken });
		return json({ token_type: 'bearer', refresh_token: refreshToken, access_token: accessToken, expires_in: oauth.accessTokenTtlSec });
	}

	/** @param {RequestContext} ctx @returns {SandboxResponse} */
	function oauthAuthorize(ctx) {
		if (ctx.query.client_id !== oauth.clientId) return { status: 400, raw: 'Unknown client_id', headers: { 'Content-Type': 'text/plain' } };
		if (!ctx.query.redirect_uri) return { status: 400, raw: 'redirect_uri is required', headers: { 'Content-Type': 'text/plain' } };
		const code = oauth.issueCode(ctx.query.redirect_uri);
		const to = new URL(ctx.query.redirect_uri);
		to.searchParams.set('code', code);
		if (ctx.query.state) to.searchParams.set('state', ctx.query.state);
		return { status: 302, headers: { Location: to.toString() }, raw: '' };
	}

	/** @param {RequestContext} ctx */
	function accessTokenInfo(ctx) {
		const t = oauth.accessTokens.get(ctx.params.token);
		if (!t) return E.hsError(404, 'OBJECT_NOT_FOUND', 'access token not found');
		return json({
			token: ctx.params.token,
			user: 'sandbox.user@example.com',
			hub_domain: 'sandbox.hubspot.local',
			scopes: oauth.scopes,
			hub_id: PORTAL_ID,
			app_id: APP_ID,
			expires_in: Math.max(0, Math.round((t.expiresAt - Date.now()) / 1000)),
			user_id: 1,
			token_type: 'access',
		});
	}

	/** @param {RequestContext} ctx @returns {SandboxResponse | null} */
	function developerAuth(ctx) {
		// The legacy Webhooks API authenticates with the developer API key in `hapikey`.
		return ctx.query.hapikey === developer.apiKey ? null : E.unauthorized();
	}

	const EVENT_TYPE = /^(contact|company|deal|ticket|product|line_item|conversation|object)\.(creation|deletion|propertyChange|associationChange|merge|restore|privacyDeletion|newMessage)$/;

	/** @type {Array<[string, (ctx: any) => SandboxResponse | Promise<SandboxResponse>]>} */
	const publicRoutes = [
		['POST /oauth/v1/token', oauthToken],
		['GET /oauth/authorize', oauthAuthorize],
		['GET /oauth/v1/access-tokens/:token', accessTokenInfo],
		[
			'GET /webhooks/v3/:appId/settings',
			(ctx) => developerAuth(ctx) ?? (appState(ctx.params.appId).settings ? json(appState(ctx.params.appId).settings) : E.hsError(404, 'OBJECT_NOT_FOUND', `No webhook settings found for app ${ctx.params.appId}`)),
		],
		[
			'PUT /webhooks/v3/:appId/settings',
			(ctx) => {
				const denied = developerAuth(ctx);
				if (denied) return denied;
				const b = ctx.body ?? {};
				if (typeof b.targetUrl !== 'string' || !/^https?:\/\//.test(b.targetUrl)) return E.validation('targetUrl must be an absolute http(s) URL');
				const app = appState(ctx.params.appId);
				const now = new Date().toISOString();
				app.settings = {
					createdAt: app.settings?.createdAt ?? now,
					targetUrl: b.targetUrl,
					throttling: { maxConcurrentRequests: b.throttling?.maxConcurrentRequests ?? 10, period: b.throttling?.period ?? 'SECONDLY' },
					updatedAt: now,
				};
				return json(app.settings);
			},
		],
		['GET /webhooks/v3/:appId/subscriptions', (ctx) => developerAuth(ctx) ?? json({ results: appState(ctx.params.appId).subscriptions })],
		[
			'POST /webhooks/v3/:appId/subscriptions',
			(ctx) => {
				const denied = developerAuth(ctx);
				if (denied) return denied;
				const b = ctx.body ?? {};
				if (typeof b.eventType !== 'string' || !EVENT_TYPE.test(b.eventType)) return E.validation(`Invalid eventType: ${b.eventType}`);
				if (b.eventType.endsWith('.propertyChange') && !b.propertyName) return E.validation('propertyName is required for propertyChange subscriptions');
				const now = new Date().toISOString();
				const sub = { id: developer.nextSubscriptionId++, createdAt: now, updatedAt: now, eventType: b.eventType, propertyName: b.propertyName, active: b.active !== false };
				appState(ctx.params.appId).subscriptions.push(sub);
				return json(sub, 201);
			},
		],
		[
			'PATCH /webhooks/v3/:appId/subscriptions/:id',
			(ctx) => {
				const denied = developerAuth(ctx);
				if (denied) return denied;
				const sub = appState(ctx.params.appId).subscriptions.find((s) => String(s.id) === ctx.params.id);
				if (!sub) return E.hsError(404, 'OBJECT_NOT_FOUND', `Subscription ${ctx.params.id} not found`);
				if (typeof ctx.body?.active === 'boolean') sub.active = ctx.body.active;
				sub.updatedAt = new Date().toISOString();
				return json(sub);
			},
		],
		[
			'DELETE /webhooks/v3/:appId/subscriptions/:id',
			(ctx) => {
				const denied = developerAuth(ctx);
				if (denied) return denied;
				const subs = appState(ctx.params.appId).subscriptions;
				const i = subs.findIndex((s) => String(s.id) === ctx.params.id);
				if (i >= 0) subs.splice(i, 1);
				return { status: 204 };
			},
		],
	];

	/** @type {Array<[string, (ctx: any) => SandboxResponse | Promise<SandboxResponse>]>} */
	const crmRoutes = [
		// GET /account-info/v3/details (HubSpot "Account information API", legacy v3 path; the dated
		// /account-info/2026-03/details answers the same): portalId, accountType, timeZone,
		// companyCurrency, additionalCurrencies, utcOffset, utcOffsetMilliseconds, uiDomain, dataHostingLocation.
		[
			'GET /account-info/v3/details',
			() =>
				json({
					portalId: PORTAL_ID,
					accountType: 'STANDARD',
					timeZone: 'US/Eastern',
					companyCurrency: 'USD',
					additionalCurrencies: [],
					utcOffset: '-05:00',
					utcOffsetMilliseconds: -18000000,
					uiDomain: 'app.hubspot.com',
					dataHostingLocation: 'na1',
				}),
		],
		['POST /crm/v3/objects/:type/search', objects.search],
		['POST /crm/v3/objects/:type/batch/:action', objects.batch],
		['GET /crm/v3/objects/:type', objects.list],
		['POST /crm/v3/objects/:type', objects.createOne],
		['GET /crm/v3/objects/:type/:id', objects.getOne],
		['PATCH /crm/v3/objects/:type/:id', objects.updateOne],
		['DELETE /crm/v3/objects/:type/:id', objects.archiveOne],
		// the legacy Contacts API v1 (n8n's built-in HubSpot node), behind the same auth and limits
		...createContactsV1(store, { portalId: PORTAL_ID }),
		[
			'GET /crm/v3/properties/:type',
			(ctx) => {
				const t = store.resolveType(ctx.params.type);
				if (!t) return E.validation(`Unable to infer object type from: ${ctx.params.type}`);
				return json({ results: [...t.properties.values()].map(propertyApi) });
			},
		],
		[
			'GET /crm/v3/properties/:type/:name',
			(ctx) => {
				const t = store.resolveType(ctx.params.type);
				if (!t) return E.validation(`Unable to infer object type from: ${ctx.params.type}`);
				const p = t.properties.get(ctx.params.name);
				return p ? json(propertyApi(p)) : E.hsError(404, 'OBJECT_NOT_FOUND', `Unable to find property ${ctx.params.name}`);
			},
		],
		[
			'POST /crm/v3/properties/:type',
			(ctx) => {
				const t = store.resolveType(ctx.params.type);
				if (!t) return E.validation(`Unable to infer object type from: ${ctx.params.type}`);
				const b = ctx.body ?? {};
				if (typeof b.name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(b.name)) return E.validation('name is required: lowercase letters, digits and underscores');
				if (t.properties.has(b.name)) return E.hsError(409, 'OBJECT_ALREADY_EXISTS', `A property named '${b.name}' already exists.`);
				return json(propertyApi(store.addProperty(t.name, b)), 201);
			},
		],
		[
			'GET /crm/v3/owners',
			(ctx) => {
				let list = store.owners.filter((o) => !o.archived);
				if (ctx.query.email) list = list.filter((o) => o.email === ctx.query.email.toLowerCase());
				const limit = Math.min(parseInt(ctx.query.limit ?? '100', 10) || 100, 500);
				const start = ctx.query.after ? list.findIndex((o) => o.id === ctx.query.after) : 0;
				const from = Math.max(0, start);
				/** @type {Record<string, unknown>} */
				const body = { results: list.slice(from, from + limit) };
				if (from + limit < list.length) {
					const after = list[from + limit].id;
					body.paging = { next: { after, link: `${opts.baseUrl()}/crm/v3/owners?after=${after}` } };
				}
				return json(body);
			},
		],
		[
			'GET /crm/v3/owners/:id',
			(ctx) => {
				const o = store.owners.find((x) => x.id === ctx.params.id);
				return o ? json(o) : E.notFound(ctx.params.id);
			},
		],
		[
			'GET /crm/v3/pipelines/:type',
			(ctx) => (['deals', '0-3'].includes(ctx.params.type) ? json({ results: [pipelineApi()] }) : json({ results: [] })),
		],
		[
			'GET /crm/v3/pipelines/:type/:pipelineId',
			(ctx) =>
				['deals', '0-3'].includes(ctx.params.type) && ctx.params.pipelineId === 'default'
					? json(pipelineApi())
					: E.hsError(404, 'OBJECT_NOT_FOUND', `Unable to find pipeline ${ctx.params.pipelineId}`),
		],
		[
			'PUT /crm/v4/objects/:fromType/:fromId/associations/default/:toType/:toId',
			(ctx) => {
				const from = store.resolveType(ctx.params.fromType);
				const to = store.resolveType(ctx.params.toType);
				if (!from) return E.validation(`Unable to infer object type from: ${ctx.params.fromType}`);
				if (!to) return E.validation(`Unable to infer object type from: ${ctx.params.toType}`);
				const a = store.get(from, ctx.params.fromId);
				const b = store.get(to, ctx.params.toId);
				if (!a || a.archived) return E.notFound(ctx.params.fromId);
				if (!b || b.archived) return E.notFound(ctx.params.toId);
				const typeId = store.associationTypeId(from.name, to.name);
				store.associate(from.name, a.id, to.name, b.id, typeId);
				const now = new Date().toISOString();
				return json({
					status: 'COMPLETE',
					results: [
						{ from: { id: a.id }, to: { id: b.id }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId } },
						{ from: { id: b.id }, to: { id: a.id }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: store.associationTypeId(to.name, from.name) } },
					],
					startedAt: now,
					completedAt: now,
				});
			},
		],
		[
			'GET /crm/v4/objects/:fromType/:fromId/associations/:toType',
			(ctx) => {
				const from = store.resolveType(ctx.params.fromType);
				const to = store.resolveType(ctx.params.toType);
				if (!from) return E.validation(`Unable to infer object type from: ${ctx.params.fromType}`);
				if (!to) return E.validation(`Unable to infer object type from: ${ctx.params.toType}`);
				const limit = Math.min(parseInt(ctx.query.limit ?? '500', 10) || 500, 500);
				const all = store.associationsOf(from.name, ctx.params.fromId, to.name);
				const start = ctx.query.after ? Number(ctx.query.after) : 0;
				/** @type {Record<string, unknown>} */
				const body = {
					results: all.slice(start, start + limit).map((a) => ({
						toObjectId: a.toObjectId,
						associationTypes: a.typeIds.map((typeId) => ({ category: 'HUBSPOT_DEFINED', typeId, label: null })),
					})),
				};
				if (start + limit < all.length) body.paging = { next: { after: String(start + limit) } };
				return json(body);
			},
		],
	];

	const publicRouter = createRouter(publicRoutes);
	const crmRouter = createRouter(crmRoutes);

	/**
	 * Identify the caller. Returns an error response or the auth info.
	 * @param {RequestContext} ctx
	 */
	function authenticate(ctx) {
		const h = String(ctx.headers.authorization ?? '');
		const m = /^Bearer\s+(.+)$/i.exec(h);
		if (!m) return { error: E.unauthorized() };
		const token = m[1].trim();
		if (tokens.includes(token)) return { auth: { token, oauth: false, sourceId: PRIVATE_APP_SOURCE_ID } };
		const at = oauth.accessTokens.get(token);
		if (at) {
			if (Date.now() > at.expiresAt) return { error: E.expiredToken(Math.max(1, Math.round((Date.now() - at.expiresAt) / 1000))) };
			return { auth: { token, oauth: true, sourceId: String(APP_ID) } };
		}
		return { error: E.unauthorized() };
	}

	/** @param {SandboxResponse} res @param {Record<string, string>} h */
	const withHeaders = (res, h) => ({ ...res, headers: { ...h, ...(res.headers ?? {}) } });

	return {
		store,
		tokens,
		oauth,
		developer,
		webhooks,
		limiter,
		portalId: PORTAL_ID,
		appId: APP_ID,
		/**
		 * Answer an injected 429 fault exactly like a ten-secondly rate-limit rejection.
		 * @param {RequestContext} ctx
		 */
		fault429(ctx) {
			const a = authenticate(ctx);
			const token = 'auth' in a && a.auth ? a.auth.token : 'anonymous';
			const oauthTok = 'auth' in a && a.auth ? a.auth.oauth : false;
			const h = { ...limiter.headers(token, oauthTok), 'X-HubSpot-RateLimit-Remaining': '0', 'Retry-After': '1' };
			return withHeaders(E.rateLimited('TEN_SECONDLY_ROLLING', token), h);
		},
		/**
		 * @param {RequestContext & { failRecord?: (input: any) => boolean }} ctx
		 * @returns {Promise<SandboxResponse>}
		 */
		async handle(ctx) {
			const pub = publicRouter.match(ctx.method, ctx.path);
			if (pub && 'handler' in pub) return pub.handler({ ...ctx, params: pub.params });
			const route = crmRouter.match(ctx.method, ctx.path);
			if (!route) return E.hsError(404, 'OBJECT_NOT_FOUND', `No route for ${ctx.method} ${ctx.path}`);
			const a = authenticate(ctx);
			if (a.error || !a.auth) return /** @type {SandboxResponse} */ (a.error);
			if ('methodNotAllowed' in route) return { status: 405, raw: '' };
			const isSearch = ctx.method === 'POST' && /\/search$/.test(ctx.path);
			if (isSearch) {
				const s = limiter.takeSearch(a.auth.token);
				if (!s.ok) return withHeaders(E.rateLimited('SECONDLY', a.auth.token), { 'Retry-After': String(s.retryAfterSec) });
			} else {
				const b = limiter.takeBurst(a.auth.token, a.auth.oauth);
				if (!b.ok) {
					return withHeaders(E.rateLimited('TEN_SECONDLY_ROLLING', a.auth.token), {
						...limiter.headers(a.auth.token, a.auth.oauth),
						// Assumption: HubSpot's 429 carries Retry-After in seconds (its usage guide says to honour it).
						'Retry-After': String(b.retryAfterSec),
					});
				}
			}
			const res = await route.handler(/** @type {any} */ ({ ...ctx, params: route.params, auth: a.auth }));
			return isSearch ? res : withHeaders(res, limiter.headers(a.auth.token, a.auth.oauth));
		},
		/** @param {Record<string, number>} counts @param {number} [seedNumber] */
		seed(counts, seedNumber) {
			return seedHubspot(store, counts, seedNumber ?? opts.seed);
		},
		close() {
			webhooks.stop();
		},
	};
}

/**
 * The plug-in the sandbox loads (see ../index.js): the emulator, and `sb.hubspot`.
 * @param {{ seed: number, baseUrl: () => string, options: { tokens?: string[], plan?: 'starter' | 'pro' } }} opts
 */
function createVendor(opts) {
	const seed = opts.seed;
	const hub = createHubspot({ baseUrl: opts.baseUrl, tokens: opts.options.tokens, seed });
	if (opts.options.plan) hub.limiter.setPlan(opts.options.plan);

	const api = {
		tokens: hub.tokens,
		store: hub.store,
		oauth: hub.oauth,
		developer: hub.developer,
		portalId: hub.portalId,
		appId: hub.appId,
		/** @param {Record<string, number>} counts @param {number} [seedNumber] */
		seed: (counts, seedNumber) => hub.seed(counts, seedNumber),
		/** @param {'starter' | 'pro'} plan */
		setPlan: (plan) => hub.limiter.setPlan(plan),
		resetRateLimits: () => hub.limiter.reset(),
		/** @param {string} name @param {any} def */
		addObjectType: (name, def) => {
			const t = hub.store.addObjectType(name, def);
			return { name: t.name, objectTypeId: t.objectTypeId };
		},
		/** @param {string} type @param {any} def */
		addProperty: (type, def) => hub.store.addProperty(type, def),
		/** @param {string | number} at */
		freezeClock: (at) => hub.store.clock.freeze(at),
		unfreezeClock: () => hub.store.clock.unfreeze(),
		/** The earliest timestamp the next write will get; use it as a `changes.since` cursor. */
		now: () => hub.store.clock.now(),
		changes: {
			/**
			 * Records changed at or after `ms`, one entry per record (its latest change).
			 * @param {number} ms
			 */
			since(ms) {
				/** @type {Map<string, any>} */
				const latest = new Map();
				for (const c of hub.store.changes) {
					if (c.at < ms) continue;
					latest.set(`${c.objectType}:${c.id}`, c);
				}
				return [...latest.values()]
					.sort((a, b) => a.at - b.at)
					.map((c) => ({ objectType: c.objectType, id: c.id, changeType: c.changeType, changedAt: c.at, record: hub.store.getRecord(c.objectType, c.id) }));
			},
			all: () => hub.store.changes.slice(),
		},
		/** Signed webhook deliveries (also `sb.webhooks`). */
		webhooks: {
			deliver: hub.webhooks.deliver,
			subscribe: hub.webhooks.subscribe,
			unsubscribeAll: hub.webhooks.unsubscribeAll,
			flush: hub.webhooks.flush,
			deliveries: hub.webhooks.deliveries,
			sign: hub.webhooks.sign,
		},
	};

	return {
		api,
		handle: hub.handle,
		fault429: hub.fault429,
		/** @returns {SandboxResponse} */
		fault503() {
			// Assumption: HubSpot's 503 body uses its standard error envelope.
			return { status: 503, body: { status: 'error', message: 'The service is temporarily unavailable. Please try again later.', correlationId: randomUUID(), category: 'SERVICE_UNAVAILABLE' } };
		},
		/** Every HubSpot answer carries a correlation id (the error body's, when it has one). @param {SandboxResponse} out */
		headers: (out) => ({ 'X-HubSpot-Correlation-Id': out.headers?.['X-HubSpot-Correlation-Id'] ?? (/** @type {any} */ (out.body)?.correlationId || randomUUID()) }),
		/**
		 * Control API below /__sandbox/hubspot: `POST /plan {plan}`, `GET /changes?since=ms`, `GET /store/{type}`.
		 * @param {string} method @param {string} path @param {any} body @param {Record<string, string>} query
		 * @returns {SandboxResponse | undefined}
		 */
		control(method, path, body, query) {
			if (method === 'POST' && path === '/plan') {
				api.setPlan(body?.plan);
				return { status: 204 };
			}
			if (method === 'GET' && path === '/changes') return json(api.changes.since(Number(query.since ?? 0)));
			const m = /^\/store\/([^/]+)$/.exec(path);
			if (method === 'GET' && m) return json(hub.store.list(m[1]));
			return undefined;
		},
		close: hub.close,
	};
}

module.exports = { createVendor, createHubspot, PORTAL_ID, APP_ID };
