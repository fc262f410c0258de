'use strict';

const { createHmac, randomBytes } = require('node:crypto');

/**
 * The generic CRM's event platform (our own design, GENERIC-API.md "Webhooks"),
 * in the style of the signed webhooks of Stripe and GitHub:
 * - `POST /api/v1/webhooks {url, events, secret, description?}` registers an endpoint;
 *   `GET /api/v1/webhooks`, `GET|DELETE /api/v1/webhooks/{id}`, `GET /api/v1/webhooks/{id}/deliveries`.
 * - Every write of a record emits `<object>.<created|updated|deleted>`; each endpoint subscribed to it
 *   (or to `*`) gets `POST <url>` with the event as JSON:
 *   `{ id: "evt_…", type, created: <unix s>, data: { object, id, action, changes } }`
 *   (`changes`: `{field: {from, to}}` for updates, `{}` otherwise).
 * - Signed: `X-CRM-Timestamp: <unix s>`, `X-CRM-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`,
 *   `X-CRM-Event-Id`, `X-CRM-Webhook-Id`.
 * - A delivery answered other than 2xx (or not at all) is retried, each attempt signed anew with the same event
 *   id, up to `maxAttempts` attempts `retryDelayMs` apart (×2 each time).
 */

const EVENT_OBJECTS = ['user', 'client', 'project', 'task', 'comment', 'contact', 'deal', 'activity'];
const ACTIONS = ['created', 'updated', 'deleted'];
const EVENT_TYPES = EVENT_OBJECTS.flatMap((o) => ACTIONS.map((a) => `${o}.${a}`));
const WRITABLE = new Set(['url', 'events', 'secret', 'description']);

