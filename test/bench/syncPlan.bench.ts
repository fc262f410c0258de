/*
 * Benchmark of the pure sync engine: plans 100,000 records per side.
 * Build and run (see the report for the `bench` script line):
 *   npx tsc test/bench/syncPlan.bench.ts --outDir /tmp/syncbench --rootDir . --target es2021 \
 *     --module commonjs --strict --esModuleInterop --skipLibCheck && node --expose-gc /tmp/syncbench/test/bench/syncPlan.bench.js
 * Not a timed test: it prints figures against the targets (< 2 s, < 300 MB, < 64 bytes per pair).
 *
 * The inputs are shaped as the CRM Sync node hands them to the engine: records are
 * `{ id, fields, updatedAt }` built from vendor pages of 100 parsed from JSON (flat
 * strings, one copy per record, as `CrmSide.toSync` keeps them), and the saved state
 * is the parsed object n8n holds as workflow static data for the whole run (not a
 * JSON string). The run then goes as in `operations/sync.ts`: decode, plan, commit,
 * replace the static data with the encoded state, and serialise it as n8n does to save it.
 */
import { hashFields, hashNames } from '../../shared/sync/hash';
import { settingsOf } from '../../shared/sync/settings';
import { project } from '../../shared/sync/vectors';
import {
	commit,
	decodeState,
	emptyState,
	encodeState,
	plan,
	type Fields,
	type SyncConfig,
	type SyncPlan,
	type SyncRecord,
	type WriteOutcome,
} from '../../shared/sync';
import { aId, bId, FIELDS, person } from './syncBenchData';

const N = Number(process.argv[2] ?? 100_000);

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const time = <T>(fn: () => T): [T, number] => {
	const start = process.hrtime.bigint();
	const out = fn();
	return [out, Number(process.hrtime.bigint() - start) / 1e6];
};



/** A vendor page of records as the connector hands it over: parsed from JSON, then mapped to `{ id, fields, updatedAt }`. */
function fromVendorPage(page: Array<{ id: string; properties: Fields; updatedAt?: string }>, out: SyncRecord[]): void {
	const parsed = JSON.parse(JSON.stringify(page)) as typeof page;
	for (const raw of parsed) {
		// As CrmSide.toSync: a fresh fields object, filled in config order.
		const fields: Fields = {};
		for (const name of FIELDS) fields[name] = raw.properties[name] ?? null;
		out.push(raw.updatedAt ? { id: raw.id, fields, updatedAt: raw.updatedAt } : { id: raw.id, fields });
	}
}

/** `directions`: the sync's direction and Field Overrides, e.g. `both,phone=bToA,owner=aToB` (argument 4). */
function config(strategy: SyncConfig['conflict']['strategy'], directions = 'both'): SyncConfig {
	const [direction, ...overrides] = directions.split(',');
	return {
		fields: FIELDS,
		direction: direction as SyncConfig['direction'],
		fieldDirections: Object.fromEntries(overrides.map((o) => o.split('='))),
		keys: [{ field: 'email' }],
		conflict: { strategy, fallback: 'mostRecent' },
		deleteMode: 'propagate',
		maxDeleteShare: 0.2,
		fullReconcile: true,
	};
}

const allOk = (p: SyncPlan, newIds: (ref: string) => string): WriteOutcome[] => [
	...[...p.creates.a, ...p.creates.b].map((w) => ({ ref: w.ref, ok: true, id: newIds(w.ref) })),
	...[...p.updates.a, ...p.updates.b, ...p.deletes.a, ...p.deletes.b].map((w) => ({ ref: w.ref, ok: true })),
];

/** What a workflow without memory can do: match both full datasets by key and list the records that differ. */
function naiveFullDiff(a: SyncRecord[], b: SyncRecord[]): number {
	const byKey = new Map<string, SyncRecord>();
	for (const r of b) byKey.set(String(r.fields.email).trim().toLowerCase(), r);
	let differing = 0;
	for (const r of a) {
		const other = byKey.get(String(r.fields.email).trim().toLowerCase());
		if (!other) {
			differing++;
			continue;
		}
		for (const f of FIELDS) {
			if ((r.fields[f] ?? null) !== (other.fields[f] ?? null)) {
				differing++;
				break;
			}
		}
	}
	return differing;
}

