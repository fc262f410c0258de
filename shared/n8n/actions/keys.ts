import type { IDataObject } from 'n8n-workflow';
import type { RecordOutcome } from '../../types';
import type { KeyOf } from './types';

interface Keyed {
	id: string;
	properties: IDataObject;
}

/**
 * Wraps an upsert sender so that inputs naming the same key go out as one
 * (later items' values win) and each of them gets the result: vendors reject a
 * batch that names one key twice (HubSpot, Salesforce), and two searches sent
 * side by side would both miss and create the record twice (Pipedrive).
 */
export function mergingDuplicateKeys<T extends Keyed>(
	send: (inputs: T[]) => Promise<RecordOutcome[]>,
	keyOf: KeyOf = (id) => id,
): (values: T[]) => Promise<RecordOutcome[]> {
	return async (values) => {
		const first = new Map<string, number>();
		const merged: T[] = [];
		const slot: number[] = [];
		for (const value of values) {
			const key = keyOf(value.id);
			const known = first.get(key);
			if (known === undefined) {
				first.set(key, merged.length);
				slot.push(merged.length);
				merged.push({ ...value, properties: { ...value.properties } });
			} else {
				Object.assign(merged[known].properties, value.properties);
				slot.push(known);
			}
		}
		const outcomes = await send(merged);
		return slot.map((s, index) => ({ ...outcomes[s], index }));
	};
}
