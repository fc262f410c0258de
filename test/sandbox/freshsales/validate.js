'use strict';

const { ENTITIES, STANDARD_FIELDS, TARGETABLE } = require('./schema');

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NUMBER_TYPES = new Set(['number']);
const DATE_TYPES = new Set(['date', 'date_time']);

/**
 * Checks one record body the way Freshsales refuses bad writes: an unknown
 * attribute, an unknown custom field, a dropdown value that is not a choice, a
 * bad email, a number or date that is not one, a missing required field (on
 * create), or a `targetable` record that does not exist. Returns the messages
 * (empty = valid).
 * @param {ReturnType<import('./store').createStore>} store
 */
function createValidator(store) {
	/** @param {string} entity @param {any} b @param {boolean} creating */
	return function validate(entity, b, creating) {
		const spec = ENTITIES[entity];
		/** @type {string[]} */
		const errors = [];
		if (!b || typeof b !== 'object' || Array.isArray(b)) return [`${spec.wrapper} must be an object`];
		const standard = new Map(STANDARD_FIELDS[entity].map(([name, , type]) => [name, type]));
		for (const [key, value] of Object.entries(b)) {
			if (key === 'custom_field') {
				if (!value || typeof value !== 'object' || Array.isArray(value)) {
					errors.push('custom_field must be an object');
					continue;
				}
				for (const [cf, v] of Object.entries(value)) {
					const field = store.fieldOf(entity, cf);
					if (!field || field.default) {
						errors.push(`Unknown custom field: ${cf}`);
						continue;
					}
					if (v !== null && v !== '' && field.choices.length && !field.choices.some((c) => c.value === v)) errors.push(`${cf}: "${v}" is not one of its choices`);
					if (v !== null && v !== '' && NUMBER_TYPES.has(field.type) && !Number.isFinite(Number(v))) errors.push(`${cf} must be a number`);
				}
				continue;
			}
			if (key === 'id' || key === 'created_at' || key === 'updated_at') continue;
			const type = standard.get(key);
			if (type === undefined) {
				errors.push(`Unknown attribute: ${key}`);
				continue;
			}
			if (value === null || value === '') continue;
			const field = store.fieldOf(entity, key);
			if (field?.choices.length && !field.choices.some((c) => String(c.id) === String(value))) errors.push(`${key}: ${JSON.stringify(value)} is not a valid id`);
			if (NUMBER_TYPES.has(type) && !Number.isFinite(Number(value))) errors.push(`${key} must be a number`);
			if (DATE_TYPES.has(type) && !Number.isFinite(Date.parse(String(value)))) errors.push(`${key} is not a valid date`);
			if (key === 'email' && !EMAIL.test(String(value))) errors.push(`email: "${value}" is not a valid email`);
			if (key === 'emails') {
				const list = Array.isArray(value) ? value : [value];
				for (const e of list) {
					const text = typeof e === 'string' ? e : e?.value;
					if (!EMAIL.test(String(text ?? ''))) errors.push(`emails: "${text}" is not a valid email`);
				}
			}
		}
		if (b.targetable_type !== undefined && b.targetable_type !== null) {
			const target = TARGETABLE[b.targetable_type];
			if (!target) errors.push(`targetable_type must be one of ${Object.keys(TARGETABLE).join(', ')}`);
			else if (!store.records[target].has(String(b.targetable_id))) errors.push(`targetable_id: ${b.targetable_type} ${b.targetable_id} does not exist`);
		}
		if (creating) {
			for (const name of spec.required) if (b[name] === undefined || b[name] === null || b[name] === '') errors.push(`${name} can't be blank`);
			if (spec.anyOf && !spec.anyOf.some((name) => b[name] !== undefined && b[name] !== null && b[name] !== '' && !(Array.isArray(b[name]) && !b[name].length))) {
				errors.push(`One of ${spec.anyOf.join(', ')} is required`);
			}
		}
		return errors;
	};
}

module.exports = { createValidator };
