import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { parseJsonObject } from '../../../shared/n8n/parameters';

/**
 * The list filters of the standard API (GENERIC-API.md: any field filters, a
 * comma list meaning any of; `updated_since` for dates; `sort`). The common
 * ones by name, the rest as JSON.
 */
export const listFilterProperty = (operations: string[]): INodeProperties => ({
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	displayOptions: { show: { operation: operations, resource: ['activity', 'client', 'comment', 'contact', 'deal', 'project', 'task', 'user'] } },
	options: [
		{ displayName: 'Assignee ID', name: 'assignee_id', type: 'string', default: '', description: "Tasks: the assigned user's ID" },
		{ displayName: 'Client ID', name: 'client_id', type: 'string', default: '', description: "Projects, contacts, deals, activities: the client's ID" },
		{ displayName: 'More Filters (JSON)', name: 'more', type: 'json', default: '{}', description: 'Any other field by name, e.g. {"priority": "high,urgent"}' },
		{ displayName: 'Owner ID', name: 'owner_id', type: 'string', default: '', description: "The owning user's ID" },
		{ displayName: 'Project ID', name: 'project_id', type: 'string', default: '', description: 'Tasks: the project' },
		{ displayName: 'Sort', name: 'sort', type: 'string', default: '', placeholder: 'e.g. -updated_at', description: 'A field, ascending; with a leading - descending' },
		{ displayName: 'Status', name: 'status', type: 'string', default: '', placeholder: 'e.g. open,blocked', description: 'Projects and tasks: one status, or several separated by commas' },
		{ displayName: 'Updated Since', name: 'updated_since', type: 'dateTime', default: '', description: 'Records changed at or after this time' },
	],
});

/** The item's filters as query parameters. */
export function listFilters(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const raw = (ctx.getNodeParameter('filters', itemIndex, {}) ?? {}) as IDataObject;
	const out: IDataObject = { ...parseJsonObject(ctx, raw.more, itemIndex, 'More Filters (JSON)') };
	for (const [key, value] of Object.entries(raw)) {
		if (key === 'more' || value === '' || value === undefined || value === null) continue;
		if (key === 'updated_since') {
			const ms = Date.parse(String(value));
			if (!Number.isFinite(ms)) throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: field "Updated Since" is not a date-time`, { itemIndex });
			out.updated_since = new Date(ms).toISOString();
		} else {
			out[key] = String(value).trim();
		}
	}
	return out;
}
