/**
 * Where a GraphQL API's JWT login and refresh paths are: below the endpoint's
 * folder (`https://crm.example.com/graphql` -> `https://crm.example.com`,
 * `https://api.example.com/v2/graphql` -> `https://api.example.com/v2`).
 * Assumption: APIs serve login beside the GraphQL endpoint; a full URL as the
 * credential's login path overrides it.
 */
export function graphqlAuthRoot(endpoint: unknown): string {
	const text = String(endpoint ?? '')
		.trim()
		.replace(/\/+$/, '');
	const slash = text.lastIndexOf('/');
	// `https://host` has no path to drop.
	return slash <= text.indexOf('//') + 1 ? text : text.slice(0, slash);
}
