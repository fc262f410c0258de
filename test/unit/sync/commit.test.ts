import {
	commit,
	counterpartIds,
	encodeState,
	idsToFetch,
	plan,
	resolveConflict,
	SyncStateError,
	type SyncConfig,
	type SyncPlan,
	type SyncRecord,
	type SyncState,
	type WriteOutcome,
} from '../../../shared/sync';
import { H, V, base, config, history, pair, rec, state } from './helpers';

const P = { email: 'ann@x.com', name: 'Ann', phone: '+111' };
const P_NAME = { ...P, name: 'Annie' };
const P_PHONE = { ...P, phone: '+222' };
const P_BOTH = { ...P, name: 'Annie', phone: '+222' };

const allRefs = (p: SyncPlan): string[] =>
	[p.creates, p.updates, p.deletes].flatMap((l) => [...l.a, ...l.b]).map((w) => w.ref);
const succeed = (p: SyncPlan, ids: Record<string, string> = {}): WriteOutcome[] =>
	allRefs(p).map((ref) => (ids[ref] ? { ref, ok: true, id: ids[ref] } : { ref, ok: true }));

function run(st: SyncState, a: SyncRecord[], b: SyncRecord[], cfg: SyncConfig, outcomes?: (p: SyncPlan) => WriteOutcome[]) {
	const p = plan(st, a, b, cfg);
	return { plan: p, state: commit(st, p, outcomes ? outcomes(p) : succeed(p)) };
}

