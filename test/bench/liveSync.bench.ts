/*
 * Live sync benchmark (issue 17): examples/crm-sync-live-hubspot-salesforce.json in a
 * real n8n 2.41.1 (`n8n start`, SQLite) against the sandbox, through the webhook path:
 * the sandbox's HubSpot delivers an event for every contact write to the example's
 * HubSpot Trigger (signed, batched within 5 ms as HubSpot batches), which starts a
 * "Sync Named Records" run; the example's scheduled "Sync" runs every 30 s here
 * (15 minutes in the example) at the same time, sharing the state (Data Table store).
 *
 * Load: CHANGES (default 200) edits of distinct HubSpot contacts at a steady RATE per
 * second (default 2), made as a user in HubSpot's UI would (another source than the
 * pack's app); plus one edit in Salesforce per 10 HubSpot edits, which only the
 * scheduled run carries to HubSpot, so the sync's own HubSpot writes come back as
 * events. The trigger's Ignore Own Changes is turned off here, so those echoes reach
 * CRM Sync, which must recognise them by the saved hashes and write nothing.
 *
 * Printed: time from the HubSpot edit to the value visible on the Salesforce contact
 * (p50, p95, max), CRM API calls per change (HubSpot, Salesforce; the Data Table calls go to
 * n8n itself, which the bench does not see), echo writes (a record written by the sync more often than it was
 * changed on the other side; must be 0), executions and failures. Not a test: it asserts
 * nothing and exits 0; figures depend on the machine's load.
 *
 * Run: `npm run bench`, or alone (after a build):
 *   npx tsc test/bench/liveSync.bench.ts --outDir .cache/bench --rootDir . --target es2021 --module commonjs \
 *     --strict --esModuleInterop --skipLibCheck && node .cache/bench/test/bench/liveSync.bench.js [CHANGES] [RATE]
 */
import * as path from 'node:path';
import { repoRoot } from './repoRoot';

const ROOT = repoRoot();
/* eslint-disable @typescript-eslint/no-require-imports */
const { startSandbox } = require(path.join(ROOT, 'test', 'sandbox')) as typeof import('../sandbox');
const runtime = require(path.join(ROOT, 'scripts', 'n8n-runtime.js')) as typeof import('../e2e/realN8n');
const examples = require(path.join(ROOT, 'scripts', 'lib', 'examples.js'));
const stack = require(path.join(ROOT, 'scripts', 'lib', 'stack.js'));
const live = require(path.join(ROOT, 'scripts', 'lib', 'liveExample.js'));
/* eslint-enable @typescript-eslint/no-require-imports */

const CHANGES = Math.max(1, Number(process.argv[2] ?? process.env.BENCH_LIVE_CHANGES ?? 200));
const RATE = Math.max(0.1, Number(process.argv[3] ?? process.env.BENCH_LIVE_RATE ?? 2));
const SF_CHANGES = Math.ceil(CHANGES / 10);
const SCHEDULE_SECONDS = 30;
/** The example's Sync Named Records node. */
const LIVE_NODE = 'Sync changed contacts';

