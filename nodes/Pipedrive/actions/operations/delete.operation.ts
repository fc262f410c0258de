import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { recordIdOf, type OperationContext } from '../context';
import { writeMany } from './writeMany';

/** DELETE /api/v2/{entity}/{id} (v1 for leads and notes), one call per item. */
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
	return await writeMany(
		this,
		{ ...op, output: 'raw' },
		(i) => recordIdOf(this, i),
		(ids) => op.connector.deleteMany(op.objectType, ids),
		() => ({ deleted: true }),
	);
}
