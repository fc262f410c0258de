import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import type { ActionContext } from '../../../../shared/n8n/actions';
import { perItem } from '../../../../shared/n8n/items';
import { recordIdOf } from '../../../../shared/n8n/parameters';
import type { ZohoConnector } from '../../connector/ZohoConnector';

export const option: INodePropertyOptions = { name: 'Convert', value: 'convert', description: 'Convert the lead into a contact, an account and a deal', action: 'Convert a lead' };

export const description: INodeProperties[] = [
	{
		displayName: 'Convert Options',
		name: 'convertOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: ['convert'] } },
		options: [
			{ displayName: 'Deal Name', name: 'dealName', type: 'string', default: '', description: 'Also create a deal with this name (Deal Stage needed too)' },
			{ displayName: 'Deal Stage', name: 'dealStage', type: 'string', default: '', placeholder: 'e.g. Qualification' },
			{ displayName: 'Existing Account ID', name: 'accountId', type: 'string', default: '', description: 'Attach the contact to this account instead of one made from the lead' },
			{ displayName: 'Notify Lead Owner', name: 'notifyLeadOwner', type: 'boolean', default: false },
			{ displayName: 'Overwrite', name: 'overwrite', type: 'boolean', default: false, description: 'Whether to overwrite the fields of an existing account or contact with the lead\'s' },
		],
	},
];

/** `POST /crm/v8/Leads/{id}/actions/convert` (crm-oas convert_lead.json; 5 credits): the ids of what it made. */
export async function execute(this: IExecuteFunctions, op: ActionContext<ZohoConnector>): Promise<INodeExecutionData[]> {
	return await perItem(this, op, async (i) => {
		const id = recordIdOf(this, i);
		const o = this.getNodeParameter('convertOptions', i, {}) as IDataObject;
		const body: IDataObject = {};
		if (o.overwrite) body.overwrite = true;
		if (o.notifyLeadOwner) body.notify_lead_owner = true;
		if (o.accountId) body.Accounts = { id: String(o.accountId) };
		if (o.dealName) body.Deals = { Deal_Name: String(o.dealName), Stage: String(o.dealStage ?? '') };
		return [await op.connector.convertLead(id, body, i)];
	});
}
