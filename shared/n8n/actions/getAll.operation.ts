import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { CrmConnector } from '../../types';
import { perItem } from '../items';
import { readLimit } from '../options';
import { recordOutput } from './output';
import type { ActionContext } from './types';

/** Lists records per item (the CRM's list parameters); a limit stops without fetching pages it does not need. */
export async function execute<C extends CrmConnector>(this: IExecuteFunctions, op: ActionContext<C>): Promise<INodeExecutionData[]> {
	return await perItem(this, op, async (i) => {
		const out: IDataObject[] = [];
		for await (const record of op.crm.list(this, op, i, readLimit(this, i))) out.push(recordOutput(op, record));
		return out;
	});
}
