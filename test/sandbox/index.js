'use strict';

const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { readRaw, parseBody, queryObject, json } = require('./lib/http');
const { createLog } = require('./lib/log');
const { createFaults } = require('./lib/faults');
const { createHubspot } = require('./hubspot');
const { createGeneric } = require('./generic');

/**
 * Further vendors plug in as folders beside this file: `./<name>/index.js`
 * exports `createVendor({ seed, baseUrl })` returning
 * `{ handle(ctx) -> SandboxResponse | Promise, api, fault429?(ctx), fault503?(ctx), close?() }`.
 * They are served under `/<name>/...` and exposed as `sb.<name>` (= `api` plus `baseUrl`).
 */
const PLUGIN_VENDORS = ['salesforce', 'pipedrive'];

function loadPlugin(name) {
	try {
		return require(`./${name}`);
	} catch (e) {
		if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes(`./${name}`)) return undefined;
		throw e;
	}
}

/**
 * CRM sandbox: a stateful local emulator of the vendor APIs our connectors use.
 *   /hubspot/...      HubSpot (same paths as https://api.hubapi.com)
 *   /generic/api/v1/  the generic REST CRM (GENERIC-API.md)
 *   /__sandbox/...    control API for a sandbox running in another process (README.md)
 */

/** @typedef {import('./lib/http').SandboxResponse} SandboxResponse */

/**
 * @typedef {Object} SandboxOptions
 * @property {number} [port]       0 (default) = any free port
 * @property {string} [host]       default 127.0.0.1
 * @property {number} [seed]       PRNG seed for faults and seed data (default 1)
 * @property {'starter' | 'pro'} [plan]
 * @property {string[]} [tokens]   accepted HubSpot private-app tokens
 * @property {number} [jwtTtlSec]  generic CRM access-token lifetime (default 60)
 */

