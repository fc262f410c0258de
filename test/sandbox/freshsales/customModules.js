'use strict';

const { json } = require('../lib/http');
const { fsError } = require('./errors');
const { accountTime } = require('./store');

/**
 * Custom module records (`/custom_module/<entity name>`, the module's API name
 * `cm_*`): create, get, update, delete. Second-hand (a code user and a connector
 * vendor's summary of developers.freshworks.com/crm/api#create_record_in_custom_module):
 * the body is `{ <entity name>: { name, custom_field: {...} } }`. A module here
 * has a `name` and the custom fields it was made with; anything else is refused.
 * How its records are listed is not known here, so no list is emulated.
 */
function createCustomModules() {
	/** @type {Map<string, { fields: Set<string>, records: Map<string, any>, nextId: number }>} */
	const modules = new Map();
	let last = 0;

	/** @param {string} name @param {string[]} fields custom field names (cf_*) */
	function addModule(name, fields = []) {
		if (!/^cm_[a-z0-9_]+$/.test(name)) throw new Error(`a custom module's API name starts with cm_: ${name}`);
		modules.set(name, { fields: new Set(fields.map((f) => (f.startsWith('cf_') ? f : `cf_${f}`))), records: new Map(), nextId: 9001 });
	}

	/** @param {any} mod @param {any} b @param {boolean} creating @returns {string[]} */
	function check(mod, b, creating) {
		if (!b || typeof b !== 'object' || Array.isArray(b)) return ['the record must be an object'];
		const errors = [];
		for (const key of Object.keys(b)) {
			if (key === 'custom_field') {
				for (const cf of Object.keys(b.custom_field ?? {})) if (!mod.fields.has(cf)) errors.push(`Unknown custom field: ${cf}`);
			} else if (key !== 'name') errors.push(`Unknown attribute: ${key}`);
		}
		if (creating && (b.name === undefined || b.name === null || b.name === '')) errors.push("name can't be blank");
		return errors;
	}

	/** @param {any} ctx @param {string} method @param {string} path @returns {any} undefined: not a custom module path */
	function handle(ctx, method, path) {
		const m = /^\/custom_module\/([^/]+)(?:\/([^/]+))?$/.exec(path);
		if (!m) return undefined;
		const mod = modules.get(m[1]);
		if (!mod) return fsError(404, `No custom module ${m[1]}`);
		const id = m[2];
		const write = (/** @type {any} */ existing) => {
			const b = ctx.body?.[m[1]];
			if (b === undefined) return fsError(400, `The request body must hold "${m[1]}"`);
			const errors = check(mod, b, !existing);
			if (!errors.length && ctx.failRecord?.(b)) errors.push('Record rejected by the sandbox fault injection');
			if (errors.length) return fsError(400, errors);
			last = Math.max(Date.now(), last + 1000);
			const rec = existing ? { ...existing, custom_field: { ...existing.custom_field } } : { id: mod.nextId++, created_at: accountTime(last), custom_field: {} };
			if (b.name !== undefined) rec.name = b.name;
			Object.assign(rec.custom_field, b.custom_field ?? {});
			rec.updated_at = accountTime(last);
			mod.records.set(String(rec.id), rec);
			return json({ [m[1]]: rec });
		};
		if (!id && method === 'POST') return write(undefined);
		if (!id) return fsError(405, `Method ${method} is not allowed on ${path}`);
		const rec = mod.records.get(id);
		if (!rec) return fsError(404, 'Record not found');
		if (method === 'GET') return json({ [m[1]]: rec });
		if (method === 'PUT') return write(rec);
		if (method === 'DELETE') {
			mod.records.delete(id);
			return json(true);
		}
		return fsError(405, `Method ${method} is not allowed on ${path}`);
	}

	return { addModule, handle, modules };
}

module.exports = { createCustomModules };
