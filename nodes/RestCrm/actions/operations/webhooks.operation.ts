import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { pageNumberPaging } from '../../../../shared/paging';
import type { ActionContext } from '../../../../shared/n8n/actions';
import { perItem } from '../../../../shared/n8n/items';
import { readLimit } from '../../../../shared/n8n/options';
import type { RestCrmConnector } from '../../connector/RestCrmConnector';

export const options: Record<string, INodePropertyOptions> = {
	listWebhooks: { name: 'Get Many', value: 'listWebhooks', description: 'List the webhook endpoints registered with the API', action: 'Get many webhooks' },
	listDeliveries: {
		name: 'Get Deliveries',
		value: 'listDeliveries',
		description: 'List the deliveries of a webhook: event, status, response code, attempts',
		action: 'Get deliveries of a webhook',
	},
};

export const description: INodeProperties[] = [
	{
		displayName: 'Webhook ID',
		name: 'webhookId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 3',
		displayOptions: { show: { resource: ['webhook'], operation: ['listDeliveries'] } },
	},
	{
		displayName: 'Delivery Status',
		name: 'deliveryStatus',
		type: 'options',
		options: [
			{ name: 'Any', value: '' },
			{ name: 'Failed', value: 'failed' },
			{ name: 'Pending (Retrying)', value: 'pending' },
			{ name: 'Succeeded', value: 'succeeded' },
		],
		default: '',
		displayOptions: { show: { resource: ['webhook'], operation: ['listDeliveries'] } },
	},
];

/** `GET /webhooks` or `GET /webhooks/{id}/deliveries` (GENERIC-API.md "Webhooks"), page by page up to the limit. */
export async function execute(this: IExecuteFunctions, op: ActionContext<RestCrmConnector>): Promise<INodeExecutionData[]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	return await perItem(this, op, async (i) => {
		let path = '/webhooks';
		const qs: IDataObject = {};
		if (operation === 'listDeliveries') {
			path = `/webhooks/${encodeURIComponent(String(this.getNodeParameter('webhookId', i)).trim())}/deliveries`;
			const status = this.getNodeParameter('deliveryStatus', i, '') as string;
			if (status) qs.status = status;
		}
		const out: IDataObject[] = [];
		const pages = pageNumberPaging((page, size) => op.connector.listPage(path, qs, page, size, i), { limit: readLimit(this, i), maxPageSize: 100 });
		for await (const row of pages) out.push(row);
		return out;
	});
}
