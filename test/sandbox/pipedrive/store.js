'use strict';

const { randomBytes, randomUUID } = require('node:crypto');
const { V2_ENTITIES, STANDARD_FIELDS } = require('./schema');

/**
 * Pipedrive's records and fields in memory. v2 entities (persons, organizations,
 * deals, activities) keep custom fields under `custom_fields` and are soft-deleted
 * (`is_deleted`); v1 ones (leads, notes) keep them at the root. Every write gets a
 * strictly later `update_time`, and listeners (webhooks) hear of it.
 */

const USER_ID = 1001;

const isoNow = (/** @type {number} */ ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const v1Now = (/** @type {number} */ ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** @typedef {(entity: string, action: 'create' | 'change' | 'delete', rec: any, before?: any) => void} WriteListener */

function createStore() {
	let clockOffset = 0;
	const now = () => Date.now() + clockOffset;
	/** A strictly increasing time for writes, so `update_time` orders changes. */
	let lastWrite = 0;
	const writeTime = () => {
		lastWrite = Math.max(now(), lastWrite + 1000);
		return lastWrite;
	};

	/** @type {Record<string, Map<string, any>>} */
	const records = { persons: new Map(), organizations: new Map(), deals: new Map(), activities: new Map(), leads: new Map(), notes: new Map() };
	/** @type {Record<string, number>} */
	const nextId = { persons: 1, organizations: 1, deals: 1, activities: 1, notes: 1 };
	/** @type {Record<string, any[]>} */
	const fields = {};
	let nextFieldId = 9000;
	for (const [entity, list] of Object.entries(STANDARD_FIELDS)) {
		fields[entity] = list.map(([key, name, type], i) => ({ id: i + 1, key, name, field_type: type, edit_flag: false, mandatory_flag: key === 'name' || key === 'title', active_flag: true }));
	}
	// Leads share the deal fields (as in Pipedrive).
	const fieldsOf = (/** @type {string} */ entity) => fields[entity === 'leads' ? 'deals' : entity];
	const customKeys = (/** @type {string} */ entity) => new Map(fieldsOf(entity).filter((f) => f.edit_flag).map((f) => [f.key, f]));

	/** @type {Array<{ entity: string, action: string, id: string, at: number }>} */
	const changes = [];
	/** @type {WriteListener[]} */
	const listeners = [];

	function addField(/** @type {string} */ entity, /** @type {{ name: string, field_type?: string, options?: string[] }} */ def) {
		const key = randomBytes(20).toString('hex');
		const field = {
			id: nextFieldId++,
			key,
			name: def.name,
			field_type: def.field_type ?? 'varchar',
			edit_flag: true,
			mandatory_flag: false,
			active_flag: true,
			options: def.options ? def.options.map((label, i) => ({ id: 100 + i, label })) : undefined,
		};
		fieldsOf(entity).push(field);
		return { key, name: def.name, options: field.options };
	}

	/** @param {string} entity @param {any} b @param {any} [existing] */
	function applyWrite(entity, b, existing) {
		const at = writeTime();
		const v2 = entity in V2_ENTITIES;
		const rec = existing ? { ...existing } : { id: entity === 'leads' ? randomUUID() : nextId[entity]++, add_time: v2 ? isoNow(at) : entity === 'leads' ? new Date(at).toISOString() : v1Now(at) };
		for (const [k, v] of Object.entries(b)) {
			if (k === 'custom_fields') rec.custom_fields = { ...(rec.custom_fields ?? {}), ...v };
			else if (k !== 'id' && k !== 'add_time' && k !== 'update_time') rec[k] = v;
		}
		if (entity === 'persons' && typeof rec.name === 'string') {
			const parts = rec.name.trim().split(/\s+/);
			rec.first_name = parts[0] ?? null;
			rec.last_name = parts.length > 1 ? parts.slice(1).join(' ') : null;
			rec.emails = rec.emails ?? [];
			rec.phones = rec.phones ?? [];
		}
		if (entity === 'activities') {
			rec.type = rec.type ?? 'task';
			rec.subject = rec.subject || rec.type.charAt(0).toUpperCase() + rec.type.slice(1);
			rec.done = rec.done ?? false;
		}
		if (entity === 'deals') {
			rec.status = rec.status ?? 'open';
			rec.currency = rec.currency ?? 'USD';
			rec.value = rec.value ?? 0;
			rec.pipeline_id = rec.pipeline_id ?? 1;
			rec.stage_id = rec.stage_id ?? 1;
		}
		if (entity === 'leads') {
			rec.is_archived = rec.is_archived ?? false;
			rec.was_seen = rec.was_seen ?? false;
			rec.source_name = rec.source_name ?? 'API';
			rec.value = rec.value ?? null;
			rec.label_ids = rec.label_ids ?? [];
		}
		if (!('owner_id' in rec) && entity !== 'notes') rec.owner_id = USER_ID;
		if (entity === 'notes') rec.user_id = rec.user_id ?? USER_ID;
		if (v2) {
			rec.is_deleted = false;
			rec.custom_fields = rec.custom_fields ?? {};
		}
		rec.update_time = v2 ? isoNow(at) : entity === 'leads' ? new Date(at).toISOString() : v1Now(at);
		records[entity].set(String(rec.id), rec);
		changes.push({ entity, action: existing ? 'change' : 'create', id: String(rec.id), at });
		for (const l of listeners) l(entity, existing ? 'change' : 'create', rec, existing);
		return rec;
	}

	/** Deletes a record: v2 ones are kept with `is_deleted`, v1 ones hidden. @param {string} entity @param {any} rec */
	function remove(entity, rec) {
		const at = writeTime();
		if (entity in V2_ENTITIES) {
			rec.is_deleted = true;
			rec.update_time = isoNow(at);
		} else rec.__deleted = true;
		changes.push({ entity, action: 'delete', id: String(rec.id), at });
		for (const l of listeners) l(entity, 'delete', rec, rec);
	}

	/** A record that exists (not deleted). @param {string} entity @param {string} id */
	function live(entity, id) {
		const rec = records[entity].get(id);
		return !rec || rec.is_deleted || rec.__deleted ? undefined : rec;
	}

	const alive = (/** @type {string} */ entity) => [...records[entity].values()].filter((r) => !r.is_deleted && !r.__deleted);

	return {
		records,
		fieldsOf,
		customKeys,
		addField,
		applyWrite,
		remove,
		live,
		alive,
		changes,
		listeners,
		now,
		/** Moves the clock used for `add_time`/`update_time` (ms). @param {number} ms */
		advanceTime(ms) {
			clockOffset += ms;
		},
	};
}

module.exports = { createStore, USER_ID };
