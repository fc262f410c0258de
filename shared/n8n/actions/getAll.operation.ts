import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';
import type { CrmConnector } from '../../types';
import { perItem } from '../items';
import { readLimit } from '../options';
import { recordOutput } from './output';
import type { ActionContext } from './types';

/** The operation's entry in the Operation list; the CRM says how it does it (e.g. "in batches of up to 100"). */
export const option = (description: string): INodePropertyOptions => ({ name: 'Get Many', value: 'getAll', description, action: 'Get many records' });

/** Lists records per item (the CRM's list parameters); a limit stops without fetching pages it does not need. */
export async function execute<C extends CrmConnector>(this: IExecuteFunctions, op: ActionContext<C>): Promise<INodeExecutionData[]> {
	return await perItem(this, op, async (i) => {
		const out: IDataObject[] = [];
		for await (const record of op.crm.list(this, op, i, readLimit(this, i))) out.push(recordOutput(op, record));
		return out;
	});
}
