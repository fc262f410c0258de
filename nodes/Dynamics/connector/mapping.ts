import type { IDataObject } from 'n8n-workflow';
import { asDate, asIso, asNumber, neutralToVendor, vendorFields, vendorToNeutral } from '../../../shared/model/fieldMap';
import type { Convert, FieldMapping } from '../../../shared/model/fieldMap';
import { completeName } from '../../../shared/model/names';
import type { CrmRecord, NeutralType } from '../../../shared/types';
import { TABLE_BY_LOGICAL } from './objectTypes';

/*
 * Neutral record ↔ Dataverse columns (logical names from Microsoft's table
 * reference pages: contact, lead, account, opportunity, appointment, task,
 * phonecall, annotation). Reads take the row's columns; a lookup is read as
 * `_<column>_value` (+ `@Microsoft.Dynamics.CRM.lookuplogicalname`) and written
 * as `<navigation property>@odata.bind` (webapi/associate-disassociate-entities-using-web-api).
 */

const address: FieldMapping[] = [
	{ neutral: 'address.street', vendor: 'address1_line1' },
	{ neutral: 'address.city', vendor: 'address1_city' },
	{ neutral: 'address.state', vendor: 'address1_stateorprovince' },
	{ neutral: 'address.postalCode', vendor: 'address1_postalcode' },
	{ neutral: 'address.country', vendor: 'address1_country' },
];

const owner: FieldMapping = { neutral: 'ownerId', vendor: '_ownerid_value', readOnly: true };
const lower: Convert = (v) => (typeof v === 'string' ? v.toLowerCase() : v);

/** Activity state (`statecode`): task 0 Open, 1 Completed, 2 Canceled (reference/entities/task). */
const taskStatus: FieldMapping = {
	neutral: 'status',
	vendor: 'statecode',
	toNeutral: (v) => (Number(v) === 1 ? 'completed' : Number(v) === 2 ? 'deferred' : 'notStarted'),
	toVendor: (v) => (v === 'completed' ? 1 : v === 'deferred' ? 2 : 0),
};

/** Task priority (`prioritycode`): 0 Low, 1 Normal, 2 High. */
const taskPriority: FieldMapping = {
	neutral: 'priority',
	vendor: 'prioritycode',
	toNeutral: (v) => (v === 0 ? 'low' : v === 2 ? 'high' : v === 1 ? 'normal' : null),
	toVendor: (v) => (v === 'low' ? 0 : v === 'high' ? 2 : v === 'normal' ? 1 : null),
};

const person: FieldMapping[] = [
	{ neutral: 'firstName', vendor: 'firstname' },
	{ neutral: 'lastName', vendor: 'lastname' },
	{ neutral: 'fullName', vendor: 'fullname', readOnly: true },
	{ neutral: 'email', vendor: 'emailaddress1', toNeutral: lower },
	{ neutral: 'phone', vendor: 'telephone1' },
	{ neutral: 'mobilePhone', vendor: 'mobilephone' },
	{ neutral: 'jobTitle', vendor: 'jobtitle' },
	owner,
	...address,
];

