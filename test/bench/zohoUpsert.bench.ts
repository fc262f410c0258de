/*
 * Zoho CRM upsert benchmark (issue 11): N contacts (default 10,000) upserted by
 * Email at the sandbox's Professional edition limits (15 calls in flight per
 * org, credits 50,000 + 500 per user for 10 users), through the connector the
 * node uses: 100 records per `POST /Contacts/upsert` call, 15 calls in flight,
 * against one call per record (the same endpoint with one record each, 15 in
 * flight), in the same run, on the same data (a quarter exist before). The
 * sandbox answers each call after a fixed latency (default 20 ms, BENCH_ZOHO_LATENCY)
 * so calls overlap as they would over a network. Real time, not simulated.
 * Printed: calls, 429s, records created / updated / failed, credits spent, wall time.
 *
 * Not a timed test. Run: `npm run bench`, or alone:
 *   npx tsc test/bench/zohoUpsert.bench.ts --outDir .cache/bench --rootDir . --target es2021 --module commonjs \
 *     --strict --esModuleInterop --skipLibCheck && node .cache/bench/test/bench/zohoUpsert.bench.js [N]
 */
import * as path from 'node:path';

import { zoho } from '../../nodes/Zoho';
import type { ZohoConnector } from '../../nodes/Zoho/connector/ZohoConnector';
import { resetRateLimiters } from '../../shared/transport/rateLimiter';
import { newStats } from '../../shared/transport/request';
import type { RecordOutcome } from '../../shared/types';
import { contractContext } from '../contract/context';
// Compiled beside the bench: the context loads the credential type by its file name.
import '../../credentials/CrmPackZohoOAuth2Api.credentials';
import type { Sandbox } from '../sandbox';
import { repoRoot } from './repoRoot';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox } = require(path.join(repoRoot(), 'test', 'sandbox')) as typeof import('../sandbox');

const N = Math.max(1, Number(process.argv[2] ?? process.env.BENCH_ZOHO ?? 10000));
const LATENCY = Math.max(0, Number(process.env.BENCH_ZOHO_LATENCY ?? 20));
const EXISTING = Math.floor(N / 4);

async function connect(sb: Sandbox): Promise<{ connector: ZohoConnector; stats: ReturnType<typeof newStats> }> {
	const stats = newStats();
	const data = { dataCenter: 'us', edition: 'professional', clientId: sb.zoho.oauth.clientId, clientSecret: sb.zoho.oauth.clientSecret, oauthTokenData: sb.zoho.oauth.connect('us') };
	const connector = (await zoho.credentials[0].connect(contractContext('crmPackZohoOAuth2Api', data), { stats })) as ZohoConnector;
	return { connector, stats };
}

async function run(sb: Sandbox, label: string, perCall: number) {
	resetRateLimiters();
	for (const c of sb.zoho.list('Contacts') as Array<{ id: string }>) sb.zoho.store.remove('Contacts', c.id);
	for (let i = 0; i < EXISTING; i++) sb.zoho.store.applyWrite('Contacts', { Last_Name: `Old ${i}`, Email: `p${i}@bench.example.com` });
	sb.zoho.limits.reset();
	const inputs = Array.from({ length: N }, (_, i) => ({ id: `p${i}@bench.example.com`, properties: { Last_Name: `Person ${i}` } }));
	const { connector, stats } = await connect(sb);
	const started = Date.now();
	let outcomes: RecordOutcome[];
	if (perCall >= 100) outcomes = await connector.upsertMany('Contacts', 'Email', inputs);
	else {
		// One call per record, the edition's 15 in flight: the pack's shared pool.
		const { runPool } = await import('../../shared/batching/pool');
		outcomes = (await runPool(inputs, connector.settings.concurrency, (input) => connector.upsertMany('Contacts', 'Email', [input]))).flat();
	}
	const ms = Date.now() - started;
	const created = outcomes.filter((o) => o.ok && o.created).length;
	const updated = outcomes.filter((o) => o.ok && o.created === false).length;
	const failed = outcomes.filter((o) => !o.ok).length;
	const limits = sb.zoho.limits.stats();
	console.log(
		`${label.padEnd(32)} ${String(stats.calls).padStart(6)} calls  ${String(limits.refused).padStart(4)} x 429  created ${created}  updated ${updated}  failed ${failed}  credits ${limits.creditsUsed}  peak in flight ${limits.peak}  ${(ms / 1000).toFixed(1)} s`,
	);
}

async function main() {
	const sb = await startSandbox({ port: 0, seed: 11 });
	try {
		sb.zoho.setEdition('professional', 10);
		sb.zoho.setLatency(LATENCY);
		sb.zoho.notifications.setAuto(false);
		console.log(`Zoho CRM: ${N} upserts by Email (${EXISTING} exist), Professional edition (15 in flight, 55,000 credits), ${LATENCY} ms per call`);
		await run(sb, 'batched (100 per call, pack)', 100);
		await run(sb, 'one call per record', 1);
	} finally {
		await sb.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
