'use strict';

const { createPrng } = require('../lib/prng');
const { DEAL_STAGES, INDUSTRIES } = require('./schema');

/**
 * Deterministic, realistic seed data. The same seed number gives the same
 * property values (timestamps are the store clock's, so they differ per run).
 */

const FIRST = ['Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Elijah', 'Sophia', 'Lucas', 'Isabella', 'Mateo', 'Mia', 'Levi', 'Amelia', 'Ethan', 'Harper', 'James', 'Evelyn', 'Benjamin', 'Aria', 'Henry', 'Chloe', 'Samuel', 'Nora', 'Daniel', 'Zoe', 'Jack', 'Layla', 'Owen', 'Maya', 'Leo', 'Priya', 'Arjun', 'Yuki', 'Kenji', 'Fatima', 'Omar', 'Ingrid', 'Lars', 'Chiara', 'Marco'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Patel', 'Nguyen', 'Kim', 'Tanaka', 'Rossi', 'Müller', 'Larsen', 'Okafor', 'Haddad', "O'Brien"];
const CO_A = ['Blue', 'North', 'Silver', 'Bright', 'Iron', 'Green', 'Summit', 'Harbor', 'Pioneer', 'Quantum', 'Cedar', 'Atlas', 'Nova', 'Red', 'Granite'];
const CO_B = ['Ridge', 'Wave', 'Leaf', 'Forge', 'Labs', 'Works', 'Logistics', 'Analytics', 'Systems', 'Dynamics', 'Health', 'Foods', 'Energy', 'Capital', 'Robotics'];
const CO_SUFFIX = ['Inc.', 'LLC', 'Ltd', 'GmbH', 'Group', 'Co.'];
/** @type {Array<[string, string, string, string, string[]]>} */
const CITIES = [
	['New York', 'NY', 'United States', '+1', ['212', '646', '718']],
	['Austin', 'TX', 'United States', '+1', ['512', '737']],
	['San Francisco', 'CA', 'United States', '+1', ['415', '628']],
	['Chicago', 'IL', 'United States', '+1', ['312', '773']],
	['Boston', 'MA', 'United States', '+1', ['617', '857']],
	['Toronto', 'ON', 'Canada', '+1', ['416', '647']],
	['London', 'England', 'United Kingdom', '+44', ['20']],
	['Berlin', 'Berlin', 'Germany', '+49', ['30']],
	['Dublin', 'Leinster', 'Ireland', '+353', ['1']],
];
const JOBS = ['CEO', 'CTO', 'VP Sales', 'Head of Marketing', 'Account Executive', 'Operations Manager', 'Product Manager', 'Software Engineer', 'Procurement Lead', 'Customer Success Manager'];
const PRODUCTS = ['Annual licence', 'Onboarding package', 'Enterprise plan', 'Support renewal', 'Pilot', 'Expansion seats'];
const MEETINGS = ['Discovery call', 'Product demo', 'Quarterly business review', 'Pricing discussion', 'Kick-off', 'Technical deep dive'];
const LIFECYCLE = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer'];

/** @param {string} s */
const slug = (s) =>
	s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '');

/** @param {ReturnType<typeof createPrng>} r @param {[string, string, string, string, string[]]} city */
function phone(r, city) {
	const cc = city[3];
	const area = r.pick(city[4]);
	const digits = cc === '+1' ? 7 : 10 - area.length;
	let n = String(r.int(2, 9));
	while (n.length < digits) n += String(r.int(0, 9));
	return `${cc}${area}${n}`;
}

/**
 * @param {ReturnType<import('./store').createStore>} store
 * @param {number} seed
 */
function seedOwners(store, seed) {
	const r = createPrng(seed * 7 + 3);
	const at = new Date(Date.UTC(2024, 0, 1)).toISOString();
	for (let i = 0; i < 3; i++) {
		const firstName = r.pick(FIRST);
		const lastName = r.pick(LAST);
		store.owners.push({
			id: String(100000 + i * 1111 + 1),
			email: `${slug(firstName)}.${slug(lastName)}${i}@sandbox-sales.example.com`,
			firstName,
			lastName,
			userId: 9000000 + i,
			createdAt: at,
			updatedAt: at,
			archived: false,
			teams: [],
		});
	}
}

/**
 * @param {ReturnType<import('./store').createStore>} store
 * @param {{ contacts?: number, companies?: number, deals?: number, meetings?: number, tasks?: number, notes?: number }} counts
 * @param {number} seed
 */
