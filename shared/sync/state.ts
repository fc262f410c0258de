import { z } from 'zod';

import type { LinkedPair, PendingWrite, Side, SyncState } from './types';

// Stored in workflow static data, so every linked pair is a short array, not an
// object: [aId, bId, hashA, hashB?, fieldsA?, fieldsB?]. hashB is omitted (or '')
// when equal to hashA, fieldsB when it can be inferred (below), and both field vectors
// when no rule reads them (see vectors.ts). A typical pair is about 45 bytes of JSON.

export type StoredPair = [string, string, string, string?, string?, string?];

export interface StoredSyncState {
	v: 1;
	/** Run counter. */
	n: number;
	/** Id of the synced field list. */
	f: string;
	/** Id of the field vectors' layout (left out when ''). */
	g?: string;
	/** Cursors of side A and B. */
	c?: [string | null, string | null];
	/** Deletion-tracking cursors of side A and B. */
	d?: [string | null, string | null];
	p: StoredPair[];
	/** Pending writes: [aId, bId, side, expected hash, expected field vector, fields written]. */
	w?: Array<[string, string, Side, string, string, string[]]>;
	/** Pending creates: [side created on, source id, key, ha, hb, va, vb]. */
	pc?: Array<[Side, string, string, string, string, string, string]>;
	/** Open conflicts: [aId, bId, since run, reason]. */
	x?: Array<[string, string, number, string]>;
	/** Resolutions: [aId, bId, winner]. */
	r?: Array<[string, string, unknown]>;
	/** Ids to fetch again: [A ids, B ids]. */
	t?: [string[], string[]];
}

export class SyncStateError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SyncStateError';
	}
}

export function emptyState(): SyncState {
	return {
		version: 1,
		run: 0,
		fieldsId: '',
		vectorLayout: '',
		cursors: {},
		pairs: [],
		pendingCreates: [],
		conflicts: [],
		resolutions: [],
		retry: { a: [], b: [] },
	};
}

// Vectors: without a layout (field merge) both sides cover every field, so a missing
// fieldsB means "as fieldsA". With a layout (one-way fields) each side covers its own
// fields, and often only side A keeps any: a missing fieldsB then means none.
function encodePair(p: LinkedPair, layout: boolean): StoredPair {
	const { ha, hb, va, vb } = p.base;
	// Built at its final length: 100,000 pairs should not each grow an array.
	if (va === '' && vb === '') return hb === ha ? [p.aId, p.bId, ha] : [p.aId, p.bId, ha, hb];
	const hbOut = hb === ha ? '' : hb;
	const short = layout ? vb === '' : vb === va;
	return short ? [p.aId, p.bId, ha, hbOut, va] : [p.aId, p.bId, ha, hbOut, va, vb];
}

function decodePair(t: unknown, index: number, layout: boolean): LinkedPair {
	const n = Array.isArray(t) ? t.length : 0;
	let ok = n >= 3 && n <= 6;
	for (let i = 0; ok && i < n; i++) ok = typeof (t as unknown[])[i] === 'string';
	if (!ok) throw new SyncStateError(`Saved sync state is damaged (pair ${index}); use Reset State`);
	// The stored strings are referenced, not copied.
	const v = t as string[];
	const ha = v[2];
	const hb = n > 3 && v[3] ? v[3] : ha;
	const va = n > 4 ? v[4] : '';
	const vb = n > 5 ? v[5] : layout ? '' : va;
	return { aId: v[0], bId: v[1], base: { ha, hb, va, vb } };
}

const side = z.enum(['a', 'b']);
const winner = z.union([side, z.record(z.union([z.string(), z.number(), z.boolean(), z.null()]))]);
const envelope = z.object({
	v: z.literal(1),
	n: z.number().int().nonnegative(),
	f: z.string(),
	g: z.string().optional(),
	c: z.tuple([z.string().nullable(), z.string().nullable()]).optional(),
	// Deletion-tracking cursors (CrmConnector.deletedSince), absent when no side tracks deletions.
	d: z.tuple([z.string().nullable(), z.string().nullable()]).optional(),
	// Checked pair by pair in decodePair; an array schema would copy 100,000 entries first.
	p: z.custom<unknown[]>((value) => Array.isArray(value)),
	w: z.array(z.tuple([z.string(), z.string(), side, z.string(), z.string(), z.array(z.string())])).optional(),
	pc: z.array(z.tuple([side, z.string(), z.string(), z.string(), z.string(), z.string(), z.string()])).optional(),
	x: z.array(z.tuple([z.string(), z.string(), z.number(), z.enum(['bothChanged', 'deletedOnA', 'deletedOnB'])])).optional(),
	r: z.array(z.tuple([z.string(), z.string(), winner])).optional(),
	t: z.tuple([z.array(z.string()), z.array(z.string())]).optional(),
});