describe('commit', () => {
	it('links a created record with the id from the outcome, and the next run does not echo it', () => {
		const cfg = config();
		const first = run(state(), [rec('a1', P)], [], cfg, (p) => succeed(p, { cb0: 'b9' }));
		expect(first.state.pairs).toEqual([pair('a1', 'b9', P)]);
		expect(first.state.run).toBe(1);
		const second = plan(first.state, [rec('a1', P)], [rec('b9', P)], cfg);
		expect(second.unchanged).toBe(1);
		expect(allRefs(second)).toEqual([]);
		expect(second.commit.pairs).toEqual([]);
	});

	it('moves the baseline to the written values, so the write is not echoed back', () => {
		const cfg = config();
		const st = state([pair('a1', 'b1', P)]);
		const { state: next } = run(st, [rec('a1', P_NAME)], [rec('b1', P)], cfg);
		expect(next.pairs).toEqual([pair('a1', 'b1', P_NAME)]);
		expect(plan(next, [rec('a1', P_NAME)], [rec('b1', P_NAME)], cfg).unchanged).toBe(1);
	});

	it('keeps the old baseline of a failed write, marks its ids for fetching, and retries next run', () => {
		const cfg = config();
		const st = state([pair('a1', 'b1', P)]);
		const { plan: p, state: next } = run(st, [rec('a1', P_NAME)], [rec('b1', P)], cfg, (pl) =>
			allRefs(pl).map((ref) => ({ ref, ok: false, error: '503' })),
		);
		expect(p.updates.b).toHaveLength(1);
		expect(next.pairs).toEqual(st.pairs);
		expect(next.retry).toEqual({ a: ['a1'], b: ['b1'] });
		expect(idsToFetch(next)).toEqual({ a: ['a1'], b: ['b1'] });
		const again = run(next, [rec('a1', P_NAME)], [rec('b1', P)], cfg);
		expect(again.plan.updates.b.map((u) => u.fields)).toEqual([{ name: 'Annie' }]);
		expect(again.state.retry).toEqual({ a: [], b: [] });
		expect(again.state.pairs).toEqual([pair('a1', 'b1', P_NAME)]);
	});

	it('a write missing from the outcomes counts as failed', () => {
		const st = state([pair('a1', 'b1', P)]);
		const { state: next } = run(st, [rec('a1', P_NAME)], [rec('b1', P)], config(), () => []);
		expect(next.pairs).toEqual(st.pairs);
	});

	it('field merge with one of two writes failed: the stale value never overwrites the newer one', () => {
		const cfg = config({ conflict: { strategy: 'fieldMerge' } });
		const st = state([pair('a1', 'b1', P, P, true)]);
		const first = run(st, [rec('a1', P_NAME)], [rec('b1', P_PHONE)], cfg, (p) =>
			allRefs(p).map((ref) => ({ ref, ok: ref !== 'ua0' })),
		);
		expect(first.state.pairs).toEqual(st.pairs);
		// B got the name; A's phone write failed. The next run sends only the phone to A.
		const second = run(first.state, [rec('a1', P_NAME)], [rec('b1', P_BOTH)], cfg);
		expect(second.plan.updates).toEqual({
			a: [{ ref: 'ua0', side: 'a', id: 'a1', aId: 'a1', bId: 'b1', fields: { phone: '+222' }, expect: H(P_BOTH), pending: false }],
			b: [],
		});
		expect(second.state.pairs).toEqual([pair('a1', 'b1', P_BOTH, P_BOTH, true)]);
	});

	it('a run that dies after writing and before commit converges on the next run', () => {
		const cfg = config();
		const st = state([pair('a1', 'b1', P)]);
		const dying = plan(st, [rec('a1', P_NAME), rec('a2', P_PHONE)], [rec('b1', P)], cfg);
		expect(dying.updates.b).toHaveLength(1);
		expect(dying.creates.b).toHaveLength(0); // a2 has the same key as a1: reported, not created
		expect(dying.duplicates).toEqual([{ side: 'a', key: 'ann@x.com', ids: ['a1', 'a2'] }]);
		// The writes landed, commit never ran: the old state is planned again with the new data.
		const rerun = run(st, [rec('a1', P_NAME)], [rec('b1', P_NAME)], cfg);
		expect(allRefs(rerun.plan)).toEqual([]);
		expect(rerun.state.pairs).toEqual([pair('a1', 'b1', P_NAME)]);
	});

	it('a create that landed before a crash is matched by key, not created twice', () => {
		const cfg = config();
		const lost = plan(state(), [rec('a1', P)], [], cfg);
		expect(lost.creates.b).toHaveLength(1);
		const rerun = run(state(), [rec('a1', P)], [rec('b-new', P)], cfg);
		expect(allRefs(rerun.plan)).toEqual([]);
		expect(rerun.state.pairs).toEqual([pair('a1', 'b-new', P)]);
	});

	it('holds writes to an input side as pending and confirms them when the input shows them', () => {
		const cfg = config({ inputSides: { b: true } });
		const st = state([pair('a1', 'b1', P)]);
		const first = run(st, [rec('a1', P_NAME)], [rec('b1', P)], cfg);
		expect(first.plan.updates.b[0].pending).toBe(true);
		expect(first.state.pairs).toEqual([
			{ aId: 'a1', bId: 'b1', base: base(P_NAME, P), pending: [{ side: 'b', hash: H(P_NAME), vec: '', fields: ['name'] }] },
		]);
		expect(idsToFetch(first.state)).toEqual({ a: ['a1'], b: ['b1'] });
		const second = run(first.state, [rec('a1', P_NAME)], [rec('b1', P_NAME)], cfg);
		expect(allRefs(second.plan)).toEqual([]);
		expect(second.state.pairs).toEqual([pair('a1', 'b1', P_NAME)]);
	});

	it('a create sent to an input side is pending until the row arrives, then linked', () => {
		const cfg = config({ inputSides: { b: true } });
		const first = run(state(), [rec('a1', P)], [], cfg);
		expect(first.state.pairs).toEqual([]);
		expect(first.state.pendingCreates).toEqual([{ side: 'b', sourceId: 'a1', key: 'ann@x.com', base: base(P) }]);
		const second = run(first.state, [], [rec('row-1', P)], cfg);
		expect(allRefs(second.plan)).toEqual([]);
		expect(second.state.pendingCreates).toEqual([]);
		expect(second.state.pairs).toEqual([pair('a1', 'row-1', P)]);
	});

	it('drops a pair whose deletion succeeded, keeps it when the delete failed', () => {
		const cfg = config({ deleteMode: 'propagate', fullReconcile: true });
		const st = state([pair('a1', 'b1', P), pair('a2', 'b2', P_NAME)]);
		const ok = run(st, [rec('a2', P_NAME)], [rec('b1', P), rec('b2', P_NAME)], cfg);
		expect(ok.state.pairs).toEqual([pair('a2', 'b2', P_NAME)]);
		const failed = run(st, [rec('a2', P_NAME)], [rec('b1', P), rec('b2', P_NAME)], cfg, (p) => allRefs(p).map((ref) => ({ ref, ok: false })));
		expect(failed.state.pairs).toEqual(st.pairs);
	});

	it('ignore mode remembers the deletion, so the survivor is not created again', () => {
		const cfg = config({ deleteMode: 'ignore', fullReconcile: true });
		const first = run(state([pair('a1', 'b1', P)]), [], [rec('b1', P)], cfg);
		expect(first.state.pairs).toEqual([{ aId: 'a1', bId: 'b1', base: { ...base(P), ha: '~' } }]);
		const second = plan(first.state, [], [rec('b1', P_PHONE)], cfg);
		expect(allRefs(second)).toEqual([]);
		expect(counterpartIds(first.state, [], [rec('b1', P)])).toEqual({ a: [], b: [] });
	});

	it('manual conflicts stay open until resolved, then the resolution is written and cleared', () => {
		const cfg = config({ conflict: { strategy: 'manual' } });
		const st = state([pair('a1', 'b1', P)]);
		const a = [rec('a1', P_NAME)];
		const b = [rec('b1', P_PHONE)];
		const first = run(st, a, b, cfg);
		expect(first.state.conflicts).toEqual([{ aId: 'a1', bId: 'b1', since: 1, reason: 'bothChanged' }]);
		expect(first.state.pairs).toEqual(st.pairs);
		const second = run(first.state, a, b, cfg);
		expect(second.plan.conflicts.map((c) => c.since)).toEqual([1]);
		expect(() => resolveConflict(second.state, { aId: 'nope', winner: 'a' })).toThrow(SyncStateError);
		const resolved = resolveConflict(second.state, { bId: 'b1', winner: 'a' });
		expect(resolved.resolutions).toEqual([{ aId: 'a1', bId: 'b1', winner: 'a' }]);
		expect(second.state.resolutions).toEqual([]);
		const third = run(resolved, a, b, cfg);
		expect(third.plan.updates.b.map((u) => u.fields)).toEqual([{ name: 'Annie', phone: '+111' }]);
		expect(third.state.conflicts).toEqual([]);
		expect(third.state.resolutions).toEqual([]);
		expect(third.state.pairs).toEqual([pair('a1', 'b1', P_NAME)]);
	});

	it('a deleted-versus-edited conflict resolved for the survivor creates it again', () => {
		const cfg = config({ deleteMode: 'propagate', fullReconcile: true });
		const st = state([pair('a1', 'b1', P)]);
		const first = run(st, [], [rec('b1', P_PHONE)], cfg);
		expect(first.state.conflicts).toEqual([{ aId: 'a1', bId: 'b1', since: 1, reason: 'deletedOnA' }]);
		const resolved = resolveConflict(first.state, { aId: 'a1', winner: 'b' });
		const second = run(resolved, [], [rec('b1', P_PHONE)], cfg, (p) => succeed(p, { ca0: 'a7' }));
		expect(second.plan.creates.a.map((c) => [c.sourceId, c.fields])).toEqual([['b1', P_PHONE]]);
		expect(second.state.pairs).toEqual([pair('a7', 'b1', P_PHONE)]);
		expect(second.state.resolutions).toEqual([]);
	});

	it('an aborted plan changes nothing but the run counter', () => {
		const cfg = config({ deleteMode: 'propagate', fullReconcile: true, maxDeleteShare: 0.1 });
		const st = state([pair('a1', 'b1', P)], { cursors: { a: 'c1' } });
		const p = plan(st, [], [rec('b1', P)], cfg);
		expect(p.aborted).toBeDefined();
		const next = commit(st, p, [], { cursors: { a: 'c2' } });
		expect(next).toEqual({ ...st, run: 1 });
	});

	it('stores new cursors and the run number', () => {
		const st = state([], { run: 4, cursors: { a: 'x' } });
		const p = plan(st, [], [], config());
		expect(commit(st, p, [], { cursors: { b: 'y' } })).toEqual({ ...st, run: 5, cursors: { a: 'x', b: 'y' } });
	});

	it('after the field list changes, unseen pairs adopt their values when next seen', () => {
		const st = state([pair('a1', 'b1', P), pair('a2', 'b2', { ...P, email: 'z@x.com' })]);
		const cfg = config({ fields: ['email', 'name', 'phone', 'city'] });
		const first = run(st, [rec('a1', P)], [rec('b1', P)], cfg);
		expect(first.state.pairs[1].base).toEqual({ ha: '?', hb: '?', va: '', vb: '' });
		const second = plan(first.state, [rec('a2', { ...P, email: 'z@x.com', city: 'Oslo' })], [rec('b2', { ...P, email: 'z@x.com' })], cfg);
		expect(second.updates.b.map((u) => u.fields)).toEqual([{ city: 'Oslo' }]);
		// A pair seen on one side only right after the change is not written blind.
		const lone = plan(st, [rec('a2', { ...P, email: 'z@x.com', city: 'Oslo' })], [], cfg);
		expect([lone.updates.a, lone.updates.b, lone.unchanged]).toEqual([[], [], 1]);
	});

	it('never mutates the state or plan it is given', () => {
		const st = state([pair('a1', 'b1', P)]);
		const p = plan(st, [rec('a1', P_NAME)], [rec('b1', P)], config());
		const before = JSON.stringify([st, p]);
		commit(st, p, succeed(p));
		expect(JSON.stringify([st, p])).toBe(before);
	});

	it('field vectors: every field under field merge, one-way fields on their source side otherwise, none for a plain sync', () => {
		const merge = config({ conflict: { strategy: 'fieldMerge' } });
		const { state: merged } = run(state([pair('a1', 'b1', P)]), [rec('a1', P)], [rec('b1', P)], merge);
		expect(merged.pairs[0].base).toEqual({ ha: H(P), hb: H(P), va: V(P), vb: V(P) });
		expect(merged.vectorLayout).toBe('');
		// name A -> B only: A keeps the name's character; phone B -> A only: B keeps the phone's.
		const oneWay = config({ fieldDirections: { name: 'aToB', phone: 'bToA' }, conflict: { strategy: 'mostRecent' } });
		const { state: tracked } = run(state([pair('a1', 'b1', P)]), [rec('a1', P)], [rec('b1', P)], oneWay);
		expect(tracked.pairs[0].base).toEqual({ ha: H(P), hb: H(P), va: V(P)[1], vb: V(P)[2] });
		expect(tracked.vectorLayout).toHaveLength(8);
		expect(encodeState(tracked).p).toEqual([['a1', 'b1', H(P), '', V(P)[1], V(P)[2]]]);
		const { state: plain } = run(state([pair('a1', 'b1', P)]), [rec('a1', P)], [rec('b1', P)], config());
		expect(plain).toEqual(state([pair('a1', 'b1', P)], { run: 1 }));
	});

	it('after Field Overrides change, vectors kept for other fields are not read against the new ones', () => {
		const char = (v: string) => V({ email: v }).slice(0, 1);
		// A phone whose character equals the old A vector's (the name 'Ann'): read under the
		// new layout, that vector would say A's phone did not change.
		const phone = Array.from({ length: 900 }, (_, i) => `+${i + 100}`).find((x) => char(x) === char('Ann'))!;
		const before = config({ fieldDirections: { name: 'aToB', phone: 'bToA' } });
		const after = config({ fieldDirections: { phone: 'aToB' } });
		const Z = { ...P, email: 'z@x.com' };
		const st = run(history(before, 'a1', 'b1', [[P, P]]), [rec('a2', Z)], [rec('b2', Z)], before).state;
		expect(st.pairs.map((p) => p.base.va)).toEqual([char('Ann'), char('Ann')]);
		const { plan: p, state: next } = run(st, [rec('a1', { ...P, phone })], [rec('b1', P)], after);
		expect(p.updates.b.map((u) => u.fields)).toEqual([{ phone }]);
		// The seen pair holds the new layout's vector (A's phone); the unseen one forgets its old one.
		expect(next.vectorLayout).not.toBe(st.vectorLayout);
		expect(next.pairs.map((x) => [x.aId, x.base.va, x.base.vb])).toEqual([
			['a1', char(phone), ''],
			['a2', '', ''],
		]);
		const settled = plan(next, [rec('a1', { ...P, phone }), rec('a2', Z)], [rec('b1', { ...P, phone }), rec('b2', Z)], after);
		expect(allRefs(settled)).toEqual([]);
	});
});

describe('deletions kept under "ignore"', () => {
	it('an incremental run that reads neither record of a tombstoned pair plans nothing (it used to crash)', () => {
		const cfg = config({ deleteMode: 'ignore', fullReconcile: true });
		const st = state([pair('a1', 'b1', P)]);
		// B deleted, seen by a full run: the pair keeps a tombstone for B.
		const { state: afterDelete } = run(st, [rec('a1', P)], [], cfg);
		const incremental = config({ deleteMode: 'ignore', fullReconcile: false });
		const p = plan(afterDelete, [], [], incremental);
		expect(allRefs(p)).toEqual([]);
		expect(p.conflicts).toEqual([]);
		expect(p.aborted).toBeUndefined();
		// And the record is still not re-created when A is read again.
		const again = plan(afterDelete, [rec('a1', P)], [], incremental);
		expect(allRefs(again)).toEqual([]);
	});
});
