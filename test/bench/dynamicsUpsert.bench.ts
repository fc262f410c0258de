/*
 * Dynamics 365 upsert benchmark (issue 10): 10,000 contacts upserted by an
 * alternate key (2,500 exist before) at Dataverse's service protection limit
 * (6,000 requests per user per 5 minutes), through the connector the node uses
 * (UpsertMultiple in batches of 1,000, the rows read by key before and after in
 * `$batch` calls), against one `PATCH contacts(<key>)` per record, in the same
 * run, on the same sandbox data.
 *
 * Time is simulated: the connector's clock (its 6,000-per-5-minutes bucket) is a
 * fake one that advances instead of sleeping; the sandbox's own window counts
 * real time, so it is lifted. Printed: calls, 429s, created / updated / failed,
 * the simulated time at the limit, real time.
 *
 * Not a timed test. Run: `npm run bench` (all), or alone:
 *   npx tsc test/bench/dynamicsUpsert.bench.ts --outDir .cache/bench --rootDir . --target es2021 --module commonjs \
 *     --strict --esModuleInterop --skipLibCheck && node .cache/bench/test/bench/dynamicsUpsert.bench.js [N]
 */
import type { IDataObject } from 'n8n-workflow';

import { dynamics } from '../../nodes/Dynamics';
import type { DynamicsConnector } from '../../nodes/Dynamics/connector/DynamicsConnector';
import { resetRateLimiters } from '../../shared/transport/rateLimiter';
import { newStats } from '../../shared/transport/request';
import type { Clock } from '../../shared/transport/clock';
import { contractContext } from '../contract/context';
// Compiled beside the bench: the context loads the credential type by its file name.
import '../../credentials/CrmPackDynamicsOAuth2Api.credentials';
import * as path from 'node:path';
import type { Sandbox } from '../sandbox';
import { repoRoot } from './repoRoot';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox } = require(path.join(repoRoot(), 'test', 'sandbox')) as typeof import('../sandbox');

const N = Math.max(1, Number(process.argv[2] ?? process.env.BENCH_DYNAMICS ?? 10000));
const EXISTING = Math.floor(N / 4);
const KEY = 'cr_benchkey';

function fakeClock(): Clock & { elapsed: () => number } {
	const start = Date.now();
	let t = start;
	return { now: () => t, sleep: async (ms: number) => void (t += Math.max(0, ms)), elapsed: () => t - start };
}

async function run(sb: Sandbox, label: string, perRecord: boolean) {
	resetRateLimiters();
	sb.dynamics.resetLimits();
	sb.dynamics.setLimits({ limit: 1e9 });
	for (const c of sb.dynamics.list('contact') as IDataObject[]) sb.dynamics.store.remove('contact', c.contactid);
	for (let i = 0; i < EXISTING; i++) sb.dynamics.store.insert('contact', { lastname: 'Old', [KEY]: `bench-${i}` });
	const clock = fakeClock();
	const stats = newStats();
	const credential = { environmentUrl: sb.dynamics.baseUrl, apiVersion: 'v9.2', oauthTokenData: { access_token: sb.dynamics.tokens[0] }, id: label };
	const connector = (await dynamics.credentials[0].connect(contractContext('crmPackDynamicsOAuth2Api', credential), { stats, clock })) as DynamicsConnector;
	const from = sb.log.all().length;
	const inputs = Array.from({ length: N }, (_, i) => ({ id: `bench-${i}`, properties: { lastname: `Bench${i}` } }));
	let created = 0;
	let updated = 0;
	let failed = 0;
	const real = Date.now();
	if (perRecord) {
		// One call per record, as a node without bulk writes would: PATCH on the key (Dataverse's upsert), 8 in flight.
		await connector.each(inputs, async (input, index) => {
			const res = await connector.request({ method: 'PATCH', path: `/contacts(${KEY}='${input.id}')`, body: input.properties, idempotent: true, acceptStatuses: [400, 404, 412] });
			if (res.statusCode >= 400) failed++;
			else updated++;
			return { index, ok: true, record: { id: input.id, objectType: 'contacts', properties: {}, raw: {} } };
		});
	} else {
		for (const o of await connector.upsertMany('contacts', KEY, inputs)) {
			if (!o.ok) failed++;
			else if (o.created) created++;
			else updated++;
		}
	}
	const log = sb.log.all().slice(from);
	return { label, calls: log.length, r429: log.filter((e) => e.status === 429).length, created, updated, failed, simulated: clock.elapsed(), real: Date.now() - real, stored: sb.dynamics.count('contact') as number };
}

const minutes = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;

async function main() {
	const sb = await startSandbox({ port: 0, seed: 10 });
	try {
		sb.dynamics.addAttribute('contact', { name: KEY, type: 'String', maxLength: 100 });
		sb.dynamics.addKey('contact', [KEY]);
		const rows = [await run(sb, 'UpsertMultiple, 1,000 per call (+ reads by key in $batch)', false), await run(sb, 'one PATCH per record', true)];
		process.stdout.write(`\nDynamics 365: ${N} contacts upserted by an alternate key (${EXISTING} exist), service protection 6,000 requests / 5 min per user\n\n`);
		process.stdout.write('| path | calls | 429s | created | updated (per record: written) | failed | stored after | simulated time at the limit | real time |\n|---|---|---|---|---|---|---|---|---|\n');
		for (const r of rows) process.stdout.write(`| ${r.label} | ${r.calls} | ${r.r429} | ${r.created} | ${r.updated} | ${r.failed} | ${r.stored} | ${minutes(r.simulated)} | ${(r.real / 1000).toFixed(1)} s |\n`);
		const [bulk, single] = rows;
		process.stdout.write(`\ncalls: ${(single.calls / Math.max(1, bulk.calls)).toFixed(1)}x fewer with UpsertMultiple.\n`);
	} finally {
		await sb.close();
	}
}

main().catch((error) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
