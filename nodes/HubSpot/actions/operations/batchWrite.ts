import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { writeItems, type WrittenOutcome } from '../../../../shared/n8n/items';
import type { RecordOutcome } from '../../../../shared/types';
import { recordJson, type OperationContext } from '../context';
import { explainHubSpotFailure } from '../failures';

/**
 * Writes the items in batches of the connector's maximum; a bad item fails alone
 * under Continue On Fail, and each result goes back to its item.
 */
export function batchWrite<T>(
	ctx: IExecuteFunctions,
	op: OperationContext,
	read: (itemIndex: number) => T,
	send: (values: T[]) => Promise<RecordOutcome[]>,
	extra: (outcome: WrittenOutcome) => IDataObject = () => ({}),
): Promise<INodeExecutionData[]> {
	return writeItems(
		ctx,
		{
			items: op.items,
			vendorName: 'HubSpot',
			batchSize: op.connector.maxBatchSize,
			send,
			json: (outcome) => ({ ...recordJson(op, outcome.record), ...extra(outcome) }),
			explain: explainHubSpotFailure,
		},
		read,
	);
}