export const DYNAMICS_FIELDS: Record<NeutralType, FieldMapping[]> = {
	contact: person,
	lead: [...person, { neutral: 'company', vendor: 'companyname' }],
	company: [
		{ neutral: 'name', vendor: 'name' },
		{ neutral: 'website', vendor: 'websiteurl' },
		{ neutral: 'phone', vendor: 'telephone1' },
		{ neutral: 'description', vendor: 'description' },
		{ neutral: 'numberOfEmployees', vendor: 'numberofemployees', toNeutral: asNumber, toVendor: asNumber },
		{ neutral: 'annualRevenue', vendor: 'revenue', toNeutral: asNumber, toVendor: asNumber },
		owner,
		...address,
	],
	deal: [
		{ neutral: 'name', vendor: 'name' },
		{ neutral: 'amount', vendor: 'estimatedvalue', toNeutral: asNumber, toVendor: asNumber },
		{ neutral: 'stage', vendor: 'stepname' },
		{ neutral: 'closeDate', vendor: 'estimatedclosedate', toNeutral: asDate, toVendor: asDate },
		{ neutral: 'description', vendor: 'description' },
		owner,
	],
	appointment: [
		{ neutral: 'title', vendor: 'subject' },
		{ neutral: 'description', vendor: 'description' },
		{ neutral: 'startTime', vendor: 'scheduledstart', toNeutral: asIso, toVendor: asIso },
		{ neutral: 'endTime', vendor: 'scheduledend', toNeutral: asIso, toVendor: asIso },
		{ neutral: 'location', vendor: 'location' },
		owner,
	],
	task: [
		{ neutral: 'subject', vendor: 'subject' },
		{ neutral: 'body', vendor: 'description' },
		{ neutral: 'dueDate', vendor: 'scheduledend', toNeutral: asIso, toVendor: asIso },
		taskStatus,
		taskPriority,
		owner,
	],
	note: [
		{ neutral: 'body', vendor: 'notetext' },
		{ neutral: 'timestamp', vendor: 'createdon', toNeutral: asIso, readOnly: true },
		owner,
	],
};

/** Columns Dataverse maintains itself; never carried under `custom`. */
const SYSTEM = (field: string) =>
	field.includes('@') ||
	/^_(createdby|modifiedby|createdonbehalfby|modifiedonbehalfby|owningbusinessunit|owninguser|owningteam|transactioncurrencyid)_value$/.test(field) ||
	['createdon', 'modifiedon', 'versionnumber', 'statecode', 'statuscode', 'timezoneruleversionnumber', 'utcconversiontimezonecode', 'importsequencenumber', 'overriddencreatedon', 'exchangerate'].includes(field) ||
	/^(contactid|leadid|accountid|opportunityid|activityid|annotationid)$/.test(field);

/** The single-valued navigation property a lookup column is written through, per target table. */
const REGARDING: Partial<Record<NeutralType, string>> = { contact: 'contact', company: 'account', deal: 'opportunity', lead: 'lead' };
const ACTIVITY_OF: Partial<Record<NeutralType, string>> = { appointment: 'appointment', task: 'task' };
const SET_OF: Record<string, string> = { contact: 'contacts', account: 'accounts', opportunity: 'opportunities', lead: 'leads' };

/** What a deal, activity or note belongs to, from its lookups. */
function associationsOf(type: NeutralType, p: IDataObject): Array<{ kind: NeutralType; id: string }> {
	const out: Array<{ kind: NeutralType; id: string }> = [];
	// A row as written (what fromNeutral makes) names its links by `<navigation>@odata.bind`.
	for (const [key, value] of Object.entries(p)) {
		const m = /^(?:parentaccountid|parentcontactid|regardingobjectid_(\w+?)_(?:appointment|task|phonecall)|objectid_(\w+))@odata\.bind$/.exec(key);
		const ref = /^\/?(\w+)\(([0-9a-fA-F-]{36})\)$/.exec(String(value ?? ''));
		if (!m || !ref) continue;
		const kind = [...TABLE_BY_LOGICAL.values()].find((t) => t.entitySet === ref[1])?.neutral;
		if (kind) out.push({ kind, id: ref[2] });
	}
	if (out.length) return out;
	const push = (column: string) => {
		const id = p[`_${column}_value`];
		if (id === undefined || id === null || id === '') return;
		const table = String(p[`_${column}_value@Microsoft.Dynamics.CRM.lookuplogicalname`] ?? '');
		const kind = TABLE_BY_LOGICAL.get(table)?.neutral;
		if (kind) out.push({ kind, id: String(id) });
	};
	if (type === 'deal') {
		const account = p._parentaccountid_value;
		if (account) out.push({ kind: 'company', id: String(account) });
		const contact = p._parentcontactid_value;
		if (contact) out.push({ kind: 'contact', id: String(contact) });
	}
	if (type === 'appointment' || type === 'task') push('regardingobjectid');
	if (type === 'note') push('objectid');
	return out;
}

