'use strict';
/**
 * n8n 2.41.1 in queue mode: a main instance (`n8n start`), workers
 * (`n8n worker`) and a webhook processor (`n8n webhook`), sharing one
 * PostgreSQL database, one Redis and one encryption key, each with its own user
 * folder holding a copy of the pack (as a user's community-package install), its
 * own ports (HTTP, task-runner broker) and its own log file.
 *
 * The settings (n8n 2.41.1 names, read from @n8n/config's sources):
 * - EXECUTIONS_MODE=queue; QUEUE_BULL_REDIS_HOST/PORT;
 * - DB_TYPE=postgresdb with DB_POSTGRESDB_HOST/PORT/DATABASE/USER/PASSWORD;
 * - WEBHOOK_URL = the webhook processor's address on every process, so the
 *   webhooks registered at vendors (Pipedrive) point at the webhook processor;
 * - N8N_DISABLE_PRODUCTION_MAIN_PROCESS=true: the main instance serves no
 *   production webhook, so every delivery really goes through `n8n webhook`;
 * - workers: QUEUE_HEALTH_CHECK_ACTIVE=true on their own QUEUE_HEALTH_CHECK_PORT
 *   (readiness at /healthz/readiness), `--concurrency=5` (n8n warns below 5).
 * Workers log at level info, which is where n8n writes
 * "Worker started execution <id> (job <n>)": the tests read it to know which
 * worker ran an execution.
 */

const crypto = require('node:crypto');
const net = require('node:net');
const path = require('node:path');

const { createInstance } = require('../n8n-runtime');
const { startProcess, waitUntil } = require('./processes');

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

async function ready(url) {
	const res = await fetch(url);
	await res.arrayBuffer();
	return res.status === 200;
}

/**
 * Starts main, then (after its database migrations) the workers and the webhook
 * processor in parallel; sets up the owner and an API key. Returns what the
 * tests need (written by the caller to stack.json).
 */
async function startQueueStack({ runtime, packageDir, runDir, postgres, redis, registry, workers = 2, log, startTimeoutMs = 6 * 60 * 1000 }) {
	const encryptionKey = crypto.randomBytes(24).toString('hex');
	const webhookPort = await freePort();
	const webhookUrl = `http://127.0.0.1:${webhookPort}`;
	const shared = {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		N8N_ENCRYPTION_KEY: encryptionKey,
		WEBHOOK_URL: `${webhookUrl}/`,
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
		N8N_LOG_LEVEL: 'info',
	};

	/** One n8n process: its user folder (pack copied in), env and log, spawned in the registry. */
	async function launch(name, args, extraEnv, port) {
		const instance = await createInstance({ runtime, packageDir, tmpDir: runDir, port, env: { ...shared, ...extraEnv } });
		const logFile = path.join(runDir, `${name}.log`);
		const proc = startProcess(registry, {
			name,
			command: runtime.nodeBin,
			args: [runtime.n8nBin, ...args],
			env: instance.env,
			cwd: instance.userFolder,
			logFile,
		});
		return { name, instance, proc, logFile };
	}

	const started = Date.now();
	const main = await launch('main', ['start'], {}, undefined);
	const mainUrl = main.instance.baseUrl;
	const exitedMsg = (p) => () => p.proc.exited && `${p.name} exited (${p.proc.exited}); log ${p.logFile}:\n${p.proc.tail(40)}`;
	await waitUntil('n8n main /healthz/readiness', () => ready(`${mainUrl}/healthz/readiness`), startTimeoutMs, exitedMsg(main));
	const mainMs = Date.now() - started;
	log(`n8n main on ${mainUrl}, ready in ${(mainMs / 1000).toFixed(1)}s (database migrated)`);

	const rest = [];
	for (let i = 1; i <= workers; i++) {
		const healthPort = await freePort();
		rest.push(
			launch(`worker-${i}`, ['worker', '--concurrency=5'], { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(healthPort), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' }).then(
				(p) => ({ ...p, readyUrl: `http://127.0.0.1:${healthPort}/healthz/readiness` }),
			),
		);
	}
	rest.push(launch('webhook', ['webhook'], {}, webhookPort).then((p) => ({ ...p, readyUrl: `${webhookUrl}/healthz/readiness` })));
	const others = await Promise.all(rest);
	const restStarted = Date.now();
	await Promise.all(others.map((p) => waitUntil(`n8n ${p.name} readiness`, () => ready(p.readyUrl), startTimeoutMs, exitedMsg(p))));
	log(`n8n ${others.map((p) => p.name).join(', ')} ready in ${((Date.now() - restStarted) / 1000).toFixed(1)}s`);

	await main.instance.setupOwner({ email: 'owner@example.com', password: 'Passw0rd-queue-Owner' });
	const apiKey = await main.instance.createApiKey({ label: 'queue-mode tests' });

	const describe = (p) => ({ name: p.name, pid: p.proc.pid, logFile: p.logFile, userFolder: p.instance.userFolder });
	return {
		mainUrl,
		webhookUrl,
		apiKey,
		encryptionKeyFingerprint: crypto.createHash('sha256').update(encryptionKey).digest('hex').slice(0, 8),
		processes: [describe(main), ...others.map(describe)],
		workers: others.filter((p) => p.name.startsWith('worker-')).map(describe),
		settings: Object.fromEntries(Object.entries(shared).filter(([k]) => k !== 'N8N_ENCRYPTION_KEY')),
		startMs: Date.now() - started,
	};
}

module.exports = { startQueueStack, freePort };
