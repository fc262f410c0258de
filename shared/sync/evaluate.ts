import { pairKey, sameBaseline, type PlanBuilder } from './builder';
import { decideField, mostRecent } from './conflicts';
import { DELETED, UNKNOWN, hashFields, hashIs, normaliseValue, sameValue, type RecordHash } from './hash';
import { recordKey } from './keys';
import { isLean } from './hold';
import { flows } from './settings';
import type { Baseline, Fields, LinkedPair, Side, SyncRecord } from './types';
import { project, sideHash, sideHashWith, vectorsKnown } from './vectors';

const other = (side: Side): Side => (side === 'a' ? 'b' : 'a');
const hashOf = (base: Baseline, side: Side): string => (side === 'a' ? base.ha : base.hb);
const vecOf = (base: Baseline, side: Side): string => (side === 'a' ? base.va : base.vb);

function withSide(base: Baseline, side: Side, hash: string, vec: string): Baseline {
	return side === 'a' ? { ...base, ha: hash, va: vec } : { ...base, hb: hash, vb: vec };
}

/** Whether the record hashes to `expected`; a lean record carries its hash (hold.ts). */
function recordIs(record: SyncRecord, names: readonly string[], expected: string): boolean {
	return record.hash !== undefined ? record.hash === expected : hashIs(record.fields, names, expected);
}

function mapped(record: SyncRecord, names: readonly string[]): Fields {
	const out: Fields = {};
	for (const name of names) out[name] = normaliseValue(record.fields[name]);
	return out;
}

/**
 * The baseline of one side as this run should read it: a pending write the input
 * now shows is confirmed, and an unknown hash is adopted.
 */
function effectiveSide(pair: LinkedPair, side: Side, seen: RecordHash): { hash: string; vec: string; owedBack: string[] } {
	let hash = hashOf(pair.base, side);
	let vec = vecOf(pair.base, side);
	const owedBack: string[] = [];
	for (const pending of pair.pending ?? []) {
		if (pending.side !== side) continue;
		if (pending.hash === seen.hash || pending.hash === UNKNOWN) {
			hash = seen.hash;
			vec = pending.hash === UNKNOWN ? seen.vec : pending.vec;
		} else {
			owedBack.push(...pending.fields);
		}
	}
	if (hash === UNKNOWN) {
		hash = seen.hash;
		vec = seen.vec;
	}
	return { hash, vec, owedBack };
}

