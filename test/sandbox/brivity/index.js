'use strict';

const { json } = require('../lib/http');
const { createPrng } = require('../lib/prng');

/**
 * The Brivity emulator, mounted at /brivity. Brivity answers on two hosts, so
 * the emulator has two roots, one per credential base URL:
 * - `/brivity/core` stands for `https://api.brivity.com`: `GET /api/people`
 *   and `POST /api/event_subscriptions`;
 * - `/brivity/secure` stands for `https://secure.brivity.com`: `POST /api/v2/leads`.
 *
 * Sources (also in nodes/Brivity): the event subscription call, its body, its
 * `Authorization: Token token=<key>` header and its 201 answer are Brivity's
 * Core API Blueprint (https://nvntd.github.io/brivity-core/doc/api/index.html).
 * The people list (a JSON array, `?limit=`, no timestamps on the records, the 28
 * fields below), the 401 "Bad Credentials" without a key and the 406 for every
 * other path come from a team's probes of the live API, published in code
 * (github code search: "api.brivity.com/api/people?limit=5000", the
 * brivityPeople.ts and brivity-api-transaction-access.md of one repository).
 * The v2 lead fields come from public code that posts to
 * `https://secure.brivity.com/api/v2/leads` (first_name, last_name, email,
 * phone, source, lead_type, status, description, street_address, city,
 * locality, postal_code, country, primary_agent_id).
 *
 * Assumption: (not documented anywhere we found) the 401/422 body shapes, the
 * 201 body of a lead create (the new person, as the people list shows it), what
 * a `new_lead` delivery carries (that person, with `event: "new_lead"`), the
 * largest `limit` (10,000 here) and the default without one (100 here), and that
 * a lead needs a name, an email or a phone (what the code users check before sending).
 */

const LEAD_FIELDS = new Set([
	'first_name',
	'last_name',
	'email',
	'phone',
	'source',
	'lead_type',
	'status',
	'description',
	'street_address',
	'city',
	'locality',
	'postal_code',
	'country',
	'primary_agent_id',
	'tags',
]);
const MAX_LIMIT = 10000;
const DEFAULT_LIMIT = 100;
const FIRST = ['Ana', 'Ben', 'Cleo', 'Dev', 'Eli', 'Fay', 'Gus', 'Hana', 'Ivo', 'Jo'];
const LAST = ['Reyes', 'Okafor', 'Lind', 'Patel', 'Moreau', 'Kim', 'Silva', 'Novak'];

const err = (status, message) => json({ error: message }, status);

