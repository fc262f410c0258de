import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { recordIdOf, type OperationContext } from '../context';
import { perItem } from '../../../../shared/n8n/items';

/** PUT /crm/v4/objects/{from}/{fromId}/associations/default/{to}/{toId}: HubSpot's default (unlabelled) association. */
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
	return perItem(this, op, async (i) => {
		const fromId = recordIdOf(this, i);
		const toObjectType = this.getNodeParameter('toObjectType', i) as string;
		const toId = String(this.getNodeParameter('toRecordId', i)).trim();
		const result = await op.connector.associate(op.objectType, fromId, toObjectType, toId, i);
		return [{ fromObjectType: op.objectType, fromId, toObjectType, toId, associated: true, result }];
	});
}
