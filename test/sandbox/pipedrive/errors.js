'use strict';

const { json } = require('../lib/http');

/**
 * Pipedrive's error envelope.
 * @param {number} status @param {string} error @param {string} [info]
 * @returns {import("../lib/http").SandboxResponse}
 */
function pdError(status, error, info) {
	return json({ success: false, error, error_info: info ?? 'Please check developers.pipedrive.com', data: null, additional_data: null }, status);
}
const validation = (/** @type {string} */ message) => pdError(400, `Validation failed: ${message}`);
const notFound = (/** @type {string} */ what) => pdError(404, `${what} not found`);

/** A v2 body with top-level fields the entity does not have (validate.js `unknownFields`). @param {string[]} keys */
const invalidFields = (keys) => pdError(400, `Invalid field(s) in the payload: ${keys.join(', ')}`);

module.exports = { pdError, validation, notFound, invalidFields };
