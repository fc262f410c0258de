'use strict';

const crypto = require('node:crypto');
const { TABLES, isLookup } = require('./schema');

/**
 * Rows of every table in memory. Dataverse keeps `createdon`/`modifiedon` in whole
 * seconds (`2026-01-02T15:04:05Z`) and gives every write a larger `versionnumber`
 * (its row version), so the emulator does too; changes are logged with the
 * version for change tracking (`$deltatoken`). A lookup column holds
 * `{ id, table }`.
 */

/** The emulator's own user (the environment's integration user), and a second one. */
const USERS = [
	{ systemuserid: '5a1d0000-0000-4000-8000-000000000001', fullname: 'Sandbox Integration' },
	{ systemuserid: '5a1d0000-0000-4000-8000-000000000002', fullname: 'Sandbox Seller' },
];
const BUSINESS_UNIT = 'b0000000-0000-4000-8000-000000000001';
const ORGANIZATION = '0a000000-0000-4000-8000-000000000001';

/** ms → Dataverse's `YYYY-MM-DDTHH:MM:SSZ`. */
const isoSeconds = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

function createStore() {
	/** @type {Record<string, Map<string, any>>} */
	const rows = Object.fromEntries(Object.keys(TABLES).map((t) => [t, new Map()]));
	/** @type {Record<string, Array<{ name: string, attributes: string[] }>>} */
	const keys = Object.fromEntries(Object.keys(TABLES).map((t) => [t, []]));
	/** @type {Array<{ table: string, id: string, version: number, deleted: boolean }>} */
	const changes = [];
	/** N:N pairs by relationship name. @type {Record<string, Set<string>>} */
	const manyToMany = {};
	let version = 1000;
	let offsetMs = 0;
	let frozen;
	let idCounter = 0;
	const now = () => frozen ?? Date.now() + offsetMs;

	/** Sequential GUIDs, as Dataverse hands them out, from a random stem per sandbox. */
	const stem = crypto.randomBytes(4).toString('hex');
	const newId = () => {
		idCounter++;
		const n = idCounter.toString(16).padStart(12, '0');
		return `${stem}-0000-4000-8000-${n}`;
	};

	/** @param {string} table @param {any} values plain column values @param {string | undefined} id @param {string} [userId] */
	function insert(table, values, id, userId = USERS[0].systemuserid) {
		const spec = TABLES[table];
		const at = isoSeconds(now());
		const row = {
			statecode: 0,
			statuscode: 1,
			ownerid: { id: userId, table: 'systemuser' },
			...values,
			[spec.primaryId]: id ?? newId(),
			createdon: at,
			modifiedon: at,
			createdby: { id: userId, table: 'systemuser' },
			modifiedby: { id: userId, table: 'systemuser' },
			versionnumber: ++version,
		};
		Object.assign(row, spec.computed?.(row) ?? {});
		rows[table].set(row[spec.primaryId], row);
		changes.push({ table, id: row[spec.primaryId], version: row.versionnumber, deleted: false });
		return row;
	}

	/** @param {string} table @param {any} row @param {any} values @param {string} [userId] */
	function update(table, row, values, userId = USERS[0].systemuserid) {
		const spec = TABLES[table];
		Object.assign(row, values, { modifiedon: isoSeconds(now()), modifiedby: { id: userId, table: 'systemuser' }, versionnumber: ++version });
		Object.assign(row, spec.computed?.(row) ?? {});
		changes.push({ table, id: row[spec.primaryId], version: row.versionnumber, deleted: false });
		return row;
	}

	/** @param {string} table @param {string} id */
	function remove(table, id) {
		if (!rows[table].delete(id)) return false;
		changes.push({ table, id, version: ++version, deleted: true });
		// Dataverse clears lookups to a deleted row (RemoveLink cascade on most relationships).
		for (const [t, map] of Object.entries(rows)) {
			for (const r of map.values()) {
				for (const a of TABLES[t].attributes) if (isLookup(a) && r[a.name]?.id === id) r[a.name] = null;
			}
		}
		return true;
	}

	/** Everything the store holds, for a change set to roll back to. */
	function snapshot() {
		return {
			rows: Object.fromEntries(Object.entries(rows).map(([t, m]) => [t, new Map([...m].map(([id, r]) => [id, structuredClone(r)]))])),
			changes: changes.length,
			version,
			manyToMany: Object.fromEntries(Object.entries(manyToMany).map(([k, s]) => [k, new Set(s)])),
		};
	}

	/** @param {ReturnType<typeof snapshot>} s */
	function restore(s) {
		for (const t of Object.keys(rows)) rows[t] = s.rows[t];
		changes.length = s.changes;
		version = s.version;
		for (const k of Object.keys(manyToMany)) delete manyToMany[k];
		Object.assign(manyToMany, s.manyToMany);
	}

	return {
		rows: () => rows,
		table: (t) => rows[t],
		keys,
		changes,
		manyToMany,
		insert,
		update,
		remove,
		snapshot,
		restore,
		now,
		isoSeconds,
		version: () => version,
		/** @param {number} ms */
		advanceTime: (ms) => {
			offsetMs += ms;
		},
		/** @param {string | undefined} at */
		freezeClock: (at) => {
			frozen = at === undefined ? undefined : Date.parse(at);
		},
	};
}

module.exports = { createStore, USERS, BUSINESS_UNIT, ORGANIZATION, isoSeconds };