/** @param {string} secret @param {string | number} timestamp @param {string} body */
function sign(secret, timestamp, body) {
	return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * @param {{ json: Function, err: Function, stamp: () => string }} deps
 */
function createWebhooks(deps) {
	const { json, err, stamp } = deps;
	const config = { maxAttempts: 3, retryDelayMs: 50, timeoutMs: 5000 };
	/** @type {Map<number, { id: number, url: string, events: string[], secret: string, description: string | null, active: boolean, created_at: string, updated_at: string }>} */
	const hooks = new Map();
	let nextHook = 1;
	let nextDelivery = 1;
	/** @type {Array<{ id: number, webhook_id: number, event_id: string, event_type: string, status: 'pending' | 'succeeded' | 'failed', response_code: number | null, attempts: number, last_attempt_at: string | null, next_retry_at: string | null }>} */
	const deliveries = [];
	/** @type {Set<Promise<void>>} */
	const pending = new Set();
	/** Every event emitted, newest last. */
	/** @type {any[]} */
	const events = [];
	/** Every request the platform sent that an endpoint answered (not part of the API: for tests that replay one byte for byte). */
	/** @type {Array<{ url: string, headers: Record<string, string>, body: string, status: number }>} */
	const sent = [];

	const publicHook = (/** @type {any} */ h) => ({ id: h.id, url: h.url, events: h.events, description: h.description, active: h.active, created_at: h.created_at, updated_at: h.updated_at });

	/** @param {any} body */
	function validate(body) {
		/** @type {Record<string, string>} */
		const fields = {};
		if (!body || typeof body !== 'object' || Array.isArray(body)) return { _body: 'must be a JSON object' };
		for (const k of Object.keys(body)) if (!WRITABLE.has(k)) fields[k] = 'is not a recognised field';
		let url;
		try {
			url = new URL(String(body.url));
		} catch {
			url = undefined;
		}
		if (!url || !/^https?:$/.test(url.protocol)) fields.url = 'must be an http(s) URL';
		if (!Array.isArray(body.events) || body.events.length === 0) fields.events = 'must be a non-empty array of event types';
		else {
			const bad = body.events.filter((/** @type {unknown} */ e) => e !== '*' && !EVENT_TYPES.includes(String(e)));
			if (bad.length) fields.events = `unknown event types: ${bad.join(', ')}`;
		}
		if (typeof body.secret !== 'string' || body.secret.length < 16 || body.secret.length > 256) fields.secret = 'must be a string of 16 to 256 characters';
		if (body.description !== undefined && body.description !== null && typeof body.description !== 'string') fields.description = 'must be a string';
		return fields;
	}

	/**
	 * Sends one signed request.
	 * @param {string} url @param {any} event
	 * @param {{ secret: string, timestamp?: number, forge?: 'signature' | 'body' | 'unsigned', signature?: string, webhookId?: number | string, headers?: Record<string, string> }} options
	 */
	async function deliver(url, event, options) {
		const requestBody = JSON.stringify(event);
		const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
		/** @type {Record<string, string>} */
		const headers = { 'Content-Type': 'application/json', 'User-Agent': 'GenericCRM-Webhooks/1.0', 'X-CRM-Event-Id': String(event.id), 'X-CRM-Timestamp': String(timestamp) };
		if (options.webhookId !== undefined) headers['X-CRM-Webhook-Id'] = String(options.webhookId);
		if (options.forge !== 'unsigned') headers['X-CRM-Signature'] = options.signature ?? sign(options.forge === 'signature' ? `${options.secret}-forged` : options.secret, timestamp, requestBody);
		Object.assign(headers, options.headers ?? {});
		// A tampered body: signed as sent above, then changed on the way.
		const wire = options.forge === 'body' ? requestBody.replace(/"id":/, '"id" :') + ' ' : requestBody;
		const res = await fetch(url, { method: 'POST', headers, body: wire, signal: AbortSignal.timeout(config.timeoutMs) });
		const text = await res.text();
		let body;
		try {
			body = JSON.parse(text);
		} catch {
			body = text;
		}
		return { status: res.status, body, requestHeaders: headers, requestBody: wire };
	}

	/** @param {any} hook @param {any} event */
	function queue(hook, event) {
		const record = { id: nextDelivery++, webhook_id: hook.id, event_id: event.id, event_type: event.type, status: /** @type {'pending' | 'succeeded' | 'failed'} */ ('pending'), response_code: /** @type {number | null} */ (null), attempts: 0, last_attempt_at: /** @type {string | null} */ (null), next_retry_at: /** @type {string | null} */ (null) };
		deliveries.push(record);
		const run = (async () => {
			let delay = config.retryDelayMs;
			for (;;) {
				record.attempts++;
				record.last_attempt_at = new Date().toISOString();
				try {
					const res = await deliver(hook.url, event, { secret: hook.secret, webhookId: hook.id });
					sent.push({ url: hook.url, headers: res.requestHeaders, body: res.requestBody, status: res.status });
					record.response_code = res.status;
					if (res.status >= 200 && res.status < 300) {
						record.status = 'succeeded';
						record.next_retry_at = null;
						return;
					}
				} catch {
					record.response_code = null;
				}
				if (record.attempts >= config.maxAttempts || !hooks.has(hook.id)) {
					record.status = 'failed';
					record.next_retry_at = null;
					return;
				}
				record.next_retry_at = new Date(Date.now() + delay).toISOString();
				await new Promise((r) => setTimeout(r, delay));
				delay *= 2;
			}
		})();
		pending.add(run);
		run.finally(() => pending.delete(run));
	}

	/**
	 * A record was written: the event goes to every active endpoint subscribed to it.
	 * @param {string} resource @param {'created' | 'updated' | 'deleted'} action @param {any} record @param {any} [before]
	 */
	function emit(resource, action, record, before) {
		const object = resource === 'activities' ? 'activity' : resource.replace(/s$/, '');
		/** @type {Record<string, { from: unknown, to: unknown }>} */
		const changes = {};
		if (action === 'updated' && before) {
			for (const [k, v] of Object.entries(record)) if (k !== 'updated_at' && JSON.stringify(before[k]) !== JSON.stringify(v)) changes[k] = { from: before[k] ?? null, to: v };
		}
		const event = { id: `evt_${randomBytes(12).toString('hex')}`, type: `${object}.${action}`, created: Math.floor(Date.now() / 1000), data: { object, id: record.id, action, changes } };
		events.push(event);
		for (const hook of hooks.values()) {
			if (hook.active && (hook.events.includes('*') || hook.events.includes(event.type))) queue(hook, event);
		}
		return event;
	}

	/** @param {number} id */
	const notFound = (id) => err(404, 'NOT_FOUND', `webhook ${id} not found`);

	/** @param {any[]} rows @param {Record<string, string>} query */
	function page(rows, query) {
		const p = query.page === undefined ? 1 : Number(query.page);
		const perPage = query.per_page === undefined ? 20 : Number(query.per_page);
		/** @type {Record<string, string>} */
		const bad = {};
		if (!Number.isInteger(p) || p < 1) bad.page = 'must be an integer >= 1';
		if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) bad.per_page = 'must be an integer between 1 and 100';
		for (const k of Object.keys(query)) if (k !== 'page' && k !== 'per_page' && k !== 'status') bad[k] = 'is not a filterable field';
		if (query.status !== undefined && !['pending', 'succeeded', 'failed'].includes(query.status)) bad.status = 'must be one of: pending, succeeded, failed';
		if (Object.keys(bad).length) return err(422, 'VALIDATION_FAILED', 'Invalid query parameters', bad);
		const filtered = query.status ? rows.filter((r) => r.status === query.status) : rows;
		return json({ data: filtered.slice((p - 1) * perPage, p * perPage), meta: { page: p, per_page: perPage, total: filtered.length, total_pages: Math.ceil(filtered.length / perPage) } });
	}

	/** @type {Array<[string, (ctx: any) => any]>} */
	const routes = [
		[
			'POST /api/v1/webhooks',
			(ctx) => {
				if (ctx.bodyInvalid) return err(400, 'INVALID_JSON', 'Request body is not valid JSON');
				const fields = validate(ctx.body);
				if (Object.keys(fields).length) return err(422, 'VALIDATION_FAILED', 'Validation failed', fields);
				const at = stamp();
				const hook = { id: nextHook++, url: ctx.body.url, events: [...new Set(/** @type {string[]} */ (ctx.body.events))], secret: ctx.body.secret, description: ctx.body.description ?? null, active: true, created_at: at, updated_at: at };
				hooks.set(hook.id, hook);
				// The secret is never echoed back (as Stripe shows a signing secret once, we never show it).
				return json({ data: publicHook(hook) }, 201);
			},
		],
		['GET /api/v1/webhooks', (ctx) => page([...hooks.values()].map(publicHook), ctx.query)],
		['GET /api/v1/webhooks/:id', (ctx) => (hooks.has(Number(ctx.params.id)) ? json({ data: publicHook(hooks.get(Number(ctx.params.id))) }) : notFound(ctx.params.id))],
		[
			'DELETE /api/v1/webhooks/:id',
			(ctx) => {
				if (!hooks.delete(Number(ctx.params.id))) return notFound(ctx.params.id);
				return { status: 204 };
			},
		],
		[
			'GET /api/v1/webhooks/:id/deliveries',
			(ctx) => {
				const id = Number(ctx.params.id);
				if (!hooks.has(id)) return notFound(ctx.params.id);
				return page(deliveries.filter((d) => d.webhook_id === id).map((d) => ({ ...d })), ctx.query);
			},
		],
	];

	return {
		config,
		routes,
		emit,
		deliver,
		sign,
		hooks,
		deliveries,
		events,
		sent,
		/** Waits for every queued delivery, retries included. */
		async flush() {
			while (pending.size) await Promise.all([...pending]);
		},
		reset() {
			hooks.clear();
			deliveries.length = 0;
			events.length = 0;
			sent.length = 0;
		},
	};
}

module.exports = { createWebhooks, sign, EVENT_TYPES };
