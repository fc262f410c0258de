'use strict';

const { ENTITIES, STANDARD_FIELDS, DEFAULT_VIEWS } = require('./schema');

/**
 * Freshsales' records, fields and views in memory. Times are written the way
 * Freshsales answers them: ISO 8601 in the account's time zone with its offset
 * (`2026-01-02T15:04:05+05:30`), whole seconds; every write gets a strictly later
 * `updated_at`, so changes are ordered. Deleted records are gone from every read.
 */

const USER_ID = 7001;
/** The sandbox account's time zone (India, like Freshworks' own sample answers). */
const OFFSET_MINUTES = 330;

/** ms → `YYYY-MM-DDTHH:MM:SS+05:30`. */
function accountTime(ms) {
	const local = new Date(ms + OFFSET_MINUTES * 60_000).toISOString().slice(0, 19);
	const sign = OFFSET_MINUTES >= 0 ? '+' : '-';
	const abs = Math.abs(OFFSET_MINUTES);
	return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Dropdown choices of the standard fields (ids as Freshsales gives them). */
const CHOICES = {
	owner_id: [
		{ id: USER_ID, value: 'Sandbox Admin' },
		{ id: USER_ID + 1, value: 'Sandbox Seller' },
	],
	lead_source_id: [
		{ id: 1, value: 'Web' },
		{ id: 2, value: 'Email' },
		{ id: 3, value: 'Phone' },
	],
	contact_status_id: [
		{ id: 11, value: 'New' },
		{ id: 12, value: 'Contacted' },
		{ id: 13, value: 'Qualified' },
	],
	lifecycle_stage_id: [
		{ id: 21, value: 'Lead' },
		{ id: 22, value: 'Sales Qualified Lead' },
		{ id: 23, value: 'Customer' },
	],
	deal_stage_id: [
		{ id: 31, value: 'New' },
		{ id: 32, value: 'Negotiation' },
		{ id: 33, value: 'Won' },
		{ id: 34, value: 'Lost' },
	],
	deal_pipeline_id: [{ id: 41, value: 'Default Pipeline' }],
	currency_id: [
		{ id: 51, value: 'USD' },
		{ id: 52, value: 'EUR' },
	],
	industry_type_id: [
		{ id: 61, value: 'Software' },
		{ id: 62, value: 'Retail' },
	],
	sales_activity_type_id: [
		{ id: 71, value: 'Call' },
		{ id: 72, value: 'Meeting' },
	],
};

function createStore() {
	let clockOffset = 0;
	const now = () => Date.now() + clockOffset;
	let lastWrite = 0;
	const writeTime = () => {
		lastWrite = Math.max(now(), lastWrite + 1000);
		return lastWrite;
	};

	/** @type {Record<string, Map<string, any>>} */
	const records = Object.fromEntries(Object.keys(ENTITIES).map((e) => [e, new Map()]));
	/** @type {Record<string, number>} */
	const nextId = Object.fromEntries(Object.keys(ENTITIES).map((e, i) => [e, 1000 * (i + 1) + 1]));
	/** @type {Record<string, any[]>} */
	const fields = {};
	let nextFieldId = 500;
	for (const [entity, list] of Object.entries(STANDARD_FIELDS)) {
		fields[entity] = list.map(([name, label, type]) => ({
			id: nextFieldId++,
			name,
			label,
			type,
			default: true,
			required: ENTITIES[entity].required.includes(name),
			choices: CHOICES[name] ? CHOICES[name].map((c) => ({ ...c })) : [],
		}));
	}
	/** @type {Record<string, Array<{ id: number, name: string }>>} */
	const views = JSON.parse(JSON.stringify(DEFAULT_VIEWS));

	/** @type {Array<{ entity: string, action: string, id: string, at: number }>} */
	const changes = [];

	/**
	 * Adds a custom field (`cf_<name>`), optionally unique (an upsert key) or a dropdown.
	 * @param {string} entity @param {{ name: string, label?: string, type?: string, unique?: boolean, choices?: string[] }} def
	 */
	function addField(entity, def) {
		const name = def.name.startsWith('cf_') ? def.name : `cf_${def.name}`;
		const field = {
			id: nextFieldId++,
			name,
			label: def.label ?? def.name,
			type: def.type ?? (def.choices ? 'dropdown' : 'text'),
			default: false,
			required: false,
			unique: def.unique === true,
			choices: (def.choices ?? []).map((value, i) => ({ id: 900 + i, value })),
		};
		fields[entity].push(field);
		return field;
	}

	const fieldOf = (/** @type {string} */ entity, /** @type {string} */ name) => (fields[entity] ?? []).find((f) => f.name === name);

	/** Normalises a contact's email fields: `email` is the primary of `emails`. @param {any} rec @param {any} b */
	function contactEmails(rec, b) {
		if (b.emails !== undefined) {
			const list = Array.isArray(b.emails) ? b.emails : [b.emails];
			rec.emails = list
				.map((e, i) => (typeof e === 'string' ? { value: e, is_primary: i === 0, label: null } : { value: e.value, is_primary: e.is_primary ?? i === 0, label: e.label ?? null }))
				.filter((e) => e.value);
			rec.email = rec.emails.find((e) => e.is_primary)?.value ?? rec.emails[0]?.value ?? null;
		}
		if (b.email !== undefined) {
			const others = (rec.emails ?? []).filter((e) => !e.is_primary && e.value !== b.email);
			rec.email = b.email || null;
			rec.emails = [...(b.email ? [{ value: b.email, is_primary: true, label: null }] : []), ...others];
		}
		rec.emails = rec.emails ?? [];
		rec.email = rec.email ?? null;
	}

	/** Stores a create or an update (already validated). @param {string} entity @param {any} b @param {any} [existing] */
	function applyWrite(entity, b, existing) {
		const at = writeTime();
		const rec = existing ? { ...existing, custom_field: { ...(existing.custom_field ?? {}) } } : { id: nextId[entity]++, created_at: accountTime(at), custom_field: {} };
		for (const [k, v] of Object.entries(b)) {
			if (k === 'custom_field') Object.assign(rec.custom_field, v);
			else if (k === 'email' || k === 'emails') continue;
			else if (k !== 'id' && k !== 'created_at' && k !== 'updated_at') rec[k] = v;
		}
		if (entity === 'contacts') {
			contactEmails(rec, b);
			rec.display_name = [rec.first_name, rec.last_name].filter(Boolean).join(' ') || rec.email || rec.mobile_number || null;
		}
		if (entity === 'deals') {
			rec.deal_pipeline_id = rec.deal_pipeline_id ?? 41;
			rec.deal_stage_id = rec.deal_stage_id ?? 31;
			rec.amount = rec.amount ?? null;
		}
		if (entity === 'tasks') rec.status = rec.status ?? 0;
		if (entity !== 'notes' && !('owner_id' in rec) && entity !== 'appointments') rec.owner_id = USER_ID;
		if (entity === 'notes' || entity === 'appointments') rec.creater_id = rec.creater_id ?? USER_ID;
		rec.updated_at = accountTime(at);
		records[entity].set(String(rec.id), rec);
		changes.push({ entity, action: existing ? 'change' : 'create', id: String(rec.id), at });
		return rec;
	}

	/** @param {string} entity @param {string} id */
	function remove(entity, id) {
		const existed = records[entity].delete(String(id));
		if (existed) changes.push({ entity, action: 'delete', id: String(id), at: writeTime() });
		return existed;
	}

	const alive = (/** @type {string} */ entity) => [...records[entity].values()];

	return {
		records,
		fields,
		views,
		fieldOf,
		addField,
		applyWrite,
		remove,
		alive,
		changes,
		now,
		/** @param {number} ms */
		advanceTime(ms) {
			clockOffset += ms;
		},
	};
}

module.exports = { createStore, accountTime, USER_ID, OFFSET_MINUTES };
