import { hashFields, hashNames } from '../../../shared/sync/hash';
import { commit, emptyState, plan, type Baseline, type Fields, type LinkedPair, type SyncConfig, type SyncPlan, type SyncRecord, type SyncState } from '../../../shared/sync';

export const FIELDS = ['email', 'name', 'phone'];

export const config = (over: Partial<SyncConfig> = {}): SyncConfig => ({
	fields: FIELDS,
	direction: 'both',
	keys: [{ field: 'email' }],
	conflict: { strategy: 'aWins' },
	deleteMode: 'ignore',
	fullReconcile: false,
	...over,
});

export const rec = (id: string, fields: Fields, updatedAt?: string): SyncRecord =>
	updatedAt === undefined ? { id, fields } : { id, fields, updatedAt };

/** Hash of mapped fields as the engine computes it (opaque, so the tests ask the engine's hash). */
export const H = (fields: Fields): string => hashFields(fields, FIELDS, false).hash;
export const V = (fields: Fields): string => hashFields(fields, FIELDS, true).vec;

export const base = (a: Fields, b: Fields = a, vectors = false): Baseline => ({
	ha: H(a),
	hb: H(b),
	va: vectors ? V(a) : '',
	vb: vectors ? V(b) : '',
});

export const pair = (aId: string, bId: string, a: Fields, b: Fields = a, vectors = false): LinkedPair => ({
	aId,
	bId,
	base: base(a, b, vectors),
});

export const state = (pairs: LinkedPair[] = [], over: Partial<SyncState> = {}): SyncState => ({
	...emptyState(),
	fieldsId: hashNames(FIELDS),
	pairs,
	...over,
});

export type PublicPlan = Omit<SyncPlan, 'commit'>;

export function expected(over: Partial<PublicPlan>): PublicPlan {
	return {
		run: 1,
		creates: { a: [], b: [] },
		updates: { a: [], b: [] },
		deletes: { a: [], b: [] },
		conflicts: [],
		duplicates: [],
		skipped: [],
		unchanged: 0,
		...over,
	};
}

export function publicPart(p: SyncPlan): PublicPlan {
	const { commit: _commit, ...rest } = p;
	return rest;
}

/**
 * The state the engine itself leaves after linking `aId`/`bId` with equal values and
 * then seeing each later version in turn (every write succeeding), so the baseline
 * holds exactly what the engine tracks for `cfg` (per-field characters included).
 */
export function history(cfg: SyncConfig, aId: string, bId: string, versions: Array<[Fields, Fields]>): SyncState {
	let st = state();
	for (const [a, b] of versions) {
		const p = plan(st, [rec(aId, a)], [rec(bId, b)], cfg);
		const refs = [p.creates, p.updates, p.deletes].flatMap((l) => [...l.a, ...l.b]).map((w) => w.ref);
		st = commit(st, p, refs.map((ref) => ({ ref, ok: true })));
	}
	// Run numbers restart so a scenario's plan is run 1, like the hand-built states.
	return { ...st, run: 0 };
}
