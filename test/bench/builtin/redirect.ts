/*
 * Sends n8n's built-in nodes to the sandbox without touching their request code.
 *
 * How they build URLs (n8n-nodes-base 2.41.1):
 * - HubSpot (V2/GenericFunctions.js): `https://api.hubapi.com${endpoint}`, hard-coded;
 * - Pipedrive (v2/transport/pipedrive.api.js): `https://api.pipedrive.com/api/v2` or
 *   `https://api.pipedrive.com/v1`, hard-coded;
 * - Salesforce (GenericFunctions.js, OAuth2): the credential's `oauthTokenData.instance_url`
 *   + `/services/data/v59.0`, so the bench's credential names the sandbox and no
 *   redirect is needed; Zoho CRM (Zoho/GenericFunctions.js) likewise takes the token's
 *   `api_domain` + `/crm/v2`;
 * - Microsoft Dynamics CRM (Microsoft/Dynamics/GenericFunctions.js):
 *   `https://${subdomain}.${region}/api/data/v9.2`, from the credential's two fields (the
 *   bench names `https://bench.crm.dynamics.com`);
 * - Freshworks CRM (FreshworksCrm/GenericFunctions.js): `https://${domain}.myfreshworks.com/crm/sales/api`
 *   (the bench names `https://bench.myfreshworks.com`).
 * Every helper they call (`request`, `requestWithAuthentication`, `requestOAuth2`) ends in
 * n8n-core's one axios call on axios's default instance (@n8n/backend-network
 * `invokeAxios`), after n8n has built the full URL, query and body. A request interceptor
 * on that instance rewrites the scheme and host of those vendors' URLs (HubSpot, Pipedrive, Dynamics, Freshworks) to the
 * sandbox's vendor base URL and changes nothing else: path, query, headers and body are
 * what the node built. Our nodes take their base URL from the credential, so the
 * interceptor never sees their hosts.
 */
import * as path from 'node:path';

import type { AxiosStatic, InternalAxiosRequestConfig } from 'axios';

/** The axios module n8n-core's HTTP layer uses (resolved the way n8n-core resolves it). */
function n8nAxios(repoRoot: string): AxiosStatic {
	const core = path.dirname(require.resolve('n8n-core/package.json', { paths: [repoRoot] }));
	// its entry file: the package exports no package.json, and may be a copy nested below n8n-core
	const network = path.dirname(require.resolve('@n8n/backend-network', { paths: [core] }));
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(require.resolve('axios', { paths: [network] })) as AxiosStatic;
}

export interface Redirect {
	/** Vendor origin (`https://api.hubapi.com`) -> sandbox base URL (`http://127.0.0.1:PORT/hubspot`); change it between runs. */
	targets: Map<string, string>;
	/** How many requests were rewritten, per vendor origin. */
	rewritten: Map<string, number>;
	remove(): void;
}

export function redirectVendorHosts(repoRoot: string): Redirect {
	const axios = n8nAxios(repoRoot);
	const targets = new Map<string, string>();
	const rewritten = new Map<string, number>();
	const id = axios.interceptors.request.use((config: InternalAxiosRequestConfig) => {
		const url = config.url ?? '';
		for (const [origin, target] of targets) {
			if (url === origin || url.startsWith(origin + '/')) {
				config.url = target + url.slice(origin.length);
				rewritten.set(origin, (rewritten.get(origin) ?? 0) + 1);
				break;
			}
		}
		return config;
	});
	return { targets, rewritten, remove: () => axios.interceptors.request.eject(id) };
}
