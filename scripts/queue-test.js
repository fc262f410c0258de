#!/usr/bin/env node
'use strict';
/**
 * `npm run test:queue`: the pack in n8n 2.41.1's queue mode on this machine.
 *
 * Builds the pack, installs the n8n runtime on first use (scripts/n8n-runtime.js),
 * installs Debian's PostgreSQL and Redis with apt-get when missing (as root),
 * starts a throw-away PostgreSQL cluster and a Redis on free ports, then n8n's
 * main instance, two workers and a webhook processor (scripts/queue/), and runs
 * the jest tests of test/queue/ against them (test/queue/jest.config.js). Every
 * process it started is stopped at the end, also when a test or a start fails,
 * on Ctrl+C and on SIGTERM.
 *
 *   npm run test:queue                    the whole run
 *   node scripts/queue-test.js --up       start the stack and keep it running (prints
 *                                         the stack file for `CRM_PACK_QUEUE_STACK=<file>
 *                                         npx jest -c test/queue/jest.config.js`), until Ctrl+C
 * Environment: SKIP_BUILD=1 (dist/ is current), KEEP_QUEUE_LOGS=1 (keep the run folder).
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

const { say, seconds, buildPack, ensureRuntimeWithProgress } = require('./lib/stack');
const { createRegistry, stopAll, killAllSync } = require('./queue/processes');
const { ensureBinaries, startPostgres, startRedis } = require('./queue/services');
const { startQueueStack, freePort } = require('./queue/n8nStack');

const ROOT = path.join(__dirname, '..');
const keepUp = process.argv.includes('--up');
const log = (msg) => say(`[queue] ${msg}`);

let registry;
/** @type {import('node:child_process').ChildProcess[]} */
const jestChildren = [];
/** The files that mostly wait (n8n's minute polls, pauses that prove no run started): one jest process of their own. */
const WAITING_TESTS = 'test/queue/(polling|webhooks)\\.queue\\.ts$';
let stopping;

async function shutdown() {
	if (!stopping) {
		stopping = (async () => {
			for (const child of jestChildren) if (child.exitCode === null) child.kill('SIGTERM');
			if (registry) await stopAll(registry, log);
		})();
	}
	return stopping;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, () => {
		log(`${signal}: stopping every process this run started...`);
		shutdown().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
	});
}
process.on('exit', () => {
	if (registry) killAllSync(registry);
});

function jest(stackFile, args) {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '-c', path.join(ROOT, 'test', 'queue', 'jest.config.js'), '--ci', '--runInBand', ...args], {
			cwd: ROOT,
			stdio: 'inherit',
			env: { ...process.env, CRM_PACK_QUEUE_STACK: stackFile },
		});
		jestChildren.push(child);
		child.on('exit', (code) => resolve(code === null ? 1 : code));
	});
}

/**
 * The tests of test/queue against the stack. A whole run is two jest processes
 * at once, each running its files one after another: the polling and webhook
 * tests, which mostly wait, beside every other file (they share no sandbox,
 * workflow or table). Arguments (a path, -t) run one jest with them.
 */
async function runJest(stackFile) {
	const args = process.argv.slice(2).filter((a) => a !== '--up');
	if (args.length) return await jest(stackFile, args);
	const codes = await Promise.all([jest(stackFile, [WAITING_TESTS]), jest(stackFile, ['--testPathIgnorePatterns', WAITING_TESTS])]);
	return codes.find((c) => c !== 0) ?? 0;
}

async function main() {
	const timings = {};
	const t0 = Date.now();
	const step = async (label, fn) => {
		const t = Date.now();
		try {
			return await fn();
		} finally {
			timings[label] = Date.now() - t;
		}
	};

	if (process.env.SKIP_BUILD !== '1') await step('build', () => buildPack());
	const runtime = await step('n8n runtime', () => ensureRuntimeWithProgress());
	if (runtime.installed) log(`n8n runtime installed in ${seconds(runtime.installMs)} (first run on this machine)`);
	const binaries = await step('PostgreSQL and Redis binaries', () => ensureBinaries(log));

	const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-pack-queue-'));
	// PostgreSQL runs as `postgres` when this runs as root: it must reach its folder
	fs.chmodSync(runDir, 0o755);
	registry = createRegistry(path.join(runDir, 'pids'));
	log(`run folder ${runDir}`);
	let code = 1;
	try {
		const [postgres, redis] = await step('PostgreSQL and Redis start', () =>
			Promise.all([
				freePort().then((port) => startPostgres({ pgBin: binaries.pgBin, dir: path.join(runDir, 'postgres'), port, registry, log })),
				freePort().then((port) => startRedis({ redisBin: binaries.redisBin, dir: path.join(runDir, 'redis'), port, registry, log })),
			]),
		);
		const stack = await step('n8n main, workers and webhook processor start', () =>
			startQueueStack({ runtime, packageDir: ROOT, runDir, postgres, redis, registry, workers: 2, log }),
		);
		const stackFile = path.join(runDir, 'stack.json');
		fs.writeFileSync(
			stackFile,
			`${JSON.stringify({ ...stack, postgres: { host: postgres.host, port: postgres.port, database: postgres.database }, redis: { host: redis.host, port: redis.port } }, null, 2)}\n`,
		);
		if (keepUp) {
			log(`stack up: CRM_PACK_QUEUE_STACK=${stackFile} npx jest -c test/queue/jest.config.js`);
			log('Ctrl+C (or SIGTERM to this process) stops everything.');
			await new Promise(() => {});
		}
		code = await step('tests (test/queue)', () => runJest(stackFile));
		if (code !== 0) {
			for (const p of stack.processes) {
				say(`\n----- last lines of ${p.name}.log -----`);
				say(fs.readFileSync(p.logFile, 'utf8').split('\n').slice(-25).join('\n'));
			}
		}
	} finally {
		await step('stop', () => shutdown());
		if (code === 0 && process.env.KEEP_QUEUE_LOGS !== '1') fs.rmSync(runDir, { recursive: true, force: true });
		else log(`logs kept in ${runDir}`);
		timings.total = Date.now() - t0;
		log(`timings: ${Object.entries(timings).map(([k, v]) => `${k} ${seconds(v)}`).join(', ')}`);
	}
	return code;
}

main().then(
	(code) => process.exit(code),
	async (error) => {
		say(`[queue] failed: ${error && error.stack ? error.stack : error}`);
		await shutdown();
		process.exit(1);
	},
);
