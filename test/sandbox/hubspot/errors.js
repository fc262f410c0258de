'use strict';

const { randomUUID } = require('node:crypto');

/**
 * HubSpot error bodies. The shape `{status:"error", message, correlationId, category}`
 * is HubSpot's standard error envelope; messages below are as close to the real
 * ones as the public docs and issue threads show. Where a message is assumed it says so.
 */

/** @param {number} status @param {string} category @param {string} message @param {Record<string, unknown>} [extra] */
function hsError(status, category, message, extra = {}) {
	return { status, body: { status: 'error', message, correlationId: randomUUID(), category, ...extra } };
}

const unauthorized = () =>
	hsError(
		401,
		'INVALID_AUTHENTICATION',
		'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
	);

/** @param {number} secondsAgo */
const expiredToken = (secondsAgo) =>
	hsError(401, 'EXPIRED_AUTHENTICATION', `The OAuth token used to make this call expired ${secondsAgo} second(s) ago.`);

/** Seen in HubSpot's GET-by-id 404 answers (OBJECT_NOT_FOUND with the id in context). */
const notFound = (/** @type {string} */ id) => hsError(404, 'OBJECT_NOT_FOUND', 'Object not found.  objectId are usually numeric.', { context: { id: [id] } });

/** @param {string} message @param {Record<string, unknown>} [extra] */
const validation = (message, extra) => hsError(400, 'VALIDATION_ERROR', message, extra);

/**
 * HubSpot's property validation message: a JSON list of per-property results.
 * @param {Array<{error: string, name: string, message: string}>} errs
 */
function propertyErrorsMessage(errs) {
	const list = errs.map((e) => ({ isValid: false, message: e.message, error: e.error, name: e.name, localizedErrorMessage: e.message }));
	return `Property values were not valid: ${JSON.stringify(list)}`;
}

/**
 * 429 body as documented in HubSpot's usage guidelines (status, message, errorType,
 * correlationId, policyName) plus groupName, seen in real answers.
 * @param {'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY'} policyName @param {string} token
 */
function rateLimited(policyName, token) {
	const msg = { TEN_SECONDLY_ROLLING: 'ten_secondly_rolling', SECONDLY: 'secondly', DAILY: 'daily' }[policyName];
	return {
		status: 429,
		body: {
			status: 'error',
			message: `You have reached your ${msg} limit.`,
			errorType: 'RATE_LIMIT',
			correlationId: randomUUID(),
			policyName,
			groupName: `publicapi:private-app-api-calls-${msg.replace(/_/g, '-')}:${token.slice(-6)}`,
		},
	};
}

module.exports = { hsError, unauthorized, expiredToken, notFound, validation, propertyErrorsMessage, rateLimited };
