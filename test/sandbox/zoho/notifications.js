'use strict';

const { json } = require('../lib/http');
const { zohoError } = require('./errors');

/**
 * Notifications (`/crm/v8/actions/watch`, crm-oas v8.0 notifications.json):
 * POST subscribes channels, PATCH updates or renews them (events added, or
 * removed with `_delete_events`), PUT replaces them, GET lists them, DELETE
 * `?channel_ids=` unsubscribes. A channel: `channel_id`, `events`
 * (`Leads.create`, `Leads.edit`, `Leads.delete`, `Leads.all`), `notify_url`,
 * `token` (at most 50 characters, sent back in every callback: the only
 * verification Zoho offers), `channel_expiry` (at most one week ahead; Zoho's
 * docs and connectors: CRM-FACTS.md), `return_affected_field_values`.
 * Callbacks (POST to notify_url, JSON): `server_time`, `query_params`,
 * `module`, `resource_uri`, `ids`, `affected_fields` (`[{ <id>: [fields] }]`, edits),
 * `affected_values` (`[{ record_id, values }]` when asked), `operation`
 * (insert, update, delete), `channel_id`, `token`.
 * Assumptions: without `channel_expiry` a channel lasts one hour; an expiry
 * beyond a week is refused as INVALID_DATA; one callback per module and
 * operation of each API call, naming every record it touched.
 */

const WEEK_MS = 7 * 24 * 3600 * 1000;
const HOUR_MS = 3600 * 1000;
const OPS = { insert: 'create', update: 'edit', delete: 'delete' };

