import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { recordIdOf, recordJson, type OperationContext } from '../context';
import { perItem } from '../../../../shared/n8n/items';

/** GET /crm/v3/objects/{objectType}/{id}?properties=...&idProperty=... */
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
	return perItem(this, op, async (i) => {
		const properties = this.getNodeParameter('properties', i, []) as string[];
		const idProperty = String(this.getNodeParameter('idProperty', i, '') ?? '');
		const record = await op.connector.get(op.objectType, recordIdOf(this, i), properties, idProperty || undefined);
		return [recordJson(op, record)];
	});
}
