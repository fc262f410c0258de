'use strict';

const { randomBytes } = require('node:crypto');
const { createRouter, json } = require('../lib/http');
const { signJwt, verifyJwt } = require('./jwt');
const { createPrng } = require('../lib/prng');
const { createWebhooks } = require('./webhooks');
const { createCustom } = require('./custom');
const { createRateLimit } = require('./ratelimit');

/**
 * The generic REST CRM mounted at /generic (its API lives under /api/v1).
 * This is our own design, documented in test/sandbox/GENERIC-API.md.
 */

/** @typedef {import('../lib/http').RequestContext} RequestContext */
/** @typedef {import('../lib/http').SandboxResponse} SandboxResponse */

/**
 * @typedef {{ type: 'string' | 'email' | 'enum' | 'boolean' | 'number' | 'integer' | 'date' | 'datetime' | 'ref', required?: boolean, unique?: boolean, values?: string[], ref?: string, default?: unknown, maxLength?: number }} FieldDef
 */

/** @type {Record<string, Record<string, FieldDef>>} */
const RESOURCES = {
	users: {
		username: { type: 'string', required: true, unique: true },
		email: { type: 'email', required: true, unique: true },
		name: { type: 'string', required: true },
		role: { type: 'enum', values: ['admin', 'member', 'viewer'], default: 'member' },
		active: { type: 'boolean', default: true },
	},
	clients: {
		name: { type: 'string', required: true },
		email: { type: 'email' },
		phone: { type: 'string' },
		company: { type: 'string' },
		owner_id: { type: 'ref', ref: 'users' },
		website: { type: 'string', maxLength: 255 },
	},
	projects: {
		name: { type: 'string', required: true },
		description: { type: 'string' },
		status: { type: 'enum', values: ['active', 'on_hold', 'completed', 'archived'], default: 'active' },
		client_id: { type: 'ref', ref: 'clients' },
		owner_id: { type: 'ref', ref: 'users' },
		start_date: { type: 'date' },
		due_date: { type: 'date' },
		budget: { type: 'number' },
	},
	tasks: {
		title: { type: 'string', required: true },
		description: { type: 'string' },
		status: { type: 'enum', values: ['open', 'in_progress', 'blocked', 'done'], default: 'open' },
		priority: { type: 'enum', values: ['low', 'medium', 'high', 'urgent'], default: 'medium' },
		project_id: { type: 'ref', ref: 'projects', required: true },
		assignee_id: { type: 'ref', ref: 'users' },
		due_date: { type: 'date' },
	},
	comments: {
		entity_type: { type: 'enum', values: ['project', 'task', 'client'], required: true },
		entity_id: { type: 'integer', required: true },
		author_id: { type: 'ref', ref: 'users' },
		body: { type: 'string', required: true },
	},
	// Added for issue 13 (the CRM resources beside the project ones); our own design, documented in GENERIC-API.md.
	contacts: {
		first_name: { type: 'string', maxLength: 100 },
		last_name: { type: 'string', required: true, maxLength: 100 },
		email: { type: 'email', unique: true },
		phone: { type: 'string', maxLength: 40 },
		mobile_phone: { type: 'string', maxLength: 40 },
		job_title: { type: 'string', maxLength: 100 },
		client_id: { type: 'ref', ref: 'clients' },
		owner_id: { type: 'ref', ref: 'users' },
		street: { type: 'string' },
		city: { type: 'string' },
		state: { type: 'string' },
		postal_code: { type: 'string' },
		country: { type: 'string' },
	},
	deals: {
		name: { type: 'string', required: true, maxLength: 200 },
		amount: { type: 'number' },
		currency: { type: 'enum', values: ['USD', 'EUR', 'GBP', 'CHF', 'JPY', 'CAD', 'AUD'], default: 'USD' },
		stage: { type: 'enum', values: ['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost'], default: 'lead' },
		close_date: { type: 'date' },
		description: { type: 'string' },
		client_id: { type: 'ref', ref: 'clients' },
		contact_id: { type: 'ref', ref: 'contacts' },
		owner_id: { type: 'ref', ref: 'users' },
	},
	activities: {
		type: { type: 'enum', values: ['call', 'meeting', 'email', 'task'], default: 'meeting' },
		subject: { type: 'string', required: true, maxLength: 200 },
		description: { type: 'string' },
		starts_at: { type: 'datetime' },
		ends_at: { type: 'datetime' },
		location: { type: 'string' },
		done: { type: 'boolean', default: false },
		contact_id: { type: 'ref', ref: 'contacts' },
		deal_id: { type: 'ref', ref: 'deals' },
		client_id: { type: 'ref', ref: 'clients' },
		owner_id: { type: 'ref', ref: 'users' },
	},
};
const READ_ONLY = new Set(['id', 'created_at', 'updated_at']);
const LIST_PARAMS = new Set(['page', 'per_page', 'sort', 'q', 'updated_since']);
const ENTITY_RESOURCE = /** @type {Record<string, string>} */ ({ project: 'projects', task: 'tasks', client: 'clients' });

