'use strict';

const { randomBytes, randomUUID } = require('node:crypto');
const { createRouter, json } = require('../lib/http');
const { createPrng } = require('../lib/prng');

/**
 * The Pipedrive emulator mounted at /pipedrive. Paths are Pipedrive's own
 * (https://{company}.pipedrive.com/api/v2/..., /api/v1/... and the legacy /v1/...),
 * so an API-token credential whose company domain is `sb.pipedrive.baseUrl` talks
 * to it unchanged.
 *
 * Emulated from Pipedrive's documentation:
 * - auth: `x-api-token` header (or the legacy `api_token` query), or an OAuth bearer token;
 * - v2 persons/organizations/deals/activities: cursor paging (`cursor`, `limit` <= 500,
 *   `additional_data.next_cursor`), `updated_since`, `sort_by`/`sort_direction`,
 *   custom fields under `custom_fields`, PATCH updates, strict validation;
 * - v1 leads and notes: `start`/`limit` paging (`additional_data.pagination`), custom
 *   fields at the root, PATCH (leads) / PUT (notes);
 * - v2 search: GET /api/v2/{persons|organizations|deals|leads}/search (`term`, `fields`,
 *   `exact_match`), results in `data.items[].item`;
 * - errors `{ success: false, error, error_info, data: null }`;
 * - limits: per token a 2-second burst window with `x-ratelimit-limit/-remaining/-reset`
 *   on every answer and 429 beyond it; search 10 per 2 s; a daily token budget
 *   (30,000 x plan multiplier x seats) charged per call;
 * - webhooks: `POST/GET /v1/webhooks`, `DELETE /v1/webhooks/{id}`; version 2.0 payloads
 *   (`data`, `previous`, `meta`) POSTed with HTTP Basic auth (`http_auth_user/password`).
 *
 * Assumptions (not stated in the documentation we read):
 * - token costs of v2 calls are half of v1's (v1: get 2, list 20, create/update 10,
 *   delete 6, search 40), rounded up;
 * - the burst window is rolling; `x-ratelimit-reset` is whole seconds until the oldest
 *   request of the window leaves it (at least 1 when the window is full);
 * - a spent daily budget answers 429 with `Retry-After` = seconds to the next UTC midnight;
 * - deleted v2 records answer 404 on GET and are left out of lists;
 * - webhook deliveries are not retried here; results are kept in `deliveries`.
 */

const PLANS = {
	lite: { multiplier: 1, apiToken: 20, oauth: 80 },
	growth: { multiplier: 2, apiToken: 40, oauth: 160 },
	premium: { multiplier: 5, apiToken: 80, oauth: 320 },
	ultimate: { multiplier: 7, apiToken: 120, oauth: 480 },
};
const WINDOW_MS = 2000;
const SEARCH_BURST = 10;
const BASE_DAILY_TOKENS = 30_000;
const COMPANY_ID = 777;
const USER_ID = 1001;

