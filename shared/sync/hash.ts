import type { FieldValue, Fields } from './types';

// A fast non-cryptographic hash is enough: it detects change, it does not guard
// secrets, and 200,000 records must hash in well under a second.

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export const UNKNOWN = '?';
export const DELETED = '~';

/** `''`, `undefined` and `null` are the same "empty" value: CRMs return either for a blank field. */
export function normaliseValue(value: unknown): FieldValue {
	if (value === undefined || value === null || value === '') return null;
	if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
	return JSON.stringify(value);
}

/** Equal after normalisation; types stay apart (`"1"` is not `1`). */
export function sameValue(x: unknown, y: unknown): boolean {
	return normaliseValue(x) === normaliseValue(y);
}

function fmix(h: number): number {
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	h ^= h >>> 16;
	return h >>> 0;
}

/** 32-bit hash of one value; a type tag keeps `"1"`, `1` and `true` apart. */
function valueHash(raw: unknown): number {
	let h = 0x811c9dc5;
	if (raw === undefined || raw === null || raw === '') return fmix(Math.imul(h ^ 1, 0x01000193));
	let text: string;
	if (typeof raw === 'string') {
		text = raw;
		h = Math.imul(h ^ 115, 0x01000193);
	} else if (typeof raw === 'number') {
		text = String(raw);
		h = Math.imul(h ^ 110, 0x01000193);
	} else if (typeof raw === 'boolean') {
		return fmix(Math.imul(h ^ (raw ? 116 : 102), 0x01000193));
	} else {
		text = JSON.stringify(raw);
		h = Math.imul(h ^ 115, 0x01000193);
	}
	for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
	return fmix(Math.imul(h ^ text.length, 0x01000193));
}

export interface RecordHash {
	/** 8 base64url characters (48 bits) over all synced fields, in config order. */
	hash: string;
	/** One base64url character (6 bits) per field, or '' when not asked for. */
	vec: string;
}

// Codes of the base64url alphabet, so a hash is built in one allocation.
const CODES = Array.from(B64, (c) => c.charCodeAt(0));
// Reused for every record: the per-field characters of the vector.
const vecCodes: number[] = [];

/** The two 32-bit lanes of a record's hash (see hashFields); written by `lanes`, read right after. */
let lane1 = 0;
let lane2 = 0;

const own = Object.prototype.hasOwnProperty;

/** `over`, when given, takes precedence field by field, as `{ ...fields, ...over }` would. */
function lanes(fields: Fields, names: readonly string[], withVec: boolean, over?: Fields): void {
	let c1 = 0x2f1b3c4d;
	let c2 = 0x6a09e667;
	if (withVec) vecCodes.length = names.length;
	for (let i = 0; i < names.length; i++) {
		const name = names[i];
		const h = valueHash(over !== undefined && own.call(over, name) ? over[name] : fields[name]);
		c1 = (Math.imul(c1 ^ h, 0x01000193) + i) | 0;
		c2 = Math.imul(((c2 << 7) | (c2 >>> 25)) ^ (h >>> 16) ^ (h << 16), 0x5bd1e995) ^ i;
		if (withVec) vecCodes[i] = CODES[h & 63];
	}
	lane1 = fmix(c1);
	lane2 = fmix(c2 ^ names.length);
}

/** 4 base64url characters of each lane, low bits first. */
function hashText(): string {
	const x = lane1;
	const y = lane2;
	return String.fromCharCode(
		CODES[x & 63],
		CODES[(x >>> 6) & 63],
		CODES[(x >>> 12) & 63],
		CODES[(x >>> 18) & 63],
		CODES[y & 63],
		CODES[(y >>> 6) & 63],
		CODES[(y >>> 12) & 63],
		CODES[(y >>> 18) & 63],
	);
}

function vecText(n: number): string {
	// Field lists are short; apply() keeps it to one string for any length.
	return n === 0 ? '' : String.fromCharCode.apply(null, vecCodes);
}

/**
 * Each field hashes to 32 bits (a changed field goes unnoticed with odds of 1 in 4e9);
 * the fields fold into two differently mixed lanes, of which 48 bits are kept.
 */
export function hashFields(fields: Fields, names: readonly string[], withVec: boolean): RecordHash {
	lanes(fields, names, withVec);
	return { hash: hashText(), vec: withVec ? vecText(names.length) : '' };
}

/** `hashFields({ ...fields, ...over }, ...)` without copying the record's fields. */
export function hashFieldsWith(fields: Fields, over: Fields, names: readonly string[], withVec: boolean): RecordHash {
	lanes(fields, names, withVec, over);
	return { hash: hashText(), vec: withVec ? vecText(names.length) : '' };
}

/** Whether `fields` hash to `expected` (as `hashFields(...).hash`), without building the hash. */
export function hashIs(fields: Fields, names: readonly string[], expected: string): boolean {
	if (expected.length !== 8) return false;
	lanes(fields, names, false);
	const x = lane1;
	const y = lane2;
	return (
		expected.charCodeAt(0) === CODES[x & 63] &&
		expected.charCodeAt(1) === CODES[(x >>> 6) & 63] &&
		expected.charCodeAt(2) === CODES[(x >>> 12) & 63] &&
		expected.charCodeAt(3) === CODES[(x >>> 18) & 63] &&
		expected.charCodeAt(4) === CODES[y & 63] &&
		expected.charCodeAt(5) === CODES[(y >>> 6) & 63] &&
		expected.charCodeAt(6) === CODES[(y >>> 12) & 63] &&
		expected.charCodeAt(7) === CODES[(y >>> 18) & 63]
	);
}

/** Identifies a field list, so a changed mapping is noticed. */
export function hashNames(names: readonly string[]): string {
	const fields: Fields = {};
	const keys = names.map((_, i) => String(i));
	names.forEach((name, i) => (fields[String(i)] = name));
	return hashFields(fields, keys, false).hash;
}
