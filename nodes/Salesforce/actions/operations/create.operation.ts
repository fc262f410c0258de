import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { itemFields, type OperationContext } from '../context';
import { batchWrite } from './batchWrite';

/** POST /services/data/vXX.X/composite/sobjects, up to 200 records per call. */
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
	return batchWrite(
		this,
		op,
		(i) => itemFields(this, op, i, false),
		(values) => op.connector.createMany(op.objectType, values),
	);
}
