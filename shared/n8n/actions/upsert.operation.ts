import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';
import type { CrmConnector } from '../../types';
import { itemParameter } from '../itemParameter';
import { mergingDuplicateKeys } from './keys';
import type { ActionContext } from './types';
import { fieldReader, writeRecords } from './write';

/** The operation's entry in the Operation list (the same wording for every CRM). */
export const option: INodePropertyOptions = {
	name: 'Create or Update',
	value: 'upsert',
	description: 'Create a new record, or update the current one if it already exists (upsert)',
	action: 'Create or update a record',
};

/**
 * Creates or updates by a key: the CRM's key field and value parameters (or
 * the field reader's match column), the same key field for every item. Items
 * naming the same key value are merged into one input (later items' values
 * win) and each of them receives the resulting record; with a bulk sender and
 * enough items, all go out as one bulk job.
 */
export async function execute<C extends CrmConnector>(this: IExecuteFunctions, op: ActionContext<C>): Promise<INodeExecutionData[]> {
	const reader = await fieldReader(this, op, 'upsert');
	const key = op.crm.upsertKey;
	const keyField = (i: number) => String(itemParameter(this, key.field.parameter, i, key.field.default ?? '') ?? '').trim();
	const field = reader.matchField ?? keyField(0);
	const fail = (i: number, message: string) => new NodeOperationError(this.getNode(), `Item ${i}: ${message}`, { itemIndex: i });
	const read = (i: number) => {
		if (reader.matchField) {
			const { fields, match } = reader.read(i);
			return { id: key.place(fields, field, match as string), properties: fields };
		}
		if (!field) throw fail(i, `field "${key.field.label}" is empty`);
		if (keyField(i) !== field) throw fail(i, `field "${key.field.label}" must be the same for every item`);
		const value = String(itemParameter(this, key.value.parameter, i, '') ?? '').trim();
		if (!value) throw fail(i, `field "${key.value.label}" is empty`);
		const { fields } = reader.read(i);
		return { id: key.place(fields, field, value), properties: fields };
	};
	const bulk = op.crm.bulk?.(op);
	const bulkUpsert = bulk?.upsert;
	return await writeRecords(
		this,
		op,
		read,
		mergingDuplicateKeys((inputs) => op.connector.upsertMany(op.objectType, field, inputs), key.keyOf),
		{
			extra: (outcome) => (outcome.created === undefined ? {} : { created: outcome.created }),
			bulk: bulk && bulkUpsert && { use: bulk.use, send: mergingDuplicateKeys((inputs) => bulkUpsert(op.objectType, field, inputs), key.keyOf) },
		},
	);
}