/** @param {SandboxOptions} [options] */
async function startSandbox(options = {}) {
	const seed = options.seed ?? 1;
	const host = options.host ?? '127.0.0.1';
	let url = '';
	const log = createLog();
	const faults = createFaults(seed);
	const hub = createHubspot({ baseUrl: () => `${url}/hubspot`, tokens: options.tokens, seed });
	if (options.plan) hub.limiter.setPlan(options.plan);
	const generic = createGeneric({ seed, jwtTtlSec: options.jwtTtlSec });
	/** @type {Record<string, any>} */
	const plugins = {};
	for (const name of PLUGIN_VENDORS) {
		const mod = loadPlugin(name);
		if (mod) plugins[name] = mod.createVendor({ seed, baseUrl: () => `${url}/${name}` });
	}

	const hubspot = {
		get baseUrl() {
			return `${url}/hubspot`;
		},
		tokens: hub.tokens,
		store: hub.store,
		oauth: hub.oauth,
		developer: hub.developer,
		portalId: hub.portalId,
		appId: hub.appId,
		/** @param {Record<string, number>} counts @param {number} [seedNumber] */
		seed: (counts, seedNumber) => hub.seed(counts, seedNumber),
		/** @param {'starter' | 'pro'} plan */
		setPlan: (plan) => hub.limiter.setPlan(plan),
		resetRateLimits: () => hub.limiter.reset(),
		/** @param {string} name @param {any} def */
		addObjectType: (name, def) => {
			const t = hub.store.addObjectType(name, def);
			return { name: t.name, objectTypeId: t.objectTypeId };
		},
		/** @param {string} type @param {any} def */
		addProperty: (type, def) => hub.store.addProperty(type, def),
		/** @param {string | number} at */
		freezeClock: (at) => hub.store.clock.freeze(at),
		unfreezeClock: () => hub.store.clock.unfreeze(),
		/** The earliest timestamp the next write will get; use it as a `changes.since` cursor. */
		now: () => hub.store.clock.now(),
		changes: {
			/**
			 * Records changed at or after `ms`, one entry per record (its latest change).
			 * @param {number} ms
			 */
			since(ms) {
				/** @type {Map<string, any>} */
				const latest = new Map();
				for (const c of hub.store.changes) {
					if (c.at < ms) continue;
					latest.set(`${c.objectType}:${c.id}`, c);
				}
				return [...latest.values()]
					.sort((a, b) => a.at - b.at)
					.map((c) => ({ objectType: c.objectType, id: c.id, changeType: c.changeType, changedAt: c.at, record: hub.store.getRecord(c.objectType, c.id) }));
			},
			all: () => hub.store.changes.slice(),
		},
	};

	const webhooks = {
		deliver: hub.webhooks.deliver,
		subscribe: hub.webhooks.subscribe,
		unsubscribeAll: hub.webhooks.unsubscribeAll,
		flush: hub.webhooks.flush,
		deliveries: hub.webhooks.deliveries,
		sign: hub.webhooks.sign,
	};

	const genericApi = {
		get baseUrl() {
			return `${url}/generic`;
		},
		credentials: generic.config,
		store: generic.store,
		/** @param {any} counts @param {number} [seedNumber] */
		seed: (counts, seedNumber) => generic.seed(counts, seedNumber),
		/** @param {number} sec */
		setTokenTtl: (sec) => {
			generic.config.jwtTtlSec = sec;
		},
		advanceTime: generic.advanceTime,
		resetTime: generic.resetTime,
	};

	/**
	 * Control API so a sandbox in another process (cli.js) can be steered over HTTP.
	 * @param {string} method @param {string} path @param {any} body @param {Record<string,string>} query
	 * @returns {SandboxResponse}
	 */
	function control(method, path, body, query) {
		const b = body && typeof body === 'object' ? body : {};
		if (method === 'GET' && path === '/__sandbox') return json({ url, hubspot: hubspot.baseUrl, generic: genericApi.baseUrl, tokens: hub.tokens });
		if (method === 'POST' && path === '/__sandbox/seed') {
			return json({ hubspot: b.hubspot ? hubspot.seed(b.hubspot, b.seed) : null, generic: b.generic ? genericApi.seed(b.generic, b.seed) : null });
		}
		if (method === 'POST' && path === '/__sandbox/faults') {
			faults.set({ ...b, onlyPaths: b.onlyPaths ? new RegExp(b.onlyPaths) : undefined });
			return { status: 204 };
		}
		if (method === 'DELETE' && path === '/__sandbox/faults') {
			faults.clear();
			return { status: 204 };
		}
		if (method === 'POST' && path === '/__sandbox/plan') {
			hubspot.setPlan(b.plan);
			return { status: 204 };
		}
		if (method === 'GET' && path === '/__sandbox/log') return json(log.all());
		if (method === 'DELETE' && path === '/__sandbox/log') {
			log.reset();
			return { status: 204 };
		}
		if (method === 'GET' && path === '/__sandbox/changes') return json(hubspot.changes.since(Number(query.since ?? 0)));
		const m = /^\/__sandbox\/hubspot\/store\/([^/]+)$/.exec(path);
		if (method === 'GET' && m) return json(hub.store.list(m[1]));
		return json({ error: 'unknown control endpoint' }, 404);
	}

	/** @param {http.ServerResponse} res @param {SandboxResponse} out @param {boolean} isHubspot */
	function send(res, out, isHubspot) {
		/** @type {Record<string, string>} */
		const headers = { ...(out.headers ?? {}) };
		let payload = '';
		if (out.raw !== undefined) payload = out.raw;
		else if (out.body !== undefined && out.status !== 204) {
			payload = JSON.stringify(out.body);
			headers['Content-Type'] = headers['Content-Type'] ?? 'application/json;charset=utf-8';
		}
		if (isHubspot) headers['X-HubSpot-Correlation-Id'] = headers['X-HubSpot-Correlation-Id'] ?? (/** @type {any} */ (out.body)?.correlationId || randomUUID());
		headers['Content-Length'] = String(Buffer.byteLength(payload));
		res.writeHead(out.status, headers);
		res.end(payload);
	}

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	async function onRequest(req, res) {
		const at = Date.now();
		const u = new URL(req.url ?? '/', 'http://sandbox.local');
		const method = (req.method ?? 'GET').toUpperCase();
		const fullPath = u.pathname;
		const query = queryObject(u.searchParams);
		const rawBody = await readRaw(req);
		const { body, invalid } = parseBody(rawBody, req.headers['content-type']);
		/** @type {import('./lib/log').LogEntry} */
		const entry = { method, path: fullPath, query, body, status: 0, at };

		if (fullPath === '/__sandbox' || fullPath.startsWith('/__sandbox/')) {
			send(res, control(method, fullPath, body, query), false);
			return;
		}
		const isHubspot = fullPath === '/hubspot' || fullPath.startsWith('/hubspot/');
		const isGeneric = fullPath === '/generic' || fullPath.startsWith('/generic/');
		const pluginName = Object.keys(plugins).find((n) => fullPath === `/${n}` || fullPath.startsWith(`/${n}/`));
		const plugin = pluginName ? plugins[pluginName] : undefined;
		if (!isHubspot && !isGeneric && !plugin) {
			send(res, json({ sandbox: true, hubspot: hubspot.baseUrl, generic: genericApi.baseUrl }, fullPath === '/' ? 200 : 404), false);
			return;
		}
		const path = fullPath.replace(/^\/[^/]+/, '') || '/';
		const ctx = { req, method, path, fullPath, query, rawBody, body, bodyInvalid: invalid, params: {}, headers: req.headers };

		const d = faults.decide(method, fullPath);
		if (d.delayMs > 0) await new Promise((r) => setTimeout(r, d.delayMs));
		/** @type {SandboxResponse} */
		let out;
		if (d.dropBefore) {
			entry.fault = 'drop-before';
			log.add(entry);
			req.socket.destroy();
			return;
		}
		if (d.s503) {
			entry.fault = '503';
			// Assumption: HubSpot's 503 body uses its standard error envelope.
			out = plugin?.fault503
				? plugin.fault503(ctx)
				: isHubspot
				? { status: 503, body: { status: 'error', message: 'The service is temporarily unavailable. Please try again later.', correlationId: randomUUID(), category: 'SERVICE_UNAVAILABLE' } }
				: json({ error: { code: 'SERVICE_UNAVAILABLE', message: 'Service temporarily unavailable' } }, 503, { 'Retry-After': '1' });
		} else if (d.s429) {
			entry.fault = '429';
			out = plugin?.fault429 ? plugin.fault429(ctx) : isHubspot ? hub.fault429(ctx) : json({ error: { code: 'RATE_LIMITED', message: 'Too many requests' } }, 429, { 'Retry-After': '1' });
		} else {
			try {
				const withFault = { ...ctx, failRecord: d.failRecord };
				out = plugin ? await plugin.handle(withFault) : isHubspot ? await hub.handle(withFault) : generic.handle(withFault);
			} catch (e) {
				out = json({ status: 'error', message: `sandbox error: ${e instanceof Error ? e.stack : String(e)}` }, 500);
			}
			if (d.dropAfter) {
				entry.fault = 'drop-after';
				log.add(entry);
				req.socket.destroy();
				return;
			}
		}
		entry.status = out.status;
		log.add(entry);
		send(res, out, isHubspot);
	}

	const server = http.createServer((req, res) => {
		onRequest(req, res).catch((e) => {
			if (!res.headersSent) {
				res.writeHead(500, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ error: String(e) }));
			}
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => resolve(undefined));
	});
	const addr = /** @type {import('node:net').AddressInfo} */ (server.address());
	url = `http://${host}:${addr.port}`;

	return {
		url,
		port: addr.port,
		hubspot,
		generic: genericApi,
		...Object.fromEntries(
			Object.entries(plugins).map(([name, p]) => [name, Object.assign(p.api ?? {}, { baseUrl: `${url}/${name}` })]),
		),
		faults: { set: faults.set, clear: faults.clear, get: faults.get },
		log,
		webhooks,
		async close() {
			for (const p of Object.values(plugins)) p.close?.();
			hub.close();
			await new Promise((resolve) => {
				server.close(() => resolve(undefined));
				server.closeAllConnections();
			});
		},
	};
}

module.exports = { startSandbox };