/** Dataverse row → neutral record; unmapped columns go under `custom`. */
export function dynamicsToNeutral(type: NeutralType, record: CrmRecord): IDataObject {
	const p = record.raw && Object.keys(record.raw).length ? record.raw : record.properties;
	const { fields, custom } = vendorToNeutral(DYNAMICS_FIELDS[type], p, { system: SYSTEM, used: ['_regardingobjectid_value', '_objectid_value', '_parentaccountid_value', '_parentcontactid_value', 'objecttypecode', '_ownerid_value'] });
	const out: IDataObject = { id: record.id, ...fields };
	if (type === 'contact' || type === 'lead') completeName(type, out);
	if (type === 'deal' || type === 'appointment' || type === 'task' || type === 'note') {
		const links = associationsOf(type, p);
		if (links.length) out.associations = links;
	}
	if (record.createdAt) out.createdAt = record.createdAt;
	if (record.updatedAt) out.updatedAt = record.updatedAt;
	out.custom = custom;
	return out;
}

/**
 * Neutral record → Dataverse columns. Associations become `@odata.bind`:
 * a deal's company `parentaccountid`, its contact `parentcontactid`; an
 * activity's first contact/company/deal/lead `regardingobjectid_<table>_<activity>`;
 * a note's `objectid_<table>` (reference/entities/annotation: objectid).
 */
export function neutralToDynamics(type: NeutralType, neutral: IDataObject): IDataObject {
	return neutralToVendor(DYNAMICS_FIELDS[type], neutral, {
		system: SYSTEM,
		extra: (out) => {
			const links = neutral.associations as Array<{ kind: NeutralType; id: string }> | null | undefined;
			if (!Array.isArray(links)) return;
			if (type === 'deal') {
				const company = links.find((l) => l.kind === 'company');
				if (company) out['parentaccountid@odata.bind'] = `/accounts(${company.id})`;
				const contact = links.find((l) => l.kind === 'contact');
				if (contact) out['parentcontactid@odata.bind'] = `/contacts(${contact.id})`;
				return;
			}
			const target = links.find((l) => REGARDING[l.kind]);
			if (!target) return;
			const table = REGARDING[target.kind] as string;
			if (type === 'note') out[`objectid_${table}@odata.bind`] = `/${SET_OF[table]}(${target.id})`;
			const activity = ACTIVITY_OF[type];
			if (activity) out[`regardingobjectid_${table}_${activity}@odata.bind`] = `/${SET_OF[table]}(${target.id})`;
		},
	});
}

/**
 * The regarding binds of a row written to another activity table than the kind's own: CRM Sync
 * and the neutral mapping know phone calls as tasks, so `fromNeutral('task', …)` writes
 * `regardingobjectid_<table>_task@odata.bind`, which a phone call names
 * `regardingobjectid_<table>_phonecall` (reference/entities/phonecall, single-valued navigation
 * properties). Other properties are left as they are.
 */
export function bindsForTable(logicalName: string, properties: IDataObject): IDataObject {
	if (logicalName !== 'phonecall' && logicalName !== 'appointment') return properties;
	let out: IDataObject | undefined;
	for (const key of Object.keys(properties)) {
		const m = /^regardingobjectid_(\w+?)_task@odata\.bind$/.exec(key);
		if (!m) continue;
		out ??= { ...properties };
		out[`regardingobjectid_${m[1]}_${logicalName}@odata.bind`] = out[key];
		delete out[key];
	}
	return out ?? properties;
}

/** The Dataverse columns a neutral kind is read from (for `$select` and the Sync node's field lists). */
export function mappedFields(type: NeutralType): string[] {
	const extra: Partial<Record<NeutralType, string[]>> = {
		deal: ['_parentaccountid_value', '_parentcontactid_value'],
		appointment: ['_regardingobjectid_value'],
		task: ['_regardingobjectid_value'],
		note: ['_objectid_value'],
	};
	return [...new Set([...vendorFields(DYNAMICS_FIELDS[type]), ...(extra[type] ?? [])])];
}
