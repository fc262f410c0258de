import type { IExecuteFunctions, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';
import type { CrmConnector } from '../../types';
import { recordIdOf } from '../parameters';
import type { ActionContext } from './types';
import { writeRecords } from './write';

/** The operation's entry in the Operation list; the CRM says how it does it (e.g. "in batches of up to 100"). */
export const option = (description: string): INodePropertyOptions => ({ name: 'Delete', value: 'delete', description, action: 'Delete a record' });

/** Deletes (or archives, as the vendor does) the record of each item, in batches or one bulk job; outputs `{ id, deleted: true }`. */
export async function execute<C extends CrmConnector>(this: IExecuteFunctions, op: ActionContext<C>): Promise<INodeExecutionData[]> {
	const bulk = op.crm.bulk?.(op);
	const bulkDelete = bulk?.delete;
	return await writeRecords(
		this,
		{ ...op, output: 'raw' },
		(i) => recordIdOf(this, i),
		(ids) => op.connector.deleteMany(op.objectType, ids),
		{
			extra: () => ({ deleted: true }),
			bulk: bulk && bulkDelete && { use: bulk.use, send: (ids) => bulkDelete(op.objectType, ids) },
		},
	);
}
