import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A Freshsales (Freshworks CRM) user's API key, sent as
 * `Authorization: Token token=<key>` (developers.freshworks.com/crm/api), and
 * where the account lives: the Freshworks bundle host
 * (`<bundle>.myfreshworks.com/crm/sales/api/`) or the classic
 * `<domain>.freshsales.io/api/`. The plan sets the hourly request budget the
 * nodes pace themselves to (Freshsales counts requests per account per hour).
 */
export class CrmPackFreshsalesApi implements ICredentialType {
	name = 'crmPackFreshsalesApi';

	displayName = 'Freshsales (CRM Pack) API';

	icon = { light: 'file:../nodes/Freshsales/freshsales.svg', dark: 'file:../nodes/Freshsales/freshsales.dark.svg' } as const;

	documentationUrl = 'https://developers.freshworks.com/crm/api/#authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Your API key (Freshsales → profile picture → Profile Settings → API Settings)',
		},
		{
			displayName: 'Domain',
			name: 'domain',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. acme (for acme.myfreshworks.com)',
			description:
				'Your bundle alias or domain, shown under the API key in API Settings: acme, acme.myfreshworks.com or acme.freshsales.io. A full URL (https://...) is used as is, e.g. for a test emulator.',
		},
		{
			displayName: 'Host',
			name: 'host',
			type: 'options',
			options: [
				{ name: 'Freshworks (Bundle.myfreshworks.com/crm/sales)', value: 'bundle' },
				{ name: 'Classic Freshsales (Domain.freshsales.io)', value: 'classic' },
			],
			default: 'bundle',
			description: 'Where your account lives; a domain ending in .freshsales.io or .myfreshworks.com decides it by itself',
		},
		{
			displayName: 'Freshsales Plan',
			name: 'plan',
			type: 'options',
			options: [
				{ name: 'Free (1,000 Requests per Hour)', value: 'free' },
				{ name: 'Growth (1,000 Requests per Hour)', value: 'growth' },
				{ name: 'Pro (2,000 Requests per Hour)', value: 'pro' },
				{ name: 'Enterprise (5,000 Requests per Hour)', value: 'enterprise' },
			],
			default: 'growth',
			description: "Sets the hourly budget the nodes pace themselves to (and 400 per minute), so a big job waits instead of hitting your account's limit",
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

	/** The owners selector: a small read every user may make. */
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ (() => { const t = String($credentials.domain || "").trim().replace(/\\/+$/, ""); const classic = $credentials.host === "classic"; if (t.includes("://")) return t.replace(/\\/(crm\\/sales\\/api|crm\\/sales|api)$/, "") + (classic ? "/api" : "/crm/sales/api"); const n = t.replace(/\\/.*$/, "").toLowerCase(); if (n.endsWith(".freshsales.io")) return "https://" + n + "/api"; if (n.includes(".")) return "https://" + n + "/crm/sales/api"; return classic ? "https://" + n + ".freshsales.io/api" : "https://" + n + ".myfreshworks.com/crm/sales/api"; })() }}',
			url: '/selector/owners',
		},
	};
}
