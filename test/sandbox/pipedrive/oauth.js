'use strict';

const { randomBytes } = require('node:crypto');
const { json } = require('../lib/http');

/**
 * Pipedrive OAuth 2.0: `POST /oauth/token` (client id/secret as HTTP Basic, or in the
 * form), authorization_code and refresh_token grants; the token answer carries
 * `api_domain`, the company's API host (here the sandbox's base URL).
 * @param {{ baseUrl: () => string }} opts
 */
function createOAuth(opts) {
	const oauth = {
		clientId: 'pd-sandbox-client',
		clientSecret: 'pd-sandbox-secret',
		/** @type {Map<string, number>} access token -> expiry ms */
		accessTokens: new Map(),
		/** @type {Set<string>} */
		refreshTokens: new Set(),
		/** @type {Set<string>} */
		codes: new Set(),
		issueCode() {
			const code = `pd-code-${randomBytes(6).toString('hex')}`;
			oauth.codes.add(code);
			return code;
		},
	};

	/** @param {any} ctx */
	function token(ctx) {
		const auth = String(ctx.headers.authorization ?? '');
		const basic = /^Basic\s+(.+)$/i.exec(auth);
		const [id, secret] = basic ? Buffer.from(basic[1], 'base64').toString('utf8').split(':') : [ctx.body?.client_id, ctx.body?.client_secret];
		if (id !== oauth.clientId || secret !== oauth.clientSecret) return json({ success: false, message: 'Invalid client credentials', error: 'unauthorized_client' }, 401);
		const b = ctx.body ?? {};
		if (b.grant_type === 'authorization_code') {
			if (!oauth.codes.delete(b.code)) return json({ success: false, message: 'Invalid grant', error: 'invalid_grant' }, 400);
		} else if (b.grant_type === 'refresh_token') {
			if (!oauth.refreshTokens.has(b.refresh_token)) return json({ success: false, message: 'Invalid grant', error: 'invalid_grant' }, 400);
		} else return json({ success: false, message: 'Unsupported grant type', error: 'unsupported_grant_type' }, 400);
		const access = `pd-at-${randomBytes(12).toString('hex')}`;
		const refresh = b.grant_type === 'refresh_token' ? b.refresh_token : `pd-rt-${randomBytes(12).toString('hex')}`;
		oauth.accessTokens.set(access, Date.now() + 3600_000);
		oauth.refreshTokens.add(refresh);
		return json({ access_token: access, token_type: 'Bearer', refresh_token: refresh, scope: 'base,deals:full,contacts:full,activities:full,leads:full', expires_in: 3599, api_domain: opts.baseUrl() });
	}

	return { oauth, token };
}

module.exports = { createOAuth };
