import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { runPool } from '../../../../shared/batching/pool';
import { recordJson, type OperationContext } from '../context';
import { perItem } from '../../../../shared/n8n/items';
import { readLimit } from '../../../../shared/n8n/options';

/**
 * GET /api/v2/{entity}/search?term=&fields=&exact_match= with cursor paging.
 * Search hits are partial records; Simplified output reads each hit in full
 * (one GET per hit, several in flight), Raw output returns the hits as they are.
 */
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
	return await perItem(this, op, async (i) => {
		const term = String(this.getNodeParameter('term', i, '') ?? '').trim();
		const exactMatch = this.getNodeParameter('exactMatch', i, false) as boolean;
		if (term.length < (exactMatch ? 1 : 2)) {
			throw new NodeOperationError(this.getNode(), `Item ${i}: field "Search Term" needs at least ${exactMatch ? 1 : 2} characters`, { itemIndex: i });
		}
		const limit = readLimit(this, i);
		const fields = String(this.getNodeParameter('searchFields', i, '') ?? '').replace(/\s+/g, '');
		const hits: IDataObject[] = [];
		for await (const hit of op.connector.search(op.objectType, { term, fields: fields || undefined, exactMatch, itemIndex: i }, { limit })) hits.push(hit);
		if (op.output === 'raw') return hits;
		const records = await runPool(hits, op.connector.settings.concurrency, (hit) => op.connector.get(op.objectType, String(hit.id), undefined, i));
		return records.map((record) => recordJson(op, record));
	});
}
