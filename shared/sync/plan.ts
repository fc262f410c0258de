import { PlanBuilder, pairKey } from './builder';
import { createFields, evaluateBoth, evaluatePartial } from './evaluate';
import { isLean, type RecordHold } from './hold';
import { recordKey } from './keys';
import { flows, settingsOf } from './settings';
import type { ForeignRecord } from './slice';
import type { LinkedPair, OpenConflict, PendingCreate, Resolution, Side, SyncConfig, SyncPlan, SyncRecord, SyncState } from './types';
import { sideHash, withoutVectors } from './vectors';

/**
 * The records of one side, indexed once. A slot is one distinct id, numbered in the
 * order ids first appear; a repeated id keeps its last record (as a Map would).
 * Per-slot facts live in plain arrays, so 100,000 records cost one Map, not several.
 */
class SideIndex {
	/** Id -> slot; absent when a RecordHold indexed the records (then it is asked). */
	private readonly slot: Map<string, number> | undefined;
	/** The record of each slot: the input array itself unless an id repeats. */
	readonly record: readonly SyncRecord[];
	/** The linked partner's id, for records that belong to a remembered pair. */
	readonly partner: Array<string | undefined>;
	/** The match key (null: none); filled in step 2. */
	readonly key: Array<string | null>;
	/** Matched by key this run to a record of the other side. */
	readonly matched: Uint8Array;

	constructor(
		records: readonly SyncRecord[],
		private readonly held?: { hold: RecordHold; side: Side },
	) {
		if (held) {
			// The hold placed an id read again in its first place: no id repeats.
			this.record = records;
		} else {
			const slot = new Map<string, number>();
			let copy: SyncRecord[] | undefined;
			for (let i = 0; i < records.length; i++) {
				const record = records[i];
				const at = slot.get(record.id);
				if (at === undefined) {
					slot.set(record.id, slot.size);
					if (copy) copy.push(record);
				} else {
					// Every id before this one was distinct, so slots so far are positions.
					copy ??= records.slice(0, i);
					copy[at] = record;
				}
			}
			this.slot = slot;
			this.record = copy ?? records;
		}
		const n = this.record.length;
		this.partner = new Array<string | undefined>(n).fill(undefined);
		this.key = new Array<string | null>(n).fill(null);
		this.matched = new Uint8Array(n);
	}

	at(id: string): number | undefined {
		return this.slot ? this.slot.get(id) : this.held!.hold.position(this.held!.side, id);
	}

	get(id: string): SyncRecord | undefined {
		const at = this.at(id);
		return at === undefined ? undefined : this.record[at];
	}

	has(id: string): boolean {
		return this.at(id) !== undefined;
	}
}

function forgetVectors(pair: LinkedPair): LinkedPair {
	const out: LinkedPair = { aId: pair.aId, bId: pair.bId, base: withoutVectors(pair.base) };
	if (pair.pending) out.pending = pair.pending.map((w) => ({ ...w, vec: '' }));
	return out;
}

export interface PlanOptions {
	/**
	 * A slice's records linked in other slices whose key falls in this one
	 * (slice.ts): they hold their key, as a linked record does, and are never
	 * planned here.
	 */
	foreign?: { a?: readonly ForeignRecord[]; b?: readonly ForeignRecord[] };
	/**
	 * The RecordHold the records were read through (the CRM Sync node's run): its index
	 * of them is used instead of building one here. Ignored unless it holds exactly
	 * these records for this state (RecordHold.indexes), and with foreign records.
	 */
	held?: RecordHold;
}

function indexWithForeign(records: readonly SyncRecord[], foreign: readonly ForeignRecord[] | undefined): SideIndex {
	if (!foreign?.length) return new SideIndex(records);
	const index = new SideIndex(records.concat(foreign.map((f) => f.record)));
	for (const f of foreign) index.partner[index.at(f.record.id)!] = f.partner;
	return index;
}

/**
 * Works out what to write so that both sides agree, from the records fetched this
 * run and the state of the last commit. Pure: `state` and the records are not changed.
 */
