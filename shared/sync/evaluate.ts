import { pairKey, sameBaseline, type PlanBuilder } from './builder';
import { decideField, mostRecent } from './conflicts';
import { DELETED, UNKNOWN, hashFields, hashFieldsWith, hashIs, normaliseValue, sameValue, type RecordHash } from './hash';
import { recordKey } from './keys';
import { flows } from './settings';
import type { Baseline, Fields, LinkedPair, Side, SyncRecord } from './types';

const other = (side: Side): Side => (side === 'a' ? 'b' : 'a');
const hashOf = (base: Baseline, side: Side): string => (side === 'a' ? base.ha : base.hb);
const vecOf = (base: Baseline, side: Side): string => (side === 'a' ? base.va : base.vb);

function withSide(base: Baseline, side: Side, hash: string, vec: string): Baseline {
	return side === 'a' ? { ...base, ha: hash, va: vec } : { ...base, hb: hash, vb: vec };
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
	if (base && !isNew && !pair.pending && base.ha !== UNKNOWN && base.hb !== UNKNOWN && (!s.withVec || (base.va !== '' && base.vb !== ''))) {
		// The common case, kept cheap: both hashes match the baseline and nothing is open for the pair.
		if (hashIs(ra.fields, names, base.ha) && hashIs(rb.fields, names, base.hb)) {
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
	const seenA = hashFields(ra.fields, names, s.withVec);
	const seenB = hashFields(rb.fields, names, s.withVec);
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
	const vecs = s.withVec && effective !== null && effective.va.length === n && effective.vb.length === n;
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
			const aChanged = firstLink || owed.a.has(f) || (changedA && (!vecs || effective!.va[i] !== cur.va[i]));
			const bChanged = firstLink || owed.b.has(f) || (changedB && (!vecs || effective!.vb[i] !== cur.vb[i]));
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
		const afterA = countA > 0 ? hashFieldsWith(ra.fields, toA, names, s.withVec) : seenA;
		const afterB = countB > 0 ? hashFieldsWith(rb.fields, toB, names, s.withVec) : seenB;
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

/** A linked pair with at most one record in this run's input. */
export function evaluatePartial(builder: PlanBuilder, pair: LinkedPair, ra: SyncRecord | undefined, rb: SyncRecord | undefined): void {
	const s = builder.settings;
	const pa = presence(pair, 'a', ra, s.full.a);
	const pb = presence(pair, 'b', rb, s.full.b);
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
	const target = other(side);
	const seen = hashFields(record.fields, s.names, s.withVec);
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
	const vecs = s.withVec && eff.vec.length === n;
	const fields: Fields = {};
	let count = 0;
	for (let i = 0; i < n; i++) {
		if (!flows(s.directions[i], side)) continue;
		if (vecs && eff.vec[i] === seen.vec[i]) continue;
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
	if (count === n) {
		expect = seen.hash;
		vec = seen.vec;
	} else if (vecs && vecOf(pair.base, target).length === n) {
		const old = vecOf(pair.base, target);
		vec = s.names.map((name, i) => (name in fields ? seen.vec[i] : old[i])).join('');
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
		const seen = hashFields({ ...survivor.fields, ...values }, s.names, s.withVec);
		const made = hashFields(fields, s.names, s.withVec);
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
		const seen = hashFields(survivor.fields, s.names, s.withVec);
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
