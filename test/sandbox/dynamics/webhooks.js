'use strict';

const crypto = require('node:crypto');
const { TABLES, isLookup } = require('./schema');
const { dvError } = require('./records');
const { BUSINESS_UNIT, ORGANIZATION } = require('./store');

/**
 * Dataverse webhooks (learn.microsoft.com/power-apps/developer/data-platform/use-webhooks,
 * register-web-hook, reference/entities/serviceendpoint and sdkmessageprocessingstep):
 * - `serviceendpoints`: `{ name, url, contract: 8 (Webhook), authtype: 5 (HttpHeader),
 *   authvalue: '<settings><setting name="k" value="v"/></settings>' }` (the XML form of
 *   the header list is how code registering webhooks through the Web API writes it:
 *   second-hand, not on Microsoft's page); authtype 4 (WebhookKey, `?code=`) and 6
 *   (HttpQueryString) are accepted too; `authvalue` is never read back (IsValidForRead false);
 * - `sdkmessages` (`name eq 'Create'`), `sdkmessagefilters` (`primaryobjecttypecode eq 'contact'
 *   and _sdkmessageid_value eq <id>`): read-only lists to find the step's message and table;
 * - `sdkmessageprocessingsteps`: `{ name, mode: 1 (asynchronous), stage: 40 (post-operation),
 *   rank, supporteddeployment: 0, asyncautodelete, filteringattributes?,
 *   'sdkmessageid@odata.bind', 'sdkmessagefilterid@odata.bind', 'eventhandler_serviceendpoint@odata.bind' }`;
 * - each matching write is POSTed to the endpoint's URL with the headers, and
 *   `x-request-id`, `x-ms-dynamics-organization`, `x-ms-dynamics-entity-name`,
 *   `x-ms-dynamics-request-name`, `x-ms-correlation-request-id`; the body is the
 *   `RemoteExecutionContext` as JSON. Over 256 KB, `x-ms-dynamics-msg-size-exceeded`
 *   is set and the context is sent without InputParameters and images.
 */

const MESSAGES = ['Create', 'Update', 'Delete'];
const SIZE_LIMIT = 256 * 1024;

