import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import type { Sandbox } from '../../sandbox';

/**
 * A node context whose n8n API credential points at the sandbox's n8n Data Tables API,
 * sending each call over HTTP (as n8n's httpRequestWithAuthentication would, with the
 * key in X-N8N-API-KEY), counting calls and the rows list calls return.
 */
export function sandboxN8nContext(sb: Sandbox) {
	const counts = { calls: 0, rowsRead: 0, byCall: new Map<string, number>() };
	const ctx = {
		getNode: () => ({ id: 'n1', name: 'CRM Sync', type: 'n8n-nodes-crm-pack.crmPackCrmSync', typeVersion: 2, position: [0, 0], parameters: {} }),
		getCredentials: async () => ({ apiKey: sb.n8n.keys[0], baseUrl: sb.n8n.apiUrl }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, opts: IHttpRequestOptions) => {
				const url = new URL(opts.url);
				for (const [k, v] of Object.entries((opts.qs ?? {}) as IDataObject)) url.searchParams.set(k, String(v));
				const call = `${opts.method} ${url.pathname.replace(/^.*\/api\/v1/, '/api/v1').replace(/\/data-tables\/[^/]+/, '/data-tables/{id}')}`;
				counts.calls++;
				counts.byCall.set(call, (counts.byCall.get(call) ?? 0) + 1);
				const res = await fetch(url, {
					method: opts.method,
					headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-N8N-API-KEY': sb.n8n.keys[0] },
					body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
				});
				const text = await res.text();
				const body = text ? (JSON.parse(text) as unknown) : undefined;
				if (call.endsWith('/rows') && opts.method === 'GET') counts.rowsRead += ((body as { data?: unknown[] })?.data ?? []).length;
				return { statusCode: res.status, headers: Object.fromEntries(res.headers), body };
			},
		},
	};
	return { ctx: ctx as never, counts, reset: () => ((counts.calls = 0), (counts.rowsRead = 0), counts.byCall.clear()) };
}
