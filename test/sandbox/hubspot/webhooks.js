'use strict';

const { createHash, createHmac } = require('node:crypto');

/**
 * HubSpot webhook delivery, signed the way HubSpot signs (developers.hubspot.com,
 * "Validating requests"):
 * - v1: X-HubSpot-Signature = hex SHA-256 of clientSecret + body, X-HubSpot-Signature-Version: v1
 * - v2: X-HubSpot-Signature = hex SHA-256 of clientSecret + method + URI + body, version v2
 * - v3: X-HubSpot-Signature-v3 = base64 HMAC-SHA256(key = clientSecret) of
 *       method + URI + body + timestamp, X-HubSpot-Request-Timestamp = ms epoch.
 * HubSpot sends legacy headers next to v3 for backwards compatibility; webhook
 * (CRM object event) deliveries carry v1 as the legacy version, so v3 deliveries
 * here carry v1 too.
 * Assumption: the URI signed is the target URL exactly as configured (HubSpot
 * decodes a few percent-escapes before signing; our targets have none).
 */

/**
 * @param {'v1' | 'v2' | 'v3'} version
 * @param {{ secret: string, method: string, uri: string, body: string, timestamp?: string | number }} p
 */
function sign(version, p) {
	if (version === 'v1') return createHash('sha256').update(p.secret + p.body, 'utf8').digest('hex');
	if (version === 'v2') return createHash('sha256').update(p.secret + p.method + p.uri + p.body, 'utf8').digest('hex');
	return createHmac('sha256', p.secret)
		.update(p.method + p.uri + p.body + String(p.timestamp), 'utf8')
		.digest('base64');
}

/**
 * @typedef {Object} DeliverOptions
 * @property {string} clientSecret
 * @property {'v1' | 'v2' | 'v3'} [signatureVersion]  default v3
 * @property {boolean} [forge]        sign with a wrong secret
 * @property {number} [timestamp]     override X-HubSpot-Request-Timestamp (ms), e.g. to test the 5-minute window
 * @property {Record<string, string>} [headers] extra headers
 */

/**
 * @typedef {Object} DeliveryResult
 * @property {number} status      0 when the receiver could not be reached
 * @property {unknown} body       parsed JSON, or text
 * @property {Record<string, string>} requestHeaders
 * @property {string} requestBody
 * @property {string} [error]
 */

/**
 * @param {{ portalId: number, appId: number, now: () => number }} env
 */