/** Both records present (or just matched by key, when `base` is null). */
export function evaluateBoth(
	builder: PlanBuilder,
	pair: LinkedPair,
	base: Baseline | null,
	ra: SyncRecord,
	rb: SyncRecord,
	isNew: boolean,
	pendingCreate?: string,
): void {
	const s = builder.settings;
	const names = s.names;
	if (base && !isNew && !pair.pending && base.ha !== UNKNOWN && base.hb !== UNKNOWN && vectorsKnown(s.layout, base)) {
		// The common case, kept cheap: both hashes match the baseline and nothing is open for the pair.
		if (recordIs(ra, names, base.ha) && recordIs(rb, names, base.hb)) {
			const open = builder.openConflicts.size > 0 || builder.resolutions.size > 0;
			const id = open ? pairKey(pair.aId, pair.bId) : '';
			if (!open || (!builder.openConflicts.has(id) && !builder.resolutions.has(id))) {
				builder.unchanged();
				return;
			}
		}
	}
	const key = pairKey(pair.aId, pair.bId);
	const hadConflict = builder.openConflicts.has(key);
	const seenA = sideHash(s.layout, 'a', ra.fields, names);
	const seenB = sideHash(s.layout, 'b', rb.fields, names);
	const cur: Baseline = { ha: seenA.hash, hb: seenB.hash, va: seenA.vec, vb: seenB.vec };

	// Fields a side still owes the other: its pending write did not show up there.
	const owed = { a: new Set<string>(), b: new Set<string>() };
	let effective: Baseline | null = null;
	if (base && !(base.ha === UNKNOWN && base.hb === UNKNOWN)) {
		const view = { ...pair, base };
		const a = effectiveSide(view, 'a', seenA);
		const b = effectiveSide(view, 'b', seenB);
		for (const f of b.owedBack) owed.a.add(f);
		for (const f of a.owedBack) owed.b.add(f);
		effective = { ha: a.hash, hb: b.hash, va: a.vec, vb: b.vec };
	}
	const firstLink = effective === null;
	const changedA = effective === null || effective.ha !== cur.ha || owed.a.size > 0;
	const changedB = effective === null || effective.hb !== cur.hb || owed.b.size > 0;
	const resolution = builder.resolutions.get(key);

	if (!resolution && !changedA && !changedB && effective) {
		builder.unchanged();
		if (isNew || pendingCreate || hadConflict || pair.pending?.length || !sameBaseline(pair.base, cur)) {
			builder.pair({ aId: pair.aId, bId: pair.bId, cur, next: cur, writes: [], isNew, pendingCreate });
		}
		return;
	}

	const n = names.length;
	// Per-field characters, where this side keeps them and they were known at the baseline.
	const { track, at } = s.layout;
	const vecA = effective !== null && track.a.length > 0 && effective.va.length === track.a.length;
	const vecB = effective !== null && track.b.length > 0 && effective.vb.length === track.b.length;
	let recentSide: Side | undefined;
	const recent = (): Side => (recentSide ??= mostRecent(ra.updatedAt, rb.updatedAt, s.conflict.tieBreak));
	const toA: Fields = {};
	const toB: Fields = {};
	let countA = 0;
	let countB = 0;
	const conflictFields: string[] = [];
	const winnerValues = resolution && typeof resolution.winner === 'object' ? resolution.winner : undefined;

	for (let i = 0; i < n; i++) {
		const f = names[i];
		const direction = s.directions[i];
		const av = normaliseValue(ra.fields[f]);
		const bv = normaliseValue(rb.fields[f]);
		if (winnerValues) {
			if (!(f in winnerValues)) continue;
			const v = normaliseValue(winnerValues[f]);
			if (!sameValue(av, v)) {
				toA[f] = v;
				countA++;
			}
			if (!sameValue(bv, v)) {
				toB[f] = v;
				countB++;
			}
			continue;
		}
		if (sameValue(av, bv)) continue;
		let winner: Side | 'conflict' | null;
		if (resolution) {
			winner = resolution.winner as Side;
		} else {
			const pa = vecA ? at.a[i] : -1;
			const pb = vecB ? at.b[i] : -1;
			const aChanged = firstLink || owed.a.has(f) || (changedA && (pa < 0 || effective!.va[pa] !== cur.va[pa]));
			const bChanged = firstLink || owed.b.has(f) || (changedB && (pb < 0 || effective!.vb[pb] !== cur.vb[pb]));
			winner = decideField(
				{ direction, aChanged, bChanged, firstLink, aEmpty: av === null, bEmpty: bv === null },
				s.conflict,
				recent,
			);
		}
		if (winner === 'conflict') conflictFields.push(f);
		else if (winner === 'a' && flows(direction, 'a')) {
			toB[f] = av;
			countB++;
		} else if (winner === 'b' && flows(direction, 'b')) {
			toA[f] = bv;
			countA++;
		}
	}

	if (conflictFields.length > 0) {
		builder.conflict({
			aId: pair.aId,
			bId: pair.bId,
			reason: 'bothChanged',
			fields: conflictFields,
			a: mapped(ra, names),
			b: mapped(rb, names),
			...(ra.updatedAt !== undefined ? { aUpdatedAt: ra.updatedAt } : {}),
			...(rb.updatedAt !== undefined ? { bUpdatedAt: rb.updatedAt } : {}),
		});
		return;
	}

	let next = cur;
	const writes: string[] = [];
	if (countA > 0 || countB > 0) {
		const afterA = countA > 0 ? sideHashWith(s.layout, 'a', ra.fields, toA, names) : seenA;
		const afterB = countB > 0 ? sideHashWith(s.layout, 'b', rb.fields, toB, names) : seenB;
		next = { ha: afterA.hash, hb: afterB.hash, va: afterA.vec, vb: afterB.vec };
		if (countA > 0) writes.push(builder.update('a', pair.aId, pair.bId, toA, next.ha));
		if (countB > 0) writes.push(builder.update('b', pair.aId, pair.bId, toB, next.hb));
	} else {
		builder.unchanged();
	}
	builder.pair({ aId: pair.aId, bId: pair.bId, cur, next, writes, isNew, pendingCreate });
}

