'use strict';

const { createPrng } = require('../lib/prng');

/**
 * Deterministic sample records, written as users would (webhooks fire).
 * @param {ReturnType<typeof import('./store').createStore>} store @param {Record<string, number>} counts @param {number} seedNumber
 */
function seedPipedrive(store, counts, seedNumber) {
	const rnd = createPrng(seedNumber).next;
	const first = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret', 'Linus'];
	const last = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Hamilton', 'Torvalds'];
	const pick = (/** @type {string[]} */ a) => a[Math.floor(rnd() * a.length)];
	const made = { persons: 0, organizations: 0, deals: 0, activities: 0, leads: 0, notes: 0 };
	for (let i = 0; i < (counts.organizations ?? 0); i++, made.organizations++) store.applyWrite('organizations', { name: `${pick(last)} ${['Labs', 'GmbH', 'Ltd', 'Inc'][i % 4]} ${i + 1}` });
	for (let i = 0; i < (counts.persons ?? 0); i++, made.persons++) {
		const f = pick(first);
		const l = pick(last);
		store.applyWrite('persons', { name: `${f} ${l}`, emails: [{ value: `${f}.${l}.${i + 1}@example.com`.toLowerCase(), primary: true, label: 'work' }], phones: [] });
	}
	for (let i = 0; i < (counts.deals ?? 0); i++, made.deals++) store.applyWrite('deals', { title: `Deal ${i + 1}`, value: Math.round(rnd() * 10000), currency: 'EUR' });
	for (let i = 0; i < (counts.activities ?? 0); i++, made.activities++) store.applyWrite('activities', { subject: `Meeting ${i + 1}`, type: 'meeting', due_date: '2026-02-01', due_time: '10:00', duration: '01:00' });
	const anyPerson = [...store.records.persons.keys()][0];
	for (let i = 0; i < (counts.leads ?? 0); i++, made.leads++) {
		if (!anyPerson) break;
		store.applyWrite('leads', { title: `Lead ${i + 1}`, person_id: Number(anyPerson) });
	}
	for (let i = 0; i < (counts.notes ?? 0); i++, made.notes++) {
		if (!anyPerson) break;
		store.applyWrite('notes', { content: `Note ${i + 1}`, person_id: Number(anyPerson) });
	}
	return made;
}

module.exports = { seedPipedrive };
