'use strict';

const { createPrng } = require('../lib/prng');

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson'];

/**
 * Puts records straight into the store (no API calls, no limits). Tasks, notes
 * and sales activities belong to a contact: one is made when none exists.
 * @param {ReturnType<import('./store').createStore>} store
 * @param {Record<string, number>} counts
 * @param {number} seed
 */
function seedFreshsales(store, counts, seed) {
	const prng = createPrng(seed);
	const pick = (/** @type {string[]} */ list) => list[Math.floor(prng.next() * list.length)];
	/** @type {Record<string, string[]>} */
	const made = {};
	const anyContact = () => store.alive('contacts')[0] ?? store.applyWrite('contacts', { first_name: 'Seed', last_name: 'Owner', email: `seed.owner.${seed}@example.com` });
	const tag = Math.floor(prng.next() * 1e9).toString(36);
	for (const [entity, n] of Object.entries(counts)) {
		made[entity] = [];
		for (let i = 0; i < n; i++) {
			/** @type {any} */
			let body;
			const start = new Date(Date.now() + 86_400_000 * (1 + (i % 5))).toISOString();
			const end = new Date(Date.parse(start) + 1_800_000).toISOString();
			if (entity === 'contacts') body = { first_name: pick(FIRST), last_name: pick(LAST), email: `seed.${tag}.${i}@example.com` };
			else if (entity === 'sales_accounts') body = { name: `Seed Account ${tag} ${i}` };
			else if (entity === 'deals') body = { name: `Seed Deal ${tag} ${i}`, amount: 1000 + i };
			else if (entity === 'appointments') body = { title: `Seed meeting ${i}`, from_date: start, end_date: end };
			else {
				const c = anyContact();
				if (entity === 'tasks') body = { title: `Seed task ${i}`, due_date: start, targetable_type: 'Contact', targetable_id: c.id };
				else if (entity === 'notes') body = { description: `Seed note ${i}`, targetable_type: 'Contact', targetable_id: c.id };
				else body = { title: `Seed activity ${i}`, sales_activity_type_id: 71, start_date: start, end_date: end, targetable_type: 'Contact', targetable_id: c.id };
			}
			made[entity].push(String(store.applyWrite(entity, body).id));
		}
	}
	return made;
}

module.exports = { seedFreshsales };
