import type { IDataObject } from 'n8n-workflow';
import { normalizeDate, normalizeDateTime } from '../../../shared/model/dates';
import { normalizeDomain } from '../../../shared/model/domain';
import { joinName, splitName } from '../../../shared/model/names';
import { normalizeTaskPriority, normalizeTaskStatus } from '../../../shared/model/taskValues';
import type { CrmRecord, NeutralType } from '../../../shared/types';
import { ID_PREFIX_KIND } from './objectTypes';

type Convert = (value: unknown) => unknown;

interface FieldMap {
	neutral: string;
	salesforce: string;
	toNeutral?: Convert;
	toSalesforce?: Convert;
}

const asIso: Convert = (v) => {
	if (v === '' || v === null || v === undefined) return null;
	const result = normalizeDateTime(v as string);
	return result.ok ? result.value : v;
};
const asDate: Convert = (v) => {
	if (v === '' || v === null || v === undefined) return null;
	const result = normalizeDate(v as string);
	return result.ok ? result.value : v;
};
const asNumber: Convert = (v) => (v === '' || v === null || v === undefined ? null : Number(v));
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
const lookup = (m: Record<string, string>): Convert => (v) => (typeof v === 'string' && m[v] !== undefined ? m[v] : v ?? null);

const address = (prefix: string): FieldMap[] => [
	{ neutral: 'address.street', salesforce: `${prefix}Street` },
	{ neutral: 'address.city', salesforce: `${prefix}City` },
	{ neutral: 'address.state', salesforce: `${prefix}State` },
	{ neutral: 'address.postalCode', salesforce: `${prefix}PostalCode` },
	{ neutral: 'address.country', salesforce: `${prefix}Country` },
];

const person: FieldMap[] = [
	{ neutral: 'firstName', salesforce: 'FirstName' },
	{ neutral: 'lastName', salesforce: 'LastName' },
	{ neutral: 'email', salesforce: 'Email' },
	{ neutral: 'phone', salesforce: 'Phone' },
	{ neutral: 'mobilePhone', salesforce: 'MobilePhone' },
	{ neutral: 'jobTitle', salesforce: 'Title' },
	{ neutral: 'ownerId', salesforce: 'OwnerId' },
];

/**
 * Neutral field ↔ Salesforce field, per neutral kind: Contact and Lead
 * (mailing / lead address), Account (billing address), Opportunity, Event,
 * Task and the classic Note. Links between records (Opportunity.AccountId,
 * the activities' WhoId / WhatId, Note.ParentId) map to `associations`.
 */