export function plan(state: SyncState, a: readonly SyncRecord[], b: readonly SyncRecord[], config: SyncConfig, options: PlanOptions = {}): SyncPlan {
	const s = settingsOf(config);
	const openConflicts = new Map<string, OpenConflict>();
	for (const c of state.conflicts) openConflicts.set(pairKey(c.aId, c.bId), c);
	const resolutions = new Map<string, Resolution>();
	for (const r of state.resolutions) resolutions.set(pairKey(r.aId, r.bId), r);
	const fieldsChanged = state.fieldsId !== '' && state.fieldsId !== s.fieldsId;
	// Vectors kept for other fields (Field Overrides or the strategy changed) are not read: whole-record rules for one run.
	const layoutChanged = state.vectorLayout !== s.layout.id;
	const builder = new PlanBuilder(s, state.run + 1, fieldsChanged, openConflicts, resolutions);
	const foreign = (options.foreign?.a?.length ?? 0) + (options.foreign?.b?.length ?? 0);
	const held = foreign === 0 && options.held?.indexes(state, a, b) ? options.held : undefined;
	const records = held
		? { a: new SideIndex(a, { hold: held, side: 'a' }), b: new SideIndex(b, { hold: held, side: 'b' }) }
		: { a: indexWithForeign(a, options.foreign?.a), b: indexWithForeign(b, options.foreign?.b) };
	const slotOf = (side: Side, i: number, id: string): number | undefined => {
		if (!held) return records[side].at(id);
		const at = held.at[side][i];
		return at >= 0 ? at : undefined;
	};

	// 1. Remembered links first: a key edited after linking keeps its pair.
	const pairs = state.pairs;
	for (let i = 0; i < pairs.length; i++) {
		const pair = layoutChanged ? forgetVectors(pairs[i]) : pairs[i];
		const at = slotOf('a', i, pair.aId);
		const bt = slotOf('b', i, pair.bId);
		if (at !== undefined) records.a.partner[at] = pair.bId;
		if (bt !== undefined) records.b.partner[bt] = pair.aId;
		const ra = at === undefined ? undefined : records.a.record[at];
		const rb = bt === undefined ? undefined : records.b.record[bt];
		builder.linkAt = i;
		if (ra && rb) {
			const la = isLean(ra);
			// A lean record beside a whole one (its partner was read again changed, hold.ts): its values are unknown,
			// so the pair is planned as if it had not been read.
			if (la === isLean(rb)) evaluateBoth(builder, pair, fieldsChanged ? null : pair.base, ra, rb, false);
			else evaluatePartial(builder, pair, la ? undefined : ra, la ? rb : undefined, la ? 'a' : 'b');
		} else evaluatePartial(builder, pair, ra, rb);
	}
	builder.linkAt = -1;

	// 2. Keys of everything present; a key held twice on one side is reported, never merged.
	// Most keys are unique, so only the second holder of a key allocates a group.
	const first = { a: new Map<string, number>(), b: new Map<string, number>() };
	const many = { a: new Map<string, SyncRecord[]>(), b: new Map<string, SyncRecord[]>() };
	for (const side of ['a', 'b'] as const) {
		const index = records[side];
		for (let i = 0; i < index.record.length; i++) {
			const record = index.record[i];
			// A record held lean (hold.ts) brings its key, its fields were dropped.
			const key = record.key !== undefined ? record.key : recordKey(record, s.keys);
			index.key[i] = key;
			if (key === null) continue;
			const seen = first[side].get(key);
			if (seen === undefined) first[side].set(key, i);
			else {
				const group = many[side].get(key);
				if (group) group.push(record);
				else many[side].set(key, [index.record[seen], record]);
			}
		}
		for (const [key, group] of many[side]) builder.duplicate({ side, key, ids: group.map((r) => r.id) });
	}

	const pendingByTarget = new Map<string, PendingCreate>();
	const pendingBySource = new Map<string, PendingCreate>();
	for (const stored of state.pendingCreates) {
		const pc = layoutChanged ? { ...stored, base: withoutVectors(stored.base) } : stored;
		pendingByTarget.set(pc.side + pc.key, pc);
		pendingBySource.set((pc.side === 'a' ? 'b' : 'a') + pc.sourceId, pc);
	}

	// 3. Unlinked records: match by key, or create on the other side.
	for (const side of ['a', 'b'] as const) {
		const otherSide: Side = side === 'a' ? 'b' : 'a';
		const index = records[side];
		const others = records[otherSide];
		for (let i = 0; i < index.record.length; i++) {
			if (index.partner[i] !== undefined || index.matched[i] === 1) continue;
			const record = index.record[i];
			const key = index.key[i];
			if (key === null) {
				builder.skip({ side, id: record.id, reason: 'noKey' });
				continue;
			}
			if (many[side].has(key) || many[otherSide].has(key)) continue;
			const at = first[otherSide].get(key);
			if (at !== undefined) {
				const partner = others.record[at];
				const linkedTo = others.partner[at];
				if (linkedTo !== undefined) {
					// The key already belongs to a linked pair: a second record would duplicate it.
					builder.duplicate({ side, key, ids: [linkedTo, record.id] });
					continue;
				}
				others.matched[at] = 1;
				const [ra, rb] = side === 'a' ? [record, partner] : [partner, record];
				// Our own create arriving while its source is present: compare with what was sent, and settle it.
				const sent = [pendingByTarget.get('a' + key), pendingByTarget.get('b' + key)].find(
					(pc) => pc !== undefined && pc.sourceId === (pc.side === 'a' ? rb.id : ra.id),
				);
				if (sent) {
					evaluateBoth(builder, { aId: ra.id, bId: rb.id, base: sent.base }, sent.base, ra, rb, true, sent.sourceId);
					continue;
				}
				const pair = { aId: ra.id, bId: rb.id, base: { ha: '', hb: '', va: '', vb: '' } };
				evaluateBoth(builder, pair, null, ra, rb, true);
				continue;
			}
			const created = pendingByTarget.get(side + key);
			if (created) {
				// The record our earlier create sent out on the output has arrived.
				const source = records[otherSide].get(created.sourceId);
				const ids = side === 'a' ? { aId: record.id, bId: created.sourceId } : { aId: created.sourceId, bId: record.id };
				const pair = { ...ids, base: created.base };
				if (source) {
					const [ra, rb] = side === 'a' ? [record, source] : [source, record];
					evaluateBoth(builder, pair, created.base, ra, rb, true, created.sourceId);
				} else {
					const seen = sideHash(s.layout, side, record.fields, s.names);
					const cur = side === 'a' ? { ...created.base, ha: seen.hash, va: seen.vec } : { ...created.base, hb: seen.hash, vb: seen.vec };
					builder.unchanged();
					builder.pair({ ...ids, cur, next: created.base, writes: [], isNew: true, pendingCreate: created.sourceId });
				}
				continue;
			}
			if (pendingBySource.has(side + record.id) && !s.full[otherSide]) {
				// Sent out before; the other side's input has not been read in full, so wait.
				builder.skip({ side, id: record.id, reason: 'pendingCreate' });
				continue;
			}
			if (!flows(s.direction, side)) continue;
			const fields = createFields(builder, record, otherSide);
			const seen = sideHash(s.layout, side, record.fields, s.names);
			const made = sideHash(s.layout, otherSide, fields, s.names);
			const ref = builder.create(otherSide, record.id, key, fields, made.hash);
			const cur = side === 'a'
				? { ha: seen.hash, hb: made.hash, va: seen.vec, vb: made.vec }
				: { ha: made.hash, hb: seen.hash, va: made.vec, vb: seen.vec };
			builder.pair({
				aId: side === 'a' ? record.id : '',
				bId: side === 'b' ? record.id : '',
				cur,
				next: cur,
				writes: [ref],
				isNew: true,
			});
		}
	}

	for (const side of ['a', 'b'] as const) {
		for (const id of state.retry[side]) if (records[side].has(id)) builder.plan.commit.retrySeen[side].push(id);
	}

	const result = builder.plan;
	const linked = state.pairs.length;
	if (s.maxDeleteShare !== undefined && builder.guardedDeletes > s.maxDeleteShare * linked) {
		const share = Math.round((builder.guardedDeletes / linked) * 1000) / 10;
		return {
			...result,
			creates: { a: [], b: [] },
			updates: { a: [], b: [] },
			deletes: { a: [], b: [] },
			conflicts: [],
			duplicates: [],
			skipped: [],
			unchanged: 0,
			aborted: {
				reason: `${builder.guardedDeletes} of ${linked} linked records (${share}%) would be deleted, more than the allowed ${
					s.maxDeleteShare * 100
				}%; nothing was written`,
			},
			commit: { fieldsId: state.fieldsId, vectorLayout: state.vectorLayout, pairs: [], retrySeen: { a: [], b: [] } },
		};
	}
	return result;
}
