import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { itemProperties, type OperationContext } from '../context';
import { writeMany } from './writeMany';

/**
 * Pipedrive has no upsert endpoint, so this is two calls per record: a search
 * for the match value (`GET /api/v2/{entity}/search?exact_match=true`), then
 * PATCH of the record found or POST of a new one. Items naming the same value
 * are merged into one write (later items' values win) and each of them gets
 * the resulting record: sent side by side, two searches would both miss and
 * create the record twice.
 */
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
	const matchField = String(this.getNodeParameter('matchField', 0, ''));
	const read = (i: number) => {
		if (String(this.getNodeParameter('matchField', i, '')) !== matchField) {
			throw new NodeOperationError(this.getNode(), `Item ${i}: field "Match By" must be the same for every item`, { itemIndex: i });
		}
		let id = String(this.getNodeParameter('matchValue', i, '') ?? '').trim();
		if (!id) throw new NodeOperationError(this.getNode(), `Item ${i}: field "Match Value" is empty`, { itemIndex: i });
		const properties = itemProperties(this, op, i, true);
		if (matchField === 'email') {
			id = id.toLowerCase();
			if (properties.emails === undefined) properties.email = id;
		} else if (properties[matchField] === undefined) {
			properties[matchField] = id;
		}
		return { id, properties };
	};
	return await writeMany(
		this,
		op,
		read,
		async (values) => {
			const first = new Map<string, number>();
			const merged: typeof values = [];
			const slot: number[] = [];
			for (const value of values) {
				const key = value.id.toLowerCase();
				const known = first.get(key);
				if (known === undefined) {
					first.set(key, merged.length);
					slot.push(merged.length);
					merged.push({ id: value.id, properties: { ...value.properties } });
				} else {
					Object.assign(merged[known].properties, value.properties);
					slot.push(known);
				}
			}
			const outcomes = await op.connector.upsertMany(op.objectType, matchField, merged);
			return slot.map((s, index) => ({ ...outcomes[s], index }));
		},
		(outcome) => (outcome.created === undefined ? {} : { created: outcome.created }),
	);
}
