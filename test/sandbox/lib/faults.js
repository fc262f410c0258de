'use strict';

const { createPrng } = require('./prng');

/**
 * @typedef {Object} FaultConfig
 * @property {number} [status503Rate]  share of requests answered 503 before processing
 * @property {number} [status429Rate]  share answered with a HubSpot-style 429 before processing
 * @property {number} [dropBeforeRate] socket destroyed before processing: nothing written
 * @property {number} [dropAfterRate]  request processed (writes applied), then socket destroyed
 * @property {number} [dropRate]       alias of dropBeforeRate
 * @property {number} [delayMs]        added latency before processing
 * @property {(input: any) => boolean} [failRecord] one record of a write fails validation
 * @property {RegExp} [onlyPaths]      only requests whose full path matches are faulted
 * @property {string[]} [methods]      only these HTTP methods are faulted
 * @property {number} [seed]           PRNG seed; defaults to the sandbox seed
 */

/**
 * Fault injection. The PRNG is re-seeded on every set(), and every eligible
 * request draws the same four numbers whatever the rates, so the same request
 * sequence after the same set() call meets the same faults.
 * @param {number} defaultSeed
 */
function createFaults(defaultSeed) {
	/** @type {FaultConfig} */
	let config = {};
	let prng = createPrng(defaultSeed);
	return {
		/** @param {FaultConfig} cfg */
		set(cfg) {
			config = { ...cfg };
			if (config.dropRate !== undefined && config.dropBeforeRate === undefined) {
				config.dropBeforeRate = config.dropRate;
			}
			prng = createPrng(cfg.seed ?? defaultSeed);
		},
		clear() {
			config = {};
			prng = createPrng(defaultSeed);
		},
		get() {
			return { ...config };
		},
		/**
		 * @param {string} method
		 * @param {string} fullPath
		 * @returns {{ delayMs: number, dropBefore: boolean, s503: boolean, s429: boolean, dropAfter: boolean, failRecord?: (input: any) => boolean }}
		 */
		decide(method, fullPath) {
			const none = { delayMs: 0, dropBefore: false, s503: false, s429: false, dropAfter: false };
			if (config.onlyPaths && !config.onlyPaths.test(fullPath)) return none;
			if (config.methods && !config.methods.map((m) => m.toUpperCase()).includes(method)) return none;
			const r = [prng.next(), prng.next(), prng.next(), prng.next()];
			return {
				delayMs: config.delayMs ?? 0,
				dropBefore: r[0] < (config.dropBeforeRate ?? 0),
				s503: r[1] < (config.status503Rate ?? 0),
				s429: r[2] < (config.status429Rate ?? 0),
				dropAfter: r[3] < (config.dropAfterRate ?? 0),
				failRecord: config.failRecord,
			};
		},
	};
}

module.exports = { createFaults };
