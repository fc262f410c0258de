'use strict';

const { V2_ENTITIES, V2_WRITABLE, ACTIVITY_TYPES, EMAIL } = require('./schema');

/**
 * What Pipedrive refuses in a create or update body, as a problem text (null when valid).
 * v2 endpoints validate strictly (types are not coerced); v1 ones as v1 does.
 * @param {ReturnType<typeof import('./store').createStore>} store
 */
function createValidator(store) {
	/** @param {string} entity @param {any} body @param {boolean} v2 @returns {string | null} problem */
	function checkCustom(entity, body, v2) {
		const known = store.customKeys(entity);
		const custom = v2 ? body.custom_fields ?? {} : Object.fromEntries(Object.entries(body).filter(([k]) => /^[0-9a-f]{40}$/.test(k)));
		if (v2 && body.custom_fields !== undefined && (typeof body.custom_fields !== 'object' || Array.isArray(body.custom_fields))) return 'custom_fields must be an object';
		for (const [key, value] of Object.entries(custom)) {
			const f = known.get(key);
			if (!f) return `custom_fields: unknown field ${key}`;
			if (f.field_type === 'enum' && value !== null && !f.options.some((/** @type {any} */ o) => o.id === value)) return `custom_fields.${key}: ${JSON.stringify(value)} is not an option id of "${f.name}"`;
			if (f.field_type === 'double' && value !== null && typeof value !== 'number') return `custom_fields.${key}: must be a number`;
		}
		return null;
	}

	const NUMERIC = ['owner_id', 'org_id', 'person_id', 'deal_id', 'stage_id', 'pipeline_id', 'value', 'user_id', 'organization_id', 'visible_to'];

	/** @param {string} entity @param {any} b @param {boolean} creating @returns {string | null} */
	function validate(entity, b, creating) {
		if (!b || typeof b !== 'object' || Array.isArray(b)) return 'body must be a JSON object';
		const v2 = entity in V2_ENTITIES;
		for (const key of NUMERIC) {
			if (b[key] === undefined || b[key] === null) continue;
			if (entity === 'leads' && key === 'value') continue;
			if (v2 || key !== 'value') if (typeof b[key] !== 'number') return `${key} must be a number`;
		}
		if (entity === 'persons') {
			if (creating && !b.name) return 'name is required';
			for (const list of ['emails', 'phones']) {
				if (b[list] === undefined || b[list] === null) continue;
				if (!Array.isArray(b[list])) return `${list} must be an array`;
				for (const [i, e] of b[list].entries()) {
					if (!e || typeof e !== 'object' || typeof e.value !== 'string') return `${list}[${i}].value is required`;
					if (list === 'emails' && e.value && !EMAIL.test(e.value)) return `${list}[${i}].value "${e.value}" is not a valid email`;
				}
			}
		}
		if (entity === 'organizations' && creating && !b.name) return 'name is required';
		if (entity === 'deals' && creating && !b.title) return 'title is required';
		if (entity === 'activities') {
			if (b.type !== undefined && !ACTIVITY_TYPES.includes(b.type)) return `type "${b.type}" is not an activity type`;
			if (b.due_date !== undefined && b.due_date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(b.due_date)) return 'due_date must be YYYY-MM-DD';
			if (b.due_time !== undefined && b.due_time !== null && !/^\d{2}:\d{2}$/.test(b.due_time)) return 'due_time must be HH:MM';
			if (b.duration !== undefined && b.duration !== null && !/^\d{2}:\d{2}$/.test(b.duration)) return 'duration must be HH:MM';
			if (b.participants !== undefined && !Array.isArray(b.participants)) return 'participants must be an array';
		}
		if (entity === 'leads') {
			if (creating && !b.title) return 'title is required';
			if (creating && !b.person_id && !b.organization_id) return 'a lead needs person_id or organization_id';
			if (b.value !== undefined && b.value !== null && (typeof b.value !== 'object' || typeof b.value.amount !== 'number' || typeof b.value.currency !== 'string')) {
				return 'value must be an object with amount (number) and currency';
			}
		}
		if (entity === 'notes') {
			if (creating && !b.content) return 'content is required';
			if (creating && !b.deal_id && !b.person_id && !b.org_id && !b.lead_id && !b.project_id) return 'a note needs deal_id, person_id, org_id or lead_id';
		}
		return checkCustom(entity, b, v2);
	}

	/**
	 * The top-level keys of a v2 body that the entity's request schema does not have (schema.js
	 * V2_WRITABLE): Pipedrive refuses such a body as a whole, stores nothing, and names the keys.
	 * Answer as Pipedrive answers an unknown payload field: 400, `Invalid field(s) in the payload:
	 * primary_email` (github.com/pipedrive/client-nodejs pull 382, the API's answer quoted there).
	 * Assumption: several unknown keys are listed in one message, comma-separated, in body order.
	 * @param {string} entity @param {any} b @returns {string[]}
	 */
	function unknownFields(entity, b) {
		const allowed = V2_WRITABLE[/** @type {keyof typeof V2_WRITABLE} */ (entity)];
		if (!allowed || !b || typeof b !== 'object' || Array.isArray(b)) return [];
		return Object.keys(b).filter((k) => !allowed.includes(k));
	}

	return { validate, unknownFields };
}

module.exports = { createValidator };
