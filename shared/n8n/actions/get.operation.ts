import type { IExecuteFunctions, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';
import type { CrmConnector } from '../../types';
import { perItem } from '../items';
import { recordIdOf } from '../parameters';
import { recordOutput } from './output';
import type { ActionContext } from './types';

/** The operation's entry in the Operation list; the CRM says how it does it (e.g. "in batches of up to 100"). */
export const option = (description: string): INodePropertyOptions => ({ name: 'Get', value: 'get', description, action: 'Get a record' });

/** Gets the record of each item: by id, or by the CRM's unique-field lookup. */
export async function execute<C extends CrmConnector>(this: IExecuteFunctions, op: ActionContext<C>): Promise<INodeExecutionData[]> {
	return await perItem(this, op, async (i) => [recordOutput(op, await op.crm.get(this, op, recordIdOf(this, i), i))]);
}
