import { pairKey } from './builder';
import { DELETED, UNKNOWN } from './hash';
import type {
	Baseline,
	CreateWrite,
	DeleteWrite,
	LinkedPair,
	OpenConflict,
	PendingCreate,
	PendingWrite,
	SyncPlan,
	SyncState,
	UpdateWrite,
	WriteOutcome,
} from './types';

export interface CommitOptions {
	/** Cursors to remember for the next incremental run. */
	cursors?: { a?: string; b?: string };
}

function withSide(base: Baseline, side: 'a' | 'b', from: Baseline): Baseline {
	return side === 'a' ? { ...base, ha: from.ha, va: from.va } : { ...base, hb: from.hb, vb: from.vb };
}

/**
 * The state after the plan's writes were applied. A pair is moved to its new
 * baseline only when every one of its writes succeeded; otherwise it keeps the old
 * one (so the next run retries, and a stale value never overwrites a newer one)
 * and its ids are fetched again. Writes to input sides are held as pending.
 */
export function commit(
	state: SyncState,
	plan: SyncPlan,
	outcomes: readonly WriteOutcome[],
	options: CommitOptions = {},
): SyncState {
	if (plan.aborted) return { ...state, run: plan.run };
	const cursors = { ...state.cursors, ...options.cursors };
	const results = new Map(outcomes.map((o) => [o.ref, o]));
	const writes = new Map<string, CreateWrite | UpdateWrite | DeleteWrite>();
	for (const list of [plan.creates, plan.updates, plan.deletes]) {
		for (const w of [...list.a, ...list.b]) writes.set(w.ref, w);
	}
	const creates = new Set([...plan.creates.a, ...plan.creates.b].map((w) => w.ref));
	const updates = new Set([...plan.updates.a, ...plan.updates.b].map((w) => w.ref));

	const pairs = new Map<string, LinkedPair>(state.pairs.map((p) => [p.aId, p]));
	let aOfB: Map<string, string> | undefined;
	const sourceKey = (pc: PendingCreate): string => (pc.side === 'a' ? 'b' : 'a') + pc.sourceId;
	const pendingCreates = new Map(state.pendingCreates.map((pc) => [sourceKey(pc), pc]));
	const conflicts = new Map<string, OpenConflict>(state.conflicts.map((c) => [pairKey(c.aId, c.bId), c]));
	const seen = { a: new Set(plan.commit.retrySeen.a), b: new Set(plan.commit.retrySeen.b) };
	const retry = { a: new Set(state.retry.a.filter((id) => !seen.a.has(id))), b: new Set(state.retry.b.filter((id) => !seen.b.has(id))) };
	const settled = { a: new Set<string>(), b: new Set<string>() };
	const touched = new Set<string>();

	for (const u of plan.commit.pairs) {
		if (conflicts.size > 0) conflicts.delete(pairKey(u.aId, u.bId));
		if (!u.writes.every((ref) => results.get(ref)?.ok === true)) {
			if (u.aId) retry.a.add(u.aId);
			if (u.bId) retry.b.add(u.bId);
			continue;
		}
		if (u.aId) settled.a.add(u.aId);
		if (u.bId) settled.b.add(u.bId);
		if (u.aId) retry.a.delete(u.aId);
		if (u.bId) retry.b.delete(u.bId);
		if (u.next === null) {
			if (pairs.get(u.aId)?.bId === u.bId) pairs.delete(u.aId);
			continue;
		}
		let aId = u.aId;
		let bId = u.bId;
		let base = u.next;
		const pending: PendingWrite[] = [];
		let sentOut = false;
		for (const ref of u.writes) {
			const w = writes.get(ref)!;
			if (creates.has(ref)) {
				const create = w as CreateWrite;
				if (create.pending) {
					pendingCreates.set((create.side === 'a' ? 'b' : 'a') + create.sourceId, {
						side: create.side,
						sourceId: create.sourceId,
						key: create.key,
						base: u.next,
					});
					sentOut = true;
					continue;
				}
				const id = results.get(ref)!.id;
				if (!id) {
					retry[create.side === 'a' ? 'b' : 'a'].add(create.sourceId);
					sentOut = true;
					continue;
				}
				if (create.side === 'a') aId = id;
				else bId = id;
				pendingCreates.delete((create.side === 'a' ? 'b' : 'a') + create.sourceId);
			} else if (updates.has(ref) && w.pending) {
				// Held until the input shows it; the side keeps what it showed this run.
				base = withSide(base, w.side, u.cur);
				const expect = w.side === 'a' ? { hash: u.next.ha, vec: u.next.va } : { hash: u.next.hb, vec: u.next.vb };
				pending.push({ side: w.side, ...expect, fields: Object.keys((w as UpdateWrite).fields) });
			}
		}
		if (sentOut) continue;
		if (u.pendingCreate !== undefined) {
			pendingCreates.delete((aId === u.pendingCreate ? 'a' : 'b') + u.pendingCreate);
		}
		if (u.isNew) {
			// A pair re-created after a deletion replaces the old link of its surviving record.
			if (pairs.has(aId)) pairs.delete(aId);
			aOfB ??= new Map<string, string>(state.pairs.map((p) => [p.bId, p.aId]));
			const oldA = aOfB.get(bId);
			if (oldA !== undefined && pairs.get(oldA)?.bId === bId) pairs.delete(oldA);
		}
		const pair: LinkedPair = { aId, bId, base };
		if (pending.length > 0) pair.pending = pending;
		pairs.set(aId, pair);
		touched.add(aId);
	}

	for (const c of plan.conflicts) {
		conflicts.set(pairKey(c.aId, c.bId), { aId: c.aId, bId: c.bId, since: c.since, reason: c.reason });
	}
	const resolutions = state.resolutions.filter((r) => !settled.a.has(r.aId) && !settled.b.has(r.bId));

	let nextPairs = [...pairs.values()];
	if (state.fieldsId !== '' && state.fieldsId !== plan.commit.fieldsId) {
		// Hashes of pairs not seen this run were made over the old field list: adopt them when next seen.
		const unknown = (h: string): string => (h === DELETED ? DELETED : UNKNOWN);
		nextPairs = nextPairs.map((p) =>
			touched.has(p.aId) ? p : { aId: p.aId, bId: p.bId, base: { ha: unknown(p.base.ha), hb: unknown(p.base.hb), va: '', vb: '' } },
		);
	}

	return {
		version: 1,
		run: plan.run,
		fieldsId: plan.commit.fieldsId,
		cursors,
		pairs: nextPairs,
		pendingCreates: [...pendingCreates.values()],
		conflicts: [...conflicts.values()],
		resolutions,
		retry: { a: [...retry.a], b: [...retry.b] },
	};
}
