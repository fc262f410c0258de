import { pairKey } from './builder';
import { DELETED, UNKNOWN } from './hash';
import { withoutVectors } from './vectors';
import type {
	Baseline,
	CreateWrite,
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
	/** Deletion-tracking cursors to remember (CrmConnector.deletedSince). */
	deletionCursors?: { a?: string; b?: string };
}

function withSide(base: Baseline, side: 'a' | 'b', from: Baseline): Baseline {
	return side === 'a' ? { ...base, ha: from.ha, va: from.va } : { ...base, hb: from.hb, vb: from.vb };
}

function allSucceeded(refs: readonly string[], results: ReadonlyMap<string, WriteOutcome>): boolean {
	for (const ref of refs) if (results.get(ref)?.ok !== true) return false;
	return true;
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
	const deletionCursors = options.deletionCursors || state.deletionCursors ? { ...state.deletionCursors, ...options.deletionCursors } : undefined;
	const results = new Map<string, WriteOutcome>();
	for (const o of outcomes) results.set(o.ref, o);
	// Only creates and updates are looked at again; a delete needs nothing beyond its outcome.
	const creates = new Map<string, CreateWrite>();
	for (const w of plan.creates.a) creates.set(w.ref, w);
	for (const w of plan.creates.b) creates.set(w.ref, w);
	const updates = new Map<string, UpdateWrite>();
	for (const w of plan.updates.a) updates.set(w.ref, w);
	for (const w of plan.updates.b) updates.set(w.ref, w);

	// Indexed loops over the pairs: 100,000 of them should not each allocate an iterator result.
	const before = state.pairs;
	// The links by A id, in order, as a Map would keep them (a link set again keeps its place, a new or re-made
	// one goes last), without a Map of every link: the links stay where they were (`slots`, undefined once
	// dropped), new ones go to `extra`. A link planned from the state carries its index there (PairUpdate.at);
	// only the few A ids looked up otherwise are found by one pass over the links (`posA`).
	const slots: Array<LinkedPair | undefined> = before.slice();
	const extra: Array<LinkedPair | undefined> = [];
	const extraAt = new Map<string, number>();
	const indexed = (u: { aId: string; bId: string; at?: number }): number | undefined =>
		u.at !== undefined && before[u.at]?.aId === u.aId && before[u.at].bId === u.bId ? u.at : undefined;
	const wantedA = new Set<string>();
	for (const u of plan.commit.pairs) if (u.isNew || indexed(u) === undefined) wantedA.add(u.aId);
	for (const w of plan.creates.a) {
		const id = results.get(w.ref)?.id;
		if (id) wantedA.add(id);
	}
	const posA = new Map<string, number>();
	for (let i = 0; i < before.length && posA.size < wantedA.size; i++) {
		if (wantedA.has(before[i].aId) && !posA.has(before[i].aId)) posA.set(before[i].aId, i);
	}
	const find = (aId: string, at?: number): LinkedPair | undefined => {
		const x = extraAt.get(aId);
		if (x !== undefined) return extra[x];
		const p = at ?? posA.get(aId);
		return p === undefined ? undefined : slots[p];
	};
	const drop = (aId: string, at?: number): void => {
		const x = extraAt.get(aId);
		if (x !== undefined) {
			extra[x] = undefined;
			extraAt.delete(aId);
			return;
		}
		const p = at ?? posA.get(aId);
		if (p !== undefined) slots[p] = undefined;
	};
	const put = (aId: string, pair: LinkedPair, at?: number): void => {
		const x = extraAt.get(aId);
		if (x !== undefined) {
			extra[x] = pair;
			return;
		}
		const p = at ?? posA.get(aId);
		if (p !== undefined && slots[p] !== undefined) slots[p] = pair;
		else {
			extraAt.set(aId, extra.length);
			extra.push(pair);
		}
	};
	// Where each B id was linked before this run (its index), for the few B ids a new pair may take over.
	let posOfB: Map<string, number> | undefined;
	const formerAt = (bId: string): number | undefined => {
		if (posOfB === undefined) {
			const wanted = new Set<string>();
			for (const u of plan.commit.pairs) if (u.isNew) wanted.add(u.bId);
			for (const w of creates.values()) {
				const id = results.get(w.ref)?.id;
				if (id) wanted.add(id);
			}
			posOfB = new Map<string, number>();
			for (let i = 0; i < before.length; i++) if (wanted.has(before[i].bId)) posOfB.set(before[i].bId, i);
		}
		return posOfB.get(bId);
	};
	const sourceKey = (pc: PendingCreate): string => (pc.side === 'a' ? 'b' : 'a') + pc.sourceId;
	const relayout = state.vectorLayout !== plan.commit.vectorLayout;
	const pendingCreates = new Map<string, PendingCreate>();
	for (const pc of state.pendingCreates) pendingCreates.set(sourceKey(pc), relayout ? { ...pc, base: withoutVectors(pc.base) } : pc);
	const conflicts = new Map<string, OpenConflict>();
	for (const c of state.conflicts) conflicts.set(pairKey(c.aId, c.bId), c);
	const seen = { a: new Set(plan.commit.retrySeen.a), b: new Set(plan.commit.retrySeen.b) };
	const retry = { a: new Set(state.retry.a.filter((id) => !seen.a.has(id))), b: new Set(state.retry.b.filter((id) => !seen.b.has(id))) };
	// Only needed to clear resolutions, and to tell which pairs a new field list re-hashed.
	const settled = state.resolutions.length > 0 ? { a: new Set<string>(), b: new Set<string>() } : undefined;
	const remapped = state.fieldsId !== '' && state.fieldsId !== plan.commit.fieldsId;
	const touched = new Set<string>();

	const updated = plan.commit.pairs;
	for (let i = 0; i < updated.length; i++) {
		const u = updated[i];
		if (conflicts.size > 0) conflicts.delete(pairKey(u.aId, u.bId));
		if (!allSucceeded(u.writes, results)) {
			if (u.aId) retry.a.add(u.aId);
			if (u.bId) retry.b.add(u.bId);
			continue;
		}
		if (settled && u.aId) settled.a.add(u.aId);
		if (settled && u.bId) settled.b.add(u.bId);
		if (u.aId) retry.a.delete(u.aId);
		if (u.bId) retry.b.delete(u.bId);
		const at = u.isNew ? undefined : indexed(u);
		if (u.next === null) {
			if (find(u.aId, at)?.bId === u.bId) drop(u.aId, at);
			continue;
		}
		let aId = u.aId;
		let bId = u.bId;
		let base = u.next;
		const pending: PendingWrite[] = [];
		let sentOut = false;
		for (const ref of u.writes) {
			const create = creates.get(ref);
			const update = create ? undefined : updates.get(ref);
			if (create) {
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
			} else if (update && update.pending) {
				// Held until the input shows it; the side keeps what it showed this run.
				base = withSide(base, update.side, u.cur);
				const expect = update.side === 'a' ? { hash: u.next.ha, vec: u.next.va } : { hash: u.next.hb, vec: u.next.vb };
				pending.push({ side: update.side, ...expect, fields: Object.keys(update.fields) });
			}
		}
		if (sentOut) continue;
		if (u.pendingCreate !== undefined) {
			pendingCreates.delete((aId === u.pendingCreate ? 'a' : 'b') + u.pendingCreate);
		}
		if (u.isNew) {
			// A pair re-created after a deletion replaces the old link of its surviving record.
			if (find(aId) !== undefined) drop(aId);
			const old = formerAt(bId);
			if (old !== undefined && find(before[old].aId, old)?.bId === bId) drop(before[old].aId, old);
		}
		const pair: LinkedPair = { aId, bId, base };
		if (pending.length > 0) pair.pending = pending;
		put(aId, pair, at);
		if (remapped || relayout) touched.add(aId);
	}

	for (const c of plan.conflicts) {
		conflicts.set(pairKey(c.aId, c.bId), { aId: c.aId, bId: c.bId, since: c.since, reason: c.reason });
	}
	const resolutions = settled ? state.resolutions.filter((r) => !settled.a.has(r.aId) && !settled.b.has(r.bId)) : [];

	let nextPairs: LinkedPair[] = [];
	for (let i = 0; i < slots.length; i++) if (slots[i] !== undefined) nextPairs.push(slots[i]!);
	for (let i = 0; i < extra.length; i++) if (extra[i] !== undefined) nextPairs.push(extra[i]!);
	if (remapped) {
		// Hashes of pairs not seen this run were made over the old field list: adopt them when next seen.
		const unknown = (h: string): string => (h === DELETED ? DELETED : UNKNOWN);
		nextPairs = nextPairs.map((p) =>
			touched.has(p.aId) ? p : { aId: p.aId, bId: p.bId, base: { ha: unknown(p.base.ha), hb: unknown(p.base.hb), va: '', vb: '' } },
		);
	} else if (relayout) {
		// Vectors of pairs not seen this run cover the old layout's fields: forgotten, rebuilt when next seen.
		nextPairs = nextPairs.map((p) => {
			if (touched.has(p.aId)) return p;
			const out: LinkedPair = { aId: p.aId, bId: p.bId, base: withoutVectors(p.base) };
			if (p.pending) out.pending = p.pending.map((w) => ({ ...w, vec: '' }));
			return out;
		});
	}


	return {
		version: 1,
		run: plan.run,
		fieldsId: plan.commit.fieldsId,
		vectorLayout: plan.commit.vectorLayout,
		cursors,
		...(deletionCursors ? { deletionCursors } : {}),
		pairs: nextPairs,
		pendingCreates: [...pendingCreates.values()],
		conflicts: [...conflicts.values()],
		resolutions,
		retry: { a: [...retry.a], b: [...retry.b] },
	};
}