function seedHubspot(store, counts, seed) {
	const r = createPrng(seed);
	const T = (/** @type {string} */ n) => /** @type {import('./schema').ObjectTypeDef} */ (store.resolveType(n));
	const owners = store.owners.map((o) => o.id);
	const base = Date.UTC(2025, 0, 6, 9, 0, 0);
	/** @type {{ companies: string[], contacts: string[], deals: string[], meetings: string[], tasks: string[], notes: string[] }} */
	const ids = { companies: [], contacts: [], deals: [], meetings: [], tasks: [], notes: [] };
	/** @type {Array<{ id: string, name: string, domain: string, city: [string, string, string, string, string[]] }>} */
	const companies = [];
	const usedDomains = new Set(store.raw(T('companies')).map((c) => c.props.domain));
	const usedEmails = new Set(store.raw(T('contacts')).map((c) => c.props.email));

	for (let i = 0; i < (counts.companies ?? 0); i++) {
		const core = `${r.pick(CO_A)}${r.pick(CO_B)}`;
		const name = `${core} ${r.pick(CO_SUFFIX)}`;
		let domain = `${slug(core)}.${r.pick(['com', 'io', 'co', 'net'])}`;
		for (let k = 2; usedDomains.has(domain); k++) domain = `${slug(core)}${k}.com`;
		usedDomains.add(domain);
		const city = r.pick(CITIES);
		const rec = store.create(T('companies'), {
			name,
			domain,
			website: `https://www.${domain}`,
			phone: phone(r, city),
			city: city[0],
			state: city[1],
			country: city[2],
			industry: r.pick(INDUSTRIES),
			numberofemployees: String(r.pick([8, 25, 60, 140, 320, 900, 2500])),
			annualrevenue: String(r.int(5, 900) * 100000),
			lifecyclestage: r.pick(['lead', 'opportunity', 'customer']),
			hubspot_owner_id: r.pick(owners),
		});
		ids.companies.push(rec.id);
		companies.push({ id: rec.id, name, domain, city });
	}

	for (let i = 0; i < (counts.contacts ?? 0); i++) {
		const firstname = r.pick(FIRST);
		const lastname = r.pick(LAST);
		const co = companies.length ? companies[i % companies.length] : null;
		const domain = co ? co.domain : r.pick(['gmail.com', 'outlook.com', 'proton.me', 'yahoo.com']);
		let email = `${slug(firstname)}.${slug(lastname)}@${domain}`;
		for (let k = 2; usedEmails.has(email); k++) email = `${slug(firstname)}.${slug(lastname)}${k}@${domain}`;
		usedEmails.add(email);
		const city = co ? co.city : r.pick(CITIES);
		/** @type {Record<string, string>} */
		const values = {
			email,
			firstname,
			lastname,
			phone: phone(r, city),
			jobtitle: r.pick(JOBS),
			city: city[0],
			state: city[1],
			country: city[2],
			lifecyclestage: r.pick(LIFECYCLE),
			hubspot_owner_id: r.pick(owners),
		};
		if (co) values.company = co.name;
		const rec = store.create(T('contacts'), values);
		ids.contacts.push(rec.id);
		if (co) store.associate('contacts', rec.id, 'companies', co.id);
	}

	for (let i = 0; i < (counts.deals ?? 0); i++) {
		const co = companies.length ? companies[i % companies.length] : null;
		const stage = r.pick(DEAL_STAGES).id;
		const close = base + r.int(-60, 120) * 86400000;
		const rec = store.create(T('deals'), {
			dealname: `${co ? co.name.split(' ')[0] : r.pick(CO_A) + r.pick(CO_B)} - ${r.pick(PRODUCTS)}`,
			amount: String(r.int(20, 2000) * 50),
			dealstage: stage,
			pipeline: 'default',
			closedate: new Date(close).toISOString(),
			dealtype: r.pick(['newbusiness', 'existingbusiness']),
			hubspot_owner_id: r.pick(owners),
		});
		ids.deals.push(rec.id);
		if (co) store.associate('deals', rec.id, 'companies', co.id);
		if (ids.contacts.length) store.associate('deals', rec.id, 'contacts', ids.contacts[i % ids.contacts.length]);
	}

	for (let i = 0; i < (counts.meetings ?? 0); i++) {
		const start = base + r.int(0, 60) * 86400000 + r.int(0, 16) * 1800000;
		const end = start + r.pick([30, 45, 60]) * 60000;
		const title = r.pick(MEETINGS);
		const rec = store.create(T('meetings'), {
			hs_meeting_title: title,
			hs_meeting_body: `<p>${title} with the customer team.</p>`,
			hs_meeting_start_time: new Date(start).toISOString(),
			hs_meeting_end_time: new Date(end).toISOString(),
			hs_meeting_location: r.pick(['Zoom', 'Google Meet', 'Microsoft Teams', 'Customer office', 'Phone']),
			hs_meeting_outcome: r.pick(['SCHEDULED', 'COMPLETED']),
			hs_timestamp: new Date(start).toISOString(),
			hubspot_owner_id: r.pick(owners),
		});
		ids.meetings.push(rec.id);
		if (ids.contacts.length) store.associate('meetings', rec.id, 'contacts', ids.contacts[i % ids.contacts.length]);
	}

	for (let i = 0; i < (counts.tasks ?? 0); i++) {
		const due = base + r.int(0, 30) * 86400000;
		const rec = store.create(T('tasks'), {
			hs_task_subject: r.pick(['Follow up', 'Send proposal', 'Call back', 'Prepare demo', 'Review contract']),
			hs_task_body: 'Created by the sandbox seed.',
			hs_task_status: r.pick(['NOT_STARTED', 'IN_PROGRESS', 'COMPLETED']),
			hs_task_priority: r.pick(['LOW', 'MEDIUM', 'HIGH']),
			hs_task_type: r.pick(['TODO', 'CALL', 'EMAIL']),
			hs_timestamp: new Date(due).toISOString(),
			hubspot_owner_id: r.pick(owners),
		});
		ids.tasks.push(rec.id);
	}

	for (let i = 0; i < (counts.notes ?? 0); i++) {
		const rec = store.create(T('notes'), {
			hs_note_body: `<p>${r.pick(['Spoke with procurement.', 'Budget approved for Q3.', 'Asked for a security review.', 'Prefers email over calls.'])}</p>`,
			hs_timestamp: new Date(base + r.int(0, 30) * 86400000).toISOString(),
			hubspot_owner_id: r.pick(owners),
		});
		ids.notes.push(rec.id);
	}
	return ids;
}

module.exports = { seedHubspot, seedOwners };
