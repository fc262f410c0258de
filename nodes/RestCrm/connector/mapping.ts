import type { IDataObject } from 'n8n-workflow';
import { asDate, asIso, asIsoDay, asNumber, invert, lookup, neutralToVendor, vendorFields, vendorToNeutral } from '../../../shared/model/fieldMap';
import type { Convert, FieldMapping } from '../../../shared/model/fieldMap';
import { completeName } from '../../../shared/model/names';
import type { CrmRecord, NeutralType } from '../../../shared/types';

/*
 * Neutral record ↔ the standard REST CRM API's fields (GENERIC-API.md). Only
 * fields present in the input are written (absent = leave alone, null = clear).
 * Ids of other records (`owner_id`, `client_id`) are integers in the API and
 * text in the neutral model.
 */

const asId: Convert = (v) => (v === null || v === undefined || v === '' ? null : String(v));
const asIntId: Convert = (v) => {
	if (v === null || v === undefined || v === '') return null;
	const n = Number(v);
	return Number.isInteger(n) ? n : v;
};

const owner = (vendor = 'owner_id'): FieldMapping => ({ neutral: 'ownerId', vendor, toNeutral: asId, toVendor: asIntId });

/** Task status: the API's four states and the model's (shared/model/taskValues.ts). */
const STATUS_TO_NEUTRAL: Record<string, string> = { open: 'notStarted', in_progress: 'inProgress', blocked: 'waiting', done: 'completed' };
const STATUS_TO_VENDOR: Record<string, string> = { ...invert(STATUS_TO_NEUTRAL), deferred: 'blocked' };
const PRIORITY_TO_NEUTRAL: Record<string, string> = { low: 'low', medium: 'normal', high: 'high', urgent: 'high' };
const PRIORITY_TO_VENDOR: Record<string, string> = { low: 'low', normal: 'medium', high: 'high' };

export const REST_CRM_FIELDS: Record<NeutralType, FieldMapping[]> = {
	contact: [
		{ neutral: 'firstName', vendor: 'first_name' },
		{ neutral: 'lastName', vendor: 'last_name' },
		{ neutral: 'email', vendor: 'email', toNeutral: (v) => (typeof v === 'string' ? v.toLowerCase() : v) },
		{ neutral: 'phone', vendor: 'phone' },
		{ neutral: 'mobilePhone', vendor: 'mobile_phone' },
		{ neutral: 'jobTitle', vendor: 'job_title' },
		owner(),
		{ neutral: 'address.street', vendor: 'street' },
		{ neutral: 'address.city', vendor: 'city' },
		{ neutral: 'address.state', vendor: 'state' },
		{ neutral: 'address.postalCode', vendor: 'postal_code' },
		{ neutral: 'address.country', vendor: 'country' },
	],
	// The API has no leads: CRM Sync and the CRM node see none (the definition has no lead object).
	lead: [],
	company: [
		{ neutral: 'name', vendor: 'name' },
		{ neutral: 'phone', vendor: 'phone' },
		{ neutral: 'website', vendor: 'website' },
		owner(),
	],
	deal: [
		{ neutral: 'name', vendor: 'name' },
		{ neutral: 'amount', vendor: 'amount', toNeutral: asNumber, toVendor: asNumber },
		{ neutral: 'currency', vendor: 'currency' },
		{ neutral: 'stage', vendor: 'stage' },
		{ neutral: 'closeDate', vendor: 'close_date', toNeutral: asDate, toVendor: asDate },
		{ neutral: 'description', vendor: 'description' },
		owner(),
	],
	appointment: [
		{ neutral: 'title', vendor: 'subject' },
		{ neutral: 'description', vendor: 'description' },
		{ neutral: 'startTime', vendor: 'starts_at', toNeutral: asIso, toVendor: asIso },
		{ neutral: 'endTime', vendor: 'ends_at', toNeutral: asIso, toVendor: asIso },
		{ neutral: 'location', vendor: 'location' },
		owner(),
	],
	task: [
		{ neutral: 'subject', vendor: 'title' },
		{ neutral: 'body', vendor: 'description' },
		{ neutral: 'status', vendor: 'status', toNeutral: lookup(STATUS_TO_NEUTRAL), toVendor: lookup(STATUS_TO_VENDOR) },
		{ neutral: 'priority', vendor: 'priority', toNeutral: lookup(PRIORITY_TO_NEUTRAL), toVendor: lookup(PRIORITY_TO_VENDOR) },
		// A due day (the API keeps no time): midnight UTC in the model.
		{ neutral: 'dueDate', vendor: 'due_date', toNeutral: asIso, toVendor: asIsoDay },
		owner('assignee_id'),
	],
	note: [
		{ neutral: 'body', vendor: 'body' },
		owner('author_id'),
		{ neutral: 'timestamp', vendor: 'created_at', toNeutral: asIso, readOnly: true },
	],
};

