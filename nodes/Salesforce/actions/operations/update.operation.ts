import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { itemFields, recordIdOf, type OperationContext } from '../context';
import { batchWrite } from './batchWrite';

/** PATCH /services/data/vXX.X/composite/sobjects with record ids, up to 200 records per call. */
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
	return batchWrite(
		this,
		op,
		(i) => ({ id: recordIdOf(this, i), properties: itemFields(this, op, i, true) }),
		(values) => op.connector.updateMany(op.objectType, values),
	);
}
