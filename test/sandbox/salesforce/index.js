'use strict';

const { createVerify, randomBytes } = require('node:crypto');
const { createRouter, json } = require('../lib/http');
const { createPrng } = require('../lib/prng');
const { createSchema, fieldDescribe } = require('./schema');
const { parseSoql, matches, comparable, SoqlError } = require('./soql');
const { outboundMessage, deliver } = require('./outbound');
const { createBulk } = require('./bulk');
const { createSoap } = require('./soap');

/**
 * The Salesforce emulator mounted at /salesforce. Paths below it are
 * Salesforce's own: the login host's `/services/oauth2/...` and the instance's
 * `/services/data/vXX.X/...`; the sandbox is both, so a credential's custom
 * login URL and the token's `instance_url` both point at `${sb.url}/salesforce`.
 *
 * Emulated from Salesforce's REST API documentation: SOQL query with
 * `nextRecordsUrl` batches (`Sforce-Query-Options: batchSize`), sObject rows,
 * sObject Collections (200 records, `allOrNone`, SaveResult lists
 * `[{id, success, errors:[{statusCode, message, fields}]}]`), describe, SOSL
 * search, `Sforce-Limit-Info: api-usage=used/limit` on every response and
 * 403 REQUEST_LIMIT_EXCEEDED over the daily allocation, OAuth 2.0 JWT bearer
 * (RS256 verified with the public key the test provides), authorization code
 * and refresh token grants, Bulk API 2.0 ingest jobs (./bulk.js). Statements
 * marked "Assumption:" are not from the docs.
 */

/** @typedef {import('../lib/http').RequestContext & { failRecord?: (input: any) => boolean }} Ctx */

const ORG_ID = '00D000000000001EAA';
const VERSION_RE = /^v\d+\.\d$/;

/** @param {number} ms */
const sfTime = (ms) => new Date(ms).toISOString().replace('Z', '+0000');

/** @param {string} message @param {string} errorCode @param {number} status @param {string[]} [fields] */
const sfError = (message, errorCode, status, fields) => json([{ message, errorCode, ...(fields ? { fields } : {}) }], status);

/**
 * @param {{ seed: number, baseUrl: () => string }} opts
 */
