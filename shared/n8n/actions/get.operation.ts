import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { CrmConnector } from '../../types';
import { perItem } from '../items';
import { recordIdOf } from '../parameters';
import { recordOutput } from './output';
import type { ActionContext } from './types';

/** Gets the record of each item: by id, or by the CRM's unique-field lookup. */
export async function execute<C extends CrmConnector>(this: IExecuteFunctions, op: ActionContext<C>): Promise<INodeExecutionData[]> {
	return await perItem(this, op, async (i) => [recordOutput(op, await op.crm.get(this, op, recordIdOf(this, i), i))]);
}
