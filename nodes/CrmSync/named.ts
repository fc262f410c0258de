import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { NeutralMatchField } from '../../shared/neutralOps';
import type { KeyField, Side, SyncRecord, SyncState } from '../../shared/sync';
import type { CrmSide, SyncError } from './sides';

/**
 * "Sync Named Records" (issue 17): a run that syncs only the records its input
 * names, for changes within seconds. The items come from a CRM trigger (an event
 * naming a record: HubSpot's `objectId`, a polling trigger's record `id`) or a
 * database trigger (the changed row itself, on a Records from Input side). The run
 * reads those records by id, their linked partners by id, plans against the same
 * saved state as the scheduled Sync node sharing its State Key, and saves only the
 * pairs it touched, under the sync's lease (one run at a time). A run that finds
 * the sync held hands its records over to the holder instead of waiting
 * (nodes/CrmSync/handOver.ts).
 */

const NAMED = { operation: ['syncNamed'] };

export const namedProperties: INodeProperties[] = [
	{
		displayName:
			'Runs often and overlapping (one per event), so it needs State Store: Data Table, where runs of one sync take turns. Give it the same State Key as the Sync node that runs on a schedule, to share its links.',
		name: 'namedNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: NAMED },
	},
	{
		displayName: 'Input Names Records Of',
		name: 'namedSide',
		type: 'options',
		options: [
			{ name: 'Side A', value: 'a' },
			{ name: 'Side B', value: 'b' },
		],
		default: 'a',
		displayOptions: { show: NAMED },
		description:
			"Which side's records the input items name. A Records from Input side: the items are its changed rows (its ID field names them). A CRM side: each item names one record by its ID (below).",
	},
	{
		displayName: 'Record ID',
		name: 'namedRecordId',
		type: 'string',
		// HubSpot (CRM Pack) Trigger events carry `objectId`; polling triggers and action nodes emit records with `id`.
		default: '={{ $json.objectId ?? $json.id }}',
		displayOptions: { show: NAMED },
		description: "The ID of the record each item names, on a CRM side. The default reads a HubSpot webhook event's objectId, else a record's ID. Items naming the same record are synced once.",
	},
];

export interface NamedRecords {
	side: Side;
	/** Distinct record ids named by the items, in first-seen order (CRM side). */
	ids: string[];
	/** Item index of each id, for pairedItem. */
	itemOf: Map<string, number>;
	/** Items that named no record. */
	errors: Array<{ error: SyncError; item: number }>;
}

/** The records a CRM side's items name; an item without an id fails alone (on Errors). */
export function namedRecords(ctx: IExecuteFunctions, side: Side): NamedRecords {
	const items = ctx.getInputData();
	const out: NamedRecords = { side, ids: [], itemOf: new Map(), errors: [] };
	for (let i = 0; i < items.length; i++) {
		// An empty item is what "Always Output Data" sends for nothing.
		if (Object.keys(items[i].json ?? {}).length === 0) continue;
		const raw = ctx.getNodeParameter('namedRecordId', i, '') as unknown;
		const id = raw === undefined || raw === null ? '' : String(raw).trim();
		if (!id) {
			out.errors.push({
				item: i,
				error: { side: side.toUpperCase(), operation: 'read', item: i, field: 'namedRecordId', message: `Item ${i}: Record ID is empty, so it names no record of side ${side.toUpperCase()}` },
			});
			continue;
		}
		if (out.itemOf.has(id)) continue;
		out.itemOf.set(id, i);
		out.ids.push(id);
	}
	return out;
}

const MATCHABLE: readonly string[] = ['email', 'phone', 'domain', 'name'] satisfies NeutralMatchField[];

/**
 * Records of the other side that hold the key of a named record not linked yet,
 * found through the connector's neutral lookup (`findNeutral`) where it has one, so
 * that plan() links them instead of creating a second record. Only for one key
 * field the lookup matches exactly; a connector without the lookup finds none
 * (then a create on a side with an upsert key, HubSpot contacts by email, still
 * makes no duplicate; the scheduled full run links what a named run could not).
 */
export async function matchesByKey(
	other: CrmSide,
	namedSideRecords: readonly SyncRecord[],
	state: SyncState,
	namedSide: Side,
	keys: readonly KeyField[],
	have: ReadonlySet<string>,
	fetched: readonly string[],
): Promise<SyncRecord[]> {
	if (keys.length !== 1 || !MATCHABLE.includes(keys[0].field) || other.spec.columns[keys[0].field]) return [];
	const field = keys[0].field as NeutralMatchField;
	const linked = new Set(state.pairs.map((p) => (namedSide === 'a' ? p.aId : p.bId)));
	const seen = new Set([...have, ...fetched]);
	const out: SyncRecord[] = [];
	for (const record of namedSideRecords) {
		if (linked.has(record.id)) continue;
		const value = record.fields[field];
		if (value === undefined || value === null || String(value).trim() === '') continue;
		const found = await other.findByKey(field, String(value));
		if (!found) return out; // no lookup on this CRM
		for (const r of found) {
			if (seen.has(r.id)) continue;
			seen.add(r.id);
			out.push(r);
		}
	}
	return out;
}
