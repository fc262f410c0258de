import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { recordIdOf, type OperationContext } from '../context';
import { batchWrite } from './batchWrite';

/**
 * DELETE /services/data/vXX.X/composite/sobjects?ids=..., up to 200 ids per
 * call (records go to the recycle bin); from the Bulk API threshold on, one
 * Bulk API 2.0 delete job, its results matched back to items by record Id.
 */
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
	return batchWrite(
		this,
		{ ...op, output: 'raw' },
		(i) => recordIdOf(this, i),
		(ids) => op.connector.deleteMany(op.objectType, ids),
		() => ({ deleted: true }),
		(ids) => op.connector.bulkDelete(op.objectType, ids),
	);
}
