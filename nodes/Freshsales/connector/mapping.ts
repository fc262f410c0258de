import type { IDataObject } from 'n8n-workflow';
import { asDate, asIso, asNumber, neutralToVendor, vendorFields, vendorToNeutral } from '../../../shared/model/fieldMap';
import type { Convert, FieldMapping } from '../../../shared/model/fieldMap';
import { completeName } from '../../../shared/model/names';
import type { CrmRecord, NeutralType } from '../../../shared/types';
import { ENTITIES, TARGETABLE_OBJECT } from './objectTypes';

/*
 * Neutral record ↔ Freshsales fields. Reads take the flat `properties` of a
 * CrmRecord (custom fields `cf_*` merged in); writes produce flat fields that
 * the connector puts custom ones of under `custom_field`. Only fields present
 * in the input are written (absent = leave alone, null = clear). Freshsales
 * keeps dropdowns as ids (owner, stage, pipeline): they are carried as text.
 */

const asId: Convert = (v) => (v === null || v === undefined || v === '' ? null : String(v));
const asNumberId: Convert = (v) => {
	if (v === null || v === undefined || v === '') return null;
	const n = Number(v);
	return Number.isFinite(n) ? n : v;
};

const address: FieldMapping[] = [
	{ neutral: 'address.street', vendor: 'address' },
	{ neutral: 'address.city', vendor: 'city' },
	{ neutral: 'address.state', vendor: 'state' },
	{ neutral: 'address.postalCode', vendor: 'zipcode' },
	{ neutral: 'address.country', vendor: 'country' },
];

const owner: FieldMapping = { neutral: 'ownerId', vendor: 'owner_id', toNeutral: asId, toVendor: asNumberId };

/** Freshsales task status: 0 open, 1 completed (developers.freshworks.com/crm/api, Tasks). */
const taskStatus: FieldMapping = {
	neutral: 'status',
	vendor: 'status',
	toNeutral: (v) => (Number(v) === 1 ? 'completed' : 'notStarted'),
	toVendor: (v) => (v === 'completed' ? 1 : 0),
};

export const FRESHSALES_FIELDS: Record<NeutralType, FieldMapping[]> = {
	contact: [
		{ neutral: 'firstName', vendor: 'first_name' },
		{ neutral: 'lastName', vendor: 'last_name' },
		{ neutral: 'email', vendor: 'email', toNeutral: (v) => (typeof v === 'string' ? v.toLowerCase() : v) },
		{ neutral: 'phone', vendor: 'work_number' },
		{ neutral: 'mobilePhone', vendor: 'mobile_number' },
		{ neutral: 'jobTitle', vendor: 'job_title' },
		owner,
		...address,
	],
	// Freshsales has no separate leads in the Sales Suite: a lead is a contact (lifecycle stage).
	lead: [
		{ neutral: 'firstName', vendor: 'first_name' },
		{ neutral: 'lastName', vendor: 'last_name' },
		{ neutral: 'email', vendor: 'email', toNeutral: (v) => (typeof v === 'string' ? v.toLowerCase() : v) },
		{ neutral: 'phone', vendor: 'work_number' },
		{ neutral: 'mobilePhone', vendor: 'mobile_number' },
		{ neutral: 'jobTitle', vendor: 'job_title' },
		owner,
		...address,
	],
	company: [
		{ neutral: 'name', vendor: 'name' },
		{ neutral: 'website', vendor: 'website' },
		{ neutral: 'phone', vendor: 'phone' },
		{ neutral: 'numberOfEmployees', vendor: 'number_of_employees', toNeutral: asNumber, toVendor: asNumber },
		{ neutral: 'annualRevenue', vendor: 'annual_revenue', toNeutral: asNumber, toVendor: asNumber },
		owner,
		...address,
	],
	deal: [
		{ neutral: 'name', vendor: 'name' },
		{ neutral: 'amount', vendor: 'amount', toNeutral: asNumber, toVendor: asNumber },
		{ neutral: 'stage', vendor: 'deal_stage_id', toNeutral: asId, toVendor: asNumberId },
		{ neutral: 'pipeline', vendor: 'deal_pipeline_id', toNeutral: asId, toVendor: asNumberId },
		{ neutral: 'closeDate', vendor: 'expected_close', toNeutral: asDate, toVendor: asDate },
		owner,
	],
	appointment: [
		{ neutral: 'title', vendor: 'title' },
		{ neutral: 'description', vendor: 'description' },
		{ neutral: 'startTime', vendor: 'from_date', toNeutral: asIso, toVendor: asIso },
		{ neutral: 'endTime', vendor: 'end_date', toNeutral: asIso, toVendor: asIso },
		{ neutral: 'timeZone', vendor: 'time_zone' },
		{ neutral: 'location', vendor: 'location' },
	],
	task: [
		{ neutral: 'subject', vendor: 'title' },
		{ neutral: 'body', vendor: 'description' },
		{ neutral: 'dueDate', vendor: 'due_date', toNeutral: asIso, toVendor: asIso },
		taskStatus,
		owner,
	],
	note: [
		{ neutral: 'body', vendor: 'description' },
		{ neutral: 'timestamp', vendor: 'created_at', toNeutral: asIso, readOnly: true },
		{ neutral: 'ownerId', vendor: 'creater_id', toNeutral: asId, readOnly: true },
	],
};

