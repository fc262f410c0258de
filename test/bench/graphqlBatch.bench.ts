/*
 * GraphQL CRM write benchmark (issue 14): N contacts created (default 1,000)
 * through the connector the nodes use, as aliased mutations (25 per document,
 * the resource definition's batchSize: `m0: createContact(...) m1: ...`)
 * against one mutation document per record (what n8n's GraphQL node sends, one
 * item at a time), in the same run, against the sandbox's GraphQL CRM with its
 * Shopify-style query-cost bucket (2,000 points, refilled at 100 a second; a
 * mutation field costs 10 points, so both paths spend the same points: batching
 * saves requests and their round trips, not points).
 *
 * Time is simulated: the sandbox's cost bucket and the connector's clock are
 * one fake clock that advances instead of sleeping, so the pacing is the one a
 * real server's refill would impose. Printed: calls, THROTTLED answers,
 * created / failed, stored after, simulated time under the cost limit, real time.
 *
 * Not a timed test. Run: `npm run bench` (all), or alone:
 *   npx tsc test/bench/graphqlBatch.bench.ts --outDir .cache/bench --rootDir . --target es2021 --module commonjs \
 *     --strict --esModuleInterop --skipLibCheck && node .cache/bench/test/bench/graphqlBatch.bench.js [N]
 */
import type { IDataObject } from 'n8n-workflow';

import { graphqlCrm } from '../../nodes/GraphqlCrm';
import type { GraphqlCrmConnector } from '../../nodes/GraphqlCrm/connector/GraphqlCrmConnector';
import { resetCostBudgets } from '../../nodes/GraphqlCrm/transport/costBudget';
import { resetRateLimiters } from '../../shared/transport/rateLimiter';
import { newStats } from '../../shared/transport/request';
import type { Clock } from '../../shared/transport/clock';
import { contractContext } from '../contract/context';
// Compiled beside the bench: the context loads the credential type by its file name.
import '../../credentials/CrmPackGraphqlCrmApi.credentials';
import * as path from 'node:path';
import type { Sandbox } from '../sandbox';
import { repoRoot } from './repoRoot';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox } = require(path.join(repoRoot(), 'test', 'sandbox')) as typeof import('../sandbox');

const N = Math.max(1, Number(process.argv[2] ?? process.env.BENCH_GRAPHQL ?? 1000));
const BUCKET = { maximumAvailable: 2000, restoreRate: 100 };

function fakeClock(): Clock & { elapsed: () => number } {
	const start = Date.now();
	let t = start;
	return { now: () => t, sleep: async (ms: number) => void (t += Math.max(0, ms)), elapsed: () => t - start };
}

const ONE = 'mutation CreateContact($input: ContactInput!) { createContact(input: $input) { id email } }';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function run(sb: Sandbox, label: string, perRecord: boolean) {
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	const gql = sb.graphql as any;
	resetRateLimiters();
	resetCostBudgets();
	for (const c of gql.list('contacts') as IDataObject[]) gql.store.remove('contacts', c.id);
	const clock = fakeClock();
	gql.setLimits({ ...BUCKET, now: clock.now });
	const throttledBefore = gql.throttled() as number;
	const stats = newStats();
	const credential = { endpoint: gql.endpoint, authType: 'bearer', bearerToken: gql.tokens[0], resourceDefinition: JSON.stringify(gql.resourceDefinition({})) };
	const connector = (await graphqlCrm.credentials[0].connect(contractContext('crmPackGraphqlCrmApi', credential), { stats, clock })) as GraphqlCrmConnector;
	const from = sb.log.all().length;
	const inputs = Array.from({ length: N }, (_, i) => ({ email: `bench${i}@example.com`, firstName: 'Bench', lastName: `N${i}` }));
	let created = 0;
	let failed = 0;
	const real = Date.now();
	if (perRecord) {
		// One document per record, one after another, as n8n's GraphQL node sends items.
		for (const input of inputs) {
			const answer = await connector.call({ query: ONE, variables: { input }, write: true });
			if (answer.errors?.length || !answer.data?.createContact) failed++;
			else created++;
		}
	} else {
		for (const o of await connector.createMany('contact', inputs)) {
			if (o.ok) created++;
			else failed++;
		}
	}
	const log = sb.log.all().slice(from);
	gql.setLimits({ now: () => Date.now() });
	return {
		label,
		calls: log.length,
		throttled: (gql.throttled() as number) - throttledBefore,
		created,
		failed,
		simulated: clock.elapsed(),
		real: Date.now() - real,
		stored: gql.count('contacts') as number,
	};
}

async function main() {
	const sb = await startSandbox({ port: 0, seed: 14 });
	try {
		const rows = [await run(sb, 'aliased mutations, 25 per document (the connector)', false), await run(sb, 'one mutation document per record', true)];
		process.stdout.write(
			`\nGraphQL CRM: ${N} contacts created, query-cost bucket of ${BUCKET.maximumAvailable} points refilled at ${BUCKET.restoreRate} a second, 10 points per mutation field\n\n`,
		);
		process.stdout.write('| path | calls | THROTTLED answers | created | failed | stored after | simulated time under the cost limit | real time |\n|---|---|---|---|---|---|---|---|\n');
		for (const r of rows) process.stdout.write(`| ${r.label} | ${r.calls} | ${r.throttled} | ${r.created} | ${r.failed} | ${r.stored} | ${(r.simulated / 1000).toFixed(1)} s | ${(r.real / 1000).toFixed(1)} s |\n`);
		const [batch, single] = rows;
		process.stdout.write(`\ncalls: ${(single.calls / Math.max(1, batch.calls)).toFixed(1)}x fewer with aliased mutations; real time ${(single.real / Math.max(1, batch.real)).toFixed(1)}x.\n`);
	} finally {
		await sb.close();
	}
}

main().catch((error) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