/** @param {{ seed: number, baseUrl: () => string }} opts */
function createVendor(opts) {
	const keys = ['brivity-sandbox-key'];
	/** @type {Map<string, any>} people by id, in creation order */
	const people = new Map();
	/** @type {Map<string, any>} */
	const subscriptions = new Map();
	/** @type {Array<{ subscription: string, status: number, body: string, headers: Record<string, string> }>} */
	const deliveries = [];
	/** @type {Promise<unknown>[]} */
	let pending = [];
	let nextId = 51000;
	let nextSub = 410358000;

	function addPerson(fields) {
		const id = nextId++;
		const person = {
			id,
			lead_id: id + 900000,
			uuid: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
			account_id: 71606358,
			agent_id: fields.primary_agent_id ?? 244059,
			agent_uuid: '00000000-0000-4000-8000-000000244059',
			brivity_contact_detail_url: `https://secure.brivity.com/people/${id}`,
			first_name: fields.first_name ?? null,
			last_name: fields.last_name ?? null,
			phone_number: fields.phone ?? null,
			email_address: fields.email ?? null,
			company: null,
			job_title: null,
			source: fields.source ?? null,
			status: fields.status ?? 'new',
			stage: null,
			stage_type: null,
			type: 'lead',
			lead_type: fields.lead_type ?? null,
			description: fields.description ?? null,
			street_address: fields.street_address ?? null,
			city: fields.city ?? null,
			locality: fields.locality ?? null,
			postal_code: fields.postal_code ?? null,
			country: fields.country ?? null,
			market_report_count: 0,
			active_market_report_count: 0,
			tags: Array.isArray(fields.tags) ? fields.tags.map(String) : [],
		};
		people.set(String(id), person);
		return person;
	}

	/** The request Brivity sends a subscription for a new lead: its verb, Authorization and body. */
	function deliveryRequest(sub, person) {
		/** @type {Record<string, string>} */
		const headers = { 'content-type': 'application/json' };
		if (sub.http_auth_strategy === 'basic') headers.authorization = `Basic ${Buffer.from(sub.http_auth_credentials).toString('base64')}`;
		else if (sub.http_auth_strategy === 'token') headers.authorization = sub.http_auth_credentials;
		return { method: (sub.http_verb || 'post').toUpperCase(), headers, body: JSON.stringify({ event: 'new_lead', ...person }) };
	}

	function deliver(person) {
		for (const sub of subscriptions.values()) {
			if (sub.event !== 'new_lead') continue;
			const request = deliveryRequest(sub, person);
			pending.push(
				fetch(sub.target_url, request)
					.then(async (res) => deliveries.push({ subscription: String(sub.id), status: res.status, body: await res.text(), headers: request.headers }))
					.catch((e) => deliveries.push({ subscription: String(sub.id), status: 0, body: String(e), headers: request.headers })),
			);
		}
	}

	function listPeople(ctx) {
		const raw = ctx.query.limit;
		let limit = DEFAULT_LIMIT;
		if (raw !== undefined) {
			limit = Number(raw);
			if (!Number.isInteger(limit) || limit < 1) return err(422, `limit must be a positive whole number, got "${raw}"`);
			limit = Math.min(limit, MAX_LIMIT);
		}
		return json([...people.values()].slice(0, limit));
	}

	function createLead(ctx) {
		const b = ctx.body;
		if (!b || typeof b !== 'object' || Array.isArray(b)) return err(422, 'The body must be a JSON object');
		const unknown = Object.keys(b).filter((k) => !LEAD_FIELDS.has(k));
		if (unknown.length) return err(422, `Unknown lead attribute(s): ${unknown.join(', ')}`);
		for (const [k, v] of Object.entries(b)) {
			if (k === 'tags') {
				if (!Array.isArray(v)) return err(422, 'tags must be an array');
			} else if (k === 'primary_agent_id') {
				if (!Number.isInteger(v)) return err(422, 'primary_agent_id must be a whole number');
			} else if (v !== null && typeof v !== 'string') return err(422, `${k} must be text`);
			else if (typeof v === 'string' && v.length > 255 && k !== 'description') return err(422, `${k} is longer than 255 characters`);
		}
		if (!((b.first_name && b.last_name) || b.email || b.phone)) return err(422, 'A lead needs a first and last name, an email or a phone');
		if (b.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(b.email)) return err(422, `email "${b.email}" is not valid`);
		if (ctx.failRecord?.(b)) return err(422, 'Record rejected by the sandbox fault injection');
		const person = addPerson(b);
		deliver(person);
		return json(person, 201);
	}

	function subscribe(ctx) {
		const b = ctx.body;
		if (!b || typeof b !== 'object') return err(422, 'The body must be a JSON object');
		if (!b.event || !b.target_url) return err(422, 'event and target_url are required');
		if (b.event !== 'new_lead') return err(422, `Unknown event "${b.event}"`);
		if (b.http_auth_strategy !== undefined && !['basic', 'token'].includes(b.http_auth_strategy)) return err(422, "http_auth_strategy must be 'basic' or 'token'");
		if (b.http_auth_strategy === 'basic' && !/^[^:]+:.+$/.test(String(b.http_auth_credentials ?? ''))) return err(422, "basic credentials must be 'username:password'");
		if (b.http_verb !== undefined && !['post', 'put'].includes(b.http_verb)) return err(422, "http_verb must be 'post' or 'put'");
		const now = new Date().toISOString();
		const sub = {
			id: nextSub++,
			account_id: 71606358,
			event: b.event,
			target_url: b.target_url,
			created_at: now,
			updated_at: now,
			source: b.source ?? null,
			http_auth_strategy: b.http_auth_strategy ?? null,
			http_auth_credentials: b.http_auth_credentials ?? null,
			http_verb: b.http_verb ?? 'post',
		};
		subscriptions.set(String(sub.id), sub);
		return json({ status: 'created', event_subscription: sub }, 201);
	}

	/** @param {any} ctx */
	function handle(ctx) {
		const m = /^\/(core|secure)(\/.*)$/.exec(ctx.path);
		if (!m) return err(404, `No host at ${ctx.path}: the emulator answers under /brivity/core (api.brivity.com) and /brivity/secure (secure.brivity.com)`);
		const [, host, path] = m;
		const auth = /^Token token=(.+)$/.exec(String(ctx.headers.authorization ?? ''));
		if (!auth || !keys.includes(auth[1])) return err(401, 'Bad Credentials');
		if (ctx.bodyInvalid) return err(400, 'The body is not valid JSON');
		const route = `${ctx.method} ${host}${path.replace(/\/$/, '')}`;
		if (route === 'GET core/api/people') return listPeople(ctx);
		if (route === 'POST core/api/event_subscriptions') return subscribe(ctx);
		if (route === 'POST secure/api/v2/leads') return createLead(ctx);
		// The live API answers every path it does not serve with 406 (probes of /api/transactions, /api/deals, /api/v2/*).
		return { status: 406, raw: '' };
	}

	function seed(count, seedNumber) {
		const prng = createPrng(seedNumber ?? opts.seed);
		const n = typeof count === 'number' ? count : (count?.people ?? 0);
		for (let i = 0; i < n; i++) {
			const first = prng.pick(FIRST);
			const last = prng.pick(LAST);
			addPerson({ first_name: first, last_name: last, email: `${first}.${last}.${nextId}@example.com`.toLowerCase(), phone: `206-555-${String(1000 + i).slice(-4)}`, source: i % 2 ? 'Zillow' : 'Website', tags: i % 3 ? ['buyer'] : ['seller', 'past client'] });
		}
		return { people: people.size };
	}

	const api = {
		keys,
		get coreUrl() {
			return `${opts.baseUrl()}/core`;
		},
		get secureUrl() {
			return `${opts.baseUrl()}/secure`;
		},
		people,
		subscriptions,
		deliveries,
		seed,
		/** A person entered in Brivity's UI, without an event. */
		addPerson,
		/** A lead arriving in Brivity (its website, a portal): stored and delivered to every new_lead subscription. */
		newLead(fields) {
			const person = addPerson(fields);
			deliver(person);
			return person;
		},
		deliveryRequest,
		/** Sends a delivery as Brivity would, with any Authorization (to test refusals). */
		async deliverRaw(url, body, headers = {}) {
			const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
			return { status: res.status, body: await res.text() };
		},
		async flush() {
			const p = pending;
			pending = [];
			await Promise.all(p);
		},
		count: () => people.size,
	};

	return { handle, api, fault429: () => ({ status: 429, raw: '', headers: { 'Retry-After': '1' } }) };
}

module.exports = { createVendor };
