import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper } from 'n8n-workflow';
import { redact } from '../transport/redact';
import { AUTH_FIELD, authTypeOf, readPath, urlBelow } from './fields';

/** At most this long before expiry a token is renewed (less for short-lived tokens: a tenth of their lifetime). */
export const RENEW_MARGIN_MS = 30_000;

export interface JwtLoginOptions {
	/** The API root the credential's login and refresh paths are below. */
	root: string;
	/** Epoch ms (tests); default Date.now(). */
	now?: number;
}

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

function statusOf(error: unknown): string {
	const e = error as { response?: { status?: number }; httpCode?: string } | undefined;
	return String(e?.response?.status ?? e?.httpCode ?? 'no response');
}

/**
 * The API's reason for refusing, and nothing else of the failed call: the
 * request carried the password or the refresh token, and an error's own message
 * may quote the request, so only the answer's error code and message are read,
 * cleared of the secrets in case the API echoes them.
 */
function refusal(error: unknown, secrets: string[]): string {
	const data = (error as { response?: { data?: unknown } } | undefined)?.response?.data;
	const body = (data && typeof data === 'object' ? data : {}) as IDataObject;
	const nested = (body.error && typeof body.error === 'object' ? body.error : {}) as IDataObject;
	const reason = [nested.code, nested.message, body.error_description, body.error, body.message].filter(
		(r): r is string => typeof r === 'string' && r.trim() !== '',
	);
	if (!reason.length) return 'the request failed';
	return redact(reason.join(': '), secrets.filter(Boolean)).slice(0, 300);
}

/** The `exp` claim of a JWT, in epoch ms; undefined for a token that is not a JWT. */
export function jwtExpiry(token: string): number | undefined {
	const parts = token.split('.');
	if (parts.length !== 3) return undefined;
	try {
		const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { exp?: unknown };
		return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
	} catch {
		return undefined;
	}
}

/** When to renew a token issued at `now` that expires at `expiresAt`. */
export function renewAt(now: number, expiresAt: number): number {
	const lifetime = Math.max(0, expiresAt - now);
	return expiresAt - Math.min(RENEW_MARGIN_MS, Math.floor(lifetime / 10));
}

/** The token fields to save from a login or refresh answer. */
function tokensFrom(credentials: ICredentialDataDecryptedObject, answer: unknown, now: number): IDataObject {
	const accessToken = readPath(answer, text(credentials[AUTH_FIELD.jwtAccessTokenPath]) || 'access_token');
	if (typeof accessToken !== 'string' || !accessToken) {
		throw new Error('JWT login failed: the answer had no access token at the configured Access Token Path');
	}
	const refreshPath = text(credentials[AUTH_FIELD.jwtRefreshTokenPath]);
	const refreshToken = refreshPath ? readPath(answer, refreshPath) : undefined;
	const expiresIn = Number(readPath(answer, text(credentials[AUTH_FIELD.jwtExpiresInPath]) || 'expires_in'));
	const expiresAt = Number.isFinite(expiresIn) && expiresIn > 0 ? now + expiresIn * 1000 : jwtExpiry(accessToken);
	return {
		[AUTH_FIELD.accessToken]: accessToken,
		// A refresh that rotates sends a new one; one that does not keeps the old one valid.
		[AUTH_FIELD.refreshToken]: typeof refreshToken === 'string' && refreshToken ? refreshToken : text(credentials[AUTH_FIELD.refreshToken]),
		[AUTH_FIELD.accessTokenRenewAt]: expiresAt !== undefined ? String(renewAt(now, expiresAt)) : '',
	};
}

/**
 * A credential's `preAuthentication` for the JWT preset. n8n calls it when the
 * expirable access token is '' (first use, or `tokenRenewal` cleared it because
 * it is about to expire) or a request was answered 401, and saves what it
 * returns into the credential. With a refresh token it refreshes; a refresh that
 * fails (expired, already used, revoked) falls back to a new login. Other
 * presets return nothing (no access token: n8n saves nothing).
 */
export async function jwtPreAuthentication(
	this: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
	options: JwtLoginOptions,
): Promise<IDataObject> {
	if (authTypeOf(credentials) !== 'jwt') return {};
	const now = options.now ?? Date.now();
	const refreshToken = text(credentials[AUTH_FIELD.refreshToken]);
	const refreshPath = text(credentials[AUTH_FIELD.jwtRefreshPath]);
	if (refreshToken && refreshPath) {
		try {
			const answer = await this.helpers.httpRequest({
				method: 'POST',
				url: urlBelow(options.root, refreshPath),
				headers: { Accept: 'application/json' },
				body: { [text(credentials[AUTH_FIELD.jwtRefreshField]) || 'refresh_token']: refreshToken },
				json: true,
			});
			return tokensFrom(credentials, answer, now);
		} catch {
			// Refused or unreadable: log in again below (the refresh token's reason is not worth a failed run).
		}
	}
	const password = text(credentials[AUTH_FIELD.jwtPassword]);
	let answer: unknown;
	let failure: string | undefined;
	try {
		answer = await this.helpers.httpRequest({
			method: 'POST',
			url: urlBelow(options.root, text(credentials[AUTH_FIELD.jwtLoginPath]) || '/auth/login'),
			headers: { Accept: 'application/json' },
			body: {
				[text(credentials[AUTH_FIELD.jwtUsernameField]) || 'username']: text(credentials[AUTH_FIELD.jwtUsername]),
				[text(credentials[AUTH_FIELD.jwtPasswordField]) || 'password']: password,
			},
			json: true,
		});
	} catch (error) {
		failure = `JWT login failed (${statusOf(error)}): ${refusal(error, [password, refreshToken])}`;
	}
	// Thrown outside the catch: preAuthentication has no node to name, n8n wraps what it throws.
	if (failure !== undefined) throw new Error(failure);
	return tokensFrom(credentials, answer, now);
}
