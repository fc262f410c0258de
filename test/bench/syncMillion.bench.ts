/*
 * A million records per side (issue 18): the CRM Sync engine's run (decode state, plan, commit,
 * encode state) over 1,000,000 records on each side, in one execution and in slices, each in a child
 * process of its own so its peak RSS (process.resourceUsage().maxRSS, the kernel's high-water mark of
 * that process) is the run's alone; and the Data Table store's read and write cost for a run where 1%
 * of the links changed, against the sandbox's n8n Data Tables API.
 *
 * Data: vendor pages of 100 parsed from JSON (HubSpot contact properties, HubSpot-like ids on A,
 * Salesforce-like on B; 8 synced fields; 95% linked; 10% changed on A, 5% on B, 1% on both, 0.5% deleted
 * on B, 5% new on each side; 0.1% of A's emails edited: their match key moves, most into another slice).
 * The records are built as the CRM Sync node builds them: its CrmSide (nodes/CrmSync/sides.ts) reads
 * each side through a connector serving those pages, maps each record with HubSpot's own toNeutral and
 * the node's toSync, and hands it to the run's RecordHold (shared/sync/hold.ts), which keeps the records
 * of unchanged pairs without their fields; in the node's order (operations/sync.ts): state decoded first,
 * then side A, side B, plan, commit, encode.
 * Slices: each slice execution reads every page but keeps only its share (SliceRouter, as the CRM
 * Sync node does page by page), and holds its own links plus the ids linked in the other slices.
 *
 * Run: `npm run bench`, or alone:
 *   npx tsc test/bench/syncMillion.bench.ts --outDir .cache/bench --rootDir . --target es2021 --module commonjs \
 *     --strict --esModuleInterop --skipLibCheck && node --expose-gc .cache/bench/test/bench/syncMillion.bench.js [N] [SLICES] [TABLE_PAIRS]
 * Defaults: N 1,000,000, SLICES 4, TABLE_PAIRS 20,000 (the sandbox filters and sorts every row per page: larger tables measure the sandbox). Not a test: prints figures, exits 0.
 */
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as store from '../../shared/store/syncStateTable';
import { sandboxN8nContext } from '../unit/store/sandboxN8nContext';
import { hashFields, hashNames } from '../../shared/sync/hash';
import { settingsOf } from '../../shared/sync/settings';
import { project } from '../../shared/sync/vectors';
import type { IDataObject } from 'n8n-workflow';
import {
	commit,
	decodeState,
	encodeState,
	pairSlice,
	plan,
	RecordHold,
	SliceRouter,
	type Fields,
	type ForeignRecord,
	type LinkedPair,
	type StoredPair,
	type SyncConfig,
	type WriteOutcome,
} from '../../shared/sync';
import type { CrmConnector, CrmRecord, NeutralType } from '../../shared/types';
import { hubspot } from '../../nodes/HubSpot';
import { hubspotToNeutral } from '../../nodes/HubSpot/connector/mapping';
import type { SideSpec } from '../../nodes/CrmSync/config';
import { CrmSide } from '../../nodes/CrmSync/sides';
import { sliceFilter } from '../../nodes/CrmSync/slices';
import { aId, bId, FIELDS, person } from './syncBenchData';

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const load = (): string => os.loadavg().map((l) => l.toFixed(1)).join(' / ');
const say = (m: string): void => void process.stdout.write(`${m}\n`);


/** The synced fields, as neutral names (the CRM Sync node's Fields), read through HubSpot's own mapping on both sides. */
const SYNCED = ['email', 'firstName', 'lastName', 'phone', 'company', 'address.city', 'lifecycleStage', 'ownerId'];

const config: SyncConfig = {
	fields: SYNCED,
	direction: 'both',
	keys: [{ field: 'email' }],
	conflict: { strategy: 'fieldMerge', fallback: 'mostRecent' },
	deleteMode: 'propagate',
	maxDeleteShare: 0.2,
	fullReconcile: true,
};

type Page = Array<{ id: string; properties: IDataObject; updatedAt?: string }>;

/** The bench's person as HubSpot contact properties (its `owner` is HubSpot's hubspot_owner_id). */
function properties(f: Fields): IDataObject {
	const { owner, ...rest } = f;
	return { ...rest, hubspot_owner_id: owner };
}

