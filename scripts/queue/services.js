'use strict';
/**
 * PostgreSQL and Redis for n8n's queue mode, as throw-away processes:
 * Debian's binaries (installed with apt-get when missing and running as root,
 * the way CI runs), a PostgreSQL cluster in a temporary folder and a Redis
 * without persistence, each on a free port of 127.0.0.1, each in its own
 * process group so that stop() (or the process registry, see processes.js)
 * ends it and everything it forked.
 *
 * Plain CommonJS on the machine's Node, no dependencies.
 */

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const { startProcess, waitUntil } = require('./processes');

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function pidsOf(name) {
	const r = spawnSync('pgrep', ['-x', name], { encoding: 'utf8' });
	return new Set((r.stdout || '').split('\n').filter(Boolean).map(Number));
}

/**
 * `apt-get install -y <packages>` (with `apt-get update` first when the package
 * lists do not know them). Debian's maintainer scripts may start a system
 * service on install (on machines without systemd they start nothing); a
 * server process of `serviceNames` that appears during the install was started
 * by this script, so it is stopped again.
 */
function aptInstall(packages, serviceNames, log) {
	if (!isRoot) {
		throw new Error(`${packages.join(', ')} missing: install ${packages.join(' ')} (Debian: apt-get install ${packages.join(' ')}), or run as root so this script installs them`);
	}
	const before = serviceNames.map(pidsOf);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { env, encoding: 'utf8' });
	const started = Date.now();
	log(`installing ${packages.join(', ')} with apt-get...`);
	let r = install();
	if (r.status !== 0) {
		spawnSync('apt-get', ['update'], { env, encoding: 'utf8' });
		r = install();
	}
	if (r.status !== 0) throw new Error(`apt-get install ${packages.join(' ')} failed:\n${(r.stdout || '').slice(-2000)}\n${(r.stderr || '').slice(-2000)}`);
	serviceNames.forEach((name, i) => {
		for (const pid of pidsOf(name)) {
			if (before[i].has(pid)) continue;
			try {
				process.kill(pid, 'SIGTERM');
				log(`stopped ${name} (pid ${pid}) that the package install started`);
			} catch {}
		}
	});
	log(`installed ${packages.join(', ')} in ${((Date.now() - started) / 1000).toFixed(0)}s`);
}

/** The newest Debian PostgreSQL's bin folder (/usr/lib/postgresql/<version>/bin), or undefined. */
function findPostgres() {
	const base = '/usr/lib/postgresql';
	if (!fs.existsSync(base)) return undefined;
	const versions = fs
		.readdirSync(base)
		.filter((v) => fs.existsSync(path.join(base, v, 'bin', 'postgres')) && fs.existsSync(path.join(base, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(base, versions[0], 'bin') : undefined;
}

function findRedis() {
	for (const p of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) if (fs.existsSync(p)) return p;
	return undefined;
}

function ensureBinaries(log) {
	let pgBin = findPostgres();
	let redisBin = findRedis();
	const missing = [];
	if (!pgBin) missing.push('postgresql');
	if (!redisBin) missing.push('redis-server');
	if (missing.length) {
		aptInstall(missing, ['postgres', 'redis-server'], log);
		// Debian creates and may start a "main" cluster on install; a started one was stopped above.
		pgBin = findPostgres();
		redisBin = findRedis();
	}
	if (!pgBin) throw new Error('PostgreSQL binaries not found under /usr/lib/postgresql/<version>/bin after install');
	if (!redisBin) throw new Error('redis-server not found after install');
	return { pgBin, redisBin };
}

/**
 * Runs a PostgreSQL binary as the user that owns the cluster: PostgreSQL refuses
 * to run as root, so as root it runs as Debian's `postgres` user (setpriv execs,
 * so the process group holds postgres itself).
 */
function asPostgresUser(bin, args) {
	if (!isRoot) return { command: bin, args };
	return { command: 'setpriv', args: ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', bin, ...args] };
}

function runSyncOk(label, command, args, opts = {}) {
	const r = spawnSync(command, args, { encoding: 'utf8', ...opts });
	if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status}): ${r.error ? r.error.message : ''}\n${r.stdout || ''}\n${r.stderr || ''}`.trim());
	return r;
}

/**
 * A new PostgreSQL cluster in `dir` (owned by `postgres` when running as root),
 * started on `port` with durability turned off (a test database), and a database
 * `n8n` owned by the superuser `n8n` (trust authentication on 127.0.0.1 only).
 */
async function startPostgres({ pgBin, dir, port, registry, log }) {
	const dataDir = path.join(dir, 'data');
	const socketDir = path.join(dir, 'socket');
	fs.mkdirSync(socketDir, { recursive: true });
	if (isRoot) {
		// the parent folders must be reachable by `postgres`
		fs.chmodSync(dir, 0o755);
		spawnSync('chown', ['-R', 'postgres:postgres', dir]);
	}
	const started = Date.now();
	const init = asPostgresUser(path.join(pgBin, 'initdb'), ['-D', dataDir, '-U', 'n8n', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
	runSyncOk('initdb', init.command, init.args);
	const logFile = path.join(dir, 'postgres.log');
	const server = asPostgresUser(path.join(pgBin, 'postgres'), [
		'-D', dataDir,
		'-p', String(port),
		'-k', socketDir,
		'-c', 'listen_addresses=127.0.0.1',
		'-c', 'fsync=off',
		'-c', 'synchronous_commit=off',
		'-c', 'full_page_writes=off',
		'-c', 'max_connections=200',
	]);
	const proc = startProcess(registry, { name: 'postgres', command: server.command, args: server.args, logFile, stopSignal: 'SIGINT' });
	await waitUntil(
		'PostgreSQL accepting connections',
		() => spawnSync(path.join(pgBin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)]).status === 0,
		60000,
		() => proc.exited && `postgres exited (${proc.exited}); log ${logFile}:\n${proc.tail()}`,
	);
	runSyncOk('createdb', path.join(pgBin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', 'n8n']);
	log(`PostgreSQL (${path.basename(path.dirname(pgBin))}) on port ${port}, ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
	return { host: '127.0.0.1', port, user: 'n8n', database: 'n8n', proc };
}

/** redis-server on `port`, no persistence, its files in `dir`. */
async function startRedis({ redisBin, dir, port, registry, log }) {
	fs.mkdirSync(dir, { recursive: true });
	const logFile = path.join(dir, 'redis.log');
	const started = Date.now();
	const proc = startProcess(registry, {
		name: 'redis',
		command: redisBin,
		args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--protected-mode', 'yes'],
		logFile,
	});
	const net = require('node:net');
	const ping = () =>
		new Promise((resolve) => {
			const s = net.connect({ host: '127.0.0.1', port });
			let out = '';
			s.on('connect', () => s.write('PING\r\n'));
			s.on('data', (d) => {
				out += d;
				if (out.includes('\r\n')) {
					s.destroy();
					resolve(out.startsWith('+PONG'));
				}
			});
			s.on('error', () => resolve(false));
		});
	await waitUntil('Redis answering PING', ping, 30000, () => proc.exited && `redis-server exited (${proc.exited}); log ${logFile}:\n${proc.tail()}`);
	log(`Redis on port ${port}, ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
	return { host: '127.0.0.1', port, proc };
}

module.exports = { ensureBinaries, startPostgres, startRedis, findPostgres, findRedis };
