import type { IDataObject } from 'n8n-workflow';
import { DateTime } from 'luxon';
import { asNumber, getPath, neutralToVendor, vendorFields, vendorToNeutral } from '../../../shared/model/fieldMap';
import type { Convert, FieldMapping } from '../../../shared/model/fieldMap';
import { completeName, joinName } from '../../../shared/model/names';
import type { CrmRecord, NeutralType } from '../../../shared/types';
import { pipedriveTime } from './records';

/*
 * Neutral record ↔ Pipedrive fields. Reads take the flat `properties` of a
 * CrmRecord (custom fields merged in by key); writes produce flat fields that
 * the connector splits into v2's `custom_fields` where needed. Only fields
 * present in the input are written (absent = leave alone, null = clear).
 */

const asId: Convert = (v) => (v === null || v === undefined || v === '' ? null : typeof v === 'object' ? idOf(v) : String(v));
const asNumberId: Convert = (v) => {
	if (v === null || v === undefined || v === '') return null;
	const n = Number(v);
	return Number.isFinite(n) ? n : v;
};
const asIso: Convert = (v) => pipedriveTime(v) ?? null;
const asDate: Convert = (v) => (typeof v === 'string' && v ? v.slice(0, 10) : null);

/** v1 often embeds a related object (`{ value: 12, name: ... }`) where v2 has the bare id. */
function idOf(v: unknown): string | null {
	if (v && typeof v === 'object') {
		const o = v as IDataObject;
		const id = o.value ?? o.id;
		return id === undefined || id === null ? null : String(id);
	}
	return v === undefined || v === null || v === '' ? null : String(v);
}

/** Pipedrive keeps emails and phones as lists of `{ value, primary, label }`; v1 search results as plain strings. */
type Channel = { value?: unknown; primary?: boolean; label?: string };

function channels(value: unknown): Channel[] {
	if (!Array.isArray(value)) return typeof value === 'string' && value ? [{ value, primary: true }] : [];
	return value.map((c) => (typeof c === 'object' && c !== null ? (c as Channel) : { value: c })).filter((c) => c.value !== undefined && c.value !== '');
}

function primaryChannel(value: unknown, label?: string): string | undefined {
	const list = channels(value);
	const pick = label
		? list.find((c) => c.label === label)
		: list.find((c) => c.primary && c.label !== 'mobile') ?? list.find((c) => c.label !== 'mobile') ?? undefined;
	return pick ? String(pick.value) : undefined;
}

const address = (field: string): FieldMapping[] => [
	{ neutral: 'address.street', vendor: `${field}.__street` },
	{ neutral: 'address.city', vendor: `${field}.locality` },
	{ neutral: 'address.state', vendor: `${field}.admin_area_level_1` },
	{ neutral: 'address.postalCode', vendor: `${field}.postal_code` },
	{ neutral: 'address.country', vendor: `${field}.country` },
];

export const PIPEDRIVE_FIELDS: Record<NeutralType, FieldMapping[]> = {
	contact: [
		{ neutral: 'fullName', vendor: 'name' },
		{ neutral: 'firstName', vendor: 'first_name', readOnly: true },
		{ neutral: 'lastName', vendor: 'last_name', readOnly: true },
		{ neutral: 'ownerId', vendor: 'owner_id', toNeutral: asId, toVendor: asNumberId },
		{ neutral: 'jobTitle', vendor: 'job_title' },
		...address('postal_address'),
	],
	lead: [
		{ neutral: 'fullName', vendor: 'title' },
		{ neutral: 'ownerId', vendor: 'owner_id', toNeutral: asId, toVendor: asNumberId },
		{ neutral: 'source', vendor: 'source_name', readOnly: true },
	],
	company: [
		{ neutral: 'name', vendor: 'name' },
		{ neutral: 'ownerId', vendor: 'owner_id', toNeutral: asId, toVendor: asNumberId },
		...address('address'),
	],
	deal: [
		{ neutral: 'name', vendor: 'title' },
		{ neutral: 'amount', vendor: 'value', toNeutral: asNumber, toVendor: asNumber },
		{ neutral: 'currency', vendor: 'currency' },
		{ neutral: 'stage', vendor: 'stage_id', toNeutral: asId, toVendor: asNumberId },
		{ neutral: 'pipeline', vendor: 'pipeline_id', toNeutral: asId, toVendor: asNumberId },
		{ neutral: 'closeDate', vendor: 'expected_close_date', toNeutral: asDate, toVendor: asDate },
		{ neutral: 'ownerId', vendor: 'owner_id', toNeutral: asId, toVendor: asNumberId },
	],
	appointment: [
		{ neutral: 'title', vendor: 'subject' },
		{ neutral: 'description', vendor: 'public_description' },
		{ neutral: 'ownerId', vendor: 'owner_id', toNeutral: asId, toVendor: asNumberId },
	],
	task: [
		{ neutral: 'subject', vendor: 'subject' },
		{ neutral: 'body', vendor: 'note' },
		{ neutral: 'ownerId', vendor: 'owner_id', toNeutral: asId, toVendor: asNumberId },
	],
	note: [
		{ neutral: 'body', vendor: 'content' },
		{ neutral: 'timestamp', vendor: 'add_time', toNeutral: asIso, readOnly: true },
		{ neutral: 'ownerId', vendor: 'user_id', toNeutral: asId, readOnly: true },
	],
};

