import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { writeItems, type WrittenOutcome } from '../items';
import { readWriteFields } from '../writeFields';
import type { CrmConnector, NeutralType, RecordOutcome } from '../../types';
import { recordOutput } from './output';
import type { ActionContext, FieldPipeline, FieldReader, WriteOperation } from './types';

/**
 * Writes the items in batches of the connector's maximum (or all at once
 * through `bulk`); a bad item fails alone under Continue On Fail, and each
 * result goes back to its item with the CRM's record output.
 */
export function writeRecords<C extends CrmConnector, T>(
	ctx: IExecuteFunctions,
	op: ActionContext<C>,
	read: (itemIndex: number) => T,
	send: (values: T[]) => Promise<RecordOutcome[]>,
	options: { extra?: (outcome: WrittenOutcome) => IDataObject; bulk?: { use: (count: number) => boolean; send: (values: T[]) => Promise<RecordOutcome[]> } } = {},
): Promise<INodeExecutionData[]> {
	const extra = options.extra ?? (() => ({}));
	return writeItems(
		ctx,
		{
			items: op.items,
			vendorName: op.crm.vendorName,
			batchSize: op.connector.maxBatchSize,
			send,
			json: (outcome) => ({ ...recordOutput(op, outcome.record), ...extra(outcome) }),
			bulk: options.bulk,
			explain: op.crm.explain,
		},
		read,
	);
}

/** The write-field pipeline with the CRM's parameters, or the CRM's own reader (Salesforce's mapper) in its place. */
export async function fieldReader<C extends CrmConnector>(ctx: IExecuteFunctions, op: ActionContext<C>, operation: WriteOperation): Promise<FieldReader> {
	const spec = op.crm.writeFields(op);
	const input = { neutralType: op.neutralType, fromNeutral: (type: NeutralType, neutral: IDataObject) => op.connector.fromNeutral(type, neutral) };
	const pipeline: FieldPipeline = (itemIndex, own) => readWriteFields(ctx, spec, { ...input, partial: operation !== 'create', own }, itemIndex);
	const own = await op.crm.fieldReader?.(ctx, op, operation, pipeline);
	return own ?? { read: (itemIndex) => ({ fields: pipeline(itemIndex) }) };
}
