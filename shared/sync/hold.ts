import { pairKey } from './builder';
import { hashIs } from './hash';
import { recordKey } from './keys';
import { settingsOf } from './settings';
import type { Baseline, Fields, KeyField, Side, SyncConfig, SyncRecord, SyncState } from './types';
import { vectorsKnown } from './vectors';

/*
 * Records held lean (issue 18: a million records per side in one execution).
 * A run that reads every record of both sides finds most linked pairs unchanged:
 * both records still hash to their pair's baseline, and plan() writes nothing for
 * them. Such a pair needs neither record's fields, only its ids, its hash (the
 * baseline's) and its match key (a key taken by another record is still a
 * duplicate). RecordHold is given the records as they are read and keeps those
 * pairs' records in that lean form, so 2 x 1,000,000 records do not all stay in
 * memory as field objects until the plan.
 *
 * A record is made lean only when its whole pair is settled: its own hash equals
 * the baseline AND its partner was read and equals the baseline too (both are made
 * lean then), or, once every record was read, its partner is absent (a deletion,
 * or an incremental run), where plan() only needs its hash. A record whose partner
 * changed keeps its fields, since plan() compares both records field by field to
 * write only what differs. Only pairs plan() settles by their hashes alone qualify: no pending
 * write, no open conflict or resolution, no failed write to retry, real hashes on
 * both sides, readable field vectors, and the same field list and vector layout
 * as the state's (see evaluateBoth's first branch).
 *
 * A record read again later (a vendor's pages shifted while read) replaces the
 * earlier one, as in plan(). Should that copy differ from the baseline while its
 * partner is already lean, plan() cannot compare the two: it plans the pair as an
 * incremental run plans a record whose partner was not read (what changed is sent,
 * the partner's new hash is adopted when next seen).
 */

/** What a lean record holds instead of fields: reading it is a bug, so it fails loudly instead of reading nulls. */
export const LEAN_FIELDS: Fields = new Proxy(Object.freeze({}) as Fields, {
	get(_target, name) {
		if (typeof name === 'symbol') return undefined;
		throw new Error(`Internal error: field "${name}" of a record held lean (its fields were dropped) was read`);
	},
	has(_target, name) {
		throw new Error(`Internal error: field "${String(name)}" of a record held lean (its fields were dropped) was looked for`);
	},
	ownKeys() {
		throw new Error('Internal error: the fields of a record held lean (they were dropped) were listed');
	},
});

/** Whether plan() was given the record without its fields (RecordHold): then `hash` and `key` stand for them. */
export function isLean(record: SyncRecord): boolean {
	return record.fields === LEAN_FIELDS;
}

// Per pair and side: what was read.
const NOT_READ = 0;
/** Read, equal to the baseline, fields kept (for now). */
const SAME = 1;
/** Read, differs from the baseline: fields kept. */
const CHANGED = 2;
/** Read, equal to the baseline, held lean. */
const LEAN = 3;

const other = (side: Side): Side => (side === 'a' ? 'b' : 'a');
const hashOf = (base: Baseline, side: Side): string => (side === 'a' ? base.ha : base.hb);

/** The lean form of a record known to equal its baseline hash `hash`. */
function lean(record: SyncRecord, hash: string, keys: readonly KeyField[]): SyncRecord {
	return { id: record.id, fields: LEAN_FIELDS, hash, key: recordKey(record, keys) };
}

/**
 * Collects the records of one run, side by side, and holds those of unchanged
 * pairs lean. `records` are the arrays to give plan() once `finish()` was called;
 * every record read must be added (both sides), or a partner would count as not read.
 * It also indexes them (an id read again takes its earlier place, so no id repeats),
 * and plan() given the hold (PlanOptions.held) uses that index instead of building
 * its own: at a million records per side, two fewer Maps of a million ids.
 */
export class RecordHold {
	readonly records: Record<Side, SyncRecord[]> = { a: [], b: [] };
	/** Id -> index in state.pairs, per side, for every link. */
	private readonly pairOf: Record<Side, Map<string, number>> = { a: new Map(), b: new Map() };
	/** Id -> position in `records`, per side, for records of no link. */
	private readonly unlinked: Record<Side, Map<string, number>> = { a: new Map(), b: new Map() };
	/** Per pair: whether plan() settles it by its hashes alone (only such pairs are held lean). */
	private readonly settles: Uint8Array;
	private readonly status: Record<Side, Uint8Array>;
	/** Per pair and side: the position of its record in `records` (-1: not read). */
	readonly at: Record<Side, Int32Array>;
	/** False when the state links an id twice (a damaged or hand-edited state): nothing is held lean, plan() indexes by itself. */
	exact = true;
	private readonly names: readonly string[];
	private readonly keys: readonly KeyField[];
	private finished = false;
	/** Records held lean (for figures). */
	leanCount = 0;

