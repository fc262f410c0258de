import type { IDataObject } from 'n8n-workflow';
import { asIso, asNumber, lookup, neutralToVendor, vendorFields, vendorToNeutral } from '../../../shared/model/fieldMap';
import type { Convert, FieldMapping } from '../../../shared/model/fieldMap';
import { completeName } from '../../../shared/model/names';
import type { CrmRecord, NeutralType } from '../../../shared/types';

/*
 * Neutral record ↔ Zoho CRM fields (API names of the standard layouts).
 * Lookups (Owner, Account_Name, What_Id, Who_Id, Parent_Id) are `{ id, name }`
 * objects in Zoho's answers and are written as `{ id }`. Date-times are
 * written as `yyyy-MM-ddTHH:mm:ss±HH:mm` (Zoho's v8 field formats: no
 * milliseconds); dates as `yyyy-MM-dd`.
 */

const idOf: Convert = (v) => (v && typeof v === 'object' ? ((v as IDataObject).id ?? null) : v === '' || v === undefined ? null : v);
const asLookup: Convert = (v) => (v === null || v === undefined || v === '' ? null : { id: String(idOf(v)) });

/** ISO 8601 → Zoho's date-time (whole seconds, offset). */
export const asZohoDateTime: Convert = (v) => {
	const iso = asIso(v);
	if (typeof iso !== 'string') return iso;
	const d = new Date(iso);
	return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace(/\.\d{3}Z$/, '+00:00');
};

const asZohoDate: Convert = (v) => {
	if (v === null || v === undefined || v === '') return null;
	const text = String(v);
	return /^\d{4}-\d{2}-\d{2}/.test(text) ? text.slice(0, 10) : text;
};

const lower: Convert = (v) => (typeof v === 'string' ? v.toLowerCase() : v);
const owner: FieldMapping = { neutral: 'ownerId', vendor: 'Owner', toNeutral: (v) => (idOf(v) === null ? null : String(idOf(v))), toVendor: asLookup };

/** Zoho task Status picklist ↔ neutral status (values of the standard layout). */
const TASK_STATUS: Record<string, string> = {
	'Not Started': 'notStarted',
	'In Progress': 'inProgress',
	'Waiting for input': 'waiting',
	Completed: 'completed',
	Deferred: 'deferred',
};
const TASK_STATUS_BACK: Record<string, string> = Object.fromEntries(Object.entries(TASK_STATUS).map(([k, v]) => [v, k]));
const PRIORITY: Record<string, string> = { Lowest: 'low', Low: 'low', Normal: 'normal', High: 'high', Highest: 'high' };
const PRIORITY_BACK: Record<string, string> = { low: 'Low', normal: 'Normal', high: 'High' };

const person = (addressPrefix: 'Mailing_' | ''): FieldMapping[] => [
	{ neutral: 'firstName', vendor: 'First_Name' },
	{ neutral: 'lastName', vendor: 'Last_Name' },
	{ neutral: 'fullName', vendor: 'Full_Name', readOnly: true },
	{ neutral: 'email', vendor: 'Email', toNeutral: lower },
	{ neutral: 'phone', vendor: 'Phone' },
	{ neutral: 'mobilePhone', vendor: 'Mobile' },
	owner,
	{ neutral: 'address.street', vendor: `${addressPrefix}Street` },
	{ neutral: 'address.city', vendor: `${addressPrefix}City` },
	{ neutral: 'address.state', vendor: `${addressPrefix}State` },
	{ neutral: 'address.postalCode', vendor: addressPrefix ? 'Mailing_Zip' : 'Zip_Code' },
	{ neutral: 'address.country', vendor: `${addressPrefix}Country` },
];

export const ZOHO_FIELDS: Record<NeutralType, FieldMapping[]> = {
	contact: [...person('Mailing_'), { neutral: 'jobTitle', vendor: 'Title' }],
	lead: [
		...person(''),
		{ neutral: 'jobTitle', vendor: 'Designation' },
		{ neutral: 'company', vendor: 'Company' },
		{ neutral: 'status', vendor: 'Lead_Status' },
		{ neutral: 'source', vendor: 'Lead_Source' },
	],
	company: [
		{ neutral: 'name', vendor: 'Account_Name' },
		{ neutral: 'website', vendor: 'Website' },
		{ neutral: 'phone', vendor: 'Phone' },
		{ neutral: 'industry', vendor: 'Industry' },
		{ neutral: 'description', vendor: 'Description' },
		{ neutral: 'numberOfEmployees', vendor: 'Employees', toNeutral: asNumber, toVendor: asNumber },
		{ neutral: 'annualRevenue', vendor: 'Annual_Revenue', toNeutral: asNumber, toVendor: asNumber },
		owner,
		{ neutral: 'address.street', vendor: 'Billing_Street' },
		{ neutral: 'address.city', vendor: 'Billing_City' },
		{ neutral: 'address.state', vendor: 'Billing_State' },
		{ neutral: 'address.postalCode', vendor: 'Billing_Code' },
		{ neutral: 'address.country', vendor: 'Billing_Country' },
	],
	deal: [
		{ neutral: 'name', vendor: 'Deal_Name' },
		{ neutral: 'amount', vendor: 'Amount', toNeutral: asNumber, toVendor: asNumber },
		{ neutral: 'stage', vendor: 'Stage' },
		{ neutral: 'pipeline', vendor: 'Pipeline' },
		{ neutral: 'closeDate', vendor: 'Closing_Date', toNeutral: asZohoDate, toVendor: asZohoDate },
		{ neutral: 'description', vendor: 'Description' },
		owner,
	],
	appointment: [
		{ neutral: 'title', vendor: 'Event_Title' },
		{ neutral: 'startTime', vendor: 'Start_DateTime', toNeutral: asIso, toVendor: asZohoDateTime },
		{ neutral: 'endTime', vendor: 'End_DateTime', toNeutral: asIso, toVendor: asZohoDateTime },
		{ neutral: 'location', vendor: 'Venue' },
		{ neutral: 'description', vendor: 'Description' },
		owner,
	],
	task: [
		{ neutral: 'subject', vendor: 'Subject' },
		{ neutral: 'body', vendor: 'Description' },
		{ neutral: 'status', vendor: 'Status', toNeutral: lookup(TASK_STATUS), toVendor: lookup(TASK_STATUS_BACK) },
		{ neutral: 'priority', vendor: 'Priority', toNeutral: lookup(PRIORITY), toVendor: lookup(PRIORITY_BACK) },
		{ neutral: 'dueDate', vendor: 'Due_Date', toNeutral: (v) => asIso(v), toVendor: asZohoDate },
		owner,
	],
	note: [
		{ neutral: 'body', vendor: 'Note_Content' },
		{ neutral: 'timestamp', vendor: 'Created_Time', toNeutral: asIso, readOnly: true },
		owner,
	],
};

