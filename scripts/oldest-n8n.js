#!/usr/bin/env node
'use strict';
/**
 * `npm run test:oldest`: the pack in the oldest n8n it supports (1.50.2, on this
 * machine's Node 20), installed the README's way (issue 20). Not part of `npm test`;
 * CI runs it after (the first run installs n8n 1.50.2: about 6 minutes and 1.3 GB, cached in
 * ~/.cache/n8n-crm-pack/n8n-1.50.2).
 *
 * 1. packs the package and installs the tarball with the README's npm command
 *    into a clean HOME's ~/.n8n/nodes;
 * 2. starts n8n 1.50.2 there and checks that it lists every node and credential
 *    the package declares;
 * 3. imports the sandbox credentials and every example (`n8n import:workflow`,
 *    which on 1.x needs `"active": false`) and runs each example that starts with
 *    a Manual Trigger (`n8n execute`) against the CRM sandbox: it must end without
 *    an error.
 * Exits 0 when all of that held. KEEP=1 keeps the temporary folder; OLD_N8N_VERSION
 * picks another n8n 1.x release.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync, execFileSync } = require('node:child_process');

const { parseRunJson } = require('./n8n-runtime');
const { ROOT, sandboxCredentials, loadExamples, hasManualTrigger } = require('./lib/examples');
const { startSandbox } = require('../test/sandbox');
const { startPostgres } = require('./lib/postgres');
const { createContactsTable } = require('./lib/contactsTable');

// OLD_N8N_VERSION=1.123.81 tries another 1.x release the same way (the newest 1.x, for one).
const VERSION = process.env.OLD_N8N_VERSION || '1.50.2';
const CACHE = path.join(process.env.CRM_PACK_CACHE_DIR || path.join(os.homedir(), '.cache', 'n8n-crm-pack'), `n8n-${VERSION}`);
const N8N_BIN = path.join(CACHE, 'node_modules', 'n8n', 'bin', 'n8n');
const MARKER = path.join(CACHE, '.install-complete');

const say = (m = '') => process.stdout.write(`${m}\n`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;

/** npm's and jest's variables would leak into the installs (npm_config_ignore_scripts would turn the rebuild into a no-op). */
function cleanEnv(extra = {}) {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && !k.startsWith('JEST_')) env[k] = v;
	return { ...env, ...extra };
}

function run(label, cmd, args, opts = {}) {
	const started = Date.now();
	const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
	if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status}):\n${`${r.stdout || ''}\n${r.stderr || ''}`.trim().slice(-3000)}`);
	say(`  ${label}: ${seconds(Date.now() - started)}`);
	return r;
}

/** n8n 1.50.2 and its sqlite3 (built for this Node), once. */
function ensureN8n() {
	if (fs.existsSync(MARKER) && fs.existsSync(N8N_BIN)) return say(`n8n ${VERSION}: cached in ${CACHE}`);
	say(`Installing n8n ${VERSION} into ${CACHE} (first run only, about 6 minutes)...`);
	fs.mkdirSync(CACHE, { recursive: true });
	const wrapper = {
		name: 'n8n-crm-pack-oldest',
		private: true,
		dependencies: { n8n: VERSION },
		// n8n 1.x pulls xlsx from cdn.sheetjs.com, which is unreachable here; the same release from npm
		overrides: { xlsx: 'npm:@e965/xlsx@0.20.3' },
	};
	fs.writeFileSync(path.join(CACHE, 'package.json'), `${JSON.stringify(wrapper, null, 2)}\n`);
	run('npm install', 'npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: CACHE, env: cleanEnv() });
	run('npm rebuild sqlite3', 'npm', ['rebuild', 'sqlite3', '--ignore-scripts=false', '--loglevel=error'], { cwd: CACHE, env: cleanEnv() });
	run('sqlite3 loads', process.execPath, ['-e', "require('sqlite3')"], { cwd: CACHE });
	fs.writeFileSync(MARKER, `${new Date().toISOString()}\n`);
}

/** The README's "Or with npm" commands, with the tarball in place of the registry's package. */
function readmeInstall(home, tarball) {
	const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
	const block = /```bash\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('**Or with npm**')));
	if (!block) throw new Error('README: no bash block after "Or with npm"');
	const script = block[1].split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((l) => l.replace(/\bn8n-nodes-crm-pack\b/, tarball)).join('\n');
	run('README install route', 'bash', ['-euc', script], { cwd: home, env: cleanEnv({ HOME: home }) });
}