/** The saved baseline of `linked` pairs, as a previous successful run left it in static data (and n8n read it back). */
function savedState(linked: number, cfg: SyncConfig): { parsed: unknown; bytes: number; pairBytes: number; plainBytes: number } {
	const baseline = emptyState();
	baseline.fieldsId = hashNames(FIELDS);
	baseline.run = 41;
	// The field vectors commit() keeps for this config: every field (field merge), one-way fields on their source side, or none.
	const layout = settingsOf(cfg).layout;
	baseline.vectorLayout = layout.id;
	for (let i = 0; i < linked; i++) {
		const h = hashFields(person(i), FIELDS, true);
		const base = { ha: h.hash, hb: h.hash, va: project(layout, 'a', h.vec), vb: project(layout, 'b', h.vec) };
		baseline.pairs.push({ aId: aId(i), bId: bId(i), base });
	}
	const stored = JSON.stringify(encodeState(baseline));
	const emptyBytes = JSON.stringify(encodeState({ ...baseline, pairs: [] })).length;
	const plain = encodeState({ ...baseline, pairs: baseline.pairs.map((p) => ({ ...p, base: { ...p.base, va: '', vb: '' } })) });
	return {
		parsed: JSON.parse(stored),
		bytes: stored.length,
		pairBytes: (stored.length - emptyBytes) / linked,
		plainBytes: (JSON.stringify(plain).length - emptyBytes) / linked,
	};
}

