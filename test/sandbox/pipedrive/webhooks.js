'use strict';

const { randomUUID } = require('node:crypto');
const { json } = require('../lib/http');
const { pdError } = require('./errors');
const { V2_ENTITIES, V1_ENTITIES } = require('./schema');
const { USER_ID } = require('./store');

/**
 * Pipedrive's Webhooks API (`POST/GET /v1/webhooks`, `DELETE /v1/webhooks/{id}`) and its
 * deliveries: version 2.0 payloads (`data`, `previous`, `meta`) POSTed with HTTP Basic
 * auth (`http_auth_user/password`), at most 40 webhooks per user.
 * Assumption: deliveries are not retried here; results are kept in `deliveries`.
 */

const COMPANY_ID = 777;

/** @param {{ baseUrl: () => string, store: ReturnType<typeof import('./store').createStore> }} opts */
function createWebhooks(opts) {
	/** @type {any[]} */
	const webhooks = [];
	let nextWebhookId = 1;
	/** @type {Set<Promise<void>>} */
	const inflight = new Set();
	/** @type {Array<{ url: string, status: number, body: any, authorization?: string, payload: any }>} */
	const deliveries = [];

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
			const p = deliver(hook.subscription_url, payload, { user: hook.http_auth_user, password: hook.__password }).then(() => undefined);
			inflight.add(p);
			p.finally(() => inflight.delete(p));
		}
	}
	opts.store.listeners.push(notify);

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
	const view = (/** @type {any} */ h) => {
		const { __password: _p, ...rest } = h;
		return rest;
	};

	/** @param {any} ctx */
	function create(ctx) {
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
		return json({ success: true, status: 'ok', data: view(hook) }, 201);
	}

	/** @param {any} ctx */
	function remove(ctx) {
		const i = webhooks.findIndex((h) => String(h.id) === ctx.params.id && h.is_active);
		if (i < 0) return pdError(404, 'Webhook not found');
		webhooks.splice(i, 1);
		return json({ success: true, status: 'ok' });
	}

	return {
		webhooks,
		deliveries,
		deliver,
		create,
		remove,
		list: () => json({ success: true, status: 'ok', data: webhooks.filter((h) => h.is_active).map(view) }),
		/** Waits for queued webhook deliveries. */
		async flush() {
			while (inflight.size) await Promise.all([...inflight]);
		},
	};
}

module.exports = { createWebhooks, COMPANY_ID };
