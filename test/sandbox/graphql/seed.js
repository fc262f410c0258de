'use strict';

const { createPrng } = require('../lib/prng');

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson'];

/**
 * Puts records straight into the store (no API calls, no limits): contacts
 * with unique e-mails, companies with unique domains, deals with amounts.
 * @param {ReturnType<import('./store').createStore>} store
 * @param {Record<string, number>} counts
 * @param {number} seed
 * @returns {Record<string, string[]>} the ids made, per type
 */
function seedGraphql(store, counts, seed) {
	const prng = createPrng(seed);
	const tag = Math.floor(prng.next() * 1e9).toString(36);
	/** @type {Record<string, string[]>} */
	const made = {};
	for (const [type, n] of Object.entries(counts)) {
		made[type] = [];
		for (let i = 0; i < n; i++) {
			/** @type {any} */
			let input;
			if (type === 'contacts') input = { firstName: prng.pick(FIRST), lastName: prng.pick(LAST), email: `seed.${tag}.${i}@example.com` };
			else if (type === 'companies') input = { name: `Seed Company ${tag} ${i}`, domain: `seed-${tag}-${i}.example.com` };
			else if (type === 'deals') input = { name: `Seed Deal ${tag} ${i}`, amount: 1000 + i, stage: 'qualified' };
			else throw new Error(`the GraphQL sandbox has no type ${type}`);
			made[type].push(store.create(type, input).id);
		}
	}
	return made;
}

module.exports = { seedGraphql };