/** Facts Freshsales keeps itself, and fields read outside the table; not carried under `custom`. */
const SYSTEM = new Set([
	'id',
	'created_at',
	'updated_at',
	'display_name',
	'emails',
	'custom_field',
	'targetable_type',
	'targetable_id',
	'sales_account_id',
	'sales_accounts',
	'creater_id',
	'updater_id',
	'avatar',
	'is_deleted',
	'links',
]);

/** What a task, appointment, note or activity belongs to (`targetable_*`), and a deal's account. */
function associationsOf(p: IDataObject): Array<{ kind: NeutralType; id: string }> {
	const out: Array<{ kind: NeutralType; id: string }> = [];
	const target = TARGETABLE_OBJECT[String(p.targetable_type ?? '')];
	if (target && p.targetable_id !== undefined && p.targetable_id !== null) out.push({ kind: ENTITIES[target].neutral, id: String(p.targetable_id) });
	if (p.sales_account_id !== undefined && p.sales_account_id !== null && p.sales_account_id !== '') out.push({ kind: 'company', id: String(p.sales_account_id) });
	return out;
}

/** Freshsales record → neutral record; unmapped fields (custom `cf_*` ones by name) go under `custom`. */
export function freshsalesToNeutral(type: NeutralType, record: CrmRecord): IDataObject {
	const p = record.properties;
	const { fields, custom } = vendorToNeutral(FRESHSALES_FIELDS[type], p, { system: SYSTEM });
	const out: IDataObject = { id: record.id, ...fields };
	if (type === 'contact' || type === 'lead') {
		if (out.email === undefined && Array.isArray(p.emails)) {
			const primary = (p.emails as IDataObject[]).find((e) => e.is_primary) ?? (p.emails as IDataObject[])[0];
			if (primary?.value) out.email = String(primary.value).toLowerCase();
		}
		completeName(type, out);
	}
	if (type === 'deal' || type === 'appointment' || type === 'task' || type === 'note') {
		const links = associationsOf(p);
		if (links.length) out.associations = links;
	}
	if (record.createdAt) out.createdAt = record.createdAt;
	if (record.updatedAt) out.updatedAt = record.updatedAt;
	out.custom = custom;
	return out;
}

/** The `targetable_type` of a neutral kind a task, appointment or note may belong to. */
const TARGETABLE_TYPE: Partial<Record<NeutralType, string>> = { contact: 'Contact', company: 'SalesAccount', deal: 'Deal' };

/**
 * Neutral record → flat Freshsales fields. A task, appointment or note belongs
 * to one record (`targetable_type`/`targetable_id`): the first association of
 * a contact, company or deal; a deal's first company is its account.
 */
export function neutralToFreshsales(type: NeutralType, neutral: IDataObject): IDataObject {
	return neutralToVendor(FRESHSALES_FIELDS[type], neutral, {
		system: SYSTEM,
		extra: (out) => {
			const links = neutral.associations as Array<{ kind: NeutralType; id: string }> | null | undefined;
			if (!Array.isArray(links)) return;
			if (type === 'deal') {
				const company = links.find((l) => l.kind === 'company');
				if (company) out.sales_account_id = asNumberId(company.id) as IDataObject[string];
				return;
			}
			if (type === 'appointment' || type === 'task' || type === 'note') {
				const target = links.find((l) => TARGETABLE_TYPE[l.kind]);
				if (target) {
					out.targetable_type = TARGETABLE_TYPE[target.kind] as string;
					out.targetable_id = asNumberId(target.id) as IDataObject[string];
				}
			}
		},
	});
}

/** The Freshsales fields a neutral kind is read from (for the Sync node's field lists). */
export function mappedFields(type: NeutralType): string[] {
	const extra: Partial<Record<NeutralType, string[]>> = {
		contact: ['emails'],
		lead: ['emails'],
		deal: ['sales_account_id'],
		appointment: ['targetable_type', 'targetable_id'],
		task: ['targetable_type', 'targetable_id'],
		note: ['targetable_type', 'targetable_id'],
	};
	return [...new Set([...vendorFields(FRESHSALES_FIELDS[type]), ...(extra[type] ?? [])])];
}
