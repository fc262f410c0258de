import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { recordJson, type OperationContext } from '../context';
import { perItem } from '../../../../shared/n8n/items';
import { readLimit } from '../../../../shared/n8n/options';

/** GET /crm/v3/objects/{objectType} following `paging.next.after`; a limit stops without fetching pages it does not need. */
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
	return perItem(this, op, async (i) => {
		const limit = readLimit(this, i);
		const properties = this.getNodeParameter('properties', i, []) as string[];
		const archived = this.getNodeParameter('options.archived', i, false) as boolean;
		const out: IDataObject[] = [];
		for await (const record of op.connector.list(op.objectType, { limit, properties, archived })) out.push(recordJson(op, record));
		return out;
	});
}
