/**
 * The CRM Sync Data Table store's writes (issue 18, a million links): a run that changed more than a
 * few pairs writes them as new rows in bulk and deletes the old rows, instead of one update call per
 * pair; a save cut short between the two leaves a pair twice, and the next load keeps the newer row.
 * Against the sandbox's n8n Data Tables API (n8n's own DTOs), over HTTP.
 */
import { startSandbox, type Sandbox } from '../../sandbox';
import { LINKS_TABLE, loadTableState, saveTableState } from '../../../shared/store/syncStateTable';
import { decodeState, type LinkedPair, type SyncState } from '../../../shared/sync';
import { sandboxN8nContext } from './sandboxN8nContext';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ port: 0, seed: 18 });
});
afterAll(async () => await sb.close());
beforeEach(() => sb.n8n.reset());

const pair = (i: number, hash = 'AAAAAAAA'): LinkedPair => ({ aId: `a${i}`, bId: `b${i}`, base: { ha: hash, hb: hash, va: '', vb: '' } });
const withPairs = (pairs: LinkedPair[]): SyncState => ({ ...decodeState(undefined), run: 1, fieldsId: 'f', pairs });
const linkRows = () => (sb.n8n.rows(LINKS_TABLE) ?? []).map((r) => ({ id: r.id as number, aId: r.aId, pair: r.pair }));

async function seed(api: ReturnType<typeof sandboxN8nContext>, n: number) {
	const empty = await loadTableState(api.ctx, 'wf:sync');
	await saveTableState(api.ctx, 'wf:sync', empty.snapshot, withPairs(Array.from({ length: n }, (_, i) => pair(i))));
}

describe('Data Table store writes', () => {
	it('rewrites many changed pairs in bulk: one insert call, one delete call per 25, no update per pair', async () => {
		const api = sandboxN8nContext(sb);
		await seed(api, 60);
		const before = linkRows();
		const loaded = await loadTableState(api.ctx, 'wf:sync');
		const state = decodeState(loaded.stored);
		for (let i = 0; i < 30; i++) state.pairs[i] = pair(i, 'CHANGED0');
		api.reset();
		const stats = await saveTableState(api.ctx, 'wf:sync', loaded.snapshot, state);
		expect(stats).toEqual({ inserted: 0, updated: 30, deleted: 0 });
		expect(Object.fromEntries(api.counts.byCall)).toEqual({
			'POST /api/v1/data-tables/{id}/rows': 1,
			'DELETE /api/v1/data-tables/{id}/rows/delete': 2,
			// the state row
			'PATCH /api/v1/data-tables/{id}/rows/update': 1,
		});
		const after = linkRows();
		expect(after).toHaveLength(60);
		// Unchanged rows kept their ids; changed ones are new rows with the new tuple.
		expect(after.filter((r) => before.some((b) => b.id === r.id)).map((r) => r.aId)).toEqual(Array.from({ length: 30 }, (_, i) => `a${i + 30}`));
		const reloaded = decodeState((await loadTableState(api.ctx, 'wf:sync')).stored);
		expect(reloaded.pairs).toHaveLength(60);
		expect(reloaded.pairs.filter((p) => p.base.ha === 'CHANGED0').map((p) => p.aId).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `a${i}`).sort());
	});

	it('updates a few changed pairs in place (a named run)', async () => {
		const api = sandboxN8nContext(sb);
		await seed(api, 10);
		const before = linkRows();
		const loaded = await loadTableState(api.ctx, 'wf:sync');
		const state = decodeState(loaded.stored);
		state.pairs[4] = pair(4, 'CHANGED0');
		api.reset();
		expect(await saveTableState(api.ctx, 'wf:sync', loaded.snapshot, state)).toEqual({ inserted: 0, updated: 1, deleted: 0 });
		expect(api.counts.byCall.get('PATCH /api/v1/data-tables/{id}/rows/update')).toBe(2);
		expect(api.counts.byCall.has('POST /api/v1/data-tables/{id}/rows')).toBe(false);
		expect(linkRows().map((r) => r.id)).toEqual(before.map((r) => r.id));
	});

	it('a save cut short between new and old rows: the load keeps the newer row, the next save deletes the older', async () => {
		const api = sandboxN8nContext(sb);
		await seed(api, 5);
		const loaded = await loadTableState(api.ctx, 'wf:sync');
		// What the interrupted save left: a newer row for a2 beside the old one.
		await fetch(`${sb.n8n.apiUrl}/data-tables/${loaded.snapshot.links.id}/rows`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'X-N8N-API-KEY': sb.n8n.keys[0] },
			body: JSON.stringify({ data: [{ syncId: 'wf:sync', aId: 'a2', bId: 'b2', pair: JSON.stringify(['a2', 'b2', 'NEWER000']) }] }),
		});
		expect(linkRows().filter((r) => r.aId === 'a2')).toHaveLength(2);
		const again = await loadTableState(api.ctx, 'wf:sync');
		const state = decodeState(again.stored);
		expect(state.pairs).toHaveLength(5);
		expect(state.pairs.find((p) => p.aId === 'a2')?.base.ha).toBe('NEWER000');
		await saveTableState(api.ctx, 'wf:sync', again.snapshot, state);
		const rows = linkRows().filter((r) => r.aId === 'a2');
		expect(rows).toHaveLength(1);
		expect(JSON.parse(String(rows[0].pair))[2]).toBe('NEWER000');
	});
});
