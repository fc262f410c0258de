import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { itemProperties, recordIdOf, type OperationContext } from '../context';
import { batchWrite } from './batchWrite';

/** POST /crm/v3/objects/{objectType}/batch/update, up to 100 records per call. */
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
	return batchWrite(
		this,
		op,
		(i) => ({ id: recordIdOf(this, i), properties: itemProperties(this, op, i, true) }),
		(values) => op.connector.updateMany(op.objectType, values),
	);
}
