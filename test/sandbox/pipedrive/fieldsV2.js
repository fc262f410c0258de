'use strict';

const { json } = require('../lib/http');
const { pdError } = require('./errors');

/**
 * Pipedrive's Fields API v2 (`GET /api/v2/{person,organization,deal,activity}Fields`), which
 * n8n's built-in Pipedrive node (n8n-nodes-base 2.41.1, v2) calls before every create to
 * resolve custom field names. The same fields as `GET /api/v1/{entity}Fields`, in the v2
 * shape (Pipedrive's reference, "Get all person fields", API v2):
 * `{ success, data: [{ field_name, field_code, field_type, options, subfields,
 * is_custom_field, is_optional_response_field }], additional_data: { next_cursor } }`;
 * `limit` default 100, at most 500; `cursor` is opaque (here: the next start, base64).
 */

const V2_FIELD_ENDPOINTS = { personFields: 'persons', organizationFields: 'organizations', dealFields: 'deals', activityFields: 'activities' };

/** @param {{ fieldsOf: (entity: string) => any[] }} store */
function createFieldsV2(store) {
	/** @param {any} ctx @param {string} entity */
	function list(ctx, entity) {
		const limit = ctx.query.limit === undefined ? 100 : Number(ctx.query.limit);
		if (!Number.isInteger(limit) || limit < 1 || limit > 500) return pdError(400, 'Validation failed: limit: Number must be less than or equal to 500');
		let start = 0;
		if (ctx.query.cursor !== undefined) {
			start = Number(Buffer.from(String(ctx.query.cursor), 'base64').toString('utf8'));
			if (!Number.isInteger(start) || start < 0) return pdError(400, 'Invalid cursor');
		}
		const all = store.fieldsOf(entity);
		const page = all.slice(start, start + limit).map((f) => ({
			field_name: f.name,
			field_code: f.key,
			field_type: f.field_type,
			options: f.options ?? null,
			subfields: null,
			is_custom_field: f.edit_flag === true,
			is_optional_response_field: false,
		}));
		const next = start + limit < all.length ? Buffer.from(String(start + limit), 'utf8').toString('base64') : null;
		return json({ success: true, data: page, additional_data: { next_cursor: next } });
	}
	return Object.entries(V2_FIELD_ENDPOINTS).map(([name, entity]) => /** @type {[string, (ctx: any) => any]} */ ([`GET /api/v2/${name}`, (ctx) => list(ctx, entity)]));
}

module.exports = { createFieldsV2, V2_FIELD_ENDPOINTS };
