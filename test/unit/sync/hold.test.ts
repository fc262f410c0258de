import { RecordHold, commit, isLean, plan, type Fields, type SyncConfig, type SyncPlan, type SyncRecord, type SyncState, type WriteOutcome } from '../../../shared/sync';
import { H, V, config, history, pair, publicPart, rec, state } from './helpers';

// Records held lean (shared/sync/hold.ts, issue 18): the records of an unchanged pair are kept without
// their fields. A plan over held records must be exactly the plan over the whole records.

const P = (n: number, over: Fields = {}): Fields => ({ email: `p${n}@x.com`, name: `Person ${n}`, phone: `+1${n}`, ...over });

/** The records as the CRM Sync node hands them to plan(): every record through a RecordHold, side A first. */
function held(st: SyncState, cfg: SyncConfig, a: SyncRecord[], b: SyncRecord[], first: 'a' | 'b' = 'a'): { a: SyncRecord[]; b: SyncRecord[]; hold: RecordHold } {
	const hold = new RecordHold(st, cfg);
	const [x, y] = first === 'a' ? (['a', 'b'] as const) : (['b', 'a'] as const);
	for (const r of first === 'a' ? a : b) hold.add(x, r);
	for (const r of first === 'a' ? b : a) hold.add(y, r);
	const out = hold.finish();
	return { a: out.a, b: out.b, hold };
}

const allOk = (p: SyncPlan): WriteOutcome[] =>
	[p.creates, p.updates, p.deletes].flatMap((l) => [...l.a, ...l.b]).map((w, i) => ({ ref: w.ref, ok: true, id: `new${i}` }));

/** Plans (and commits) both ways; they must agree. Returns the plan over held records and the held records. */
function same(st: SyncState, cfg: SyncConfig, a: SyncRecord[], b: SyncRecord[], first: 'a' | 'b' = 'a') {
	const whole = plan(st, a, b, cfg);
	const h = held(st, cfg, a, b, first);
	const lean = plan(st, h.a, h.b, cfg);
	expect(lean).toEqual(whole);
	// With the hold's index (as the node plans) the same again.
	expect(h.hold.indexes(st, h.a, h.b)).toBe(h.hold.exact);
	expect(plan(st, h.a, h.b, cfg, { held: h.hold })).toEqual(whole);
	const next = commit(st, whole, allOk(whole));
	expect(commit(st, lean, allOk(lean))).toEqual(next);
	// commit() finds a link by its index in the state (PairUpdate.at) or, without it, by id: the same state.
	expect(whole.commit.pairs.some((u) => u.at !== undefined)).toBe(whole.commit.pairs.some((u) => !u.isNew));
	const byId = { ...whole, commit: { ...whole.commit, pairs: whole.commit.pairs.map(({ at: _at, ...u }) => u) } };
	expect(commit(st, byId, allOk(byId))).toEqual(next);
	return { p: lean, ...h };
}

const leanIds = (records: SyncRecord[]): string[] => records.filter(isLean).map((r) => r.id);

