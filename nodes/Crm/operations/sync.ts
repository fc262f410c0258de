import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { DateTime } from 'luxon';
import type { CrmConnector, CrmDefinition } from '../../../shared/types';
import { syncAppointments, type AppointmentItem } from '../appointments';
import { neutral, options, personInput, text } from '../fields';
import { neutralJson, writeOutput } from '../output';
import { syncLinkedLeads, syncPeople, type MatchBy, type PersonItem } from '../people';
import type { WriteOutcome } from '../writes';

type Read<T> = (itemIndex: number) => T;

/** Reads every item; an item that cannot be read fails alone (its outcome), the others go on. */
function readAll<T extends { itemIndex: number }>(count: number, read: Read<T>, failed: Map<number, WriteOutcome>): T[] {
	const out: T[] = [];
	for (let i = 0; i < count; i++) {
		try {
			out.push(read(i));
		} catch (error) {
			failed.set(i, { ok: false, message: (error as Error).message });
		}
	}
	return out;
}

function personItem(ctx: IExecuteFunctions, itemIndex: number, kind: 'contact' | 'lead'): PersonItem {
	const record = personInput(ctx, itemIndex, kind);
	if (kind === 'lead') {
		const status = text(ctx, 'leadStatus', itemIndex);
		const source = text(ctx, 'leadSource', itemIndex);
		if (status !== undefined) record.status = status;
		if (source !== undefined) record.source = source;
	}
	const by = ctx.getNodeParameter('matchBy', itemIndex, 'email') as MatchBy;
	const item: PersonItem = { itemIndex, by, neutral: neutral(ctx, kind, record, itemIndex) };
	if (by === 'externalId') item.external = { field: text(ctx, 'externalIdField', itemIndex) ?? '', value: text(ctx, 'externalIdValue', itemIndex) ?? '' };
	return item;
}

const resultOf = (created: boolean) => (created ? 'created' : 'updated');

/** Sync Customer / Sync Lead: one item out per item in, `result` created or updated, the record id and the record in neutral fields. */
export async function syncPersons(ctx: IExecuteFunctions, crm: CrmDefinition, connector: CrmConnector, kind: 'contact' | 'lead'): Promise<INodeExecutionData[]> {
	const failed = new Map<number, WriteOutcome>();
	const items = readAll(ctx.getInputData().length, (i) => personItem(ctx, i, kind), failed);
	const linked = kind === 'lead' && crm.leadLinksContact === true;
	const written = linked ? await syncLinkedLeads(crm, connector, items) : await syncPeople(crm, connector, kind, items);
	const outcomes = new Map([...written, ...failed]);
	return writeOutput(ctx, outcomes, async (o, itemIndex) => {
		const json: IDataObject = {
			crm: crm.value,
			result: resultOf(o.created),
			created: o.created,
			id: o.record.id,
		};
		const contactId = (written.get(itemIndex) as { contactId?: string } | undefined)?.contactId;
		if (contactId) json.contactId = contactId;
		json[kind === 'lead' ? 'lead' : 'customer'] = await neutralJson(crm, connector, kind, o.record, options(ctx, itemIndex).includeRaw === true);
		return json;
	});
}

function appointmentItem(ctx: IExecuteFunctions, itemIndex: number): AppointmentItem {
	const customerRecord = personInput(ctx, itemIndex, 'contact');
	if (customerRecord.email === undefined) throw new NodeOperationError(ctx.getNode(), 'Customer Email is empty: the appointment\'s customer is found or created by email', { itemIndex });
	const zone = text(ctx, 'timeZone', itemIndex);
	if (zone && !DateTime.now().setZone(zone).isValid) throw new NodeOperationError(ctx.getNode(), `Time Zone "${zone}" is not an IANA time zone (e.g. Europe/Berlin)`, { itemIndex });
	const customer: PersonItem = { itemIndex, by: 'email', neutral: neutral(ctx, 'contact', customerRecord, itemIndex) };
	const appointment: IDataObject = {};
	const set = (field: string, value: unknown) => {
		if (value !== undefined && value !== '') appointment[field] = value;
	};
	set('title', text(ctx, 'title', itemIndex));
	set('startTime', text(ctx, 'startTime', itemIndex));
	set('endTime', text(ctx, 'endTime', itemIndex));
	set('location', text(ctx, 'location', itemIndex));
	set('description', text(ctx, 'notes', itemIndex));
	if (zone) appointment.timeZone = zone;
	const normal = neutral(ctx, 'appointment', appointment, itemIndex, zone);
	if (normal.endTime === undefined && typeof normal.startTime === 'string') {
		const minutes = Number(ctx.getNodeParameter('durationMinutes', itemIndex, 30));
		if (!Number.isFinite(minutes) || minutes <= 0) throw new NodeOperationError(ctx.getNode(), 'Duration (Minutes) must be a positive number when End is empty', { itemIndex });
		normal.endTime = DateTime.fromISO(normal.startTime, { zone: 'utc' }).plus({ minutes }).toISO({ suppressMilliseconds: true });
	}
	const item: AppointmentItem = { itemIndex, customer, appointment: normal };
	const bookingId = text(ctx, 'bookingId', itemIndex);
	if (bookingId !== undefined) item.bookingId = bookingId;
	return item;
}

/** Sync Appointment: the appointment's id and whether it was created or updated, and its customer's. */
export async function syncAppointment(ctx: IExecuteFunctions, crm: CrmDefinition, connector: CrmConnector): Promise<INodeExecutionData[]> {
	const failed = new Map<number, WriteOutcome>();
	const items = readAll(ctx.getInputData().length, (i) => appointmentItem(ctx, i), failed);
	const written = await syncAppointments(crm, connector, items);
	const bookingOf = new Map(items.map((i) => [i.itemIndex, i.bookingId]));
	return writeOutput(ctx, new Map([...written, ...failed]), async (o, itemIndex) => {
		const customer = written.get(itemIndex)?.customer;
		const json: IDataObject = {
			crm: crm.value,
			result: resultOf(o.created),
			created: o.created,
			id: o.record.id,
			appointmentId: o.record.id,
		};
		if (customer?.ok) {
			json.customerId = customer.record.id;
			json.customerResult = resultOf(customer.created);
		}
		const bookingId = bookingOf.get(itemIndex);
		if (bookingId !== undefined) json.bookingId = bookingId;
		const appointment = await neutralJson(crm, connector, 'appointment', o.record, options(ctx, itemIndex).includeRaw === true);
		// An update's answer may carry only the fields sent (Salesforce): the booking id is this item's.
		if (bookingId !== undefined) appointment.bookingId = bookingId;
		json.appointment = appointment;
		return json;
	});
}