/** JSON-safe, compact form for workflow static data. */
export function encodeState(state: SyncState): StoredSyncState {
	const out: StoredSyncState = { v: 1, n: state.run, f: state.fieldsId, p: state.pairs.map((p) => encodePair(p, state.vectorLayout !== '')) };
	if (state.vectorLayout !== '') out.g = state.vectorLayout;
	if (state.cursors.a !== undefined || state.cursors.b !== undefined) out.c = [state.cursors.a ?? null, state.cursors.b ?? null];
	const d = state.deletionCursors;
	if (d && (d.a !== undefined || d.b !== undefined)) out.d = [d.a ?? null, d.b ?? null];
	const pending: NonNullable<StoredSyncState['w']> = [];
	for (let i = 0; i < state.pairs.length; i++) {
		const p = state.pairs[i];
		if (!p.pending) continue;
		for (const w of p.pending) pending.push([p.aId, p.bId, w.side, w.hash, w.vec, w.fields]);
	}
	if (pending.length) out.w = pending;
	if (state.pendingCreates.length) {
		out.pc = state.pendingCreates.map((pc) => [pc.side, pc.sourceId, pc.key, pc.base.ha, pc.base.hb, pc.base.va, pc.base.vb]);
	}
	if (state.conflicts.length) out.x = state.conflicts.map((c) => [c.aId, c.bId, c.since, c.reason]);
	if (state.resolutions.length) out.r = state.resolutions.map((r) => [r.aId, r.bId, r.winner]);
	if (state.retry.a.length || state.retry.b.length) out.t = [[...state.retry.a], [...state.retry.b]];
	return out;
}

/** Reads what `encodeState` stored; nothing stored yet gives the empty state. */
export function decodeState(stored: unknown): SyncState {
	if (stored === undefined || stored === null || (typeof stored === 'object' && Object.keys(stored).length === 0)) {
		return emptyState();
	}
	const parsed = envelope.safeParse(stored);
	if (!parsed.success) throw new SyncStateError(`Saved sync state is damaged or from another version; use Reset State`);
	const data = parsed.data;
	const list = data.p;
	const pairs = new Array<LinkedPair>(list.length);
	const layout = (data.g ?? '') !== '';
	for (let i = 0; i < list.length; i++) pairs[i] = decodePair(list[i], i, layout);
	if (data.w?.length) {
		const byA = new Map(pairs.map((p) => [p.aId, p]));
		for (const [aId, bId, s, hash, vec, fields] of data.w) {
			const pair = byA.get(aId);
			if (!pair || pair.bId !== bId) continue;
			const write: PendingWrite = { side: s, hash, vec, fields };
			pair.pending = [...(pair.pending ?? []), write];
		}
	}
	return {
		version: 1,
		run: data.n,
		fieldsId: data.f,
		vectorLayout: data.g ?? '',
		cursors: {
			...(data.c?.[0] != null ? { a: data.c[0] } : {}),
			...(data.c?.[1] != null ? { b: data.c[1] } : {}),
		},
		...(data.d ? { deletionCursors: { ...(data.d[0] != null ? { a: data.d[0] } : {}), ...(data.d[1] != null ? { b: data.d[1] } : {}) } } : {}),
		pairs,
		pendingCreates: (data.pc ?? []).map(([s, sourceId, key, ha, hb, va, vb]) => ({ side: s, sourceId, key, base: { ha, hb, va, vb } })),
		conflicts: (data.x ?? []).map(([aId, bId, since, reason]) => ({ aId, bId, since, reason })),
		resolutions: (data.r ?? []).map(([aId, bId, w]) => ({ aId, bId, winner: w })),
		retry: { a: data.t?.[0] ?? [], b: data.t?.[1] ?? [] },
	};
}
