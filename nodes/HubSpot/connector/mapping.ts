import type { IDataObject } from 'n8n-workflow';
import { joinName, splitName } from '../../../shared/model/names';
import { normalizeDateTime } from '../../../shared/model/dates';
import type { CrmRecord, NeutralType } from '../../../shared/types';

type Convert = (value: unknown) => unknown;

interface FieldMap {
	neutral: string;
	hubspot: string;
	toNeutral?: Convert;
	toHubSpot?: Convert;
}

const asNumber: Convert = (v) => (v === '' || v === null || v === undefined ? null : Number(v));
const asString: Convert = (v) => (v === null || v === undefined ? v : String(v));
const asIso: Convert = (v) => {
	if (v === '' || v === null || v === undefined) return null;
	const result = normalizeDateTime(v as string);
	return result.ok ? result.value : v;
};
const asDate: Convert = (v) => {
	const iso = asIso(v);
	return typeof iso === 'string' ? iso.slice(0, 10) : iso;
};

const TASK_STATUS: Record<string, string> = {
	NOT_STARTED: 'notStarted',
	IN_PROGRESS: 'inProgress',
	WAITING: 'waiting',
	COMPLETED: 'completed',
	DEFERRED: 'deferred',
};
const TASK_PRIORITY: Record<string, string> = { LOW: 'low', MEDIUM: 'normal', HIGH: 'high' };
const invert = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [v, k]));
const lookup = (m: Record<string, string>): Convert => (v) => (typeof v === 'string' && m[v] !== undefined ? m[v] : v ?? null);

const address: FieldMap[] = [
	{ neutral: 'address.street', hubspot: 'address' },
	{ neutral: 'address.city', hubspot: 'city' },
	{ neutral: 'address.state', hubspot: 'state' },
	{ neutral: 'address.postalCode', hubspot: 'zip' },
	{ neutral: 'address.country', hubspot: 'country' },
];

const person: FieldMap[] = [
	{ neutral: 'firstName', hubspot: 'firstname' },
	{ neutral: 'lastName', hubspot: 'lastname' },
	{ neutral: 'email', hubspot: 'email' },
	{ neutral: 'phone', hubspot: 'phone' },
	{ neutral: 'mobilePhone', hubspot: 'mobilephone' },
	{ neutral: 'company', hubspot: 'company' },
	{ neutral: 'jobTitle', hubspot: 'jobtitle' },
	{ neutral: 'ownerId', hubspot: 'hubspot_owner_id' },
	{ neutral: 'lifecycleStage', hubspot: 'lifecyclestage' },
	...address,
];

/**
 * Neutral field ↔ HubSpot property, per neutral kind. HubSpot returns every
 * property as a string; numbers and date-times are converted here. A neutral
 * lead is a HubSpot contact whose lead status is `hs_lead_status` (assumption:
 * HubSpot's separate Leads object is not used, it needs Sales Hub Pro).
 */
export const HUBSPOT_FIELDS: Record<NeutralType, FieldMap[]> = {
	contact: person,
	lead: [...person, { neutral: 'status', hubspot: 'hs_lead_status' }, { neutral: 'source', hubspot: 'hs_analytics_source' }],
	company: [
		{ neutral: 'name', hubspot: 'name' },
		{ neutral: 'domain', hubspot: 'domain' },
		{ neutral: 'website', hubspot: 'website' },
		{ neutral: 'phone', hubspot: 'phone' },
		{ neutral: 'industry', hubspot: 'industry' },
		{ neutral: 'description', hubspot: 'description' },
		{ neutral: 'numberOfEmployees', hubspot: 'numberofemployees', toNeutral: asNumber, toHubSpot: asString },
		{ neutral: 'annualRevenue', hubspot: 'annualrevenue', toNeutral: asNumber, toHubSpot: asString },
		{ neutral: 'ownerId', hubspot: 'hubspot_owner_id' },
		{ neutral: 'lifecycleStage', hubspot: 'lifecyclestage' },
		...address,
	],
	deal: [
		{ neutral: 'name', hubspot: 'dealname' },
		{ neutral: 'amount', hubspot: 'amount', toNeutral: asNumber, toHubSpot: asString },
		{ neutral: 'currency', hubspot: 'deal_currency_code' },
		{ neutral: 'stage', hubspot: 'dealstage' },
		{ neutral: 'pipeline', hubspot: 'pipeline' },
		{ neutral: 'closeDate', hubspot: 'closedate', toNeutral: asDate, toHubSpot: asString },
		{ neutral: 'ownerId', hubspot: 'hubspot_owner_id' },
		{ neutral: 'description', hubspot: 'description' },
	],
	appointment: [
		{ neutral: 'title', hubspot: 'hs_meeting_title' },
		{ neutral: 'startTime', hubspot: 'hs_meeting_start_time', toNeutral: asIso, toHubSpot: asIso },
		{ neutral: 'endTime', hubspot: 'hs_meeting_end_time', toNeutral: asIso, toHubSpot: asIso },
		{ neutral: 'location', hubspot: 'hs_meeting_location' },
		{ neutral: 'description', hubspot: 'hs_meeting_body' },
		{ neutral: 'ownerId', hubspot: 'hubspot_owner_id' },
	],
	task: [
		{ neutral: 'subject', hubspot: 'hs_task_subject' },
		{ neutral: 'body', hubspot: 'hs_task_body' },
		{ neutral: 'status', hubspot: 'hs_task_status', toNeutral: lookup(TASK_STATUS), toHubSpot: lookup(invert(TASK_STATUS)) },
		{ neutral: 'priority', hubspot: 'hs_task_priority', toNeutral: lookup(TASK_PRIORITY), toHubSpot: lookup(invert(TASK_PRIORITY)) },
		{ neutral: 'dueDate', hubspot: 'hs_timestamp', toNeutral: asIso, toHubSpot: asIso },
		{ neutral: 'ownerId', hubspot: 'hubspot_owner_id' },
	],
	note: [
		{ neutral: 'body', hubspot: 'hs_note_body' },
		{ neutral: 'timestamp', hubspot: 'hs_timestamp', toNeutral: asIso, toHubSpot: asIso },
		{ neutral: 'ownerId', hubspot: 'hubspot_owner_id' },
	],
};

