/*
 * Our nodes against n8n's own HubSpot, Salesforce, Pipedrive, Zoho CRM, Microsoft Dynamics CRM
 * and Freshworks CRM nodes (n8n-nodes-base,
 * the devDependency of the same n8n version), issue 9: the same jobs, through the same
 * light runner (test/e2e/lightRunner.ts), in this one process, against the same sandbox
 * vendors with their rate limits on. n8n's nodes run unchanged: their hard-coded vendor
 * hosts are rewritten to the sandbox at n8n-core's axios call (./builtin/redirect.ts).
 *
 * Jobs (./builtin/jobs.ts): HubSpot upsert of 1,000 contacts with 300 existing; HubSpot
 * get all of 5,000; Salesforce create 1,000; Pipedrive create 500; Zoho CRM upsert of 500
 * contacts with 150 existing (n8n's Zoho node calls API v2's upsert, emulated in the sandbox);
 * Dynamics create 500 accounts (n8n's Dynamics node has accounts only); Freshworks CRM create
 * 300 contacts (n8n's Freshworks node sends the contact without the `contact` wrapper
 * Freshworks documents, so the sandbox refuses it: its measured outcome); each with 0 ms and
 * 100 ms of added vendor latency (the sandbox's `delayMs` on every request), and the
 * HubSpot upsert again with 10% of calls answered 429 (the sandbox's `status429Rate`, a
 * fixed seed). Plans: HubSpot Professional (190 requests per rolling 10 s per token),
 * Pipedrive Lite (20 per 2 s); the Salesforce sandbox has no per-second limit.
 *
 * For each job and node it prints: API calls (the sandbox's log, 429 answers included),
 * wall time (the light runner's run, start to end), failed records (for writes: input
 * records the vendor does not hold with the input's values afterwards; for reads: records
 * not in the output), duplicates (records beyond the first with one email; for reads,
 * output items beyond the first with one id), how the run ended, and ours / built-in for
 * calls and time. Not a test: it asserts nothing and exits 0.
 *
 * Run: `npm run bench` (all benches), or after one `npm run bench`:
 *   node .cache/bench/test/bench/builtinNodes.bench.js
 * BENCH_BUILTIN_JOBS=hubspot-upsert,pipedrive-create (job ids) and
 * BENCH_BUILTIN_VARIANTS=0ms,100ms,429 (default: all) choose what runs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

import { runWorkflow } from '../e2e/lightRunner';
import { builtinPackage } from './builtin/builtinPackage';
import {
	DYNAMICS_ORIGIN,
	dynamicsCreate,
	FRESHWORKS_ORIGIN,
	freshworksCreate,
	hubspotGetAll,
	hubspotUpsert,
	inputOf,
	NODE,
	pipedriveCreate,
	salesforceCreate,
	zohoUpsert,
	type Job,
	type Side,
} from './builtin/jobs';
import { redirectVendorHosts, type Redirect } from './builtin/redirect';
import { sandboxChild, SandboxProcess, type CallStats, type Urls } from './builtin/sandboxProcess';
import { repoRoot } from './repoRoot';

const ROOT = repoRoot();

interface Variant {
	id: '0ms' | '100ms' | '429';
	label: string;
	delayMs: number;
	status429Rate: number;
	/** only for these jobs */
	jobs?: string[];
}

const VARIANTS: Variant[] = [
	{ id: '0ms', label: '0 ms', delayMs: 0, status429Rate: 0 },
	{ id: '100ms', label: '100 ms', delayMs: 100, status429Rate: 0 },
	{ id: '429', label: '0 ms, 10% 429', delayMs: 0, status429Rate: 0.1, jobs: ['hubspot-upsert'] },
];

interface RunResult {
	side: Side;
	calls: CallStats;
	wallMs: number;
	/** epoch ms when the run started (to place the sandbox's first and last call in it) */
	startedAt: number;
	failed: number;
	duplicates: number;
	/** 'finished', or the error that stopped the run */
	outcome: string;
}

