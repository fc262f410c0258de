import type { IDataObject } from 'n8n-workflow';
import { asIso, asIsoDay, asNumber, asString, invert, lookup, neutralToVendor, vendorToNeutral } from '../../../shared/model/fieldMap';
import type { FieldMapping } from '../../../shared/model/fieldMap';
import { completeName } from '../../../shared/model/names';
import type { CrmRecord, NeutralType } from '../../../shared/types';

const TASK_STATUS: Record<string, string> = {
	NOT_STARTED: 'notStarted',
	IN_PROGRESS: 'inProgress',
	WAITING: 'waiting',
	COMPLETED: 'completed',
	DEFERRED: 'deferred',
};
const TASK_PRIORITY: Record<string, string> = { LOW: 'low', MEDIUM: 'normal', HIGH: 'high' };

const address: FieldMapping[] = [
	{ neutral: 'address.street', vendor: 'address' },
	{ neutral: 'address.city', vendor: 'city' },
	{ neutral: 'address.state', vendor: 'state' },
	{ neutral: 'address.postalCode', vendor: 'zip' },
	{ neutral: 'address.country', vendor: 'country' },
];

const person: FieldMapping[] = [
	{ neutral: 'firstName', vendor: 'firstname' },
	{ neutral: 'lastName', vendor: 'lastname' },
	{ neutral: 'email', vendor: 'email' },
	{ neutral: 'phone', vendor: 'phone' },
	{ neutral: 'mobilePhone', vendor: 'mobilephone' },
	{ neutral: 'company', vendor: 'company' },
	{ neutral: 'jobTitle', vendor: 'jobtitle' },
	{ neutral: 'ownerId', vendor: 'hubspot_owner_id' },
	{ neutral: 'lifecycleStage', vendor: 'lifecyclestage' },
	...address,
];

/**
 * Neutral field ↔ HubSpot property, per neutral kind. HubSpot returns every
 * property as a string; numbers and date-times are converted here. A neutral
 * lead is a HubSpot contact whose lead status is `hs_lead_status` (assumption:
 * HubSpot's separate Leads object is not used, it needs Sales Hub Pro).
 */
export const HUBSPOT_FIELDS: Record<NeutralType, FieldMapping[]> = {
	contact: person,
	lead: [...person, { neutral: 'status', vendor: 'hs_lead_status' }, { neutral: 'source', vendor: 'hs_analytics_source' }],
	company: [
		{ neutral: 'name', vendor: 'name' },
		{ neutral: 'domain', vendor: 'domain' },
		{ neutral: 'website', vendor: 'website' },
		{ neutral: 'phone', vendor: 'phone' },
		{ neutral: 'industry', vendor: 'industry' },
		{ neutral: 'description', vendor: 'description' },
		{ neutral: 'numberOfEmployees', vendor: 'numberofemployees', toNeutral: asNumber, toVendor: asString },
		{ neutral: 'annualRevenue', vendor: 'annualrevenue', toNeutral: asNumber, toVendor: asString },
		{ neutral: 'ownerId', vendor: 'hubspot_owner_id' },
		{ neutral: 'lifecycleStage', vendor: 'lifecyclestage' },
		...address,
	],
	deal: [
		{ neutral: 'name', vendor: 'dealname' },
		{ neutral: 'amount', vendor: 'amount', toNeutral: asNumber, toVendor: asString },
		{ neutral: 'currency', vendor: 'deal_currency_code' },
		{ neutral: 'stage', vendor: 'dealstage' },
		{ neutral: 'pipeline', vendor: 'pipeline' },
		{ neutral: 'closeDate', vendor: 'closedate', toNeutral: asIsoDay, toVendor: asString },
		{ neutral: 'ownerId', vendor: 'hubspot_owner_id' },
		{ neutral: 'description', vendor: 'description' },
	],
	appointment: [
		{ neutral: 'title', vendor: 'hs_meeting_title' },
		{ neutral: 'startTime', vendor: 'hs_meeting_start_time', toNeutral: asIso, toVendor: asIso },
		{ neutral: 'endTime', vendor: 'hs_meeting_end_time', toNeutral: asIso, toVendor: asIso },
		{ neutral: 'location', vendor: 'hs_meeting_location' },
		{ neutral: 'description', vendor: 'hs_meeting_body' },
		{ neutral: 'ownerId', vendor: 'hubspot_owner_id' },
	],
	task: [
		{ neutral: 'subject', vendor: 'hs_task_subject' },
		{ neutral: 'body', vendor: 'hs_task_body' },
		{ neutral: 'status', vendor: 'hs_task_status', toNeutral: lookup(TASK_STATUS), toVendor: lookup(invert(TASK_STATUS)) },
		{ neutral: 'priority', vendor: 'hs_task_priority', toNeutral: lookup(TASK_PRIORITY), toVendor: lookup(invert(TASK_PRIORITY)) },
		{ neutral: 'dueDate', vendor: 'hs_timestamp', toNeutral: asIso, toVendor: asIso },
		{ neutral: 'ownerId', vendor: 'hubspot_owner_id' },
	],
	note: [
		{ neutral: 'body', vendor: 'hs_note_body' },
		{ neutral: 'timestamp', vendor: 'hs_timestamp', toNeutral: asIso, toVendor: asIso },
		{ neutral: 'ownerId', vendor: 'hubspot_owner_id' },
	],
};

/** Properties HubSpot maintains itself; they are facts of the record, not vendor fields to carry. */
const SYSTEM = new Set(['hs_object_id', 'createdate', 'lastmodifieddate', 'hs_lastmodifieddate', 'hs_createdate']);

/** The HubSpot properties a neutral kind is mapped from (for `properties=` on reads). */
export function mappedProperties(type: NeutralType): string[] {
	return HUBSPOT_FIELDS[type].map((f) => f.vendor);
}

export function hubspotToNeutral(type: NeutralType, record: CrmRecord): IDataObject {
	const { fields, custom } = vendorToNeutral(HUBSPOT_FIELDS[type], record.properties, { system: SYSTEM });
	const out: IDataObject = { id: record.id, ...fields };
	completeName(type, out);
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
	const source: IDataObject = { ...neutral };
	completeName(type, source);
	return neutralToVendor(HUBSPOT_FIELDS[type], source, {
		clearValue: '',
		toVendor: asString,
		extra: (props) => {
			// HubSpot requires hs_timestamp on meetings; the start time is the natural one.
			if (type === 'appointment' && props.hs_meeting_start_time && props.hs_timestamp === undefined) {
				props.hs_timestamp = props.hs_meeting_start_time;
			}
		},
	});
}

/**
 * Notes and tasks cannot be created without `hs_timestamp`: "Required. This field marks the
 * note's time of creation" / "... the task's due date" (HubSpot notes and tasks API guides);
 * HubSpot refuses the create ("Some required properties were not set"). A create that has
 * none gets the moment of the write: for a note that is its time of creation, as HubSpot
 * means it; for a task without a due date it is the choice that invents no deadline (the
 * task is due as soon as it exists, like HubSpot's own API examples and a task logged in
 * its UI "today"), rather than a date the user never gave. Only creates: an update leaves
 * the stored timestamp alone, and an upsert may update, so it is not defaulted there.
 */
export function withRequiredTimestamp(objectType: string, properties: IDataObject, now: number): IDataObject {
	if (objectType !== 'tasks' && objectType !== 'notes') return properties;
	const stamp = properties.hs_timestamp;
	if (stamp !== undefined && stamp !== null && stamp !== '') return properties;
	return { ...properties, hs_timestamp: new Date(now).toISOString() };
}
