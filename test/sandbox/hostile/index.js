'use strict';

const { randomBytes } = require('node:crypto');
const { json } = require('../lib/http');

/**
 * A hostile vendor, for the secret-leak tests: it answers like HubSpot
 * (`/hostile/hubspot/...`), Salesforce (`/hostile/salesforce/...`) and Pipedrive
 * (`/hostile/pipedrive/...`), Freshsales (`/hostile/freshsales/...`), Zoho CRM (`/hostile/zoho/...`) and n8n's own public API (`/hostile/n8n/...`, the
 * Data Tables the webhook triggers use) do when things go wrong, and every error it sends
 * echoes the whole request back: method, URL with its query, every header,
 * the raw body, and the raw credential values it found (without "Bearer", so
 * only exact redaction can catch them). It issues recognisable tokens at the
 * vendors' token endpoints and remembers every secret it saw or issued.
 *
 * Modes (`sb.hostile.setMode`):
 * - `issue` (default): token endpoints issue new tokens (access, refresh, JWT
 *   sessions); a data call with a token it issued is refused 400, any other
 *   credential 401 (so n8n renews the session first, and the refusal echoes the
 *   new token).
 * - `refuse`: token endpoints refuse 400 with the echo (a token-call body holds
 *   the client secret, the refresh token or the signed assertion); data calls 401.
 *
 * Not a vendor's behaviour: no real vendor is this careless. Only the error
 * shapes are the vendors' (HubSpot `{status, message, category}`, Salesforce
 * `[{message, errorCode}]`, Pipedrive `{success: false, error, error_info}`, Freshsales `{errors: {code, message: [...]}}`, Zoho `{code, details, message, status}`,
 * OAuth2 `{error, error_description}`).
 */

const TOKEN_PATHS = {
	hubspot: ['/oauth/v1/token'],
	salesforce: ['/services/oauth2/token'],
	pipedrive: ['/oauth/token'],
	zoho: ['/oauth/v2/token'],
	// Microsoft Entra ID (the Dynamics credentials' custom sign-in URL is the hostile vendor's /dynamics/login).
	dynamics: ['/login/hostile-tenant/oauth2/v2.0/token'],
};

/** Request fields (headers, query and body parameters) whose values are credentials. */
const SECRET_PARAMS = ['client_secret', 'refresh_token', 'assertion', 'code', 'hapikey', 'api_token', 'access_token', 'http_auth_password'];

