'use strict';

const { builtInTypes, prop, ASSOCIATION_TYPE_IDS } = require('./schema');

/**
 * In-memory HubSpot portal: object types, records, associations, owners,
 * a change journal and the clock that stamps every write.
 */

/** @typedef {import('./schema').PropertyDef} PropertyDef */
/** @typedef {import('./schema').ObjectTypeDef} ObjectTypeDef */

/**
 * @typedef {Object} StoredRecord
 * @property {string} id
 * @property {Record<string, string>} props
 * @property {number} createdAt
 * @property {number} updatedAt
 * @property {boolean} archived
 * @property {number} [archivedAt]
 */

/**
 * @typedef {Object} PropError
 * @property {string} error   PROPERTY_DOESNT_EXIST | INVALID_EMAIL | INVALID_OPTION | ...
 * @property {string} name
 * @property {string} message
 */

/**
 * @typedef {Object} ChangeEntry
 * @property {string} objectType
 * @property {string} id
 * @property {'created' | 'updated' | 'archived'} changeType
 * @property {number} at
 * @property {Record<string, string | null>} changed property values written (empty for archive)
 * @property {string} [sourceId]
 */

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const iso = (/** @type {number} */ ms) => new Date(ms).toISOString();

function createClock() {
	let last = 0;
	/** @type {number | null} */
	let frozen = null;
	return {
		/** A fresh timestamp: strictly increasing unless frozen. */
		tick() {
			if (frozen !== null) return frozen;
			last = Math.max(Date.now(), last + 1);
			return last;
		},
		/** The earliest timestamp the next write can get (so `changes.since(now())` sees only later writes). */
		now() {
			return frozen ?? Math.max(Date.now(), last + 1);
		},
		/** @param {string | number} at */
		freeze(at) {
			frozen = typeof at === 'number' ? at : Date.parse(at);
			if (Number.isNaN(frozen)) throw new Error(`freezeClock: not a date: ${at}`);
			last = Math.max(last, frozen);
		},
		unfreeze() {
			frozen = null;
		},
	};
}