function main(): void {
	const linked = Math.round(N * 0.95);
	const strategy = (process.argv[3] as SyncConfig['conflict']['strategy'] | undefined) ?? 'fieldMerge';
	const directions = process.argv[4] ?? 'both';
	const cfg = config(strategy, directions);

	const saved0 = savedState(linked, cfg);
	gc();
	// The static data n8n holds for the workflow while the node runs: the parsed object, not the JSON text.
	const staticData: { state?: unknown } = { state: saved0.parsed };
	saved0.parsed = undefined;

	// This run: 10% changed on A, 5% on B, 1% on both (conflicts), 0.5% deleted on B, 5% new on each side.
	const a: SyncRecord[] = [];
	const b: SyncRecord[] = [];
	let pageA: Array<{ id: string; properties: Fields; updatedAt?: string }> = [];
	let pageB: typeof pageA = [];
	const flush = (force: boolean): void => {
		if (pageA.length >= 100 || (force && pageA.length)) (fromVendorPage(pageA, a), (pageA = []));
		if (pageB.length >= 100 || (force && pageB.length)) (fromVendorPage(pageB, b), (pageB = []));
	};
	for (let i = 0; i < linked; i++) {
		const fa = person(i);
		const fb = person(i);
		let ta = '2024-01-01T00:00:00Z';
		let tb = ta;
		if (i % 10 === 1) (fa.city = 'Paris'), (ta = '2024-02-01T10:00:00+01:00');
		if (i % 20 === 2) (fb.phone = '+4470000000'), (tb = '2024-02-01T10:00:00Z');
		if (i % 100 === 3) (fa.lastname = 'A-edit'), (fb.lastname = 'B-edit'), (ta = '2024-02-02T00:00:00Z'), (tb = '2024-02-03T00:00:00Z');
		pageA.push({ id: aId(i), properties: fa, updatedAt: ta });
		if (i % 200 !== 5) pageB.push({ id: bId(i), properties: fb, updatedAt: tb });
		flush(false);
		// Keep the setup's own garbage from raising the process's peak (the engine's figure).
		if (i % 20_000 === 0) gc();
	}
	for (let i = linked; i < N; i++) {
		pageA.push({ id: aId(i), properties: person(i), updatedAt: '2024-02-05T08:30:00Z' });
		pageB.push({ id: bId(i + N), properties: person(i + N), updatedAt: '2024-02-05T08:30:00Z' });
		flush(false);
		if (i % 20_000 === 0) gc();
	}
	flush(true);

	gc();
	const before = process.memoryUsage();
	const setupPeak = process.resourceUsage().maxRSS * 1024;
	const heapAt: number[] = [];
	const heapNow = (): number => heapAt.push(process.memoryUsage().heapUsed);
	// No GC is forced from here on: the peak counts whatever garbage the engine leaves behind.
	const [state, decodeMs] = time(() => decodeState(staticData.state));
	heapNow();
	const [result, planMs] = time(() => plan(state, a, b, cfg));
	heapNow();
	let n = 0;
	const [next, commitMs] = time(() => commit(state, result, allOk(result, () => `new${n++}`)));
	heapNow();
	const [saved, encodeMs] = time(() => {
		staticData.state = encodeState(next); // writeState()
		return JSON.stringify(staticData); // n8n saving the workflow's static data
	});
	heapNow();
	const rss = process.resourceUsage().maxRSS * 1024;
	gc();
	const live = process.memoryUsage().heapUsed;
	// BENCH_PLAN_CORE=1 (the million-record bench): only the run itself; the comparisons below take minutes at 1,000,000.
	const core = process.env.BENCH_PLAN_CORE === '1';
	const [differing, naiveMs] = core ? [0, NaN] : time(() => naiveFullDiff(a, b));

	// The same plan again, as a long-running n8n worker sees it (code already compiled).
	const [, warmMs] = core ? [undefined, NaN] : time(() => plan(state, a, b, cfg));
	// A first run over the same data: no baseline, every pair matched by key.
	const [firstPlan, firstMs] = core ? [undefined, NaN] : time(() => plan(emptyState(), a, b, cfg));

	const count = (l: { a: unknown[]; b: unknown[] }): string => `A ${l.a.length} / B ${l.b.length}`;
	const writes = (side: 'a' | 'b'): number => result.creates[side].length + result.updates[side].length + result.deletes[side].length;
	const changes = writes('a') + writes('b');
	const calls = Math.ceil(writes('a') / 100) + Math.ceil(writes('b') / 100);
	const total = decodeMs + planMs + commitMs + encodeMs;

	const lines = [
		`sync engine bench: ${N} records per side, ${linked} linked pairs, strategy ${strategy}, directions ${directions}, full reconcile`,
		`  plan result:      creates ${count(result.creates)}, updates ${count(result.updates)}, deletes ${count(result.deletes)}, conflicts ${result.conflicts.length}, unchanged ${result.unchanged}${result.aborted ? ', ABORTED' : ''}`,
		`  decode state:     ${decodeMs.toFixed(0)} ms`,
		`  plan:             ${planMs.toFixed(0)} ms first call in the process${core ? '' : `, ${warmMs.toFixed(0)} ms warm`}   (target < 2000 ms)  ${planMs < 2000 ? 'OK' : 'OVER'}`,
		`  commit:           ${commitMs.toFixed(0)} ms`,
		`  encode state:     ${encodeMs.toFixed(0)} ms`,
		`  decode+plan+commit+encode: ${total.toFixed(0)} ms   (target < 2000 ms)  ${total < 2000 ? 'OK' : 'OVER'}`,
		`  peak RSS:         ${mb(rss)} for the whole process; ${mb(rss - before.rss)} above the ${mb(before.rss)} held before decoding (both datasets, parsed static data)   (target < 300 MB)  ${rss < 300 * 1024 * 1024 ? 'OK' : 'OVER'}${setupPeak >= rss ? '  (peak reached while building the data)' : ''}`,
		`  heap:             ${mb(before.heapUsed)} live before decoding; used (garbage included, no forced GC) after decode ${mb(heapAt[0])}, plan ${mb(heapAt[1])}, commit ${mb(heapAt[2])}, save ${mb(heapAt[3])}; live after GC ${mb(live)} (state, plan, new state, saved JSON ${mb(saved.length)})`,
		`  baseline:         ${saved0.pairBytes.toFixed(1)} bytes/pair as stored for ${strategy} (${directions}), ${saved0.plainBytes.toFixed(1)} bytes/pair without field vectors (target < 64); static data ${mb(saved0.bytes)}`,
		`  writes: batched at 100 per call ${calls} calls vs one call per record ${changes} calls (${(changes / calls).toFixed(0)}x fewer)`,
	];
	if (firstPlan) {
		lines.splice(
			-1,
			0,
			`  naive full diff (no state, cannot tell which side changed): ${naiveMs.toFixed(0)} ms, ${differing} differing records; engine plan / naive = ${(planMs / naiveMs).toFixed(2)}x`,
			`  first run (no baseline, all matched by key): ${firstMs.toFixed(0)} ms, ${firstPlan.unchanged} linked without writes`,
		);
	}
	// Read by the million-record bench (its parent process): the figures as JSON on the last line.
	if (core) lines.push(JSON.stringify({ decodeMs, planMs, commitMs, encodeMs, totalMs: total, peakRss: rss, beforeRss: before.rss, setupPeak, pairs: linked, writes: changes }));
	process.stdout.write(lines.join('\n') + '\n');
}

main();