type Json = Record<string, unknown>;
const say = (m: string) => process.stdout.write(`${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main() {
	const started = Date.now();
	const rt = runtime.ensureRuntime({ log: (m: string) => say(`[n8n-runtime] ${m}`) });
	const sb = await startSandbox({ port: 0, seed: 17 });
	const total = CHANGES + SF_CHANGES;
	sb.hubspot.seed({ contacts: total, companies: 0, deals: 0, meetings: 0 });
	const n8n = await runtime.createInstance({ packageDir: ROOT, runtime: rt });
	try {
		await n8n.importCredentials(examples.sandboxCredentials(sb.url, { n8nBaseUrl: n8n.baseUrl }));
		const wf = examples.loadExamples().find((e: { workflow: Json }) => e.workflow.id === live.LIVE_EXAMPLE_ID).workflow;
		for (const node of wf.nodes as Array<{ type: string; parameters: Json }>) {
			if (node.type === 'n8n-nodes-base.scheduleTrigger') node.parameters.rule = { interval: [{ field: 'seconds', secondsInterval: SCHEDULE_SECONDS }] };
			if (node.type === 'n8n-nodes-crm-pack.crmPackHubSpotTrigger') node.parameters.ignoreOwnChanges = false;
		}
		await n8n.importWorkflow(wf);
		await n8n.start({ timeoutMs: 6 * 60 * 1000 });
		await n8n.setupOwner({ email: 'bench@example.com', password: 'Bench-live-1' });
		const apiKey = await n8n.createApiKey({ label: 'bench' });
		await stack.connectN8nApiCredential(n8n, apiKey);
		await n8n.api(apiKey, 'POST', `/workflows/${live.LIVE_EXAMPLE_ID}/activate`);
		const [hook] = examples.webhooksOf(wf) as Array<{ path: string; method: string }>;
		await stack.waitUntil(`webhook ${hook.path}`, () => n8n.webhookRegistered(hook.path, hook.method), 60_000);
		const url = `${n8n.baseUrl}/${hook.path}`;
		say(`n8n up and the example published in ${((Date.now() - started) / 1000).toFixed(0)} s; waiting for the first scheduled run to link ${total} contacts...`);
		await live.waitFor('the first scheduled sync', () => sb.salesforce!.store.count('Contact') === total, 300_000);
		await sleep(3000); // let that run save its state
		const contacts = (sb.hubspot.store.list('contacts') as Array<{ id: string; properties: Json }>).slice(0, total);

		const unsubscribe = live.deliverHubSpotEvents(sb, url);
		sb.log.reset();
		const sfToken = sb.salesforce!.tokens[0];
		const loadAtStart = require('node:os').loadavg() as number[];
		const benchStart = Date.now();
		const hsStart = sb.hubspot.store.changes.length;
		const sfStart = sb.salesforce!.changes.all().length;
		const latencies: number[] = [];
		const waiting = new Map<string, { email: string; value: string; at: number }>();
		const watcher = setInterval(() => {
			for (const [key, w] of waiting) {
				const sf = live.salesforceByEmail(sb, w.email);
				if (sf.length && sf[0].LastName === w.value) {
					latencies.push(Date.now() - w.at);
					waiting.delete(key);
				}
			}
		}, 10);
		const sfEdits: Array<{ id: string; email: string; value: string }> = [];
		for (let i = 0; i < CHANGES; i++) {
			const due = benchStart + (i * 1000) / RATE;
			if (due > Date.now()) await sleep(due - Date.now());
			const c = contacts[i];
			const value = `Changed${i}`;
			waiting.set(c.id, { email: String(c.properties.email), value, at: Date.now() });
			live.editInHubSpot(sb, c.id, { lastname: value });
			if (i % 10 === 5 && sfEdits.length < SF_CHANGES) {
				// An edit in Salesforce: reaches HubSpot through the scheduled run, whose HubSpot write echoes back as an event.
				const target = contacts[CHANGES + sfEdits.length];
				const sf = live.salesforceByEmail(sb, target.properties.email)[0];
				const title = `SfEdit${sfEdits.length}`;
				const res = await fetch(`${sb.salesforce!.baseUrl}/services/data/v62.0/sobjects/Contact/${sf.Id}`, {
					method: 'PATCH',
					headers: { authorization: `Bearer ${sfToken}`, 'content-type': 'application/json' },
					body: JSON.stringify({ Title: title }),
				});
				if (res.status >= 300) throw new Error(`Salesforce edit answered ${res.status}`);
				sfEdits.push({ id: target.id, email: String(target.properties.email), value: title });
			}
		}
		const sentIn = Date.now() - benchStart;
		await live.waitFor('every HubSpot change in Salesforce', () => waiting.size === 0, 300_000).catch((e: Error) => say(`!! ${e.message} (${waiting.size} not visible)`));
		clearInterval(watcher);
		// Salesforce's edits reach HubSpot at the next scheduled runs; then their echoes must settle.
		await live
			.waitFor('the Salesforce edits in HubSpot', () => sfEdits.every((e) => (sb.hubspot.store.getRecord('contacts', e.id) as { properties: Json }).properties.jobtitle === e.value), 120_000)
			.catch((e: Error) => say(`!! ${e.message}`));
		await sleep(SCHEDULE_SECONDS * 1000 + 5000);
		await sb.webhooks.flush();
		unsubscribe();
		await sleep(3000);

		// Calls the sync made (the bench's own Salesforce edits are not counted).
		const log = sb.log.all() as Array<{ method: string; path: string }>;
		const crm = (prefix: string) => log.filter((e) => e.path.startsWith(prefix)).length;
		const sfCalls = crm('/salesforce/') - sfEdits.length;
		const hsCalls = crm('/hubspot/');
		// Echo writes: a record written by the sync more often than it was changed on the other side.
		const ownHs = (sb.hubspot.store.changes.slice(hsStart) as Array<{ id: string; sourceId?: string; changeType: string }>).filter((c) => c.sourceId === live.OWN_SOURCE_ID);
		const ownSf = (sb.salesforce!.changes.all().slice(sfStart) as Array<{ id: string; client?: string; changeType: string }>).filter((c) => c.client === 'n8nCrmPack');
		const sfIdOf = new Map(contacts.map((c) => [c.id, String(live.salesforceByEmail(sb, c.properties.email)[0]?.Id)]));
		const count = (list: Array<{ id: string }>) => list.reduce((m, c) => m.set(String(c.id), (m.get(String(c.id)) ?? 0) + 1), new Map<string, number>());
		const hsWrites = count(ownHs);
		const sfWrites = count(ownSf);
		let echo = 0;
		let missing = 0;
		contacts.forEach((c, i) => {
			const wantSf = i < CHANGES ? 1 : 0;
			const wantHs = i >= CHANGES && i - CHANGES < sfEdits.length ? 1 : 0;
			const gotSf = sfWrites.get(sfIdOf.get(c.id)!) ?? 0;
			const gotHs = hsWrites.get(c.id) ?? 0;
			echo += Math.max(0, gotSf - wantSf) + Math.max(0, gotHs - wantHs);
			missing += Math.max(0, wantSf - gotSf) + Math.max(0, wantHs - gotHs);
		});
		type Execution = { status: string; mode: string; startedAt?: string; stoppedAt?: string; data?: { resultData?: { error?: { message?: string }; lastNodeExecuted?: string } } };
		const executions: Execution[] = [];
		for (let cursor: string | undefined, first = true; first || cursor; first = false) {
			const page = await n8n.api<{ data: Execution[]; nextCursor?: string }>(
				apiKey,
				'GET',
				`/executions?workflowId=${live.LIVE_EXAMPLE_ID}&limit=250&includeData=true${cursor ? `&cursor=${cursor}` : ''}`,
			);
			executions.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		}
		const failed = executions.filter((e) => e.status !== 'success');
		// What the live runs did (their CRM Sync Summary): handed their records over to the run holding the sync, or held it.
		let handedOver = 0;
		let held = 0;
		let takenOver = 0;
		const holders: string[] = [];
		for (const e of executions) {
			const runData = (e.data?.resultData as { runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json?: Json }>> } }>> } | undefined)?.runData;
			const summary = runData?.[LIVE_NODE]?.[0]?.data?.main?.[0]?.[0]?.json;
			if (!summary) continue;
			if (summary.handedOver === true) handedOver++;
			else {
				held++;
				const t = summary.takenOver as Json | undefined;
				const secs = e.startedAt && e.stoppedAt ? ((Date.parse(e.stoppedAt) - Date.parse(e.startedAt)) / 1000).toFixed(1) : '?';
				holders.push(`${secs} s, own ${Number((summary.named as Json | undefined)?.records ?? 0)} + ${Number(t?.records ?? 0)} taken over in ${Number(t?.passes ?? 0) + 1} pass(es)`);
			}
			takenOver += Number((summary.takenOver as Json | undefined)?.records ?? 0);
		}
		const reasons = new Map<string, number>();
		for (const e of failed) {
			const why = `${e.data?.resultData?.lastNodeExecuted ?? '?'}: ${e.data?.resultData?.error?.message ?? e.status}`.slice(0, 160);
			reasons.set(why, (reasons.get(why) ?? 0) + 1);
		}
		const deliveries = sb.webhooks.deliveries as Array<{ status: number }>;
		const byStatus = new Map<number, number>();
		for (const d of deliveries) byStatus.set(d.status, (byStatus.get(d.status) ?? 0) + 1);
		const sorted = [...latencies].sort((a, b) => a - b);
		const changes = CHANGES + sfEdits.length;
		say('');
		say(`live sync, real n8n ${runtime.N8N_VERSION} (webhook path, SQLite), HubSpot -> Salesforce contacts, ${total} linked:`);
		say(`  ${CHANGES} HubSpot edits at ${RATE}/s (sent in ${(sentIn / 1000).toFixed(1)} s) + ${sfEdits.length} Salesforce edits, scheduled run every ${SCHEDULE_SECONDS} s`);
		if (sorted.length) {
			say(`  change -> visible in Salesforce: p50 ${pct(sorted, 50)} ms, p95 ${pct(sorted, 95)} ms, max ${sorted[sorted.length - 1]} ms (${sorted.length} of ${CHANGES} seen)`);
		}
		say(`  CRM API calls per change: ${((hsCalls + sfCalls) / changes).toFixed(2)} (HubSpot ${hsCalls}, Salesforce ${sfCalls}, for ${changes} changes; scheduled runs included)`);
		say(`  echo writes: ${echo} (must be 0); writes missing: ${missing}; sync writes: Salesforce ${ownSf.length}, HubSpot ${ownHs.length}`);
		say(`  HubSpot deliveries to the trigger: ${[...byStatus].map(([st, n]) => `${n} answered ${st}`).join(', ')}`);
		say(`  live executions: ${handedOver} handed their records over to the run holding the sync, ${held} held it (and synced ${takenOver} records handed over to them)${holders.length ? `: ${holders.slice(0, 12).join('; ')}` : ''}`);
		say(`  executions: ${executions.length}, ${failed.length} not successful${[...reasons].map(([why, n]) => `\n    ${n} x ${why}`).join('')}`);
		say(`  n8n memory ${n8n.memoryMb()} MB; bench ${((Date.now() - started) / 1000).toFixed(0)} s; load average (1/5/15 min) at the start ${loadAtStart.map((l) => l.toFixed(1)).join(' ')}, at the end ${require('node:os').loadavg().map((l: number) => l.toFixed(1)).join(' ')}; machine shared by 8 agents (2 cores)`);
	} finally {
		await n8n.stop().catch(() => undefined);
		await sb.close().catch(() => undefined);
	}
}

main().then(
	() => process.exit(0),
	(e) => {
		process.stderr.write(`live sync bench failed: ${e && e.stack ? e.stack : e}\n`);
		process.exit(1);
	},
);