/** @param {any} store @param {() => string} apiBase */
function createNotifications(store, apiBase) {
	/** @type {Map<string, any>} */
	const channels = new Map();
	/** @type {Array<{ url: string, body: any, status: number, response?: string }>} */
	const deliveries = [];
	/** @type {Promise<unknown>[]} */
	let pending = [];
	let cursor = 0;
	let auto = true;

	/** @param {any} w @param {number} i @returns {any} */
	function checkChannel(w, i) {
		const path = (/** @type {string} */ n) => ({ api_name: n, json_path: `$.watch[${i}].${n}` });
		if (w.channel_id === undefined || w.channel_id === null || w.channel_id === '') return { code: 'MANDATORY_NOT_FOUND', details: path('channel_id'), message: 'required field not found', status: 'error' };
		if (!Array.isArray(w.events) || !w.events.length) return { code: 'MANDATORY_NOT_FOUND', details: path('events'), message: 'required field not found', status: 'error' };
		for (const e of w.events) {
			const [module, op] = String(e).split('.');
			if (!store.moduleOf(module) || !['create', 'edit', 'delete', 'all'].includes(op)) return { code: 'INVALID_DATA', details: path('events'), message: 'invalid data', status: 'error' };
		}
		if (typeof w.notify_url !== 'string' || !/^https?:\/\//.test(w.notify_url)) return { code: 'INVALID_DATA', details: path('notify_url'), message: 'invalid data', status: 'error' };
		if (w.token !== undefined && w.token !== null && (typeof w.token !== 'string' || w.token.length > 50)) return { code: 'INVALID_DATA', details: { ...path('token'), maximum_length: 50 }, message: 'invalid data', status: 'error' };
		if (w.channel_expiry !== undefined && w.channel_expiry !== null) {
			const t = Date.parse(String(w.channel_expiry));
			if (Number.isNaN(t) || t <= store.nowMs() || t > store.nowMs() + WEEK_MS) return { code: 'INVALID_DATA', details: path('channel_expiry'), message: 'invalid data', status: 'error' };
		}
		return undefined;
	}

	/** @param {any} c */
	const eventsDetail = (c) =>
		c.events.map((/** @type {string} */ e) => ({ channel_expiry: store.stamp(c.expires), resource_uri: `${apiBase()}/crm/v8/${e.split('.')[0]}`, resource_id: store.moduleId(e.split('.')[0]), resource_name: e.split('.')[0], channel_id: String(c.channel_id) }));

	/** @param {any} ctx @param {'POST' | 'PUT' | 'PATCH'} method */
	function write(ctx, method) {
		const list = ctx.body?.watch;
		if (!Array.isArray(list) || !list.length) return zohoError(400, 'MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'watch' });
		const out = list.map((/** @type {any} */ w, /** @type {number} */ i) => {
			const existing = channels.get(String(w?.channel_id));
			if (method === 'PATCH' && existing) {
				const events = w._delete_events ? existing.events.filter((/** @type {string} */ e) => !(w.events ?? []).includes(e)) : [...new Set([...existing.events, ...(w.events ?? [])])];
				const merged = { ...existing, ...w, events, notify_url: w.notify_url ?? existing.notify_url };
				const err = checkChannel(merged, i);
				if (err) return err;
				const c = { ...merged, expires: w.channel_expiry ? Date.parse(w.channel_expiry) : existing.expires };
				channels.set(String(c.channel_id), c);
				return { code: 'SUCCESS', details: { events: eventsDetail(c) }, message: 'Successfully updated the subscribe details', status: 'success' };
			}
			const err = checkChannel(w, i);
			if (err) return err;
			const c = { ...w, expires: w.channel_expiry ? Date.parse(w.channel_expiry) : store.nowMs() + HOUR_MS };
			channels.set(String(c.channel_id), c);
			return {
				code: 'SUCCESS',
				details: { events: eventsDetail(c) },
				message: method === 'POST' ? 'Successfully subscribed for actions-watch of the given module' : 'Successfully updated the subscribe details',
				status: 'success',
			};
		});
		const ok = out.filter((/** @type {any} */ o) => o.status === 'success').length;
		return json({ watch: out }, ok === out.length ? 200 : ok ? 207 : 400);
	}

	/** @param {any} ctx */
	function list(ctx) {
		const live = [...channels.values()].filter((c) => c.expires > store.nowMs() && (!ctx.query.channel_id || String(c.channel_id) === String(ctx.query.channel_id)));
		if (!live.length) return { status: 204 };
		return json({
			watch: live.map((c) => ({ channel_id: c.channel_id, events: c.events, notify_url: c.notify_url, token: c.token ?? null, channel_expiry: store.stamp(c.expires), return_affected_field_values: c.return_affected_field_values ?? false, resource_name: c.events[0].split('.')[0] })),
			info: { per_page: 200, page: 1, count: live.length, more_records: false },
		});
	}

	/** @param {any} ctx */
	function remove(ctx) {
		const ids = String(ctx.query.channel_ids ?? '').split(',').filter(Boolean);
		if (!ids.length) return zohoError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param: 'channel_ids' });
		const out = ids.map((id) => {
			const c = channels.get(id);
			if (!c) return { code: 'NOT_SUBSCRIBED', details: { channel_id: id }, message: 'not subscribed for actions-watch of the given module', status: 'error' };
			channels.delete(id);
			return { code: 'SUCCESS', details: { events: eventsDetail(c), channel_id: id }, message: 'Successfully un-subscribed from actions-watch', status: 'success' };
		});
		return json({ watch: out });
	}

	/** POSTs one callback body to a URL (also for forged or replayed callbacks in tests). @param {string} url @param {any} body */
	async function deliver(url, body) {
		const entry = { url, body, status: 0, response: undefined };
		deliveries.push(entry);
		try {
			const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
			entry.status = res.status;
			entry.response = await res.text();
		} catch (e) {
			entry.response = String(e);
		}
		return entry;
	}

	/** Callbacks for the writes since the last call: one per live channel, module and operation. */
	function pump() {
		const fresh = store.changes.slice(cursor);
		cursor = store.changes.length;
		if (!auto || !fresh.length) return;
		/** @type {Map<string, any[]>} */
		const groups = new Map();
		for (const ch of fresh) {
			const key = `${ch.module}|${ch.operation}`;
			if (!groups.has(key)) groups.set(key, []);
			/** @type {any[]} */ (groups.get(key)).push(ch);
		}
		for (const c of channels.values()) {
			if (c.expires <= store.nowMs()) continue;
			for (const [key, list] of groups) {
				const [module, operation] = key.split('|');
				const wanted = c.events.includes(`${module}.all`) || c.events.includes(`${module}.${OPS[/** @type {keyof typeof OPS} */ (operation)]}`);
				if (!wanted) continue;
				const ids = [...new Set(list.map((x) => x.id))];
				/** @type {Record<string, unknown>} */
				const body = { server_time: store.nowMs(), query_params: {}, module, resource_uri: `${apiBase()}/crm/v8/${module}`, ids, operation, channel_id: c.channel_id, token: c.token ?? null };
				if (operation === 'update') body.affected_fields = list.map((x) => ({ [x.id]: x.fields }));
				if (c.return_affected_field_values && operation !== 'delete') {
					body.affected_values = list.map((x) => {
						const rec = store.records[module].get(x.id) ?? {};
						/** @type {Record<string, unknown>} */
						const values = {};
						for (const name of operation === 'update' ? x.fields : Object.keys(rec)) values[name] = rec[name] ?? null;
						values.Modified_By = rec.Modified_By ?? null;
						return { record_id: x.id, values };
					});
				}
				pending.push(deliver(c.notify_url, body));
			}
		}
	}

	return {
		channels,
		deliveries,
		write,
		list,
		remove,
		deliver,
		pump,
		/** Whether writes send callbacks (default on). @param {boolean} on */
		setAuto(on) {
			auto = on;
		},
		/** Waits for the callbacks sent so far. */
		async flush() {
			while (pending.length) {
				const now = pending;
				pending = [];
				await Promise.all(now);
			}
		},
	};
}

module.exports = { createNotifications, WEEK_MS };