/** A stable GUID from a text. @param {string} text */
const guidOf = (text) => {
	const h = crypto.createHash('sha1').update(text).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** Plain JSON of the Organization service's data contracts (`__type`), as the webhook body carries them. */
function contractValue(attribute, value) {
	if (value === null || value === undefined) return null;
	if (isLookup(attribute)) return { __type: 'EntityReference:http://schemas.microsoft.com/xrm/2011/Contracts', Id: value.id, KeyAttributes: [], LogicalName: value.table, Name: null, RowVersion: null };
	if (attribute.type === 'Picklist' || attribute.type === 'State' || attribute.type === 'Status') return { __type: 'OptionSetValue:http://schemas.microsoft.com/xrm/2011/Contracts', Value: value };
	if (attribute.type === 'Money') return { __type: 'Money:http://schemas.microsoft.com/xrm/2011/Contracts', Value: value };
	if (attribute.type === 'DateTime') return `/Date(${Date.parse(value)})/`;
	return value;
}

/**
 * @param {ReturnType<import('./store').createStore>} store
 * @param {ReturnType<import('./records').createRecords>} records
 * @param {{ baseUrl: () => string }} env
 */
function createWebhooks(store, records, env) {
	/** @type {Map<string, any>} */
	const endpoints = new Map();
	/** @type {Map<string, any>} */
	const steps = new Map();
	const messages = MESSAGES.map((name) => ({ sdkmessageid: guidOf(`message:${name}`), name }));
	const filters = Object.keys(TABLES).flatMap((table) =>
		messages.map((m) => ({ sdkmessagefilterid: guidOf(`filter:${table}:${m.name}`), primaryobjecttypecode: table, _sdkmessageid_value: m.sdkmessageid })),
	);
	/** @type {Array<Promise<any>>} */
	const pending = [];
	/** @type {Array<{ url: string, status: number, headers: any, body: any }>} */
	const deliveries = [];
	let paused = false;
	/** @type {Array<() => Promise<any>>} */
	const held = [];

	const ok = (body, status = 200, headers = {}) => ({ status, body, headers });
	const idOf = (value) => /\(([0-9a-fA-F-]{36})\)$/.exec(String(value ?? ''))?.[1]?.toLowerCase();

	/** Simple `$filter` of the registration tables: `a eq 'x'` joined by `and`. */
	function matches(row, filter) {
		if (!filter) return true;
		return filter.split(/\s+and\s+/).every((clause) => {
			const m = /^\s*([A-Za-z_]+)\s+eq\s+'?([^']*)'?\s*$/.exec(clause);
			return m ? String(row[m[1]] ?? '').toLowerCase() === m[2].toLowerCase() : false;
		});
	}

	/** @param {any} ctx @param {string} path @param {string} userId */
	function handle(ctx, path, userId) {
		const m = /^\/(serviceendpoints|sdkmessageprocessingsteps|sdkmessages|sdkmessagefilters)(?:\(([0-9a-fA-F-]{36})\))?$/.exec(path);
		if (!m) return undefined;
		const [, set, rawId] = m;
		const id = rawId?.toLowerCase();
		if (set === 'sdkmessages' || set === 'sdkmessagefilters') {
			if (ctx.method !== 'GET' || id) return dvError(405, '0x80060888', `${set} is read-only here.`);
			const rows = set === 'sdkmessages' ? messages : filters;
			return ok({ value: rows.filter((r) => matches(r, ctx.query.$filter)) });
		}
		const map = set === 'serviceendpoints' ? endpoints : steps;
		if (ctx.method === 'GET' && !id) {
			const rows = [...map.values()].filter((r) => matches(r, ctx.query.$filter));
			return ok({ value: rows.map(({ authvalue, ...r }) => r) });
		}
		if (ctx.method === 'GET') {
			const row = map.get(id);
			if (!row) return dvError(404, '0x80040217', `${set.slice(0, -1)} With Id = ${id} Does Not Exist`);
			const { authvalue, ...visible } = row;
			return ok(visible);
		}
		if (ctx.method === 'DELETE') {
			if (!map.delete(id)) return dvError(404, '0x80040217', `${set.slice(0, -1)} With Id = ${id} Does Not Exist`);
			if (set === 'serviceendpoints') {
				for (const [sid, s] of steps) if (s._eventhandler_value === id) steps.delete(sid);
			}
			return { status: 204, headers: {} };
		}
		if (ctx.method !== 'POST' || id) return dvError(405, '0x80060888', `Method ${ctx.method} is not allowed here.`);
		const b = ctx.body ?? {};
		if (set === 'serviceendpoints') {
			if (b.contract !== 8) return dvError(400, '0x80040203', 'contract must be 8 (Webhook) for a webhook endpoint.');
			if (![4, 5, 6].includes(b.authtype)) return dvError(400, '0x80040203', 'authtype must be 4 (WebhookKey), 5 (HttpHeader) or 6 (HttpQueryString) for a webhook.');
			if (typeof b.url !== 'string' || !/^https?:\/\//.test(b.url)) return dvError(400, '0x80040203', 'url must be an absolute http(s) URL.');
			if (typeof b.name !== 'string' || !b.name) return dvError(400, '0x80040203', 'name is required.');
			if (typeof b.authvalue !== 'string' || b.authvalue.length > 2048) return dvError(400, '0x80040203', 'authvalue is required (at most 2,048 characters).');
			const row = { serviceendpointid: crypto.randomUUID(), name: b.name, url: b.url, contract: 8, authtype: b.authtype, authvalue: b.authvalue, connectionmode: 1 };
			endpoints.set(row.serviceendpointid, row);
			return { status: 204, headers: { 'OData-EntityId': `${env.baseUrl()}/api/data/v9.2/serviceendpoints(${row.serviceendpointid})` } };
		}
		const messageId = idOf(b['sdkmessageid@odata.bind']);
		const filterId = idOf(b['sdkmessagefilterid@odata.bind']);
		const handlerId = idOf(b['eventhandler_serviceendpoint@odata.bind']);
		const message = messages.find((x) => x.sdkmessageid === messageId);
		const filter = filters.find((x) => x.sdkmessagefilterid === filterId);
		if (!message) return dvError(400, '0x80040203', 'sdkmessageid@odata.bind must name an sdkmessage.');
		if (!filter || filter._sdkmessageid_value !== message.sdkmessageid) return dvError(400, '0x80040203', 'sdkmessagefilterid@odata.bind must name a filter of the same message.');
		if (!handlerId || !endpoints.has(handlerId)) return dvError(400, '0x80040203', 'eventhandler_serviceendpoint@odata.bind must name a service endpoint.');
		if (b.mode !== 0 && b.mode !== 1) return dvError(400, '0x80040203', 'mode must be 0 (synchronous) or 1 (asynchronous).');
		if (![10, 20, 40].includes(b.stage)) return dvError(400, '0x80040203', 'stage must be 10, 20 or 40.');
		if (b.mode === 1 && b.stage !== 40) return dvError(400, '0x80040203', 'An asynchronous step must be registered in stage 40 (post-operation).');
		if (typeof b.name !== 'string' || !b.name) return dvError(400, '0x80040203', 'name is required.');
		const row = {
			sdkmessageprocessingstepid: crypto.randomUUID(),
			name: b.name,
			mode: b.mode,
			stage: b.stage,
			rank: b.rank ?? 1,
			asyncautodelete: b.asyncautodelete ?? false,
			filteringattributes: b.filteringattributes ?? null,
			_sdkmessageid_value: message.sdkmessageid,
			_sdkmessagefilterid_value: filter.sdkmessagefilterid,
			_eventhandler_value: handlerId,
			message: message.name,
			table: filter.primaryobjecttypecode,
		};
		steps.set(row.sdkmessageprocessingstepid, row);
		return { status: 204, headers: { 'OData-EntityId': `${env.baseUrl()}/api/data/v9.2/sdkmessageprocessingsteps(${row.sdkmessageprocessingstepid})` } };
	}

	/** The headers / query an endpoint's `authvalue` asks for. */
	function authOf(endpoint) {
		const pairs = [...String(endpoint.authvalue).matchAll(/<setting\s+name="([^"]*)"\s+value="([^"]*)"\s*\/>/g)].map((m) => [m[1], m[2]]);
		if (endpoint.authtype === 5) return { headers: Object.fromEntries(pairs), query: {} };
		if (endpoint.authtype === 4) return { headers: {}, query: { code: endpoint.authvalue } };
		return { headers: {}, query: Object.fromEntries(pairs) };
	}

	/**
	 * A write happened: every step on this message and table calls its endpoint.
	 * @param {'Create' | 'Update' | 'Delete'} message @param {string} table @param {any} row @param {any} before @param {string} userId @param {any} [sent] what the caller wrote (Update: the changed columns)
	 */
	function emit(message, table, row, before, userId, sent) {
		const spec = TABLES[table];
		for (const step of steps.values()) {
			if (step.message !== message || step.table !== table) continue;
			const endpoint = endpoints.get(step._eventhandler_value);
			if (!endpoint) continue;
			const id = row[spec.primaryId];
			let target;
			if (message === 'Delete') target = { __type: 'EntityReference:http://schemas.microsoft.com/xrm/2011/Contracts', Id: id, KeyAttributes: [], LogicalName: table, Name: null, RowVersion: null };
			else {
				const changed = message === 'Create' ? spec.attributes.filter((a) => row[a.name] !== undefined && row[a.name] !== null) : spec.attributes.filter((a) => a.name === spec.primaryId || JSON.stringify(before?.[a.name]) !== JSON.stringify(row[a.name]));
				if (step.filteringattributes && message === 'Update') {
					const watched = String(step.filteringattributes).split(',');
					if (!changed.some((a) => watched.includes(a.name))) continue;
				}
				target = {
					__type: 'Entity:http://schemas.microsoft.com/xrm/2011/Contracts',
					Attributes: changed.map((a) => ({ key: a.name, value: contractValue(a, row[a.name]) })),
					EntityState: null,
					FormattedValues: [],
					Id: id,
					KeyAttributes: [],
					LogicalName: table,
					RelatedEntities: [],
					RowVersion: String(row.versionnumber),
				};
			}
			const correlation = crypto.randomUUID();
			let context = {
				BusinessUnitId: BUSINESS_UNIT,
				CorrelationId: correlation,
				Depth: 1,
				InitiatingUserAzureActiveDirectoryObjectId: guidOf(`aad:${userId}`),
				InitiatingUserId: userId,
				InputParameters: [{ key: 'Target', value: target }],
				IsExecutingOffline: false,
				IsInTransaction: false,
				IsOfflinePlayback: false,
				IsolationMode: 1,
				MessageName: message,
				Mode: step.mode,
				OperationCreatedOn: `/Date(${store.now()}+0000)/`,
				OperationId: crypto.randomUUID(),
				OrganizationId: ORGANIZATION,
				OrganizationName: 'sandbox',
				OutputParameters: message === 'Create' ? [{ key: 'id', value: id }] : [],
				OwningExtension: { Id: step.sdkmessageprocessingstepid, KeyAttributes: [], LogicalName: 'sdkmessageprocessingstep', Name: step.name, RowVersion: null },
				ParentContext: null,
				PostEntityImages: [],
				PreEntityImages: [],
				PrimaryEntityId: id,
				PrimaryEntityName: table,
				RequestId: crypto.randomUUID(),
				SecondaryEntityName: 'none',
				SharedVariables: [],
				Stage: step.stage,
				UserAzureActiveDirectoryObjectId: guidOf(`aad:${userId}`),
				UserId: userId,
			};
			const headers = {
				'Content-Type': 'application/json',
				'x-request-id': crypto.randomUUID(),
				'x-ms-dynamics-organization': new URL(env.baseUrl()).host,
				'x-ms-dynamics-entity-name': table,
				'x-ms-dynamics-request-name': message,
				'x-ms-correlation-request-id': correlation,
			};
			let text = JSON.stringify(context);
			if (Buffer.byteLength(text) > SIZE_LIMIT) {
				context = { ...context, InputParameters: [], PostEntityImages: [], PreEntityImages: [] };
				text = JSON.stringify(context);
				headers['x-ms-dynamics-msg-size-exceeded'] = 'true';
			}
			const { headers: authHeaders, query } = authOf(endpoint);
			const url = new URL(endpoint.url);
			for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
			const send = () => deliver(url.toString(), { ...headers, ...authHeaders }, text);
			if (paused) held.push(send);
			else pending.push(send());
		}
	}

	async function deliver(url, headers, text) {
		try {
			const res = await fetch(url, { method: 'POST', headers, body: text });
			const entry = { url, status: res.status, headers, body: JSON.parse(text), response: await res.text() };
			deliveries.push(entry);
			return entry;
		} catch (e) {
			const entry = { url, status: 0, headers, body: JSON.parse(text), error: String(e) };
			deliveries.push(entry);
			return entry;
		}
	}

	return {
		handle,
		emit,
		endpoints,
		steps,
		deliveries,
		/** Waits for every delivery queued so far. */
		async flush() {
			while (pending.length) await Promise.all(pending.splice(0));
		},
		/** Holds deliveries until `resume` (to inspect registrations first). */
		pause() {
			paused = true;
		},
		resume() {
			paused = false;
			for (const send of held.splice(0)) pending.push(send());
		},
		/** A delivery as Dataverse would send it, to any URL (forged ones too). @param {string} url @param {any} context @param {Record<string, string>} headers */
		post: (url, context, headers) => deliver(url, { 'Content-Type': 'application/json', ...headers }, JSON.stringify(context)),
		close() {
			held.length = 0;
		},
	};
}

module.exports = { createWebhooks, guidOf };
