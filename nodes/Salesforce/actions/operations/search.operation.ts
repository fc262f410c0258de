import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { recordJson, type OperationContext } from '../context';
import { perItem } from '../../../../shared/n8n/items';
import { readLimit } from '../../../../shared/n8n/options';

/**
 * SOSL: GET /search?q=FIND {term} IN ALL FIELDS RETURNING sObject(fields LIMIT n).
 * Chosen over SOQL LIKE because it searches every text field through
 * Salesforce's search index (names, emails, phones) the way the app's global
 * search does; it returns at most 2,000 records and no further pages.
 */
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
	return perItem(this, op, async (i) => {
		const term = String(this.getNodeParameter('searchTerm', i, '') ?? '').trim();
		if (term.length < 2) throw new NodeOperationError(this.getNode(), `Item ${i}: field "Search Term" needs at least two characters`, { itemIndex: i });
		const properties = this.getNodeParameter('fields', i, []) as string[];
		const records = await op.connector.search(op.objectType, term, { properties, limit: readLimit(this, i) });
		return records.map((record) => recordJson(op, record));
	});
}
