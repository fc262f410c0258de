import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { recordJson, type OperationContext } from '../context';
import { perItem } from '../../../../shared/n8n/items';
import { readLimit } from '../../../../shared/n8n/options';

/**
 * GET /api/v2/{entity}?limit=500&cursor=... following `additional_data.next_cursor`
 * (v1 for leads and notes: start/limit). A limit stops without fetching pages it does not need.
 */
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
	return await perItem(this, op, async (i) => {
		const limit = readLimit(this, i);
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const qs: IDataObject = {};
		if (filters.ownerId) qs[op.spec.version === 2 ? 'owner_id' : 'user_id'] = Number(filters.ownerId);
		if (filters.updatedSince) {
			if (op.spec.version !== 2) {
				throw new NodeOperationError(this.getNode(), `Item ${i}: field "Updated Since" is not available for ${op.spec.singular} records`, { itemIndex: i });
			}
			const ms = Date.parse(String(filters.updatedSince));
			if (!Number.isFinite(ms)) throw new NodeOperationError(this.getNode(), `Item ${i}: field "Updated Since" is not a date-time`, { itemIndex: i });
			qs.updated_since = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
		}
		const out: IDataObject[] = [];
		for await (const record of op.connector.list(op.objectType, { limit, filters: qs })) out.push(recordJson(op, record));
		return out;
	});
}