const sec = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/**
 * The sandbox plans' rolling windows (HubSpot Professional, Pipedrive Lite, Freshsales Growth's 400 a minute,
 * Dataverse's 6,000 per user per 5 minutes); Salesforce's sandbox has none per second, Zoho's limits are
 * concurrency and daily credits.
 */
const WINDOWS: Partial<Record<Job['vendor'], { limit: number; ms: number }>> = {
	hubspot: { limit: 190, ms: 10_000 },
	pipedrive: { limit: 20, ms: 2_000 },
	freshsales: { limit: 400, ms: 60_000 },
	dynamics: { limit: 6000, ms: 300_000 },
};

/** The least time the vendor's rolling window allows for `calls` calls: the first `limit` go at once, then `limit` per window. */
function windowFloorMs(vendor: Job['vendor'], calls: number): number {
	const w = WINDOWS[vendor];
	return w && calls > 0 ? Math.floor((calls - 1) / w.limit) * w.ms : 0;
}

let runNo = 0;

async function runOne(sandbox: SandboxProcess, redirect: Redirect, packages: Record<Side, string>, job: Job, side: Side, variant: Variant | null): Promise<RunResult> {
	const urls = await sandbox.call<Urls>({ op: 'fresh', hubspotPlan: 'pro', pipedrivePlan: 'lite' });
	redirect.targets.set('https://api.hubapi.com', urls.hubspot);
	redirect.targets.set('https://api.pipedrive.com', urls.pipedrive);
	redirect.targets.set(DYNAMICS_ORIGIN, urls.dynamics);
	redirect.targets.set(FRESHWORKS_ORIGIN, urls.freshsales);
	if (job.existing.length) await sandbox.call({ op: job.vendor === 'zoho' ? 'seedZohoContacts' : 'seedHubspotContacts', people: job.existing });
	if (variant) await sandbox.call({ op: 'faults', config: { delayMs: variant.delayMs, status429Rate: variant.status429Rate, seed: 9 } });
	await sandbox.call({ op: 'logReset' });
	const { workflow, credentials } = job.run(side, urls, `${side}-${++runNo}`);
	const input = variant ? inputOf(job) : inputOf(job).slice(0, 1);
	const startedAt = Date.now();
	const started = performance.now();
	const result = await runWorkflow(workflow, { credentials, startNode: NODE, input, packageDir: packages[side], mode: 'manual' });
	const wallMs = performance.now() - started;
	const calls = await sandbox.call<CallStats>({ op: 'stats', vendor: job.vendor });
	let failed: number;
	let duplicates: number;
	if (job.read) {
		const items = result.data[NODE]?.[0] ?? [];
		const ids = new Set(items.map((item) => String(job.outputId!(item, side))));
		failed = job.records - ids.size;
		duplicates = items.length - ids.size;
	} else {
		const check = await sandbox.call<{ failed: number; duplicates: number }>({ op: 'check', vendor: job.vendor, people: job.people });
		failed = variant ? check.failed : 0;
		duplicates = check.duplicates;
	}
	// n8n's NodeApiError words a 400 generically ("Bad request - please check your parameters"); the vendor's own
	// message is in its description, so both are shown.
	const description = (result.error as { description?: unknown } | undefined)?.description;
	const detail = typeof description === 'string' && description ? ` (${description.replace(/\s+/g, ' ').slice(0, 90)})` : '';
	const outcome = result.error ? `stopped: ${result.error.message.replace(/\s+/g, ' ').slice(0, 70)}${detail}` : 'finished';
	return { side, calls, wallMs, startedAt, failed, duplicates, outcome };
}

/** Runs under this are repeated (SHORT_RUNS times in all) and the median by wall time is kept: on a shared 2-core machine one short run is noise. */
const SHORT_MS = 10_000;
const SHORT_RUNS = 3;