/** Vendor-like pages of one side, in order (a real read is page by page too): 95% linked, the change mix above. */
function* pages(side: 'a' | 'b', n: number): Generator<Page> {
	const linked = Math.round(n * 0.95);
	let page: Page = [];
	for (let i = 0; i < n; i++) {
		if (i < linked) {
			const f = person(i);
			let t = '2024-01-01T00:00:00Z';
			if (side === 'a') {
				if (i % 10 === 1) (f.city = 'Paris'), (t = '2024-02-01T10:00:00+01:00');
				if (i % 100 === 3) (f.lastname = 'A-edit'), (t = '2024-02-02T00:00:00Z');
				// The key edits: the pair must keep its link wherever the new key falls.
				if (i % 1000 === 7) (f.email = `moved${i}@elsewhere.com`), (t = '2024-02-04T00:00:00Z');
				page.push({ id: aId(i), properties: properties(f), updatedAt: t });
			} else {
				if (i % 20 === 2) (f.phone = '+4470000000'), (t = '2024-02-01T10:00:00Z');
				if (i % 100 === 3) (f.lastname = 'B-edit'), (t = '2024-02-03T00:00:00Z');
				if (i % 200 !== 5) page.push({ id: bId(i), properties: properties(f), updatedAt: t });
			}
		} else {
			const j = side === 'a' ? i : i + n;
			page.push({ id: side === 'a' ? aId(i) : bId(j), properties: properties(person(j)), updatedAt: '2024-02-05T08:30:00Z' });
		}
		if (page.length === 100) (yield page, (page = []));
	}
	if (page.length) yield page;
}

/** A connector serving the pages as HubSpot's does: each page parsed from its JSON, records mapped by HubSpot's own toNeutral. */
function connector(side: 'a' | 'b', n: number, timing: { ms: number }): CrmConnector {
	return {
		vendor: 'hubspot',
		maxBatchSize: 100,
		toNeutral: (type: NeutralType, record: CrmRecord) => hubspotToNeutral(type, record),
		async *list() {
			for (const page of pages(side, n)) {
				const t0 = process.hrtime.bigint();
				const parsed = JSON.parse(JSON.stringify(page)) as Page;
				timing.ms -= Number(process.hrtime.bigint() - t0) / 1e6;
				for (const raw of parsed) yield { id: raw.id, objectType: 'contacts', properties: raw.properties, updatedAt: raw.updatedAt, raw: raw as unknown as IDataObject };
			}
		},
	} as unknown as CrmConnector;
}

/** The CRM Sync node's side reader (nodes/CrmSync/sides.ts) over that connector: its toSync builds the records. */
function crmSide(side: 'a' | 'b', n: number, timing: { ms: number }): CrmSide {
	const spec: SideSpec = { side, type: 'hubspot', idField: '', complete: false, columns: {} };
	return new CrmSide(spec, hubspot, connector(side, n, timing), 'contact', SYNCED, 100);
}

/** What the node's toSync makes of an unchanged linked record: the baseline of its pair hashes that. */
function baselineFields(side: CrmSide, i: number): Fields {
	return side.toSync({ id: aId(i), objectType: 'contacts', properties: properties(person(i)), raw: {} }).fields;
}

/** The stored links as the last run left them (one tuple per pair, as the Data Table rows' `pair` column holds them). */
function storedPairs(n: number, onPair: (tuple: StoredPair) => void): void {
	const layout = settingsOf(config).layout;
	const linked = Math.round(n * 0.95);
	const reader = crmSide('a', 0, { ms: 0 });
	for (let i = 0; i < linked; i++) {
		const h = hashFields(baselineFields(reader, i), SYNCED, true);
		const va = project(layout, 'a', h.vec);
		const vb = project(layout, 'b', h.vec);
		onPair(va === vb ? [aId(i), bId(i), h.hash, '', va] : [aId(i), bId(i), h.hash, '', va, vb]);
		if (i % 100_000 === 0) gc();
	}
}

interface RunFigures {
	mode: string;
	records: { a: number; b: number };
	lean: number;
	foreign: number;
	pairs: number;
	elsewhere: number;
	writes: number;
	decodeMs: number;
	/** The RecordHold's work while reading (index of links, hash and key of each record, finish): engine time. */
	holdMs: number;
	/** CPU time (user + system) of decode, plan, commit and encode. */
	cpuMs: { decode: number; plan: number; commit: number; encode: number };
	/** Reading without the hold's share: the node's mapping (toSync) and a slice's routing, the bench's page building excluded. */
	readMs: number;
	planMs: number;
	commitMs: number;
	encodeMs: number;
	totalMs: number;
	heldRss: number;
	peakRss: number;
	load: string;
}