function createVendor(opts) {
	const schema = createSchema();
	/** @type {Map<string, Map<string, Record<string, any>>>} */
	const records = new Map();
	let counter = 0;
	let frozen = /** @type {number | undefined} */ (undefined);
	let last = 0;
	/** Every write gets a strictly later timestamp (whole ms), so SystemModstamp orders changes. */
	const tick = () => {
		const now = frozen ?? Date.now();
		last = Math.max(last + 1, now);
		return last;
	};
	/** @type {Array<{ sobject: string, id: string, changeType: 'created' | 'updated' | 'deleted', at: number, client?: string }>} */
	const changes = [];
	const config = {
		/** records per SOQL batch; Salesforce's default and maximum is 2,000 */
		queryBatchSize: 2000,
		usage: { used: 0, limit: 15000 },
		organizationId: ORG_ID,
	};
	/** @type {Map<string, { records: string[], sobject: string, fields: string[], at: number }>} */
	const cursors = new Map();

	// ---- auth -------------------------------------------------------------
	const oauth = {
		clientId: 'sf-sandbox-client-id',
		clientSecret: 'sf-sandbox-client-secret',
		accessTokenTtlSec: 7200,
		/** @type {Map<string, { redirectUri?: string }>} */
		codes: new Map(),
		/** @type {Set<string>} */
		refreshTokens: new Set(),
		issueCode(/** @type {string | undefined} */ redirectUri) {
			const code = `aPrx${randomBytes(8).toString('hex')}`;
			oauth.codes.set(code, { redirectUri });
			return code;
		},
		expireAccessTokens() {
			for (const t of accessTokens.values()) t.expiresAt = Date.now() - 1000;
		},
	};
	const jwt = {
		consumerKey: 'sf-sandbox-consumer-key',
		/** usernames pre-authorised for the connected app */
		usernames: ['integration@sandbox.example'],
		/** PEM public key (or certificate) the JWT signature is verified with; the test sets it */
		publicKey: /** @type {string | undefined} */ (undefined),
		/** expected `aud`; default: the sandbox's own base URL (the credential's custom login URL) */
		audience: /** @type {string | undefined} */ (undefined),
		/** assertions received, for tests */
		assertions: /** @type {string[]} */ ([]),
	};
	/** @type {Map<string, { expiresAt: number, user: string }>} */
	const accessTokens = new Map();
	/** Static tokens accepted without a login (handy for unit-style e2e tests). */
	const tokens = ['sf-sandbox-token'];

	function issueAccessToken(/** @type {string} */ user) {
		const token = `00D000000000001!${randomBytes(16).toString('hex')}`;
		accessTokens.set(token, { expiresAt: Date.now() + oauth.accessTokenTtlSec * 1000, user });
		return token;
	}

	/** @param {string} token */
	function sessionValid(token) {
		if (tokens.includes(token)) return true;
		const t = accessTokens.get(token);
		return Boolean(t && t.expiresAt > Date.now());
	}

	/** @param {Ctx} ctx */
	function bearer(ctx) {
		const h = String(ctx.headers.authorization ?? '');
		const m = /^Bearer\s+(.+)$/i.exec(h);
		return Boolean(m && sessionValid(m[1]));
	}

	/** @param {Ctx} ctx */
	function tokenEndpoint(ctx) {
		const b = ctx.body && typeof ctx.body === 'object' ? ctx.body : {};
		const grant = b.grant_type;
		const instance = opts.baseUrl();
		const ok = (/** @type {string} */ user, /** @type {string | undefined} */ refresh) =>
			json({
				access_token: issueAccessToken(user),
				...(refresh ? { refresh_token: refresh } : {}),
				instance_url: instance,
				id: `${instance}/id/${ORG_ID}/005000000000001AAA`,
				token_type: 'Bearer',
				issued_at: String(Date.now()),
				scope: 'api refresh_token',
			});
		const bad = (/** @type {string} */ error, /** @type {string} */ description) => json({ error, error_description: description }, 400);
		if (grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
			const assertion = String(b.assertion ?? '');
			jwt.assertions.push(assertion);
			const parts = assertion.split('.');
			if (parts.length !== 3) return bad('invalid_grant', 'invalid assertion');
			let header;
			let claims;
			try {
				header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
				claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
			} catch {
				return bad('invalid_grant', 'invalid assertion');
			}
			if (header.alg !== 'RS256') return bad('invalid_grant', 'invalid assertion algorithm');
			if (!jwt.publicKey) return bad('invalid_client', 'the sandbox has no certificate for this connected app (set sb.salesforce.jwt.publicKey)');
			const valid = createVerify('RSA-SHA256').update(`${parts[0]}.${parts[1]}`).verify(jwt.publicKey, Buffer.from(parts[2], 'base64url'));
			if (!valid) return bad('invalid_grant', 'invalid signature');
			if (claims.iss !== jwt.consumerKey) return bad('invalid_client_id', 'client identifier invalid');
			if (claims.aud !== (jwt.audience ?? instance)) return bad('invalid_grant', 'audience is invalid');
			const now = Math.floor(Date.now() / 1000);
			// Salesforce: exp must be in the future and at most 3 minutes ahead (Assumption: a few seconds of skew allowed).
			if (typeof claims.exp !== 'number' || claims.exp < now || claims.exp > now + 190) return bad('invalid_grant', 'expired authorization code');
			if (!jwt.usernames.includes(claims.sub)) return bad('invalid_grant', 'user hasn\'t approved this consumer');
			return ok(claims.sub, undefined);
		}
		if (grant === 'authorization_code' || grant === 'refresh_token') {
			if (b.client_id !== oauth.clientId || b.client_secret !== oauth.clientSecret) return bad('invalid_client', 'invalid client credentials');
			if (grant === 'authorization_code') {
				if (!oauth.codes.has(b.code)) return bad('invalid_grant', 'invalid authorization code');
				oauth.codes.delete(b.code);
				const refresh = `5Aep${randomBytes(12).toString('hex')}`;
				oauth.refreshTokens.add(refresh);
				return ok('oauth-user@sandbox.example', refresh);
			}
			if (!oauth.refreshTokens.has(b.refresh_token)) return bad('invalid_grant', 'expired access/refresh token');
			// Salesforce does not rotate refresh tokens by default: the response carries none.
			return ok('oauth-user@sandbox.example', undefined);
		}
		return bad('unsupported_grant_type', 'grant type not supported');
	}

	// ---- records ------------------------------------------------------------
	/** @param {string} name */
	const objectDef = (name) => {
		for (const [k, v] of schema) if (k.toLowerCase() === String(name).toLowerCase()) return v;
		return undefined;
	};
	/** @param {string} sobject */
	const table = (sobject) => {
		if (!records.has(sobject)) records.set(sobject, sobject === 'LeadStatus' ? defaultLeadStatuses() : new Map());
		return /** @type {Map<string, Record<string, any>>} */ (records.get(sobject));
	};
	/** The org's lead statuses, present from the start (and again after store.clear()); not recorded as changes. */
	function defaultLeadStatuses() {
		const labels = [['Open - Not Contacted', false], ['Working - Contacted', false], ['Closed - Converted', true], ['Closed - Not Converted', false]];
		return new Map(
			labels.map(([label, converted], i) => {
				const id = `01J${String(i + 1).padStart(12, '0')}AAA`;
				return [id, { Id: id, IsDeleted: false, MasterLabel: label, ApiName: label, SortOrder: i + 1, IsDefault: i === 0, IsConverted: converted, CreatedDate: sfTime(0), LastModifiedDate: sfTime(0), SystemModstamp: sfTime(0) }];
			}),
		);
	}
	/** @param {string} prefix */
	const newId = (prefix) => `${prefix}${(++counter).toString(36).toUpperCase().padStart(12, '0')}AAA`;
	/** @param {string} id  15- or 18-character ids name the same record */
	const sameId = (id) => String(id ?? '').slice(0, 15);
	/** @param {string} sobject @param {string} id */
	const find = (sobject, id) => {
		for (const r of table(sobject).values()) if (sameId(r.Id) === sameId(id)) return r;
		return undefined;
	};
	/** @param {string} id */
	const findAnywhere = (id) => {
		for (const [sobject, t] of records) for (const r of t.values()) if (sameId(r.Id) === sameId(id)) return { sobject, record: r };
		return undefined;
	};

	/** @param {import('./schema').ObjectDef} def @param {Record<string, any>} r @param {string[]} [fields] */
	function present(def, r, fields) {
		/** @type {Record<string, any>} */
		const out = { attributes: { type: def.name, url: `/services/data/v62.0/sobjects/${def.name}/${r.Id}` } };
		const names = fields ?? def.fields.map((f) => f.name);
		for (const name of names) {
			const f = def.fields.find((x) => x.name.toLowerCase() === name.toLowerCase());
			if (!f) continue;
			out[f.name] = computed(def, r, f.name);
		}
		return out;
	}

	/** @param {import('./schema').ObjectDef} def @param {Record<string, any>} r @param {string} name */
	function computed(def, r, name) {
		if (name === 'Name' && (def.name === 'Contact' || def.name === 'Lead' || def.name === 'User')) {
			return [r.FirstName, r.LastName].filter(Boolean).join(' ') || null;
		}
		const v = r[name];
		return v === undefined ? null : v;
	}

	/**
	 * Checks a write's fields against the object: unknown fields, read-only
	 * fields, field lengths, e-mail format, required fields on create, the test's failRecord.
	 * @returns {{ statusCode: string, message: string, fields: string[] } | undefined}
	 */
	function validate(/** @type {import('./schema').ObjectDef} */ def, /** @type {Record<string, any>} */ input, /** @type {boolean} */ creating, /** @type {Ctx} */ ctx, /** @type {Record<string, any>} */ existing = {}) {
		for (const [key, value] of Object.entries(input)) {
			if (key === 'attributes' || key === 'Id' || key === 'id') continue;
			const f = def.fields.find((x) => x.name.toLowerCase() === key.toLowerCase());
			if (!f) return { statusCode: 'INVALID_FIELD', message: `No such column '${key}' on sobject of type ${def.name}`, fields: [] };
			if ((creating && f.createable === false) || (!creating && f.updateable === false)) {
				return { statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', message: `Unable to create/update fields: ${f.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, fields: [f.name] };
			}
			if (f.length && typeof value === 'string' && value.length > f.length) {
				// STRING_TOO_LONG (schema.js cites the lengths); the message is Salesforce's as error reports show it.
				return { statusCode: 'STRING_TOO_LONG', message: `${fieldDescribe(f).label}: data value too large: ${value} (max length=${f.length})`, fields: [f.name] };
			}
			if (f.type === 'email' && value !== null && value !== '' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(value))) {
				return { statusCode: 'INVALID_EMAIL_ADDRESS', message: `Email: invalid email address: ${value}`, fields: [f.name] };
			}
			if (f.type === 'picklist' && value && f.picklistValues?.length && !f.picklistValues.some((p) => p.value === value)) {
				// Assumption: the org uses restricted picklists for these fields.
				return { statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', message: `${f.name}: bad value for restricted picklist field: ${value}`, fields: [f.name] };
			}
		}
		const merged = { ...existing, ...input };
		const missing = def.required.filter((name) => merged[name] === undefined || merged[name] === null || merged[name] === '');
		if (missing.length) return { statusCode: 'REQUIRED_FIELD_MISSING', message: `Required fields are missing: [${missing.join(', ')}]`, fields: missing };
		if (def.name === 'Event' && !merged.EndDateTime && merged.DurationInMinutes == null) {
			return { statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [DurationInMinutes]', fields: ['DurationInMinutes'] };
		}
		if (ctx.failRecord && ctx.failRecord(input)) {
			return { statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Sandbox fault: this record was rejected (failRecord)', fields: [] };
		}
		return undefined;
	}

	/** @param {import('./schema').ObjectDef} def @param {Record<string, any>} input */
	function canonical(def, input) {
		/** @type {Record<string, any>} */
		const out = {};
		for (const [key, value] of Object.entries(input)) {
			if (key === 'attributes' || key === 'Id' || key === 'id') continue;
			const f = def.fields.find((x) => x.name.toLowerCase() === key.toLowerCase());
			if (f) out[f.name] = value;
		}
		return out;
	}

	/** @param {Ctx} ctx @param {string} sobject @param {string} id @param {'created' | 'updated' | 'deleted'} changeType */
	function recordChange(ctx, sobject, id, changeType, /** @type {number} */ at) {
		const options = String(ctx.headers['sforce-call-options'] ?? '');
		const client = /(?:^|,)\s*client=([^,]+)/.exec(options)?.[1];
		changes.push({ sobject, id, changeType, at, ...(client ? { client } : {}) });
	}

	/** @param {Ctx} ctx @param {import('./schema').ObjectDef} def @param {Record<string, any>} fields */
	function insert(ctx, def, fields) {
		const at = tick();
		/** @type {Record<string, any>} */
		const r = { Id: newId(def.keyPrefix), IsDeleted: false, ...canonical(def, fields), CreatedDate: sfTime(at), LastModifiedDate: sfTime(at), SystemModstamp: sfTime(at), CreatedById: '005000000000001AAA', LastModifiedById: '005000000000001AAA' };
		if (def.fields.some((f) => f.name === 'OwnerId') && !r.OwnerId) r.OwnerId = '005000000000001AAA';
		if (def.name === 'Lead' && r.IsConverted === undefined) r.IsConverted = false;
		table(def.name).set(r.Id, r);
		recordChange(ctx, def.name, r.Id, 'created', at);
		return r;
	}

	/** @param {Ctx} ctx @param {import('./schema').ObjectDef} def @param {Record<string, any>} r @param {Record<string, any>} fields */
	function modify(ctx, def, r, fields) {
		const at = tick();
		Object.assign(r, canonical(def, fields), { LastModifiedDate: sfTime(at), SystemModstamp: sfTime(at) });
		recordChange(ctx, def.name, r.Id, 'updated', at);
		return r;
	}

	/** @param {Ctx} ctx @param {import('./schema').ObjectDef} def @param {Record<string, any>} r */
	function remove(ctx, def, r) {
		table(def.name).delete(r.Id);
		recordChange(ctx, def.name, r.Id, 'deleted', tick());
	}

	// ---- query --------------------------------------------------------------
	/** @param {Ctx} ctx @param {string} version @param {boolean} all */
	function query(ctx, version, all) {
		let parsed;
		try {
			parsed = parseSoql(String(ctx.query.q ?? ''));
		} catch (e) {
			const err = /** @type {SoqlError} */ (e);
			return sfError(err.message, err.code ?? 'MALFORMED_QUERY', 400);
		}
		const def = objectDef(parsed.from);
		if (!def) return sfError(`sObject type '${parsed.from}' is not supported.`, 'INVALID_TYPE', 400);
		for (const name of [...parsed.fields, ...parsed.where.map((w) => w.field), ...parsed.orderBy.map((o) => o.field)]) {
			if (!def.fields.some((f) => f.name.toLowerCase() === name.toLowerCase())) {
				return sfError(`No such column '${name}' on entity '${def.name}'.`, 'INVALID_FIELD', 400);
			}
		}
		void all;
		const canon = (/** @type {string} */ n) => /** @type {any} */ (def.fields.find((f) => f.name.toLowerCase() === n.toLowerCase())).name;
		let rows = [...table(def.name).values()].filter((r) => parsed.where.every((w) => matches(computed(def, r, canon(w.field)), w.op, w.value)));
		if (parsed.orderBy.length) {
			rows.sort((a, b) => {
				for (const o of parsed.orderBy) {
					const x = comparable(computed(def, a, canon(o.field)));
					const y = comparable(computed(def, b, canon(o.field)));
					if (x === y) continue;
					// Salesforce sorts nulls first in ascending order by default.
					const c = x == null ? -1 : y == null ? 1 : x < y ? -1 : 1;
					return o.desc ? -c : c;
				}
				return 0;
			});
		}
		if (parsed.limit !== undefined) rows = rows.slice(0, parsed.limit);
		const fields = parsed.fields.map(canon);
		const locator = `01g${randomBytes(6).toString('hex').toUpperCase()}`;
		cursors.set(locator, { records: rows.map((r) => r.Id), sobject: def.name, fields, at: Date.now() });
		return page(ctx, version, locator, 0);
	}

	/** @param {Ctx} ctx */
	function batchSize(ctx) {
		const m = /batchSize=(\d+)/i.exec(String(ctx.headers['sforce-query-options'] ?? ''));
		// Salesforce: batchSize between 200 and 2,000, a hint it may ignore; the sandbox's own size caps it.
		const asked = m ? Math.min(2000, Math.max(200, Number(m[1]))) : 2000;
		return Math.min(asked, config.queryBatchSize);
	}

	/** @param {Ctx} ctx @param {string} version @param {string} locator @param {number} offset */
	function page(ctx, version, locator, offset) {
		const cursor = cursors.get(locator);
		if (!cursor) return sfError('invalid query locator', 'INVALID_QUERY_LOCATOR', 400);
		const def = /** @type {import('./schema').ObjectDef} */ (objectDef(cursor.sobject));
		const size = batchSize(ctx);
		const ids = cursor.records.slice(offset, offset + size);
		const rows = ids.map((id) => find(cursor.sobject, id)).filter(Boolean).map((r) => present(def, /** @type {any} */ (r), cursor.fields));
		const end = offset + ids.length;
		const done = end >= cursor.records.length;
		/** @type {Record<string, any>} */
		const body = { totalSize: cursor.records.length, done, records: rows };
		if (!done) body.nextRecordsUrl = `/services/data/${version}/query/${locator}-${end}`;
		return json(body);
	}

	/** SOSL: `FIND {term} IN ALL FIELDS RETURNING Obj(f1, f2 LIMIT n)`, one object. @param {Ctx} ctx */
	function search(ctx) {
		const q = String(ctx.query.q ?? '');
		const m = /^FIND\s+\{((?:\\.|[^}\\])*)\}\s+IN\s+ALL\s+FIELDS\s+RETURNING\s+([A-Za-z0-9_]+)\s*\(([^)]*)\)\s*$/i.exec(q);
		if (!m) return sfError('unsupported SOSL (the sandbox reads FIND {term} IN ALL FIELDS RETURNING Object(fields LIMIT n))', 'MALFORMED_SEARCH', 400);
		const term = m[1].replace(/\\(.)/g, '$1');
		if (term.replace(/[*?]/g, '').length < 2) return sfError('search term must be longer than one character', 'MALFORMED_SEARCH', 400);
		const def = objectDef(m[2]);
		if (!def) return sfError(`sObject type '${m[2]}' is not supported.`, 'INVALID_TYPE', 400);
		const inner = /^(.*?)(?:\s+LIMIT\s+(\d+))?\s*$/i.exec(m[3]);
		const fields = String(inner?.[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
		const limit = Math.min(Number(inner?.[2] ?? 2000), 2000);
		const needle = term.toLowerCase();
		const hits = [...table(def.name).values()]
			.filter((r) => def.fields.some((f) => ['string', 'email', 'phone', 'textarea', 'url', 'combobox'].includes(f.type ?? 'string') && String(computed(def, r, f.name) ?? '').toLowerCase().includes(needle)))
			.slice(0, limit)
			.map((r) => present(def, r, fields.length ? fields : ['Id']));
		return json({ searchRecords: hits });
	}

	// ---- collections ----------------------------------------------------------
	/**
	 * Runs one collection write. Per record: validate, then apply. With
	 * allOrNone every record is validated first and nothing is applied if one
	 * fails; the valid ones report ALL_OR_NONE_OPERATION_ROLLED_BACK.
	 * @param {any[]} inputs
	 * @param {boolean} allOrNone
	 * @param {(input: any, index: number) => { error?: { statusCode: string, message: string, fields: string[] }, apply?: () => Record<string, any> }} plan
	 */
	function collection(inputs, allOrNone, plan) {
		const plans = inputs.map((input, i) => plan(input, i));
		const failed = plans.some((p) => p.error);
		return plans.map((p) => {
			if (p.error) return { id: null, success: false, errors: [p.error] };
			if (allOrNone && failed) {
				return {
					id: null,
					success: false,
					errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'Record rolled back because not all records were valid and the request was using AllOrNone header', fields: [] }],
				};
			}
			const result = /** @type {() => Record<string, any>} */ (p.apply)();
			return { id: result.id, success: true, errors: [], ...(result.created !== undefined ? { created: result.created } : {}) };
		});
	}

	/** @param {Ctx} ctx */
	function collectionBody(ctx) {
		const b = ctx.body;
		if (!b || typeof b !== 'object' || !Array.isArray(b.records)) return { error: sfError('records is required', 'JSON_PARSER_ERROR', 400) };
		if (b.records.length > 200) return { error: sfError('Maximum number of records is 200', 'EXCEEDED_ID_LIMIT', 400) };
		return { records: /** @type {any[]} */ (b.records), allOrNone: b.allOrNone === true };
	}

	/** @param {Ctx} ctx */
	function collectionCreate(ctx) {
		const parsed = collectionBody(ctx);
		if (parsed.error) return parsed.error;
		const results = collection(/** @type {any[]} */ (parsed.records), /** @type {boolean} */ (parsed.allOrNone), (input) => {
			const def = objectDef(input?.attributes?.type);
			if (!def) return { error: { statusCode: 'INVALID_TYPE', message: 'attributes.type is missing or unknown', fields: [] } };
			if (input.id || input.Id) return { error: { statusCode: 'INVALID_FIELD', message: 'cannot specify Id in an insert call', fields: ['Id'] } };
			const error = validate(def, input, true, ctx);
			return error ? { error } : { apply: () => ({ id: insert(ctx, def, input).Id }) };
		});
		return json(results);
	}

	/** @param {Ctx} ctx */
	function collectionUpdate(ctx) {
		const parsed = collectionBody(ctx);
		if (parsed.error) return parsed.error;
		const results = collection(/** @type {any[]} */ (parsed.records), /** @type {boolean} */ (parsed.allOrNone), (input) => {
			const def = objectDef(input?.attributes?.type);
			if (!def) return { error: { statusCode: 'INVALID_TYPE', message: 'attributes.type is missing or unknown', fields: [] } };
			const id = input.id ?? input.Id;
			const r = id ? find(def.name, id) : undefined;
			// Assumption: the status code Salesforce uses for an id that names no record.
			if (!r) return { error: { statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] } };
			const error = validate(def, input, false, ctx, r);
			return error ? { error } : { apply: () => ({ id: modify(ctx, def, r, input).Id }) };
		});
		return json(results);
	}

	/** @param {Ctx} ctx @param {string} type @param {string} field */
	function collectionUpsert(ctx, type, field) {
		const def = objectDef(type);
		if (!def) return sfError(`sObject type '${type}' is not supported.`, 'NOT_FOUND', 404);
		const f = def.fields.find((x) => x.name.toLowerCase() === field.toLowerCase());
		if (!f || !f.externalId) return sfError(`Field ${field} is not an external id field on ${def.name}`, 'INVALID_FIELD', 400);
		const parsed = collectionBody(ctx);
		if (parsed.error) return parsed.error;
		const seen = new Set();
		const results = collection(/** @type {any[]} */ (parsed.records), /** @type {boolean} */ (parsed.allOrNone), (input) => {
			if (objectDef(input?.attributes?.type) !== def) return { error: { statusCode: 'INVALID_TYPE', message: `records must be of type ${def.name}`, fields: [] } };
			const key = input[f.name];
			if (key === undefined || key === null || key === '') return { error: { statusCode: 'REQUIRED_FIELD_MISSING', message: `Required fields are missing: [${f.name}]`, fields: [f.name] } };
			// Assumption: a value named twice in one call fails the repeat (Salesforce reports a duplicate external id).
			if (seen.has(String(key))) return { error: { statusCode: 'DUPLICATE_VALUE', message: `duplicate value found: ${f.name} duplicates value on record in this request`, fields: [f.name] } };
			seen.add(String(key));
			const existing = [...table(def.name).values()].find((r) => String(r[f.name]) === String(key));
			const error = validate(def, input, !existing, ctx, existing);
			if (error) return { error };
			return { apply: () => (existing ? { id: modify(ctx, def, existing, input).Id, created: false } : { id: insert(ctx, def, input).Id, created: true }) };
		});
		return json(results);
	}

	/** @param {Ctx} ctx */
	function collectionDelete(ctx) {
		const ids = String(ctx.query.ids ?? '').split(',').filter(Boolean);
		if (!ids.length) return sfError('ids is required', 'MISSING_ARGUMENT', 400);
		if (ids.length > 200) return sfError('Maximum number of ids is 200', 'EXCEEDED_ID_LIMIT', 400);
		const results = collection(ids, ctx.query.allOrNone === 'true', (id) => {
			const hit = findAnywhere(id);
			if (!hit) return { error: { statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] } };
			const def = /** @type {import('./schema').ObjectDef} */ (objectDef(hit.sobject));
			if (ctx.failRecord && ctx.failRecord({ Id: id })) return { error: { statusCode: 'DELETE_FAILED', message: 'Sandbox fault: this record was rejected (failRecord)', fields: [] } };
			return { apply: () => (remove(ctx, def, hit.record), { id: hit.record.Id }) };
		});
		return json(results);
	}

	// ---- single records ---------------------------------------------------------
	/** @param {Ctx} ctx */
	function getRecord(ctx) {
		const def = objectDef(ctx.params.type);
		if (!def) return sfError(`The requested resource does not exist`, 'NOT_FOUND', 404);
		const r = find(def.name, ctx.params.id);
		if (!r) return sfError('The requested resource does not exist', 'NOT_FOUND', 404);
		const fields = ctx.query.fields ? String(ctx.query.fields).split(',').map((s) => s.trim()) : undefined;
		if (fields) for (const name of fields) if (!def.fields.some((f) => f.name.toLowerCase() === name.toLowerCase())) return sfError(`No such column '${name}' on entity '${def.name}'.`, 'INVALID_FIELD', 400);
		return json(present(def, r, fields));
	}

	/** @param {Ctx} ctx */
	function getByExternalId(ctx) {
		const def = objectDef(ctx.params.type);
		if (!def) return sfError('The requested resource does not exist', 'NOT_FOUND', 404);
		const f = def.fields.find((x) => x.name.toLowerCase() === ctx.params.field.toLowerCase());
		if (!f || !(f.externalId || f.name === 'Id')) return sfError(`Provided external ID field does not exist or is not accessible: ${ctx.params.field}`, 'NOT_FOUND', 404);
		const hits = [...table(def.name).values()].filter((r) => String(r[f.name]) === ctx.params.value);
		if (!hits.length) return sfError('The requested resource does not exist', 'NOT_FOUND', 404);
		if (hits.length > 1) return json(hits.map((r) => `/services/data/v62.0/sobjects/${def.name}/${r.Id}`), 300);
		return json(present(def, hits[0]));
	}

	/** @param {Ctx} ctx */
	function createOne(ctx) {
		const def = objectDef(ctx.params.type);
		if (!def) return sfError('The requested resource does not exist', 'NOT_FOUND', 404);
		const error = validate(def, ctx.body ?? {}, true, ctx);
		if (error) return json([{ message: error.message, errorCode: error.statusCode, fields: error.fields }], 400);
		return json({ id: insert(ctx, def, ctx.body ?? {}).Id, success: true, errors: [] }, 201);
	}

	/** @param {Ctx} ctx */
	function updateOne(ctx) {
		const def = objectDef(ctx.params.type);
		const r = def ? find(def.name, ctx.params.id) : undefined;
		if (!def || !r) return sfError('The requested resource does not exist', 'NOT_FOUND', 404);
		const error = validate(def, ctx.body ?? {}, false, ctx, r);
		if (error) return json([{ message: error.message, errorCode: error.statusCode, fields: error.fields }], 400);
		modify(ctx, def, r, ctx.body ?? {});
		return { status: 204 };
	}

	/** @param {Ctx} ctx */
	function deleteOne(ctx) {
		const def = objectDef(ctx.params.type);
		const r = def ? find(def.name, ctx.params.id) : undefined;
		if (!def || !r) return sfError('The requested resource does not exist', 'NOT_FOUND', 404);
		remove(ctx, def, r);
		return { status: 204 };
	}

	/** @param {Ctx} ctx */
	function describe(ctx) {
		const def = objectDef(ctx.params.type);
		if (!def) return sfError(`The requested resource does not exist`, 'NOT_FOUND', 404);
		return json({ name: def.name, label: def.name, keyPrefix: def.keyPrefix, custom: def.name.endsWith('__c'), createable: true, updateable: true, queryable: true, fields: def.fields.map(fieldDescribe) });
	}

	/** @param {Ctx} ctx */
	function userinfo(ctx) {
		return json({
			sub: `${opts.baseUrl()}/id/${config.organizationId}/005000000000001AAA`,
			user_id: '005000000000001AAA',
			organization_id: config.organizationId,
			preferred_username: jwt.usernames[0],
			urls: { rest: `${opts.baseUrl()}/services/data/v{version}/` },
		});
		void ctx;
	}

	const soap = createSoap({ objectDef, find, table, insert, modify, sessionValid, usage: config.usage });

	const bulk = createBulk({ objectDef, table, findAnywhere, validate, insert, modify, remove, sfError, json, baseUrl: opts.baseUrl });

	const router = createRouter([
		...bulk.routes,
		['POST /services/oauth2/token', tokenEndpoint],
		['GET /services/oauth2/userinfo', userinfo],
		['POST /services/Soap/u/:version', (ctx) => soap.handle(ctx)],
		['GET /services/data/:version/query', (ctx) => query(ctx, ctx.params.version, false)],
		['GET /services/data/:version/queryAll', (ctx) => query(ctx, ctx.params.version, true)],
		[
			'GET /services/data/:version/query/:locator',
			(ctx) => {
				const m = /^(.+)-(\d+)$/.exec(ctx.params.locator);
				return m ? page(ctx, ctx.params.version, m[1], Number(m[2])) : sfError('invalid query locator', 'INVALID_QUERY_LOCATOR', 400);
			},
		],
		['GET /services/data/:version/search', search],
		['GET /services/data/:version/limits', () => json({ DailyApiRequests: { Max: config.usage.limit, Remaining: config.usage.limit - config.usage.used } })],
		['POST /services/data/:version/composite/sobjects', collectionCreate],
		['PATCH /services/data/:version/composite/sobjects', collectionUpdate],
		['DELETE /services/data/:version/composite/sobjects', collectionDelete],
		['PATCH /services/data/:version/composite/sobjects/:type/:field', (ctx) => collectionUpsert(ctx, ctx.params.type, ctx.params.field)],
		['GET /services/data/:version/sobjects/:type/describe', describe],
		['POST /services/data/:version/sobjects/:type', createOne],
		['GET /services/data/:version/sobjects/:type/:id', getRecord],
		['PATCH /services/data/:version/sobjects/:type/:id', updateOne],
		['DELETE /services/data/:version/sobjects/:type/:id', deleteOne],
		['GET /services/data/:version/sobjects/:type/:field/:value', getByExternalId],
	]);

	/** @param {import('../lib/http').SandboxResponse} out */
	function withLimitInfo(out) {
		out.headers = { ...(out.headers ?? {}), 'Sforce-Limit-Info': `api-usage=${config.usage.used}/${config.usage.limit}` };
		return out;
	}

	/**
	 * @param {Ctx} ctx
	 * @returns {import('../lib/http').SandboxResponse}
	 */
	function handle(ctx) {
		if (ctx.method === 'GET' && ctx.path === '/services/oauth2/authorize') {
			const redirect = String(ctx.query.redirect_uri ?? '');
			const code = oauth.issueCode(redirect);
			const target = new URL(redirect);
			target.searchParams.set('code', code);
			if (ctx.query.state) target.searchParams.set('state', String(ctx.query.state));
			return { status: 302, headers: { Location: target.toString() }, raw: '' };
		}
		const match = router.match(ctx.method, ctx.path);
		if (!match) return sfError('The requested resource does not exist', 'NOT_FOUND', 404);
		if ('methodNotAllowed' in match) return sfError(`HTTP Method '${ctx.method}' not allowed`, 'METHOD_NOT_ALLOWED', 405);
		ctx.params = match.params;
		if (ctx.path === '/services/oauth2/token') return match.handler(ctx);
		// The SOAP API reads its session from the envelope's SessionHeader, not the Authorization header.
		if (ctx.path.startsWith('/services/Soap/')) return match.handler(ctx);
		if (!bearer(ctx)) return sfError('Session expired or invalid', 'INVALID_SESSION_ID', 401);
		if (ctx.path === '/services/oauth2/userinfo') return match.handler(ctx);
		if (!VERSION_RE.test(ctx.params.version ?? '')) return sfError('The requested resource does not exist', 'NOT_FOUND', 404);
		// Every REST call counts against the org's rolling 24-hour allocation.
		// Assumption: the sandbox refuses at the limit exactly (real orgs allow a small overage).
		if (config.usage.used >= config.usage.limit) {
			return withLimitInfo(sfError(`TotalRequests Limit exceeded.`, 'REQUEST_LIMIT_EXCEEDED', 403));
		}
		config.usage.used++;
		return withLimitInfo(match.handler(ctx));
	}

	/** Seeds records with deterministic values. @param {Record<string, number>} counts @param {number} [seedNumber] */
	function seed(counts, seedNumber) {
		const prng = createPrng(seedNumber ?? opts.seed);
		const first = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken'];
		const last = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson'];
		/** @type {Record<string, string[]>} */
		const ids = {};
		const fake = /** @type {Ctx} */ (/** @type {unknown} */ ({ headers: {} }));
		for (const [sobject, n] of Object.entries(counts)) {
			const def = objectDef(sobject);
			if (!def) throw new Error(`unknown sObject ${sobject}`);
			ids[def.name] = [];
			for (let i = 0; i < n; i++) {
				const f = prng.pick(first);
				const l = prng.pick(last);
				/** @type {Record<string, any>} */
				let fields = {};
				if (def.name === 'Contact' || def.name === 'Lead') fields = { FirstName: f, LastName: `${l}${i}`, Email: `${f}.${l}${i}@example.com`.toLowerCase(), ...(def.name === 'Lead' ? { Company: `${l} Ltd` } : {}) };
				else if (def.name === 'Account') fields = { Name: `${l} ${i} Inc`, Website: `https://${l.toLowerCase()}${i}.example.com`, Industry: 'Technology' };
				else if (def.name === 'Opportunity') fields = { Name: `Deal ${i}`, StageName: 'Prospecting', CloseDate: '2026-06-30', Amount: 1000 * (i + 1) };
				else if (def.name === 'Event') fields = { Subject: `Meeting ${i}`, StartDateTime: '2026-03-01T10:00:00.000+0000', EndDateTime: '2026-03-01T11:00:00.000+0000' };
				else if (def.name === 'Task') fields = { Subject: `Call ${i}`, Status: 'Not Started', Priority: 'Normal' };
				else if (def.name === 'User') fields = { FirstName: f, LastName: l, Email: `${f}.${l}@example.com`.toLowerCase(), IsActive: true };
				else fields = { Name: `${def.name} ${i}` };
				ids[def.name].push(insert(fake, def, fields).Id);
			}
		}
		changes.length = 0;
		return ids;
	}

	const api = {
		organizationId: config.organizationId,
		tokens,
		oauth,
		jwt,
		/** Records as stored (every field), for assertions. */
		store: {
			/** @param {string} sobject */
			list: (sobject) => [...table(/** @type {any} */ (objectDef(sobject))?.name ?? sobject).values()].map((r) => ({ ...r })),
			/** @param {string} sobject @param {string} id */
			get: (sobject, id) => {
				const r = find(/** @type {any} */ (objectDef(sobject))?.name ?? sobject, id);
				return r ? { ...r } : undefined;
			},
			/** @param {string} sobject */
			count: (sobject) => table(/** @type {any} */ (objectDef(sobject))?.name ?? sobject).size,
			clear: () => records.clear(),
		},
		seed,
		/** Adds a custom object (e.g. Invoice__c) with its fields. @param {string} name @param {{ keyPrefix?: string, fields: import('./schema').FieldDef[], required?: string[] }} def */
		addObject(name, def) {
			const { SYSTEM } = require('./schema');
			schema.set(name, { name, keyPrefix: def.keyPrefix ?? `a0${schema.size}`, required: def.required ?? [], fields: [...SYSTEM, { name: 'Name', type: 'string' }, { name: 'OwnerId', type: 'reference' }, ...def.fields].map((f) => ({ ...f })) });
		},
		/** Adds a field (e.g. an external id) to an object. @param {string} sobject @param {import('./schema').FieldDef} field */
		addField(sobject, field) {
			const def = objectDef(sobject);
			if (!def) throw new Error(`unknown sObject ${sobject}`);
			def.fields.push({ ...field });
		},
		usage: {
			get: () => ({ ...config.usage }),
			/** @param {number} used @param {number} [limit] */
			set(used, limit) {
				config.usage.used = used;
				if (limit !== undefined) config.usage.limit = limit;
			},
		},
		/** @param {number} n records per SOQL batch (Salesforce: 2,000) */
		setQueryBatchSize(n) {
			config.queryBatchSize = n;
		},
		/** @param {string | number} at */
		freezeClock(at) {
			frozen = typeof at === 'number' ? at : Date.parse(at);
		},
		unfreezeClock() {
			frozen = undefined;
		},
		changes: {
			all: () => changes.slice(),
			/** @param {number} ms */
			since: (ms) => changes.filter((c) => c.at >= ms),
		},
		/** SOAP API convertLead calls received (session id, CallOptions client, each leadConverts). */
		soap: soap.api,
		/** Bulk API 2.0 ingest jobs: completion after N polls, a failing job, the jobs seen. */
		bulk: bulk.api,
		/** Outbound Messaging (SOAP): build a message for stored records, and deliver it to an endpoint. */
		outbound: {
			/** @param {Array<{ id?: string, sobject: string, fields: Record<string, unknown> }>} notifications @param {{ organizationId?: string, sessionId?: string }} [o] */
			message: (notifications, o = {}) => outboundMessage({ organizationId: o.organizationId ?? config.organizationId, sessionId: o.sessionId, baseUrl: opts.baseUrl(), notifications }),
			/** @param {string} sobject @param {string[]} ids @param {string[]} fields */
			forRecords(sobject, ids, fields) {
				const def = objectDef(sobject);
				if (!def) throw new Error(`unknown sObject ${sobject}`);
				return ids.map((id) => {
					const r = find(def.name, id);
					/** @type {Record<string, unknown>} */
					const out = { Id: id };
					for (const f of fields) out[f] = r ? computed(def, r, f) : null;
					return { sobject: def.name, fields: out };
				});
			},
			deliver,
		},
		/** The earliest timestamp the next write can get. */
		now: () => Math.max(last + 1, frozen ?? Date.now()),
	};

	return {
		handle,
		api,
		/** @param {Ctx} ctx */
		fault503(ctx) {
			void ctx;
			// Assumption: Salesforce's body for a 503 (server unavailable) uses the REST error list.
			return withLimitInfo(sfError('Server temporarily unavailable', 'SERVER_UNAVAILABLE', 503));
		},
		close() {
			cursors.clear();
		},
	};
}

module.exports = { createVendor };
