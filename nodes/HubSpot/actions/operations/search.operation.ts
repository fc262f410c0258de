import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { recordJson, type OperationContext } from '../context';
import { perItem } from '../../../../shared/n8n/items';
import { readLimit } from '../../../../shared/n8n/options';

/**
 * POST /crm/v3/objects/{objectType}/search, 200 per page. Past HubSpot's
 * 10,000-result cap the connector re-queries from the last sort value seen.
 */
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
	return perItem(this, op, async (i) => {
		const limit = readLimit(this, i);
		const properties = this.getNodeParameter('properties', i, []) as string[];
		const groups = this.getNodeParameter('filterGroupsUi.group', i, []) as Array<{ filtersJson: unknown }>;
		const filterGroups = groups.map((g, n) => {
			let filters = g.filtersJson;
			if (typeof filters === 'string') {
				try {
					filters = JSON.parse(filters);
				} catch {
					throw new NodeOperationError(this.getNode(), `Item ${i}: field "Filter Groups" group ${n + 1} is not valid JSON`, { itemIndex: i });
				}
			}
			if (!Array.isArray(filters)) {
				throw new NodeOperationError(this.getNode(), `Item ${i}: field "Filter Groups" group ${n + 1} must be a JSON array of filters`, {
					itemIndex: i,
				});
			}
			return { filters: filters as IDataObject[] };
		});
		const sortProperty = String(this.getNodeParameter('sortProperty', i, 'hs_object_id') || 'hs_object_id');
		const direction = this.getNodeParameter('sortDirection', i, 'ASCENDING') as 'ASCENDING' | 'DESCENDING';
		const query = String(this.getNodeParameter('query', i, '') ?? '');
		const out: IDataObject[] = [];
		const search = op.connector.search(
			op.objectType,
			{
				filterGroups,
				sorts: [{ propertyName: sortProperty, direction }],
				properties: properties.length ? properties : undefined,
				query: query || undefined,
			},
			{ limit },
		);
		for await (const record of search) out.push(recordJson(op, record));
		return out;
	});
}
