import { NodeOperationError, type IDataObject, type IHttpRequestMethods } from 'n8n-workflow';
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
	return await crmRequest.call<RequestContext, [CrmRequestOptions], Promise<CrmResponse<T>>>(ctx, {
		credentialType: N8N_API_CREDENTIAL,
		method,
		url: `${root}${path}`,
		qs: call.qs,
		body: call.body,
		idempotent: call.idempotent,
		acceptStatuses: call.acceptStatuses,
		secrets: [String(credentials.apiKey ?? '')].filter((s) => s.length >= 8),
	});
}
