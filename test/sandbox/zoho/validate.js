'use strict';

const { recordError } = require('./errors');
const { PARENT_MODULES } = require('./schema');

/**
 * One record of a write, checked as Zoho checks it. Error entries as Zoho
 * words them (crm-oas v8.0 examples): `MANDATORY_NOT_FOUND` "required field
 * not found", `INVALID_DATA` "invalid data" with `details.api_name` (the field)
 * and `details.json_path` (`$.data[i].Field`), plus `expected_data_type` or
 * `maximum_length` where that is the reason.
 *
 * Assumptions (stricter than what Zoho documents, so a mapping bug fails here
 * instead of being silently dropped): a field the module does not have is
 * refused as INVALID_DATA; a read-only field (Created_Time, Full_Name...) is
 * refused too. Picklist values are not checked (Zoho stores unknown values of
 * unrestricted picklists).
 */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)$/;

/** @param {any} store */
function createValidator(store) {
	/** The id of a lookup value (`{ id }` or the id itself). @param {unknown} v */
	const lookupId = (v) => (v && typeof v === 'object' ? /** @type {any} */ (v).id : v);

	/**
	 * @param {string} module @param {Record<string, any>} body @param {number} index @param {{ creating: boolean }} opts
	 * @returns {ReturnType<typeof recordError> | undefined}
	 */
	function check(module, body, index, { creating }) {
		const spec = store.moduleOf(module);
		const byName = new Map(spec.fields.map((/** @type {any} */ x) => [x.api_name, x]));
		const path = (/** @type {string} */ name) => `$.data[${index}].${name}`;
		const invalid = (/** @type {string} */ name, /** @type {Record<string, unknown>} */ extra = {}) =>
			recordError('INVALID_DATA', 'invalid data', { api_name: name, json_path: path(name), ...extra });
		if (!body || typeof body !== 'object' || Array.isArray(body)) return recordError('INVALID_DATA', 'invalid data', { json_path: `$.data[${index}]` });
		for (const [name, value] of Object.entries(body)) {
			if (name === 'id' || name === '$se_module') continue;
			const field = byName.get(name);
			if (!field) return invalid(name);
			if (field.read_only) return invalid(name);
			if (value === null) {
				if (field.system_mandatory) return recordError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: name, json_path: path(name) });
				continue;
			}
			switch (field.data_type) {
				case 'text':
				case 'textarea':
				case 'phone':
				case 'website':
				case 'picklist':
					if (typeof value !== 'string') return invalid(name, { expected_data_type: field.data_type === 'picklist' ? 'picklist' : 'text' });
					if (field.length && value.length > field.length) return invalid(name, { maximum_length: field.length });
					break;
				case 'email':
					if (typeof value !== 'string' || !EMAIL.test(value)) return invalid(name, { expected_data_type: 'email' });
					if (field.length && value.length > field.length) return invalid(name, { maximum_length: field.length });
					break;
				case 'integer':
					if (typeof value !== 'number' || !Number.isInteger(value)) return invalid(name, { expected_data_type: 'integer' });
					break;
				case 'currency':
				case 'double':
					if (typeof value !== 'number' || !Number.isFinite(value)) return invalid(name, { expected_data_type: 'double' });
					break;
				case 'date':
					if (typeof value !== 'string' || !DATE.test(value)) return invalid(name, { expected_data_type: 'date' });
					break;
				case 'datetime':
					if (typeof value !== 'string' || !DATETIME.test(value)) return invalid(name, { expected_data_type: 'datetime' });
					break;
				case 'ownerlookup':
					if (!lookupId(value)) return invalid(name, { expected_data_type: 'ownerlookup' });
					break;
				case 'lookup': {
					const id = String(lookupId(value) ?? '');
					if (name === 'Parent_Id') {
						const parentModule = /** @type {any} */ (value)?.module?.api_name;
						if (!PARENT_MODULES.includes(parentModule) || !store.records[parentModule]?.has(id)) return invalid(name);
					} else if (name === 'What_Id') {
						const parentModule = body.$se_module;
						if (!PARENT_MODULES.includes(parentModule) || !store.records[parentModule]?.has(id)) return invalid(name);
					} else {
						const target = field.lookup?.module?.api_name;
						if (!target || !store.records[target]?.has(id)) return invalid(name);
					}
					break;
				}
				default:
					break;
			}
		}
		if (creating) {
			for (const field of spec.fields) {
				if (!field.system_mandatory) continue;
				const v = body[field.api_name];
				if (v === undefined || v === null || v === '') return recordError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: field.api_name, json_path: path(field.api_name) });
			}
		}
		return undefined;
	}

	/** A write's value as stored: lookups as `{ id, name }`. @param {string} module @param {Record<string, any>} body */
	function normalize(module, body) {
		const spec = store.moduleOf(module);
		/** @type {Record<string, any>} */
		const out = {};
		for (const [name, value] of Object.entries(body)) {
			const field = spec.fields.find((/** @type {any} */ x) => x.api_name === name);
			if (value !== null && (field?.data_type === 'lookup' || field?.data_type === 'ownerlookup')) {
				const id = String(lookupId(value));
				out[name] = name === 'Parent_Id' ? { module: { api_name: value.module.api_name }, id } : { id };
			} else out[name] = value;
		}
		return out;
	}

	return { check, normalize };
}

module.exports = { createValidator };
