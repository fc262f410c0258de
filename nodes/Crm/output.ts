import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { outcomesToItems, type ItemOutcome } from '../../shared/batching/batch';
import { bookingIdIn, BOOKING_PREFIX } from '../../shared/neutralOps';
import type { CrmConnector, CrmDefinition, CrmRecord, NeutralType, RecordOutcome } from '../../shared/types';
import type { WriteOutcome } from './writes';

/** The link to a record in the CRM's app, when its connector can tell; never fails the item. */
export async function urlOf(connector: CrmConnector, record: CrmRecord): Promise<string | undefined> {
	if (!connector.recordUrl) return undefined;
	try {
		return await connector.recordUrl(record.objectType, record.id);
	} catch {
		return undefined;
	}
}

/**
 * A record in the neutral shape (the same fields whatever the CRM), with its CRM, id and link;
 * the booking id marker of an appointment is given as `bookingId`, not left in its description.
 */
export async function neutralJson(crm: CrmDefinition, connector: CrmConnector, kind: NeutralType, record: CrmRecord, includeRaw: boolean): Promise<IDataObject> {
	const neutral = { ...connector.toNeutral(kind, record) };
	delete neutral.raw;
	if (kind === 'appointment' && crm.booking) {
		const { field, placement } = crm.booking;
		const bookingId = bookingIdIn(record.properties[field], placement);
		if (bookingId !== undefined) {
			neutral.bookingId = bookingId;
			if (typeof neutral.description === 'string') {
				const kept = neutral.description.split(/\r?\n/).filter((l) => !l.trim().startsWith(BOOKING_PREFIX)).join('\n').trim();
				if (kept) neutral.description = kept;
				else delete neutral.description;
			}
			const custom = neutral.custom as IDataObject | undefined;
			if (custom && placement === 'whole') delete custom[field];
		}
	}
	const url = await urlOf(connector, record);
	const out: IDataObject = { crm: crm.value, id: record.id, ...(url ? { url } : {}), ...neutral };
	out.id = record.id;
	if (includeRaw) out.raw = record.raw;
	return out;
}

/**
 * Per-item outcomes as output, in item order: under Continue On Fail a failed item is an error item;
 * otherwise one error lists every failed item (the records written stay written).
 */
export async function writeOutput(
	ctx: IExecuteFunctions,
	outcomes: Map<number, WriteOutcome>,
	toJson: (outcome: Extract<WriteOutcome, { ok: true }>, itemIndex: number) => Promise<IDataObject>,
): Promise<INodeExecutionData[]> {
	const json = new Map<number, IDataObject>();
	const results: ItemOutcome[] = [];
	for (const [itemIndex, o] of [...outcomes].sort((a, b) => a[0] - b[0])) {
		let outcome: RecordOutcome;
		if (o.ok) {
			json.set(itemIndex, await toJson(o, itemIndex));
			outcome = { index: itemIndex, ok: true, record: o.record, created: o.created };
		} else {
			outcome = { index: itemIndex, ok: false, message: o.message, status: o.status };
		}
		results.push({ itemIndex, outcome });
	}
	return outcomesToItems(ctx.getNode(), results, ctx.continueOnFail(), (_o, itemIndex) => json.get(itemIndex)!);
}
