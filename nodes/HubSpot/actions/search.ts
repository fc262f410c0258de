import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { recordOutput, type ActionContext } from '../../../shared/n8n/actions';
import type { HubSpotConnector } from '../connector/HubSpotConnector';

/** Filter Groups: one JSON array of HubSpot filters per group (groups are OR, filters in a group AND). */
function filterGroups(ctx: IExecuteFunctions, i: number): Array<{ filters: IDataObject[] }> {
	const groups = ctx.getNodeParameter('filterGroupsUi.group', i, []) as Array<{ filtersJson: unknown }>;
	return groups.map((g, n) => {
		let filters = g.filtersJson;
		if (typeof filters === 'string') {
			try {
				filters = JSON.parse(filters);
			} catch {
				throw new NodeOperationError(ctx.getNode(), `Item ${i}: field "Filter Groups" group ${n + 1} is not valid JSON`, { itemIndex: i });
			}
		}
		if (!Array.isArray(filters)) {
			throw new NodeOperationError(ctx.getNode(), `Item ${i}: field "Filter Groups" group ${n + 1} must be a JSON array of filters`, {
				itemIndex: i,
			});
		}
		return { filters: filters as IDataObject[] };
	});
}

/**
 * POST /crm/v3/objects/{objectType}/search, 200 per page. Past HubSpot's
 * 10,000-result cap the connector re-queries from the last sort value seen.
 */
export async function searchHubSpot(
	ctx: IExecuteFunctions,
	op: ActionContext<HubSpotConnector>,
	i: number,
	limit: number | undefined,
): Promise<IDataObject[]> {
	const properties = ctx.getNodeParameter('properties', i, []) as string[];
	const sortProperty = String(ctx.getNodeParameter('sortProperty', i, 'hs_object_id') || 'hs_object_id');
	const direction = ctx.getNodeParameter('sortDirection', i, 'ASCENDING') as 'ASCENDING' | 'DESCENDING';
	const query = String(ctx.getNodeParameter('query', i, '') ?? '');
	const out: IDataObject[] = [];
	const search = op.connector.search(
		op.objectType,
		{
			filterGroups: filterGroups(ctx, i),
			sorts: [{ propertyName: sortProperty, direction }],
			properties: properties.length ? properties : undefined,
			query: query || undefined,
		},
		{ limit },
	);
	for await (const record of search) out.push(recordOutput(op, record));
	return out;
}
