'use strict';

const { GraphQLError } = require('graphql');
const { TYPES, UPSERT_KEYS } = require('./schema');

/**
 * Records of the sandbox GraphQL CRM, per type (`contacts`, `companies`,
 * `deals`). Ids are decimal strings per type; times are ISO 8601 with
 * milliseconds, strictly increasing per store (two writes never share one).
 *
 * Validation (this sandbox's own rules, the kind a CRM enforces; assumption:
 * no vendor defines them): a contact needs an e-mail, unique among live
 * contacts; a company and a deal need a name; e-mails must look like
 * addresses; strings at most 255 characters (description 5,000); a deal's
 * `closeDate` is YYYY-MM-DD and its `amount` not negative. A refused input is
 * a GraphQL error with `extensions.code` BAD_USER_INPUT (or DUPLICATE_VALUE)
 * and `extensions.field`.
 */

const LIMITS = { description: 5000 };
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function inputError(message, field, code = 'BAD_USER_INPUT') {
	return new GraphQLError(message, { extensions: { code, field } });
}

function createStore() {
	/** @type {Record<string, Map<string, any>>} */
	const records = Object.fromEntries(Object.keys(TYPES).map((t) => [t, new Map()]));
	const nextId = Object.fromEntries(Object.keys(TYPES).map((t) => [t, 1]));
	let last = 0;
	let offsetMs = 0;
	/** @type {Array<{ type: string, id: string, action: string, at: string }>} */
	const changes = [];

	function stamp() {
		const now = Math.max(Date.now() + offsetMs, last + 1);
		last = now;
		return new Date(now).toISOString();
	}

	function alive(type) {
		return [...records[type].values()].filter((r) => !r.deleted);
	}

	function validate(type, input, existing) {
		for (const [field, value] of Object.entries(input)) {
			if (typeof value === 'string' && value.length > (LIMITS[field] ?? 255)) {
				throw inputError(`${field} is too long (at most ${LIMITS[field] ?? 255} characters)`, field);
			}
		}
		const merged = { ...(existing ?? {}), ...input };
		if (input.email !== undefined && input.email !== null && input.email !== '' && !EMAIL.test(String(input.email))) {
			throw inputError(`email "${input.email}" is not a valid e-mail address`, 'email');
		}
		if (type === 'contacts') {
			if (!merged.email) throw inputError('email is required', 'email');
			const email = String(merged.email).toLowerCase();
			const other = alive('contacts').find((r) => r.email && String(r.email).toLowerCase() === email && r.id !== existing?.id);
			if (other) throw inputError(`a contact with email ${merged.email} already exists (id ${other.id})`, 'email', 'DUPLICATE_VALUE');
		}
		if ((type === 'companies' || type === 'deals') && !merged.name) throw inputError('name is required', 'name');
		if (type === 'deals') {
			if (input.closeDate && !/^\d{4}-\d{2}-\d{2}$/.test(String(input.closeDate))) throw inputError('closeDate must be YYYY-MM-DD', 'closeDate');
			if (typeof input.amount === 'number' && input.amount < 0) throw inputError('amount must not be negative', 'amount');
			if (input.companyId && !records.companies.get(String(input.companyId))) throw inputError(`company ${input.companyId} does not exist`, 'companyId');
		}
	}

	/** A plain copy of an input object (graphql-js builds inputs with a null prototype). */
	function plain(input) {
		return JSON.parse(JSON.stringify(input ?? {}));
	}

	function create(type, input) {
		const values = plain(input);
		validate(type, values);
		const at = stamp();
		const id = String(nextId[type]++);
		const record = { ...values, id, createdAt: at, updatedAt: at };
		records[type].set(id, record);
		changes.push({ type, id, action: 'create', at });
		return record;
	}

	function get(type, id) {
		const r = records[type].get(String(id));
		return r && !r.deleted ? r : undefined;
	}

	function update(type, id, input) {
		const existing = get(type, id);
		if (!existing) throw new GraphQLError(`${TYPES[type].type} ${id} not found`, { extensions: { code: 'NOT_FOUND' } });
		const values = plain(input);
		validate(type, values, existing);
		const at = stamp();
		Object.assign(existing, values, { updatedAt: at });
		changes.push({ type, id: existing.id, action: 'update', at });
		return existing;
	}

	function remove(type, id) {
		const existing = get(type, id);
		if (!existing) throw new GraphQLError(`${TYPES[type].type} ${id} not found`, { extensions: { code: 'NOT_FOUND' } });
		existing.deleted = true;
		const at = stamp();
		existing.updatedAt = at;
		changes.push({ type, id: existing.id, action: 'delete', at });
		return { id: existing.id, deleted: true };
	}

	function upsert(type, key, input) {
		const field = UPSERT_KEYS[type];
		const found = alive(type).find((r) => r[field] !== undefined && String(r[field]).toLowerCase() === String(key).toLowerCase());
		const values = { ...plain(input), [field]: key };
		if (found) return { record: update(type, found.id, values), created: false };
		return { record: create(type, values), created: true };
	}

	return {
		records,
		changes,
		alive,
		get,
		create,
		update,
		remove,
		upsert,
		/** Moves the store's clock (and so the next write's times). @param {number} ms */
		advanceTime(ms) {
			offsetMs += ms;
		},
		now: () => Math.max(Date.now() + offsetMs, last + 1),
	};
}

module.exports = { createStore };
