'use strict';

/**
 * CRM search semantics (POST /crm/v3/objects/{type}/search), following HubSpot's
 * "Search the CRM" guide: filterGroups are ORed, filters inside a group ANDed;
 * at most 5 groups, 6 filters per group, 18 filters in all; limit <= 200;
 * paging past 10,000 results is a 400; archived records never match; default
 * order is creation order (oldest first); only one sort is applied.
 */

const MAX_GROUPS = 5;
const MAX_PER_GROUP = 6;
const MAX_FILTERS = 18;
const MAX_LIMIT = 200;
const MAX_RESULTS = 10_000;

/** @typedef {import('./store').StoredRecord} StoredRecord */
/** @typedef {import('./schema').ObjectTypeDef} ObjectTypeDef */

/**
 * @param {ObjectTypeDef} t @param {any} body
 * @returns {string | null} a validation message, or null when the request is acceptable
 */
function validateSearch(t, body) {
	const groups = body.filterGroups ?? [];
	if (!Array.isArray(groups)) return 'filterGroups must be an array';
	if (groups.length > MAX_GROUPS) return `Too many filter groups: ${groups.length}. The maximum is ${MAX_GROUPS}.`;
	let total = 0;
	for (const g of groups) {
		const filters = g?.filters ?? [];
		if (filters.length > MAX_PER_GROUP) return `Too many filters in a filter group: ${filters.length}. The maximum is ${MAX_PER_GROUP}.`;
		total += filters.length;
		for (const f of filters) {
			if (!f || typeof f.propertyName !== 'string') return 'Each filter needs a propertyName';
			if (!t.properties.has(f.propertyName)) return `There was a problem with the request. Property ${f.propertyName} does not exist.`;
			if (!OPERATORS.has(f.operator)) return `Invalid filter operator: ${f.operator}`;
		}
	}
	if (total > MAX_FILTERS) return `Too many filters: ${total}. The maximum is ${MAX_FILTERS}.`;
	if (body.limit !== undefined && (!Number.isInteger(Number(body.limit)) || Number(body.limit) < 0 || Number(body.limit) > MAX_LIMIT)) {
		return `limit must be between 0 and ${MAX_LIMIT}`;
	}
	if (body.after !== undefined && body.after !== null && body.after !== '' && !/^\d+$/.test(String(body.after))) return 'after must be an integer';
	return null;
}

const OPERATORS = new Set(['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN']);

/**
 * Comparable form of a stored or filter value for a property type.
 * Datetimes compare as epoch ms (filters may give ms or ISO); numbers numerically;
 * everything else case-insensitively as strings.
 * @param {string} type @param {unknown} v
 */
function comparable(type, v) {
	if (v === undefined || v === null) return null;
	const s = String(v);
	if (type === 'datetime' || type === 'date') {
		const ms = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
		return Number.isNaN(ms) ? s : ms;
	}
	if (type === 'number') {
		const n = Number(s);
		return Number.isNaN(n) ? s : n;
	}
	return s.toLowerCase();
}

/** @param {string} stored @param {string} token */
function containsToken(stored, token) {
	const s = stored.toLowerCase();
	const tok = token.toLowerCase();
	if (tok.includes('*')) {
		const re = new RegExp('^' + tok.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
		return re.test(s) || s.split(/\s+/).some((w) => re.test(w));
	}
	return s.split(/[^a-z0-9]+/).includes(tok) || s === tok;
}

/** @param {ObjectTypeDef} t @param {StoredRecord} r @param {any} f */
function matchFilter(t, r, f) {
	const def = t.properties.get(f.propertyName);
	const type = def?.type ?? 'string';
	const raw = r.props[f.propertyName];
	const has = raw !== undefined && raw !== '';
	switch (f.operator) {
		case 'HAS_PROPERTY':
			return has;
		case 'NOT_HAS_PROPERTY':
			return !has;
		case 'CONTAINS_TOKEN':
			return has && containsToken(raw, String(f.value ?? ''));
		case 'NOT_CONTAINS_TOKEN':
			return !has || !containsToken(raw, String(f.value ?? ''));
		case 'IN':
		case 'NOT_IN': {
			// HubSpot: for string properties IN values must be lowercase; enumerations are case-sensitive.
			const values = (f.values ?? []).map((/** @type {unknown} */ v) => String(v));
			const hit =
				has &&
				values.some((/** @type {string} */ v) =>
					type === 'enumeration' ? raw === v : type === 'string' ? raw.toLowerCase() === v : comparable(type, raw) === comparable(type, v),
				);
			return f.operator === 'IN' ? hit : !hit;
		}
	}
	const a = comparable(type, raw);
	const b = comparable(type, f.value);
	if (f.operator === 'NEQ') return !has || a !== b;
	if (!has) return false;
	switch (f.operator) {
		case 'EQ':
			return a === b;
		case 'LT':
			return /** @type {any} */ (a) < /** @type {any} */ (b);
		case 'LTE':
			return /** @type {any} */ (a) <= /** @type {any} */ (b);
		case 'GT':
			return /** @type {any} */ (a) > /** @type {any} */ (b);
		case 'GTE':
			return /** @type {any} */ (a) >= /** @type {any} */ (b);
		case 'BETWEEN': {
			const hi = comparable(type, f.highValue);
			return /** @type {any} */ (a) >= /** @type {any} */ (b) && /** @type {any} */ (a) <= /** @type {any} */ (hi);
		}
		default:
			return false;
	}
}

/**
 * Run a validated search. Returns the full ordered match list; the caller pages it.
 * @param {ObjectTypeDef} t @param {StoredRecord[]} all @param {any} body
 */
function runSearch(t, all, body) {
	const groups = (body.filterGroups ?? []).filter((/** @type {any} */ g) => (g?.filters ?? []).length > 0);
	const q = typeof body.query === 'string' ? body.query.trim().toLowerCase() : '';
	let hits = all.filter((r) => !r.archived);
	if (groups.length) {
		hits = hits.filter((r) => groups.some((/** @type {any} */ g) => g.filters.every((/** @type {any} */ f) => matchFilter(t, r, f))));
	}
	if (q) {
		hits = hits.filter((r) => t.searchableProps.some((p) => (r.props[p] ?? '').toLowerCase().includes(q)));
	}
	const sort = Array.isArray(body.sorts) && body.sorts.length ? body.sorts[0] : null;
	const byCreation = (/** @type {StoredRecord} */ x, /** @type {StoredRecord} */ y) => x.createdAt - y.createdAt || Number(x.id) - Number(y.id);
	if (sort && typeof sort.propertyName === 'string') {
		const type = t.properties.get(sort.propertyName)?.type ?? 'string';
		const dir = String(sort.direction ?? 'ASCENDING').toUpperCase() === 'DESCENDING' ? -1 : 1;
		hits.sort((x, y) => {
			const a = comparable(type, x.props[sort.propertyName]);
			const b = comparable(type, y.props[sort.propertyName]);
			if (a === b) return byCreation(x, y);
			if (a === null) return 1; // empty values last
			if (b === null) return -1;
			return (a < b ? -1 : 1) * dir;
		});
	} else {
		hits.sort(byCreation);
	}
	return hits;
}

module.exports = { validateSearch, runSearch, MAX_LIMIT, MAX_RESULTS, MAX_GROUPS, MAX_PER_GROUP, MAX_FILTERS };
