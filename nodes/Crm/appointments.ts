import type { IDataObject } from 'n8n-workflow';
import { bookingIdIn, bookingMarker } from '../../shared/neutralOps';
import type { CrmConnector, CrmDefinition, CrmRecord } from '../../shared/types';
import { syncPeople, type PersonItem } from './people';
import { need, objectTypeFor, Unsupported } from './support';
import { writeRecords, type WriteOutcome, type WriteSpec } from './writes';

/** One appointment to create or update, with the customer it belongs to. */
export interface AppointmentItem {
	itemIndex: number;
	customer: PersonItem;
	/** Neutral appointment fields (title, startTime, endTime, timeZone, location, description). */
	appointment: IDataObject;
	bookingId?: string;
}

export type AppointmentOutcome = WriteOutcome & { customer?: WriteOutcome };

/** A customer's appointments searched for a re-sent booking (a customer with more is not expected from one booking system). */
const APPOINTMENTS_READ = 500;

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/**
 * The booking id goes where the CRM's definition says (`booking`): the whole value of a field the
 * neutral mapping leaves alone, or a last line under the description. On an update that brings no
 * description, a `line` field keeps its text (which already ends with the marker).
 */
function withBooking(crm: CrmDefinition, bookingId: string) {
	const { field, placement } = crm.booking!;
	const marker = bookingMarker(bookingId);
	return (existing: CrmRecord | undefined, properties: IDataObject): IDataObject => {
		if (placement === 'whole') return { ...properties, [field]: marker };
		const given = properties[field];
		if (typeof given === 'string' && given !== '') return { ...properties, [field]: `${given}\n\n${marker}` };
		if (existing && bookingIdIn(existing.properties[field], 'line') === bookingId) return properties;
		return { ...properties, [field]: marker };
	};
}

/**
 * Sync Appointment: the customer found or created by e-mail (one batch of people for all items),
 * then each appointment linked to its customer (`associations`, written by the CRM's mapping, or
 * `linkRecords` after the write) and created, or, for a booking id seen before, updated: the
 * earlier appointment is the one among the customer's appointments carrying that booking id.
 */
export async function syncAppointments(crm: CrmDefinition, connector: CrmConnector, items: AppointmentItem[]): Promise<Map<number, AppointmentOutcome>> {
	const out = new Map<number, AppointmentOutcome>();
	const objectType = objectTypeFor(crm, 'appointment');
	const customers = await syncPeople(crm, connector, 'contact', items.map((i) => i.customer));
	const specs: WriteSpec[] = [];
	const contactOf = new Map<number, string>();
	for (const item of items) {
		const customer = customers.get(item.itemIndex);
		if (!customer?.ok) {
			out.set(item.itemIndex, { ok: false, message: `The customer could not be written: ${customer?.message ?? 'no result'}`, status: customer?.ok === false ? customer.status : undefined, customer });
			continue;
		}
		const contactId = customer.record.id;
		contactOf.set(item.itemIndex, contactId);
		try {
			const neutral = { ...item.appointment, associations: [{ kind: 'contact', id: contactId }] };
			const spec: WriteSpec = { itemIndex: item.itemIndex, properties: connector.fromNeutral('appointment', neutral) };
			if (item.bookingId !== undefined) {
				if (!crm.booking) throw new Unsupported(crm, 'keep a booking id on an appointment (its definition declares no booking placement)');
				const listOf = need(crm, connector, 'appointmentsOf', "list a customer's appointments to find a re-sent booking");
				const bookingId = item.bookingId;
				const { field, placement } = crm.booking;
				const properties = [...new Set([...crm.mappedFields('appointment'), field])];
				spec.key = `booking:${bookingId}`;
				spec.find = async () => (await listOf(contactId, { limit: APPOINTMENTS_READ, properties })).find((r) => bookingIdIn(r.properties[field], placement) === bookingId);
				spec.finalize = withBooking(crm, bookingId);
			}
			specs.push(spec);
		} catch (error) {
			out.set(item.itemIndex, { ok: false, message: messageOf(error), customer });
		}
	}
	const written = await writeRecords(connector, objectType, specs);
	for (const [itemIndex, outcome] of written) {
		const customer = customers.get(itemIndex);
		if (outcome.ok && connector.linkRecords) {
			try {
				await connector.linkRecords('appointment', outcome.record.id, [{ kind: 'contact', id: contactOf.get(itemIndex)! }], itemIndex);
			} catch (error) {
				out.set(itemIndex, { ok: false, message: `Appointment ${outcome.record.id} was written but not linked to customer ${contactOf.get(itemIndex)}: ${messageOf(error)}`, customer });
				continue;
			}
		}
		out.set(itemIndex, { ...outcome, customer });
	}
	return out;
}
