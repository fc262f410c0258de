'use strict';

const { createPrng } = require('../lib/prng');
const { TABLES } = require('./schema');

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret', 'Tim'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Hamilton', 'Berners-Lee'];

/**
 * Puts rows straight into the store (no API call, no limits, no webhooks).
 * Counts by logical name: `{ contact: 5, account: 2, ... }`. Returns the new ids per table.
 * @param {ReturnType<import('./store').createStore>} store @param {Record<string, number>} counts @param {number} seed
 */
function seedDynamics(store, counts, seed) {
	const prng = createPrng(seed);
	const pick = (list) => list[Math.floor(prng.next() * list.length)];
	/** @type {Record<string, string[]>} */
	const out = {};
	for (const [table, n] of Object.entries(counts)) {
		if (!TABLES[table]) throw new Error(`unknown Dataverse table '${table}'`);
		out[table] = [];
		const start = store.table(table).size;
		for (let i = 0; i < n; i++) {
			const k = start + i;
			let values;
			if (table === 'contact' || table === 'lead') {
				const first = pick(FIRST);
				const last = pick(LAST);
				values = { firstname: first, lastname: last, emailaddress1: `${first}.${last}.${k}@seed.example`.toLowerCase(), telephone1: `+1555010${String(k % 10000).padStart(4, '0')}` };
				if (table === 'lead') values.subject = `Interested: ${first} ${last}`;
			} else if (table === 'account') values = { name: `Seed Account ${k}`, websiteurl: `https://account${k}.example`, numberofemployees: 10 + k };
			else if (table === 'opportunity') values = { name: `Seed Opportunity ${k}`, estimatedvalue: 1000 + k };
			else if (table === 'annotation') values = { subject: `Seed note ${k}`, notetext: `Note body ${k}` };
			else values = { subject: `Seed ${TABLES[table].display} ${k}` };
			out[table].push(store.insert(table, values)[TABLES[table].primaryId]);
		}
	}
	return out;
}

module.exports = { seedDynamics };
