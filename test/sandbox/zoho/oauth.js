'use strict';

const { json } = require('../lib/http');

/**
 * Zoho Accounts per data centre: `https://accounts.zoho.<tld>/oauth/v2/token`
 * (authorization code with refresh; client id and secret in the body), whose
 * answer names the API host of the user's data centre in `api_domain`
 * (`https://www.zohoapis.<tld>`). Access tokens live an hour (`expires_in`
 * 3600); refresh tokens do not expire (Zoho's OAuth docs, CRM-FACTS.md).
 * In the sandbox, data centre `<dc>`'s accounts host is `/zoho/accounts/<dc>`
 * and its API host `/zoho/<dc>`; a token works only at the API host of the
 * data centre that issued it, as Zoho's do, so a client that guesses the host
 * instead of reading `api_domain` fails.
 * Assumption: a refused grant answers 400 `{ error: 'invalid_code' | 'invalid_client' }`.
 */

const DATA_CENTRES = { us: 'com', eu: 'eu', in: 'in', au: 'com.au', jp: 'jp', ca: 'zohocloud.ca', cn: 'com.cn', sa: 'sa' };

/** @param {() => string} baseUrl */
function createOAuth(baseUrl) {
	const clientId = '1000.ZOHOSANDBOXCLIENT';
	const clientSecret = 'zoho-sandbox-client-secret';
	/** @type {Map<string, { dc: string, expires: number }>} */
	const access = new Map();
	/** @type {Map<string, string>} refresh token -> dc */
	const refresh = new Map();
	/** @type {Map<string, string>} code -> dc */
	const codes = new Map();
	let seq = 0;
	let ttlSec = 3600;
	const tokenCalls = /** @type {Array<{ dc: string, grant: string }>} */ ([]);

	/**
	 * Tokens of a credential connected once for good (`npm start`, `npm run demo`: an imported
	 * credential cannot go through the consent step), US data centre, never expiring; like the
	 * Salesforce sandbox's static token.
	 */
	const STATIC = { access: 'zoho-sandbox-token', refresh: 'zoho-sandbox-refresh-token', dc: 'us' };
	refresh.set(STATIC.refresh, STATIC.dc);

	/** @param {string} dc */
	function issue(dc) {
		const token = `1000.${dc}.${(++seq).toString(16)}${Math.random().toString(16).slice(2, 14)}`;
		access.set(token, { dc, expires: Date.now() + ttlSec * 1000 });
		return token;
	}

	/** @param {string} dc @param {any} body */
	function token(dc, body) {
		const b = body && typeof body === 'object' ? body : {};
		tokenCalls.push({ dc, grant: String(b.grant_type) });
		if (b.client_id !== clientId || b.client_secret !== clientSecret) return json({ error: 'invalid_client' }, 400);
		if (b.grant_type === 'authorization_code') {
			if (codes.get(b.code) !== dc) return json({ error: 'invalid_code' }, 400);
			codes.delete(b.code);
			const rt = `1000.refresh.${dc}.${(++seq).toString(16)}`;
			refresh.set(rt, dc);
			return json({ access_token: issue(dc), refresh_token: rt, scope: b.scope ?? '', api_domain: `${baseUrl()}/${dc}`, token_type: 'Bearer', expires_in: ttlSec });
		}
		if (b.grant_type === 'refresh_token') {
			if (refresh.get(b.refresh_token) !== dc) return json({ error: 'invalid_code' }, 400);
			return json({ access_token: issue(dc), scope: b.scope ?? '', api_domain: `${baseUrl()}/${dc}`, token_type: 'Bearer', expires_in: ttlSec });
		}
		return json({ error: 'unsupported_grant_type' }, 400);
	}

	return {
		clientId,
		clientSecret,
		staticTokens: STATIC,
		tokenCalls,
		token,
		/** Whether `token` may call the API host of `dc`. @param {string} tokenValue @param {string} dc */
		valid(tokenValue, dc) {
			if (tokenValue === STATIC.access) return dc === STATIC.dc;
			const t = access.get(tokenValue);
			return Boolean(t && t.dc === dc && t.expires > Date.now());
		},
		/** A connected credential's tokens for a data centre, as after the authorization-code flow. @param {string} [dc] */
		connect(dc = 'us') {
			const rt = `1000.refresh.${dc}.${(++seq).toString(16)}`;
			refresh.set(rt, dc);
			return { access_token: issue(dc), refresh_token: rt, api_domain: `${baseUrl()}/${dc}`, token_type: 'Bearer', expires_in: ttlSec, scope: '' };
		},
		/** An authorization code for the consent step. @param {string} [dc] */
		issueCode(dc = 'us') {
			const code = `1000.code.${(++seq).toString(16)}`;
			codes.set(code, dc);
			return code;
		},
		expireAccessTokens() {
			for (const t of access.values()) t.expires = 0;
		},
		/** @param {number} sec */
		setTtl(sec) {
			ttlSec = sec;
		},
	};
}

module.exports = { createOAuth, DATA_CENTRES };