/**
 * One execution: the whole sync (count 1) or one slice of it, in the CRM Sync node's order
 * (operations/sync.ts): decode the state, read side A then side B page by page through CrmSide and the
 * run's RecordHold (and a slice's SliceRouter), plan, commit, encode.
 */
async function runChild(n: number, index: number, count: number): Promise<RunFigures> {
	const slice = { index, count };
	// The saved links, as the Data Table store reads them row by row: this slice's as tuples, the others' as ids.
	const ownTuples: StoredPair[] = [];
	const elsewhere = { a: new Map<string, string>(), b: new Map<string, string>() };
	storedPairs(n, (t) => {
		if (count === 1) return void ownTuples.push(t);
		if (pairSlice(t[0], count) === index) ownTuples.push(t);
		else (elsewhere.a.set(t[0], t[1]), elsewhere.b.set(t[1], t[0]));
	});
	const stored = JSON.parse(JSON.stringify({ v: 1, n: 41, f: hashNames(SYNCED), p: ownTuples })) as unknown;
	ownTuples.length = 0;
	gc();

	const t = (): bigint => process.hrtime.bigint();
	const ms = (from: bigint): number => Number(t() - from) / 1e6;
	// CPU time of this process (user + system, GC threads included) per phase: on a machine others share, wall times
	// say more about the load than about the engine.
	const cpu0 = (): number => {
		const u = process.cpuUsage();
		return (u.user + u.system) / 1000;
	};
	let c = cpu0();
	const cpuOf = (): number => {
		const now = cpu0();
		const d = now - c;
		c = now;
		return d;
	};
	// BENCH_DIAG=1: the live heap after each phase (a forced GC each time, so the figures above are not for that run).
	const diag = (phase: string): void => {
		if (process.env.BENCH_DIAG !== '1') return;
		gc();
		const m = process.memoryUsage();
		process.stderr.write(`${phase}: live heap ${mb(m.heapUsed)}, RSS ${mb(m.rss)}\n`);
	};
	diag('stored state parsed');
	let at = t();
	const state = decodeState(stored);
	const decodeMs = ms(at);
	const decodeCpu = cpuOf();

	// Reading: the node's CrmSide.fetchAll with the run's hold; the bench's own page building (JSON round trip) is
	// taken out of the figure, what remains is the node's mapping (toSync), slice routing and holding.
	at = t();
	const timing = { ms: 0 };
	const router = count > 1 ? new SliceRouter(slice, state.pairs, elsewhere, config.keys) : undefined;
	const foreign = { a: [] as ForeignRecord[], b: [] as ForeignRecord[] };
	// The hold's own work (its index of the links, each record's hash and key, finish) is engine time: counted apart.
	let holdMs = 0;
	let h0 = performance.now();
	const hold = new RecordHold(state, config);
	holdMs += performance.now() - h0;
	let read = 0;
	for (const side of ['a', 'b'] as const) {
		await crmSide(side, n, timing).fetchAll({
			keep: router ? sliceFilter(router, side, foreign[side]) : undefined,
			seen: () => void (++read % 200_000 === 0 && gc()),
			put: (r) => {
				const t0 = performance.now();
				hold.add(side, r);
				holdMs += performance.now() - t0;
			},
		});
	}
	h0 = performance.now();
	const records = hold.finish();
	holdMs += performance.now() - h0;
	diag('decoded and read');
	const readMs = ms(at) + timing.ms - holdMs;
	const heldRss = process.memoryUsage().rss;

	at = t();
	cpuOf();
	const p = plan(state, records.a, records.b, config, { foreign, held: hold });
	const planMs = ms(at);
	const planCpu = cpuOf();
	diag('planned');
	at = t();
	let made = 0;
	const outcomes: WriteOutcome[] = [
		...[...p.creates.a, ...p.creates.b].map((w) => ({ ref: w.ref, ok: true, id: `new${made++}` })),
		...[...p.updates.a, ...p.updates.b, ...p.deletes.a, ...p.deletes.b].map((w) => ({ ref: w.ref, ok: true })),
	];
	const next = commit(state, p, outcomes);
	const commitMs = ms(at);
	const commitCpu = cpuOf();
	diag('committed');
	at = t();
	const saved = JSON.stringify(encodeState(next));
	const encodeMs = ms(at);
	const encodeCpu = cpuOf();
	diag('encoded');
	return {
		mode: count === 1 ? 'one execution' : `slice ${index + 1} of ${count}`,
		records: { a: records.a.length, b: records.b.length },
		lean: hold.leanCount,
		foreign: foreign.a.length + foreign.b.length,
		pairs: state.pairs.length,
		elsewhere: elsewhere.a.size,
		writes: outcomes.length,
		decodeMs,
		readMs,
		planMs,
		commitMs,
		encodeMs: saved.length > 0 ? encodeMs : encodeMs,
		holdMs,
		cpuMs: { decode: decodeCpu, plan: planCpu, commit: commitCpu, encode: encodeCpu },
		totalMs: decodeMs + holdMs + planMs + commitMs + encodeMs,
		heldRss,
		peakRss: process.resourceUsage().maxRSS * 1024,
		load: load(),
	};
}

