'use strict';

const { buildSchema, parse, validate, execute, getOperationAST, GraphQLError } = require('graphql');
const { json } = require('../lib/http');
const { SDL, TYPES } = require('./schema');
const { createStore } = require('./store');
const { createResolvers } = require('./resolvers');
const { createLimits } = require('./limits');
const { seedGraphql } = require('./seed');
const { resourceDefinition } = require('./definition');

/**
 * A GraphQL CRM mounted at /graphql: one endpoint, `POST /graphql/graphql`
 * (and `GET` for queries), with contacts, companies and deals (schema.js),
 * Relay / offset / page-token listings, single and upsert mutations, field
 * errors with `path`, query cost in `extensions.cost` or a `rateLimit` field,
 * throttling with `THROTTLED` / `RATE_LIMITED` codes (limits.js), and
 * graphql-js's own introspection.
 *
 * GraphQL over HTTP (graphql.org/learn/serving-over-http and the GraphQL over
 * HTTP draft): a JSON body `{ query, variables, operationName }`; the answer
 * `{ data, errors, extensions }`. A body that is not JSON or has no `query`
 * is 400; syntax, validation and variable errors come back as 200 with
 * `errors` and no `data` (the draft's rule for `application/json` answers).
 *
 * Auth (one of): `Authorization: Bearer <token>` (`api.tokens`, and tokens
 * the OAuth2 endpoint issued), an API key header `X-API-Key` (`api.apiKeys`),
 * or `Authorization: Basic` (`api.users`). OAuth2 client credentials:
 * `POST /graphql/oauth/token` (RFC 6749 section 4.4). A JWT-style login beside
 * the endpoint: `POST /graphql/auth/login` `{ username, password }` and
 * `POST /graphql/auth/refresh` `{ refresh_token }` (assumption: the common
 * shape, no single vendor's).
 */

function gqlErrors(errors, status = 200, headers = {}, extensions) {
	return json({ errors, ...(extensions ? { extensions } : {}) }, status, headers);
}