async function runMedian(sandbox: SandboxProcess, redirect: Redirect, packages: Record<Side, string>, job: Job, side: Side, variant: Variant): Promise<RunResult & { runs: number }> {
	const runs = [await runOne(sandbox, redirect, packages, job, side, variant)];
	if (runs[0].wallMs < SHORT_MS) for (let i = 1; i < SHORT_RUNS; i++) runs.push(await runOne(sandbox, redirect, packages, job, side, variant));
	runs.sort((a, b) => a.wallMs - b.wallMs);
	return { ...runs[Math.floor((runs.length - 1) / 2)], runs: runs.length };
}

interface Row {
	job: Job;
	variant: Variant;
	ours: RunResult;
	builtin: RunResult;
}

function table(headers: string[], rows: string[][]): string {
	const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
	const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
	return [line(headers), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line)].join('\n');
}

const callsText = (c: CallStats): string => `${c.total}${c.status429 ? ` (${c.status429}x 429)` : ''}${c.otherErrors ? ` (${c.otherErrors} other errors)` : ''}`;
const ratio = (a: number, b: number): string => (b > 0 ? (a / b).toFixed(a / b < 0.1 ? 3 : 2) : 'n/a');

/**
 * How full the vendor's window was kept, seen from the vendor: the median time `limit` calls took to follow the
 * `limit` before them (call j against call j - limit, as received), against the window. Only for runs longer
 * than a window's budget; 100% means every place was reused the moment the window let it go.
 */
function windowUse(vendor: Job['vendor'], calls: CallStats): string {
	const w = WINDOWS[vendor];
	if (!w || calls.at.length <= 2 * w.limit) return '';
	const turns = calls.at.slice(w.limit).map((t, i) => t - calls.at[i]).sort((a, b) => a - b);
	const median = turns[Math.floor(turns.length / 2)];
	return `; at the vendor, ${w.limit} calls followed the ${w.limit} before them in a median ${sec(median)} (${((100 * w.ms) / median).toFixed(1)}% of the ${w.limit} / ${w.ms / 1000} s rate)`;
}

function report(rows: Row[]): string {
	const out: string[] = [];
	out.push(
		table(
			['job', 'latency', 'calls ours', 'calls built-in', 'calls ours/built-in', 'time ours', 'time built-in', 'time ours/built-in', 'ours / window floor', 'failed ours / built-in', 'duplicates ours / built-in', 'built-in run'],
			rows.map((r) => [
				r.job.title,
				r.variant.label,
				callsText(r.ours.calls),
				callsText(r.builtin.calls),
				ratio(r.ours.calls.total, r.builtin.calls.total),
				sec(r.ours.wallMs),
				sec(r.builtin.wallMs),
				ratio(r.ours.wallMs, r.builtin.wallMs),
				((floor) => (floor > 0 ? `${ratio(r.ours.wallMs, floor)} (${sec(floor)})` : 'under the window'))(windowFloorMs(r.job.vendor, r.ours.calls.total - r.ours.calls.status429)),
				`${r.ours.failed} / ${r.builtin.failed}`,
				`${r.ours.duplicates} / ${r.builtin.duplicates}`,
				r.builtin.outcome === 'finished' ? 'finished' : 'stopped at an error',
			]),
		),
	);
	out.push('');
	for (const r of rows) {
		for (const x of [r.ours, r.builtin]) {
			const endpoints = Object.entries(x.calls.byEndpoint)
				.map(([k, v]) => `${k} x${v}`)
				.join(', ');
			const span =
				x.calls.firstAt === undefined
					? ''
					: `; calls from ${sec(x.calls.firstAt - x.startedAt)} to ${sec((x.calls.lastAt ?? x.calls.firstAt) - x.startedAt)} of ${sec(x.wallMs)}`;
			out.push(`  ${r.job.id} ${r.variant.id} ${x.side === 'ours' ? 'ours    ' : 'built-in'}: ${x.outcome}${span}; ${endpoints}${windowUse(r.job.vendor, x.calls)}`);
		}
	}
	return out.join('\n');
}

