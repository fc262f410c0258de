import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { itemFields, type OperationContext } from '../context';
import { batchWrite } from './batchWrite';

/**
 * PATCH /services/data/vXX.X/composite/sobjects/{sObject}/{externalIdField},
 * up to 200 records per call. Items naming the same external id value are
 * merged into one record (later items' values win) so one call never carries
 * a value twice, and each of them receives the result.
 */
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
	const field = String(this.getNodeParameter('externalIdField', 0, '') ?? '').trim();
	const read = (i: number) => {
		if (!field) throw new NodeOperationError(this.getNode(), `Item ${i}: field "External ID Field" is empty`, { itemIndex: i });
		if (String(this.getNodeParameter('externalIdField', i, '')).trim() !== field) {
			throw new NodeOperationError(this.getNode(), `Item ${i}: field "External ID Field" must be the same for every item`, { itemIndex: i });
		}
		const id = String(this.getNodeParameter('externalIdValue', i, '') ?? '').trim();
		if (!id) throw new NodeOperationError(this.getNode(), `Item ${i}: field "External ID Value" is empty`, { itemIndex: i });
		const properties = itemFields(this, op, i, true);
		delete properties[field];
		return { id, properties };
	};
	return batchWrite(
		this,
		op,
		read,
		async (values) => {
			const firstIndex = new Map<string, number>();
			const merged: typeof values = [];
			const slot: number[] = [];
			for (const value of values) {
				const known = firstIndex.get(value.id);
				if (known === undefined) {
					firstIndex.set(value.id, merged.length);
					slot.push(merged.length);
					merged.push({ id: value.id, properties: { ...value.properties } });
				} else {
					Object.assign(merged[known].properties, value.properties);
					slot.push(known);
				}
			}
			const outcomes = await op.connector.upsertMany(op.objectType, field, merged);
			return slot.map((s, index) => ({ ...outcomes[s], index }));
		},
		(outcome) => (outcome.created === undefined ? {} : { created: outcome.created }),
	);
}
