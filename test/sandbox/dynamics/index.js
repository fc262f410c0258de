'use strict';

const { json } = require('../lib/http');
const { TABLES, tableOfSet, isLookup } = require('./schema');
const { createStore, USERS, BUSINESS_UNIT, ORGANIZATION } = require('./store');
const { createRecords, dvError } = require('./records');
const { preferences } = require('./odata');
const { runBatch } = require('./batch');
const { createAuth } = require('./auth');
const { createServiceProtection } = require('./limits');
const { createMetadata } = require('./metadata');
const { runFetchXml } = require('./fetchxml');
const { createWebhooks } = require('./webhooks');
const { seedDynamics } = require('./seed');

/**
 * The Microsoft Dataverse (Dynamics 365) emulator mounted at /dynamics. The
 * sandbox's base URL stands for the environment URL (`https://<org>.crm.dynamics.com`):
 * - Web API below `/api/data/v9.0|v9.1|v9.2/` (records, queries, bulk actions,
 *   `$batch`, `$ref`, custom actions and functions, WhoAmI, metadata, change tracking);
 * - Microsoft Entra ID's token endpoints below `/login/<tenant>/oauth2/v2.0/` (./auth.js);
 * - service protection limits per user (./limits.js);
 * - webhooks registered as `serviceendpoint` + `sdkmessageprocessingstep` rows,
 *   called with a `RemoteExecutionContext` (./webhooks.js).
 */

const VERSIONS = ['v9.0', 'v9.1', 'v9.2'];

