'use strict';

const { randomUUID, createHash } = require('node:crypto');
const { json } = require('../lib/http');
const E = require('./errors');

/**
 * HubSpot's legacy Contacts API v1, as n8n's built-in HubSpot node (n8n-nodes-base
 * 2.41.1, V2) still calls it: create-or-update by email, a contact's profile, and
 * "get all contacts". Same store, same contacts and the same rate limits as the v3
 * objects API (the routes sit with the CRM routes in ./index.js, behind the same
 * authentication and ten-secondly burst bucket): a vid is the v3 record id.
 *
 * Sources (HubSpot legacy reference, developers.hubspot.com/docs/api-reference/legacy/
 * crm/objects/contacts/v1/...):
 * - POST /contacts/v1/contact/createOrUpdate/email/{contact_email}, body
 *   `{ properties: [{ property, value }] }`: 200 `{ vid, isNew }`; 409 when the update
 *   changes the email to one another contact has.
 * - GET /contacts/v1/contact/vid/{vid}/profile: `{ vid, canonical-vid, merged-vids,
 *   portal-id, is-contact, properties: { name: { value, versions: [...] } },
 *   form-submissions, list-memberships, identity-profiles, merge-audits }`; `property`
 *   (repeatable) limits the properties, `propertyMode` value_only | value_and_history.
 * - GET /contacts/v1/lists/all/contacts/all: `count` (default 20, max 100), `vidOffset`,
 *   `property`, `propertyMode`; `{ contacts: [...], has-more, vid-offset }`, each contact
 *   with `addedAt`, `vid`, ..., `properties: { name: { value } }`, `identity-profiles`.
 * Values are strings; dates are epoch milliseconds as strings (`lastmodifieddate`).
 */

/** The properties a contact of "get all contacts" carries when no `property` is asked for. Assumption: those of HubSpot's example answers (valued ones only). */
const LIST_DEFAULT_PROPERTIES = ['firstname', 'lastname', 'company', 'lastmodifieddate'];

/**
 * Legacy 400 body for invalid property values. Assumption: the shape of HubSpot's legacy
 * error answers (`status`, `message`, `correlationId`, `validationResults`, `requestId`).
 * @param {Array<{ error: string, name: string, message: string }>} errs
 */
function invalidProperties(errs) {
	return {
		status: 400,
		body: {
			status: 'error',
			message: 'Property values were not valid',
			correlationId: randomUUID(),
			validationResults: errs.map((e) => ({ isValid: false, message: e.message, error: e.error, name: e.name })),
			requestId: randomUUID(),
		},
	};
}

/** Assumption: the legacy 404 body for an unknown vid. @param {string} vid */
const noContact = (vid) => ({ status: 404, body: { status: 'error', message: 'contact does not exist', correlationId: randomUUID(), requestId: randomUUID(), vid: Number(vid) || vid } });

/**
 * @param {ReturnType<typeof import('./store').createStore>} store
 * @param {{ portalId: number }} opts
 */
