import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { outcomesToItems, runBatches, type BatchInput } from '../../../../shared/batching/batch';
import { itemError } from '../../../../shared/transport/errors';
import { CONVERT_BATCH_SIZE, type LeadConvertInput } from '../../connector/convertLead';
import type { ActionContext } from '../../../../shared/n8n/actions';
import { recordIdOf } from '../../../../shared/n8n/parameters';
import type { SalesforceConnector } from '../../connector/SalesforceConnector';

/** Convert's entry in the lead Operation list. */
export const option: INodePropertyOptions = {
	name: 'Convert',
	value: 'convert',
	description: 'Convert leads into an account, a contact and optionally an opportunity (SOAP API convertLead, 100 per call)',
	action: 'Convert a lead',
};

/** Convert's own parameters (the lead is the shared Record locator). */
export const description: INodeProperties[] = [
	{
		displayName: 'Converted Status Name or ID',
		name: 'convertedStatus',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getConvertedStatuses' },
		required: true,
		default: '',
		description:
			'The lead status the converted lead gets: one marked "Converted" in Setup (LeadStatus with IsConverted). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { resource: ['lead'], operation: ['convert'] } },
	},
	{
		displayName: 'Create Opportunity',
		name: 'createOpportunity',
		type: 'boolean',
		default: true,
		description: 'Whether to create an opportunity from the lead as well as the account and contact',
		displayOptions: { show: { resource: ['lead'], operation: ['convert'] } },
	},
	{
		displayName: 'Convert Options',
		name: 'convertOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['lead'], operation: ['convert'] } },
		options: [
			{
				displayName: 'Existing Account ID',
				name: 'accountId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 0015g00000AbCdEAAZ',
				description: 'Merge the lead into this account instead of creating one (only its empty fields are filled)',
			},
			{
				displayName: 'Existing Contact ID',
				name: 'contactId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 0035g00000XyZabAAB',
				description: 'Merge the lead into this contact of the account above instead of creating one',
			},
			{
				displayName: 'Opportunity Name',
				name: 'opportunityName',
				type: 'string',
				default: '',
				description: "Name of the new opportunity (Salesforce's default: the lead's company)",
			},
			{
				displayName: 'Overwrite Lead Source',
				name: 'overwriteLeadSource',
				type: 'boolean',
				default: false,
				description: "Whether to overwrite the Lead Source of an existing contact with the lead's (needs Existing Contact ID)",
			},
			{
				displayName: 'Owner Name or ID',
				name: 'ownerId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getUsers' },
				default: '',
				description:
					"Owner of the new account, contact and opportunity (default: the lead's owner). Choose from the list, or specify an ID using an <a href=\"https://docs.n8n.io/code/expressions/\">expression</a>.",
			},
			{
				displayName: 'Send Notification Email',
				name: 'sendNotificationEmail',
				type: 'boolean',
				default: false,
				description: 'Whether Salesforce emails the new owner about the conversion',
			},
		],
	},
];

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value).trim());

function readItem(ctx: IExecuteFunctions, itemIndex: number): LeadConvertInput {
	const convertedStatus = text(ctx.getNodeParameter('convertedStatus', itemIndex, ''));
	if (!convertedStatus) throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: field "Converted Status" is empty`, { itemIndex });
	const extra = ctx.getNodeParameter('convertOptions', itemIndex, {}) as IDataObject;
	const accountId = text(extra.accountId);
	const contactId = text(extra.contactId);
	if (contactId && !accountId) {
		// Salesforce merges into a contact only together with that contact's account.
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: field "Existing Contact ID" needs "Existing Account ID" too`, { itemIndex });
	}
	const createOpportunity = ctx.getNodeParameter('createOpportunity', itemIndex, true) as boolean;
	return {
		leadId: recordIdOf(ctx, itemIndex),
		convertedStatus,
		accountId: accountId || undefined,
		contactId: contactId || undefined,
		doNotCreateOpportunity: !createOpportunity,
		opportunityName: createOpportunity ? text(extra.opportunityName) || undefined : undefined,
		ownerId: text(extra.ownerId) || undefined,
		overwriteLeadSource: extra.overwriteLeadSource === true,
		sendNotificationEmail: extra.sendNotificationEmail === true,
	};
}

/**
 * Converts leads through the SOAP API's convertLead(), 100 per call. Each
 * item gets its LeadConvertResult (lead, account, contact and opportunity
 * ids) or, under Continue On Fail, its own error; a call Salesforce refuses
 * as a whole fails the items of that call only.
 */
export async function execute(this: IExecuteFunctions, op: ActionContext<SalesforceConnector>): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const inputs: Array<BatchInput<LeadConvertInput>> = [];
	const rejected: INodeExecutionData[] = [];
	for (let i = 0; i < op.items.length; i++) {
		try {
			inputs.push({ itemIndex: i, value: readItem(this, i) });
		} catch (error) {
			if (!continueOnFail) throw itemError(this.getNode(), error, i);
			rejected.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
		}
	}
	const results = await runBatches(inputs, CONVERT_BATCH_SIZE, (values) => op.connector.convertLeads(values), (done, total) => {
		if (total > CONVERT_BATCH_SIZE) this.sendMessageToUI(`Salesforce: ${done} of ${total} leads converted`);
	});
	const converted = outcomesToItems(this.getNode(), results, continueOnFail, (outcome) => ({ ...outcome.record.raw }));
	return [...converted, ...rejected].sort((a, b) => (a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item);
}
