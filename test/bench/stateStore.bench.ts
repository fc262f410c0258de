/*
 * CRM Sync state stores compared (issue 18: "make the Data Table the default everywhere if that is as
 * fast"): per run, the Data Table store's load and save against a real n8n 2.41.1 (regular mode, SQLite,
 * its public Data Table API over HTTP, as the node calls it), and workflow static data's, at 1,000, 10,000
 * and 100,000 linked pairs, for a run where 1% of the pairs changed and for a quiet run.
 *
 * Static data: what the node does (decodeState of the object n8n hands it; encodeState of the new state)
 * plus what n8n does with it (JSON.parse of the workflow's staticData column before the run, JSON.stringify
 * to save it after; n8n/dist/workflows/workflow-static-data.service.js): measured in this process; n8n's own
 * database read and write of that one column (one row, the JSON's size) is not included.
 * Data Table store: shared/store/syncStateTable.ts loadTableState / saveTableState, as openState calls them
 * (the lease calls of a run are not included: 3-4 small calls).
 *
 * Run (needs the n8n runtime of the real-n8n tests, scripts/n8n-runtime.js):
 *   npx tsc test/bench/stateStore.bench.ts --outDir .cache/bench --rootDir . --target es2021 --module commonjs \
 *     --strict --esModuleInterop --skipLibCheck && node .cache/bench/test/bench/stateStore.bench.js [SIZES]
 * SIZES: comma-separated pair counts, default 1000,10000,100000. Not a test: prints figures, exits 0.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import * as store from '../../shared/store/syncStateTable';
import { decodeState, encodeState, type LinkedPair, type SyncState } from '../../shared/sync';

interface Instance {
	baseUrl: string;
	start(opts?: { timeoutMs?: number }): Promise<unknown>;
	setupOwner(owner?: { email?: string; password?: string }): Promise<unknown>;
	createApiKey(): Promise<string>;
	stop(): Promise<void>;
}

/** scripts/n8n-runtime.js, plain JavaScript beside the sources (not compiled to .cache/bench). */
function runtimeModule(): { ensureRuntime(o?: object): unknown; createInstance(o?: object): Promise<Instance> } {
	let root = __dirname;
	while (!fs.existsSync(path.join(root, 'scripts', 'n8n-runtime.js'))) {
		if (path.dirname(root) === root) throw new Error('scripts/n8n-runtime.js not found above ' + __dirname);
		root = path.dirname(root);
	}
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(path.join(root, 'scripts', 'n8n-runtime.js'));
}

/** A node context whose n8n API credential points at the real n8n, counting the calls by kind. */
function n8nContext(apiUrl: string, apiKey: string) {
	const counts = { calls: 0, byCall: new Map<string, number>() };
	const ctx = {
		getNode: () => ({ id: 'n1', name: 'CRM Sync', type: 'n8n-nodes-crm-pack.crmPackCrmSync', typeVersion: 3, position: [0, 0], parameters: {} }),
		getCredentials: async () => ({ apiKey, baseUrl: apiUrl }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, opts: IHttpRequestOptions) => {
				// Percent-encoded as n8n's request helper does (URLSearchParams' '+' for a space is refused by n8n's API validator).
				const query = Object.entries((opts.qs ?? {}) as IDataObject).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
				const url = new URL(query.length ? `${opts.url}?${query.join('&')}` : opts.url);
				const call = `${opts.method} ${url.pathname.replace(/^.*\/api\/v1/, '').replace(/\/data-tables\/[^/]+/, '/data-tables/{id}')}`;
				counts.calls++;
				counts.byCall.set(call, (counts.byCall.get(call) ?? 0) + 1);
				const res = await fetch(url, {
					method: opts.method,
					headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-N8N-API-KEY': apiKey },
					body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
				});
				const text = await res.text();
				return { statusCode: res.status, headers: Object.fromEntries(res.headers), body: text ? (JSON.parse(text) as unknown) : undefined };
			},
		},
	};
	return { ctx: ctx as never, counts, reset: () => ((counts.calls = 0), counts.byCall.clear()) };
}