/** The run as one line of JSON (how later 1.x releases print --rawOutput), else undefined. */
function lastJson(text) {
	for (const line of String(text).split('\n').reverse()) {
		try {
			const parsed = JSON.parse(line);
			if (parsed && parsed.data && parsed.data.resultData) return parsed;
		} catch {}
	}
	const start = text.indexOf('{');
	try {
		return start >= 0 ? JSON.parse(text.slice(start)) : undefined;
	} catch {
		return undefined;
	}
}

async function main() {
	const started = Date.now();
	ensureN8n();
	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-pack-oldest-'));
	const env = cleanEnv({
		HOME: home,
		N8N_USER_FOLDER: home,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_RUNNERS_ENABLED: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		N8N_LOG_LEVEL: 'error',
		// late 1.x releases' default expression engine needs Node 22+ (/work/shared/N8N-RUNTIME.md); older ones ignore it
		N8N_EXPRESSION_ENGINE: 'legacy',
	});
	// Asynchronous: the CRM sandbox runs in this process and must keep answering while n8n runs.
	const n8n = (args, extraEnv = {}, timeout = 180000) =>
		new Promise((resolve) => {
			const child = spawn(process.execPath, [N8N_BIN, ...args], { cwd: home, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (d) => (stdout += d));
			child.stderr.on('data', (d) => (stderr += d));
			const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
			child.on('close', (status) => {
				clearTimeout(timer);
				resolve({ status, stdout, stderr });
			});
		});
	let sb;
	let pg;
	let server;
	const failures = [];
	try {
		const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', home], { cwd: ROOT, encoding: 'utf8', env: cleanEnv(), stdio: ['ignore', 'pipe', 'ignore'] }));
		readmeInstall(home, path.join(home, packed[0].filename));
		const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

		// 2. what n8n lists
		const port = 5700 + Math.floor(Math.random() * 200);
		server = spawn(process.execPath, [N8N_BIN, 'start'], { cwd: home, env: { ...env, N8N_PORT: String(port), N8N_LOG_LEVEL: 'info' }, stdio: ['ignore', fs.openSync(path.join(home, 'n8n-start.log'), 'a'), fs.openSync(path.join(home, 'n8n-start.log'), 'a')], detached: true });
		const base = `http://127.0.0.1:${port}`;
		let cookie = '';
		const get = async (p) => {
			const res = await fetch(`${base}${p}`, { headers: cookie ? { cookie } : {} });
			if (res.status === 401) return 401;
			return res.ok ? res.json() : undefined;
		};
		let types;
		for (let i = 0; i < 240 && !Array.isArray(types); i++) {
			await new Promise((r) => setTimeout(r, 500));
			try {
				types = await get('/types/nodes.json');
				if (types === 401 && !cookie) {
					// later 1.x releases serve the node types to a logged-in user only: set up the owner, use its session
					const res = await fetch(`${base}/rest/owner/setup`, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({ email: 'oldest@example.com', firstName: 'Oldest', lastName: 'Check', password: 'CrmPack-oldest-1' }),
					});
					cookie = (res.headers.get('set-cookie') || '').split(';')[0];
				}
			} catch {}
		}
		if (!Array.isArray(types)) types = undefined;
		if (!types) throw new Error(`n8n ${VERSION} did not answer; log: ${path.join(home, 'n8n-start.log')}`);
		const creds = await get('/types/credentials.json');
		const nodeNames = new Set(types.map((t) => t.name));
		const credNames = new Set(creds.map((c) => c.name));
		// each file's class is the export named as the file, as n8n's loader picks it (a file may export more)
		const classOf = (f) => require(path.join(ROOT, f))[path.basename(f).replace(/\.(node|credentials)\.js$/, '')];
		for (const f of pkg.n8n.nodes) {
			const cls = classOf(f);
			const name = `${pkg.name}.${new cls().description.name}`;
			if (!nodeNames.has(name)) failures.push(`node ${name} not listed by n8n ${VERSION}`);
		}
		for (const f of pkg.n8n.credentials) {
			const cls = classOf(f);
			if (!credNames.has(new cls().name)) failures.push(`credential ${new cls().name} not listed`);
		}
		say(`  n8n ${VERSION} lists ${pkg.n8n.nodes.length} nodes and ${pkg.n8n.credentials.length} credentials of the pack: ${failures.length ? 'NO' : 'yes'}`);
		process.kill(-server.pid, 'SIGTERM');
		await new Promise((r) => server.once('exit', r));
		server = undefined;

		// 3. the examples
		sb = await startSandbox({ port: 0, seed: 1 });
		sb.hubspot.seed({ contacts: 20, companies: 5, deals: 5, meetings: 3 });
		// The HubSpot <-> Postgres example reads and writes a real table, as in the demo.
		pg = await startPostgres({ log: (m) => say(`  ${m}`) });
		const client = await pg.connect();
		try {
			say(`  table contacts: ${await createContactsTable(client)} rows`);
		} finally {
			await client.end();
		}
		fs.writeFileSync(path.join(home, 'credentials.json'), JSON.stringify(sandboxCredentials(sb.url, { postgres: pg })));
		const examplesDir = path.join(home, 'examples');
		fs.mkdirSync(examplesDir);
		const examples = loadExamples();
		for (const { file } of examples) fs.copyFileSync(path.join(ROOT, 'examples', file), path.join(examplesDir, file));
		for (const [label, args] of [
			['import:credentials', ['import:credentials', `--input=${path.join(home, 'credentials.json')}`]],
			['import:workflow', ['import:workflow', '--separate', `--input=${examplesDir}`]],
		]) {
			const r = await n8n(args);
			if (r.status !== 0) throw new Error(`n8n ${label} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
		}
		say(`  imported ${examples.length} examples`);
		// An example keeping its state in n8n's Data Tables (the live-sync one) needs an n8n that has them:
		// its n8n/dist/modules/data-table folder (n8n 1.123.81 has it, 1.50.2 does not).
		const hasDataTables = fs.existsSync(path.join(CACHE, 'node_modules', 'n8n', 'dist', 'modules', 'data-table'));
		const usesDataTables = (workflow) => workflow.nodes.some((n) => n.parameters && n.parameters.stateStore === 'dataTable');
		for (const { file, workflow } of examples.filter((e) => hasManualTrigger(e.workflow))) {
			if (usesDataTables(workflow) && !hasDataTables) {
				say(`  skip ${file}: keeps its sync state in n8n's Data Tables, which n8n ${VERSION} does not have`);
				continue;
			}
			const t = Date.now();
			// at log level "error" later 1.x releases print nothing, not even the run
			const r = await n8n(['execute', `--id=${workflow.id}`, '--rawOutput'], { N8N_LOG_LEVEL: 'info' });
			const result = r.status === 0 ? (parseRunJson(r.stdout) ?? lastJson(r.stdout)) : undefined;
			const error = result?.data?.resultData?.error?.message;
			const ok = r.status === 0 && result && !error;
			if (!ok) failures.push(`${file}: exit ${r.status}${error ? `, ${error}` : ''}${result ? '' : `, no run in its output: ${r.stdout.slice(0, 300)}`}${r.stderr ? `\n${r.stderr.slice(-1500)}` : ''}`);
			say(`  ${ok ? 'ok  ' : 'FAIL'} ${file} (${seconds(Date.now() - t)})`);
		}
	} finally {
		if (server) process.kill(-server.pid, 'SIGKILL');
		if (sb) await sb.close().catch(() => {});
		if (pg) await pg.stop().catch(() => {});
		if (process.env.KEEP) say(`kept ${home}`);
		else fs.rmSync(home, { recursive: true, force: true });
	}
	if (failures.length) {
		say(`\n${failures.length} failure(s) in n8n ${VERSION}:\n${failures.map((f) => `- ${f}`).join('\n')}`);
		process.exit(1);
	}
	say(`\nThe pack works in n8n ${VERSION} (${seconds(Date.now() - started)}).`);
}

main().catch((e) => {
	process.stderr.write(`\nnpm run test:oldest failed: ${e && e.message ? e.message : e}\n`);
	process.exit(1);
});
