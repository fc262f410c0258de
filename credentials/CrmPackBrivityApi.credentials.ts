import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A Brivity team's Core API key, sent as `Authorization: Token token=<key>`
 * (Brivity Core API Blueprint, https://nvntd.github.io/brivity-core/doc/api/index.html).
 * Brivity answers on two hosts: the people list and event subscriptions on
 * `https://api.brivity.com` (people: public code calling
 * `GET https://api.brivity.com/api/people?limit=5000`), lead creation on
 * `https://secure.brivity.com` (public code posting to
 * `https://secure.brivity.com/api/v2/leads`). Both are editable for a team
 * Brivity serves from another host.
 */
export class CrmPackBrivityApi implements ICredentialType {
	name = 'crmPackBrivityApi';

	displayName = 'Brivity (CRM Pack) API';

	icon = { light: 'file:../nodes/Brivity/brivity.svg', dark: 'file:../nodes/Brivity/brivity.dark.svg' } as const;

	documentationUrl = 'https://nvntd.github.io/brivity-core/doc/api/index.html';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: "Your team's Brivity API key (ask Brivity support for one if your account settings do not show it)",
		},
		{
			displayName: 'Core API Base URL',
			name: 'coreBaseUrl',
			type: 'string',
			required: true,
			default: 'https://api.brivity.com',
			description: 'Host of the people list and the event subscriptions (without /api)',
		},
		{
			displayName: 'Leads API Base URL',
			name: 'leadsBaseUrl',
			type: 'string',
			required: true,
			default: 'https://secure.brivity.com',
			description: 'Host that creates leads (POST /api/v2/leads), without /api',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Token token={{$credentials.apiKey}}',
			},
		},
	};

	/** A one-person list: the smallest read the key allows (Brivity has no "who am I" call). */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.coreBaseUrl || "https://api.brivity.com").trim().replace(/\\/+$/, "") }}',
			url: '/api/people',
			qs: { limit: 1 },
		},
	};
}
