'use strict';

const { json } = require('../lib/http');

/**
 * Zoho CRM's error body: `{ code, details, message, status: 'error' }` at the
 * top level for a refused request, or one such entry per record under `data`
 * for writes (crm-oas v8.0 record.json `API_Exception`; the 207/400 examples of
 * v8.0/appointments/operations/createAppointmentsS: `details.api_name` names the field,
 * `details.json_path` where it sits).
 * @param {number} status @param {string} code @param {string} message @param {Record<string, unknown>} [details] @param {Record<string, string>} [headers]
 */
function zohoError(status, code, message, details = {}, headers = {}) {
	return json({ code, details, message, status: 'error' }, status, headers);
}

/** One record's error entry in a write answer. @param {string} code @param {string} message @param {Record<string, unknown>} [details] */
function recordError(code, message, details = {}) {
	return { code, details, message, status: 'error' };
}

module.exports = { zohoError, recordError };
