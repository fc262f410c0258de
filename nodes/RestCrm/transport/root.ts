/**
 * The REST CRM's API root from a credential: the base URL, then `/api/<version>`
 * when an API version is set (the standard REST CRM API of GENERIC-API.md lives
 * at `<base>/api/v1`); without a version the base URL is the root. Shared by the
 * credentials (login paths, test request) and the transport; no n8n imports, so
 * a credential file can use it.
 */
export function restCrmRoot(baseUrl: unknown, apiVersion: unknown): string {
	const base = String(baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '');
	const version = String(apiVersion ?? '')
		.trim()
		.replace(/^\/+|\/+$/g, '');
	return version ? `${base}/api/${version}` : base;
}

/** The same rule as an n8n expression, for a credential's test request. */
export const ROOT_EXPRESSION =
	'={{ String($credentials.baseUrl || "").trim().replace(/\\/+$/, "") + (String($credentials.apiVersion || "").trim() ? "/api/" + String($credentials.apiVersion).trim().replace(/^\\/+|\\/+$/g, "") : "") }}';
