import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { recordJson, type OperationContext } from '../context';
import { perItem } from '../../../../shared/n8n/items';
import { readLimit } from '../../../../shared/n8n/options';

/** SOQL `SELECT fields FROM sObject ORDER BY Id [LIMIT n]`, following nextRecordsUrl. */
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
	return perItem(this, op, async (i) => {
		const properties = this.getNodeParameter('fields', i, []) as string[];
		const out: IDataObject[] = [];
		for await (const record of op.connector.list(op.objectType, { limit: readLimit(this, i), properties })) out.push(recordJson(op, record));
		return out;
	});
}