/** @param {{ seed: number, baseUrl: () => string }} opts */
function createVendor(opts) {
	const schema = buildSchema(SDL);
	const store = createStore();
	const limits = createLimits();
	const resolvers = createResolvers(store, limits);
	const tokens = ['gql-sandbox-token'];
	const apiKeys = ['gql-sandbox-key'];
	const users = { 'sandbox-user': 'sandbox-password' };
	const oauth = { clientId: 'gql-client', clientSecret: 'gql-client-secret', issued: /** @type {string[]} */ ([]), ttlSec: 3600 };
	/** JWT-style login (this sandbox's own shape: `{ access_token, refresh_token, expires_in }`); tokens expire, refresh tokens are single-use. */
	const jwt = { ttlSec: 3600, logins: 0, refreshes: 0, access: /** @type {Map<string, number>} */ (new Map()), refresh: /** @type {Set<string>} */ (new Set()) };
	function issueJwt() {
		const n = jwt.logins + jwt.refreshes;
		const accessToken = `gql-jwt-${n}-${Math.random().toString(36).slice(2)}`;
		const refreshToken = `gql-refresh-${n}-${Math.random().toString(36).slice(2)}`;
		jwt.access.set(accessToken, Date.now() + jwt.ttlSec * 1000);
		jwt.refresh.add(refreshToken);
		return json({ access_token: accessToken, refresh_token: refreshToken, expires_in: jwt.ttlSec });
	}
	function login(ctx) {
		const body = ctx.body ?? {};
		if (users[body.username] === undefined || users[body.username] !== body.password) return json({ error: 'invalid_credentials', message: 'Wrong user name or password' }, 401);
		jwt.logins++;
		return issueJwt();
	}
	function refresh(ctx) {
		const token = (ctx.body ?? {}).refresh_token;
		if (!jwt.refresh.has(token)) return json({ error: 'invalid_grant', message: 'Unknown or used refresh token' }, 401);
		jwt.refresh.delete(token);
		jwt.refreshes++;
		return issueJwt();
	}
	/** Operations as received: `{ operationName, query, variables }` (for tests). */
	const operations = [];

	function authorized(ctx) {
		const auth = String(ctx.headers.authorization ?? '');
		const bearer = /^Bearer (.+)$/.exec(auth);
		if (bearer && (tokens.includes(bearer[1]) || oauth.issued.includes(bearer[1]))) return true;
		if (bearer && (jwt.access.get(bearer[1]) ?? 0) > Date.now()) return true;
		const basic = /^Basic (.+)$/.exec(auth);
		if (basic) {
			const [user, ...rest] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
			if (users[user] !== undefined && users[user] === rest.join(':')) return true;
		}
		const key = ctx.headers['x-api-key'];
		return typeof key === 'string' && apiKeys.includes(key);
	}

	function token(ctx) {
		const body = ctx.body ?? {};
		let id = body.client_id;
		let secret = body.client_secret;
		const basic = /^Basic (.+)$/.exec(String(ctx.headers.authorization ?? ''));
		if (basic) [id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
		if (body.grant_type !== 'client_credentials') return json({ error: 'unsupported_grant_type' }, 400);
		if (id !== oauth.clientId || secret !== oauth.clientSecret) return json({ error: 'invalid_client' }, 401);
		const accessToken = `gql-oauth-${oauth.issued.length + 1}-${Math.random().toString(36).slice(2)}`;
		oauth.issued.push(accessToken);
		return json({ access_token: accessToken, token_type: 'Bearer', expires_in: oauth.ttlSec });
	}

	async function graphqlRequest(ctx) {
		let params;
		if (ctx.method === 'GET') {
			let variables;
			try {
				variables = ctx.query.variables ? JSON.parse(ctx.query.variables) : undefined;
			} catch {
				return gqlErrors([{ message: 'variables is not valid JSON' }], 400);
			}
			params = { query: ctx.query.query, variables, operationName: ctx.query.operationName };
		} else {
			if (ctx.bodyInvalid || typeof ctx.body !== 'object' || ctx.body === null) return gqlErrors([{ message: 'The body must be a JSON object' }], 400);
			params = ctx.body;
		}
		if (typeof params.query !== 'string' || !params.query.trim()) return gqlErrors([{ message: 'Must provide query string.' }], 400);
		operations.push({ operationName: params.operationName, query: params.query, variables: params.variables });

		const denied = limits.admitRequest();
		if (denied) return gqlErrors([{ message: 'Too many requests', extensions: { code: 'TOO_MANY_REQUESTS' } }], 429, { 'Retry-After': String(denied.retryAfter) });

		let document;
		try {
			document = parse(params.query);
		} catch (error) {
			return gqlErrors([/** @type {GraphQLError} */ (error).toJSON()]);
		}
		const invalid = validate(schema, document);
		if (invalid.length) return gqlErrors(invalid.map((e) => e.toJSON()));
		const op = getOperationAST(document, params.operationName);
		if (!op) return gqlErrors([{ message: params.operationName ? `Unknown operation named "${params.operationName}".` : 'Must provide operation name if query contains multiple operations.' }]);
		if (ctx.method === 'GET' && op.operation !== 'query') return gqlErrors([{ message: `Can only perform a ${op.operation} operation from a POST request.` }], 405, { Allow: 'POST' });

		const charge = limits.charge(limits.costOf(document, params.operationName, params.variables));
		if (charge.refused) {
			const errors = charge.refused.map((e) => ({ ...(charge.type ? { type: charge.type } : {}), ...e.toJSON() }));
			return gqlErrors(errors, 200, {}, charge.extensions);
		}
		resolvers.setFailRecord(ctx.failRecord);
		try {
			const result = await execute({ schema, document, rootValue: resolvers.root, variableValues: params.variables, operationName: params.operationName });
			const body = { ...(result.errors ? { errors: result.errors.map((e) => e.toJSON()) } : {}), data: result.data ?? null };
			if (charge.extensions) body.extensions = charge.extensions;
			// Variable coercion errors (an unknown input field, a wrong type) fail the whole request: no data.
			if (result.data === undefined) delete body.data;
			return json(body);
		} finally {
			resolvers.setFailRecord(undefined);
		}
	}

	async function handle(ctx) {
		if (ctx.path === '/oauth/token' && ctx.method === 'POST') return token(ctx);
		if (ctx.path === '/auth/login' && ctx.method === 'POST') return login(ctx);
		if (ctx.path === '/auth/refresh' && ctx.method === 'POST') return refresh(ctx);
		if (ctx.path !== '/graphql') return gqlErrors([{ message: `No route ${ctx.method} ${ctx.path} (the endpoint is /graphql)` }], 404);
		if (ctx.method !== 'POST' && ctx.method !== 'GET') return gqlErrors([{ message: `Method ${ctx.method} not allowed` }], 405, { Allow: 'GET, POST' });
		if (!authorized(ctx)) return gqlErrors([{ message: 'Unauthorized', extensions: { code: 'UNAUTHENTICATED' } }], 401);
		return graphqlRequest(ctx);
	}

	const api = {
		/** The GraphQL endpoint (the credential's Endpoint URL). */
		get endpoint() {
			return `${opts.baseUrl()}/graphql`;
		},
		tokenUrl: () => `${opts.baseUrl()}/oauth/token`,
		tokens,
		apiKeys,
		users,
		oauth,
		jwt,
		/** Every JWT access token expires now (the next call is answered 401). */
		expireJwt: () => {
			for (const t of jwt.access.keys()) jwt.access.set(t, 0);
		},
		store,
		operations,
		/** Limits: `{ mode: 'cost' | 'points' | 'none', maximumAvailable, restoreRate, pointsLimit, pointsWindowMs, requestsPerMinute }`. */
		setLimits: limits.set,
		resetLimits: limits.reset,
		throttleStatus: limits.throttleStatus,
		/** How many operations were refused as throttled (THROTTLED or RATE_LIMITED). */
		throttled: limits.throttled,
		/** @param {string} type */
		list: (type) => store.alive(type),
		/** @param {string} type @param {string} id */
		get: (type, id) => store.get(type, id),
		/** @param {string} type */
		count: (type) => store.alive(type).length,
		/** Writes a record as a user of the CRM would (no limits). @param {string} type @param {any} input @param {string} [id] */
		write: (type, input, id) => (id === undefined ? store.create(type, input) : store.update(type, id, input)),
		remove: (type, id) => store.remove(type, id),
		advanceTime: store.advanceTime,
		now: store.now,
		/** @param {Record<string, number>} counts @param {number} [seedNumber] */
		seed: (counts, seedNumber) => seedGraphql(store, counts, seedNumber ?? opts.seed),
		types: Object.keys(TYPES),
		/** The GraphQL CRM credential's resource definition for this schema (definition.js). */
		resourceDefinition,
	};

	return {
		handle,
		api,
		fault429: () => gqlErrors([{ message: 'Too many requests', extensions: { code: 'TOO_MANY_REQUESTS' } }], 429, { 'Retry-After': '1' }),
		fault503: () => gqlErrors([{ message: 'Service unavailable' }], 503, { 'Retry-After': '1' }),
	};
}

module.exports = { createVendor };