/** @param {{ baseUrl: () => string }} opts */
function createVendor({ baseUrl }) {
	/** @type {'issue' | 'refuse'} */
	let mode = 'issue';
	let counter = 0;
	/** Tokens this vendor issued. */
	const issued = new Set();
	/** Every credential value seen in a request or issued. */
	const secrets = new Set();
	/** @type {Array<{ method: string, path: string, status: number }>} */
	const calls = [];

	/** @param {any} ctx @returns {string[]} the credential values this request carries */
	function credentialsIn(ctx) {
		/** @type {string[]} */
		const found = [];
		const auth = String(ctx.headers.authorization ?? '');
		const m = /^(Bearer|Basic)\s+(.+)$/i.exec(auth);
		if (m) {
			found.push(m[2]);
			if (/^basic$/i.test(m[1])) found.push(...Buffer.from(m[2], 'base64').toString('utf8').split(':').slice(1));
		}
		// Freshsales and Brivity: `Authorization: Token token=<api key>`.
		const fs = /^Token token=(.+)$/i.exec(auth);
		if (fs) found.push(fs[1]);
		// Zoho CRM: `Authorization: Zoho-oauthtoken <access token>`.
		const zo = /^Zoho-oauthtoken\s+(.+)$/i.exec(auth);
		if (zo) found.push(zo[1]);
		for (const h of ['x-api-token', 'x-n8n-api-key']) if (ctx.headers[h]) found.push(String(ctx.headers[h]));
		for (const k of SECRET_PARAMS) {
			if (ctx.query?.[k]) found.push(String(ctx.query[k]));
			if (ctx.body && typeof ctx.body === 'object' && ctx.body[k]) found.push(String(ctx.body[k]));
		}
		return found.filter((s) => s.length >= 4);
	}

	/** @param {any} ctx @param {string[]} creds */
	function echo(ctx, creds) {
		return `request ${ctx.method} ${ctx.req.url} headers ${JSON.stringify(ctx.headers)} body ${ctx.rawBody || '(none)'} credentials ${creds.join(' ')}`;
	}

	/** @param {string} vendor @param {number} status @param {string} text */
	function vendorError(vendor, status, text) {
		if (vendor === 'salesforce') return json([{ message: text, errorCode: status === 401 ? 'INVALID_SESSION_ID' : 'INVALID_FIELD' }], status);
		if (vendor === 'n8n') return json({ message: text }, status);
		if (vendor === 'pipedrive') return json({ success: false, error: status === 401 ? 'Unauthorized' : text, error_info: text, data: null }, status);
		if (vendor === 'freshsales') return json({ errors: { code: status, message: [text] } }, status);
		// Brivity (assumed shape, as test/sandbox/brivity): `{ error }`.
		if (vendor === 'brivity') return json({ error: text }, status);
		if (vendor === 'zoho') return json({ code: status === 401 ? 'INVALID_TOKEN' : 'INVALID_DATA', details: {}, message: text, status: 'error' }, status);
		if (vendor === 'dynamics') return json({ error: { code: status === 401 ? '0x80072560' : '0x80040203', message: text } }, status);
		return json({ status: 'error', message: text, correlationId: 'hostile', category: status === 401 ? 'INVALID_AUTHENTICATION' : 'VALIDATION_ERROR' }, status);
	}

	/** @param {string} vendor @param {any} ctx */
	function issue(vendor, ctx) {
		counter++;
		const tail = `${counter}-${randomBytes(6).toString('hex')}`;
		// Salesforce tokens are `<org id>!<secret>`: the part after the `!` is what must not leak.
		const access = vendor === 'salesforce' ? `00DHOSTILE0000001!ISSUEDACCESS.${tail}` : `ISSUED-ACCESS-${tail}`;
		const jwtGrant = ctx.body?.grant_type === 'urn:ietf:params:oauth:grant-type:jwt-bearer';
		const refresh = jwtGrant ? undefined : `ISSUED-REFRESH-${tail}`;
		for (const t of [access, refresh]) {
			if (!t) continue;
			issued.add(t);
			secrets.add(t);
		}
		const body = { access_token: access, token_type: 'Bearer', expires_in: 3600, scope: ctx.body?.scope ?? 'api refresh_token' };
		if (refresh) Object.assign(body, { refresh_token: refresh });
		if (vendor === 'salesforce') Object.assign(body, { instance_url: `${baseUrl()}/salesforce`, id: `${baseUrl()}/salesforce/id/00DHOSTILE0000001/005HOSTILE`, issued_at: String(Date.now()) });
		if (vendor === 'pipedrive') Object.assign(body, { api_domain: `${baseUrl()}/pipedrive` });
		if (vendor === 'zoho') Object.assign(body, { api_domain: `${baseUrl()}/zoho` });
		return json(body);
	}

	/** @param {any} ctx */
	function handle(ctx) {
		const m = /^\/(hubspot|salesforce|pipedrive|freshsales|brivity|zoho|dynamics|n8n)(\/.*)?$/.exec(ctx.path);
		const creds = credentialsIn(ctx);
		for (const c of creds) secrets.add(c);
		let out;
		if (!m) out = json({ error: 'not_found', error_description: echo(ctx, creds) }, 404);
		else {
			const vendor = m[1];
			const path = m[2] ?? '/';
			const token = String(ctx.headers.authorization ?? '').replace(/^(Bearer|Zoho-oauthtoken)\s+/i, '');
			if ((TOKEN_PATHS[vendor] ?? []).includes(path) && ctx.method === 'POST') {
				out = mode === 'refuse' ? json({ error: 'invalid_grant', error_description: `refused: ${echo(ctx, creds)}` }, 400) : issue(vendor, ctx);
			} else if (vendor === 'salesforce' && path === '/services/oauth2/userinfo' && issued.has(token)) {
				// The JWT credential's first login asks who it is; the data calls after it are refused.
				out = json({ sub: `${baseUrl()}/salesforce/id/00DHOSTILE0000001/005HOSTILE`, user_id: '005HOSTILE', organization_id: '00DHOSTILE0000001' });
			} else if (issued.has(token)) {
				out = vendorError(vendor, 400, `refused for session ${token}: ${echo(ctx, creds)}`);
			} else {
				out = vendorError(vendor, 401, `invalid credentials ${creds.join(' ')}: ${echo(ctx, creds)}`);
			}
		}
		calls.push({ method: ctx.method, path: ctx.path, status: out.status });
		return out;
	}

	const api = {
		/** @param {'issue' | 'refuse'} m */
		setMode(m) {
			mode = m;
		},
		/** Every credential value a request carried, and every token issued. */
		secrets: () => [...secrets],
		issued: () => [...issued],
		calls: () => calls.slice(),
		reset() {
			mode = 'issue';
			calls.length = 0;
		},
	};
	return { api, handle };
}

module.exports = { createVendor };
