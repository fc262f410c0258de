'use strict';

const fs = require('node:fs');
const http = require('node:http');
const nodePath = require('node:path');
const { readRaw, parseBody, queryObject, json } = require('./lib/http');
const { createLog } = require('./lib/log');
const { createFaults } = require('./lib/faults');

/**
 * CRM sandbox: a stateful local emulator of the vendor APIs our connectors use.
 *
 * Every folder beside this file except `lib/` is a vendor, loaded the same way:
 * `./<name>/index.js` exports `createVendor({ seed, baseUrl, options })` returning a
 * `Vendor` (below). It is served under `/<name>/...` and exposed as `sb.<name>` (its
 * `api` plus `baseUrl`). A vendor folder that fails to load fails the sandbox's start:
 * tests must never run against a sandbox that silently lacks a vendor.
 *   /__sandbox/...    control API for a sandbox running in another process (README.md)
 */

/**
 * @typedef {Object} Vendor
 * @property {Record<string, any>} api                      exposed as `sb.<name>` (with `baseUrl`)
 * @property {(ctx: any) => SandboxResponse | Promise<SandboxResponse>} handle   a request below `/<name>`
 * @property {(ctx: any) => SandboxResponse} [fault429]       an injected 429, as the vendor answers it
 * @property {(ctx: any) => SandboxResponse} [fault503]       an injected 503, as the vendor answers it
 * @property {(out: SandboxResponse) => Record<string, string>} [headers]   headers every answer carries (faults too)
 * @property {(method: string, path: string, body: any, query: Record<string, string>) => SandboxResponse | undefined} [control]
 *   control endpoints below `/__sandbox/<name>`
 * @property {() => void} [close]
 */

/** The vendor folders of `dir`: every folder but lib/. @param {string} dir */
function vendorNames(dir) {
	return fs
		.readdirSync(dir, { withFileTypes: true })
		.filter((d) => d.isDirectory() && d.name !== 'lib')
		.map((d) => d.name)
		.sort();
}

/** @param {string} dir @param {string} name @returns {{ createVendor: (opts: any) => Vendor }} */
function loadVendor(dir, name) {
	const where = nodePath.join(dir, name);
	/** @type {any} */
	let mod;
	try {
		mod = require(where);
	} catch (e) {
		throw new Error(`sandbox vendor "${name}" (${where}) failed to load: ${e?.message ?? String(e)}`, { cause: e });
	}
	if (typeof mod?.createVendor !== 'function') throw new Error(`sandbox vendor "${name}" (${where}): its index.js must export createVendor`);
	return mod;
}

/** @typedef {import('./lib/http').SandboxResponse} SandboxResponse */

/**
 * @typedef {Object} SandboxOptions
 * @property {number} [port]       0 (default) = any free port
 * @property {string} [host]       default 127.0.0.1
 * @property {number} [seed]       PRNG seed for faults and seed data (default 1)
 * @property {'starter' | 'pro'} [plan]
 * @property {string[]} [tokens]   accepted HubSpot private-app tokens
 * @property {number} [jwtTtlSec]  generic CRM access-token lifetime (default 60)
 * @property {string} [vendorDir]  folder of the vendor folders (default: this one; the sandbox's own tests point it elsewhere)
 */

