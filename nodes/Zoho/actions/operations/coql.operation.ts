import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import type { ActionContext } from '../../../../shared/n8n/actions';
import { recordOutput } from '../../../../shared/n8n/actions';
import { perItem } from '../../../../shared/n8n/items';
import { readLimit } from '../../../../shared/n8n/options';
import type { ZohoConnector } from '../../connector/ZohoConnector';
import { toRecord } from '../../connector/records';
import { readFieldsOf } from '../readFields';

export const option: INodePropertyOptions = {
	name: 'Query (COQL)',
	value: 'coql',
	description: 'Records matching a COQL WHERE clause, any number of them',
	action: 'Query records with COQL',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Where',
		name: 'coqlWhere',
		type: 'string',
		default: '',
		placeholder: "e.g. Lead_Source = 'Web Download' and Created_Time between '2026-01-01T00:00:00+00:00' and '2026-02-01T00:00:00+00:00'",
		description: 'COQL conditions (=, !=, &lt;, &gt;, in, not in, between, like, is null), at most 25 of them; empty: every record. Values in single quotes.',
		displayOptions: { show: { operation: ['coql'] } },
	},
];

/**
 * `POST /crm/v8/coql`, `select <fields> from <module> where … order by id`: pages of
 * 2,000 by LIMIT/OFFSET within the first 100,000 rows, then a keyset on id
 * (Zoho's COQL limits), so "Return All" reaches every row.
 */
export async function execute(this: IExecuteFunctions, op: ActionContext<ZohoConnector>): Promise<INodeExecutionData[]> {
	return await perItem(this, op, async (i) => {
		const where = String(this.getNodeParameter('coqlWhere', i, '') ?? '').trim();
		if (/;/.test(where)) throw new NodeOperationError(this.getNode(), `Item ${i}: field "Where" holds a ";": one COQL condition list only`, { itemIndex: i });
		const fields = (await readFieldsOf(this, op.connector, op.objectType, i)) ?? op.connector.defaultFields(op.objectType);
		const out = [];
		for await (const row of op.connector.coqlAll(op.objectType, fields, where || undefined, { limit: readLimit(this, i), itemIndex: i })) {
			out.push(recordOutput(op, toRecord(op.objectType, row)));
		}
		return out;
	});
}