type Presence = 'present' | 'unknown' | 'gone' | 'tomb';

function presence(pair: LinkedPair, side: Side, record: SyncRecord | undefined, full: boolean): Presence {
	if (record) return 'present';
	if (hashOf(pair.base, side) === DELETED) return 'tomb';
	return full ? 'gone' : 'unknown';
}

/** Fields of `record` a create on `target` carries: those allowed to flow there, and the key fields. */
export function createFields(builder: PlanBuilder, record: SyncRecord, target: Side): Fields {
	const s = builder.settings;
	const out: Fields = {};
	s.names.forEach((name, i) => {
		if (!flows(s.directions[i], other(target)) && !s.keyFields.has(name)) return;
		const value = normaliseValue(record.fields[name]);
		if (value !== null) out[name] = value;
	});
	return out;
}

/**
 * A linked pair with at most one record in this run's input; `unread`: that side's record
 * is present, but its values are not known (held lean, hold.ts), so it is not gone either.
 */
export function evaluatePartial(builder: PlanBuilder, pair: LinkedPair, ra: SyncRecord | undefined, rb: SyncRecord | undefined, unread?: Side): void {
	const s = builder.settings;
	const pa = unread === 'a' ? 'unknown' : presence(pair, 'a', ra, s.full.a || s.deleted.a.has(pair.aId));
	const pb = unread === 'b' ? 'unknown' : presence(pair, 'b', rb, s.full.b || s.deleted.b.has(pair.bId));
	if (pa === 'unknown' && pb === 'unknown') return;
	const { aId, bId } = pair;
	const none: Baseline = pair.base;

	if ((pa === 'gone' || pa === 'tomb') && (pb === 'gone' || pb === 'tomb')) {
		builder.pair({ aId, bId, cur: none, next: null, writes: [], isNew: false });
		return;
	}
	const goneSide: Side | undefined = pa === 'gone' ? 'a' : pb === 'gone' ? 'b' : undefined;
	if (goneSide) {
		handleDeletion(builder, pair, goneSide, goneSide === 'a' ? rb : ra);
		return;
	}
	if (!ra && !rb) {
		// One side is a kept deletion (a tombstone) and the other was not read this
		// run (incremental): nothing to compare, nothing to write.
		return;
	}
	if (builder.fieldsChanged) {
		// The saved hashes cover another field list: commit() marks them unknown, adopted when both are seen.
		builder.unchanged();
		return;
	}
	const side: Side = ra ? 'a' : 'b';
	const record = (ra ?? rb)!;
	// Held lean (hold.ts): it equals the baseline of a pair with nothing pending or open, so nothing is to write.
	if (isLean(record)) {
		builder.unchanged();
		return;
	}
	const target = other(side);
	const { track, at, all } = s.layout;
	const full = hashFields(record.fields, s.names, all || track.a.length > 0 || track.b.length > 0);
	const seen: RecordHash = { hash: full.hash, vec: project(s.layout, side, full.vec) };
	const cur = withSide(pair.base, side, seen.hash, seen.vec);
	if (presence(pair, target, undefined, false) === 'tomb') {
		// Deleted over there and the delete mode keeps it deleted: nowhere to write.
		builder.unchanged();
		return;
	}
	const eff = effectiveSide(pair, side, seen);
	const waiting = (pair.pending ?? []).some((p) => p.side === target);
	if (eff.owedBack.length > 0 || waiting) {
		// A write to an input side is still open; wait until both records are seen.
		return;
	}
	const hadConflict = builder.openConflicts.has(pairKey(aId, bId));
	if (eff.hash === seen.hash) {
		builder.unchanged();
		if (hadConflict || !sameBaseline(pair.base, cur)) builder.pair({ aId, bId, cur, next: cur, writes: [], isNew: false });
		return;
	}
	// Changed here, unchanged there (it was not listed as changed): send what changed.
	const n = s.names.length;
	const vecs = track[side].length > 0 && eff.vec.length === track[side].length;
	const fields: Fields = {};
	let count = 0;
	for (let i = 0; i < n; i++) {
		if (!flows(s.directions[i], side)) continue;
		const p = vecs ? at[side][i] : -1;
		if (p >= 0 && eff.vec[p] === seen.vec[p]) continue;
		fields[s.names[i]] = normaliseValue(record.fields[s.names[i]]);
		count++;
	}
	if (count === 0) {
		builder.unchanged();
		builder.pair({ aId, bId, cur, next: cur, writes: [], isNew: false });
		return;
	}
	// The target's other fields are not known here, so its new hash is only known when every field is written.
	let expect = UNKNOWN;
	let vec = '';
	const old = vecOf(pair.base, target);
	if (count === n) {
		expect = seen.hash;
		vec = project(s.layout, target, full.vec);
	} else if (track[target].length > 0 && old.length === track[target].length) {
		vec = track[target].map((i, j) => (s.names[i] in fields ? full.vec[i] : old[j])).join('');
	}
	const next = withSide(cur, target, expect, vec);
	const ref = builder.update(target, aId, bId, fields, expect);
	builder.pair({ aId, bId, cur, next, writes: [ref], isNew: false });
}

