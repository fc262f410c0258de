import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { fieldReader, recordIdOf, type OperationContext } from '../context';
import { batchWrite } from './batchWrite';

/**
 * PATCH /services/data/vXX.X/composite/sobjects with record ids, up to 200
 * records per call. The id comes from Record, or in Map Each Field mode from
 * the mapper's Id.
 */
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
	const reader = await fieldReader(this, op, 'update');
	return batchWrite(
		this,
		op,
		(i) => {
			const { fields, match } = reader.read(i);
			return { id: match ?? recordIdOf(this, i), properties: fields };
		},
		(values) => op.connector.updateMany(op.objectType, values),
	);
}
