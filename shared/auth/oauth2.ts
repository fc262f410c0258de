import type { INodeProperties } from 'n8n-workflow';

export type OAuth2Grant = 'clientCredentials' | 'authorizationCode';

export interface OAuth2PropertyOptions {
	/** Grants offered (default both; the first is preselected). */
	grants?: OAuth2Grant[];
	authUrlPlaceholder?: string;
	tokenUrlPlaceholder?: string;
	/** Scope preset (space-separated). */
	scope?: string;
}

/**
 * Properties of an OAuth2 credential that `extends: ['oAuth2Api']`: n8n itself
 * runs both grants (client credentials: it fetches a token and a new one on
 * 401; authorization code: the Connect button, refresh on 401) and signs with
 * `Authorization: Bearer`. These fields override the parent's so the user picks
 * the grant and enters the API's own endpoints; the client id and secret are
 * the parent's fields.
 */
export function oauth2Properties(options: OAuth2PropertyOptions = {}): INodeProperties[] {
	const grants = options.grants ?? ['clientCredentials', 'authorizationCode'];
	const names: Record<OAuth2Grant, string> = { clientCredentials: 'Client Credentials', authorizationCode: 'Authorization Code' };
	return [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'options',
			options: grants.map((value) => ({ name: names[value], value })),
			default: grants[0],
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'string',
			default: '',
			placeholder: options.authUrlPlaceholder ?? 'e.g. https://crm.example.com/oauth/authorize',
			displayOptions: { show: { grantType: ['authorizationCode'] } },
			required: true,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'string',
			default: '',
			placeholder: options.tokenUrlPlaceholder ?? 'e.g. https://crm.example.com/oauth/token',
			required: true,
		},
		{ displayName: 'Scope', name: 'scope', type: 'string', default: options.scope ?? '' },
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'hidden', default: '' },
		{
			displayName: 'Client Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{ name: 'Send Credentials in Header (HTTP Basic)', value: 'header' },
				{ name: 'Send Credentials in Body', value: 'body' },
			],
			default: 'header',
		},
	];
}
