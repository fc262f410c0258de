import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { outcomesToItems, runBatches, type BatchInput, type ExplainFailure } from '../batching/batch';
import { itemError } from '../transport/errors';
import type { RecordOutcome } from '../types';

/** Runs a read per item; under Continue On Fail a failed item becomes an error item and the rest go on. */
export async function perItem(
	ctx: IExecuteFunctions,
	op: { items: INodeExecutionData[] },
	run: (itemIndex: number) => Promise<IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < op.items.length; i++) {
		try {
			for (const json of await run(i)) out.push({ json, pairedItem: { item: i } });
		} catch (error) {
			if (ctx.continueOnFail()) {
				out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
				continue;
			}
			throw itemError(ctx.getNode(), error, i);
		}
	}
	return out;
}

export type WrittenOutcome = Extract<RecordOutcome, { ok: true }>;

export interface WriteItemsPlan<T> {
	items: INodeExecutionData[];
	/** Shown in progress messages: "<vendor>: 300 of 1000 records written". */
	vendorName: string;
	/** Most records per `send` call. */
	batchSize: number;
	send: (values: T[]) => Promise<RecordOutcome[]>;
	/** The output item of a written record. */
	json: (outcome: WrittenOutcome) => IDataObject;
	/** A sender for all records at once (e.g. an asynchronous bulk job), used when `use` says so for the count. */
	bulk?: { use: (count: number) => boolean; send: (values: T[]) => Promise<RecordOutcome[]> };
	/** The vendor's per-field reasons for a failed record, read out of its error. */
	explain?: ExplainFailure;
}

/**
 * Reads every item's input (a bad item fails alone under Continue On Fail),
 * sends the rest in batches, and maps each result back to its item, in item order.
 */
export async function writeItems<T>(
	ctx: IExecuteFunctions,
	plan: WriteItemsPlan<T>,
	read: (itemIndex: number) => T,
): Promise<INodeExecutionData[]> {
	const continueOnFail = ctx.continueOnFail();
	const inputs: Array<BatchInput<T>> = [];
	const rejected: INodeExecutionData[] = [];
	for (let i = 0; i < plan.items.length; i++) {
		try {
			inputs.push({ itemIndex: i, value: read(i) });
		} catch (error) {
			if (!continueOnFail) throw itemError(ctx.getNode(), error, i);
			rejected.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
		}
	}
	const results =
		plan.bulk && plan.bulk.use(inputs.length)
			? await runBatches(inputs, inputs.length, plan.bulk.send)
			: await runBatches(inputs, plan.batchSize, plan.send, (done, total) => {
					// Visible progress in the n8n editor's browser console for long runs.
					if (total > plan.batchSize) ctx.sendMessageToUI(`${plan.vendorName}: ${done} of ${total} records written`);
				});
	const written = outcomesToItems(ctx.getNode(), results, continueOnFail, plan.json, plan.explain);
	return [...written, ...rejected].sort((a, b) => (a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item);
}
