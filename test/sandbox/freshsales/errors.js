'use strict';

const { json } = require('../lib/http');

/** Freshsales' error body: `{ errors: { code, message: [...] } }`. @param {number} status @param {string | string[]} message @param {Record<string,string>} [headers] */
function fsError(status, message, headers = {}) {
	return json({ errors: { code: status, message: Array.isArray(message) ? message : [message] } }, status, headers);
}

module.exports = { fsError };
