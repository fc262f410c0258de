'use strict';

const { standardModules, f } = require('./schema');

/**
 * The org's records per module, the deleted-records log and the clock.
 * Zoho record ids are long numeric strings (`"5725767000000652001"`); times are
 * ISO 8601 with the org's offset and whole seconds (`2026-12-03T06:10:00+00:00`:
 * the sandbox org is on UTC).
 */

const USER = { id: '5725767000000411001', name: 'Sandbox Admin', email: 'admin@sandbox.zoho.local' };
const ID_BASE = 5725767000000600000n;

function createStore() {
	const modules = standardModules();
	/** @type {Record<string, Map<string, any>>} */
	const records = Object.fromEntries(Object.keys(modules).map((m) => [m, new Map()]));
	/** @type {Record<string, Array<{ id: string, display_name: string, type: 'recycle' | 'permanent', deleted_time: string, deleted_by: typeof USER, created_by: typeof USER }>>} */
	const deleted = Object.fromEntries(Object.keys(modules).map((m) => [m, []]));
	let seq = 0n;
	let offsetMs = 0;
	/** Writes in order: `{ module, id, operation: 'insert' | 'update' | 'delete', at, fields }`, for notifications. */
	const changes = /** @type {any[]} */ ([]);

	const nowMs = () => Date.now() + offsetMs;
	/** Zoho's time format: whole seconds with the org's offset. @param {number} [ms] */
	const stamp = (ms = nowMs()) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
	const newId = () => String(ID_BASE + ++seq);

	/** A module's id (`GET /settings/modules`; a watch answer's `resource_id`). @param {string} name */
	const moduleId = (name) => String(5725767000000002000n + BigInt(Math.max(0, Object.keys(modules).indexOf(name))));

	/** @param {string} name */
	const moduleOf = (name) => (Object.prototype.hasOwnProperty.call(modules, name) ? modules[name] : undefined);

	/** A custom module (Zoho API names end `s` by convention, e.g. `Pets`), with a mandatory `Name` and the given text fields. @param {string} apiName @param {string[]} [fields] */
	function addModule(apiName, fields = []) {
		modules[apiName] = {
			singular: apiName.replace(/s$/, ''),
			plural: apiName,
			custom: true,
			duplicateCheck: ['Name'],
			fields: [
				f('id', 'bigint', { read_only: true }),
				f('Owner', 'ownerlookup'),
				f('Created_Time', 'datetime', { read_only: true }),
				f('Modified_Time', 'datetime', { read_only: true }),
				f('Created_By', 'ownerlookup', { read_only: true }),
				f('Modified_By', 'ownerlookup', { read_only: true }),
				f('Name', 'text', { length: 120, system_mandatory: true }),
				...fields.map((n) => f(n, 'text', { custom_field: true })),
			],
		};
		records[apiName] = new Map();
		deleted[apiName] = [];
	}

	/** A custom field on a module (e.g. a unique external key for upserts). @param {string} module @param {import('./schema').ZohoField} field */
	function addField(module, field) {
		const spec = moduleOf(module);
		if (!spec) throw new Error(`no module ${module}`);
		spec.fields.push(f(field.api_name, field.data_type ?? 'text', { custom_field: true, ...field }));
	}

	/**
	 * Applies an already validated write: a new record, or fields over an existing one.
	 * @param {string} module @param {Record<string, unknown>} body @param {any} [existing] @param {typeof USER} [by]
	 */
	function applyWrite(module, body, existing, by = USER) {
		const t = stamp();
		const rec = existing ?? { id: newId(), Owner: { ...USER }, Created_Time: t, Created_By: { ...by } };
		for (const [k, v] of Object.entries(body)) if (k !== 'id') rec[k] = v;
		if (module === 'Leads' || module === 'Contacts') rec.Full_Name = [rec.First_Name, rec.Last_Name].filter(Boolean).join(' ');
		rec.Modified_Time = t;
		rec.Modified_By = { ...by };
		records[module].set(rec.id, rec);
		changes.push({ module, id: rec.id, operation: existing ? 'update' : 'insert', at: nowMs(), fields: Object.keys(body).filter((k) => k !== 'id'), by: by.id });
		return rec;
	}

	/** @param {string} module @param {string} id */
	function remove(module, id) {
		const rec = records[module].get(id);
		if (!rec) return false;
		records[module].delete(id);
		// The record's name field per module (lookups such as a deal's Account_Name are objects, not names).
		const display = [rec.Full_Name, rec.Deal_Name, rec.Subject, rec.Event_Title, rec.Note_Title, rec.Name, module === 'Accounts' ? rec.Account_Name : undefined].find((v) => typeof v === 'string' && v) ?? id;
		deleted[module].push({ id, display_name: String(display), type: 'recycle', deleted_time: stamp(), deleted_by: { ...USER }, created_by: rec.Created_By });
		changes.push({ module, id, operation: 'delete', at: nowMs(), fields: [], by: USER.id });
		return true;
	}

	return {
		modules,
		records,
		deleted,
		changes,
		moduleOf,
		moduleId,
		addModule,
		addField,
		applyWrite,
		remove,
		stamp,
		nowMs,
		/** Moves the org's clock (Modified_Time, channel expiry). @param {number} ms */
		advanceTime(ms) {
			offsetMs += ms;
		},
		/** @param {string} module */
		alive: (module) => [...(records[module]?.values() ?? [])],
	};
}

module.exports = { createStore, USER };