/** Facts Pipedrive keeps itself, and fields read through a neutral field elsewhere; not carried under `custom`. */
const SYSTEM = new Set([
	'id',
	'add_time',
	'update_time',
	'is_deleted',
	'active_flag',
	'emails',
	'phones',
	'email',
	'phone',
	'participants',
	'attendees',
	'due_date',
	'due_time',
	'duration',
	'type',
	'done',
	'location',
	'person_id',
	'org_id',
	'organization_id',
	'deal_id',
	'lead_id',
	'postal_address',
	'address',
	'is_archived',
	'custom_fields',
]);

/** The association fields of an entity and the neutral kind each links to. */
const LINKS: Array<{ field: string; kind: NeutralType }> = [
	{ field: 'person_id', kind: 'contact' },
	{ field: 'org_id', kind: 'company' },
	{ field: 'organization_id', kind: 'company' },
	{ field: 'deal_id', kind: 'deal' },
	{ field: 'lead_id', kind: 'lead' },
];

/** Street line of a Pipedrive address: route and street number, else the formatted value. */
function streetOf(addr: IDataObject | undefined): string | undefined {
	if (!addr || typeof addr !== 'object') return undefined;
	const line = [addr.route, addr.street_number].filter((v) => v !== undefined && v !== null && v !== '').join(' ');
	return line || (typeof addr.value === 'string' && addr.value ? addr.value : undefined);
}