/** @param {number} status @param {string} code @param {string} message @param {Record<string, string>} [fields] @param {Record<string,string>} [headers] */
const err = (status, code, message, fields, headers) => json({ error: fields ? { code, message, fields } : { code, message } }, status, headers);

/**
 * @param {{ seed: number, jwtTtlSec?: number, baseUrl?: () => string }} opts
 */
function createGeneric(opts) {
	const config = {
		username: 'sandbox',
		password: 'sandbox-password',
		apiKey: 'sandbox-api-key',
		/** A fixed personal access token accepted as `Authorization: Bearer` (the Bearer preset). */
		personalToken: 'sandbox-personal-token',
		clientId: 'sandbox-client',
		clientSecret: 'sandbox-client-secret',
		/** access-token lifetime (login, refresh and client credentials) */
		jwtTtlSec: opts.jwtTtlSec ?? 60,
		refreshTtlSec: 86400,
		jwtSecret: randomBytes(32).toString('hex'),
	};
	/** shifts the server's notion of "now" (token expiry only), for tests */
	let timeOffsetMs = 0;
	const nowMs = () => Date.now() + timeOffsetMs;
	let lastStamp = 0;
	const stamp = () => {
		lastStamp = Math.max(Date.now(), lastStamp + 1);
		return new Date(lastStamp).toISOString();
	};

	/** @type {Record<string, Map<number, Record<string, any>>>} */
	const data = Object.fromEntries(Object.keys(RESOURCES).map((r) => [r, new Map()]));
	/** @type {Record<string, number>} */
	const nextId = Object.fromEntries(Object.keys(RESOURCES).map((r) => [r, 1]));
	/** @type {Map<string, { sub: string, expiresAt: number }>} */
	const refreshTokens = new Map();
	const webhooks = createWebhooks({ json, err, stamp });
	const custom = createCustom({ json, err, stamp, baseUrl: opts.baseUrl ?? (() => '') });
	const rateLimit = createRateLimit();
	/** Logins and refreshes answered, for tests of the JWT path. */
	const authCalls = { login: 0, refresh: 0, refreshRefused: 0 };
	/** After this many more requests with a JWT, every token issued so far expires (a session expiring mid-run); 0 = off. */
	let expireAfter = 0;

	/** @param {string} sub @param {string} [scope] */
	function issueAccess(sub, scope) {
		const iat = Math.floor(nowMs() / 1000);
		return signJwt({ sub, iat, exp: iat + config.jwtTtlSec, typ: 'access', scope: scope ?? 'crm', jti: randomBytes(8).toString('hex') }, config.jwtSecret);
	}
	/** @param {string} sub */
	function issuePair(sub) {
		const refresh = `rt_${randomBytes(24).toString('hex')}`;
		refreshTokens.set(refresh, { sub, expiresAt: nowMs() + config.refreshTtlSec * 1000 });
		return { access_token: issueAccess(sub), refresh_token: refresh, token_type: 'Bearer', expires_in: config.jwtTtlSec };
	}

	/**
	 * Validate a write. `partial` for PATCH: only given fields are checked.
	 * @param {string} res @param {any} body @param {boolean} partial @param {number} [selfId]
	 * @returns {{ values: Record<string, any> } | { fields: Record<string, string>, conflict?: boolean }}
	 */
	function validate(res, body, partial, selfId) {
		const schema = RESOURCES[res];
		/** @type {Record<string, string>} */
		const fields = {};
		/** @type {Record<string, any>} */
		const values = {};
		if (!body || typeof body !== 'object' || Array.isArray(body)) return { fields: { _body: 'must be a JSON object' } };
		for (const [k, v] of Object.entries(body)) {
			if (READ_ONLY.has(k)) continue; // echoing read-only fields back is harmless
			const def = schema[k];
			if (!def) {
				fields[k] = 'is not a recognised field';
				continue;
			}
			if (v === null || v === '') {
				if (def.required) fields[k] = 'is required';
				else values[k] = null;
				continue;
			}
			switch (def.type) {
				case 'string':
					if (typeof v !== 'string') fields[k] = 'must be a string';
					else if (def.maxLength && v.length > def.maxLength) fields[k] = `must be at most ${def.maxLength} characters`;
					else values[k] = v;
					break;
				case 'datetime':
					// ISO 8601 with a zone; stored in UTC with milliseconds.
					if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) || Number.isNaN(Date.parse(v))) {
						fields[k] = 'must be an ISO 8601 date-time with a time zone';
					} else values[k] = new Date(v).toISOString();
					break;
				case 'email':
					if (typeof v !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) fields[k] = 'must be a valid email address';
					else values[k] = v.toLowerCase();
					break;
				case 'enum':
					if (!def.values?.includes(String(v))) fields[k] = `must be one of: ${def.values?.join(', ')}`;
					else values[k] = String(v);
					break;
				case 'boolean':
					if (typeof v !== 'boolean') fields[k] = 'must be a boolean';
					else values[k] = v;
					break;
				case 'number':
					if (typeof v !== 'number' || !Number.isFinite(v)) fields[k] = 'must be a number';
					else values[k] = v;
					break;
				case 'integer':
					if (!Number.isInteger(Number(v))) fields[k] = 'must be an integer';
					else values[k] = Number(v);
					break;
				case 'date':
					if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) fields[k] = 'must be a date (YYYY-MM-DD)';
					else values[k] = v;
					break;
				case 'ref': {
					const id = Number(v);
					if (!Number.isInteger(id) || !data[/** @type {string} */ (def.ref)].has(id)) fields[k] = `${def.ref?.replace(/s$/, '')} ${v} does not exist`;
					else values[k] = id;
					break;
				}
			}
		}
		if (!partial) {
			for (const [k, def] of Object.entries(schema)) {
				if (def.required && (body[k] === undefined || body[k] === null || body[k] === '') && !fields[k]) fields[k] = 'is required';
			}
		}
		if (res === 'comments' && values.entity_type && values.entity_id !== undefined && !fields.entity_id) {
			if (!data[ENTITY_RESOURCE[values.entity_type]].has(values.entity_id)) fields.entity_id = `${values.entity_type} ${values.entity_id} does not exist`;
		}
		if (Object.keys(fields).length) return { fields };
		for (const [k, def] of Object.entries(schema)) {
			if (!def.unique || values[k] === undefined || values[k] === null) continue;
			for (const r of data[res].values()) {
				if (r.id !== selfId && r[k] === values[k]) return { fields: { [k]: 'is already taken' }, conflict: true };
			}
		}
		return { values };
	}

	/** @param {string} res @param {Record<string, any>} values */
	function insert(res, values) {
		const schema = RESOURCES[res];
		const at = stamp();
		/** @type {Record<string, any>} */
		const rec = { id: nextId[res]++ };
		for (const [k, def] of Object.entries(schema)) rec[k] = values[k] !== undefined ? values[k] : def.default !== undefined ? def.default : null;
		rec.created_at = at;
		rec.updated_at = at;
		data[res].set(rec.id, rec);
		return rec;
	}

	/**
	 * List with filters and page/per_page paging.
	 * @param {string} res @param {Record<string, string>} query @param {(r: any) => boolean} [scope]
	 */
	function list(res, query, scope) {
		const schema = RESOURCES[res];
		const page = query.page === undefined ? 1 : Number(query.page);
		const perPage = query.per_page === undefined ? 20 : Number(query.per_page);
		/** @type {Record<string, string>} */
		const bad = {};
		if (!Number.isInteger(page) || page < 1) bad.page = 'must be an integer >= 1';
		if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) bad.per_page = 'must be an integer between 1 and 100';
		for (const k of Object.keys(query)) if (!LIST_PARAMS.has(k) && !schema[k] && k !== 'id') bad[k] = 'is not a filterable field';
		let sortField = 'id';
		let dir = 1;
		if (query.sort) {
			sortField = query.sort.replace(/^-/, '');
			dir = query.sort.startsWith('-') ? -1 : 1;
			if (!schema[sortField] && !READ_ONLY.has(sortField)) bad.sort = 'is not a sortable field';
		}
		if (query.updated_since && Number.isNaN(Date.parse(query.updated_since))) bad.updated_since = 'must be an ISO 8601 date-time';
		if (Object.keys(bad).length) return err(422, 'VALIDATION_FAILED', 'Invalid query parameters', bad);
		let rows = [...data[res].values()];
		if (scope) rows = rows.filter(scope);
		for (const [k, v] of Object.entries(query)) {
			if (LIST_PARAMS.has(k)) continue;
			const wanted = v.split(',');
			rows = rows.filter((r) => wanted.includes(String(r[k])));
		}
		if (query.updated_since) {
			const since = Date.parse(query.updated_since);
			rows = rows.filter((r) => Date.parse(r.updated_at) >= since);
		}
		if (query.q) {
			const q = query.q.toLowerCase();
			rows = rows.filter((r) => Object.entries(schema).some(([k, d]) => ['string', 'email'].includes(d.type) && String(r[k] ?? '').toLowerCase().includes(q)));
		}
		rows.sort((a, b) => {
			const x = a[sortField];
			const y = b[sortField];
			if (x === y) return a.id - b.id;
			if (x === null) return 1;
			if (y === null) return -1;
			return (x < y ? -1 : 1) * dir;
		});
		const total = rows.length;
		return json({
			data: rows.slice((page - 1) * perPage, page * perPage),
			meta: { page, per_page: perPage, total, total_pages: Math.ceil(total / perPage) },
		});
	}

	/** @param {string} res @param {string} id */
	const find = (res, id) => data[res].get(Number(id));
	/** @param {string} res @param {string} id */
	const notFound = (res, id) => err(404, 'NOT_FOUND', `${res.replace(/s$/, '')} ${id} not found`);

	/** @param {RequestContext & { failRecord?: (input: any) => boolean }} ctx @param {string} res @param {'create' | 'replace' | 'patch'} mode @param {any} [existing] */
	function write(ctx, res, mode, existing) {
		if (ctx.bodyInvalid) return err(400, 'INVALID_JSON', 'Request body is not valid JSON');
		const v = validate(res, ctx.body, mode === 'patch', existing?.id);
		if ('fields' in v) return v.conflict ? err(409, 'CONFLICT', 'A record with this value already exists', v.fields) : err(422, 'VALIDATION_FAILED', 'Validation failed', v.fields);
		if (ctx.failRecord && ctx.failRecord(ctx.body)) return err(422, 'VALIDATION_FAILED', 'Validation failed', { _record: 'rejected by the sandbox failRecord fault' });
		if (mode === 'create') {
			const rec = insert(res, v.values);
			webhooks.emit(res, 'created', rec);
			return json({ data: rec }, 201);
		}
		const before = { ...existing };
		if (mode === 'replace') {
			for (const [k, def] of Object.entries(RESOURCES[res])) existing[k] = v.values[k] !== undefined ? v.values[k] : def.default !== undefined ? def.default : null;
		} else {
			Object.assign(existing, v.values);
		}
		existing.updated_at = stamp();
		webhooks.emit(res, 'updated', existing, before);
		return json({ data: existing });
	}

	/** @type {Array<[string, (ctx: any) => SandboxResponse]>} */
	const routes = [];
	for (const res of Object.keys(RESOURCES)) {
		routes.push(
			[`GET /api/v1/${res}`, (ctx) => list(res, ctx.query)],
			[`POST /api/v1/${res}`, (ctx) => write(ctx, res, 'create')],
			[`GET /api/v1/${res}/:id`, (ctx) => (find(res, ctx.params.id) ? json({ data: find(res, ctx.params.id) }) : notFound(res, ctx.params.id))],
			[`PUT /api/v1/${res}/:id`, (ctx) => (find(res, ctx.params.id) ? write(ctx, res, 'replace', find(res, ctx.params.id)) : notFound(res, ctx.params.id))],
			[`PATCH /api/v1/${res}/:id`, (ctx) => (find(res, ctx.params.id) ? write(ctx, res, 'patch', find(res, ctx.params.id)) : notFound(res, ctx.params.id))],
			[
				`DELETE /api/v1/${res}/:id`,
				(ctx) => {
					if (!data[res].delete(Number(ctx.params.id))) return notFound(res, ctx.params.id);
					webhooks.emit(res, 'deleted', { id: Number(ctx.params.id) });
					return { status: 204 };
				},
			],
		);
	}
	/** @param {string} parent @param {string} child @param {string} fk */
	const sub = (parent, child, fk) => (/** @type {any} */ ctx) =>
		find(parent, ctx.params.id) ? list(child, ctx.query, (r) => r[fk] === Number(ctx.params.id)) : notFound(parent, ctx.params.id);
	routes.push(
		['GET /api/v1/projects/:id/tasks', sub('projects', 'tasks', 'project_id')],
		[
			'POST /api/v1/projects/:id/tasks',
			(ctx) => {
				if (!find('projects', ctx.params.id)) return notFound('projects', ctx.params.id);
				return write({ ...ctx, body: { ...(ctx.body ?? {}), project_id: Number(ctx.params.id) } }, 'tasks', 'create');
			},
		],
		['GET /api/v1/users/:id/tasks', sub('users', 'tasks', 'assignee_id')],
		['GET /api/v1/users/:id/projects', sub('users', 'projects', 'owner_id')],
		['GET /api/v1/clients/:id/projects', sub('clients', 'projects', 'client_id')],
		...['projects', 'tasks', 'clients'].map(
			(res) =>
				/** @type {[string, (ctx: any) => SandboxResponse]} */ ([
					`GET /api/v1/${res}/:id/comments`,
					(ctx) =>
						find(res, ctx.params.id)
							? list('comments', ctx.query, (r) => r.entity_type === res.replace(/s$/, '') && r.entity_id === Number(ctx.params.id))
							: notFound(res, ctx.params.id),
				]),
		),
		[
			'PATCH /api/v1/tasks/:id/assign',
			(ctx) => {
				const task = find('tasks', ctx.params.id);
				if (!task) return notFound('tasks', ctx.params.id);
				const userId = ctx.body?.user_id;
				if (userId !== null && (userId === undefined || !find('users', String(userId)))) {
					return err(422, 'VALIDATION_FAILED', 'Validation failed', { user_id: userId === undefined ? 'is required' : `user ${userId} does not exist` });
				}
				const before = { ...task };
				task.assignee_id = userId === null ? null : Number(userId);
				task.updated_at = stamp();
				webhooks.emit('tasks', 'updated', task, before);
				return json({ data: task });
			},
		],
		[
			'PATCH /api/v1/tasks/:id/status',
			(ctx) => {
				const task = find('tasks', ctx.params.id);
				if (!task) return notFound('tasks', ctx.params.id);
				const status = ctx.body?.status;
				const allowed = /** @type {string[]} */ (RESOURCES.tasks.status.values);
				if (!allowed.includes(status)) return err(422, 'VALIDATION_FAILED', 'Validation failed', { status: `must be one of: ${allowed.join(', ')}` });
				const before = { ...task };
				task.status = status;
				task.updated_at = stamp();
				webhooks.emit('tasks', 'updated', task, before);
				return json({ data: task });
			},
		],
		[
			'GET /api/v1/auth/me',
			(ctx) => json({ data: { sub: ctx.principal.sub, method: ctx.principal.method } }),
		],
		...webhooks.routes,
		...custom.routes,
	);
	const router = createRouter(routes);

	/** @type {Array<[string, (ctx: any) => SandboxResponse]>} */
	const publicRoutes = [
		['GET /api/v1/health', () => json({ status: 'ok' })],
		[
			'POST /api/v1/auth/login',
			(ctx) => {
				const b = ctx.body ?? {};
				if (b.username !== config.username || b.password !== config.password) return err(401, 'INVALID_CREDENTIALS', 'Invalid username or password');
				authCalls.login++;
				return json(issuePair(`user:${config.username}`));
			},
		],
		[
			'POST /api/v1/auth/refresh',
			(ctx) => {
				const rt = ctx.body?.refresh_token;
				const entry = typeof rt === 'string' ? refreshTokens.get(rt) : undefined;
				if (!entry || entry.expiresAt <= nowMs()) {
					authCalls.refreshRefused++;
					return err(401, 'INVALID_REFRESH_TOKEN', 'Refresh token is invalid or expired');
				}
				authCalls.refresh++;
				refreshTokens.delete(rt); // refresh tokens rotate: each is single-use
				return json(issuePair(entry.sub));
			},
		],
		[
			'POST /api/v1/oauth/token',
			(ctx) => {
				// RFC 6749 client credentials; client authenticates with HTTP Basic or body fields.
				const b = typeof ctx.body === 'object' && ctx.body ? ctx.body : {};
				let id = b.client_id;
				let secret = b.client_secret;
				const basic = /^Basic\s+(.+)$/i.exec(String(ctx.headers.authorization ?? ''));
				if (basic) {
					const [u, p] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
					id = decodeURIComponent(u ?? '');
					secret = decodeURIComponent(p ?? '');
				}
				if (b.grant_type !== 'client_credentials') return json({ error: 'unsupported_grant_type', error_description: 'Only client_credentials is supported' }, 400);
				if (id !== config.clientId || secret !== config.clientSecret) return json({ error: 'invalid_client', error_description: 'Client authentication failed' }, 401);
				return json({ access_token: issueAccess(`client:${id}`, b.scope), token_type: 'Bearer', expires_in: config.jwtTtlSec, scope: b.scope ?? 'crm' });
			},
		],
	];
	const publicRouter = createRouter(publicRoutes);

	/** @param {RequestContext} ctx */
	function authenticate(ctx) {
		// The key in the X-API-Key header, or (issue 13, the API key preset's query option) in ?api_key=.
		const key = ctx.headers['x-api-key'] ?? ctx.query.api_key;
		if (typeof key === 'string' && key !== '') {
			return key === config.apiKey ? { principal: { sub: 'apikey', method: 'api_key' } } : { error: err(401, 'INVALID_API_KEY', 'The API key is not valid') };
		}
		const basic = /^Basic\s+(.+)$/i.exec(String(ctx.headers.authorization ?? ''));
		if (basic) {
			const [u, ...rest] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
			if (u === config.username && rest.join(':') === config.password) return { principal: { sub: `user:${u}`, method: 'basic' } };
			return { error: err(401, 'INVALID_CREDENTIALS', 'Invalid username or password', undefined, { 'WWW-Authenticate': 'Basic realm="generic-crm"' }) };
		}
		const m = /^Bearer\s+(.+)$/i.exec(String(ctx.headers.authorization ?? ''));
		if (m && m[1].trim() === config.personalToken) return { principal: { sub: 'user:token', method: 'bearer' } };
		if (!m) return { error: err(401, 'UNAUTHORIZED', 'Missing credentials: send a Bearer token or an X-API-Key header', undefined, { 'WWW-Authenticate': 'Bearer realm="generic-crm"' }) };
		const v = verifyJwt(m[1].trim(), config.jwtSecret, Math.floor(nowMs() / 1000));
		if (!v.ok) {
			if (v.reason === 'expired') {
				return { error: err(401, 'TOKEN_EXPIRED', 'The access token has expired', undefined, { 'WWW-Authenticate': 'Bearer error="invalid_token", error_description="The access token expired"' }) };
			}
			return { error: err(401, 'INVALID_TOKEN', 'The access token is not valid', undefined, { 'WWW-Authenticate': 'Bearer error="invalid_token"' }) };
		}
		return { principal: { sub: v.payload.sub, method: String(v.payload.sub).startsWith('client:') ? 'oauth2' : 'jwt' } };
	}

	return {
		config,
		data,
		webhooks,
		custom,
		rateLimit,
		authCalls,
		/** @param {number} n */
		expireTokensAfter(n) {
			expireAfter = n;
		},
		/** @param {number} ms */
		advanceTime(ms) {
			timeOffsetMs += ms;
		},
		resetTime() {
			timeOffsetMs = 0;
		},
		store: {
			/** @param {string} res */
			list: (res) => [...(data[res]?.values() ?? [])].map((r) => ({ ...r })),
			/** @param {string} res @param {number} id */
			get: (res, id) => (data[res]?.get(Number(id)) ? { ...data[res].get(Number(id)) } : undefined),
		},
		/**
		 * @param {RequestContext & { failRecord?: (input: any) => boolean }} ctx
		 * @returns {SandboxResponse}
		 */
		handle(ctx) {
			const pub = publicRouter.match(ctx.method, ctx.path);
			if (pub && 'handler' in pub) return pub.handler({ ...ctx, params: pub.params });
			const route = router.match(ctx.method, ctx.path);
			if (!route && !pub) return err(404, 'NOT_FOUND', `No route for ${ctx.method} ${ctx.path}`);
			const a = authenticate(ctx);
			if (a.error) return a.error;
			if (expireAfter > 0 && a.principal.method === 'jwt' && --expireAfter === 0) timeOffsetMs += (config.jwtTtlSec + 1) * 1000;
			// The api_key query parameter is the credential, not a filter.
			const query = { ...ctx.query };
			delete query.api_key;
			const taken = rateLimit.take(a.principal.sub, Date.now());
			const limitHeaders = rateLimit.headers(taken.remaining, taken.resetSec);
			if (!taken.ok) return err(429, 'RATE_LIMITED', 'Too many requests', undefined, { ...limitHeaders, 'Retry-After': String(taken.resetSec) });
			if (!route || 'methodNotAllowed' in route) return err(405, 'METHOD_NOT_ALLOWED', `${ctx.method} is not allowed on ${ctx.path}`);
			const out = route.handler(/** @type {any} */ ({ ...ctx, query, params: route.params, principal: a.principal }));
			return { ...out, headers: { ...(out.headers ?? {}), ...limitHeaders } };
		},
		/**
		 * Deterministic sample data.
		 * @param {{ users?: number, clients?: number, projects?: number, tasks?: number, comments?: number, contacts?: number, deals?: number, activities?: number }} counts
		 * @param {number} [seedNumber]
		 */
		seed(counts, seedNumber) {
			const r = createPrng(seedNumber ?? opts.seed);
			const first = ['Ada', 'Grace', 'Alan', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Radia', 'Tim'];
			const last = ['Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Perlman', 'Lee'];
			const companies = ['Acme Corp', 'Globex', 'Initech', 'Umbrella Health', 'Stark Logistics', 'Wayne Foods', 'Hooli', 'Vandelay Imports'];
			const verbs = ['Design', 'Build', 'Review', 'Migrate', 'Test', 'Document', 'Deploy', 'Audit'];
			const things = ['landing page', 'billing flow', 'CRM import', 'API client', 'onboarding emails', 'data model', 'reporting dashboard', 'mobile app'];
			/** @type {Record<string, number[]>} */
			const made = { users: [], clients: [], projects: [], tasks: [], comments: [] };
			for (let i = 0; i < (counts.users ?? 0); i++) {
				const f = r.pick(first);
				const l = r.pick(last);
				const username = `${f}.${l}.${nextId.users}`.toLowerCase();
				made.users.push(insert('users', { username, email: `${username}@example.com`, name: `${f} ${l}`, role: r.pick(['admin', 'member', 'member', 'viewer']), active: true }).id);
			}
			for (let i = 0; i < (counts.clients ?? 0); i++) {
				const company = r.pick(companies);
				made.clients.push(
					insert('clients', {
						name: `${r.pick(first)} ${r.pick(last)}`,
						email: `contact${nextId.clients}@${company.toLowerCase().replace(/[^a-z]+/g, '')}.example.com`,
						phone: `+1555${String(r.int(1000000, 9999999))}`,
						company,
						owner_id: made.users.length ? r.pick(made.users) : null,
					}).id,
				);
			}
			for (let i = 0; i < (counts.projects ?? 0); i++) {
				const start = new Date(Date.UTC(2025, r.int(0, 11), r.int(1, 28)));
				made.projects.push(
					insert('projects', {
						name: `${r.pick(['Website', 'Platform', 'Data', 'Mobile', 'Growth'])} ${r.pick(['relaunch', 'migration', 'rollout', 'overhaul', 'pilot'])} ${nextId.projects}`,
						description: 'Seeded by the sandbox.',
						status: r.pick(['active', 'active', 'on_hold', 'completed']),
						client_id: made.clients.length ? r.pick(made.clients) : null,
						owner_id: made.users.length ? r.pick(made.users) : null,
						start_date: start.toISOString().slice(0, 10),
						due_date: new Date(start.getTime() + r.int(14, 120) * 86400000).toISOString().slice(0, 10),
						budget: r.int(10, 500) * 100,
					}).id,
				);
			}
			for (let i = 0; i < (counts.tasks ?? 0) && made.projects.length; i++) {
				made.tasks.push(
					insert('tasks', {
						title: `${r.pick(verbs)} ${r.pick(things)}`,
						description: null,
						status: r.pick(['open', 'open', 'in_progress', 'blocked', 'done']),
						priority: r.pick(['low', 'medium', 'medium', 'high', 'urgent']),
						project_id: r.pick(made.projects),
						assignee_id: made.users.length && r.chance(0.8) ? r.pick(made.users) : null,
						due_date: new Date(Date.UTC(2025, r.int(0, 11), r.int(1, 28))).toISOString().slice(0, 10),
					}).id,
				);
			}
			for (let i = 0; i < (counts.comments ?? 0) && made.tasks.length; i++) {
				made.comments.push(
					insert('comments', {
						entity_type: 'task',
						entity_id: r.pick(made.tasks),
						author_id: made.users.length ? r.pick(made.users) : null,
						body: r.pick(['Looks good to me.', 'Blocked on the client.', 'Can we move the deadline?', 'Done, please review.', 'Added notes from the call.']),
					}).id,
				);
			}
			made.contacts = [];
			made.deals = [];
			made.activities = [];
			for (let i = 0; i < (counts.contacts ?? 0); i++) {
				const f = r.pick(first);
				const l = r.pick(last);
				made.contacts.push(
					insert('contacts', {
						first_name: f,
						last_name: l,
						email: `${f}.${l}.${nextId.contacts}@people.example.com`.toLowerCase(),
						phone: `+1555${String(r.int(1000000, 9999999))}`,
						job_title: r.pick(['CEO', 'CTO', 'Buyer', 'Engineer', 'Office manager']),
						client_id: made.clients.length ? r.pick(made.clients) : null,
						owner_id: made.users.length ? r.pick(made.users) : null,
					}).id,
				);
			}
			for (let i = 0; i < (counts.deals ?? 0); i++) {
				made.deals.push(
					insert('deals', {
						name: `${r.pick(companies)} ${r.pick(['renewal', 'expansion', 'pilot', 'licence'])} ${nextId.deals}`,
						amount: r.int(10, 900) * 100,
						stage: r.pick(['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost']),
						close_date: new Date(Date.UTC(2026, r.int(0, 11), r.int(1, 28))).toISOString().slice(0, 10),
						client_id: made.clients.length ? r.pick(made.clients) : null,
						contact_id: made.contacts.length ? r.pick(made.contacts) : null,
						owner_id: made.users.length ? r.pick(made.users) : null,
					}).id,
				);
			}
			for (let i = 0; i < (counts.activities ?? 0); i++) {
				const start = Date.UTC(2026, r.int(0, 11), r.int(1, 28), r.int(8, 17));
				made.activities.push(
					insert('activities', {
						type: r.pick(['call', 'meeting', 'email']),
						subject: `${r.pick(['Intro', 'Demo', 'Follow-up', 'Review'])} ${nextId.activities}`,
						starts_at: new Date(start).toISOString(),
						ends_at: new Date(start + 30 * 60000).toISOString(),
						contact_id: made.contacts.length ? r.pick(made.contacts) : null,
						owner_id: made.users.length ? r.pick(made.users) : null,
					}).id,
				);
			}
			return made;
		},
	};
}