async function main(): Promise<void> {
	const wantJobs = process.env.BENCH_BUILTIN_JOBS?.split(',').map((s) => s.trim()).filter(Boolean);
	const wantVariants = process.env.BENCH_BUILTIN_VARIANTS?.split(',').map((s) => s.trim()).filter(Boolean);
	const jobs = [hubspotUpsert(), hubspotGetAll(), salesforceCreate(), pipedriveCreate(), zohoUpsert(), dynamicsCreate(), freshworksCreate()].filter((j) => !wantJobs || wantJobs.includes(j.id));
	const variants = VARIANTS.filter((v) => !wantVariants || wantVariants.includes(v.id));

	if (!fs.existsSync(path.join(ROOT, 'dist', 'nodes', 'HubSpot', 'CrmPackHubSpot.node.js'))) {
		process.stderr.write('builtinNodes bench: dist/ is missing; build the package first (npm run build, or npm run bench)\n');
		process.exit(1);
	}
	const builtin = builtinPackage(ROOT, path.join(ROOT, '.cache', 'bench'));
	const packages: Record<Side, string> = { ours: ROOT, builtin: builtin.dir };
	process.stdout.write(
		`Our nodes vs n8n's own (n8n-nodes-base ${builtin.version}), light n8n runner on dist/, sandbox vendors with limits on ` +
			'(HubSpot Professional 190 / 10 s, Pipedrive Lite 20 / 2 s, Zoho Enterprise 20 concurrent, Dataverse 6,000 / 5 min per user, Freshsales Growth 400 / min), a fresh sandbox per run\n\n',
	);
	const redirect = redirectVendorHosts(ROOT);
	const sandbox = await SandboxProcess.start(__filename);
	const rows: Row[] = [];
	try {
		// Warm-up, not measured: loads n8n-core and both packages and runs each node once (one item).
		for (const job of jobs) for (const side of ['ours', 'builtin'] as Side[]) await runOne(sandbox, redirect, packages, job, side, null);
		for (const variant of variants) {
			for (const job of jobs) {
				if (variant.jobs && !variant.jobs.includes(job.id)) continue;
				const ours = await runMedian(sandbox, redirect, packages, job, 'ours', variant);
				const builtinRun = await runMedian(sandbox, redirect, packages, job, 'builtin', variant);
				rows.push({ job, variant, ours, builtin: builtinRun });
				process.stdout.write(
					`  done: ${job.id} ${variant.id}: ours ${ours.calls.total} calls ${sec(ours.wallMs)} (median of ${ours.runs}), ` +
						`built-in ${builtinRun.calls.total} calls ${sec(builtinRun.wallMs)} (median of ${builtinRun.runs}; ${builtinRun.outcome})\n`,
				);
			}
		}
	} finally {
		sandbox.stop();
		redirect.remove();
	}
	process.stdout.write('\n' + report(rows) + '\n');
	process.stdout.write(
		'\nCalls: the sandbox log of the vendor (429 answers count). Time: the light runner\'s run of the node, start to end. ' +
			'Failed: input records the vendor does not hold with the input\'s values afterwards (reads: records missing from the output). ' +
			`Duplicates: records beyond the first with one email (reads: repeated ids). A run under ${SHORT_MS / 1000} s is run ${SHORT_RUNS} times, each on a fresh sandbox, and the median (by time) is shown. ` +
			"Window floor: the least time the vendor's rolling window allows for " +
			'our calls (429s left out): floor((calls - 1) / limit) x window; latency not included. Built-in nodes run with their defaults: no Retry On Fail, no Continue On Fail.\n',
	);
}

if (process.argv.includes('--sandbox-child')) {
	void sandboxChild(ROOT);
} else {
	main().catch((error) => {
		process.stderr.write(`builtinNodes bench failed: ${(error as Error).stack ?? String(error)}\n`);
		process.exitCode = 1;
	});
}
