import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { parseCustomResource, type CustomResource } from '../connector/customResource';

const show = { show: { resource: ['customResource'] } };

/**
 * The custom resource's description, once per node (issue 13): where it lives,
 * how its records and pages are shaped and how it is updated. The paging styles
 * are shared/paging's; their parameter names default to the usual ones.
 */
export const customResourceProperties: INodeProperties[] = [
	{
		displayName: 'Path',
		name: 'customPath',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. /tickets',
		description: "The resource's collection below the API root (or a full URL on the API's host)",
		displayOptions: show,
	},
	{
		displayName: 'Item Path',
		name: 'customItemPath',
		type: 'string',
		default: '',
		// eslint-disable-next-line n8n-nodes-base/node-param-placeholder-miscased-id -- {id} is the path template's token, typed as is
		placeholder: 'e.g. /tickets/{id}',
		// eslint-disable-next-line n8n-nodes-base/node-param-description-miscased-id -- {id} is the path template's token, typed as is
		description: 'One record, with {id} where its ID goes; empty: the path followed by /{id}',
		displayOptions: show,
	},
	{ displayName: 'ID Field', name: 'customIdField', type: 'string', default: 'id', description: "The field holding a record's ID", displayOptions: show },
	{
		displayName: 'Updated-At Field',
		name: 'customUpdatedField',
		type: 'string',
		default: 'updated_at',
		description: 'The field holding when a record last changed (ISO 8601 or epoch seconds); what the CRM Sync node and change lists run on',
		displayOptions: show,
	},
	{
		displayName: 'Records Path',
		name: 'customRecordsPath',
		type: 'string',
		default: 'data',
		description: 'Where a list answer holds the records (dots for nesting, e.g. data.items); empty when the answer is the list itself',
		displayOptions: show,
	},
	{
		displayName: 'Record Path',
		name: 'customRecordPath',
		type: 'string',
		default: 'data',
		description: 'Where a single-record answer holds the record; empty when the answer is the record itself',
		displayOptions: show,
	},
	{
		displayName: 'Paging',
		name: 'customPaging',
		type: 'options',
		options: [
			{ name: 'Cursor in the Body', value: 'cursor', description: 'The answer names the next cursor (e.g. next_cursor); sent back as ?cursor=' },
			{ name: 'Link Header (RFC 8288)', value: 'linkHeader', description: 'The next page is the Link header\'s rel="next" URL' },
			{ name: 'Next URL in the Body', value: 'nextUrl', description: 'The answer holds the next page\'s full URL (e.g. links.next)' },
			{ name: 'Offset / Limit', value: 'offset', description: '?offset=&limit=; the last page is the short one' },
			{ name: 'Page Number', value: 'page', description: '?page=&per_page=; the last page is the short one' },
		],
		default: 'page',
		displayOptions: show,
	},
	{
		displayName: 'Update Method',
		name: 'customUpdateMethod',
		type: 'options',
		options: [
			{ name: 'PATCH (Changed Fields Only)', value: 'PATCH' },
			{ name: 'PUT (Whole Record: Read, Merged, Sent Back)', value: 'PUT' },
		],
		default: 'PATCH',
		displayOptions: show,
	},
	{
		displayName: 'More Description',
		name: 'customMore',
		type: 'collection',
		placeholder: 'Add Setting',
		default: {},
		displayOptions: show,
		options: [
			{ displayName: 'Body Key', name: 'bodyKey', type: 'string', default: '', description: 'Send a record wrapped under this key (e.g. ticket); empty: as it is' },
			{ displayName: 'Created-At Field', name: 'createdField', type: 'string', default: '' },
			{
				displayName: 'Field Map (JSON)',
				name: 'fieldMap',
				type: 'json',
				default: '{}',
				description: 'Neutral field → resource field, e.g. {"email": "email_address", "firstName": "given_name"}: Simplified output and the CRM Sync node read the resource through it',
			},
			{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. ticket', description: 'What a record is called in messages' },
			{
				displayName: 'Neutral Kind',
				name: 'kind',
				type: 'options',
				options: [
					{ name: 'Appointment', value: 'appointment' },
					{ name: 'Company', value: 'company' },
					{ name: 'Contact', value: 'contact' },
					{ name: 'Deal', value: 'deal' },
					{ name: 'Lead', value: 'lead' },
					{ name: 'None (Raw Fields)', value: '' },
					{ name: 'Note', value: 'note' },
					{ name: 'Task', value: 'task' },
				],
				default: '',
				description: 'The kind of record the Field Map maps to',
			},
			{ displayName: 'Next Path', name: 'nextPath', type: 'string', default: '', description: 'Cursor: where the answer holds the next cursor (default next_cursor); Next URL: the next URL (default links.next)' },
			{ displayName: 'Page Size', name: 'pageSize', type: 'number', typeOptions: { minValue: 1 }, default: 50, description: 'Records asked per page: the most the API serves' },
			{ displayName: 'Position Parameter', name: 'positionParam', type: 'string', default: '', description: 'The query parameter of the position: page, offset or cursor by default' },
			{ displayName: 'Size Parameter', name: 'sizeParam', type: 'string', default: '', description: 'The query parameter of the page size: per_page or limit by default' },
			{
				displayName: 'Updated Since Parameter',
				name: 'updatedSinceParam',
				type: 'string',
				default: '',
				placeholder: 'e.g. updated_since',
				description: 'The query parameter the API filters "changed since" by (an ISO time); empty: every record is read and filtered here',
			},
		],
	},
];

/** The custom resource as the node's parameters describe it; a bad description fails naming the field. */
export function readCustomResource(ctx: IExecuteFunctions, itemIndex = 0): CustomResource {
	const more = (ctx.getNodeParameter('customMore', itemIndex, {}) ?? {}) as IDataObject;
	const fieldMap = more.fieldMap;
	const emptyMap = fieldMap === undefined || fieldMap === '' || fieldMap === '{}' || (typeof fieldMap === 'object' && fieldMap !== null && !Object.keys(fieldMap).length);
	try {
		return parseCustomResource({
			...more,
			fieldMap: emptyMap ? undefined : fieldMap,
			path: ctx.getNodeParameter('customPath', itemIndex, '') as string,
			itemPath: ctx.getNodeParameter('customItemPath', itemIndex, '') as string,
			idField: ctx.getNodeParameter('customIdField', itemIndex, 'id') as string,
			updatedField: ctx.getNodeParameter('customUpdatedField', itemIndex, 'updated_at') as string,
			recordsPath: ctx.getNodeParameter('customRecordsPath', itemIndex, 'data') as string,
			recordPath: ctx.getNodeParameter('customRecordPath', itemIndex, 'data') as string,
			pagingStyle: ctx.getNodeParameter('customPaging', itemIndex, 'page') as string,
			updateMethod: ctx.getNodeParameter('customUpdateMethod', itemIndex, 'PATCH') as string,
		});
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${(error as Error).message}`, { itemIndex });
	}
}
