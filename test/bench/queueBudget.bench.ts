/*
 * Rate budgets across queue-mode workers (issue 18): n8n 2.41.1 in queue mode
 * (main, two workers `--concurrency=5`, a webhook processor, PostgreSQL,
 * Redis), started by the same scripts as `npm run test:queue`
 * (scripts/queue/*), against the sandbox. Three executions start at once and
 * run on the two workers against one HubSpot account:
 * 1. upserts under HubSpot's reported 10-second limit (190 per 10 s,
 *    Professional): 720 contacts, 2 per call through a Loop Over Items;
 * 2. searches under HubSpot's search limit (5 per second, not reported in
 *    HubSpot's answers): 120 searches (40 per execution, one per item), without
 *    and with the HubSpot node's "Share Rate Budget Across Workers".
 * The scenarios are test/queue/budgetScenarios.ts (the queue test asserts
 * them; this prints them).
 *
 * Printed per scenario: calls, 429s and their share against the issue's goal
 * (under 1% of calls), failed and duplicate records, the busiest window at the
 * vendor (all calls / accepted, against the limit), wall time, executions per
 * worker, the claims' rows in the Data Table, and the load average. Not a test:
 * it asserts nothing and exits 0 (a stack that cannot start is reported, not
 * thrown); figures depend on the machine's load.
 *
 * Run: `npm run bench`, or alone after it compiled once:
 *   node .cache/bench/test/bench/queueBudget.bench.js
 * Environment: BENCH_QUEUE_SEARCHES (per execution, default 40).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './repoRoot';


const ROOT = repoRoot();
/* eslint-disable @typescript-eslint/no-require-imports */
const { startSandbox } = require(path.join(ROOT, 'test', 'sandbox')) as typeof import('../sandbox');
const stackLib = require(path.join(ROOT, 'scripts', 'lib', 'stack.js'));
const { createRegistry, stopAll, killAllSync } = require(path.join(ROOT, 'scripts', 'queue', 'processes.js'));
const { ensureBinaries, startPostgres, startRedis } = require(path.join(ROOT, 'scripts', 'queue', 'services.js'));
const { startQueueStack, freePort } = require(path.join(ROOT, 'scripts', 'queue', 'n8nStack.js'));
/* eslint-enable @typescript-eslint/no-require-imports */

const PER_EXECUTION = Math.max(5, Number(process.env.BENCH_QUEUE_SEARCHES ?? 40));
const say = (m: string) => process.stdout.write(`${m}\n`);
const log = (m: string) => say(`[queue-budget] ${m}`);

let registry: unknown;

async function main(): Promise<void> {
	const started = Date.now();
	const loadAtStart = os.loadavg();
	const commit = (() => {
		try {
			return require('node:child_process').execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim() as string;
		} catch {
			return 'unknown';
		}
	})();
	say(`\n=== Rate budgets across queue-mode workers (issue 18): n8n 2.41.1, main + 2 workers + webhook processor, PostgreSQL, Redis; commit ${commit} ===`);
	const runtime = await stackLib.ensureRuntimeWithProgress();
	const binaries = await ensureBinaries(log);
	const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-pack-queue-bench-'));
	fs.chmodSync(runDir, 0o755);
	registry = createRegistry(path.join(runDir, 'pids'));
	try {
		const [postgres, redis] = await Promise.all([
			freePort().then((port: number) => startPostgres({ pgBin: binaries.pgBin, dir: path.join(runDir, 'postgres'), port, registry, log })),
			freePort().then((port: number) => startRedis({ redisBin: binaries.redisBin, dir: path.join(runDir, 'redis'), port, registry, log })),
		]);
		const stack = await startQueueStack({ runtime, packageDir: ROOT, runDir, postgres, redis, registry, workers: 2, log });
		const stackFile = path.join(runDir, 'stack.json');
		fs.writeFileSync(stackFile, JSON.stringify(stack));
		// test/queue/stack.ts reads the stack file when it is first loaded.
		process.env.CRM_PACK_QUEUE_STACK = stackFile;
		/* eslint-disable-next-line @typescript-eslint/no-require-imports */
		const scenarios = require('../queue/budgetScenarios') as typeof import('../queue/budgetScenarios');
		const sb = await startSandbox({ port: 0, seed: 21 });
		try {
			log(`stack up in ${((Date.now() - started) / 1000).toFixed(0)} s; upserts (reported limit)...`);
			const upsert = await scenarios.upsertScenario(sb, log);
			log('searches without sharing...');
			const local = await scenarios.searchScenario(sb, { shared: false, perExecution: PER_EXECUTION }, log);
			log('searches with "Share Rate Budget Across Workers"...');
			const shared = await scenarios.searchScenario(sb, { shared: true, perExecution: PER_EXECUTION }, log);
			const goal = (part: number, whole: number) => ((100 * part) / Math.max(1, whole) < 1 ? 'met' : 'NOT met');
			const rows = [
				['scenario', 'calls', '429s', '429 share (goal < 1%)', 'failed', 'duplicates', 'busiest window all / accepted (limit)', 'wall s', 'executions per worker', 'budget rows / holders', 'load 1/5/15'],
				[
					'upsert 720, reported 190 / 10 s',
					upsert.calls,
					upsert.rejected429,
					`${upsert.rejectedShare} ${goal(upsert.rejected429, upsert.calls)}`,
					upsert.failedRecords,
					upsert.duplicateRecords,
					`${upsert.busiestAll} / ${upsert.busiestAccepted} in 10 s (190)`,
					upsert.seconds,
					JSON.stringify(upsert.perWorker),
					'-',
					upsert.load.join(' / '),
				],
				...[local, shared].map((s) => [
					`search ${s.searches}, unreported 5 / s, ${s.shared ? 'shared' : 'not shared'}`,
					s.calls,
					s.rejected429,
					`${s.rejectedShare} ${goal(s.rejected429, s.calls)}`,
					s.failedRecords,
					s.duplicateRecords,
					`${s.busiestAll} / ${s.busiestAccepted} in 1 s (5)`,
					s.seconds,
					JSON.stringify(s.perWorker),
					s.shared ? `${s.budgetRows} / ${s.budgetHolders}` : '-',
					s.load.join(' / '),
				]),
			];
			say('');
			for (const row of rows) say(`| ${row.join(' | ')} |`);
			say('');
			for (const f of [upsert, local, shared]) say(`[queue-budget] ${JSON.stringify(f)}`);
			const notes = [upsert, local, shared].filter((f) => !f.overlap).map((f) => f.scenario);
			if (notes.length) say(`[queue-budget] note: executions on the two workers did not overlap in: ${notes.join('; ')} (figures not comparable)`);
		} finally {
			await sb.close();
		}
	} finally {
		await stopAll(registry, log);
		fs.rmSync(runDir, { recursive: true, force: true });
		say(
			`[queue-budget] ${((Date.now() - started) / 1000).toFixed(0)} s; load average (1/5/15 min) at the start ${loadAtStart.map((l) => l.toFixed(1)).join(' ')}, at the end ${os
				.loadavg()
				.map((l) => l.toFixed(1))
				.join(' ')}; ${os.cpus().length} cores, ${new Date().toISOString()}`,
		);
	}
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		if (registry) void stopAll(registry, log).finally(() => process.exit(130));
		else process.exit(130);
	});
}
process.on('exit', () => {
	if (registry) killAllSync(registry);
});

main().then(
	() => process.exit(0),
	(error: unknown) => {
		// A bench reports what it could not measure and exits 0 (npm run bench goes on).
		say(`[queue-budget] NOT measured: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
		process.exit(0);
	},
);
