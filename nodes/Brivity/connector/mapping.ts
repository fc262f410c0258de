import type { IDataObject } from 'n8n-workflow';
import { neutralToVendor, vendorFields, vendorToNeutral, type FieldMapping } from '../../../shared/model/fieldMap';
import { completeName } from '../../../shared/model/names';
import type { CrmRecord, NeutralType } from '../../../shared/types';

/*
 * Neutral contact ↔ Brivity person. Brivity names a field one way in the people
 * list and another in the v2 lead it is created by (`email_address` read,
 * `email` written; `phone_number` / `phone`; `agent_id` / `primary_agent_id`):
 * the table holds the list's names, and writes are renamed to the lead's.
 * Sources: the list's fields, https://github.com code search
 * "The 28 fields `/api/people` actually returns" (one team's probe of the live
 * API, 2,855 records); the lead's fields, public code posting to
 * https://secure.brivity.com/api/v2/leads. `locality` holds the state (the same
 * code sends the state as `locality`). Brivity has no field for a job title or
 * a company on a lead: they are read, never written.
 */

export const PERSON_FIELDS: FieldMapping[] = [
	{ neutral: 'firstName', vendor: 'first_name' },
	{ neutral: 'lastName', vendor: 'last_name' },
	{ neutral: 'email', vendor: 'email_address', toNeutral: (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v) },
	{ neutral: 'phone', vendor: 'phone_number' },
	{ neutral: 'company', vendor: 'company', readOnly: true },
	{ neutral: 'jobTitle', vendor: 'job_title', readOnly: true },
	{ neutral: 'ownerId', vendor: 'agent_id', toNeutral: (v) => String(v), toVendor: (v) => (/^\d+$/.test(String(v)) ? Number(v) : v) },
	{ neutral: 'address.street', vendor: 'street_address' },
	{ neutral: 'address.city', vendor: 'city' },
	{ neutral: 'address.state', vendor: 'locality' },
	{ neutral: 'address.postalCode', vendor: 'postal_code' },
	{ neutral: 'address.country', vendor: 'country' },
];

/**
 * A neutral lead's status and source go to the v2 lead's `status` and `source`
 * (LEAD_ONLY_FIELDS; the people list shows `source` and a `status`).
 */
const LEAD_FIELDS: FieldMapping[] = [...PERSON_FIELDS, { neutral: 'status', vendor: 'status' }, { neutral: 'source', vendor: 'source' }];

/** People-list name → v2 lead name, where they differ. */
const TO_LEAD: Record<string, string> = { email_address: 'email', phone_number: 'phone', agent_id: 'primary_agent_id' };
const FROM_LEAD = Object.fromEntries(Object.entries(TO_LEAD).map(([list, lead]) => [lead, list]));

/** Fields the people list carries that Brivity maintains itself: never sent, never `custom`. */
const SYSTEM = new Set([
	'id',
	'lead_id',
	'uuid',
	'account_id',
	'agent_uuid',
	'brivity_contact_detail_url',
	'market_report_count',
	'active_market_report_count',
	'type',
	'stage_type',
]);

/** The fields of a v2 lead (what `POST /api/v2/leads` takes), besides the ones the table writes. */
export const LEAD_ONLY_FIELDS = ['source', 'lead_type', 'status', 'description', 'tags'];

/** A person as the list shows it, whether its properties came from the list or from a lead body. */
function asListed(p: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(p)) out[FROM_LEAD[key] ?? key] = value;
	return out;
}

export function brivityToNeutral(type: NeutralType, record: CrmRecord): IDataObject {
	const { fields, custom } = vendorToNeutral(type === 'lead' ? LEAD_FIELDS : PERSON_FIELDS, asListed(record.properties), { system: SYSTEM });
	const out: IDataObject = { id: record.id, ...fields };
	completeName(type, out);
	out.custom = custom;
	return out;
}

/** Neutral contact or lead → the body of a v2 lead. */
export function neutralToBrivity(type: NeutralType, neutral: IDataObject): IDataObject {
	const listed = neutralToVendor(type === 'lead' ? LEAD_FIELDS : PERSON_FIELDS, neutral, { system: SYSTEM });
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(listed)) out[TO_LEAD[key] ?? key] = value;
	return out;
}

/** Brivity holds one kind (people), so the kind does not change the fields. */
export function mappedFields(): string[] {
	return vendorFields(PERSON_FIELDS);
}

/** Neutral fields Brivity returns but cannot write (no lead field holds them). */
export function unwritable(): string[] {
	return PERSON_FIELDS.filter((f) => f.readOnly).map((f) => f.neutral);
}