/** Facts the API keeps itself, and link fields read outside the table; never carried under `custom`. */
const SYSTEM = new Set(['id', 'created_at', 'updated_at', 'client_id', 'contact_id', 'deal_id', 'project_id', 'entity_type', 'entity_id']);

/** The kind a `*_id` link field points at. */
const LINKS: Array<{ field: string; kind: NeutralType }> = [
	{ field: 'client_id', kind: 'company' },
	{ field: 'contact_id', kind: 'contact' },
	{ field: 'deal_id', kind: 'deal' },
];

/** Which links each kind writes (deals: client and contact; activities: all three). */
const LINKED: Partial<Record<NeutralType, string[]>> = { deal: ['client_id', 'contact_id'], appointment: ['client_id', 'contact_id', 'deal_id'], contact: ['client_id'] };

function associationsOf(type: NeutralType, p: IDataObject): Array<{ kind: NeutralType; id: string }> {
	const out: Array<{ kind: NeutralType; id: string }> = [];
	for (const link of LINKS) {
		if (!LINKED[type]?.includes(link.field)) continue;
		const value = p[link.field];
		if (value !== undefined && value !== null && value !== '') out.push({ kind: link.kind, id: String(value) });
	}
	// A comment on a client is a note on a company.
	if (type === 'note' && p.entity_type === 'client' && p.entity_id !== null && p.entity_id !== undefined) out.push({ kind: 'company', id: String(p.entity_id) });
	return out;
}

export function restCrmToNeutral(type: NeutralType, record: CrmRecord): IDataObject {
	const p = record.properties;
	const { fields, custom } = vendorToNeutral(REST_CRM_FIELDS[type], p, { system: SYSTEM });
	const out: IDataObject = { id: record.id, ...fields };
	if (type === 'contact') completeName(type, out);
	const links = associationsOf(type, p);
	if (links.length) out.associations = links;
	if (record.createdAt) out.createdAt = record.createdAt;
	if (record.updatedAt) out.updatedAt = record.updatedAt;
	out.custom = custom;
	return out;
}

export function neutralToRestCrm(type: NeutralType, neutral: IDataObject): IDataObject {
	return neutralToVendor(REST_CRM_FIELDS[type], neutral, {
		system: SYSTEM,
		extra: (out) => {
			const links = neutral.associations as Array<{ kind: NeutralType; id: string }> | null | undefined;
			if (!Array.isArray(links)) return;
			for (const link of LINKS) {
				if (!LINKED[type]?.includes(link.field)) continue;
				const target = links.find((l) => l.kind === link.kind);
				if (target) out[link.field] = asIntId(target.id) as IDataObject[string];
			}
			if (type === 'note') {
				const company = links.find((l) => l.kind === 'company');
				if (company) Object.assign(out, { entity_type: 'client', entity_id: asIntId(company.id) as number });
			}
		},
	});
}

/** The API fields a neutral kind is read from (the Sync node's field lists). */
export function mappedFields(type: NeutralType): string[] {
	return [...new Set([...vendorFields(REST_CRM_FIELDS[type]), ...(LINKED[type] ?? [])])];
}

/** A user-described resource's mapping: neutral path → its field, both ways (system fields kept out of `custom`). */
export function customTable(fieldMap: Record<string, string>): FieldMapping[] {
	return Object.entries(fieldMap).map(([neutral, vendor]) => ({ neutral, vendor }));
}
