import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { recordIdOf, recordJson, type OperationContext } from '../context';
import { perItem } from '../../../../shared/n8n/items';

/** GET /sobjects/{sObject}/{id}?fields=..., or /sobjects/{sObject}/{externalIdField}/{value}. */
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
	return perItem(this, op, async (i) => {
		const fields = this.getNodeParameter('fields', i, []) as string[];
		const idField = String(this.getNodeParameter('idField', i, '') ?? '');
		const record = await op.connector.get(op.objectType, recordIdOf(this, i), fields, idField || undefined, i);
		return [recordJson(op, record)];
	});
}