function handleDeletion(builder: PlanBuilder, pair: LinkedPair, gone: Side, survivor: SyncRecord | undefined): void {
	const s = builder.settings;
	const { aId, bId } = pair;
	const kept = other(gone);
	const resolution = builder.resolutions.get(pairKey(aId, bId));
	if (resolution) {
		if (resolution.winner === gone) {
			builder.pair({ aId, bId, cur: pair.base, next: null, writes: [builder.delete(kept, aId, bId)], isNew: false });
			return;
		}
		if (!survivor) return;
		// The surviving record wins: create it again where it was deleted.
		const values = typeof resolution.winner === 'object' ? resolution.winner : {};
		const fields = { ...createFields(builder, survivor, gone), ...values };
		const seen = sideHash(s.layout, kept, { ...survivor.fields, ...values }, s.names);
		const made = sideHash(s.layout, gone, fields, s.names);
		const cur = withSide(withSide(pair.base, kept, seen.hash, seen.vec), gone, made.hash, made.vec);
		const writes = [builder.create(gone, survivor.id, recordKey(survivor, s.keys) ?? '', fields, made.hash)];
		const keptFields: Fields = {};
		for (const [k, v] of Object.entries(values)) if (!sameValue(survivor.fields[k], v)) keptFields[k] = v;
		if (Object.keys(keptFields).length > 0) writes.push(builder.update(kept, aId, bId, keptFields, seen.hash));
		builder.pair({ aId: gone === 'a' ? '' : aId, bId: gone === 'b' ? '' : bId, cur, next: cur, writes, isNew: true });
		return;
	}
	if (s.deleteMode === 'ignore') {
		const next = withSide(pair.base, gone, DELETED, '');
		builder.unchanged();
		builder.pair({ aId, bId, cur: next, next, writes: [], isNew: false });
		return;
	}
	if (survivor) {
		// A lean survivor (hold.ts) carries its hash, its pair's baseline; its vector is the baseline's then.
		const seen = isLean(survivor)
			? { hash: survivor.hash!, vec: vecOf(pair.base, kept) }
			: sideHash(s.layout, kept, survivor.fields, s.names);
		const eff = effectiveSide(pair, kept, seen);
		if (eff.hash !== seen.hash) {
			// Deleted on one side, edited on the other: never drop the edit silently.
			builder.conflict({
				aId,
				bId,
				reason: gone === 'a' ? 'deletedOnA' : 'deletedOnB',
				fields: [],
				a: kept === 'a' ? mapped(survivor, s.names) : null,
				b: kept === 'b' ? mapped(survivor, s.names) : null,
				...(survivor.updatedAt !== undefined ? { [kept === 'a' ? 'aUpdatedAt' : 'bUpdatedAt']: survivor.updatedAt } : {}),
			});
			return;
		}
	}
	builder.guardedDeletes++;
	builder.pair({ aId, bId, cur: pair.base, next: null, writes: [builder.delete(kept, aId, bId)], isNew: false });
}
