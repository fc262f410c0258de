'use strict';

const crypto = require('node:crypto');
const { json } = require('../lib/http');
const { USERS } = require('./store');

/**
 * Microsoft Entra ID's v2.0 endpoints as Dataverse clients use them
 * (learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow,
 * v2-oauth2-auth-code-flow), served below `/dynamics/login/<tenant>/oauth2/v2.0/`:
 * - `POST token` grant_type=client_credentials: client_id, client_secret, and a
 *   scope that must be `<environment URL>/.default` (Dataverse: "use the
 *   environment URL with /.default");
 * - `GET authorize` + `POST token` grant_type=authorization_code / refresh_token,
 *   scope `<environment URL>/user_impersonation` (delegated) plus offline_access;
 * - errors as Entra ID answers them: `{ error, error_description, error_codes }`
 *   (AADSTS7000215 wrong secret, AADSTS700016 unknown app, AADSTS70011 bad scope).
 *
 * An app registration works in the environment only once it has an application
 * user there and that user a security role; without the user Dataverse answers
 * 401 to a valid token, without a role 403 (set per app with `setApp`).
 */

/** @param {{ environmentUrl: () => string }} env */
function createAuth(env) {
	const tenant = 'a1b2c3d4-0000-4000-8000-00000000000e';
	/** @type {Map<string, { secret: string, applicationUser: boolean, securityRole: boolean, userId: string }>} */
	const apps = new Map([['c11e0000-0000-4000-8000-000000000001', { secret: 'dv-sandbox-secret', applicationUser: true, securityRole: true, userId: USERS[0].systemuserid }]]);
	/** @type {Map<string, { userId: string, expires: number, clientId: string }>} */
	const tokens = new Map();
	/** Static delegated tokens, as an already connected OAuth2 credential holds them. */
	const staticTokens = ['dv-sandbox-user-token'];
	const codes = new Map();
	const refreshTokens = new Map();
	let ttlSec = 3599;
	let issued = 0;

	const oauthError = (status, error, description, code) => json({ error, error_description: `${code}: ${description}`, error_codes: [Number(code.replace('AADSTS', ''))] }, status);

	function issue(clientId, userId) {
		const token = `dv-at-${crypto.randomBytes(12).toString('hex')}`;
		tokens.set(token, { userId, clientId, expires: Date.now() + ttlSec * 1000 });
		issued++;
		return token;
	}

	/** @param {any} ctx @param {string} path below /login */
	function handle(ctx, path) {
		const m = /^\/([^/]+)\/oauth2\/v2\.0\/(token|authorize)$/.exec(path);
		if (!m) return json({ error: 'not_found' }, 404);
		if (m[1] !== tenant && m[1] !== 'organizations' && m[1] !== 'common') return oauthError(400, 'invalid_request', `Tenant '${m[1]}' not found.`, 'AADSTS90002');
		if (m[2] === 'authorize') {
			const q = ctx.query;
			if (!apps.has(q.client_id)) return oauthError(400, 'unauthorized_client', `Application with identifier '${q.client_id}' was not found in the directory.`, 'AADSTS700016');
			const code = `dv-code-${crypto.randomBytes(6).toString('hex')}`;
			codes.set(code, { clientId: q.client_id, scope: q.scope });
			const target = new URL(q.redirect_uri);
			target.searchParams.set('code', code);
			if (q.state) target.searchParams.set('state', q.state);
			return { status: 302, headers: { Location: target.toString() }, raw: '' };
		}
		if (ctx.method !== 'POST') return json({ error: 'invalid_request' }, 405);
		const b = ctx.body && typeof ctx.body === 'object' ? ctx.body : {};
		// Client authentication: body parameters or HTTP Basic (n8n's OAuth2 "header" mode).
		let clientId = b.client_id;
		let secret = b.client_secret;
		const basic = /^Basic (.+)$/.exec(String(ctx.headers.authorization ?? ''));
		if (basic) [clientId, secret] = Buffer.from(basic[1], 'base64').toString().split(':').map(decodeURIComponent);
		const app = apps.get(clientId);
		if (!app) return oauthError(400, 'unauthorized_client', `Application with identifier '${clientId}' was not found in the directory '${m[1]}'.`, 'AADSTS700016');
		if (secret !== app.secret) return oauthError(401, 'invalid_client', `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`, 'AADSTS7000215');
		const resource = env.environmentUrl();
		if (b.grant_type === 'client_credentials') {
			if (b.scope !== `${resource}/.default`) return oauthError(400, 'invalid_scope', `The provided value for scope ${b.scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`, 'AADSTS1002012');
			return json({ token_type: 'Bearer', expires_in: ttlSec, ext_expires_in: ttlSec, access_token: issue(clientId, app.userId) });
		}
		if (b.grant_type === 'authorization_code' || b.grant_type === 'refresh_token') {
			let scope;
			if (b.grant_type === 'authorization_code') {
				const c = codes.get(b.code);
				if (!c || c.clientId !== clientId) return oauthError(400, 'invalid_grant', 'The provided authorization code is invalid or has expired.', 'AADSTS70000');
				codes.delete(b.code);
				scope = c.scope;
			} else {
				const r = refreshTokens.get(b.refresh_token);
				if (!r || r.clientId !== clientId) return oauthError(400, 'invalid_grant', 'The refresh token is invalid or has expired.', 'AADSTS70000');
				scope = r.scope;
			}
			if (!String(scope ?? '').split(/\s+/).includes(`${resource}/user_impersonation`) && !String(scope ?? '').split(/\s+/).includes(`${resource}/.default`)) {
				return oauthError(400, 'invalid_scope', `The scope '${scope}' does not name the environment ${resource} (user_impersonation).`, 'AADSTS70011');
			}
			const refresh = `dv-rt-${crypto.randomBytes(12).toString('hex')}`;
			refreshTokens.set(refresh, { clientId, scope });
			return json({ token_type: 'Bearer', scope, expires_in: ttlSec, access_token: issue(clientId, USERS[1].systemuserid), refresh_token: refresh });
		}
		return oauthError(400, 'unsupported_grant_type', `The grant type '${b.grant_type}' is not supported.`, 'AADSTS70003');
	}

	/**
	 * The caller of a Dataverse request, or the answer refusing it.
	 * @param {any} ctx @returns {{ userId: string } | { refuse: { status: number, body: any, headers?: any } }}
	 */
	function caller(ctx) {
		const m = /^Bearer (.+)$/.exec(String(ctx.headers.authorization ?? ''));
		const token = m?.[1];
		if (token && staticTokens.includes(token)) return { userId: USERS[1].systemuserid };
		const t = token ? tokens.get(token) : undefined;
		const unauthorized = { status: 401, headers: { 'WWW-Authenticate': `Bearer error=invalid_token, error_description=Error during token validation!, authorization_uri=https://login.microsoftonline.com/${tenant}/oauth2/authorize, resource_id=${env.environmentUrl()}` }, body: undefined };
		if (!t || t.expires < Date.now()) return { refuse: unauthorized };
		const app = apps.get(t.clientId);
		if (app && !app.applicationUser) {
			// No application user for the app in this environment: the token is valid, Dataverse does not know the caller.
			return { refuse: { status: 401, headers: {}, body: { error: { code: '0x80072560', message: `The user is not a member of the organization.` } } } };
		}
		if (app && !app.securityRole) {
			return { refuse: { status: 403, headers: {}, body: { error: { code: '0x80040220', message: `Principal user (Id=${t.userId}, type=8, roleCount=0, privilegeCount=0, accessMode=4, MetadataCachePrivilegesCount=0, BusinessUnitId=b0000000-0000-4000-8000-000000000001), is missing prvReadContact privilege` } } } };
		}
		return { userId: t.userId };
	}

	return {
		tenant,
		apps,
		staticTokens,
		handle,
		caller,
		get issued() {
			return issued;
		},
		/** Client id and secret of the sandbox's app registration. */
		get clientId() {
			return [...apps.keys()][0];
		},
		get clientSecret() {
			return [...apps.values()][0].secret;
		},
		/** @param {string} clientId @param {Partial<{ secret: string, applicationUser: boolean, securityRole: boolean }>} patch */
		setApp(clientId, patch) {
			const app = apps.get(clientId) ?? { secret: 'x', applicationUser: true, securityRole: true, userId: USERS[0].systemuserid };
			apps.set(clientId, { ...app, ...patch });
		},
		/** @param {number} sec */
		setTokenTtl(sec) {
			ttlSec = sec;
		},
		expireTokens() {
			for (const t of tokens.values()) t.expires = 0;
		},
	};
}

module.exports = { createAuth };
