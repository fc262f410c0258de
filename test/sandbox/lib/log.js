'use strict';

/**
 * @typedef {Object} LogEntry
 * @property {string} method
 * @property {string} path     full path without query, e.g. /hubspot/crm/v3/objects/contacts
 * @property {Record<string, string>} query
 * @property {unknown} body
 * @property {number} status   0 when the connection was dropped
 * @property {number} at       ms epoch when the request arrived
 * @property {string} [fault]  'drop-before' | 'drop-after' | '503' | '429' when a fault was injected
 */

function createLog() {
	/** @type {LogEntry[]} */
	let entries = [];
	return {
		/** @param {LogEntry} e */
		add(e) {
			entries.push(e);
		},
		all() {
			return entries.slice();
		},
		/**
		 * Count requests by `METHOD /path` (exact) or by predicate.
		 * @param {string | ((e: LogEntry) => boolean)} key
		 */
		count(key) {
			if (typeof key === 'function') return entries.filter(key).length;
			const [method, path] = key.split(' ');
			return entries.filter((e) => e.method === method && e.path === path).length;
		},
		reset() {
			entries = [];
		},
	};
}

module.exports = { createLog };
