import type { IDataObject } from 'n8n-workflow';
import { normalizeDomain } from '../../../shared/model/domain';
import { asDate, asIso, asNumber, lookup, neutralToVendor, vendorToNeutral } from '../../../shared/model/fieldMap';
import type { Convert, FieldMapping } from '../../../shared/model/fieldMap';
import { completeName } from '../../../shared/model/names';
import { normalizeTaskPriority, normalizeTaskStatus } from '../../../shared/model/taskValues';
import type { CrmRecord, NeutralType } from '../../../shared/types';
import { ID_PREFIX_KIND } from './objectTypes';

/** Task.ActivityDate is a date; the neutral due date is a date-time: midnight UTC of that day. */
const dateToInstant: Convert = (v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00.000Z` : asIso(v));
/** ...and back: the calendar day of the instant as written (its own offset), not shifted to UTC. */
const instantToDate: Convert = (v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : v);

/*
 * Salesforce's default picklist values for Task Status and Priority. Orgs can
 * rename them; unknown values pass through unchanged in both directions.
 */
const STATUS_TO_SF: Record<string, string> = {
	notStarted: 'Not Started',
	inProgress: 'In Progress',
	waiting: 'Waiting on someone else',
	completed: 'Completed',
	deferred: 'Deferred',
};
const PRIORITY_TO_SF: Record<string, string> = { low: 'Low', normal: 'Normal', high: 'High' };
const taskStatus: Convert = (v) => {
	if (typeof v !== 'string') return v ?? null;
	const r = normalizeTaskStatus(v);
	return r.ok ? r.value : v;
};
const taskPriority: Convert = (v) => {
	if (typeof v !== 'string') return v ?? null;
	const r = normalizeTaskPriority(v);
	return r.ok ? r.value : v;
};

const address = (prefix: string): FieldMapping[] => [
	{ neutral: 'address.street', vendor: `${prefix}Street` },
	{ neutral: 'address.city', vendor: `${prefix}City` },
	{ neutral: 'address.state', vendor: `${prefix}State` },
	{ neutral: 'address.postalCode', vendor: `${prefix}PostalCode` },
	{ neutral: 'address.country', vendor: `${prefix}Country` },
];

const person: FieldMapping[] = [
	{ neutral: 'firstName', vendor: 'FirstName' },
	{ neutral: 'lastName', vendor: 'LastName' },
	{ neutral: 'email', vendor: 'Email' },
	{ neutral: 'phone', vendor: 'Phone' },
	{ neutral: 'mobilePhone', vendor: 'MobilePhone' },
	{ neutral: 'jobTitle', vendor: 'Title' },
	{ neutral: 'ownerId', vendor: 'OwnerId' },
];

/**
 * Neutral field ↔ Salesforce field, per neutral kind: Contact and Lead
 * (mailing / lead address), Account (billing address), Opportunity, Event,
 * Task and the classic Note. Links between records (Opportunity.AccountId,
 * the activities' WhoId / WhatId, Note.ParentId) map to `associations`.
 */
export const SALESFORCE_FIELDS: Record<NeutralType, FieldMapping[]> = {
	contact: [...person, ...address('Mailing')],
	lead: [
		...person,
		{ neutral: 'company', vendor: 'Company' },
		{ neutral: 'status', vendor: 'Status' },
		{ neutral: 'source', vendor: 'LeadSource' },
		...address(''),
	],
	company: [
		{ neutral: 'name', vendor: 'Name' },
		{ neutral: 'website', vendor: 'Website' },
		{ neutral: 'phone', vendor: 'Phone' },
		{ neutral: 'industry', vendor: 'Industry' },
		{ neutral: 'description', vendor: 'Description' },
		{ neutral: 'numberOfEmployees', vendor: 'NumberOfEmployees', toNeutral: asNumber },
		{ neutral: 'annualRevenue', vendor: 'AnnualRevenue', toNeutral: asNumber },
		{ neutral: 'ownerId', vendor: 'OwnerId' },
		...address('Billing'),
	],
	deal: [
		{ neutral: 'name', vendor: 'Name' },
		{ neutral: 'amount', vendor: 'Amount', toNeutral: asNumber },
		// Only in multi-currency orgs; read when selected, written when given.
		{ neutral: 'currency', vendor: 'CurrencyIsoCode' },
		{ neutral: 'stage', vendor: 'StageName' },
		{ neutral: 'closeDate', vendor: 'CloseDate', toNeutral: asDate, toVendor: asDate },
		{ neutral: 'ownerId', vendor: 'OwnerId' },
		{ neutral: 'description', vendor: 'Description' },
	],
	appointment: [
		{ neutral: 'title', vendor: 'Subject' },
		{ neutral: 'startTime', vendor: 'StartDateTime', toNeutral: asIso, toVendor: asIso },
		{ neutral: 'endTime', vendor: 'EndDateTime', toNeutral: asIso, toVendor: asIso },
		{ neutral: 'location', vendor: 'Location' },
		{ neutral: 'description', vendor: 'Description' },
		{ neutral: 'ownerId', vendor: 'OwnerId' },
	],
	task: [
		{ neutral: 'subject', vendor: 'Subject' },
		{ neutral: 'body', vendor: 'Description' },
		{ neutral: 'status', vendor: 'Status', toNeutral: taskStatus, toVendor: lookup(STATUS_TO_SF) },
		{ neutral: 'priority', vendor: 'Priority', toNeutral: taskPriority, toVendor: lookup(PRIORITY_TO_SF) },
		{ neutral: 'dueDate', vendor: 'ActivityDate', toNeutral: dateToInstant, toVendor: instantToDate },
		{ neutral: 'ownerId', vendor: 'OwnerId' },
	],
	note: [
		{ neutral: 'body', vendor: 'Body' },
		{ neutral: 'ownerId', vendor: 'OwnerId' },
	],
};

/** Link fields per kind; the neutral `associations` list is read from and written to them. */
const LINK_FIELDS: Partial<Record<NeutralType, string[]>> = {
	deal: ['AccountId'],
	appointment: ['WhoId', 'WhatId'],
	task: ['WhoId', 'WhatId'],
	note: ['ParentId'],
};

/**
 * Fields Salesforce maintains itself or computes (never written back), plus
 * the JSON `attributes` envelope. They are facts of the record, not vendor
 * fields to carry in `custom`.
 */
const SYSTEM = new Set([
	'attributes',
	'Id',
	'IsDeleted',
	'CreatedDate',
	'CreatedById',
	'LastModifiedDate',
	'LastModifiedById',
	'SystemModstamp',
	'LastActivityDate',
	'LastViewedDate',
	'LastReferencedDate',
	'MasterRecordId',
	'PhotoUrl',
	'IsArchived',
	'Name',
]);

/** `Name` is read-only on Contact and Lead (built from first and last name) but the record's own field elsewhere. */
function isSystem(type: NeutralType, field: string): boolean {
	if (field === 'Name') return type === 'contact' || type === 'lead';
	return SYSTEM.has(field);
}

/** The Salesforce fields a neutral kind is mapped from (for SOQL SELECT lists). CurrencyIsoCode exists only in multi-currency orgs. */
export function mappedFields(type: NeutralType): string[] {
	return [...SALESFORCE_FIELDS[type].map((f) => f.vendor).filter((f) => f !== 'CurrencyIsoCode'), ...(LINK_FIELDS[type] ?? [])].concat(
		type === 'note' ? ['Title'] : [],
	);
}

export function salesforceToNeutral(type: NeutralType, record: CrmRecord): IDataObject {
	const { fields, custom } = vendorToNeutral(SALESFORCE_FIELDS[type], record.properties, {
		system: (field) => isSystem(type, field),
		used: LINK_FIELDS[type] ?? [],
		carry: (value) => typeof value !== 'object',
	});
	const out: IDataObject = { id: record.id, ...fields };
	const links = (LINK_FIELDS[type] ?? [])
		.map((f) => record.properties[f])
		.filter((id): id is string => typeof id === 'string' && id.length >= 15)
		.map((id) => ({ kind: ID_PREFIX_KIND[id.slice(0, 3)] ?? 'company', id }));
	if (links.length) out.associations = links;
	if (type === 'company' && !out.domain && typeof out.website === 'string') {
		const domain = normalizeDomain(out.website);
		if (domain.ok) out.domain = domain.value;
	}
	if (type === 'note' && record.createdAt) out.timestamp = record.createdAt;
	completeName(type, out);
	if (record.createdAt) out.createdAt = record.createdAt;
	if (record.updatedAt) out.updatedAt = record.updatedAt;
	out.custom = custom;
	return out;
}

/**
 * Neutral → Salesforce fields. Only fields present in the input are written (an
 * absent field leaves Salesforce's value alone; an explicit null clears it);
 * `custom` entries are passed through as Salesforce fields, except the ones
 * Salesforce maintains itself.
 */
export function neutralToSalesforce(type: NeutralType, neutral: IDataObject): IDataObject {
	const source: IDataObject = { ...neutral };
	completeName(type, source);
	const fields = neutralToVendor(SALESFORCE_FIELDS[type], source, {
		system: (field) => isSystem(type, field),
		extra: (out) => writeOwnFields(type, source, out),
	});
	// Note.Title is required; without one, the first line of the body (Salesforce allows 255 characters).
	if (type === 'note' && fields.Title === undefined && typeof fields.Body === 'string') {
		fields.Title = fields.Body.split('\n')[0].slice(0, 80) || 'Note';
	}
	return fields;
}

/** What Salesforce keeps outside the field table: the website a bare domain implies, and the link fields. */
function writeOwnFields(type: NeutralType, source: IDataObject, fields: IDataObject): void {
	if (type === 'company' && source.domain && source.website === undefined) fields.Website = source.domain as string;
	const links = source.associations as Array<{ kind: NeutralType; id: string }> | null | undefined;
	if (Array.isArray(links) && links.length) {
		if (type === 'deal') {
			const account = links.find((l) => l.kind === 'company');
			if (account) fields.AccountId = account.id;
		} else if (type === 'note') {
			fields.ParentId = links[0].id;
		} else if (type === 'appointment' || type === 'task') {
			// WhoId names a person (contact or lead), WhatId anything else (account, opportunity...).
			const who = links.find((l) => l.kind === 'contact' || l.kind === 'lead');
			const what = links.find((l) => l.kind !== 'contact' && l.kind !== 'lead');
			if (who) fields.WhoId = who.id;
			if (what) fields.WhatId = what.id;
		}
	}
}
