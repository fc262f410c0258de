import { NodeOperationError, sleep, type IDataObject, type IHttpRequestMethods } from 'n8n-workflow';
import { crmRequest, type CrmRequestOptions, type CrmResponse } from '../transport';
import type { RequestContext } from '../types';

/**
 * The pack's credential for n8n's own public REST API
 * (credentials/CrmPackN8nApi.credentials.ts: `apiKey`, sent as `X-N8N-API-KEY`
 * as n8n's built-in "n8n API" credential does, and `baseUrl`, e.g.
 * `http://localhost:5678/api/v1`). The pack reaches n8n's Data Tables through it
 * because n8n 2.41.1 gives community nodes no Data Table helper in any context:
 * `DataTableProxyService.validateRequest` serves only n8n's own Data Table nodes
 * (n8n/dist/modules/data-table/data-table-proxy.service.js, ALLOWED_NODES), and
 * webhook, poll and trigger contexts have no `getDataTableProxy` at all.
 */
export const N8N_API_CREDENTIAL = 'crmPackN8nApi';

export interface N8nApiCall {
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	/** Safe to repeat after an ambiguous failure; defaults by method (GET/DELETE yes, POST/PATCH no). */
	idempotent?: boolean;
	/** Statuses returned instead of thrown (e.g. 409 when a table name is taken). */
	acceptStatuses?: number[];
}

/** The API root from the credential, without a trailing slash; `/api/v1` is added when the user gave only the host (as the credential test does). */
export function apiRoot(baseUrl: unknown): string {
	const root = String(baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '');
	if (!root) return '';
	return root.endsWith('/api/v1') ? root : `${root}/api/v1`;
}

/**
 * n8n's Data Table API answers 500 ("Internal server error") now and then under
 * concurrent executions (measured in n8n 2.41.1 on SQLite, issue 17: 14 of 52
 * live-sync executions failed on one). The shared transport repeats 502/503/504
 * only, as a vendor's 500 may follow an applied write; here a call safe to repeat
 * (a read, a delete, an update by filter) is sent again after a 500 too, with
 * backoff through n8n's sleep. Calls that are not safe to repeat (inserts, the
 * lease's compare-and-set) fail as before and their callers read back.
 */
const SERVER_ERROR_ATTEMPTS = 6;
const SERVER_ERROR_BASE_MS = 100;

/** Full-jitter backoff, 100 ms doubling, at most 3.2 s. */
export function serverErrorBackoffMs(attempt: number, random: () => number = Math.random): number {
	return Math.floor(random() * SERVER_ERROR_BASE_MS * 2 ** Math.min(attempt + 1, 5));
}

/** One call to n8n's public API with the node's n8n API credential. */
export async function n8nApi<T = unknown>(
	ctx: RequestContext,
	method: IHttpRequestMethods,
	path: string,
	call: N8nApiCall = {},
): Promise<CrmResponse<T>> {
	const credentials = (await ctx.getCredentials(N8N_API_CREDENTIAL)) as IDataObject;
	const root = apiRoot(credentials.baseUrl);
	if (!root) {
		throw new NodeOperationError(ctx.getNode(), 'The n8n API credential has no Base URL', {
			description: "Set it to this n8n's API address, e.g. http://localhost:5678/api/v1",
		});
	}
	const repeatable = call.idempotent ?? (method === 'GET' || method === 'HEAD' || method === 'PUT' || method === 'DELETE');
	for (let attempt = 0; ; attempt++) {
		// The last attempt throws a 500 as any other error.
		const retry500 = repeatable && attempt + 1 < SERVER_ERROR_ATTEMPTS && !call.acceptStatuses?.includes(500);
		const response = await crmRequest.call<RequestContext, [CrmRequestOptions], Promise<CrmResponse<T>>>(ctx, {
			credentialType: N8N_API_CREDENTIAL,
			method,
			url: `${root}${path}`,
			qs: call.qs,
			body: call.body,
			idempotent: call.idempotent,
			acceptStatuses: retry500 ? [...(call.acceptStatuses ?? []), 500] : call.acceptStatuses,
			secrets: [String(credentials.apiKey ?? '')].filter((s) => s.length >= 8),
		});
		if (!(retry500 && response.statusCode === 500)) return response;
		await sleep(serverErrorBackoffMs(attempt));
	}
}