/** HubSpot-like A ids, Salesforce-like B ids, an 8-character hash and field vectors as the engine saves them. */
const pair = (i: number, hash = 'AbCdEfGh'): LinkedPair => ({
	aId: String(10_000_000 + i),
	bId: `003Dn00000${String(i).padStart(8, '0')}`,
	base: { ha: hash, hb: hash, va: 'k1.k2.k3.k4', vb: 'k1.k2.k3.k4' },
});
const stateOf = (n: number, run: number): SyncState => ({ ...decodeState(undefined), run, fieldsId: 'fields', pairs: Array.from({ length: n }, (_, i) => pair(i)) });
const changedOf = (s: SyncState, share: number): SyncState => {
	const pairs = s.pairs.slice();
	const every = Math.round(1 / share);
	for (let i = 0; i < pairs.length; i += every) pairs[i] = { ...pairs[i], base: { ...pairs[i].base, ha: 'ChAnGeD0', hb: 'ChAnGeD0' } };
	return { ...s, run: s.run + 1, pairs };
};

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const load = () => os.loadavg()[0].toFixed(1);

/** Static data: n8n parses the column, the node decodes; after the run the node encodes, n8n stringifies. */
function staticDataCost(n: number): string {
	const saved = JSON.stringify({ 'node:CRM Sync': { state: encodeState(stateOf(n, 1)) } });
	let t0 = process.hrtime.bigint();
	const data = JSON.parse(saved) as IDataObject;
	const state = decodeState((data['node:CRM Sync'] as IDataObject).state);
	const loadMs = ms(t0);
	const next = changedOf(state, 0.01);
	t0 = process.hrtime.bigint();
	(data['node:CRM Sync'] as IDataObject).state = encodeState(next) as unknown as IDataObject;
	const written = JSON.stringify(data);
	const saveMs = ms(t0);
	return `  static data: load ${loadMs.toFixed(0)} ms (parse + decode), save ${saveMs.toFixed(0)} ms (encode + stringify), ${(written.length / 1e6).toFixed(2)} MB written whole every run (${Math.round(written.length / n)} bytes per pair) in 1 database write, 0 API calls`;
}

async function tableCost(api: ReturnType<typeof n8nContext>, n: number): Promise<string[]> {
	const syncId = `bench:${n}`;
	let t0 = process.hrtime.bigint();
	const empty = await store.loadTableState(api.ctx, syncId);
	await store.saveTableState(api.ctx, syncId, empty.snapshot, stateOf(n, 1));
	const seedMs = ms(t0);

	const run = async (label: string, change: (s: SyncState) => SyncState) => {
		api.reset();
		t0 = process.hrtime.bigint();
		const loaded = await store.loadTableState(api.ctx, syncId);
		const loadMs = ms(t0);
		const loadCalls = api.counts.calls;
		const next = change(decodeState(loaded.stored));
		api.reset();
		t0 = process.hrtime.bigint();
		const stats = await store.saveTableState(api.ctx, syncId, loaded.snapshot, next);
		const saveMs = ms(t0);
		return `  Data Table, ${label}: load ${loadMs.toFixed(0)} ms in ${loadCalls} calls; save ${saveMs.toFixed(0)} ms in ${api.counts.calls} calls (${stats.updated} pairs rewritten; ${[...api.counts.byCall].map(([k, v]) => `${k} x${v}`).join(', ')})`;
	};
	return [
		`  Data Table, first save (seed): ${n.toLocaleString('en')} rows in ${(seedMs / 1000).toFixed(1)} s`,
		await run('a run where 1% changed', (s) => changedOf(s, 0.01)),
		await run('a quiet run', (s) => ({ ...s, run: s.run + 1 })),
	];
}

async function main(): Promise<void> {
	const sizes = (process.argv[2] ?? '1000,10000,100000').split(',').map(Number);
	const rt = runtimeModule();
	rt.ensureRuntime({ log: (m: string) => process.stderr.write(`[n8n-runtime] ${m}\n`) });
	const n8n = await rt.createInstance({ packageDir: path.resolve(__dirname, '..', '..', '..', '..') });
	try {
		await n8n.start({ timeoutMs: 6 * 60 * 1000 });
		await n8n.setupOwner({ email: 'owner@example.com', password: 'Passw0rd-bench-Owner' });
		const api = n8nContext(`${n8n.baseUrl}/api/v1`, await n8n.createApiKey());
		for (const n of sizes) {
			const lines = [`CRM Sync state, ${n.toLocaleString('en')} linked pairs (n8n 2.41.1 regular mode, SQLite; load average ${load()}):`, staticDataCost(n)];
			lines.push(...(await tableCost(api, n)));
			process.stdout.write(lines.join('\n') + '\n');
		}
	} finally {
		await n8n.stop();
	}
}

main().catch((error) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