describe('RecordHold: records of unchanged pairs held lean', () => {
	const full = config({ fullReconcile: true, deleteMode: 'propagate' });

	it('an unchanged linked pair is held lean on both sides and yields no write', () => {
		const st = state([pair('a1', 'b1', P(1)), pair('a2', 'b2', P(2))]);
		const { p, a, b, hold } = same(st, full, [rec('a1', P(1)), rec('a2', P(2))], [rec('b1', P(1)), rec('b2', P(2))]);
		expect(leanIds(a)).toEqual(['a1', 'a2']);
		expect(leanIds(b)).toEqual(['b1', 'b2']);
		expect(hold.leanCount).toBe(4);
		expect(publicPart(p)).toMatchObject({ unchanged: 2, updates: { a: [], b: [] }, creates: { a: [], b: [] }, deletes: { a: [], b: [] } });
		// Lean means no fields: reading them is a bug and says so.
		expect(() => a[0].fields.email).toThrow(/held lean/);
		expect(a[0]).toMatchObject({ id: 'a1', hash: H(P(1)), key: 'p1@x.com' });
	});

	it('an unchanged record whose partner changed keeps its fields and gets the update with the partner\'s values', () => {
		const st = state([pair('a1', 'b1', P(1)), pair('a2', 'b2', P(2))]);
		for (const first of ['a', 'b'] as const) {
			const { p, a, b } = same(st, full, [rec('a1', P(1, { name: 'Ann' })), rec('a2', P(2))], [rec('b1', P(1)), rec('b2', P(2))], first);
			expect(leanIds(a)).toEqual(['a2']);
			expect(leanIds(b)).toEqual(['b2']);
			expect(p.updates.b).toEqual([expect.objectContaining({ id: 'b1', fields: { name: 'Ann' }, expect: H(P(1, { name: 'Ann' })) })]);
			expect(p.updates.a).toEqual([]);
		}
	});

	it('a new record taking the key of a lean record is reported as a duplicate, on either side', () => {
		const st = state([pair('a1', 'b1', P(1)), pair('a2', 'b2', P(2), P(2, { email: 'q2@x.com' }))]);
		const a = [rec('a1', P(1)), rec('a2', P(2))];
		const b = [rec('b1', P(1)), rec('b2', P(2, { email: 'q2@x.com' }))];
		// Same side: a second B record with b1's email (spelt otherwise).
		const same1 = same(st, full, a, [...b, rec('b8', P(8, { email: ' P1@X.com' }))]);
		expect(leanIds(same1.a)).toEqual(['a1', 'a2']);
		expect(leanIds(same1.b)).toEqual(['b1', 'b2']);
		expect(same1.p.duplicates).toEqual([{ side: 'b', key: 'p1@x.com', ids: ['b1', 'b8'] }]);
		expect(same1.p.creates).toEqual({ a: [], b: [] });
		// Other side: an unlinked A record with the key only b2 (linked, lean) holds.
		const cross = same(st, full, [...a, rec('a9', P(9, { email: 'Q2@x.com' }))], b);
		expect(leanIds(cross.b)).toEqual(['b1', 'b2']);
		expect(cross.p.duplicates).toEqual([{ side: 'a', key: 'q2@x.com', ids: ['a2', 'a9'] }]);
		expect(cross.p.creates).toEqual({ a: [], b: [] });
	});

	it('a key moved on one record keeps its pair, and the lean record holding the new key makes it a duplicate', () => {
		const st = state([pair('a1', 'b1', P(1)), pair('a2', 'b2', P(2))]);
		// a1 takes p2's email: a1/b1 changed (kept whole, B gets the new email); a2/b2 unchanged, held lean.
		const { p, a } = same(st, full, [rec('a1', P(1, { email: 'p2@x.com' })), rec('a2', P(2))], [rec('b1', P(1)), rec('b2', P(2))]);
		expect(leanIds(a)).toEqual(['a2']);
		expect(p.duplicates).toEqual([{ side: 'a', key: 'p2@x.com', ids: ['a1', 'a2'] }]);
		expect(p.updates.b).toEqual([expect.objectContaining({ id: 'b1', fields: { email: 'p2@x.com' } })]);
	});

	it('a lean record whose partner was deleted is deleted (propagate) or kept (ignore); a changed one is a conflict', () => {
		const st = state([pair('a1', 'b1', P(1)), pair('a2', 'b2', P(2)), pair('a3', 'b3', P(3))]);
		const a = [rec('a1', P(1)), rec('a2', P(2, { name: 'Changed' })), rec('a3', P(3))];
		const b = [rec('b3', P(3))];
		const r = same(st, full, a, b);
		expect(leanIds(r.a)).toEqual(['a1', 'a3']);
		expect(r.p.deletes.a.map((d) => d.id)).toEqual(['a1']);
		expect(r.p.conflicts.map((c) => [c.aId, c.reason])).toEqual([['a2', 'deletedOnB']]);
		const kept = same(st, config({ fullReconcile: true, deleteMode: 'ignore' }), a, b);
		expect(kept.p.deletes).toEqual({ a: [], b: [] });
		// Incremental run: the absent partner was not read; nothing to write for the lean record.
		const inc = same(st, config({ fullReconcile: false, deleteMode: 'propagate' }), a, b);
		expect(leanIds(inc.a)).toEqual(['a1', 'a3']);
		expect(inc.p.deletes).toEqual({ a: [], b: [] });
	});

	it('pairs plan() cannot settle by hash alone are held whole: pending write, open conflict, retry, unknown hash, other field list', () => {
		const pending = { ...pair('a1', 'b1', P(1)), pending: [{ side: 'b' as const, hash: H(P(1)), vec: '', fields: ['name'] }] };
		const unknown = { ...pair('a4', 'b4', P(4)), base: { ha: '?', hb: H(P(4)), va: '', vb: '' } };
		const st = state([pending, pair('a2', 'b2', P(2)), pair('a3', 'b3', P(3)), unknown, pair('a5', 'b5', P(5))], {
			conflicts: [{ aId: 'a2', bId: 'b2', since: 0, reason: 'bothChanged' }],
			retry: { a: [], b: ['b3'] },
		});
		const a = [1, 2, 3, 4, 5].map((n) => rec(`a${n}`, P(n)));
		const b = [1, 2, 3, 4, 5].map((n) => rec(`b${n}`, P(n)));
		const r = same(st, full, a, b);
		expect(leanIds(r.a)).toEqual(['a5']);
		expect(leanIds(r.b)).toEqual(['b5']);
		const remapped = same({ ...st, fieldsId: 'other' }, full, a, b);
		expect(leanIds(remapped.a)).toEqual([]);
	});

	it('field merge: vectors of lean pairs are kept, a changed field still merges', () => {
		const cfg = config({ fullReconcile: true, conflict: { strategy: 'fieldMerge', fallback: 'mostRecent' } });
		const x = history(cfg, 'a1', 'b1', [[P(1), P(1)]]);
		const y = history(cfg, 'a2', 'b2', [[P(2), P(2)]]);
		const st = { ...x, pairs: [...x.pairs, ...y.pairs] };
		expect(st.pairs[0].base.va).toBe(V(P(1)));
		const r = same(st, cfg, [rec('a1', P(1, { name: 'A' })), rec('a2', P(2))], [rec('b1', P(1, { phone: '+9' })), rec('b2', P(2))]);
		expect(leanIds(r.a)).toEqual(['a2']);
		expect(r.p.updates.a).toEqual([expect.objectContaining({ id: 'a1', fields: { phone: '+9' } })]);
		expect(r.p.updates.b).toEqual([expect.objectContaining({ id: 'b1', fields: { name: 'A' } })]);
		const next = commit(st, r.p, allOk(r.p));
		expect(next.pairs.find((q) => q.aId === 'a2')).toEqual(st.pairs[1]);
	});

	it('a record read again replaces the earlier one', () => {
		const st = state([pair('a1', 'b1', P(1)), pair('a2', 'b2', P(2))]);
		// Read again unchanged: still lean, still one record.
		const again = same(st, full, [rec('a1', P(1)), rec('a1', P(1)), rec('a2', P(2))], [rec('b1', P(1)), rec('b2', P(2)), rec('b1', P(1))]);
		expect(leanIds(again.a)).toEqual(['a1', 'a2']);
		expect(again.a).toHaveLength(2);
		expect(again.b).toHaveLength(2);
		// Changed on its first reading, unchanged on the later one: the later counts, the pair is unchanged.
		const later = same(st, full, [rec('a1', P(1, { name: 'Early' })), rec('a2', P(2)), rec('a1', P(1))], [rec('b1', P(1)), rec('b2', P(2))]);
		expect(later.p.updates).toEqual({ a: [], b: [] });
	});

	it('a changed copy read after its pair was held lean: the lean partner counts as not read, what changed is sent to it', () => {
		const st = state([pair('a1', 'b1', P(1)), pair('a2', 'b2', P(2))]);
		for (const side of ['a', 'b'] as const) {
			const hold = new RecordHold(st, full);
			hold.add('a', rec('a1', P(1)));
			hold.add('a', rec('a2', P(2)));
			hold.add('b', rec('b1', P(1)));
			hold.add('b', rec('b2', P(2)));
			expect(hold.leanCount).toBe(4);
			hold.add(side, rec(`${side}1`, P(1, { name: 'Later' })));
			const { a, b } = hold.finish();
			expect(leanIds(side === 'a' ? b : a)).toEqual([side === 'a' ? 'b1' : 'a1', side === 'a' ? 'b2' : 'a2']);
			const p = plan(st, a, b, full);
			const target = side === 'a' ? 'b' : 'a';
			// Its values unknown, the lean side gets every field that flows to it; the hash it will have is known then.
			expect(p.updates[target]).toEqual([
				expect.objectContaining({ id: `${target}1`, fields: P(1, { name: 'Later' }), expect: H(P(1, { name: 'Later' })) }),
			]);
			expect(p.updates[side]).toEqual([]);
			expect(p.deletes).toEqual({ a: [], b: [] });
			expect(p.unchanged).toBe(1);
		}
	});

	it('a state linking an id twice: nothing is held lean, plan() indexes the records itself', () => {
		const st = state([pair('a1', 'b1', P(1)), pair('a1', 'b2', P(1)), pair('a3', 'b3', P(3))]);
		const r = same(st, full, [rec('a1', P(1)), rec('a3', P(3))], [rec('b1', P(1)), rec('b2', P(1)), rec('b3', P(3))]);
		expect(r.hold.exact).toBe(false);
		expect(r.hold.leanCount).toBe(0);
	});

	it('agrees with whole records over mixed runs and strategies', () => {
		const pairs = Array.from({ length: 40 }, (_, n) => pair(`a${n}`, `b${n}`, P(n)));
		const a: SyncRecord[] = [];
		const b: SyncRecord[] = [];
		for (let n = 0; n < 40; n++) {
			if (n % 9 !== 4) a.push(rec(`a${n}`, n % 5 === 1 ? P(n, { name: `A${n}` }) : P(n), '2024-01-02T00:00:00Z'));
			if (n % 11 !== 6) b.push(rec(`b${n}`, n % 7 === 2 ? P(n, { phone: `+9${n}`, ...(n % 5 === 1 ? { name: `B${n}` } : {}) }) : P(n), '2024-01-03T00:00:00Z'));
		}
		a.push(rec('a-new', P(100)), rec('a-dup', P(101, { email: 'p3@x.com' })));
		b.push(rec('b-new', P(102)), rec('b-match', P(100)));
		// Ids read twice: unlinked (the later record counts, in the first place), and of a pair with a pending write.
		a.push(rec('a-new', P(100, { name: 'Second' })), rec('a2', P(2)));
		b.push(rec('b-new', P(102, { phone: '+0' })));
		pairs[2] = { ...pairs[2], pending: [{ side: 'b', hash: H(P(2)), vec: '', fields: ['name'] }] };
		for (const strategy of ['aWins', 'bWins', 'mostRecent', 'manual'] as const) {
			for (const deleteMode of ['ignore', 'propagate', 'archive'] as const) {
				for (const fullReconcile of [true, false]) {
					const cfg = config({ conflict: { strategy }, deleteMode, fullReconcile });
					const r = same(state(pairs), cfg, a, b);
					expect(r.hold.leanCount).toBeGreaterThan(30);
					same(state(pairs), cfg, a, b, 'b');
				}
			}
		}
	});
});