function createContactsV1(store, opts) {
	const contacts = /** @type {import('./schema').ObjectTypeDef} */ (store.resolveType('contacts'));

	/** A v1 value: datetime properties as epoch milliseconds. @param {string} name @param {string} v */
	function v1Value(name, v) {
		const def = contacts.properties.get(name);
		return def && def.type === 'datetime' && v ? String(Date.parse(v)) : v;
	}

	/** @param {string | undefined} raw repeated `property` params (the router joins them with ',') */
	const requested = (raw) => (raw ? raw.split(',').map((s) => s.trim()).filter(Boolean) : null);

	/** A stable LEAD_GUID per contact (HubSpot gives every contact one). @param {string} id */
	const leadGuid = (id) => {
		const h = createHash('sha1').update(`lead:${id}`).digest('hex');
		return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
	};

	/** @param {import('./store').StoredRecord} rec */
	function identityProfiles(rec) {
		/** @type {any[]} */
		const identities = [];
		if (rec.props.email) identities.push({ type: 'EMAIL', value: rec.props.email, timestamp: rec.createdAt, 'is-primary': true });
		identities.push({ type: 'LEAD_GUID', value: leadGuid(rec.id), timestamp: rec.createdAt });
		return [{ vid: Number(rec.id), 'saved-at-timestamp': rec.createdAt, 'deleted-changed-timestamp': 0, identities }];
	}

	/**
	 * @param {import('./store').StoredRecord} rec @param {string[]} names @param {boolean} history
	 * @returns {Record<string, any>}
	 */
	function properties(rec, names, history) {
		/** @type {Record<string, any>} */
		const out = {};
		for (const n of names) {
			const v = rec.props[n];
			if (v === undefined || v === '' || !contacts.properties.has(n)) continue;
			const value = v1Value(n, v);
			out[n] = history
				? { value, versions: [{ value, 'source-type': 'API', 'source-id': null, 'source-label': null, timestamp: rec.updatedAt, selected: false }] }
				: { value };
		}
		return out;
	}

	/** @param {import('./store').StoredRecord} rec */
	const head = (rec) => ({ vid: Number(rec.id), 'canonical-vid': Number(rec.id), 'merged-vids': [], 'portal-id': opts.portalId, 'is-contact': true });

	/** @param {any} ctx */
	function createOrUpdate(ctx) {
		const email = String(ctx.params.email ?? '');
		const list = ctx.body?.properties;
		if (ctx.body !== undefined && (ctx.bodyInvalid || (list !== undefined && !Array.isArray(list)))) {
			return E.hsError(400, 'VALIDATION_ERROR', 'Invalid input JSON: properties must be a list of { property, value }');
		}
		/** @type {Record<string, unknown>} */
		const input = {};
		for (const p of Array.isArray(list) ? list : []) {
			if (p && typeof p.property === 'string') input[p.property] = p.value;
		}
		const existing = store.findBy(contacts, 'email', email);
		// The path's email identifies the contact; it is also the new contact's email unless the body sets another.
		const { errors, values } = store.validate(contacts, existing ? input : { email, ...input });
		if (ctx.failRecord && ctx.failRecord({ email, properties: input })) {
			errors.push({ error: 'INVALID_INPUT', name: Object.keys(input)[0] ?? 'email', message: 'Sandbox fault: this record was rejected (failRecord)' });
		}
		if (errors.length) return invalidProperties(errors);
		const clash = store.uniqueConflict(contacts, values, existing?.id);
		if (clash) {
			return { status: 409, body: { status: 'error', message: 'Contact already exists', correlationId: randomUUID(), error: 'CONTACT_EXISTS', identityProfile: identityProfiles(clash.existing)[0], requestId: randomUUID() } };
		}
		if (existing) {
			store.update(contacts, existing, values, { sourceId: ctx.auth.sourceId });
			return json({ vid: Number(existing.id), isNew: false });
		}
		const rec = store.create(contacts, values, { sourceId: ctx.auth.sourceId });
		return json({ vid: Number(rec.id), isNew: true });
	}

	/** @param {any} ctx */
	function profile(ctx) {
		const rec = store.get(contacts, ctx.params.vid);
		if (!rec || rec.archived) return noContact(ctx.params.vid);
		const names = requested(ctx.query.property) ?? Object.keys(rec.props);
		const history = ctx.query.propertyMode !== 'value_only';
		return json({
			...head(rec),
			properties: properties(rec, names, history),
			'form-submissions': [],
			'list-memberships': [],
			'identity-profiles': identityProfiles(rec),
			'merge-audits': [],
		});
	}

	/** @param {any} ctx */
	function all(ctx) {
		const count = Math.min(Math.max(parseInt(ctx.query.count ?? '20', 10) || 20, 1), 100);
		const after = Number(ctx.query.vidOffset ?? 0) || 0;
		const names = requested(ctx.query.property) ?? LIST_DEFAULT_PROPERTIES;
		const history = ctx.query.propertyMode === 'value_and_history';
		const live = store
			.raw(contacts)
			.filter((r) => !r.archived && Number(r.id) > after)
			.sort((a, b) => Number(a.id) - Number(b.id));
		const page = live.slice(0, count);
		const last = page.length ? Number(page[page.length - 1].id) : after;
		return json({
			contacts: page.map((rec) => ({
				addedAt: rec.createdAt,
				...head(rec),
				// lastmodifieddate comes with every contact of the list (HubSpot's examples show it even when nothing else is valued)
				properties: properties(rec, requested(ctx.query.property) ? names : [...new Set([...names, 'lastmodifieddate'])], history),
				'form-submissions': [],
				'identity-profiles': identityProfiles(rec),
				'merge-audits': [],
			})),
			'has-more': live.length > count,
			'vid-offset': last,
		});
	}

	/** @type {Array<[string, (ctx: any) => any]>} */
	const routes = [
		['POST /contacts/v1/contact/createOrUpdate/email/:email', createOrUpdate],
		['GET /contacts/v1/contact/vid/:vid/profile', profile],
		['GET /contacts/v1/lists/all/contacts/all', all],
	];
	return routes;
}

module.exports = { createContactsV1, LIST_DEFAULT_PROPERTIES };
