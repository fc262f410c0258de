/**
 * The credential field names every auth preset reads. They are the stable API
 * between a credential built with `authProperties` and the code that signs its
 * requests (`applyAuth`), logs in (`jwtPreAuthentication`) and renews the token
 * (`tokenRenewal`): saved credentials hold these names, so they never change.
 */
export const AUTH_FIELD = {
	type: 'authType',
	apiKey: 'apiKey',
	apiKeyIn: 'apiKeyIn',
	apiKeyName: 'apiKeyName',
	bearerToken: 'bearerToken',
	basicUser: 'basicUser',
	basicPassword: 'basicPassword',
	jwtUsername: 'jwtUsername',
	jwtPassword: 'jwtPassword',
	jwtLoginPath: 'jwtLoginPath',
	jwtRefreshPath: 'jwtRefreshPath',
	jwtUsernameField: 'jwtUsernameField',
	jwtPasswordField: 'jwtPasswordField',
	jwtRefreshField: 'jwtRefreshField',
	jwtAccessTokenPath: 'jwtAccessTokenPath',
	jwtRefreshTokenPath: 'jwtRefreshTokenPath',
	jwtExpiresInPath: 'jwtExpiresInPath',
	/** Hidden, expirable: n8n runs the credential's preAuthentication when it is '' or a request got 401. */
	accessToken: 'accessToken',
	/** Hidden: the refresh token of the last login or refresh. */
	refreshToken: 'refreshToken',
	/**
	 * Hidden: when to renew the access token, epoch milliseconds as a string ('' = unknown, renewed on 401 only):
	 * its expiry less a tenth of its lifetime, at most 30 s, so a request never leaves with a token about to expire.
	 */
	accessTokenRenewAt: 'accessTokenRenewAt',
} as const;

/** The auth presets a credential can offer (OAuth2 is a separate credential type extending n8n's oAuth2Api: see oauth2.ts). */
export type AuthType = 'apiKey' | 'bearer' | 'basic' | 'jwt' | 'none';

export const AUTH_TYPES: readonly AuthType[] = ['apiKey', 'bearer', 'basic', 'jwt', 'none'];

/** Credential fields holding secrets, for a transport profile's `secretFields` (kept out of errors). */
export const AUTH_SECRET_FIELDS: readonly string[] = [
	AUTH_FIELD.apiKey,
	AUTH_FIELD.bearerToken,
	AUTH_FIELD.basicPassword,
	AUTH_FIELD.jwtPassword,
	AUTH_FIELD.accessToken,
	AUTH_FIELD.refreshToken,
];

export function authTypeOf(credentials: { [key: string]: unknown }): AuthType {
	const type = credentials[AUTH_FIELD.type];
	return (AUTH_TYPES as readonly unknown[]).includes(type) ? (type as AuthType) : 'apiKey';
}

/** A value at a dotted path of a JSON answer (`access_token`, `data.token`); undefined when any step is missing. */
export function readPath(value: unknown, path: string): unknown {
	let current = value;
	for (const key of path.split('.').filter(Boolean)) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

/** A path (`/api/v1/auth/login`) below the API root, or a full URL kept as it is. */
export function urlBelow(root: string, pathOrUrl: string): string {
	if (/^https?:\/\//i.test(pathOrUrl)) return pathOrUrl;
	return `${root.replace(/\/+$/, '')}/${pathOrUrl.replace(/^\/+/, '')}`;
}
