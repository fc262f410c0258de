import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { recordIdOf, type OperationContext } from '../context';
import { batchWrite } from './batchWrite';

/** POST /crm/v3/objects/{objectType}/batch/archive, up to 100 ids per call (HubSpot archives; it restores from the recycle bin for 90 days). */
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
	return batchWrite(
		this,
		{ ...op, output: 'raw' },
		(i) => recordIdOf(this, i),
		(ids) => op.connector.deleteMany(op.objectType, ids),
		() => ({ deleted: true }),
	);
}
