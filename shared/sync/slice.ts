import { recordKey } from './keys';
import type { Fields, KeyField, LinkedPair, Side, SyncRecord } from './types';

/**
 * Slices (issue 18): a sync too large for one execution's memory runs as `count`
 * executions, slice `index` = 0..count-1, each holding only its share of the
 * records and links. Two rules decide where a record goes, and neither depends
 * on the order the slices run in:
 * - a linked pair belongs to the slice of its A id (`pairSlice`), for good: an A
 *   id never changes, so a key edited after linking never moves a pair, and its
 *   records are kept by id, not by key (nothing is read as deleted, nothing is
 *   created twice at a boundary);
 * - an unlinked record goes to the slice of its match key (`keySlice`), so the
 *   two unlinked records that share a key always meet in one slice. A new pair may
 *   so be made in one slice and belong to another: it is saved with the others'
 *   links and read by its owner from then on.
 * Each slice must know which ids are linked in the other slices (their A and B
 * ids, not their baselines): a record linked elsewhere is not its to match or
 * create. One whose key falls in this slice still holds its key here (a
 * "foreign" record), so a new record with the same key is reported as a
 * duplicate exactly as in a run without slices.
 */
export interface Slice {
	/** 0-based. */
	index: number;
	count: number;
}

/** 32-bit FNV-1a of a string: stable across processes and versions, unlike any runtime hash. */
function fnv(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

export function keySlice(key: string, count: number): number {
	return count <= 1 ? 0 : fnv(key) % count;
}

/** The slice a linked pair belongs to: by its A id, which never changes. */
export function pairSlice(aId: string, count: number): number {
	return count <= 1 ? 0 : fnv('a\u0000' + aId) % count;
}

export function checkSlice(slice: Slice): void {
	if (!Number.isInteger(slice.count) || slice.count < 1) throw new RangeError('The number of slices must be a whole number of at least 1');
	if (!Number.isInteger(slice.index) || slice.index < 0 || slice.index >= slice.count) {
		throw new RangeError(`The slice must be a whole number from 0 to ${slice.count - 1}`);
	}
}

/** A record linked in another slice whose key falls in this one: it holds its key here, and is planned by its owner. */
export interface ForeignRecord {
	record: SyncRecord;
	/** Its linked partner's id on the other side. */
	partner: string;
}

/**
 * Decides, record by record while a side is read, what this slice keeps. Built
 * from this slice's own pairs and the ids linked in the others.
 */
export class SliceRouter {
	private readonly own: Record<Side, Set<string>> = { a: new Set(), b: new Set() };

	constructor(
		readonly slice: Slice,
		ownPairs: readonly LinkedPair[],
		/** Links of the other slices, id -> partner id, per side. */
		readonly elsewhere: Record<Side, ReadonlyMap<string, string>>,
		readonly keys: readonly KeyField[],
	) {
		checkSlice(slice);
		for (const p of ownPairs) {
			if (p.aId) this.own.a.add(p.aId);
			if (p.bId) this.own.b.add(p.bId);
		}
	}

	/** 'mine': planned here; 'foreign': holds its key here only; 'skip': another slice's. */
	route(side: Side, record: SyncRecord): 'mine' | 'foreign' | 'skip' {
		if (this.slice.count <= 1 || this.own[side].has(record.id)) return 'mine';
		const key = recordKey(record, this.keys);
		// A record without a key is only ever reported (skipped, noKey): once, by slice 0.
		if (key === null) return this.elsewhere[side].has(record.id) || this.slice.index !== 0 ? 'skip' : 'mine';
		if (keySlice(key, this.slice.count) !== this.slice.index) return 'skip';
		return this.elsewhere[side].has(record.id) ? 'foreign' : 'mine';
	}

	/** True when this slice plans the record; a foreign key holder is added to `foreign` (its key fields only). */
	take(side: Side, record: SyncRecord, foreign: ForeignRecord[]): boolean {
		const where = this.route(side, record);
		if (where === 'foreign') {
			// Only its key is read here: keep the key fields, not the whole record (about 3 in 16 records of a side are
			// such key holders in each slice, since pairs go by A id and unlinked records by key).
			const fields: Fields = {};
			for (const key of this.keys) fields[key.field] = record.fields[key.field] ?? null;
			foreign.push({ record: { id: record.id, fields }, partner: this.elsewhere[side].get(record.id)! });
		}
		return where === 'mine';
	}

	/** Splits records read (or one page of them) into what this slice plans and its foreign key holders. */
	split(side: Side, records: readonly SyncRecord[], mine: SyncRecord[], foreign: ForeignRecord[]): void {
		for (const record of records) if (this.take(side, record, foreign)) mine.push(record);
	}
}

/**
 * Splits a whole set of links into this slice's pairs and the others' ids
 * (id -> partner, per side): what a slice holds of the saved links.
 */
export function splitPairs(pairs: Iterable<LinkedPair>, slice: Slice): { own: LinkedPair[]; elsewhere: Record<Side, Map<string, string>> } {
	const own: LinkedPair[] = [];
	const elsewhere = { a: new Map<string, string>(), b: new Map<string, string>() };
	for (const p of pairs) {
		if (pairSlice(p.aId, slice.count) === slice.index) own.push(p);
		else {
			elsewhere.a.set(p.aId, p.bId);
			elsewhere.b.set(p.bId, p.aId);
		}
	}
	return { own, elsewhere };
}
