import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { itemProperties, type OperationContext } from '../context';
import { batchWrite } from './batchWrite';

/** POST /crm/v3/objects/{objectType}/batch/create, up to 100 records per call. */
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
	return batchWrite(
		this,
		op,
		(i) => itemProperties(this, op, i, false),
		(values) => op.connector.createMany(op.objectType, values),
	);
}