	constructor(
		private readonly state: SyncState,
		config: SyncConfig,
	) {
		const s = settingsOf(config);
		this.names = s.names;
		this.keys = s.keys;
		const pairs = state.pairs;
		this.status = { a: new Uint8Array(pairs.length), b: new Uint8Array(pairs.length) };
		this.at = { a: new Int32Array(pairs.length).fill(-1), b: new Int32Array(pairs.length).fill(-1) };
		this.settles = new Uint8Array(pairs.length);
		const { a, b } = this.pairOf;
		for (let i = 0; i < pairs.length; i++) {
			a.set(pairs[i].aId, i);
			b.set(pairs[i].bId, i);
		}
		// An id linked twice: which pair a record belongs to is plan()'s to sort out, with whole records.
		if (a.size !== pairs.length || b.size !== pairs.length) this.exact = false;
		// A new field list or vector layout re-hashes or re-reads every pair: nothing is settled by hash alone.
		if (!this.exact || state.fieldsId !== s.fieldsId || state.vectorLayout !== s.layout.id) return;
		const open = new Set<string>();
		for (const c of state.conflicts) open.add(pairKey(c.aId, c.bId));
		for (const r of state.resolutions) open.add(pairKey(r.aId, r.bId));
		const retry = { a: new Set(state.retry.a), b: new Set(state.retry.b) };
		for (let i = 0; i < pairs.length; i++) {
			const p = pairs[i];
			const { base } = p;
			// Real hashes only: '?' (unknown, adopted when seen) and '~' (deleted) are one character.
			if (p.pending?.length || base.ha.length !== 8 || base.hb.length !== 8 || !vectorsKnown(s.layout, base)) continue;
			if (retry.a.has(p.aId) || retry.b.has(p.bId)) continue;
			if (open.size > 0 && open.has(pairKey(p.aId, p.bId))) continue;
			this.settles[i] = 1;
		}
	}

	/** One record read (a CRM page's, an input item's, or one read by id). */
	add(side: Side, record: SyncRecord): void {
		if (this.finished) throw new Error('RecordHold: a record was added after finish()');
		const list = this.records[side];
		const i = this.pairOf[side].get(record.id);
		if (i === undefined) {
			// Of no link: an id read again takes its earlier place (plan() keeps an id's last record, where it first came).
			const before = this.unlinked[side].get(record.id);
			if (before !== undefined) list[before] = record;
			else {
				this.unlinked[side].set(record.id, list.length);
				list.push(record);
			}
			return;
		}
		if (this.settles[i] === 0) {
			const before = this.at[side][i];
			if (before >= 0) list[before] = record;
			else {
				this.at[side][i] = list.length;
				list.push(record);
			}
			return;
		}
		const base = hashOf(this.state.pairs[i].base, side);
		const same = hashIs(record.fields, this.names, base);
		const otherSide = other(side);
		const status = this.status[side];
		const before = this.at[side][i];
		if (before >= 0) {
			// Read again (a vendor's pages shifted while read): the later record counts, in the earlier one's place, as in plan().
			if (status[i] === LEAN && same) {
				list[before] = lean(record, base, this.keys);
				return;
			}
			if (status[i] === LEAN) this.leanCount--;
			// A changed copy whose partner is already lean: plan() plans the pair as if the partner had not been
			// read (its values are unknown), sending what changed here, as an incremental run does.
			list[before] = record;
			status[i] = same ? SAME : CHANGED;
			return;
		}
		this.at[side][i] = list.length;
		if (same && this.status[otherSide][i] === SAME) {
			// The pair is settled: this record and its partner, read before, are held lean from now on.
			list.push(lean(record, base, this.keys));
			status[i] = LEAN;
			const others = this.records[otherSide];
			const at = this.at[otherSide][i];
			others[at] = lean(others[at], hashOf(this.state.pairs[i].base, otherSide), this.keys);
			this.status[otherSide][i] = LEAN;
			this.leanCount += 2;
			return;
		}
		list.push(record);
		status[i] = same ? SAME : CHANGED;
	}

	/**
	 * Every record was added: unchanged records whose partner was not read at all
	 * (deleted, or an incremental run) are made lean too. Returns `records`.
	 */
	finish(): Record<Side, SyncRecord[]> {
		if (this.finished) return this.records;
		this.finished = true;
		const n = this.state.pairs.length;
		for (const side of ['a', 'b'] as const) {
			const status = this.status[side];
			const partner = this.status[other(side)];
			const at = this.at[side];
			const list = this.records[side];
			for (let i = 0; i < n; i++) {
				if (status[i] !== SAME || partner[i] !== NOT_READ) continue;
				list[at[i]] = lean(list[at[i]], hashOf(this.state.pairs[i].base, side), this.keys);
				status[i] = LEAN;
				this.leanCount++;
			}
		}
		return this.records;
	}

	/** The position of the record with this id in `records[side]`, if one was read. */
	position(side: Side, id: string): number | undefined {
		const i = this.pairOf[side].get(id);
		if (i === undefined) return this.unlinked[side].get(id);
		const at = this.at[side][i];
		return at >= 0 ? at : undefined;
	}

	/** Whether plan() may use this hold's index for these records: the same state and arrays, all read. */
	indexes(state: SyncState, a: readonly SyncRecord[], b: readonly SyncRecord[]): boolean {
		return this.finished && this.exact && state === this.state && a === this.records.a && b === this.records.b;
	}
}
