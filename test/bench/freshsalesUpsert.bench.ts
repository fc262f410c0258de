/*
 * Freshsales upsert benchmark (issue 12): 2,000 contacts upserted by email under
 * the Growth plan's budget (1,000 requests per account per hour, 400 a minute),
 * with bulk upsert jobs (from 20 records per batch: jobs of 100, polled, read back)
 * against one `POST /contacts/upsert` call per record, in the same run, on the
 * same sandbox data (500 of the 2,000 exist before).
 *
 * Both go through the connector the node uses (nodes/Freshsales, via the CRM
 * definition) in batches of 100, as the action node sends them. Time is
 * simulated: the connector's clock (rate limiter waits, job polling) is a fake
 * one that advances instead of sleeping, so the hour-long paced run takes
 * seconds; the sandbox's own hourly window is lifted for the same reason (it
 * counts real time), and its answers carry no rate headers (Freshsales documents
 * none), so the connector paces by the plan's presets alone. Printed: calls made, 429s met, records created / updated /
 * failed, and the simulated wall time at Growth's budget.
 *
 * Not a timed test. Run: `npm run bench` (all benchmarks), or alone:
 *   npx tsc test/bench/freshsalesUpsert.bench.ts --outDir .cache/bench --rootDir . --target es2021 --module commonjs \
 *     --strict --esModuleInterop --skipLibCheck && node .cache/bench/test/bench/freshsalesUpsert.bench.js [N]
 */
import type { IDataObject } from 'n8n-workflow';

import { freshsales } from '../../nodes/Freshsales';
import type { FreshsalesConnector } from '../../nodes/Freshsales/connector/FreshsalesConnector';
import { resetRateLimiters } from '../../shared/transport/rateLimiter';
import { newStats } from '../../shared/transport/request';
import type { Clock } from '../../shared/transport/clock';
import { contractContext } from '../contract/context';
// Compiled beside the bench: the context loads the credential type by its file name.
import '../../credentials/CrmPackFreshsalesApi.credentials';
import * as path from 'node:path';
import type { Sandbox } from '../sandbox';
import { repoRoot } from './repoRoot';

// The sandbox is plain JavaScript beside the sources: required from there, not from the compiled copy.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox } = require(path.join(repoRoot(), 'test', 'sandbox')) as typeof import('../sandbox');

const N = Math.max(1, Number(process.argv[2] ?? process.env.BENCH_FRESHSALES ?? 2000));
const EXISTING = Math.floor(N / 4);
const BATCH = 100;

function fakeClock(): Clock & { elapsed: () => number } {
	const start = Date.now();
	let t = start;
	return { now: () => t, sleep: async (ms: number) => void (t += Math.max(0, ms)), elapsed: () => t - start };
}

async function run(sb: Sandbox, label: string, bulkThreshold: number) {
	resetRateLimiters();
	sb.freshsales.resetRateLimits();
	for (const c of sb.freshsales.list('contacts') as IDataObject[]) sb.freshsales.store.remove('contacts', c.id);
	for (let i = 0; i < EXISTING; i++) sb.freshsales.write('contacts', { email: `bench${i}@example.com`, first_name: 'Old' });
	const clock = fakeClock();
	const stats = newStats();
	const credential = { apiKey: sb.freshsales.keys[0], domain: sb.freshsales.baseUrl, host: 'bundle', plan: 'growth' };
	const connector = (await freshsales.credentials[0].connect(contractContext('crmPackFreshsalesApi', { ...credential, id: label }), {
		stats,
		clock,
		vendor: { bulkThreshold },
	})) as FreshsalesConnector;
	const from = sb.log.all().length;
	const inputs = Array.from({ length: N }, (_, i) => ({ id: `bench${i}@example.com`, properties: { first_name: `Bench${i}` } }));
	let created = 0;
	let updated = 0;
	let failed = 0;
	const real = Date.now();
	for (let i = 0; i < inputs.length; i += BATCH) {
		for (const o of await connector.upsertMany('contacts', 'emails', inputs.slice(i, i + BATCH))) {
			if (!o.ok) failed++;
			else if (o.created) created++;
			else updated++;
		}
	}
	const log = sb.log.all().slice(from);
	return {
		label,
		calls: log.length,
		r429: log.filter((e) => e.status === 429).length,
		created,
		updated,
		failed,
		simulated: clock.elapsed(),
		real: Date.now() - real,
		stored: sb.freshsales.count('contacts') as number,
	};
}

const hours = (ms: number) => (ms >= 3_600_000 ? `${(ms / 3_600_000).toFixed(2)} h` : `${(ms / 60_000).toFixed(1)} min`);

async function main() {
	const sb = await startSandbox({ port: 0, seed: 12 });
	try {
		sb.freshsales.setPlan('growth');
		// The client's limiter paces on the simulated clock; the sandbox's windows count real time, so they are lifted.
		sb.freshsales.setLimits({ hour: 1e9, minute: 1e9 });
		// Nor do its answers carry rate headers (Freshsales documents none): the connector paces by the plan alone.
		sb.freshsales.setRateHeaders(false);
		sb.freshsales.setJobPolls(2);
		const rows = [await run(sb, 'bulk upsert jobs (from 20 per batch)', 20), await run(sb, 'one upsert call per record', Number.MAX_SAFE_INTEGER)];
		process.stdout.write(`\nFreshsales: ${N} contacts upserted by email (${EXISTING} exist), Growth plan: 1,000 requests / hour, 400 / minute\n\n`);
		process.stdout.write('| path | calls | 429s | created | updated | failed | stored after | simulated time at Growth | real time |\n|---|---|---|---|---|---|---|---|---|\n');
		for (const r of rows) {
			process.stdout.write(`| ${r.label} | ${r.calls} | ${r.r429} | ${r.created} | ${r.updated} | ${r.failed} | ${r.stored} | ${hours(r.simulated)} | ${(r.real / 1000).toFixed(1)} s |\n`);
		}
		const [bulk, single] = rows;
		process.stdout.write(`\ncalls: ${(single.calls / Math.max(1, bulk.calls)).toFixed(1)}x fewer with bulk jobs; the per-record path needs ${(single.calls / 1000).toFixed(1)} hours of Growth's budget.\n`);
	} finally {
		await sb.close();
	}
}

main().catch((error) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
