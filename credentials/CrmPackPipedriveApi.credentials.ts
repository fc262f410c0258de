import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A Pipedrive personal API token. Pipedrive documents the `x-api-token` header
 * for every request (v1 and v2; the older `api_token` query parameter would put
 * the token into URLs, logs and error texts, so the header is used). The plan
 * picks the burst-limit preset: Pipedrive counts requests per token in 2-second
 * windows, with a budget that grows with the plan.
 */
export class CrmPackPipedriveApi implements ICredentialType {
	name = 'crmPackPipedriveApi';

	displayName = 'Pipedrive (CRM Pack) API';

	icon = { light: 'file:../nodes/Pipedrive/pipedrive.svg', dark: 'file:../nodes/Pipedrive/pipedrive.dark.svg' } as const;

	documentationUrl = 'https://pipedrive.readme.io/docs/how-to-find-the-api-token';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Your personal API token (Pipedrive → your name → Personal preferences → API)',
		},
		{
			displayName: 'Company Domain',
			name: 'companyDomain',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. acme (for acme.pipedrive.com)',
			description:
				'The part before .pipedrive.com in your Pipedrive address. A full URL (https://...) is used as is, e.g. for a test emulator.',
		},
		{
			displayName: 'Pipedrive Plan',
			name: 'plan',
			type: 'options',
			options: [
				{ name: 'Lite / Essential (20 Requests per 2 s)', value: 'lite' },
				{ name: 'Growth / Advanced (40 Requests per 2 s)', value: 'growth' },
				{ name: 'Premium / Professional (80 Requests per 2 s)', value: 'premium' },
				{ name: 'Ultimate / Power / Enterprise (120 Requests per 2 s)', value: 'ultimate' },
			],
			default: 'lite',
			description:
				"Sets how fast and how many at once the nodes call Pipedrive, so they stay under your token's burst limit instead of hitting it",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'x-api-token': '={{$credentials.apiToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ String($credentials.companyDomain).includes("://") ? String($credentials.companyDomain).replace(/\\/+$/, "") : "https://" + String($credentials.companyDomain).trim().replace(/^https?:\\/\\//, "").replace(/\\.pipedrive\\.com.*$/, "") + ".pipedrive.com" }}',
			url: '/api/v1/users/me',
		},
	};
}