function createStore() {
	const clock = createClock();
	/** @type {Map<string, ObjectTypeDef>} */
	const types = new Map();
	/** @type {Map<string, Map<string, StoredRecord>>} */
	const records = new Map();
	/** @type {Map<string, Map<string, Set<number>>>} key `type:id` -> `toType:toId` -> typeIds */
	const associations = new Map();
	/** @type {ChangeEntry[]} */
	const changes = [];
	/** @type {Array<(c: ChangeEntry) => void>} */
	const listeners = [];
	/** @type {Array<{id: string, email: string, firstName: string, lastName: string, userId: number, createdAt: string, updatedAt: string, archived: boolean, teams: any[]}>} */
	const owners = [];
	let nextId = 10001;
	let nextCustomTypeId = 1;

	for (const [name, t] of Object.entries(builtInTypes())) {
		types.set(name, {
			name,
			objectTypeId: t.objectTypeId,
			singular: t.singular,
			createdProp: t.createdProp,
			modifiedProp: t.modifiedProp,
			defaultProps: t.defaultProps,
			searchableProps: t.searchableProps,
			properties: new Map(t.props.map((p) => [p.name, p])),
		});
		records.set(name, new Map());
	}

	/**
	 * Resolve a path segment (contacts, contact, 0-1, p_pets, 2-1) to a type.
	 * @param {string} ref
	 * @returns {ObjectTypeDef | undefined}
	 */
	function resolveType(ref) {
		const lower = String(ref).toLowerCase();
		for (const t of types.values()) {
			if (t.name === lower || t.objectTypeId === lower || t.singular === lower) return t;
		}
		return undefined;
	}

	/**
	 * @param {string} name
	 * @param {{ properties?: Array<Partial<PropertyDef> & {name: string}>, singular?: string, primaryDisplayProperty?: string, searchableProperties?: string[] }} def
	 */
	function addObjectType(name, def = {}) {
		const objectTypeId = `2-${nextCustomTypeId++}`;
		const singular = def.singular ?? name.replace(/s$/, '');
		/** @type {ObjectTypeDef} */
		const t = {
			name,
			objectTypeId,
			singular,
			createdProp: 'hs_createdate',
			modifiedProp: 'hs_lastmodifieddate',
			defaultProps: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
			searchableProps: def.searchableProperties ?? (def.primaryDisplayProperty ? [def.primaryDisplayProperty] : []),
			properties: new Map(),
		};
		for (const p of [
			prop('hs_object_id', 'Record ID', 'number', 'number', 'system', { readOnlyValue: true }),
			prop('hs_createdate', 'Create Date', 'datetime', 'date', 'system', { readOnlyValue: true }),
			prop('hs_lastmodifieddate', 'Last Modified Date', 'datetime', 'date', 'system', { readOnlyValue: true }),
			prop('hubspot_owner_id', 'Owner', 'enumeration', 'select', 'system'),
		]) {
			t.properties.set(p.name, p);
		}
		types.set(name, t);
		records.set(name, new Map());
		for (const p of def.properties ?? []) addProperty(name, p);
		return t;
	}

	/**
	 * @param {string} typeRef
	 * @param {Partial<PropertyDef> & {name: string}} p
	 */
	function addProperty(typeRef, p) {
		const t = resolveType(typeRef);
		if (!t) throw new Error(`unknown object type ${typeRef}`);
		const def = prop(p.name, p.label ?? p.name, p.type ?? 'string', p.fieldType ?? 'text', p.groupName ?? `${t.singular}information`, {
			options: p.options ?? [],
			hasUniqueValue: p.hasUniqueValue ?? false,
			readOnlyValue: p.readOnlyValue ?? false,
			hubspotDefined: false,
			description: p.description ?? '',
		});
		t.properties.set(def.name, def);
		return def;
	}

	/** @param {ObjectTypeDef} t */
	const uniqueProps = (t) => [...t.properties.values()].filter((p) => p.hasUniqueValue || (t.name === 'contacts' && p.name === 'email')).map((p) => p.name);

	/**
	 * Normalise one value the way HubSpot stores it, or explain why it is invalid.
	 * @param {ObjectTypeDef} t @param {PropertyDef} def @param {unknown} raw
	 * @returns {{ value: string } | { err: PropError }}
	 */
	function normalise(t, def, raw) {
		if (raw === null || raw === undefined) return { value: '' };
		let v = typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
		if (v === '') return { value: '' };
		const bad = (/** @type {string} */ error, /** @type {string} */ message) => ({ err: { error, name: def.name, message } });
		// A value over the documented maximum is refused. Assumption: refused rather than cut short, and the error code and wording.
		if (def.maxLength !== undefined && v.length > def.maxLength) return bad('INVALID_LONG_STRING', `${def.name} is ${v.length} characters long; the maximum is ${def.maxLength}`);
		if (t.name === 'contacts' && def.name === 'email') {
			v = v.trim().toLowerCase();
			if (!EMAIL_RE.test(v)) return bad('INVALID_EMAIL', `Email address ${raw} is invalid`);
			return { value: v };
		}
		switch (def.type) {
			case 'number':
				// Assumption: error code/message for non-numeric values.
				if (!/^-?\d+(\.\d+)?$/.test(v.trim())) return bad('INVALID_DECIMAL', `${v} is not a valid number`);
				return { value: v.trim() };
			case 'bool':
				if (!['true', 'false'].includes(v.toLowerCase())) return bad('INVALID_OPTION', `${v} was not one of the allowed options: [true, false]`);
				return { value: v.toLowerCase() };
			case 'enumeration': {
				if (def.name === 'hubspot_owner_id' || def.options.length === 0) return { value: v };
				// multi-select values are `;`-separated
				const parts = def.fieldType === 'checkbox' ? v.split(';') : [v];
				const allowed = def.options.map((o) => o.value);
				const wrong = parts.find((x) => !allowed.includes(x));
				if (wrong !== undefined) return bad('INVALID_OPTION', `${wrong} was not one of the allowed options: [${allowed.join(', ')}]`);
				return { value: v };
			}
			case 'datetime': {
				const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
				if (Number.isNaN(ms)) return bad('INVALID_DATE', `${v} is not a valid date-time`);
				return { value: iso(ms) };
			}
			case 'date': {
				const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
				if (Number.isNaN(ms) || ms % 86400000 !== 0) return bad('INVALID_DATE', `${v} is not at midnight UTC`);
				return { value: iso(ms).slice(0, 10) };
			}
			default:
				return { value: v };
		}
	}

	/**
	 * Validate a `properties` object of a write.
	 * @param {ObjectTypeDef} t
	 * @param {unknown} properties
	 * @returns {{ errors: PropError[], values: Record<string, string> }}
	 */
	function validate(t, properties) {
		/** @type {PropError[]} */
		const errors = [];
		/** @type {Record<string, string>} */
		const values = {};
		if (properties === undefined || properties === null) return { errors, values };
		if (typeof properties !== 'object' || Array.isArray(properties)) {
			errors.push({ error: 'INVALID_INPUT', name: 'properties', message: 'properties must be an object' });
			return { errors, values };
		}
		for (const [name, raw] of Object.entries(/** @type {Record<string, unknown>} */ (properties))) {
			const def = t.properties.get(name);
			if (!def) {
				errors.push({ error: 'PROPERTY_DOESNT_EXIST', name, message: `Property "${name}" does not exist` });
				continue;
			}
			if (def.readOnlyValue) {
				// Assumption: HubSpot rejects writes to read-only system properties with READ_ONLY_VALUE.
				errors.push({ error: 'READ_ONLY_VALUE', name, message: `"${name}" is a read only property; its value cannot be set.` });
				continue;
			}
			const r = normalise(t, def, raw);
			if ('err' in r) errors.push(r.err);
			else values[name] = r.value;
		}
		return { errors, values };
	}

	/**
	 * Find a live record whose property equals value (case-insensitive for contact email).
	 * @param {ObjectTypeDef} t @param {string} propName @param {string} value
	 */
	function findBy(t, propName, value) {
		const map = /** @type {Map<string, StoredRecord>} */ (records.get(t.name));
		if (propName === 'hs_object_id') {
			const r = map.get(String(value));
			return r && !r.archived ? r : undefined;
		}
		const needle = t.name === 'contacts' && propName === 'email' ? String(value).toLowerCase() : String(value);
		for (const r of map.values()) {
			if (!r.archived && r.props[propName] === needle) return r;
		}
		return undefined;
	}

	/**
	 * Which unique property of `values` already belongs to another record.
	 * @param {ObjectTypeDef} t @param {Record<string, string>} values @param {string} [selfId]
	 * @returns {{ prop: string, existing: StoredRecord } | undefined}
	 */
	function uniqueConflict(t, values, selfId) {
		for (const p of uniqueProps(t)) {
			if (!values[p]) continue;
			const other = findBy(t, p, values[p]);
			if (other && other.id !== selfId) return { prop: p, existing: other };
		}
		return undefined;
	}

	/** @param {ChangeEntry} c */
	function journal(c) {
		changes.push(c);
		for (const l of listeners) l(c);
	}

	/**
	 * Create a record from already validated values.
	 * @param {ObjectTypeDef} t @param {Record<string, string>} values @param {{ sourceId?: string }} [meta]
	 */
	function create(t, values, meta = {}) {
		const at = clock.tick();
		const id = String(nextId++);
		/** @type {Record<string, string>} */
		const props = {};
		for (const [k, v] of Object.entries(values)) if (v !== '') props[k] = v;
		props.hs_object_id = id;
		props[t.createdProp] = iso(at);
		props[t.modifiedProp] = iso(at);
		/** @type {StoredRecord} */
		const rec = { id, props, createdAt: at, updatedAt: at, archived: false };
		/** @type {Map<string, StoredRecord>} */ (records.get(t.name)).set(id, rec);
		journal({ objectType: t.name, id, changeType: 'created', at, changed: { ...values }, sourceId: meta.sourceId });
		return rec;
	}

	/**
	 * Apply validated values to a record. Every write bumps the modified timestamp.
	 * @param {ObjectTypeDef} t @param {StoredRecord} rec @param {Record<string, string>} values @param {{ sourceId?: string }} [meta]
	 */
	function update(t, rec, values, meta = {}) {
		const at = clock.tick();
		/** @type {Record<string, string | null>} */
		const changed = {};
		for (const [k, v] of Object.entries(values)) {
			const before = rec.props[k] ?? '';
			if (before !== v) changed[k] = v === '' ? null : v;
			if (v === '') delete rec.props[k];
			else rec.props[k] = v;
		}
		rec.updatedAt = at;
		rec.props[t.modifiedProp] = iso(at);
		journal({ objectType: t.name, id: rec.id, changeType: 'updated', at, changed, sourceId: meta.sourceId });
		return changed;
	}

	/** @param {ObjectTypeDef} t @param {string} id @param {{ sourceId?: string }} [meta] */
	function archive(t, id, meta = {}) {
		const rec = /** @type {Map<string, StoredRecord>} */ (records.get(t.name)).get(String(id));
		if (!rec || rec.archived) return false;
		const at = clock.tick();
		rec.archived = true;
		rec.archivedAt = at;
		rec.updatedAt = at;
		journal({ objectType: t.name, id: rec.id, changeType: 'archived', at, changed: {}, sourceId: meta.sourceId });
		return true;
	}

	/**
	 * API representation of a record.
	 * @param {ObjectTypeDef} t @param {StoredRecord} rec
	 * @param {string[] | null} requested  property names asked for, or null for the defaults
	 * @param {{ allWritten?: Record<string, string> }} [opts] also echo these written properties
	 */
	function toApi(t, rec, requested, opts = {}) {
		/** @type {Record<string, string | null>} */
		const properties = {};
		// HubSpot always returns the id and both timestamps alongside requested properties.
		const names = requested && requested.length ? [...requested, 'hs_object_id', t.createdProp, t.modifiedProp] : t.defaultProps;
		for (const n of names) {
			if (!t.properties.has(n)) continue; // unknown requested names are silently dropped
			properties[n] = rec.props[n] ?? null;
		}
		for (const k of Object.keys(opts.allWritten ?? {})) {
			if (t.properties.has(k)) properties[k] = rec.props[k] ?? null;
		}
		const sorted = Object.fromEntries(Object.keys(properties).sort().map((k) => [k, properties[k]]));
		/** @type {Record<string, unknown>} */
		const out = { id: rec.id, properties: sorted, createdAt: iso(rec.createdAt), updatedAt: iso(rec.updatedAt), archived: rec.archived };
		if (rec.archived && rec.archivedAt) out.archivedAt = iso(rec.archivedAt);
		return out;
	}

	/** @param {string} fromType @param {string} toType */
	function associationTypeId(fromType, toType) {
		const key = /** @type {keyof typeof ASSOCIATION_TYPE_IDS} */ (`${fromType}->${toType}`);
		return ASSOCIATION_TYPE_IDS[key] ?? 1000 + ((fromType.length * 31 + toType.length * 7) % 900);
	}

	/**
	 * Store an association in both directions.
	 * @param {string} fromType @param {string} fromId @param {string} toType @param {string} toId @param {number} [typeId]
	 */
	function associate(fromType, fromId, toType, toId, typeId) {
		const put = (/** @type {string} */ a, /** @type {string} */ b, /** @type {number} */ tid) => {
			if (!associations.has(a)) associations.set(a, new Map());
			const m = /** @type {Map<string, Set<number>>} */ (associations.get(a));
			if (!m.has(b)) m.set(b, new Set());
			/** @type {Set<number>} */ (m.get(b)).add(tid);
		};
		put(`${fromType}:${fromId}`, `${toType}:${toId}`, typeId ?? associationTypeId(fromType, toType));
		put(`${toType}:${toId}`, `${fromType}:${fromId}`, associationTypeId(toType, fromType));
	}

	/** @param {string} fromType @param {string} fromId @param {string} toType */
	function associationsOf(fromType, fromId, toType) {
		const m = associations.get(`${fromType}:${fromId}`);
		if (!m) return [];
		/** @type {Array<{ toObjectId: number, typeIds: number[] }>} */
		const out = [];
		for (const [key, tids] of m) {
			const [tt, tid] = key.split(':');
			if (tt === toType) out.push({ toObjectId: Number(tid), typeIds: [...tids] });
		}
		return out.sort((a, b) => a.toObjectId - b.toObjectId);
	}

	/** @param {string} typeRef */
	const mapOf = (typeRef) => {
		const t = resolveType(typeRef);
		if (!t) throw new Error(`unknown object type ${typeRef}`);
		return { t, map: /** @type {Map<string, StoredRecord>} */ (records.get(t.name)) };
	};

	return {
		clock,
		types,
		owners,
		changes,
		listeners,
		resolveType,
		addObjectType,
		addProperty,
		uniqueProps,
		validate,
		findBy,
		uniqueConflict,
		create,
		update,
		archive,
		toApi,
		associate,
		associationsOf,
		associationTypeId,
		/** @param {ObjectTypeDef} t @returns {StoredRecord[]} all records of a type, archived included, by id */
		raw(t) {
			return [...(/** @type {Map<string, StoredRecord>} */ (records.get(t.name))).values()];
		},
		/** @param {ObjectTypeDef} t @param {string} id */
		get(t, id) {
			return /** @type {Map<string, StoredRecord>} */ (records.get(t.name)).get(String(id));
		},
		/**
		 * Public inspection: records of a type in API shape with every stored property.
		 * @param {string} typeRef @param {{ archived?: boolean }} [o]
		 */
		list(typeRef, o = {}) {
			const { t, map } = mapOf(typeRef);
			return [...map.values()].filter((r) => r.archived === !!o.archived).map((r) => toApi(t, r, Object.keys(r.props)));
		},
		/** @param {string} typeRef @param {string} id */
		getRecord(typeRef, id) {
			const { t, map } = mapOf(typeRef);
			const r = map.get(String(id));
			return r ? toApi(t, r, Object.keys(r.props)) : undefined;
		},
		/** @param {string} typeRef */
		count(typeRef) {
			return [...mapOf(typeRef).map.values()].filter((r) => !r.archived).length;
		},
	};
}

module.exports = { createStore, iso };
