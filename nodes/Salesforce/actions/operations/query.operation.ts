import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { plainFields, type OperationContext } from '../context';
import { perItem } from '../../../../shared/n8n/items';
import { readLimit } from '../../../../shared/n8n/options';

/**
 * GET /query?q=SOQL, then every `nextRecordsUrl` until `done` (or the limit).
 * A query may select any object and relationship fields, so records are
 * returned as Salesforce's fields (Simplified drops the `attributes` envelope).
 */
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
	return perItem(this, op, async (i) => {
		const soql = String(this.getNodeParameter('soql', i, '') ?? '').trim();
		if (!soql) throw new NodeOperationError(this.getNode(), `Item ${i}: field "SOQL Query" is empty`, { itemIndex: i });
		const out: IDataObject[] = [];
		for await (const record of op.connector.query(soql, { limit: readLimit(this, i) })) {
			out.push(op.output === 'raw' ? record.raw : plainFields(record));
		}
		return out;
	});
}