export const SALESFORCE_FIELDS: Record<NeutralType, FieldMap[]> = {
	contact: [...person, ...address('Mailing')],
	lead: [
		...person,
		{ neutral: 'company', salesforce: 'Company' },
		{ neutral: 'status', salesforce: 'Status' },
		{ neutral: 'source', salesforce: 'LeadSource' },
		...address(''),
	],
	company: [
		{ neutral: 'name', salesforce: 'Name' },
		{ neutral: 'website', salesforce: 'Website' },
		{ neutral: 'phone', salesforce: 'Phone' },
		{ neutral: 'industry', salesforce: 'Industry' },
		{ neutral: 'description', salesforce: 'Description' },
		{ neutral: 'numberOfEmployees', salesforce: 'NumberOfEmployees', toNeutral: asNumber },
		{ neutral: 'annualRevenue', salesforce: 'AnnualRevenue', toNeutral: asNumber },
		{ neutral: 'ownerId', salesforce: 'OwnerId' },
		...address('Billing'),
	],
	deal: [
		{ neutral: 'name', salesforce: 'Name' },
		{ neutral: 'amount', salesforce: 'Amount', toNeutral: asNumber },
		// Only in multi-currency orgs; read when selected, written when given.
		{ neutral: 'currency', salesforce: 'CurrencyIsoCode' },
		{ neutral: 'stage', salesforce: 'StageName' },
		{ neutral: 'closeDate', salesforce: 'CloseDate', toNeutral: asDate, toSalesforce: asDate },
		{ neutral: 'ownerId', salesforce: 'OwnerId' },
		{ neutral: 'description', salesforce: 'Description' },
	],
	appointment: [
		{ neutral: 'title', salesforce: 'Subject' },
		{ neutral: 'startTime', salesforce: 'StartDateTime', toNeutral: asIso, toSalesforce: asIso },
		{ neutral: 'endTime', salesforce: 'EndDateTime', toNeutral: asIso, toSalesforce: asIso },
		{ neutral: 'location', salesforce: 'Location' },
		{ neutral: 'description', salesforce: 'Description' },
		{ neutral: 'ownerId', salesforce: 'OwnerId' },
	],
	task: [
		{ neutral: 'subject', salesforce: 'Subject' },
		{ neutral: 'body', salesforce: 'Description' },
		{ neutral: 'status', salesforce: 'Status', toNeutral: taskStatus, toSalesforce: lookup(STATUS_TO_SF) },
		{ neutral: 'priority', salesforce: 'Priority', toNeutral: taskPriority, toSalesforce: lookup(PRIORITY_TO_SF) },
		{ neutral: 'dueDate', salesforce: 'ActivityDate', toNeutral: dateToInstant, toSalesforce: instantToDate },
		{ neutral: 'ownerId', salesforce: 'OwnerId' },
	],
	note: [
		{ neutral: 'body', salesforce: 'Body' },
		{ neutral: 'ownerId', salesforce: 'OwnerId' },
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
	return [...SALESFORCE_FIELDS[type].map((f) => f.salesforce).filter((f) => f !== 'CurrencyIsoCode'), ...(LINK_FIELDS[type] ?? [])].concat(
		type === 'note' ? ['Title'] : [],
	);
}

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

export function salesforceToNeutral(type: NeutralType, record: CrmRecord): IDataObject {
	const out: IDataObject = { id: record.id };
	const custom: IDataObject = {};
	const used = new Set<string>(LINK_FIELDS[type] ?? []);
	for (const field of SALESFORCE_FIELDS[type]) {
		const value = record.properties[field.salesforce];
		used.add(field.salesforce);
		if (value === undefined || value === null || value === '') continue;
		setPath(out, field.neutral, (field.toNeutral ?? ((v) => v))(value));
	}
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
	for (const [key, value] of Object.entries(record.properties)) {
		if (!used.has(key) && !isSystem(type, key) && value !== null && value !== undefined && typeof value !== 'object') custom[key] = value;
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
 * Neutral → Salesforce fields. Only fields present in the input are written (an
 * absent field leaves Salesforce's value alone; an explicit null clears it);
 * `custom` entries are passed through as Salesforce fields, except the ones
 * Salesforce maintains itself.
 */
export function neutralToSalesforce(type: NeutralType, neutral: IDataObject): IDataObject {
	const fields: IDataObject = {};
	const source: IDataObject = { ...neutral };
	if ((type === 'contact' || type === 'lead') && source.fullName && !source.firstName && !source.lastName) {
		const parts = splitName(String(source.fullName));
		source.firstName = parts.firstName;
		source.lastName = parts.lastName;
	}
	for (const field of SALESFORCE_FIELDS[type]) {
		const value = getPath(source, field.neutral);
		if (value === undefined) continue;
		fields[field.salesforce] = (value === null ? null : (field.toSalesforce ?? ((v) => v))(value)) as IDataObject[string];
	}
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
	const custom = (neutral.custom ?? {}) as IDataObject;
	for (const [key, value] of Object.entries(custom)) {
		if (fields[key] === undefined && !isSystem(type, key)) fields[key] = value;
	}
	// Note.Title is required; without one, the first line of the body (Salesforce allows 255 characters).
	if (type === 'note' && fields.Title === undefined && typeof fields.Body === 'string') {
		fields.Title = fields.Body.split('\n')[0].slice(0, 80) || 'Note';
	}
	return fields;
}