function createWebhooks(env) {
	let nextEventId = 1000;
	/** @type {Array<{ url: string, clientSecret: string, signatureVersion?: 'v1'|'v2'|'v3', eventTypes?: string[], subscriptionId: number }>} */
	const targets = [];
	/** @type {Map<string, { target: (typeof targets)[number], events: any[] }>} */
	const queues = new Map();
	/** @type {Set<Promise<unknown>>} */
	const inflight = new Set();
	/** @type {DeliveryResult[]} */
	const deliveries = [];
	/** @type {ReturnType<typeof setTimeout> | null} */
	let timer = null;

	/** @param {any} e */
	function complete(e) {
		return {
			eventId: e.eventId ?? nextEventId++,
			subscriptionId: e.subscriptionId ?? 1,
			portalId: e.portalId ?? env.portalId,
			appId: e.appId ?? env.appId,
			occurredAt: e.occurredAt ?? env.now(),
			subscriptionType: e.subscriptionType ?? 'contact.creation',
			attemptNumber: e.attemptNumber ?? 0,
			...e,
		};
	}

	/**
	 * POST a batch of events to url, signed like HubSpot.
	 * @param {string} url @param {any[]} events @param {DeliverOptions} opts
	 * @returns {Promise<DeliveryResult>}
	 */
	async function deliver(url, events, opts) {
		const version = opts.signatureVersion ?? 'v3';
		const body = JSON.stringify(events.map(complete));
		const timestamp = String(opts.timestamp ?? Date.now());
		const secret = opts.forge ? `forged-${opts.clientSecret}` : opts.clientSecret;
		/** @type {Record<string, string>} */
		const headers = { 'Content-Type': 'application/json', 'User-Agent': 'HubSpot Connect 2.0 (http://dev.hubspot.com/) (sandbox)', ...(opts.headers ?? {}) };
		if (version === 'v3') {
			headers['X-HubSpot-Signature-v3'] = sign('v3', { secret, method: 'POST', uri: url, body, timestamp });
			headers['X-HubSpot-Request-Timestamp'] = timestamp;
			headers['X-HubSpot-Signature'] = sign('v1', { secret, method: 'POST', uri: url, body });
			headers['X-HubSpot-Signature-Version'] = 'v1';
		} else {
			headers['X-HubSpot-Signature'] = sign(version, { secret, method: 'POST', uri: url, body });
			headers['X-HubSpot-Signature-Version'] = version;
		}
		try {
			const res = await fetch(url, { method: 'POST', headers, body });
			const text = await res.text();
			let parsed;
			try {
				parsed = text ? JSON.parse(text) : '';
			} catch {
				parsed = text;
			}
			return { status: res.status, body: parsed, requestHeaders: headers, requestBody: body };
		} catch (err) {
			return { status: 0, body: '', requestHeaders: headers, requestBody: body, error: String(err) };
		}
	}

	function scheduleFlush() {
		if (timer) return;
		timer = setTimeout(() => {
			timer = null;
			for (const [key, q] of queues) {
				queues.delete(key);
				// HubSpot batches up to 100 events per request.
				for (let i = 0; i < q.events.length; i += 100) {
					const chunk = q.events.slice(i, i + 100);
					const p = deliver(q.target.url, chunk, { clientSecret: q.target.clientSecret, signatureVersion: q.target.signatureVersion }).then((r) => {
						deliveries.push(r);
						inflight.delete(p);
					});
					inflight.add(p);
				}
			}
		}, 5);
	}

	/**
	 * Queue events for every matching automatic target.
	 * @param {any[]} events
	 * @param {Array<{ url: string, clientSecret: string, signatureVersion?: 'v1'|'v2'|'v3', match: (e: any) => number | null }>} [dynamicTargets]
	 *        extra targets (webhook-API app subscriptions); match returns a subscription id or null
	 */
	function enqueue(events, dynamicTargets = []) {
		const all = [
			...targets.map((t) => ({ ...t, match: (/** @type {any} */ e) => (!t.eventTypes || t.eventTypes.includes(e.subscriptionType) ? t.subscriptionId : null) })),
			...dynamicTargets,
		];
		for (const t of all) {
			for (const e of events) {
				const subId = t.match(e);
				if (subId === null) continue;
				const key = `${t.url}|${t.clientSecret}|${t.signatureVersion ?? 'v3'}`;
				if (!queues.has(key)) queues.set(key, { target: { url: t.url, clientSecret: t.clientSecret, signatureVersion: t.signatureVersion, subscriptionId: subId }, events: [] });
				/** @type {{ events: any[] }} */ (queues.get(key)).events.push(complete({ ...e, subscriptionId: subId }));
			}
		}
		if (queues.size) scheduleFlush();
	}

	return {
		sign,
		deliver,
		enqueue,
		deliveries,
		/**
		 * Deliver an event for every CRM write to url (batched, up to 100 per request).
		 * @param {{ url: string, clientSecret: string, signatureVersion?: 'v1'|'v2'|'v3', eventTypes?: string[] }} t
		 * @returns {() => void} unsubscribe
		 */
		subscribe(t) {
			const entry = { ...t, subscriptionId: 100 + targets.length };
			targets.push(entry);
			return () => {
				const i = targets.indexOf(entry);
				if (i >= 0) targets.splice(i, 1);
			};
		},
		unsubscribeAll() {
			targets.length = 0;
		},
		/** Wait until every queued automatic delivery has been answered. */
		async flush() {
			for (let i = 0; i < 50 && (timer || inflight.size); i++) {
				if (timer) await new Promise((r) => setTimeout(r, 10));
				await Promise.all([...inflight]);
			}
		},
		/** @internal */
		stop() {
			if (timer) clearTimeout(timer);
			timer = null;
			queues.clear();
		},
	};
}

module.exports = { createWebhooks, sign };
