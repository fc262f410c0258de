import {
	commit,
	emptyState,
	keySlice,
	pairSlice,
	plan,
	recordKey,
	SliceRouter,
	splitPairs,
	type DuplicateKey,
	type Fields,
	type ForeignRecord,
	type LinkedPair,
	type Side,
	type SyncConfig,
	type SyncPlan,
	type SyncRecord,
	type SyncState,
	type WriteOutcome,
} from '../../../shared/sync';

// Slices (issue 18) must end every run exactly where one run without slices ends:
// the same records on both sides, the same links, the same duplicates reported,
// also when keys move across slice boundaries between runs, records are deleted,
// and new records arrive whose key a linked record already holds.

type World = Record<Side, Map<string, Fields>>;

const cfg: SyncConfig = {
	fields: ['email', 'name', 'city'],
	direction: 'both',
	keys: [{ field: 'email' }],
	conflict: { strategy: 'aWins' },
	deleteMode: 'propagate',
	fullReconcile: true,
};

const copyWorld = (w: World): World => ({ a: new Map([...w.a].map(([k, v]) => [k, { ...v }])), b: new Map([...w.b].map(([k, v]) => [k, { ...v }])) });
const recordsOf = (w: World, side: Side): SyncRecord[] =>
	[...w[side]].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([id, fields]) => ({ id, fields: { ...fields } }));

/** Applies a plan's writes to the world (every write succeeds); new ids are named after their source, so both simulations agree. */
function apply(w: World, p: SyncPlan): WriteOutcome[] {
	const out: WriteOutcome[] = [];
	for (const side of ['a', 'b'] as const) {
		for (const c of p.creates[side]) {
			const id = `${side}-from-${c.sourceId}`;
			w[side].set(id, { ...c.fields });
			out.push({ ref: c.ref, ok: true, id });
		}
		for (const u of p.updates[side]) {
			w[side].set(u.id, { ...w[side].get(u.id)!, ...u.fields });
			out.push({ ref: u.ref, ok: true });
		}
		for (const d of p.deletes[side]) {
			w[side].delete(d.id);
			out.push({ ref: d.ref, ok: true });
		}
	}
	return out;
}

const dupKeys = (list: DuplicateKey[]): string[] => list.map((d) => `${d.side}:${d.key}:${[...d.ids].sort().join(',')}`).sort();

/** One run without slices. */
function whole(w: World, st: SyncState): { st: SyncState; dups: string[] } {
	const p = plan(st, recordsOf(w, 'a'), recordsOf(w, 'b'), cfg);
	return { st: commit(st, p, apply(w, p)), dups: dupKeys(p.duplicates) };
}

/** The Data Table store as slices see it: every link (shared), and one state row per slice (run, cursors, pending...). */
interface Store {
	links: Map<string, LinkedPair>;
	meta: SyncState[];
}

/** One round of `count` slices, each an execution of its own over the store, run in `order`. */
function sliced(w: World, store: Store, order: number[]): { dups: string[] } {
	const count = store.meta.length;
	const dups: string[] = [];
	for (const index of order) {
		const slice = { index, count };
		const { own, elsewhere } = splitPairs(store.links.values(), slice);
		const router = new SliceRouter(slice, own, elsewhere, cfg.keys);
		const mine = { a: [] as SyncRecord[], b: [] as SyncRecord[] };
		const foreign = { a: [] as ForeignRecord[], b: [] as ForeignRecord[] };
		for (const side of ['a', 'b'] as const) router.split(side, recordsOf(w, side), mine[side], foreign[side]);
		const st: SyncState = { ...store.meta[index], pairs: own };
		const p = plan(st, mine.a, mine.b, cfg, { foreign });
		const next = commit(st, p, apply(w, p));
		for (const pair of own) store.links.delete(pair.aId);
		for (const pair of next.pairs) store.links.set(pair.aId, pair);
		store.meta[index] = { ...next, pairs: [] };
		dups.push(...dupKeys(p.duplicates));
	}
	return { dups: dups.sort() };
}

function links(pairs: Iterable<LinkedPair>): string[] {
	return [...pairs].map((p) => `${p.aId}=${p.bId}`).sort();
}

const person = (i: number, over: Fields = {}): Fields => ({ email: `p${i}@x.com`, name: `P${i}`, city: 'Oslo', ...over });

