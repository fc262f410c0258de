import type { IExecuteFunctions, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';
import type { CrmConnector } from '../../types';
import { recordIdOf } from '../parameters';
import type { ActionContext } from './types';
import { fieldReader, writeRecords } from './write';

/** The operation's entry in the Operation list; the CRM says how it does it (e.g. "in batches of up to 100"). */
export const option = (description: string): INodePropertyOptions => ({ name: 'Update', value: 'update', description, action: 'Update a record' });

/** Updates the record of each item (from Record, or the field reader's match, e.g. Salesforce's mapped Id) in batches. */
export async function execute<C extends CrmConnector>(this: IExecuteFunctions, op: ActionContext<C>): Promise<INodeExecutionData[]> {
	const reader = await fieldReader(this, op, 'update');
	return await writeRecords(
		this,
		op,
		(i) => {
			if (!reader.matchField) return { id: recordIdOf(this, i), properties: reader.read(i).fields };
			const { fields, match } = reader.read(i);
			return { id: match ?? recordIdOf(this, i), properties: fields };
		},
		(values) => op.connector.updateMany(op.objectType, values),
	);
}
