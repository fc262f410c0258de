import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { writeItems, type WrittenOutcome } from '../../../../shared/n8n/items';
import type { RecordOutcome } from '../../../../shared/types';
import { recordJson, type OperationContext } from '../context';

/**
 * Writes the items in sObject Collections calls of up to 200, or, when given a
 * `bulk` sender and there are enough of them, all at once through Bulk API
 * 2.0; a bad item fails alone under Continue On Fail, and each result goes
 * back to its item.
 */
export function batchWrite<T>(
	ctx: IExecuteFunctions,
	op: OperationContext,
	read: (itemIndex: number) => T,
	send: (values: T[]) => Promise<RecordOutcome[]>,
	extra: (outcome: WrittenOutcome) => IDataObject = () => ({}),
	bulk?: (values: T[]) => Promise<RecordOutcome[]>,
): Promise<INodeExecutionData[]> {
	return writeItems(
		ctx,
		{
			items: op.items,
			vendorName: 'Salesforce',
			batchSize: op.connector.maxBatchSize,
			send,
			json: (outcome) => ({ ...recordJson(op, outcome.record), ...extra(outcome) }),
			bulk: bulk && { use: (count) => op.connector.useBulk(count), send: bulk },
		},
		read,
	);
}
