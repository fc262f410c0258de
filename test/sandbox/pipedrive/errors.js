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

module.exports = { pdError, validation, notFound };
