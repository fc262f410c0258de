import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import type { ActionContext } from '../../../../shared/n8n/actions';
import type { CrmRecord } from '../../../../shared/types';
import type { SalesforceConnector } from '../../connector/SalesforceConnector';
import { perItem } from '../../../../shared/n8n/items';
import { readLimit } from '../../../../shared/n8n/options';

/** Query's entry in the Operation list. */
export const option: INodePropertyOptions = { name: 'Query (SOQL)', value: 'query', description: 'Run a SOQL query, following every batch', action: 'Run a SOQL query' };

/** The query; Return All and Limit are the shared list parameters. */
export const description: INodeProperties[] = [
	{
		displayName: 'SOQL Query',
		name: 'soql',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		placeholder: "e.g. SELECT Id, Name FROM Account WHERE Industry = 'Banking'",
		description: 'Every batch is followed (nextRecordsUrl) until the query is done or the limit below is reached',
		displayOptions: { show: { operation: ['query'] } },
	},
];

/** Salesforce fields without the JSON `attributes` envelope. */
function plainFields(record: CrmRecord): IDataObject {
	const out: IDataObject = { id: record.id };
	for (const [key, value] of Object.entries(record.raw)) if (key !== 'attributes') out[key] = value;
	return out;
}

/**
 * GET /query?q=SOQL, then every `nextRecordsUrl` until `done` (or the limit).
 * A query may select any object and relationship fields, so records are
 * returned as Salesforce's fields (Simplified drops the `attributes` envelope).
 */
export async function execute(this: IExecuteFunctions, op: ActionContext<SalesforceConnector>): Promise<INodeExecutionData[]> {
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
