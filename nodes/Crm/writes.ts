import type { IDataObject } from 'n8n-workflow';
import { runBatches, type BatchInput } from '../../shared/batching/batch';
import { failedOutcome, runPool } from '../../shared/batching/pool';
import type { CrmConnector, CrmRecord, RecordOutcome } from '../../shared/types';

/** Look-ups in flight at once (searches by e-mail, a customer's appointments); the rate limiter still paces them. */
const FIND_CONCURRENCY = 4;

/** One record to write for one item. */
export interface WriteSpec {
	itemIndex: number;
	/** Vendor properties (the connector's `fromNeutral`). */
	properties: IDataObject;
	/** Items with the same key write one record: their properties merged in item order, one outcome for all. */
	key?: string;
	/** Written by one upsert call by this vendor property (the CRM's own match). */
	upsert?: { property: string; value: string };
	/** Else: the record it updates, looked up first; none found: it is created. */
	find?: () => Promise<CrmRecord | undefined>;
	/** The properties to write once the look-up is done (e.g. a booking id line kept under existing text). */
	finalize?: (existing: CrmRecord | undefined, properties: IDataObject) => IDataObject;
}

export type WriteOutcome = { ok: true; record: CrmRecord; created: boolean } | { ok: false; message: string; status?: number };

interface Group {
	items: number[];
	properties: IDataObject;
	spec: WriteSpec;
}

function groupsOf(specs: WriteSpec[]): Group[] {
	const byKey = new Map<string, Group>();
	const groups: Group[] = [];
	for (const spec of specs) {
		const existing = spec.key !== undefined ? byKey.get(spec.key) : undefined;
		if (existing) {
			existing.items.push(spec.itemIndex);
			existing.properties = { ...existing.properties, ...spec.properties };
			continue;
		}
		const group = { items: [spec.itemIndex], properties: { ...spec.properties }, spec };
		groups.push(group);
		if (spec.key !== undefined) byKey.set(spec.key, group);
	}
	return groups;
}

function fromOutcome(o: RecordOutcome, created: boolean | undefined): WriteOutcome {
	if (!o.ok) return { ok: false, message: o.message, status: o.status };
	return { ok: true, record: o.record, created: o.created ?? created ?? false };
}

/**
 * Writes records through the CRM's batch calls, one outcome per item: upserts by the CRM's own
 * key in batches of its maximum; the others looked up (a few at a time), then updated or created
 * in batches. A failed look-up or write fails its own items only.
 */
export async function writeRecords(connector: CrmConnector, objectType: string, specs: WriteSpec[]): Promise<Map<number, WriteOutcome>> {
	const out = new Map<number, WriteOutcome>();
	const groups = groupsOf(specs);
	const settle = (group: Group, outcome: WriteOutcome) => {
		for (const item of group.items) out.set(item, outcome);
	};
	const size = Math.max(1, connector.maxBatchSize);

	// Upserts, one batch run per key property.
	const upserts = groups.filter((g) => g.spec.upsert);
	for (const property of new Set(upserts.map((g) => g.spec.upsert!.property))) {
		const mine = upserts.filter((g) => g.spec.upsert!.property === property);
		const inputs: Array<BatchInput<{ id: string; properties: IDataObject }>> = mine.map((g, i) => ({ itemIndex: i, value: { id: g.spec.upsert!.value, properties: g.properties } }));
		for (const r of await runBatches(inputs, size, (values) => connector.upsertMany(objectType, property, values))) settle(mine[r.itemIndex], fromOutcome(r.outcome, undefined));
	}

	// Look-ups, then updates and creates.
	const rest = groups.filter((g) => !g.spec.upsert);
	const found = await runPool(rest, FIND_CONCURRENCY, async (g) => {
		try {
			return { ok: true as const, record: g.spec.find ? await g.spec.find() : undefined };
		} catch (error) {
			return { ok: false as const, failure: failedOutcome(0, error) };
		}
	});
	const updates: Array<{ group: Group; id: string; properties: IDataObject }> = [];
	const creates: Array<{ group: Group; properties: IDataObject }> = [];
	rest.forEach((g, i) => {
		const f = found[i];
		if (!f.ok) return settle(g, { ok: false, message: f.failure.message, status: f.failure.status });
		const properties = g.spec.finalize ? g.spec.finalize(f.record, g.properties) : g.properties;
		if (f.record) updates.push({ group: g, id: f.record.id, properties });
		else creates.push({ group: g, properties });
	});
	const updated = await runBatches(
		updates.map((u, i) => ({ itemIndex: i, value: { id: u.id, properties: u.properties } })),
		size,
		(values) => connector.updateMany(objectType, values),
	);
	for (const r of updated) settle(updates[r.itemIndex].group, fromOutcome(r.outcome, false));
	const created = await runBatches(
		creates.map((c, i) => ({ itemIndex: i, value: c.properties })),
		size,
		(values) => connector.createMany(objectType, values),
	);
	for (const r of created) settle(creates[r.itemIndex].group, fromOutcome(r.outcome, true));
	return out;
}