/** @param {{ seed: number, baseUrl: () => string }} opts */
function createVendor(opts) {
	const env = { baseUrl: opts.baseUrl, environmentUrl: opts.baseUrl };
	const store = createStore();
	const auth = createAuth(env);
	const limits = createServiceProtection();
	const records = createRecords(store, env);
	const metadata = createMetadata(store, env);
	const webhooks = createWebhooks(store, records, env);
	/** @type {Map<string, { bound?: string, kind: 'action' | 'function', run: (params: any, row?: any) => any }>} */
	const operations = new Map();
	const deltaTokens = new Map();
	let latencyMs = 0;
	let requestCount = 0;

	const ok = (body, status = 200, headers = {}) => ({ status, body, headers });
	const noContent = (headers = {}) => ({ status: 204, headers });

	/** Writes go through here so webhooks see every change. */
	function created(table, row, userId) {
		webhooks.emit('Create', table, row, undefined, userId);
		return row;
	}

	/**
	 * One Web API request below the service root. `ctx`: method, path, query,
	 * headers, body (parsed), rawBody, failRecord; `userId` the caller.
	 */
	function dispatch(ctx, userId) {
		const prefs = preferences(ctx.headers.prefer);
		const path = ctx.path;
		if (/^\/WhoAmI(\(\))?$/.test(path)) {
			if (ctx.method !== 'GET') return dvError(405, '0x80060888', 'WhoAmI is a function: use GET.');
			return ok({ '@odata.context': `${env.baseUrl()}/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`, BusinessUnitId: BUSINESS_UNIT, UserId: userId, OrganizationId: ORGANIZATION });
		}
		if (path === '/$batch') {
			if (ctx.method !== 'POST') return dvError(405, '0x80060888', '$batch takes POST.');
			return runBatch(ctx, (req) => dispatchInner(req, ctx, userId), store);
		}
		if (path.startsWith('/EntityDefinitions')) return metadata.handle(ctx, path);
		if (path === '/systemusers' && ctx.method === 'GET') {
			return ok({ value: USERS.map((u) => ({ ...u, '@odata.etag': 'W/"1"' })) });
		}
		const hook = webhooks.handle(ctx, path, userId);
		if (hook) return hook;

		// Unbound custom actions (POST /name) and functions (GET /name(...)).
		const unbound = /^\/([A-Za-z_][A-Za-z0-9_]*)(\((.*)\))?$/.exec(path);
		if (unbound && operations.has(unbound[1])) return runOperation(unbound[1], ctx, undefined, unbound[3]);

		const m = /^\/([A-Za-z_][A-Za-z0-9_]*)(?:\((.*?)\))?(?:\/(.+))?$/.exec(path);
		const table = m && tableOfSet(m[1]);
		if (!m || !table) return dvError(404, '0x80060888', `Resource not found for the segment '${(m?.[1] ?? path).replace(/^\//, '')}'.`);
		const [, , keyText, rest] = m;
		const spec = TABLES[table];

		if (keyText === undefined) {
			if (rest) {
				const action = /^Microsoft\.Dynamics\.CRM\.(CreateMultiple|UpdateMultiple|UpsertMultiple)$/.exec(rest);
				if (action && ctx.method === 'POST') return bulk(table, action[1], ctx, userId);
				return dvError(404, '0x80060888', `Resource not found for the segment '${rest}'.`);
			}
			if (ctx.method === 'GET') {
				if (ctx.query.fetchXml !== undefined) return runFetchXml(table, ctx.query.fetchXml, store, records, prefs, env);
				if (ctx.query.$deltatoken !== undefined) return delta(table, ctx, prefs);
				const res = records.query(table, ctx, prefs);
				if (prefs.trackChanges && res.status === 200) {
					if (!spec.changeTracking) return dvError(400, '0x80072491', `Entity '${table}' is not enabled for change tracking.`);
					const token = `${store.version()}!${new Date(store.now()).toISOString()}`;
					deltaTokens.set(token, { table, version: store.version(), select: ctx.query.$select });
					const q = new URLSearchParams();
					if (ctx.query.$select) q.set('$select', ctx.query.$select);
					q.set('$deltatoken', token);
					res.body['@odata.deltaLink'] = `${env.baseUrl()}/api/data/v9.2/${spec.entitySet}?${q}`;
					res.headers['Preference-Applied'] = [res.headers['Preference-Applied'], 'odata.track-changes'].filter(Boolean).join(',');
				}
				return res;
			}
			if (ctx.method === 'POST') {
				const out = records.createRow(table, ctx.body, ctx, userId);
				if (out.error) return out.error;
				created(table, out.row, userId);
				const where = records.entityId(table, out.row);
				if (prefs.representation) return ok(records.toJson(table, out.row, selectOf(ctx), prefs.annotations), 201, { 'OData-EntityId': where, Location: where, 'Preference-Applied': 'return=representation' });
				return noContent({ 'OData-EntityId': where, Location: where });
			}
			return dvError(405, '0x80060888', `Method ${ctx.method} is not allowed on ${spec.entitySet}.`);
		}

		const key = records.parseKey(table, keyText);
		if (key.error) return key.error;
		const row = records.find(table, key);
		const missing = () => dvError(404, '0x80040217', key.id ? `${table} With Id = ${key.id} Does Not Exist` : `A record with the specified key values does not exist in ${table} entity`);

		if (rest) {
			const bound = /^Microsoft\.Dynamics\.CRM\.([A-Za-z_][A-Za-z0-9_]*)(\((.*)\))?$/.exec(rest);
			if (bound && operations.has(bound[1])) {
				if (!row) return missing();
				return runOperation(bound[1], ctx, { table, row }, bound[3]);
			}
			return reference(table, row, rest, ctx, userId, missing);
		}

		if (ctx.method === 'GET') {
			if (!row) return missing();
			return ok({ '@odata.context': `${env.baseUrl()}/api/data/v9.2/$metadata#${spec.entitySet}/$entity`, ...records.toJson(table, row, selectOf(ctx), prefs.annotations) });
		}
		if (ctx.method === 'DELETE') {
			if (!row) return missing();
			const before = { ...row };
			store.remove(table, row[spec.primaryId]);
			webhooks.emit('Delete', table, before, before, userId);
			return noContent();
		}
		if (ctx.method === 'PATCH') {
			// Upsert: PATCH on a key creates the row when it does not exist, unless `If-Match: *` (update only);
			// `If-None-Match: *` makes it create only (learn.microsoft.com/.../webapi/perform-conditional-operations-using-web-api).
			const ifMatch = ctx.headers['if-match'];
			const ifNoneMatch = ctx.headers['if-none-match'];
			if (row) {
				if (ifNoneMatch === '*') return dvError(412, '0x80040237', 'A record with matching key values already exists.');
				if (ifMatch && ifMatch !== '*' && ifMatch !== `W/"${row.versionnumber}"`) return dvError(412, '0x80060882', 'The version of the existing record doesn\'t match the RowVersion property provided.');
				const before = { ...row };
				const out = records.updateRow(table, row, ctx.body, ctx, userId);
				if (out.error) return out.error;
				webhooks.emit('Update', table, out.row, before, userId, ctx.body);
				const where = records.entityId(table, out.row);
				if (prefs.representation) return ok(records.toJson(table, out.row, selectOf(ctx), prefs.annotations), 200, { 'OData-EntityId': where });
				return noContent({ 'OData-EntityId': where });
			}
			if (ifMatch === '*') return missing();
			const forced = key.id ? { [spec.primaryId]: key.id } : keyValues(table, key.key);
			const out = records.createRow(table, ctx.body, ctx, userId, forced);
			if (out.error) return out.error;
			created(table, out.row, userId);
			const where = records.entityId(table, out.row);
			if (prefs.representation) return ok(records.toJson(table, out.row, selectOf(ctx), prefs.annotations), 201, { 'OData-EntityId': where });
			return noContent({ 'OData-EntityId': where });
		}
		return dvError(405, '0x80060888', `Method ${ctx.method} is not allowed on a ${table} row.`);
	}

	/** Alternate key values (text as text, numbers as numbers) as columns of the created row. */
	function keyValues(table, key) {
		return Object.fromEntries(Object.entries(key));
	}

	/** @param {any} ctx */
	function selectOf(ctx) {
		return ctx.query.$select ? String(ctx.query.$select).split(',').map((s) => s.trim()) : undefined;
	}

	/** A request inside $batch: its URL may be absolute, below the service root, or relative to it. */
	function dispatchInner(req, outer, userId) {
		const u = new URL(req.url, `${env.baseUrl()}/api/data/v9.2/`);
		let path = u.pathname;
		const root = new URL(env.baseUrl()).pathname.replace(/\/+$/, '');
		if (path.startsWith(root)) path = path.slice(root.length);
		const v = /^\/api\/data\/(v9\.[0-2])(\/.*)$/.exec(path);
		if (!v) return dvError(404, '0x80060888', `Resource not found for the segment '${path}'.`);
		let body;
		if (req.body) {
			try {
				body = JSON.parse(req.body);
			} catch {
				return dvError(400, '0x80048d19', 'The request body is not valid JSON.');
			}
		}
		const query = Object.fromEntries(u.searchParams);
		return dispatch({ method: req.method, path: v[2], query, headers: { ...req.headers, prefer: req.headers.prefer ?? '' }, body, rawBody: req.body, failRecord: outer.failRecord }, userId);
	}

	/**
	 * CreateMultiple / UpdateMultiple / UpsertMultiple
	 * (learn.microsoft.com/power-apps/developer/data-platform/bulk-operations and the
	 * Web API reference pages of the three actions): `{ Targets: [...] }`, each with
	 * `@odata.type`; on a standard table the call is one transaction (one bad record
	 * fails the call, nothing written). CreateMultiple answers `{ Ids }`, the other
	 * two 204. UpsertMultiple names each record by `@odata.id` (an alternate key or
	 * the primary key). A table without the message answers like an unknown segment.
	 */
	function bulk(table, action, ctx, userId) {
		const spec = TABLES[table];
		if (!spec.bulk) return dvError(404, '0x80060888', `Resource not found for the segment 'Microsoft.Dynamics.CRM.${action}'.`);
		const targets = ctx.body?.Targets;
		if (!Array.isArray(targets) || !targets.length) return dvError(400, '0x80040203', `${action}: Targets must be a non-empty array.`);
		for (const t of targets) {
			if (!t || t['@odata.type'] !== `Microsoft.Dynamics.CRM.${table}`) return dvError(400, '0x80048d19', `${action}: every item of Targets needs '@odata.type': 'Microsoft.Dynamics.CRM.${table}'.`);
		}
		const snapshot = store.snapshot();
		const events = [];
		const fail = (error) => {
			store.restore(snapshot);
			return error;
		};
		const ids = [];
		for (const t of targets) {
			const body = { ...t };
			if (action === 'CreateMultiple') {
				const out = records.createRow(table, body, ctx, userId);
				if (out.error) return fail(out.error);
				ids.push(out.row[spec.primaryId]);
				events.push(['Create', out.row, undefined]);
				continue;
			}
			let k;
			if (action === 'UpdateMultiple') {
				const id = body[spec.primaryId];
				if (typeof id !== 'string') return fail(dvError(400, '0x80040203', `UpdateMultiple: each target needs its primary key '${spec.primaryId}'.`));
				k = { id: id.toLowerCase() };
			} else {
				const ref = /^(?:.*\/)?([A-Za-z_]+)\((.*)\)$/.exec(String(body['@odata.id'] ?? ''));
				if (!ref || ref[1] !== spec.entitySet) {
					if (typeof body[spec.primaryId] === 'string') k = { id: body[spec.primaryId].toLowerCase() };
					else return fail(dvError(400, '0x80040203', `UpsertMultiple: each target needs '@odata.id' (${spec.entitySet}(<key>)) or its primary key.`));
				} else {
					k = records.parseKey(table, ref[2]);
					if (k.error) return fail(k.error);
				}
			}
			const row = records.find(table, k);
			if (row) {
				const before = { ...row };
				const out = records.updateRow(table, row, body, ctx, userId);
				if (out.error) return fail(out.error);
				events.push(['Update', out.row, before, body]);
			} else if (action === 'UpdateMultiple') {
				return fail(dvError(404, '0x80040217', `${table} With Id = ${k.id} Does Not Exist`));
			} else {
				const out = records.createRow(table, body, ctx, userId, k.id ? { [spec.primaryId]: k.id } : keyValues(table, k.key));
				if (out.error) return fail(out.error);
				events.push(['Create', out.row, undefined]);
			}
		}
		for (const [message, row, before, body] of events) webhooks.emit(message, table, row, before, userId, body);
		if (action === 'CreateMultiple') return ok({ '@odata.context': `${env.baseUrl()}/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.CreateMultipleResponse`, Ids: ids });
		return noContent();
	}

	/**
	 * Associate / disassociate (learn.microsoft.com/.../webapi/associate-disassociate-entities-using-web-api):
	 * - single-valued: `PUT <row>/<nav>/$ref` `{ "@odata.id": "<set>(<id>)" }`, `DELETE <row>/<nav>/$ref`;
	 * - collection-valued (one-to-many seen from the one side): `POST <row>/<relationship>/$ref`
	 *   `{ "@odata.id": ... }`, `DELETE <row>/<relationship>(<id>)/$ref`.
	 */
	function reference(table, row, rest, ctx, userId, missing) {
		const m = /^([A-Za-z_0-9]+)(?:\(([0-9a-fA-F-]{36})\))?\/\$ref$/.exec(rest);
		if (!m) return dvError(404, '0x80060888', `Resource not found for the segment '${rest}'.`);
		if (!row) return missing();
		const [, nav, childId] = m;
		const single = TABLES[table].attributes.find((a) => a.nav && Object.values(a.nav).includes(nav));
		if (single) {
			const target = Object.entries(single.nav).find(([, n]) => n === nav)[0];
			const before = { ...row };
			if (ctx.method === 'DELETE') {
				store.update(table, row, { [single.name]: null }, userId);
				webhooks.emit('Update', table, row, before, userId, { [`${nav}@odata.bind`]: null });
				return noContent();
			}
			if (ctx.method !== 'PUT') return dvError(405, '0x80060888', 'Use PUT to set a single-valued navigation property.');
			const ref = records.resolveRef(ctx.body?.['@odata.id']);
			if (!ref || ref.table !== target) return dvError(400, '0x80048d19', `'@odata.id' must name a ${target} row.`);
			if (!store.table(ref.table).has(ref.id)) return dvError(404, '0x80040217', `${ref.table} With Id = ${ref.id} Does Not Exist`);
			store.update(table, row, { [single.name]: { id: ref.id, table: ref.table } }, userId);
			webhooks.emit('Update', table, row, before, userId, { [`${nav}@odata.bind`]: ctx.body['@odata.id'] });
			return noContent();
		}
		const rel = RELATIONSHIPS[nav];
		if (!rel || rel.one !== table) return dvError(400, '0x80060888', `The navigation property '${nav}' does not exist on type 'Microsoft.Dynamics.CRM.${table}'.`);
		const oneId = row[TABLES[table].primaryId];
		if (ctx.method === 'POST') {
			const ref = records.resolveRef(ctx.body?.['@odata.id']);
			if (!ref || ref.table !== rel.many) return dvError(400, '0x80048d19', `'@odata.id' must name a ${rel.many} row.`);
			const child = store.table(ref.table).get(ref.id);
			if (!child) return dvError(404, '0x80040217', `${ref.table} With Id = ${ref.id} Does Not Exist`);
			store.update(rel.many, child, { [rel.via]: { id: oneId, table } }, userId);
			return noContent();
		}
		if (ctx.method === 'DELETE') {
			if (!childId) return dvError(400, '0x80048d19', `Name the related row: ${nav}(<id>)/$ref.`);
			const child = store.table(rel.many).get(childId.toLowerCase());
			if (!child || child[rel.via]?.id !== oneId) return dvError(404, '0x80040217', `${rel.many} With Id = ${childId} is not associated with this ${table}.`);
			store.update(rel.many, child, { [rel.via]: null }, userId);
			return noContent();
		}
		return dvError(405, '0x80060888', `Method ${ctx.method} is not allowed on $ref.`);
	}

	/** Custom actions and functions the test registered (`api.addOperation`). */
	function runOperation(name, ctx, bound, argText) {
		const op = operations.get(name);
		if (!op) return dvError(404, '0x80060888', `Resource not found for the segment '${name}'.`);
		if (op.kind === 'action' && ctx.method !== 'POST') return dvError(405, '0x80060888', `${name} is an action: use POST.`);
		if (op.kind === 'function' && ctx.method !== 'GET') return dvError(405, '0x80060888', `${name} is a function: use GET.`);
		if (Boolean(op.bound) !== Boolean(bound) || (bound && op.bound !== bound.table)) return dvError(404, '0x80060888', `Resource not found for the segment '${name}'.`);
		let params = ctx.body ?? {};
		if (op.kind === 'function') {
			params = {};
			for (const part of String(argText ?? '').split(',').filter(Boolean)) {
				const [k, v] = part.split('=');
				const raw = v.startsWith('@') ? ctx.query[v] : v;
				params[k] = raw === undefined ? undefined : raw.startsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : JSON.parse(raw);
			}
		}
		const result = op.run(params, bound?.row);
		if (result && result.error) return dvError(result.status ?? 400, '0x80040265', result.error);
		return result === undefined ? noContent() : ok({ '@odata.context': `${env.baseUrl()}/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.${name}Response`, ...result });
	}

	/**
	 * Change tracking (learn.microsoft.com/.../use-change-tracking-synchronize-data-external-systems):
	 * `Prefer: odata.track-changes` on a list adds `@odata.deltaLink`; following it
	 * returns rows changed since, and `{ "@odata.context": "...$deletedEntity", id, reason: "deleted" }`
	 * for rows deleted since, plus a new deltaLink.
	 */
	function delta(table, ctx, prefs) {
		const spec = TABLES[table];
		const from = deltaTokens.get(ctx.query.$deltatoken);
		if (!from || from.table !== table) return dvError(400, '0x80072491', 'The delta token is not valid or has expired.');
		const latest = new Map();
		for (const c of store.changes) if (c.table === table && c.version > from.version) latest.set(c.id, c);
		const value = [];
		const select = from.select ? String(from.select).split(',') : undefined;
		for (const c of latest.values()) {
			const row = store.table(table).get(c.id);
			if (c.deleted || !row) value.push({ '@odata.context': `${env.baseUrl()}/api/data/v9.2/$metadata#${spec.entitySet}/$deletedEntity`, id: c.id, reason: 'deleted' });
			else value.push(records.toJson(table, row, select, prefs.annotations));
		}
		const token = `${store.version()}!${new Date(store.now()).toISOString()}`;
		deltaTokens.set(token, { table, version: store.version(), select: from.select });
		const q = new URLSearchParams();
		if (from.select) q.set('$select', from.select);
		q.set('$deltatoken', token);
		return ok({ '@odata.context': `${env.baseUrl()}/api/data/v9.2/$metadata#${spec.entitySet}/$delta`, value, '@odata.deltaLink': `${env.baseUrl()}/api/data/v9.2/${spec.entitySet}?${q}` });
	}

	/** @param {any} ctx */
	async function handle(ctx) {
		if (ctx.path.startsWith('/login/')) return auth.handle(ctx, ctx.path.slice('/login'.length));
		const v = /^\/api\/data\/(v\d+\.\d+)(\/.*)?$/.exec(ctx.path);
		if (!v) return dvError(404, '0x80060888', `No route ${ctx.method} ${ctx.path} (the Web API lives under /api/data/v9.2/)`);
		if (!VERSIONS.includes(v[1])) return dvError(404, '0x80060888', `The API version ${v[1]} is not supported.`);
		const who = auth.caller(ctx);
		if ('refuse' in who) return who.refuse;
		const denied = limits.admit(who.userId);
		if (denied) return denied;
		requestCount++;
		try {
			if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
			if (ctx.bodyInvalid && !/^multipart\//i.test(String(ctx.headers['content-type'] ?? ''))) return dvError(400, '0x80048d19', 'The request body is not valid JSON.');
			const out = dispatch({ ...ctx, path: v[2] ?? '/' }, who.userId);
			out.headers = { ...(out.headers ?? {}), 'OData-Version': '4.0', 'x-ms-ratelimit-burst-remaining-xrm-requests': String(limits.remaining(who.userId)) };
			return out;
		} finally {
			limits.done(who.userId);
		}
	}

	const api = {
		store,
		auth,
		/** Tenant, app registration (client id/secret), its application user and role (`setApp`). */
		get tenant() {
			return auth.tenant;
		},
		get clientId() {
			return auth.clientId;
		},
		get clientSecret() {
			return auth.clientSecret;
		},
		/** Delegated tokens accepted as they are (a connected OAuth2 credential). */
		tokens: auth.staticTokens,
		users: USERS,
		/** The integration (application) user's id: WhoAmI's UserId for client-credential tokens. */
		applicationUserId: USERS[0].systemuserid,
		limits,
		webhooks,
		/** Service protection: `{ limit, concurrency, windowMs }`. */
		setLimits: limits.set,
		resetLimits: limits.reset,
		/** Added latency per Web API request (lets concurrency show). @param {number} ms */
		setLatency: (ms) => {
			latencyMs = ms;
		},
		get requests() {
			return requestCount;
		},
		/** Defines an alternate key. @param {string} table logical name @param {string[]} attributes @param {string} [name] */
		addKey(table, attributes, name) {
			store.keys[table].push({ name: name ?? `${table}_${attributes.join('_')}_key`, attributes });
		},
		/** A custom column on a table. @param {string} table @param {any} attribute */
		addAttribute(table, attribute) {
			// The table list is the module's: a column added twice (another sandbox of the same process) is added once.
			if (!TABLES[table].attributes.some((a) => a.name === attribute.name)) TABLES[table].attributes.push(attribute);
		},
		/**
		 * A custom action or function. @param {string} name
		 * @param {{ kind?: 'action' | 'function', bound?: string, run: (params: any, row?: any) => any }} op
		 */
		addOperation(name, op) {
			operations.set(name, { kind: op.kind ?? 'action', bound: op.bound, run: op.run });
		},
		/** @param {string} table logical name */
		list: (table) => [...store.table(table).values()],
		/** @param {string} table @param {string} id */
		get: (table, id) => store.table(table).get(id),
		/** @param {string} table */
		count: (table) => store.table(table).size,
		/** Writes a row as a Dynamics user would (no validation, no limits); returns it. @param {string} table @param {any} values */
		insert: (table, values, userId) => created(table, store.insert(table, values, undefined, userId), userId ?? USERS[1].systemuserid),
		/** @param {string} table @param {string} id @param {any} values @param {string} [userId] */
		update(table, id, values, userId = USERS[1].systemuserid) {
			const row = store.table(table).get(id);
			const before = { ...row };
			store.update(table, row, values, userId);
			webhooks.emit('Update', table, row, before, userId, values);
			return row;
		},
		/** @param {string} table @param {string} id */
		remove(table, id) {
			const row = store.table(table).get(id);
			if (!row) return false;
			store.remove(table, id);
			webhooks.emit('Delete', table, row, row, USERS[1].systemuserid);
			return true;
		},
		/** @param {Record<string, number>} counts @param {number} [seedNumber] */
		seed: (counts, seedNumber) => seedDynamics(store, counts, seedNumber ?? opts.seed),
		advanceTime: store.advanceTime,
		freezeClock: store.freezeClock,
		isLookup,
	};

	return {
		handle,
		api,
		fault429: () => ({ status: 429, headers: { 'Retry-After': '1' }, body: { error: { code: '0x80072322', message: 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.' } } }),
		fault503: () => dvError(503, '0x80040216', 'Service Unavailable', { 'Retry-After': '1' }),
		close: () => webhooks.close(),
	};
}

/**
 * One-to-many relationships the emulator can associate from the "one" side
 * (collection-valued navigation properties; names as in Microsoft's table reference).
 */
const RELATIONSHIPS = {
	contact_customer_accounts: { one: 'account', many: 'contact', via: 'parentcustomerid' },
	opportunity_parent_account: { one: 'account', many: 'opportunity', via: 'parentaccountid' },
	opportunity_parent_contact: { one: 'contact', many: 'opportunity', via: 'parentcontactid' },
	Contact_Annotation: { one: 'contact', many: 'annotation', via: 'objectid' },
	Account_Annotation: { one: 'account', many: 'annotation', via: 'objectid' },
	Contact_Tasks: { one: 'contact', many: 'task', via: 'regardingobjectid' },
	Account_Tasks: { one: 'account', many: 'task', via: 'regardingobjectid' },
};

module.exports = { createVendor, RELATIONSHIPS };
