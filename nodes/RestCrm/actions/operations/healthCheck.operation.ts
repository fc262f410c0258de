import type { IExecuteFunctions, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';
import type { ActionContext } from '../../../../shared/n8n/actions';
import { perItem } from '../../../../shared/n8n/items';
import type { RestCrmConnector } from '../../connector/RestCrmConnector';

export const option: INodePropertyOptions = {
	name: 'Health Check',
	value: 'healthCheck',
	description: "Call the API's health endpoint and check the credential reaches it",
	action: 'Check the API health',
};

/**
 * `GET /health` (no authentication in the standard API, GENERIC-API.md), then
 * `GET /auth/me` so the credential itself is proven too: `{ status, method, subject, checkedAt }`.
 */
export async function execute(this: IExecuteFunctions, op: ActionContext<RestCrmConnector>): Promise<INodeExecutionData[]> {
	return await perItem(this, op, async (i) => {
		const health = await op.connector.request({ method: 'GET', path: '/health', itemIndex: i });
		const me = await op.connector.request({ method: 'GET', path: '/auth/me', itemIndex: i });
		const who = (me.body?.data ?? {}) as { sub?: string; method?: string };
		return [{ status: health.body?.status ?? null, authenticated: true, method: who.method ?? null, subject: who.sub ?? null, checkedAt: new Date().toISOString() }];
	});
}