/**
 * The plug-in the sandbox loads (see ../index.js): the emulator, and `sb.generic`.
 * @param {{ seed: number, baseUrl: () => string, options: { jwtTtlSec?: number } }} opts
 */
function createVendor(opts) {
	const generic = createGeneric({ seed: opts.seed, jwtTtlSec: opts.options.jwtTtlSec, baseUrl: opts.baseUrl });
	return {
		api: {
			credentials: generic.config,
			store: generic.store,
			webhooks: generic.webhooks,
			custom: generic.custom,
			/** @param {{ limit?: number, windowMs?: number, style?: 'x' | 'ietf' | 'ietf-legacy' | 'none' }} next */
			setRateLimit: (next) => generic.rateLimit.set(next),
			resetRateLimits: () => generic.rateLimit.reset(),
			authCalls: generic.authCalls,
			/** @param {any} counts @param {number} [seedNumber] */
			seed: (/** @type {any} */ counts, /** @type {number | undefined} */ seedNumber) => generic.seed(counts, seedNumber),
			/** @param {number} sec */
			setTokenTtl: (/** @type {number} */ sec) => {
				generic.config.jwtTtlSec = sec;
			},
			advanceTime: generic.advanceTime,
			/** @param {number} n */
			expireTokensAfter: (n) => generic.expireTokensAfter(n),
			resetTime: generic.resetTime,
		},
		handle: generic.handle,
		// The error envelope of GENERIC-API.md.
		fault503: () => json({ error: { code: 'SERVICE_UNAVAILABLE', message: 'Service temporarily unavailable' } }, 503, { 'Retry-After': '1' }),
		fault429: () => json({ error: { code: 'RATE_LIMITED', message: 'Too many requests' } }, 429, { 'Retry-After': '1' }),
	};
}

module.exports = { createVendor, createGeneric, RESOURCES };
