import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import type { ActionContext } from '../../../../shared/n8n/actions';
import { perItem } from '../../../../shared/n8n/items';
import { recordIdOf } from '../../../../shared/n8n/parameters';
import type { HubSpotConnector } from '../../connector/HubSpotConnector';

/** Associate's entry in the Operation list. */
export const option: INodePropertyOptions = { name: 'Associate', value: 'associate', description: 'Link a record to another record', action: 'Associate a record' };

/** Associate's own parameters (the record is the shared Record locator). */
export const description: INodeProperties[] = [
	{
		displayName: 'To Object Type',
		name: 'toObjectType',
		type: 'options',
		options: [
			{ name: 'Company', value: 'companies' },
			{ name: 'Contact', value: 'contacts' },
			{ name: 'Deal', value: 'deals' },
			{ name: 'Meeting', value: 'meetings' },
			{ name: 'Note', value: 'notes' },
			{ name: 'Task', value: 'tasks' },
		],
		default: 'companies',
		displayOptions: { show: { operation: ['associate'] } },
	},
	{
		displayName: 'To Record ID',
		name: 'toRecordId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1234',
		displayOptions: { show: { operation: ['associate'] } },
	},
];

/** PUT /crm/v4/objects/{from}/{fromId}/associations/default/{to}/{toId}: HubSpot's default (unlabelled) association. */
export async function execute(this: IExecuteFunctions, op: ActionContext<HubSpotConnector>): Promise<INodeExecutionData[]> {
	return await perItem(this, op, async (i) => {
		const fromId = recordIdOf(this, i);
		const toObjectType = this.getNodeParameter('toObjectType', i) as string;
		const toId = String(this.getNodeParameter('toRecordId', i)).trim();
		const result = await op.connector.associate(op.objectType, fromId, toObjectType, toId, i);
		return [{ fromObjectType: op.objectType, fromId, toObjectType, toId, associated: true, result }];
	});
}