/** Facts Zoho keeps itself, and fields read outside the table; never carried in `custom`. */
const SYSTEM = (field: string) =>
	field.startsWith('$') ||
	['id', 'Created_Time', 'Modified_Time', 'Created_By', 'Modified_By', 'Tag', 'Full_Name', 'What_Id', 'Who_Id', 'Parent_Id', 'Account_Name', 'Contact_Name', 'Note_Title'].includes(field);

/** The neutral kind a parent module is. */
const MODULE_KIND: Record<string, NeutralType> = { Leads: 'lead', Contacts: 'contact', Accounts: 'company', Deals: 'deal' };
const KIND_MODULE: Partial<Record<NeutralType, string>> = { lead: 'Leads', contact: 'Contacts', company: 'Accounts', deal: 'Deals' };

/** What an activity, note or deal belongs to. */
function associationsOf(type: NeutralType, p: IDataObject): Array<{ kind: NeutralType; id: string }> {
	const out: Array<{ kind: NeutralType; id: string }> = [];
	const add = (kind: NeutralType | undefined, v: unknown) => {
		const id = idOf(v);
		if (kind && id !== null && id !== undefined && id !== '') out.push({ kind, id: String(id) });
	};
	if (type === 'note') {
		const parent = p.Parent_Id as IDataObject | undefined;
		add(MODULE_KIND[String(((parent?.module ?? {}) as IDataObject).api_name ?? '')], parent);
	}
	if (type === 'task' || type === 'appointment') {
		add(MODULE_KIND[String(p.$se_module ?? '')], p.What_Id);
		add('contact', p.Who_Id);
	}
	if (type === 'deal') {
		add('company', p.Account_Name);
		add('contact', p.Contact_Name);
	}
	if (type === 'contact') add('company', p.Account_Name);
	return out;
}

/** Zoho record → neutral record; unmapped fields go under `custom` by API name. */
export function zohoToNeutral(type: NeutralType, record: CrmRecord): IDataObject {
	const p = record.properties;
	const { fields, custom } = vendorToNeutral(ZOHO_FIELDS[type], p, { system: SYSTEM });
	const out: IDataObject = { id: record.id, ...fields };
	if (type === 'contact' || type === 'lead') completeName(type, out);
	const links = associationsOf(type, p);
	if (links.length && type !== 'contact') out.associations = links;
	if (record.createdAt) out.createdAt = record.createdAt;
	if (record.updatedAt) out.updatedAt = record.updatedAt;
	out.custom = custom;
	return out;
}

/**
 * Neutral record → Zoho fields. A note belongs to one record (`Parent_Id`
 * `{ module: { api_name }, id }`, crm-oas notes.json); an activity to one
 * (`What_Id` + `$se_module`) and a contact (`Who_Id`); a deal to an account
 * and a contact.
 */
export function neutralToZoho(type: NeutralType, neutral: IDataObject): IDataObject {
	return neutralToVendor(ZOHO_FIELDS[type], neutral, {
		system: SYSTEM,
		extra: (out) => {
			const links = neutral.associations as Array<{ kind: NeutralType; id: string }> | null | undefined;
			if (!Array.isArray(links)) return;
			const first = (kinds: NeutralType[]) => links.find((l) => kinds.includes(l.kind));
			if (type === 'note') {
				const parent = first(['lead', 'contact', 'company', 'deal']);
				if (parent) out.Parent_Id = { module: { api_name: KIND_MODULE[parent.kind] as string }, id: String(parent.id) };
			}
			if (type === 'task' || type === 'appointment') {
				const what = first(['lead', 'company', 'deal']);
				if (what) {
					out.What_Id = { id: String(what.id) };
					out.$se_module = KIND_MODULE[what.kind] as string;
				}
				const who = first(['contact']);
				if (who) out.Who_Id = { id: String(who.id) };
			}
			if (type === 'deal') {
				const account = first(['company']);
				if (account) out.Account_Name = { id: String(account.id) };
				const contact = first(['contact']);
				if (contact) out.Contact_Name = { id: String(contact.id) };
			}
		},
	});
}

/** The Zoho fields a neutral kind is read from (for listings and the Sync node's field lists). */
export function mappedFields(type: NeutralType): string[] {
	const extra: Partial<Record<NeutralType, string[]>> = {
		contact: ['Account_Name'],
		deal: ['Account_Name', 'Contact_Name'],
		appointment: ['What_Id', 'Who_Id', '$se_module'],
		task: ['What_Id', 'Who_Id', '$se_module'],
		note: ['Parent_Id'],
	};
	return [...new Set([...vendorFields(ZOHO_FIELDS[type]), ...(extra[type] ?? [])])];
}
