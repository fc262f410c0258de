import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import type { ActionContext } from '../../../../shared/n8n/actions';
import { perItem } from '../../../../shared/n8n/items';
import { readLimit } from '../../../../shared/n8n/options';
import type { ZohoConnector } from '../../connector/ZohoConnector';

export const option: INodePropertyOptions = { name: 'Get Deleted', value: 'getDeleted', description: 'List deleted records', action: 'Get deleted records' };

export const description: INodeProperties[] = [
	{
		displayName: 'Deleted',
		name: 'deletedType',
		type: 'options',
		options: [
			{ name: 'All', value: 'all' },
			{ name: 'In the Recycle Bin', value: 'recycle' },
			{ name: 'Permanently Deleted', value: 'permanent' },
		],
		default: 'all',
		displayOptions: { show: { operation: ['getDeleted'] } },
	},
];

/** `GET /crm/v8/{module}/deleted?type=` (crm-oas record.json `Deleted_Record`): id, display name, type, who and when. */
export async function execute(this: IExecuteFunctions, op: ActionContext<ZohoConnector>): Promise<INodeExecutionData[]> {
	return await perItem(this, op, async (i) => {
		const out: IDataObject[] = [];
		const type = this.getNodeParameter('deletedType', i, 'all') as 'all' | 'recycle' | 'permanent';
		for await (const row of op.connector.deleted(op.objectType, { type, limit: readLimit(this, i), itemIndex: i })) out.push(row);
		return out;
	});
}