describe('CRM Sync slices', () => {
	it('routes a linked record by its pair, an unlinked one by its key, and keeps a foreign key holder', () => {
		const slice = { index: 1, count: 3 };
		const aOwn = ['x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8'].find((id) => pairSlice(id, 3) === 1)!;
		const aOther = ['y1', 'y2', 'y3', 'y4', 'y5', 'y6', 'y7', 'y8'].find((id) => pairSlice(id, 3) !== 1)!;
		const keyHere = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8'].find((k) => keySlice(`${k}@x.com`, 3) === 1)!;
		const keyThere = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8'].find((k) => keySlice(`${k}@x.com`, 3) !== 1)!;
		const { own, elsewhere } = splitPairs(
			[
				{ aId: aOwn, bId: 'bo', base: { ha: 'h', hb: 'h', va: '', vb: '' } },
				{ aId: aOther, bId: 'bt', base: { ha: 'h', hb: 'h', va: '', vb: '' } },
			],
			slice,
		);
		expect(own.map((p) => p.aId)).toEqual([aOwn]);
		const router = new SliceRouter(slice, own, elsewhere, cfg.keys);
		const r = (id: string, key: string): SyncRecord => ({ id, fields: { email: `${key}@x.com` } });
		// Own pair: kept whatever its key now is.
		expect(router.route('a', r(aOwn, keyThere))).toBe('mine');
		expect(router.route('b', r('bo', keyThere))).toBe('mine');
		// Linked in another slice: never planned here; holds its key here when the key falls here.
		expect(router.route('a', r(aOther, keyThere))).toBe('skip');
		expect(router.route('b', r('bt', keyHere))).toBe('foreign');
		// Unlinked: by key.
		expect(router.route('a', r('new1', keyHere))).toBe('mine');
		expect(router.route('a', r('new2', keyThere))).toBe('skip');
		// No key: slice 0 reports it, the others skip it.
		expect(router.route('a', { id: 'nokey', fields: { email: null } })).toBe('skip');
		expect(() => new SliceRouter({ index: 3, count: 3 }, [], { a: new Map(), b: new Map() }, cfg.keys)).toThrow('from 0 to 2');
	});

	it.each([
		['in order', [0, 1, 2]],
		['in reverse order', [2, 1, 0]],
	])('ends every run as one run without slices would (%s), with keys moving across slice boundaries', (_name, order) => {
		const N = 60;
		const start: World = { a: new Map(), b: new Map() };
		for (let i = 0; i < N; i++) {
			start.a.set(`a${i}`, person(i));
			// 10 records only on A, 10 only on B, 40 on both with the same key.
			if (i >= 10) start.b.set(`b${i}`, person(i < 20 ? i + 1000 : i));
		}
		const one = copyWorld(start);
		const many = copyWorld(start);
		let st = emptyState();
		const store: Store = { links: new Map(), meta: [emptyState(), emptyState(), emptyState()] };

		const check = (dupsWhole: string[], dupsSliced: string[]) => {
			expect(recordsOf(many, 'a')).toEqual(recordsOf(one, 'a'));
			expect(recordsOf(many, 'b')).toEqual(recordsOf(one, 'b'));
			expect(links(store.links.values())).toEqual(links(st.pairs));
			expect(dupsSliced).toEqual(dupsWhole);
		};

		// Run 1: first sync (matches by key, creates the others).
		let w = whole(one, st);
		st = w.st;
		let s = sliced(many, store, order);
		check(w.dups, s.dups);
		expect(st.pairs).toHaveLength(N + 10);

		// Between runs, the same edits on both worlds: emails edited on either side (keys that move to another
		// slice), a deletion, a field edit, a new record on each side (one matching a new one on the other), and a
		// new record taking a key a linked record moved to.
		let moved = 0;
		const edit = (world: World) => {
			for (const i of [21, 22, 23, 24, 25, 26]) world.a.set(`a${i}`, { ...world.a.get(`a${i}`)!, email: `moved${i}@x.com` });
			for (const i of [31, 32, 33]) world.b.set(`b${i}`, { ...world.b.get(`b${i}`)!, email: `bmoved${i}@x.com` });
			world.a.delete('a40');
			world.b.set('b41', { ...world.b.get('b41')!, city: 'Lyon' });
			world.a.set('a-new', person(500));
			world.b.set('b-new', person(500, { name: 'Other' }));
			world.b.set('b-taker', { email: 'moved21@x.com', name: 'Taker', city: 'Pune' });
		};
		for (const i of [21, 22, 23, 24, 25, 26]) if (keySlice(`moved${i}@x.com`, 3) !== keySlice(`p${i}@x.com`, 3)) moved++;
		expect(moved).toBeGreaterThan(0);
		edit(one);
		edit(many);
		// Run 2: keys propagate, deletion propagates, the duplicate key is reported, new pair linked.
		w = whole(one, st);
		st = w.st;
		s = sliced(many, store, order);
		check(w.dups, s.dups);
		expect(w.dups).toEqual(['b:moved21@x.com:b-taker,b21']);
		expect(one.b.has('b40')).toBe(false);
		expect(one.b.get('b21')?.email).toBe('moved21@x.com');

		// Run 3: nothing changed; nothing is written in either, and nothing drifts.
		const before = JSON.stringify([recordsOf(one, 'a'), recordsOf(one, 'b')]);
		w = whole(one, st);
		st = w.st;
		s = sliced(many, store, order);
		check(w.dups, s.dups);
		expect(JSON.stringify([recordsOf(one, 'a'), recordsOf(one, 'b')])).toBe(before);
		// Every key is still unique per side: nothing was created twice.
		for (const side of ['a', 'b'] as const) {
			const keys = recordsOf(many, side).map((r) => recordKey(r, cfg.keys));
			expect(new Set(keys).size).toBe(keys.length - (side === 'b' ? 1 : 0));
		}
	});
});
