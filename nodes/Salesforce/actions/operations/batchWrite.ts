import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { outcomesToItems, runBatches, type BatchInput } from '../../../../shared/batching/batch';
import { itemError } from '../../../../shared/transport/errors';
import type { RecordOutcome } from '../../../../shared/types';
import { recordJson, type OperationContext } from '../context';

/**
 * Reads every item's input (a bad item fails alone under Continue On Fail),
 * sends the rest in sObject Collections calls of up to 200, or, when given a
 * `bulk` sender and there are enough of them, all at once through Bulk API
 * 2.0, and maps each result back to its item.
 */
export async function batchWrite<T>(
	ctx: IExecuteFunctions,
	op: OperationContext,
	read: (itemIndex: number) => T,
	send: (values: T[]) => Promise<RecordOutcome[]>,
	extra: (outcome: Extract<RecordOutcome, { ok: true }>) => IDataObject = () => ({}),
	bulk?: (values: T[]) => Promise<RecordOutcome[]>,
): Promise<INodeExecutionData[]> {
	const continueOnFail = ctx.continueOnFail();
	const inputs: Array<BatchInput<T>> = [];
	const rejected: INodeExecutionData[] = [];
	for (let i = 0; i < op.items.length; i++) {
		try {
			inputs.push({ itemIndex: i, value: read(i) });
		} catch (error) {
			if (!continueOnFail) throw itemError(ctx.getNode(), error, i);
			rejected.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
		}
	}
	const results =
		bulk && op.connector.useBulk(inputs.length)
			? await runBatches(inputs, inputs.length, bulk)
			: await runBatches(inputs, op.connector.maxBatchSize, send, (done, total) => {
					if (total > op.connector.maxBatchSize) ctx.sendMessageToUI(`Salesforce: ${done} of ${total} records written`);
				});
	const written = outcomesToItems(ctx.getNode(), results, continueOnFail, (outcome) => ({ ...recordJson(op, outcome.record), ...extra(outcome) }));
	return [...written, ...rejected].sort((a, b) => (a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item);
}