/** Runs one execution in a child process (its own heap and peak RSS) and returns its figures. */
function child(n: number, index: number, count: number): Promise<RunFigures> {
	return new Promise((resolve, reject) => {
		const proc = fork(__filename, ['--child', String(n), String(index), String(count)], { execArgv: ['--expose-gc'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
		let out = '';
		proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
		proc.on('error', reject);
		proc.on('exit', (code) => {
			const last = out.trim().split('\n').pop() ?? '';
			if (code !== 0) return reject(new Error(`child ${index}/${count} exited ${code}: ${out.slice(-500)}`));
			resolve(JSON.parse(last) as RunFigures);
		});
	});
}

// --- The Data Table store's cost per run, against the sandbox's n8n Data Tables API (HTTP, n8n's DTOs). ---

/** The sandbox is plain JavaScript beside the sources (not compiled to .cache/bench): required from the repository. */
function sandboxModule(): typeof import('../sandbox') {
	let root = __dirname;
	while (!fs.existsSync(path.join(root, 'test', 'sandbox', 'index.js'))) {
		if (path.dirname(root) === root) throw new Error('test/sandbox not found above ' + __dirname);
		root = path.dirname(root);
	}
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(path.join(root, 'test', 'sandbox')) as typeof import('../sandbox');
}

async function tableCost(pairs: number): Promise<string[]> {
	const sb = await sandboxModule().startSandbox({ port: 0, seed: 18 });
	const api = sandboxN8nContext(sb);
	const ctx = api.ctx;
	try {
		const syncId = 'bench:million';
		const layout = settingsOf(config).layout;
		// The last run's state: `pairs` links, saved through the store (the first save inserts every row).
		const base = decodeState({ v: 1, n: 1, f: hashNames(FIELDS), p: [] });
		const first = { ...base, pairs: [] as LinkedPair[] };
		for (let i = 0; i < pairs; i++) {
			const h = hashFields(person(i), FIELDS, true);
			first.pairs.push({ aId: aId(i), bId: bId(i), base: { ha: h.hash, hb: h.hash, va: project(layout, 'a', h.vec), vb: project(layout, 'b', h.vec) } });
		}
		let t0 = Date.now();
		const empty = await store.loadTableState(ctx, syncId);
		await store.saveTableState(ctx, syncId, empty.snapshot, first);
		const seedMs = Date.now() - t0;

		// A run where 1% changed: load, then save with 1% of the pairs at a new baseline.
		api.reset();
		t0 = Date.now();
		const loaded = await store.loadTableState(ctx, syncId);
		const loadMs = Date.now() - t0;
		const loadCalls = api.counts.calls;
		const read = api.counts.rowsRead;
		const state = decodeState(loaded.stored);
		const changed = Math.round(pairs / 100);
		for (let i = 0; i < changed; i++) {
			const at = i * 100;
			const h = hashFields({ ...person(at), city: 'Changed' }, FIELDS, true);
			state.pairs[at] = { ...state.pairs[at], base: { ha: h.hash, hb: h.hash, va: project(layout, 'a', h.vec), vb: project(layout, 'b', h.vec) } };
		}
		api.reset();
		t0 = Date.now();
		const stats = await store.saveTableState(ctx, syncId, loaded.snapshot, state);
		const saveMs = Date.now() - t0;
		const saveCalls = api.counts.calls;
		const stored = sb.n8n.rows(store.LINKS_TABLE)?.length ?? 0;
		const M = 1_000_000;
		const c = M / 100;
		return [
			`Data Table store, ${pairs.toLocaleString('en')} links, a run where 1% changed (sandbox n8n Data Tables API over HTTP; load average ${load()}):`,
			`  seed: ${pairs.toLocaleString('en')} rows inserted in ${(seedMs / 1000).toFixed(1)} s`,
			`  load: ${read.toLocaleString('en')} rows read (links and the state row) in ${loadCalls} calls, ${(loadMs / 1000).toFixed(1)} s`,
			`  save: ${stats.updated} changed links rewritten, ${stats.inserted} inserted, ${stats.deleted} deleted in ${saveCalls} calls (${[...api.counts.byCall].map(([k, v]) => `${k} x${v}`).join(', ')}), ${(saveMs / 1000).toFixed(1)} s; the table holds ${stored} link rows`,
			`  at 1,000,000 links (computed from the page sizes, not run): the load reads ${M.toLocaleString('en')} link rows in ${(M / 250).toLocaleString('en')} list calls; the save writes ${c.toLocaleString('en')} changed links in ${c / 500} insert + ${c / 25} delete calls + 1 for the state row (one update call per changed link before: ${c.toLocaleString('en')}). The sandbox's times do not stand for n8n's.`,
		];
	} finally {
		await sb.close();
	}
}

async function main(): Promise<void> {
	if (process.argv[2] === '--child') {
		const [n, index, count] = process.argv.slice(3).map(Number);
		say(JSON.stringify(await runChild(n, index, count)));
		return;
	}
	const n = Number(process.argv[2] ?? 1_000_000);
	const count = Number(process.argv[3] ?? 4);
	const tablePairs = Number(process.argv[4] ?? 20_000);
	say(`sync engine, ${n.toLocaleString('en')} records per side (95% linked, 0.1% of keys edited), ${os.cpus().length} CPUs, load average at start ${load()}`);
	const runs: RunFigures[] = [await child(n, 0, 1)];
	for (let i = 0; i < count; i++) runs.push(await child(n, i, count));
	const s = (x: number): string => (x / 1000).toFixed(1);
	say('| execution | records A / B held (lean) | links held (+ ids of others) | writes | decode | hold | plan | commit | encode | total (goal < 10 s) | peak RSS (goal < 1.5 GB) | load average (1/5/15 min) |');
	say('|---|---|---|---|---|---|---|---|---|---|---|---|');
	for (const r of runs) {
		say(
			`| ${r.mode} | ${r.records.a.toLocaleString('en')} / ${r.records.b.toLocaleString('en')} (${r.lean.toLocaleString('en')})${r.foreign ? ` (+${r.foreign} foreign)` : ''} | ${r.pairs.toLocaleString('en')}${r.elsewhere ? ` (+${r.elsewhere.toLocaleString('en')})` : ''} | ${r.writes.toLocaleString('en')} | ${s(r.decodeMs)} s | ${s(r.holdMs)} s | ${s(r.planMs)} s | ${s(r.commitMs)} s | ${s(r.encodeMs)} s | ${s(r.totalMs)} s ${r.totalMs < 10_000 ? 'OK' : 'OVER'} | ${mb(r.peakRss)} ${r.peakRss < 1.5 * 1024 ** 3 ? 'OK' : 'OVER'} | ${r.load} |`,
		);
	}
	const sliced = runs.slice(1);
	if (sliced.length) say(`  slices together: ${sliced.reduce((x, r) => x + r.writes, 0).toLocaleString('en')} writes (one execution: ${runs[0].writes.toLocaleString('en')}), ${s(sliced.reduce((x, r) => x + r.totalMs, 0))} s of engine time; each slice also read every page (${s(sliced.reduce((x, r) => x + r.readMs, 0))} s of reading here; against a vendor: every page once per slice)`);
	say('  peak RSS: the child process\'s maxRSS (kernel high-water mark), the records it holds included. hold: the RecordHold\'s work while the pages are read (its index of the links, each record\'s hash and key, finish), engine time counted in the total.');
	say(`  CPU time (user + system, GC threads included) of decode / plan / commit / encode: ${runs.map((r) => `${r.mode} ${s(r.cpuMs.decode)} / ${s(r.cpuMs.plan)} / ${s(r.cpuMs.commit)} / ${s(r.cpuMs.encode)} s`).join('; ')}`);
	say(`  reading (the node's toSync mapping and slice routing, without the hold and the bench's page building): ${runs.map((r) => `${r.mode} ${s(r.readMs)} s`).join(', ')}`);
	if (tablePairs > 0) {
		const lines = await tableCost(tablePairs).catch((error: Error) => [`Data Table store: not measured (${error.message})`]);
		for (const line of lines) say(line);
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
