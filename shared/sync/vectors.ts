import { hashFields, hashFieldsWith, hashNames, type RecordHash } from './hash';
import type { Baseline, Direction, Fields, Side } from './types';

// Per-field change tracking ("field vectors": one base64url character per field and
// side, see README). A record's 48-bit hash says that it changed, not which field did.
// Two rules need to know which field:
// - field-level merge, for every field on both sides;
// - a one-way field, whatever the strategy: "only a change on its source side moves
//   it", so the source side keeps a character for it (an A -> B field on side A).
// Anything else reads the whole-record hash, so a plain two-way sync stores no vector.

/** Which fields each side keeps a character for, in config order. */
export interface VectorLayout {
	/** Field indexes per side; the side's vector holds one character per index, in this order. */
	track: Record<Side, readonly number[]>;
	/** Per side and field index: the position in that side's vector, -1 = not kept. */
	at: Record<Side, Int32Array>;
	/** True when both sides keep every field (field merge): vectors need no projection. */
	all: boolean;
	/**
	 * Identifies the layout, stored with the state: vectors kept under another layout
	 * (Field Overrides or strategy changed) would be read against the wrong fields.
	 * '' = every field (field merge, and states written before layouts existed) or none.
	 */
	id: string;
}

export function vectorLayout(directions: readonly Direction[], fieldMerge: boolean): VectorLayout {
	const n = directions.length;
	const every = Array.from({ length: n }, (_, i) => i);
	const track = fieldMerge
		? { a: every, b: every }
		: { a: every.filter((i) => directions[i] === 'aToB'), b: every.filter((i) => directions[i] === 'bToA') };
	const at = { a: new Int32Array(n).fill(-1), b: new Int32Array(n).fill(-1) };
	track.a.forEach((field, pos) => (at.a[field] = pos));
	track.b.forEach((field, pos) => (at.b[field] = pos));
	const none = track.a.length === 0 && track.b.length === 0;
	const id = fieldMerge || none ? '' : hashNames([`a${track.a.join('.')}`, `b${track.b.join('.')}`]);
	return { track, at, all: fieldMerge, id };
}

/** The side's characters out of a full per-field vector. */
export function project(layout: VectorLayout, side: Side, full: string): string {
	if (layout.all || full === '') return full;
	const track = layout.track[side];
	let out = '';
	for (let i = 0; i < track.length; i++) out += full[track[i]];
	return out;
}

function tracks(layout: VectorLayout): boolean {
	return layout.all || layout.track.a.length > 0 || layout.track.b.length > 0;
}

/** The record's hash and the characters `side` keeps. */
export function sideHash(layout: VectorLayout, side: Side, fields: Fields, names: readonly string[]): RecordHash {
	const h = hashFields(fields, names, tracks(layout));
	return { hash: h.hash, vec: project(layout, side, h.vec) };
}

/** `sideHash({ ...fields, ...over })` without copying the record's fields. */
export function sideHashWith(layout: VectorLayout, side: Side, fields: Fields, over: Fields, names: readonly string[]): RecordHash {
	const h = hashFieldsWith(fields, over, names, tracks(layout));
	return { hash: h.hash, vec: project(layout, side, h.vec) };
}

/** Whether a stored vector of `side` can be read under this layout (a side that keeps none needs none). */
export function vectorKnown(layout: VectorLayout, side: Side, vec: string): boolean {
	const n = layout.track[side].length;
	return n === 0 || vec.length === n;
}

/** Whether every vector the layout reads is present in `base`. */
export function vectorsKnown(layout: VectorLayout, base: Baseline): boolean {
	return vectorKnown(layout, 'a', base.va) && vectorKnown(layout, 'b', base.vb);
}

/** The baseline with its field vectors forgotten (read as unknown: whole-record rules for one run). */
export function withoutVectors(base: Baseline): Baseline {
	return base.va === '' && base.vb === '' ? base : { ...base, va: '', vb: '' };
}
