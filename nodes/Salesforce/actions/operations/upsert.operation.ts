import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { RecordOutcome } from '../../../../shared/types';
import { fieldReader, type OperationContext } from '../context';
import { batchWrite } from './batchWrite';

/**
 * PATCH /services/data/vXX.X/composite/sobjects/{sObject}/{externalIdField},
 * up to 200 records per call (the key: External ID Field and Value, or in Map
 * Each Field mode the mapper's match column and its value); from the Bulk API threshold on, one Bulk API 2.0
 * upsert job whose results are matched back to items by external id value.
 * Items naming the same external id value are merged into one record (later
 * items' values win) so one call or job never carries a value twice, and each
 * of them receives the result.
 */
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
	const reader = await fieldReader(this, op, 'upsert');
	// Map Each Field: the external id field is the mapper's match column, its value the item's mapped value.
	const field = reader.matchField ?? String(this.getNodeParameter('externalIdField', 0, '') ?? '').trim();
	const read = (i: number) => {
		if (reader.matchField) {
			const { fields, match } = reader.read(i);
			delete fields[field];
			return { id: match as string, properties: fields };
		}
		if (!field) throw new NodeOperationError(this.getNode(), `Item ${i}: field "External ID Field" is empty`, { itemIndex: i });
		if (String(this.getNodeParameter('externalIdField', i, '')).trim() !== field) {
			throw new NodeOperationError(this.getNode(), `Item ${i}: field "External ID Field" must be the same for every item`, { itemIndex: i });
		}
		const id = String(this.getNodeParameter('externalIdValue', i, '') ?? '').trim();
		if (!id) throw new NodeOperationError(this.getNode(), `Item ${i}: field "External ID Value" is empty`, { itemIndex: i });
		const properties = reader.read(i).fields;
		delete properties[field];
		return { id, properties };
	};
	const merged = (write: (inputs: UpsertInput[]) => Promise<RecordOutcome[]>) => async (values: UpsertInput[]) => {
		const firstIndex = new Map<string, number>();
		const unique: UpsertInput[] = [];
		const slot: number[] = [];
		for (const value of values) {
			const known = firstIndex.get(value.id);
			if (known === undefined) {
				firstIndex.set(value.id, unique.length);
				slot.push(unique.length);
				unique.push({ id: value.id, properties: { ...value.properties } });
			} else {
				Object.assign(unique[known].properties, value.properties);
				slot.push(known);
			}
		}
		const outcomes = await write(unique);
		return slot.map((s, index) => ({ ...outcomes[s], index }));
	};
	return batchWrite(
		this,
		op,
		read,
		merged((inputs) => op.connector.upsertMany(op.objectType, field, inputs)),
		(outcome) => (outcome.created === undefined ? {} : { created: outcome.created }),
		merged((inputs) => op.connector.bulkUpsert(op.objectType, field, inputs)),
	);
}

interface UpsertInput {
	id: string;
	properties: IDataObject;
}
