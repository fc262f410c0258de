import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { outcomesToItems, runBatches, type BatchInput } from '../../../../shared/batching/batch';
import { itemError } from '../../../../shared/transport/errors';
import { CONVERT_BATCH_SIZE, type LeadConvertInput } from '../../connector/convertLead';
import { recordIdOf, type OperationContext } from '../context';

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
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
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
