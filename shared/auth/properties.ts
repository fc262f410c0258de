import type { INodeProperties } from 'n8n-workflow';
import { AUTH_FIELD, type AuthType } from './fields';

/** What a credential says about its API when it builds the auth fields. */
export interface AuthPropertyOptions {
	/** The presets offered, in this order (default: API key, Bearer, Basic, JWT). */
	types?: AuthType[];
	/** The preset preselected (default: the first offered). */
	default?: AuthType;
	/** The API key header suggested (default `X-API-Key`). */
	apiKeyName?: string;
	/** Login and refresh paths suggested, below the credential's API root (or full URLs). */
	jwtLoginPath?: string;
	jwtRefreshPath?: string;
}

const TYPE_NAMES: Record<AuthType, { name: string; description: string }> = {
	apiKey: { name: 'API Key', description: 'A key sent in a header or a query parameter' },
	bearer: { name: 'Bearer Token', description: 'A fixed token sent as Authorization: Bearer' },
	basic: { name: 'Basic Auth', description: 'User name and password sent as Authorization: Basic' },
	jwt: { name: 'JWT Login', description: 'Log in with user name and password; the token is renewed before it expires and on 401' },
	none: { name: 'None', description: 'No authentication (a public or network-protected API)' },
};

const show = (type: AuthType) => ({ show: { [AUTH_FIELD.type]: [type] } });

/**
 * The fields of every auth preset, shown by the chosen type. A credential puts
 * them after its own (base URL...) and signs with `applyAuth`; with `jwt` it
 * also sets `preAuthentication` to `jwtPreAuthentication`. The hidden token
 * fields come last: `accessToken` is the expirable field n8n watches.
 */
export function authProperties(options: AuthPropertyOptions = {}): INodeProperties[] {
	const types = options.types ?? ['apiKey', 'bearer', 'basic', 'jwt'];
	const offers = (type: AuthType) => types.includes(type);
	const properties: INodeProperties[] = [
		{
			displayName: 'Authentication',
			name: AUTH_FIELD.type,
			type: 'options',
			options: types.map((value) => ({ name: TYPE_NAMES[value].name, value, description: TYPE_NAMES[value].description })),
			default: options.default ?? types[0],
		},
	];
	if (offers('apiKey')) {
		properties.push(
			{
				displayName: 'API Key',
				name: AUTH_FIELD.apiKey,
				type: 'string',
				typeOptions: { password: true },
				default: '',
				displayOptions: show('apiKey'),
			},
			{
				displayName: 'Send API Key In',
				name: AUTH_FIELD.apiKeyIn,
				type: 'options',
				options: [
					{ name: 'Header', value: 'header' },
					{ name: 'Query Parameter', value: 'query' },
				],
				default: 'header',
				displayOptions: show('apiKey'),
			},
			{
				displayName: 'Header or Parameter Name',
				name: AUTH_FIELD.apiKeyName,
				type: 'string',
				default: options.apiKeyName ?? 'X-API-Key',
				description: 'The header (e.g. X-API-Key) or query parameter (e.g. api_key) the API reads the key from',
				displayOptions: show('apiKey'),
			},
		);
	}
	if (offers('bearer')) {
		properties.push({
			displayName: 'Token',
			name: AUTH_FIELD.bearerToken,
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: show('bearer'),
		});
	}
	if (offers('basic')) {
		properties.push(
			{ displayName: 'User', name: AUTH_FIELD.basicUser, type: 'string', default: '', displayOptions: show('basic') },
			{
				displayName: 'Password',
				name: AUTH_FIELD.basicPassword,
				type: 'string',
				typeOptions: { password: true },
				default: '',
				displayOptions: show('basic'),
			},
		);
	}
	if (offers('jwt')) {
		properties.push(
			{ displayName: 'Username', name: AUTH_FIELD.jwtUsername, type: 'string', default: '', displayOptions: show('jwt') },
			{
				displayName: 'Password',
				name: AUTH_FIELD.jwtPassword,
				type: 'string',
				typeOptions: { password: true },
				default: '',
				displayOptions: show('jwt'),
			},
			{
				displayName: 'Login Path',
				name: AUTH_FIELD.jwtLoginPath,
				type: 'string',
				default: options.jwtLoginPath ?? '/auth/login',
				description: 'Below the API root, or a full URL. Receives a JSON body with the username and password.',
				displayOptions: show('jwt'),
			},
			{
				displayName: 'Refresh Path',
				name: AUTH_FIELD.jwtRefreshPath,
				type: 'string',
				default: options.jwtRefreshPath ?? '/auth/refresh',
				description: 'Below the API root, or a full URL; empty: the API has no refresh and every renewal logs in again',
				displayOptions: show('jwt'),
			},
			{
				displayName: 'Username Field',
				name: AUTH_FIELD.jwtUsernameField,
				type: 'string',
				default: 'username',
				description: 'Name of the username in the login body',
				displayOptions: show('jwt'),
			},
			{
				displayName: 'Password Field',
				name: AUTH_FIELD.jwtPasswordField,
				type: 'string',
				default: 'password',
				description: 'Name of the password in the login body',
				displayOptions: show('jwt'),
			},
			{
				displayName: 'Refresh Token Field',
				name: AUTH_FIELD.jwtRefreshField,
				type: 'string',
				default: 'refresh_token',
				description: 'Name of the refresh token in the refresh body',
				displayOptions: show('jwt'),
			},
			{
				displayName: 'Access Token Path',
				name: AUTH_FIELD.jwtAccessTokenPath,
				type: 'string',
				default: 'access_token',
				description: 'Where the login and refresh answers hold the access token (dots for nesting, e.g. data.token)',
				displayOptions: show('jwt'),
			},
			{
				displayName: 'Refresh Token Path',
				name: AUTH_FIELD.jwtRefreshTokenPath,
				type: 'string',
				default: 'refresh_token',
				description: 'Where the answers hold the refresh token; empty when the API issues none',
				displayOptions: show('jwt'),
			},
			{
				displayName: 'Expires In Path',
				name: AUTH_FIELD.jwtExpiresInPath,
				type: 'string',
				default: 'expires_in',
				description: "Where the answers hold the token's lifetime in seconds; when absent, the token's own exp claim is used",
				displayOptions: show('jwt'),
			},
		);
	}
	properties.push(
		{
			displayName: 'Access Token',
			name: AUTH_FIELD.accessToken,
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{ displayName: 'Refresh Token', name: AUTH_FIELD.refreshToken, type: 'hidden', typeOptions: { password: true }, default: '' },
		{ displayName: 'Access Token Renew At', name: AUTH_FIELD.accessTokenRenewAt, type: 'hidden', default: '' },
	);
	return properties;
}