/** @param {SandboxOptions} [options] */
async function startSandbox(options = {}) {
	const seed = options.seed ?? 1;
	const host = options.host ?? '127.0.0.1';
	let url = '';
	const log = createLog();
	const faults = createFaults(seed);
	/** @type {Record<string, Vendor>} */
	const vendors = {};
	const dir = options.vendorDir ?? __dirname;
	for (const name of vendorNames(dir)) vendors[name] = loadVendor(dir, name).createVendor({ seed, baseUrl: () => `${url}/${name}`, options });
	/** @type {Record<string, any>} */
	const apis = Object.fromEntries(Object.entries(vendors).map(([name, v]) => [name, v.api ?? {}]));

	/**
	 * Control API so a sandbox in another process (cli.js) can be steered over HTTP.
	 * @param {string} method @param {string} path @param {any} body @param {Record<string,string>} query
	 * @returns {SandboxResponse}
	 */
	function control(method, path, body, query) {
		const b = body && typeof body === 'object' ? body : {};
		if (method === 'GET' && path === '/__sandbox') {
			return json({ url, ...Object.fromEntries(Object.keys(vendors).map((n) => [n, apis[n].baseUrl])), tokens: apis.hubspot?.tokens });
		}
		if (method === 'POST' && path === '/__sandbox/seed') {
			return json(Object.fromEntries(Object.keys(vendors).map((n) => [n, b[n] && apis[n].seed ? apis[n].seed(b[n], b.seed) : null])));
		}
		if (method === 'POST' && path === '/__sandbox/faults') {
			faults.set({ ...b, onlyPaths: b.onlyPaths ? new RegExp(b.onlyPaths) : undefined });
			return { status: 204 };
		}
		if (method === 'DELETE' && path === '/__sandbox/faults') {
			faults.clear();
			return { status: 204 };
		}
		if (method === 'GET' && path === '/__sandbox/log') return json(log.all());
		if (method === 'DELETE' && path === '/__sandbox/log') {
			log.reset();
			return { status: 204 };
		}
		// HubSpot's plan and changes, at the paths they had before vendors got their own control paths.
		if (path === '/__sandbox/plan' || path === '/__sandbox/changes') return control(method, path.replace('/__sandbox', '/__sandbox/hubspot'), body, query);
		const m = /^\/__sandbox\/([^/]+)(\/.*)$/.exec(path);
		const out = m && vendors[m[1]]?.control?.(method, m[2], b, query);
		return out ?? json({ error: 'unknown control endpoint' }, 404);
	}

	/** @param {http.ServerResponse} res @param {SandboxResponse} out @param {Vendor} [vendor] */
	function send(res, out, vendor) {
		/** @type {Record<string, string>} */
		const headers = { ...(out.headers ?? {}), ...(vendor?.headers?.(out) ?? {}) };
		let payload = '';
		if (out.raw !== undefined) payload = out.raw;
		else if (out.body !== undefined && out.status !== 204) {
			payload = JSON.stringify(out.body);
			headers['Content-Type'] = headers['Content-Type'] ?? 'application/json;charset=utf-8';
		}
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
			send(res, control(method, fullPath, body, query));
			return;
		}
		const name = Object.keys(vendors).find((n) => fullPath === `/${n}` || fullPath.startsWith(`/${n}/`));
		if (!name) {
			send(res, json({ sandbox: true, ...Object.fromEntries(Object.keys(vendors).map((n) => [n, apis[n].baseUrl])) }, fullPath === '/' ? 200 : 404));
			return;
		}
		const vendor = vendors[name];
		const path = fullPath.slice(name.length + 1) || '/';
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
			out = vendor.fault503 ? vendor.fault503(ctx) : { status: 503, raw: '', headers: { 'Retry-After': '1' } };
		} else if (d.s429) {
			entry.fault = '429';
			out = vendor.fault429 ? vendor.fault429(ctx) : { status: 429, raw: '', headers: { 'Retry-After': '1' } };
		} else {
			try {
				out = await vendor.handle({ ...ctx, failRecord: d.failRecord });
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
		send(res, out, vendor);
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

	for (const [name, api] of Object.entries(apis)) api.baseUrl = `${url}/${name}`;

	return {
		url,
		port: addr.port,
		...apis,
		faults: { set: faults.set, clear: faults.clear, get: faults.get },
		log,
		/** HubSpot's signed webhook deliveries (`sb.hubspot.webhooks`), where the first tests found them. */
		webhooks: apis.hubspot?.webhooks,
		async close() {
			for (const v of Object.values(vendors)) v.close?.();
			await new Promise((resolve) => {
				server.close(() => resolve(undefined));
				server.closeAllConnections();
			});
		},
	};
}

module.exports = { startSandbox };
