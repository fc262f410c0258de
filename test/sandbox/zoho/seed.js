'use strict';

const { createPrng } = require('../lib/prng');

const FIRST = ['Ana', 'Ben', 'Chloé', 'Dev', 'Eli', 'Fatma', 'Goran', 'Hana', 'Ivo', 'Jun'];
const LAST = ['Ito', 'Berg', 'Costa', 'Dietz', 'Eze', 'Folau', 'Gupta', 'Haas', 'Ilić', 'Jones'];

/**
 * Puts records straight into the store (no validation, no limits).
 * @param {any} store @param {Record<string, number>} counts by module API name @param {number} seedNumber
 */
function seedZoho(store, counts, seedNumber) {
	const rnd = createPrng(seedNumber);
	/** @type {Record<string, number>} */
	const made = {};
	const accounts = [];
	for (const [module, n] of Object.entries(counts)) {
		if (!store.moduleOf(module)) throw new Error(`the sandbox's Zoho org has no module ${module}`);
		made[module] = 0;
		for (let i = 0; i < n; i++) {
			const tag = `${seedNumber}-${store.records[module].size + 1}`;
			const first = rnd.pick(FIRST);
			const last = rnd.pick(LAST);
			/** @type {Record<string, unknown>} */
			let body;
			switch (module) {
				case 'Leads':
					body = { First_Name: first, Last_Name: last, Email: `lead${tag}@seed.zoho.local`, Company: `Seed Co ${tag}`, Lead_Status: 'Not Contacted' };
					break;
				case 'Contacts':
					body = { First_Name: first, Last_Name: last, Email: `contact${tag}@seed.zoho.local`, Phone: `+1 555 01${String(i).padStart(2, '0')}` };
					break;
				case 'Accounts':
					body = { Account_Name: `Seed Account ${tag}`, Website: `https://a${tag}.example.com` };
					break;
				case 'Deals':
					body = { Deal_Name: `Seed Deal ${tag}`, Stage: 'Qualification', Amount: rnd.int(1, 100) * 1000 };
					break;
				case 'Tasks':
					body = { Subject: `Seed task ${tag}`, Status: 'Not Started' };
					break;
				case 'Events':
					body = { Event_Title: `Seed meeting ${tag}`, Start_DateTime: '2026-12-10T10:00:00+00:00', End_DateTime: '2026-12-10T11:00:00+00:00' };
					break;
				case 'Calls':
					body = { Subject: `Seed call ${tag}`, Call_Type: 'Outbound', Call_Start_Time: '2026-12-10T10:00:00+00:00' };
					break;
				default:
					body = module === 'Notes' ? { Note_Content: `Seed note ${tag}` } : { Name: `Seed ${module} ${tag}` };
			}
			const rec = store.applyWrite(module, body);
			if (module === 'Accounts') accounts.push(rec);
			made[module]++;
		}
	}
	return made;
}

module.exports = { seedZoho };
