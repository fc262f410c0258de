import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { fieldReader, type OperationContext } from '../context';
import { batchWrite } from './batchWrite';

/** POST /services/data/vXX.X/composite/sobjects, up to 200 records per call. */
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
	const reader = await fieldReader(this, op, 'create');
	return batchWrite(
		this,
		op,
		(i) => reader.read(i).fields,
		(values) => op.connector.createMany(op.objectType, values),
	);
}