/** `HH:MM` (or `HH:MM:SS`) → minutes. */
function minutesOf(duration: unknown): number | undefined {
	if (typeof duration !== 'string') return undefined;
	const m = /^(\d{1,3}):(\d{2})(?::\d{2})?$/.exec(duration);
	return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

function hhmm(minutes: number): string {
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/**
 * An activity's start: `due_date` + `due_time`, both in UTC (Pipedrive's API
 * documents due times as UTC). A due date without a time is placed at 00:00 UTC.
 */
export function activityStart(p: IDataObject): string | undefined {
	if (typeof p.due_date !== 'string' || !p.due_date) return undefined;
	const time = typeof p.due_time === 'string' && p.due_time ? p.due_time.slice(0, 5) : '00:00';
	const dt = DateTime.fromISO(`${p.due_date}T${time}`, { zone: 'UTC' });
	return dt.isValid ? (dt.toISO({ suppressMilliseconds: true }) ?? undefined) : undefined;
}

function linksOf(p: IDataObject): Array<{ kind: NeutralType; id: string }> {
	const out: Array<{ kind: NeutralType; id: string }> = [];
	for (const { field, kind } of LINKS) {
		const id = idOf(p[field]);
		if (id) out.push({ kind, id });
	}
	if (Array.isArray(p.participants)) {
		for (const part of p.participants as IDataObject[]) {
			const id = idOf(part?.person_id);
			if (id && !out.some((l) => l.kind === 'contact' && l.id === id)) out.push({ kind: 'contact', id });
		}
	}
	return out;
}

/**
 * Pipedrive record → neutral record. Fields without a neutral home are kept
 * under `custom`, named by their Pipedrive field *name* when `labels` (key →
 * name, from the fields endpoints) knows the key, else by key.
 */
export function pipedriveToNeutral(type: NeutralType, record: CrmRecord, labels?: Map<string, string>): IDataObject {
	const p = record.properties;
	const { fields, custom: unmapped } = vendorToNeutral(PIPEDRIVE_FIELDS[type], p, {
		system: SYSTEM,
		// A lead's value is read below, into `custom` under neutral names.
		used: type === 'lead' ? ['value'] : [],
		read: (props, field) => (field.vendor.endsWith('.__street') ? streetOf(props[field.vendor.split('.')[0]] as IDataObject | undefined) : getPath(props, field.vendor)),
		customName: (key) => labels?.get(key) ?? key,
	});
	const out: IDataObject = { id: record.id, ...fields };
	if (type === 'contact') {
		const email = primaryChannel(p.emails ?? p.email);
		if (email) out.email = email.toLowerCase();
		const phone = primaryChannel(p.phones ?? p.phone);
		if (phone) out.phone = phone;
		const mobile = primaryChannel(p.phones ?? p.phone, 'mobile');
		if (mobile) out.mobilePhone = mobile;
		completeName(type, out);
	}
	if (type === 'lead') {
		// The title is written from the lead's name (neutralToPipedrive): read back, it fills the name parts too.
		completeName(type, out);
		out.status = p.is_archived === true ? 'archived' : 'open';
		const value = p.value as IDataObject | undefined;
		if (value && typeof value === 'object' && value.amount !== undefined && value.amount !== null) {
			(out as IDataObject).custom = { value: value.amount, currency: value.currency };
		}
	}
	if (type === 'appointment' || type === 'task') {
		const start = activityStart(p);
		if (type === 'appointment') {
			if (start) out.startTime = start;
			const minutes = minutesOf(p.duration);
			if (start && minutes !== undefined) {
				out.endTime = DateTime.fromISO(start, { zone: 'UTC' }).plus({ minutes }).toISO({ suppressMilliseconds: true });
			}
			const location = p.location as IDataObject | string | undefined;
			const where = typeof location === 'string' ? location : location?.value;
			if (typeof where === 'string' && where) out.location = where;
			const attendees = Array.isArray(p.attendees)
				? (p.attendees as IDataObject[]).map((a) => String(a.email ?? a.email_address ?? '').toLowerCase()).filter(Boolean)
				: [];
			if (attendees.length) out.attendees = attendees;
		} else {
			if (start) out.dueDate = start;
			out.status = p.done === true ? 'completed' : 'notStarted';
		}
	}
	if (type !== 'contact' && type !== 'company' && type !== 'lead') {
		const links = linksOf(p);
		if (links.length) out.associations = links;
	}
	const custom: IDataObject = { ...((out.custom as IDataObject | undefined) ?? {}), ...unmapped };
	if (record.createdAt) out.createdAt = record.createdAt;
	if (record.updatedAt) out.updatedAt = record.updatedAt;
	out.custom = custom;
	return out;
}

function channelList(value: unknown, label: string): IDataObject[] | null {
	if (value === null) return [];
	return [{ value: String(value), primary: true, label }];
}

/**
 * Neutral record → flat Pipedrive fields. `custom` entries pass through by
 * key or field name (the connector resolves names to keys). Neutral fields
 * Pipedrive computes (first/last name of a person, a note's author) are not
 * written: a person's name is written whole, Pipedrive splits it itself.
 */
export function neutralToPipedrive(type: NeutralType, neutral: IDataObject): IDataObject {
	const source: IDataObject = { ...neutral };
	if ((type === 'contact' || type === 'lead') && source.fullName === undefined && (source.firstName || source.lastName)) {
		source.fullName = joinName({ firstName: source.firstName as string, lastName: source.lastName as string });
	}
	const out = neutralToVendor(PIPEDRIVE_FIELDS[type], source, {
		skip: (field) => field.vendor.includes('.'), // addresses: written whole, below
		extra: (out) => writeOwnFields(type, source, out),
	});
	if (type === 'contact') {
		// Pipedrive's API v2 only returns a person's job title and postal address (with contact
		// sync on) and refuses them in writes (connector/objectTypes.ts). A value is still passed
		// on, so the write fails naming the field rather than dropping it unseen; a clear (null)
		// has nothing to clear through v2 and is left out.
		for (const field of ['job_title', 'postal_address']) if (out[field] === null) delete out[field];
	}
	return out;
}

/** What Pipedrive keeps outside the field table: the one-line address, channels, activity times, links. */
function writeOwnFields(type: NeutralType, source: IDataObject, out: IDataObject): void {
	const addr = source.address as IDataObject | null | undefined;
	if (addr !== undefined && (type === 'contact' || type === 'company')) {
		// Pipedrive geocodes an address from its one-line `value`.
		const target = type === 'contact' ? 'postal_address' : 'address';
		out[target] =
			addr === null
				? null
				: { value: [addr.street, addr.postalCode, addr.city, addr.state, addr.country].filter((v) => v !== undefined && v !== null && v !== '').join(', ') };
	}
	if (type === 'contact') {
		const emails: IDataObject[] = [];
		const phones: IDataObject[] = [];
		if (source.email !== undefined) emails.push(...(channelList(source.email, 'work') ?? []));
		if (source.phone !== undefined) phones.push(...(channelList(source.phone, 'work') ?? []));
		if (source.mobilePhone !== undefined && source.mobilePhone !== null) {
			phones.push({ value: String(source.mobilePhone), primary: phones.length === 0, label: 'mobile' });
		}
		if (source.email !== undefined) out.emails = emails;
		if (source.phone !== undefined || source.mobilePhone !== undefined) out.phones = phones;
	}
	if (type === 'lead' && source.status !== undefined) out.is_archived = source.status === 'archived';
	if (type === 'appointment' || type === 'task') {
		const startIso = (type === 'appointment' ? source.startTime : source.dueDate) as string | null | undefined;
		if (startIso) {
			const start = DateTime.fromISO(startIso, { setZone: true }).toUTC();
			out.due_date = start.toFormat('yyyy-MM-dd');
			out.due_time = start.toFormat('HH:mm');
			if (type === 'appointment' && typeof source.endTime === 'string') {
				const minutes = Math.max(0, Math.round(DateTime.fromISO(source.endTime).diff(start, 'minutes').minutes));
				out.duration = hhmm(minutes);
			}
		} else if (startIso === null) {
			out.due_date = null;
			out.due_time = null;
		}
		if (type === 'appointment') {
			if (source.location !== undefined) out.location = source.location === null ? null : { value: source.location };
			if (Array.isArray(source.attendees)) out.attendees = (source.attendees as string[]).map((email) => ({ email }));
		} else if (source.status !== undefined) {
			out.done = source.status === 'completed';
		}
	}
	const links = source.associations as Array<{ kind: string; id: string }> | null | undefined;
	if (Array.isArray(links)) {
		const contacts = links.filter((l) => l.kind === 'contact');
		const first = (kind: string) => links.find((l) => l.kind === kind)?.id;
		if (type === 'appointment' || type === 'task') {
			if (contacts.length) out.participants = contacts.map((c, i) => ({ person_id: Number(c.id), primary: i === 0 }));
		}
		const person = first('contact');
		const company = first('company');
		const deal = first('deal');
		const lead = first('lead');
		if (person) out.person_id = Number(person);
		if (company) out[type === 'lead' ? 'organization_id' : 'org_id'] = Number(company);
		if (deal && type !== 'deal') out.deal_id = Number(deal);
		if (lead && type !== 'lead') out.lead_id = lead;
	}
}

/** The Pipedrive fields a neutral kind is read from (for the Sync node's field lists). */
export function mappedFields(type: NeutralType): string[] {
	const base = vendorFields(PIPEDRIVE_FIELDS[type]);
	const extra: Record<NeutralType, string[]> = {
		contact: ['emails', 'phones'],
		company: [],
		deal: ['person_id', 'org_id'],
		lead: ['is_archived', 'value'],
		appointment: ['due_date', 'due_time', 'duration', 'location', 'attendees', 'participants'],
		task: ['due_date', 'due_time', 'done'],
		note: ['deal_id', 'person_id', 'org_id', 'lead_id'],
	};
	return [...new Set([...base, ...extra[type]])];
}
