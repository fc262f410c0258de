'use strict';

/**
 * HTTP plumbing shared by the HubSpot and generic emulators: body parsing,
 * a tiny path router, and the response shape handlers return.
 */

/**
 * @typedef {Object} SandboxResponse
 * @property {number} status
 * @property {Record<string, string>} [headers]
 * @property {unknown} [body]      JSON-serialised unless `raw` is set
 * @property {string} [raw]        sent as-is (e.g. HTML, empty)
 */

/**
 * @typedef {Object} RequestContext
 * @property {import('node:http').IncomingMessage} req
 * @property {string} method
 * @property {string} path         path below the emulator's prefix, e.g. /crm/v3/objects/contacts
 * @property {string} fullPath     path as received, e.g. /hubspot/crm/v3/objects/contacts
 * @property {Record<string, string>} query
 * @property {string} rawBody
 * @property {any} body            parsed JSON or form body (undefined when empty)
 * @property {boolean} bodyInvalid true when a JSON body did not parse
 * @property {Record<string, string>} params
 * @property {Record<string, string | string[] | undefined>} headers
 */

/** @param {import('node:http').IncomingMessage} req @returns {Promise<string>} */
function readRaw(req) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/**
 * @param {string} raw
 * @param {string | undefined} contentType
 * @returns {{ body: any, invalid: boolean }}
 */
function parseBody(raw, contentType) {
	if (!raw) return { body: undefined, invalid: false };
	const ct = (contentType || '').toLowerCase();
	if (ct.includes('application/x-www-form-urlencoded')) {
		return { body: Object.fromEntries(new URLSearchParams(raw)), invalid: false };
	}
	try {
		return { body: JSON.parse(raw), invalid: false };
	} catch {
		return { body: raw, invalid: true };
	}
}

/** @param {URLSearchParams} sp @returns {Record<string, string>} */
function queryObject(sp) {
	/** @type {Record<string, string>} */
	const out = {};
	for (const [k, v] of sp) out[k] = k in out ? `${out[k]},${v}` : v;
	return out;
}

/**
 * Router: routes are `METHOD /path/:param/...`; a param matches one segment.
 * @param {Array<[string, (ctx: RequestContext) => SandboxResponse | Promise<SandboxResponse>]>} table
 */
function createRouter(table) {
	const routes = table.map(([spec, handler]) => {
		const [method, pattern] = spec.split(' ');
		/** @type {string[]} */
		const names = [];
		const re = new RegExp(
			'^' +
				pattern.replace(/:([a-zA-Z]+)/g, (_, n) => {
					names.push(n);
					return '([^/]+)';
				}) +
				'/?$',
		);
		return { method, re, names, handler };
	});
	return {
		/**
		 * @param {string} method
		 * @param {string} path
		 * @returns {{ handler: (ctx: RequestContext) => any, params: Record<string, string> } | { methodNotAllowed: true } | null}
		 */
		match(method, path) {
			let pathMatched = false;
			for (const r of routes) {
				const m = r.re.exec(path);
				if (!m) continue;
				pathMatched = true;
				if (r.method !== method) continue;
				/** @type {Record<string, string>} */
				const params = {};
				r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
				return { handler: r.handler, params };
			}
			return pathMatched ? { methodNotAllowed: true } : null;
		},
	};
}

/** @param {unknown} body @param {number} [status] @param {Record<string,string>} [headers] @returns {SandboxResponse} */
function json(body, status = 200, headers = {}) {
	return { status, body, headers };
}

module.exports = { readRaw, parseBody, queryObject, createRouter, json };
