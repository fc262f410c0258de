import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { itemProperties, recordIdOf, type OperationContext } from '../context';
import { writeMany } from './writeMany';

/** PATCH /api/v2/{entity}/{id} (v1: PATCH leads, PUT notes), one call per item. */
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
	return await writeMany(
		this,
		op,
		(i) => ({ id: recordIdOf(this, i), properties: itemProperties(this, op, i, true) }),
		(values) => op.connector.updateMany(op.objectType, values),
	);
}
