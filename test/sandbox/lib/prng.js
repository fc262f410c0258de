'use strict';

/**
 * Small deterministic PRNG (mulberry32). Every random choice the sandbox makes
 * (faults, seed data) goes through one of these so a run is repeatable from its seed.
 * @param {number} seed
 * @returns {{ next(): number, int(min: number, max: number): number, pick<T>(list: T[]): T, chance(p: number): boolean }}
 */
function createPrng(seed) {
	let state = (Number(seed) >>> 0) || 0x9e3779b9;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		/** inclusive bounds */
		int(min, max) {
			return min + Math.floor(next() * (max - min + 1));
		},
		pick(list) {
			return list[Math.floor(next() * list.length)];
		},
		chance(p) {
			return next() < p;
		},
	};
}

module.exports = { createPrng };