const V2_ENTITIES = { persons: 'person', organizations: 'organization', deals: 'deal', activities: 'activity' };
const V1_ENTITIES = { leads: 'lead', notes: 'note' };
const FIELD_ENDPOINTS = {
	personFields: 'persons',
	organizationFields: 'organizations',
	dealFields: 'deals',
	activityFields: 'activities',
	noteFields: 'notes',
};
const STANDARD_FIELDS = {
	persons: [
		['id', 'ID', 'int'],
		['name', 'Name', 'varchar'],
		['first_name', 'First name', 'varchar'],
		['last_name', 'Last name', 'varchar'],
		['owner_id', 'Owner', 'user'],
		['org_id', 'Organization', 'org'],
		['emails', 'Email', 'varchar'],
		['phones', 'Phone', 'phone'],
		['job_title', 'Job title', 'varchar'],
		['add_time', 'Person created', 'date'],
		['update_time', 'Update time', 'date'],
		['label_ids', 'Labels', 'set'],
	],
	organizations: [
		['id', 'ID', 'int'],
		['name', 'Name', 'varchar'],
		['owner_id', 'Owner', 'user'],
		['address', 'Address', 'address'],
		['add_time', 'Organization created', 'date'],
		['update_time', 'Update time', 'date'],
	],
	deals: [
		['id', 'ID', 'int'],
		['title', 'Title', 'varchar'],
		['value', 'Value', 'monetary'],
		['currency', 'Currency', 'varchar'],
		['owner_id', 'Owner', 'user'],
		['person_id', 'Contact person', 'people'],
		['org_id', 'Organization', 'org'],
		['pipeline_id', 'Pipeline', 'double'],
		['stage_id', 'Stage', 'stage'],
		['status', 'Status', 'status'],
		['expected_close_date', 'Expected close date', 'date'],
		['add_time', 'Deal created', 'date'],
		['update_time', 'Update time', 'date'],
	],
	activities: [
		['id', 'ID', 'int'],
		['subject', 'Subject', 'varchar'],
		['type', 'Type', 'varchar'],
		['due_date', 'Due date', 'date'],
		['due_time', 'Due time', 'time'],
		['duration', 'Duration', 'time'],
		['done', 'Done', 'boolean'],
		['owner_id', 'Assigned to user', 'user'],
		['public_description', 'Public description', 'text'],
		['add_time', 'Add time', 'date'],
		['update_time', 'Update time', 'date'],
	],
	notes: [
		['id', 'ID', 'int'],
		['content', 'Content', 'text'],
		['user_id', 'User', 'user'],
		['add_time', 'Add time', 'date'],
		['update_time', 'Update time', 'date'],
	],
};
const ACTIVITY_TYPES = ['call', 'meeting', 'task', 'deadline', 'email', 'lunch'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Pipedrive's error envelope.
 * @param {number} status @param {string} error @param {string} [info]
 * @returns {import("../lib/http").SandboxResponse}
 */
function pdError(status, error, info) {
	return json({ success: false, error, error_info: info ?? 'Please check developers.pipedrive.com', data: null, additional_data: null }, status);
}
const validation = (/** @type {string} */ message) => pdError(400, `Validation failed: ${message}`);
const notFound = (/** @type {string} */ what) => pdError(404, `${what} not found`);

const isoNow = (/** @type {number} */ ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const v1Now = (/** @type {number} */ ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/**
 * @param {{ seed: number, baseUrl: () => string }} opts
 */
function createVendor(opts) {
	/** @type {string[]} */
	const tokens = ['pd-sandbox-token'];
	let plan = /** @type {keyof typeof PLANS} */ ('lite');
	let seats = 1;
	/** @type {number | undefined} */
	let dailyBudgetOverride;
	/** @type {Map<string, number[]>} */
	const burst = new Map();
	/** @type {Map<string, number[]>} */
	const searchBurst = new Map();
	let tokensUsed = 0;
	let clockOffset = 0;
	const now = () => Date.now() + clockOffset;
	/** A strictly increasing time for writes, so `update_time` orders changes. */
	let lastWrite = 0;
	const writeTime = () => {
		lastWrite = Math.max(now(), lastWrite + 1000);
		return lastWrite;
	};

	const oauth = {
		clientId: 'pd-sandbox-client',
		clientSecret: 'pd-sandbox-secret',
		/** @type {Map<string, number>} access token -> expiry ms */
		accessTokens: new Map(),
		/** @type {Set<string>} */
		refreshTokens: new Set(),
		/** @type {Set<string>} */
		codes: new Set(),
		issueCode() {
			const code = `pd-code-${randomBytes(6).toString('hex')}`;
			oauth.codes.add(code);
			return code;
		},
	};

	/** @type {Record<string, Map<string, any>>} */
	const records = { persons: new Map(), organizations: new Map(), deals: new Map(), activities: new Map(), leads: new Map(), notes: new Map() };
	/** @type {Record<string, number>} */
	const nextId = { persons: 1, organizations: 1, deals: 1, activities: 1, notes: 1 };
	/** @type {Record<string, any[]>} */
	const fields = {};
	let nextFieldId = 9000;
	for (const [entity, list] of Object.entries(STANDARD_FIELDS)) {
		fields[entity] = list.map(([key, name, type], i) => ({ id: i + 1, key, name, field_type: type, edit_flag: false, mandatory_flag: key === 'name' || key === 'title', active_flag: true }));
	}
	// Leads share the deal fields (as in Pipedrive).
	const fieldsOf = (/** @type {string} */ entity) => fields[entity === 'leads' ? 'deals' : entity];

	/** @type {any[]} */
	const webhooks = [];
	let nextWebhookId = 1;
	/** @type {Set<Promise<void>>} */
	const inflight = new Set();
	/** @type {Array<{ url: string, status: number, body: any, authorization?: string, payload: any }>} */
	const deliveries = [];
	/** @type {Array<{ entity: string, action: string, id: string, at: number }>} */
	const changes = [];

	const users = [
		{ id: USER_ID, name: 'Sandbox Admin', email: 'admin@sandbox.pipedrive.local', active_flag: true, is_admin: 1, company_id: COMPANY_ID },
		{ id: USER_ID + 1, name: 'Sandbox Seller', email: 'seller@sandbox.pipedrive.local', active_flag: true, is_admin: 0, company_id: COMPANY_ID },
	];

	// ---- auth and limits ----------------------------------------------------

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

	const dailyBudget = () => dailyBudgetOverride ?? BASE_DAILY_TOKENS * PLANS[plan].multiplier * seats;
	const burstLimit = (/** @type {boolean} */ isOauth) => (isOauth ? PLANS[plan].oauth : PLANS[plan].apiToken);

	/** @param {Map<string, number[]>} m @param {string} token */
	function windowOf(m, token) {
		const t = Date.now();
		const arr = (m.get(token) ?? []).filter((x) => x > t - WINDOW_MS);
		m.set(token, arr);
		return arr;
	}

	/** @param {number[]} arr @param {number} limit */
	function resetSeconds(arr, limit) {
		if (arr.length < limit || !arr.length) return arr.length ? Math.max(0, Math.ceil((arr[0] + WINDOW_MS - Date.now()) / 1000)) : 0;
		return Math.max(1, Math.ceil((arr[0] + WINDOW_MS - Date.now()) / 1000));
	}

	/** @param {{ token: string, oauth: boolean }} caller */
	function limitHeaders(caller) {
		const limit = burstLimit(caller.oauth);
		const arr = windowOf(burst, caller.token);
		return {
			'x-ratelimit-limit': String(limit),
			'x-ratelimit-remaining': String(Math.max(0, limit - arr.length)),
			'x-ratelimit-reset': String(resetSeconds(arr, limit)),
		};
	}

	/** Token cost of a call: v1 list 20, get 2, create/update 10, delete 6, search 40; v2 half (assumption). */
	function costOf(/** @type {string} */ method, /** @type {string} */ path) {
		const v2 = path.startsWith('/api/v2/');
		const search = /\/search$/.test(path);
		const single = /\/[^/]+\/[^/]+\/[^/]+\/[^/]+$/.test(path);
		let cost = 2;
		if (search) cost = 40;
		else if (method === 'GET') cost = single ? 2 : 20;
		else if (method === 'DELETE') cost = 6;
		else cost = 10;
		return v2 ? Math.ceil(cost / 2) : cost;
	}

	function secondsToMidnight() {
		const t = new Date();
		const midnight = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() + 1);
		return Math.max(1, Math.ceil((midnight - t.getTime()) / 1000));
	}

	/** @param {{ token: string, oauth: boolean }} caller @param {string} method @param {string} path */
	function admit(caller, method, path) {
		const limit = burstLimit(caller.oauth);
		const arr = windowOf(burst, caller.token);
		if (arr.length >= limit) {
			const reset = resetSeconds(arr, limit);
			const out = pdError(429, 'Request over limit', 'Too many requests in the 2-second window. Wait for x-ratelimit-reset seconds.');
			out.headers = { ...limitHeaders(caller), 'Retry-After': String(reset) };
			return out;
		}
		if (/\/search$/.test(path)) {
			const s = windowOf(searchBurst, caller.token);
			if (s.length >= SEARCH_BURST) {
				const reset = Math.max(1, Math.ceil((s[0] + WINDOW_MS - Date.now()) / 1000));
				const out = pdError(429, 'Request over limit', 'Too many search requests in the 2-second window.');
				out.headers = { ...limitHeaders(caller), 'Retry-After': String(reset) };
				return out;
			}
			s.push(Date.now());
		}
		const cost = costOf(method, path);
		if (tokensUsed + cost > dailyBudget()) {
			const out = pdError(429, 'Daily token budget exhausted', `The company's daily API token budget of ${dailyBudget()} is spent; it resets at midnight UTC.`);
			out.headers = { ...limitHeaders(caller), 'Retry-After': String(secondsToMidnight()) };
			return out;
		}
		arr.push(Date.now());
		tokensUsed += cost;
		return null;
	}

	// ---- records --------------------------------------------------------------

	const customKeys = (/** @type {string} */ entity) => new Map(fieldsOf(entity).filter((f) => f.edit_flag).map((f) => [f.key, f]));

	function addField(/** @type {string} */ entity, /** @type {{ name: string, field_type?: string, options?: string[] }} */ def) {
		const key = randomBytes(20).toString('hex');
		const field = {
			id: nextFieldId++,
			key,
			name: def.name,
			field_type: def.field_type ?? 'varchar',
			edit_flag: true,
			mandatory_flag: false,
			active_flag: true,
			options: def.options ? def.options.map((label, i) => ({ id: 100 + i, label })) : undefined,
		};
		fieldsOf(entity).push(field);
		return { key, name: def.name, options: field.options };
	}

	/** @param {string} entity @param {any} body @param {boolean} v2 @returns {string | null} problem */
	function checkCustom(entity, body, v2) {
		const known = customKeys(entity);
		const custom = v2 ? body.custom_fields ?? {} : Object.fromEntries(Object.entries(body).filter(([k]) => /^[0-9a-f]{40}$/.test(k)));
		if (v2 && body.custom_fields !== undefined && (typeof body.custom_fields !== 'object' || Array.isArray(body.custom_fields))) return 'custom_fields must be an object';
		for (const [key, value] of Object.entries(custom)) {
			const f = known.get(key);
			if (!f) return `custom_fields: unknown field ${key}`;
			if (f.field_type === 'enum' && value !== null && !f.options.some((/** @type {any} */ o) => o.id === value)) return `custom_fields.${key}: ${JSON.stringify(value)} is not an option id of "${f.name}"`;
			if (f.field_type === 'double' && value !== null && typeof value !== 'number') return `custom_fields.${key}: must be a number`;
		}
		return null;
	}

	const NUMERIC = ['owner_id', 'org_id', 'person_id', 'deal_id', 'stage_id', 'pipeline_id', 'value', 'user_id', 'organization_id', 'visible_to'];

	/** @param {string} entity @param {any} b @param {boolean} creating @returns {string | null} */
	function validate(entity, b, creating) {
		if (!b || typeof b !== 'object' || Array.isArray(b)) return 'body must be a JSON object';
		const v2 = entity in V2_ENTITIES;
		for (const key of NUMERIC) {
			if (b[key] === undefined || b[key] === null) continue;
			if (entity === 'leads' && key === 'value') continue;
			if (v2 || key !== 'value') if (typeof b[key] !== 'number') return `${key} must be a number`;
		}
		if (entity === 'persons') {
			if (creating && !b.name) return 'name is required';
			for (const list of ['emails', 'phones']) {
				if (b[list] === undefined || b[list] === null) continue;
				if (!Array.isArray(b[list])) return `${list} must be an array`;
				for (const [i, e] of b[list].entries()) {
					if (!e || typeof e !== 'object' || typeof e.value !== 'string') return `${list}[${i}].value is required`;
					if (list === 'emails' && e.value && !EMAIL.test(e.value)) return `${list}[${i}].value "${e.value}" is not a valid email`;
				}
			}
		}
		if (entity === 'organizations' && creating && !b.name) return 'name is required';
		if (entity === 'deals' && creating && !b.title) return 'title is required';
		if (entity === 'activities') {
			if (b.type !== undefined && !ACTIVITY_TYPES.includes(b.type)) return `type "${b.type}" is not an activity type`;
			if (b.due_date !== undefined && b.due_date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(b.due_date)) return 'due_date must be YYYY-MM-DD';
			if (b.due_time !== undefined && b.due_time !== null && !/^\d{2}:\d{2}$/.test(b.due_time)) return 'due_time must be HH:MM';
			if (b.duration !== undefined && b.duration !== null && !/^\d{2}:\d{2}$/.test(b.duration)) return 'duration must be HH:MM';
			if (b.participants !== undefined && !Array.isArray(b.participants)) return 'participants must be an array';
		}
		if (entity === 'leads') {
			if (creating && !b.title) return 'title is required';
			if (creating && !b.person_id && !b.organization_id) return 'a lead needs person_id or organization_id';
			if (b.value !== undefined && b.value !== null && (typeof b.value !== 'object' || typeof b.value.amount !== 'number' || typeof b.value.currency !== 'string')) {
				return 'value must be an object with amount (number) and currency';
			}
		}
		if (entity === 'notes') {
			if (creating && !b.content) return 'content is required';
			if (creating && !b.deal_id && !b.person_id && !b.org_id && !b.lead_id && !b.project_id) return 'a note needs deal_id, person_id, org_id or lead_id';
		}
		return checkCustom(entity, b, v2);
	}

	/** @param {string} entity @param {any} b @param {any} [existing] */
	function applyWrite(entity, b, existing) {
		const at = writeTime();
		const v2 = entity in V2_ENTITIES;
		const rec = existing ? { ...existing } : { id: entity === 'leads' ? randomUUID() : nextId[entity]++, add_time: v2 ? isoNow(at) : entity === 'leads' ? new Date(at).toISOString() : v1Now(at) };
		for (const [k, v] of Object.entries(b)) {
			if (k === 'custom_fields') rec.custom_fields = { ...(rec.custom_fields ?? {}), ...v };
			else if (k !== 'id' && k !== 'add_time' && k !== 'update_time') rec[k] = v;
		}
		if (entity === 'persons' && typeof rec.name === 'string') {
			const parts = rec.name.trim().split(/\s+/);
			rec.first_name = parts[0] ?? null;
			rec.last_name = parts.length > 1 ? parts.slice(1).join(' ') : null;
			rec.emails = rec.emails ?? [];
			rec.phones = rec.phones ?? [];
		}
		if (entity === 'activities') {
			rec.type = rec.type ?? 'task';
			rec.subject = rec.subject || (rec.type.charAt(0).toUpperCase() + rec.type.slice(1));
			rec.done = rec.done ?? false;
		}
		if (entity === 'deals') {
			rec.status = rec.status ?? 'open';
			rec.currency = rec.currency ?? 'USD';
			rec.value = rec.value ?? 0;
			rec.pipeline_id = rec.pipeline_id ?? 1;
			rec.stage_id = rec.stage_id ?? 1;
		}
		if (entity === 'leads') {
			rec.is_archived = rec.is_archived ?? false;
			rec.was_seen = rec.was_seen ?? false;
			rec.source_name = rec.source_name ?? 'API';
			rec.value = rec.value ?? null;
			rec.label_ids = rec.label_ids ?? [];
		}
		if (!('owner_id' in rec) && entity !== 'notes') rec.owner_id = USER_ID;
		if (entity === 'notes') rec.user_id = rec.user_id ?? USER_ID;
		if (v2) {
			rec.is_deleted = false;
			rec.custom_fields = rec.custom_fields ?? {};
		}
		rec.update_time = v2 ? isoNow(at) : entity === 'leads' ? new Date(at).toISOString() : v1Now(at);
		records[entity].set(String(rec.id), rec);
		changes.push({ entity, action: existing ? 'change' : 'create', id: String(rec.id), at });
		notify(entity, existing ? 'change' : 'create', rec, existing);
		return rec;
	}

	/** v1 keeps custom fields at the root; stored v1 records already are. */
	const present = (/** @type {any} */ rec) => rec;

	const alive = (/** @type {string} */ entity) => [...records[entity].values()].filter((r) => !r.is_deleted && !r.__deleted);

	// ---- webhooks -------------------------------------------------------------

	/** @param {string} entity @param {'create'|'change'|'delete'} action @param {any} rec @param {any} [before] */
	function notify(entity, action, rec, before) {
		const object = V2_ENTITIES[/** @type {keyof typeof V2_ENTITIES} */ (entity)] ?? V1_ENTITIES[/** @type {keyof typeof V1_ENTITIES} */ (entity)];
		for (const hook of webhooks) {
			if (!hook.is_active) continue;
			if (hook.event_object !== '*' && hook.event_object !== object) continue;
			if (hook.event_action !== '*' && hook.event_action !== action) continue;
			let previous = null;
			if (action === 'change' && before) {
				/** @type {Record<string, unknown>} */
				const changed = {};
				previous = changed;
				for (const [k, v] of Object.entries(before)) if (JSON.stringify(v) !== JSON.stringify(rec[k]) && k !== 'update_time') changed[k] = v;
			}
			if (action === 'delete') previous = before ?? rec;
			const payload = {
				data: action === 'delete' ? null : rec,
				previous,
				meta: {
					action,
					entity: object,
					entity_id: String(rec.id),
					id: randomUUID(),
					company_id: String(COMPANY_ID),
					user_id: String(USER_ID),
					correlation_id: randomUUID(),
					host: opts.baseUrl().replace(/^https?:\/\//, ''),
					timestamp: new Date().toISOString(),
					type: 'general',
					version: '2.0',
					webhook_id: String(hook.id),
					webhook_owner_id: String(USER_ID),
					change_source: 'api',
					is_bulk_edit: false,
					attempt: 1,
				},
			};
			queueDelivery(hook, payload);
		}
	}

	/** @param {any} hook @param {any} payload */
	function queueDelivery(hook, payload) {
		const p = deliver(hook.subscription_url, payload, { user: hook.http_auth_user, password: hook.__password }).then(() => undefined);
		inflight.add(p);
		p.finally(() => inflight.delete(p));
	}

	/**
	 * POST one v2 payload to `url` with HTTP Basic auth, as Pipedrive does.
	 * @param {string} url @param {any} payload @param {{ user?: string, password?: string, authorization?: string }} [auth]
	 */
	async function deliver(url, payload, auth = {}) {
		/** @type {Record<string, string>} */
		const headers = { 'Content-Type': 'application/json', 'User-Agent': 'Pipedrive Webhooks' };
		if (auth.authorization !== undefined) headers.Authorization = auth.authorization;
		else if (auth.user || auth.password) headers.Authorization = `Basic ${Buffer.from(`${auth.user ?? ''}:${auth.password ?? ''}`).toString('base64')}`;
		const result = { url, status: 0, body: /** @type {any} */ (undefined), authorization: headers.Authorization, payload };
		try {
			const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(payload), signal: AbortSignal.timeout(10_000) });
			const text = await res.text();
			result.status = res.status;
			try {
				result.body = JSON.parse(text);
			} catch {
				result.body = text;
			}
		} catch (e) {
			result.body = String(e);
		}
		deliveries.push(result);
		return result;
	}

	/** Webhook as the API shows it: never the password. */
	const hookView = (/** @type {any} */ h) => {
		const { __password: _p, ...rest } = h;
		return rest;
	};

	// ---- handlers -------------------------------------------------------------

	/** @param {any} ctx @param {string} entity */
	function listV2(ctx, entity) {
		const q = ctx.query;
		const limit = q.limit === undefined ? 100 : Number(q.limit);
		if (!Number.isInteger(limit) || limit < 1 || limit > 500) return validation('limit must be an integer between 1 and 500');
		let rows = alive(entity);
		if (q.updated_since) {
			const since = Date.parse(q.updated_since);
			if (!Number.isFinite(since) || !/T.*(Z|[+-]\d{2}:\d{2})$/.test(q.updated_since)) return validation('updated_since must be an RFC 3339 date-time');
			rows = rows.filter((r) => Date.parse(r.update_time) >= since);
		}
		if (q.owner_id) rows = rows.filter((r) => String(r.owner_id) === String(q.owner_id));
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
		let rows = alive(entity);
		const sort = String(ctx.query.sort ?? 'id ASC').trim();
		const m = /^(\w+)\s*(ASC|DESC)?$/i.exec(sort);
		if (!m) return validation('sort must be "field ASC|DESC"');
		const field = m[1];
		const dir = (m[2] ?? 'ASC').toUpperCase() === 'DESC' ? -1 : 1;
		const keyOf = (/** @type {any} */ r) => (field === 'id' ? (entity === 'leads' ? 0 : Number(r.id)) : Date.parse(String(r[field]).replace(' ', 'T') + (String(r[field]).includes('T') ? '' : 'Z')));
		rows.sort((a, b) => dir * (keyOf(a) - keyOf(b)) || String(a.add_time).localeCompare(String(b.add_time)));
		if (ctx.query.user_id) rows = rows.filter((r) => String(r.owner_id ?? r.user_id) === String(ctx.query.user_id));
		const page = rows.slice(start, start + limit);
		const more = start + limit < rows.length;
		return json({
			success: true,
			data: page.length ? page.map(present) : null,
			additional_data: { pagination: { start, limit, more_items_in_collection: more, ...(more ? { next_start: start + limit } : {}) } },
		});
	}

	/** @param {any} ctx @param {string} entity */
	function getOne(ctx, entity) {
		const rec = records[entity].get(ctx.params.id);
		if (!rec || rec.is_deleted || rec.__deleted) return notFound(V2_ENTITIES[/** @type {keyof typeof V2_ENTITIES} */ (entity)] ?? V1_ENTITIES[/** @type {keyof typeof V1_ENTITIES} */ (entity)]);
		return json({ success: true, data: present(rec) });
	}

	/** @param {any} ctx @param {string} entity */
	function create(ctx, entity) {
		if (ctx.bodyInvalid) return pdError(400, 'Invalid JSON body');
		const problem = validate(entity, ctx.body, true);
		if (problem) return validation(problem);
		if (ctx.failRecord?.(ctx.body)) return validation('record rejected by the sandbox fault injector');
		return json({ success: true, data: present(applyWrite(entity, ctx.body)) }, entity in V2_ENTITIES ? 200 : 201);
	}

	/** @param {any} ctx @param {string} entity */
	function update(ctx, entity) {
		const rec = records[entity].get(ctx.params.id);
		if (!rec || rec.is_deleted || rec.__deleted) return notFound(entity);
		if (ctx.bodyInvalid) return pdError(400, 'Invalid JSON body');
		const problem = validate(entity, ctx.body, false);
		if (problem) return validation(problem);
		if (ctx.failRecord?.(ctx.body)) return validation('record rejected by the sandbox fault injector');
		return json({ success: true, data: present(applyWrite(entity, ctx.body, rec)) });
	}

	/** @param {any} ctx @param {string} entity */
	function remove(ctx, entity) {
		const rec = records[entity].get(ctx.params.id);
		if (!rec || rec.is_deleted || rec.__deleted) return notFound(entity);
		const at = writeTime();
		if (entity in V2_ENTITIES) {
			rec.is_deleted = true;
			rec.update_time = isoNow(at);
		} else rec.__deleted = true;
		changes.push({ entity, action: 'delete', id: String(rec.id), at });
		notify(entity, 'delete', rec, rec);
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
		const matches = alive(entity).filter((r) =>
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
		const all = fieldsOf(entity);
		const page = all.slice(start, start + limit);
		const more = start + limit < all.length;
		return json({ success: true, data: page, additional_data: { pagination: { start, limit, more_items_in_collection: more, ...(more ? { next_start: start + limit } : {}) } } });
	}

	/** @param {any} ctx */
	function createWebhook(ctx) {
		const b = ctx.body ?? {};
		const errors = [];
		if (typeof b.subscription_url !== 'string' || !/^https?:\/\//.test(b.subscription_url)) errors.push('subscription_url must be an absolute URL');
		const actions = ['create', 'change', 'delete', '*'];
		const objects = ['person', 'organization', 'deal', 'activity', 'lead', 'note', 'product', 'user', 'pipeline', 'stage', '*'];
		if (!actions.includes(b.event_action)) errors.push(`event_action must be one of ${actions.join(', ')} (webhooks v2)`);
		if (!objects.includes(b.event_object)) errors.push(`event_object must be one of ${objects.join(', ')}`);
		// Required by Pipedrive's contract (pipedrive/client-nodejs AddWebhookRequest: `name: string`, documented 2025-09).
		if (typeof b.name !== 'string' || !b.name.trim()) errors.push('name is required');
		if (b.version !== undefined && b.version !== '2.0' && b.version !== '1.0') errors.push('version must be "1.0" or "2.0"');
		if (errors.length) return pdError(400, errors.join('; '));
		if (webhooks.filter((h) => h.is_active).length >= 40) return pdError(400, 'The maximum of 40 webhooks per user is reached');
		const hook = {
			id: nextWebhookId++,
			company_id: COMPANY_ID,
			owner_id: USER_ID,
			user_id: b.user_id ?? USER_ID,
			event_action: b.event_action,
			event_object: b.event_object,
			subscription_url: b.subscription_url,
			version: b.version ?? '1.0',
			name: b.name ?? null,
			is_active: 1,
			add_time: new Date().toISOString(),
			remove_time: null,
			type: 'general',
			http_auth_user: b.http_auth_user ?? null,
			http_auth_password: null,
			__password: b.http_auth_password,
			last_delivery_time: null,
			last_http_status: null,
		};
		webhooks.push(hook);
		return json({ success: true, status: 'ok', data: hookView(hook) }, 201);
	}

	/** @param {any} ctx */
	function oauthToken(ctx) {
		const auth = String(ctx.headers.authorization ?? '');
		const basic = /^Basic\s+(.+)$/i.exec(auth);
		const [id, secret] = basic ? Buffer.from(basic[1], 'base64').toString('utf8').split(':') : [ctx.body?.client_id, ctx.body?.client_secret];
		if (id !== oauth.clientId || secret !== oauth.clientSecret) return json({ success: false, message: 'Invalid client credentials', error: 'unauthorized_client' }, 401);
		const b = ctx.body ?? {};
		if (b.grant_type === 'authorization_code') {
			if (!oauth.codes.delete(b.code)) return json({ success: false, message: 'Invalid grant', error: 'invalid_grant' }, 400);
		} else if (b.grant_type === 'refresh_token') {
			if (!oauth.refreshTokens.has(b.refresh_token)) return json({ success: false, message: 'Invalid grant', error: 'invalid_grant' }, 400);
		} else return json({ success: false, message: 'Unsupported grant type', error: 'unsupported_grant_type' }, 400);
		const access = `pd-at-${randomBytes(12).toString('hex')}`;
		const refresh = b.grant_type === 'refresh_token' ? b.refresh_token : `pd-rt-${randomBytes(12).toString('hex')}`;
		oauth.accessTokens.set(access, Date.now() + 3600_000);
		oauth.refreshTokens.add(refresh);
		return json({ access_token: access, token_type: 'Bearer', refresh_token: refresh, scope: 'base,deals:full,contacts:full,activities:full,leads:full', expires_in: 3599, api_domain: opts.baseUrl() });
	}

	/** @type {Array<[string, (ctx: any) => any]>} */
	const routes = [
		['GET /api/v1/users/me', () => json({ success: true, data: { ...users[0], company_domain: 'sandbox', company_name: 'Sandbox Inc.' } })],
		['GET /api/v1/users', () => json({ success: true, data: users })],
		['GET /api/v1/activityTypes', () => json({ success: true, data: ACTIVITY_TYPES.map((k, i) => ({ id: i + 1, name: k.charAt(0).toUpperCase() + k.slice(1), key_string: k, active_flag: true })) })],
		['GET /api/v1/webhooks', () => json({ success: true, status: 'ok', data: webhooks.filter((h) => h.is_active).map(hookView) })],
		['POST /api/v1/webhooks', createWebhook],
		[
			'DELETE /api/v1/webhooks/:id',
			(ctx) => {
				const i = webhooks.findIndex((h) => String(h.id) === ctx.params.id && h.is_active);
				if (i < 0) return pdError(404, 'Webhook not found');
				webhooks.splice(i, 1);
				return json({ success: true, status: 'ok' });
			},
		],
		...Object.entries(FIELD_ENDPOINTS).map(([name, entity]) => /** @type {[string, (ctx: any) => any]} */ ([`GET /api/v1/${name}`, (ctx) => fieldList(ctx, entity)])),
		...['persons', 'organizations', 'deals', 'leads'].map((e) => /** @type {[string, (ctx: any) => any]} */ ([`GET /api/v2/${e}/search`, (ctx) => search(ctx, e)])),
		...Object.keys(V2_ENTITIES).flatMap((e) => /** @type {Array<[string, (ctx: any) => any]>} */ ([
			[`GET /api/v2/${e}`, (ctx) => listV2(ctx, e)],
			[`POST /api/v2/${e}`, (ctx) => create(ctx, e)],
			[`GET /api/v2/${e}/:id`, (ctx) => getOne(ctx, e)],
			[`PATCH /api/v2/${e}/:id`, (ctx) => update(ctx, e)],
			[`DELETE /api/v2/${e}/:id`, (ctx) => remove(ctx, e)],
		])),
		...Object.keys(V1_ENTITIES).flatMap((e) => /** @type {Array<[string, (ctx: any) => any]>} */ ([
			[`GET /api/v1/${e}`, (ctx) => listV1(ctx, e)],
			[`POST /api/v1/${e}`, (ctx) => create(ctx, e)],
			[`GET /api/v1/${e}/:id`, (ctx) => getOne(ctx, e)],
			[`${e === 'leads' ? 'PATCH' : 'PUT'} /api/v1/${e}/:id`, (ctx) => update(ctx, e)],
			[`DELETE /api/v1/${e}/:id`, (ctx) => remove(ctx, e)],
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
		const denied = admit(caller, ctx.method, path);
		if (denied) return denied;
		const out = m.handler({ ...ctx, path, params: m.params });
		out.headers = { ...(out.headers ?? {}), ...limitHeaders(caller) };
		return out;
	}

	/** Fault 429s look exactly like a spent burst window. */
	function fault429(/** @type {any} */ ctx) {
		const caller = who(ctx) ?? { token: 'anonymous', oauth: false };
		const out = pdError(429, 'Request over limit', 'Too many requests in the 2-second window.');
		out.headers = { 'x-ratelimit-limit': String(burstLimit(caller.oauth)), 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1', 'Retry-After': '1' };
		return out;
	}

	function fault503() {
		return pdError(503, 'Service temporarily unavailable', 'Please retry later');
	}

	/** @param {Record<string, number>} counts @param {number} [seedNumber] */
	function seed(counts, seedNumber) {
		const rnd = createPrng(seedNumber ?? opts.seed).next;
		const first = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret', 'Linus'];
		const last = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Hamilton', 'Torvalds'];
		const pick = (/** @type {string[]} */ a) => a[Math.floor(rnd() * a.length)];
		const made = { persons: 0, organizations: 0, deals: 0, activities: 0, leads: 0, notes: 0 };
		for (let i = 0; i < (counts.organizations ?? 0); i++, made.organizations++) applyWrite('organizations', { name: `${pick(last)} ${['Labs', 'GmbH', 'Ltd', 'Inc'][i % 4]} ${i + 1}` });
		for (let i = 0; i < (counts.persons ?? 0); i++, made.persons++) {
			const f = pick(first);
			const l = pick(last);
			applyWrite('persons', { name: `${f} ${l}`, emails: [{ value: `${f}.${l}.${i + 1}@example.com`.toLowerCase(), primary: true, label: 'work' }], phones: [] });
		}
		for (let i = 0; i < (counts.deals ?? 0); i++, made.deals++) applyWrite('deals', { title: `Deal ${i + 1}`, value: Math.round(rnd() * 10000), currency: 'EUR' });
		for (let i = 0; i < (counts.activities ?? 0); i++, made.activities++) applyWrite('activities', { subject: `Meeting ${i + 1}`, type: 'meeting', due_date: '2026-02-01', due_time: '10:00', duration: '01:00' });
		const anyPerson = [...records.persons.keys()][0];
		for (let i = 0; i < (counts.leads ?? 0); i++, made.leads++) {
			if (!anyPerson) break;
			applyWrite('leads', { title: `Lead ${i + 1}`, person_id: Number(anyPerson) });
		}
		for (let i = 0; i < (counts.notes ?? 0); i++, made.notes++) {
			if (!anyPerson) break;
			applyWrite('notes', { content: `Note ${i + 1}`, person_id: Number(anyPerson) });
		}
		return made;
	}

	const api = {
		tokens,
		oauth,
		webhooks,
		deliveries,
		changes,
		/** @param {'lite' | 'growth' | 'premium' | 'ultimate'} p */
		setPlan(p) {
			if (!(p in PLANS)) throw new Error(`unknown plan ${p}`);
			plan = p;
		},
		get plan() {
			return plan;
		},
		/** @param {number} n */
		setSeats(n) {
			seats = n;
		},
		/** Overrides the daily token budget (undefined = 30,000 x multiplier x seats). @param {number | undefined} n */
		setDailyBudget(n) {
			dailyBudgetOverride = n;
		},
		tokensUsed: () => tokensUsed,
		dailyBudget,
		resetRateLimits() {
			burst.clear();
			searchBurst.clear();
			tokensUsed = 0;
		},
		/** Moves the clock used for `add_time`/`update_time` (ms). @param {number} ms */
		advanceTime(ms) {
			clockOffset += ms;
		},
		seed,
		addField,
		/** @param {string} entity */
		list: (entity) => alive(entity),
		/** @param {string} entity @param {string | number} id */
		get: (entity, id) => records[entity].get(String(id)),
		/** @param {string} entity */
		count: (entity) => alive(entity).length,
		/** Writes a record as if a user changed it in Pipedrive (webhooks fire). @param {string} entity @param {any} body @param {string | number} [id] */
		write(entity, body, id) {
			const existing = id === undefined ? undefined : records[entity].get(String(id));
			return applyWrite(entity, body, existing);
		},
		deliver,
		/** Waits for queued webhook deliveries. */
		async flush() {
			while (inflight.size) await Promise.all([...inflight]);
		},
	};

	return { handle, api, fault429, fault503 };
}

module.exports = { createVendor, PLANS, WINDOW_MS, SEARCH_BURST, BASE_DAILY_TOKENS };
