import type { IDataObject } from 'n8n-workflow';
import type { NeutralType } from './types';

/*
 * What the CRM-neutral nodes ("CRM (CRM Pack)", "CRM Search (CRM Pack)", issue 16)
 * need from a CRM beyond the connector contract. Every piece is optional: a CRM
 * that lands without one still joins the nodes, which then say plainly which
 * operation that CRM cannot do (nodes/Crm/support.ts) instead of failing the rest.
 */

/** What Test Connection reports about a credential that works. */
export interface ConnectionInfo {
	/** The account, org, portal or company the credential reaches. */
	accountId?: string;
	accountName?: string;
	/** The user the credential acts as (name or e-mail), when the vendor says. */
	user?: string;
	/** Other facts the vendor returns with it (time zone, currency, API domain). */
	details?: IDataObject;
	/** The API budget left, where the vendor reports it (a header or a limits call). */
	budget?: ConnectionBudget;
}

export interface ConnectionBudget {
	remaining: number;
	limit?: number;
	/** What the numbers count over, in the vendor's terms: `day`, `24 hours`, `10 seconds`, `hour`. */
	window: string;
}

/** A neutral field a lookup matches exactly (after normalising: lower-cased e-mail, E.164 phone, bare domain). */
export type NeutralMatchField = 'email' | 'phone' | 'domain' | 'name';

/** One neutral lookup: an exact field match, or the CRM's own free-text search. */
export type NeutralQuery = { field: NeutralMatchField; value: string } | { text: string };

export interface FindOptions {
	/** At most this many records (the node's limit). */
	limit: number;
	/** Vendor properties to read with them (the kind's mapped fields when left out). */
	properties?: string[];
}

/** An association the neutral model names: `{ kind: 'contact', id }`. */
export interface NeutralLink {
	kind: NeutralType;
	id: string;
}

/**
 * Where Sync Appointment keeps the booking id of the system that booked the
 * appointment, so that a re-sent booking updates the appointment it made
 * (declared per CRM in its definition, `CrmDefinition.booking`).
 *
 * - `field`: the appointment's vendor field holding it.
 * - `placement`: `whole` = the field holds only `BOOKING_PREFIX + id` (a field the neutral
 *   mapping leaves alone, e.g. HubSpot's internal meeting notes); `line` = a last line
 *   `BOOKING_PREFIX + id` appended to a text field that also holds the neutral
 *   description (a vendor with no spare text field, e.g. Salesforce's Event).
 *
 * The earlier appointment is found among the customer's appointments
 * (`CrmConnector.appointmentsOf`), so the lookup needs no search index and no custom field.
 */
export interface BookingPlacement {
	field: string;
	placement: 'whole' | 'line';
}

/** The text that marks a booking id in the appointment's field. */
export const BOOKING_PREFIX = 'Booking ID: ';

/** A header's value, whatever its case (n8n's HTTP layers differ in how they pass names). */
function header(headers: IDataObject, name: string): string | undefined {
	const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
	const value = key === undefined ? undefined : headers[key];
	return Array.isArray(value) ? String(value[0]) : value === undefined || value === null ? undefined : String(value);
}

/**
 * The budget a vendor's rate headers report (`remaining` and `limit` header names), or
 * undefined when the answer carries none; `window` says what they count over.
 */
export function budgetFromHeaders(headers: IDataObject, names: { remaining: string; limit?: string }, window: string): ConnectionBudget | undefined {
	const remaining = Number(header(headers, names.remaining));
	if (header(headers, names.remaining) === undefined || !Number.isFinite(remaining)) return undefined;
	const limit = names.limit ? Number(header(headers, names.limit)) : NaN;
	return Number.isFinite(limit) ? { remaining, limit, window } : { remaining, window };
}

/** The booking marker as kept in the appointment's field. */
export function bookingMarker(bookingId: string): string {
	return `${BOOKING_PREFIX}${bookingId}`;
}

/** The booking id a field's value holds (its last line, for a `line` placement), or undefined. */
export function bookingIdIn(value: unknown, placement: BookingPlacement['placement']): string | undefined {
	if (typeof value !== 'string' || value === '') return undefined;
	const text = value.replace(/<[^>]*>/g, '\n');
	const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
	const line = placement === 'whole' ? lines.join(' ') : lines[lines.length - 1];
	return line?.startsWith(BOOKING_PREFIX) ? line.slice(BOOKING_PREFIX.length).trim() : undefined;
}
