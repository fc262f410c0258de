import type { IExecuteFunctions, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';
import { createResolvingUnknown } from '../../batching/unknownOutcome';
import type { CrmConnector } from '../../types';
import type { ActionContext } from './types';
import { fieldReader, writeRecords } from './write';

/** The operation's entry in the Operation list; the CRM says how it does it (e.g. "in batches of up to 100"). */
export const option = (description: string): INodePropertyOptions => ({ name: 'Create', value: 'create', description, action: 'Create a record' });

/** Creates a record per item through the connector's batch create (as many per call as the vendor takes). */
export async function execute<C extends CrmConnector>(this: IExecuteFunctions, op: ActionContext<C>): Promise<INodeExecutionData[]> {
	const reader = await fieldReader(this, op, 'create');
	return await writeRecords(
		this,
		op,
		(i) => {
			const { fields } = reader.read(i);
			op.crm.createDefaults?.(op, fields);
			return fields;
		},
		// A create whose answer was lost is read back, never reported failed when it was applied.
		(values) => createResolvingUnknown(op.connector, op.objectType, values),
	);
}