/** Properties HubSpot maintains itself; they are facts of the record, not vendor fields to carry. */
const SYSTEM = new Set(['hs_object_id', 'createdate', 'lastmodifieddate', 'hs_lastmodifieddate', 'hs_createdate']);

function getPath(obj: IDataObject, path: string): unknown {
	return path.split('.').reduce<unknown>((acc, key) => (acc && typeof acc === 'object' ? (acc as IDataObject)[key] : undefined), obj);
}

function setPath(obj: IDataObject, path: string, value: unknown): void {
	const keys = path.split('.');
	let target = obj;
	for (const key of keys.slice(0, -1)) {
		if (!target[key] || typeof target[key] !== 'object') target[key] = {};
		target = target[key] as IDataObject;
	}
	target[keys[keys.length - 1]] = value as IDataObject[string];
}

/** The HubSpot properties a neutral kind is mapped from (for `properties=` on reads). */
export function mappedProperties(type: NeutralType): string[] {
	return HUBSPOT_FIELDS[type].map((f) => f.hubspot);
}

export function hubspotToNeutral(type: NeutralType, record: CrmRecord): IDataObject {
	const out: IDataObject = { id: record.id };
	const custom: IDataObject = {};
	const used = new Set<string>();
	for (const field of HUBSPOT_FIELDS[type]) {
		const value = record.properties[field.hubspot];
		used.add(field.hubspot);
		if (value === undefined || value === null || value === '') continue;
		setPath(out, field.neutral, (field.toNeutral ?? ((v) => v))(value));
	}
	for (const [key, value] of Object.entries(record.properties)) {
		if (!used.has(key) && !SYSTEM.has(key) && value !== null && value !== undefined) custom[key] = value;
	}
	if (type === 'contact' || type === 'lead') {
		const full = joinName({ firstName: out.firstName as string, lastName: out.lastName as string });
		if (full) out.fullName = full;
	}
	if (record.createdAt) out.createdAt = record.createdAt;
	if (record.updatedAt) out.updatedAt = record.updatedAt;
	out.custom = custom;
	return out;
}

/**
 * Neutral → HubSpot properties. Only fields present in the input are written
 * (an absent field leaves HubSpot's value alone; an explicit null clears it);
 * `custom` entries are passed through as HubSpot properties.
 */
export function neutralToHubSpot(type: NeutralType, neutral: IDataObject): IDataObject {
	const props: IDataObject = {};
	const source: IDataObject = { ...neutral };
	if ((type === 'contact' || type === 'lead') && source.fullName && !source.firstName && !source.lastName) {
		const parts = splitName(String(source.fullName));
		source.firstName = parts.firstName;
		source.lastName = parts.lastName;
	}
	for (const field of HUBSPOT_FIELDS[type]) {
		const value = getPath(source, field.neutral);
		if (value === undefined) continue;
		const converted = value === null ? '' : (field.toHubSpot ?? asString)(value);
		props[field.hubspot] = converted as IDataObject[string];
	}
	// HubSpot requires hs_timestamp on meetings; the start time is the natural one.
	if (type === 'appointment' && props.hs_meeting_start_time && props.hs_timestamp === undefined) {
		props.hs_timestamp = props.hs_meeting_start_time;
	}
	const custom = (neutral.custom ?? {}) as IDataObject;
	for (const [key, value] of Object.entries(custom)) if (props[key] === undefined) props[key] = value;
	return props;
}
