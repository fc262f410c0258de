'use strict';
/**
 * Steps shared by `npm start` (scripts/start.js) and `npm run demo`
 * (scripts/demo.js): build the pack, make sure the real n8n runtime is
 * installed, and set up an n8n instance with the sandbox credentials and the
 * examples. Plain CommonJS on the machine's Node; n8n itself runs on the cached
 * Node 24 (scripts/n8n-runtime.js).
 */

const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const { ROOT, CREDENTIALS, SANDBOX_SECRETS, sandboxCredentials, loadExamples, writeExamplesForImport, webhooksOf } = require('./examples');

const say = (msg = '') => process.stdout.write(`${msg}\n`);

function seconds(ms) {
	return `${(ms / 1000).toFixed(1)}s`;
}

/** Runs a build tool from the repo's node_modules; throws with its output on failure. */
function runTool(label, script, args) {
	const r = spawnSync(process.execPath, [path.join(ROOT, script), ...args], { cwd: ROOT, encoding: 'utf8' });
	if (r.status !== 0) {
		throw new Error(`${label} failed (exit ${r.status}):\n${`${r.stdout || ''}\n${r.stderr || ''}`.trim()}`);
	}
}

/**
 * Compiles the pack into dist/ (tsc, then the icons). Not `npm run build`: its
 * rimraf would empty dist/ under an n8n or a test already using it.
 */
function buildPack() {
	const started = Date.now();
	if (!fs.existsSync(path.join(ROOT, 'node_modules', 'typescript'))) {
		throw new Error('Dependencies are missing: run `npm install` first.');
	}
	runTool('tsc', 'node_modules/typescript/bin/tsc', ['-p', 'tsconfig.build.json']);
	runTool('gulp build:assets', 'node_modules/gulp/bin/gulp.js', ['build:assets', '--silent']);
	return Date.now() - started;
}

/**
 * Installs n8n and Node 24 into the cache on first use (`node scripts/n8n-runtime.js
 * ensure` in a child process, whose progress lines are shown), printing how long
 * it has been running every 30 s so a 3-5 minute first install never looks stuck.
 * Resolves with the runtime paths.
 */
function ensureRuntimeWithProgress() {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'n8n-runtime.js'), 'ensure'], {
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let busy = false; // installing, or waiting for another process's install
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => {
			busy = true;
			for (const line of String(d).split('\n')) if (line.trim()) say(`    ${line.trimEnd()}`);
		});
		const ticker = setInterval(() => {
			if (busy) say(`    ... still working (${Math.round((Date.now() - started) / 1000)}s)`);
		}, 30000);
		child.on('error', (e) => {
			clearInterval(ticker);
			reject(e);
		});
		child.on('close', (code) => {
			clearInterval(ticker);
			if (code !== 0) return reject(new Error(`installing the n8n runtime failed (exit ${code})`));
			try {
				const r = JSON.parse(stdout);
				resolve({ ...r, installMs: Date.now() - started, installed: r.outcome === 'installed' });
			} catch (e) {
				reject(new Error(`unexpected output of n8n-runtime.js ensure: ${stdout}`));
			}
		});
	});
}

/**
 * One line on what ensuring the runtime did: installed it, waited for another
 * process's install (`npm test` and `npm start` at once), or found it cached.
 */
function runtimeMessage(runtime) {
	if (runtime.outcome === 'installed') return `installed in ${seconds(runtime.installMs)}`;
	if (runtime.outcome === 'waited') {
		return `another process was installing it: waited ${seconds(runtime.waitedMs)} for that install, now ready (cached in ${runtime.cacheDir})`;
	}
	return `ready (cached in ${runtime.cacheDir})`;
}

/** Whether something already listens on host:port. */
function portInUse(port, host = '127.0.0.1') {
	return new Promise((resolve) => {
		const socket = net.connect({ port, host });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

async function waitUntil(what, check, timeoutMs = 30000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			const value = await check();
			if (value) return value;
		} catch {}
		if (Date.now() > deadline) throw new Error(`timed out after ${seconds(timeoutMs)} waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

/**
 * Imports the sandbox credentials and every example into a created (not yet
 * started) instance, in two CLI calls. Credential and workflow ids are those the
 * examples use. `sandboxUrl` is the sandbox's root URL; `postgres` the database of
 * the Postgres example (scripts/lib/postgres.js), for its credential.
 */
async function importExamples(instance, sandboxUrl, { postgres } = {}) {
	await instance.importCredentials(sandboxCredentials(sandboxUrl, { postgres, n8nBaseUrl: instance.baseUrl }));
	const dir = path.join(instance.userFolder, 'examples-import');
	const examples = writeExamplesForImport(dir);
	const r = await instance.cli(['import:workflow', '--separate', `--input=${dir}`]);
	if (r.code !== 0) throw new Error(`n8n import:workflow failed:\n${r.stdout}\n${r.stderr}`.trim());
	return examples;
}

/**
 * Gives the examples' n8n API credential (CRM Sync's Data Table store) the API key
 * of the running n8n, through n8n's public API (PATCH /credentials/{id}): an API
 * key exists only once n8n runs and has an owner.
 */
async function connectN8nApiCredential(instance, apiKey) {
	await instance.api(apiKey, 'PATCH', `/credentials/${CREDENTIALS.n8nApi.id}`, {
		data: { apiKey, baseUrl: `${instance.baseUrl}/api/v1` },
	});
}

/**
 * Activates (publishes) every example that has a webhook through the public API
 * and waits until n8n answers on each webhook. Returns the activated workflows
 * with their webhook URLs.
 */
async function activateWebhookExamples(instance, apiKey, baseUrl = instance.baseUrl) {
	const activated = [];
	for (const { workflow } of loadExamples()) {
		const hooks = webhooksOf(workflow);
		if (!hooks.length) continue;
		await instance.api(apiKey, 'POST', `/workflows/${workflow.id}/activate`);
		for (const hook of hooks) {
			await waitUntil(`webhook ${hook.path}`, () => instance.webhookRegistered(hook.path, hook.method));
		}
		activated.push({ workflow, hooks: hooks.map((h) => ({ ...h, url: `${baseUrl}/${h.path}` })) });
	}
	return activated;
}

/**
 * Points the sandbox's HubSpot developer app at a webhook URL (its Webhooks API,
 * as HubSpot's app settings page would), so every CRM write in the sandbox is
 * delivered there signed with the app's client secret, like HubSpot does.
 */
async function subscribeSandboxApp(hubspotBaseUrl, targetUrl, subscriptions) {
	const base = `${hubspotBaseUrl}/webhooks/v3/${SANDBOX_SECRETS.appId}`;
	const qs = `?hapikey=${encodeURIComponent(SANDBOX_SECRETS.developerApiKey)}`;
	const call = async (method, url, body) => {
		const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		if (!res.ok) throw new Error(`${method} ${url} -> ${res.status}: ${await res.text()}`);
		return res.json();
	};
	await call('PUT', `${base}/settings${qs}`, { targetUrl, throttling: { maxConcurrentRequests: 10, period: 'SECONDLY' } });
	for (const s of subscriptions) await call('POST', `${base}/subscriptions${qs}`, { ...s, active: true });
}

module.exports = {
	say,
	seconds,
	buildPack,
	ensureRuntimeWithProgress,
	runtimeMessage,
	portInUse,
	waitUntil,
	importExamples,
	connectN8nApiCredential,
	activateWebhookExamples,
	subscribeSandboxApp,
};
