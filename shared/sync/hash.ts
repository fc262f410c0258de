import type { FieldValue, Fields } from './types';

// A fast non-cryptographic hash is enough: it detects change, it does not guard
// secrets, and 200,000 records must hash in well under a second. Two 32-bit lanes
// (FNV-1a style and a multiply-rotate) give the 48 bits we keep.

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export const UNKNOWN = '?';
export const DELETED = '~';

/** `''`, `undefined` and `null` are the same "empty" value: CRMs return either for a blank field. */
export function normaliseValue(value: unknown): FieldValue {
	if (value === undefined || value === null || value === '') return null;
	if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
	return JSON.stringify(value);
}

/** A typed text form, so that `"1"`, `1` and `true` differ. */
function canonical(value: FieldValue): string | null {
	if (value === null) return null;
	if (typeof value === 'string') return 's' + value;
	if (typeof value === 'number') return 'n' + String(value);
	return value ? 't' : 'f';
}

export function sameValue(x: unknown, y: unknown): boolean {
	return canonical(normaliseValue(x)) === canonical(normaliseValue(y));
}

function fmix(h: number): number {
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	h ^= h >>> 16;
	return h >>> 0;
}

function chars(h: number, n: number): string {
	let out = '';
	for (let i = 0; i < n; i++) {
		out += B64[h & 63];
		h >>>= 6;
	}
	return out;
}

/** Hash of one value as two 32-bit lanes. */
function valueLanes(value: FieldValue, out: [number, number]): void {
	const text = canonical(normaliseValue(value));
	let h1 = 0x811c9dc5;
	let h2 = 0x9e3779b9;
	if (text === null) {
		h1 = Math.imul(h1 ^ 1, 0x01000193);
		h2 = Math.imul(h2 ^ 1, 0x5bd1e995);
	} else {
		for (let i = 0; i < text.length; i++) {
			const c = text.charCodeAt(i);
			h1 = Math.imul(h1 ^ c, 0x01000193);
			h2 = Math.imul((h2 << 5) | (h2 >>> 27), 0x5bd1e995) ^ c;
		}
		h1 = Math.imul(h1 ^ text.length, 0x01000193);
		h2 ^= text.length;
	}
	out[0] = fmix(h1);
	out[1] = fmix(h2 ^ 0x27d4eb2f);
}

export interface RecordHash {
	/** 8 base64url characters (48 bits) over all synced fields, in config order. */
	hash: string;
	/** One base64url character (6 bits) per field, or '' when not asked for. */
	vec: string;
}

const lanes: [number, number] = [0, 0];

export function hashFields(fields: Fields, names: readonly string[], withVec: boolean): RecordHash {
	let c1 = 0x2f1b3c4d;
	let c2 = 0x6a09e667;
	let vec = '';
	for (let i = 0; i < names.length; i++) {
		valueLanes(fields[names[i]] ?? null, lanes);
		c1 = (Math.imul(c1 ^ lanes[0], 0x01000193) + i) | 0;
		c2 = Math.imul((c2 << 7) | (c2 >>> 25), 0x5bd1e995) ^ lanes[1];
		if (withVec) vec += B64[lanes[0] & 63];
	}
	return { hash: chars(fmix(c1), 4) + chars(fmix(c2 ^ names.length), 4), vec };
}

/** Identifies a field list, so a changed mapping is noticed. */
export function hashNames(names: readonly string[]): string {
	const fields: Fields = {};
	const keys = names.map((_, i) => String(i));
	names.forEach((name, i) => (fields[String(i)] = name));
	return hashFields(fields, keys, false).hash;
}
