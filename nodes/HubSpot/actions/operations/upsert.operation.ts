import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { itemProperties, type OperationContext } from '../context';
import { batchWrite } from './batchWrite';

/**
 * POST /crm/v3/objects/{objectType}/batch/upsert with `idProperty`, up to 100
 * records per call. HubSpot rejects a batch that names one unique value twice,
 * so items sharing a value are merged into one input (later items' values win)
 * and each of them receives the resulting record.
 */
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
	const idProperty = String(this.getNodeParameter('upsertIdProperty', 0, 'email'));
	const read = (i: number) => {
		if (String(this.getNodeParameter('upsertIdProperty', i, 'email')) !== idProperty) {
			throw new NodeOperationError(this.getNode(), `Item ${i}: field "Unique Property" must be the same for every item`, { itemIndex: i });
		}
		let id = String(this.getNodeParameter('upsertIdValue', i, '') ?? '').trim();
		if (!id) throw new NodeOperationError(this.getNode(), `Item ${i}: field "Unique Value" is empty`, { itemIndex: i });
		const properties = itemProperties(this, op, i, true);
		if (idProperty === 'email') {
			id = id.toLowerCase();
			properties.email = id;
		} else {
			properties[idProperty] = id;
		}
		return { id, properties };
	};
	return batchWrite(
		this,
		op,
		read,
		async (values) => {
			// HubSpot rejects a batch that names one unique value twice: merge duplicates, later values win.
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
			const outcomes = await op.connector.upsertMany(op.objectType, idProperty, merged);
			return slot.map((s, index) => ({ ...outcomes[s], index }));
		},
		(outcome) => (outcome.created === undefined ? {} : { created: outcome.created }),
	);
}
