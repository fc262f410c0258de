'use strict';

/**
 * Field definitions of the emulated sObjects, in the shape of
 * `GET /sobjects/{type}/describe` (`fields[]`: name, label, type, createable,
 * updateable, nillable, externalId, unique, picklistValues). Only the fields the
 * pack and its tests use; custom objects and fields are added by tests.
 * `required` is the sandbox's own list of fields a create must carry
 * (Assumption: Salesforce's required-field rules, simplified to these).
 *
 * `length` is the field's maximum length in characters, from Salesforce's Field
 * Reference (developer.salesforce.com/docs/platform/field-reference, pages
 * salesforce-field-reference-<object>: Contact, Lead, Account, Opportunity, Event,
 * Task, Note, User; e.g. Contact.LastName 80, FirstName 40, Lead.Company 255,
 * Lead City 40 / State 80 / PostalCode 20 / Country 80 / Street 255). A longer
 * value is refused with STRING_TOO_LONG (API version 15.0 and later; earlier
 * versions truncated), on every write path: REST, sObject Collections, Bulk API.
 */

/** @typedef {{ name: string, label?: string, type?: string, length?: number, createable?: boolean, updateable?: boolean, nillable?: boolean, externalId?: boolean, unique?: boolean, picklistValues?: Array<{ value: string, label: string, active: boolean }> }} FieldDef */
/** @typedef {{ name: string, keyPrefix: string, fields: FieldDef[], required: string[] }} ObjectDef */

/** @param {string[]} values */
const picklist = (values) => values.map((v) => ({ value: v, label: v, active: true }));

const SYSTEM = [
	{ name: 'Id', type: 'id', createable: false, updateable: false },
	{ name: 'IsDeleted', type: 'boolean', createable: false, updateable: false },
	{ name: 'CreatedDate', type: 'datetime', createable: false, updateable: false },
	{ name: 'CreatedById', type: 'reference', createable: false, updateable: false },
	{ name: 'LastModifiedDate', type: 'datetime', createable: false, updateable: false },
	{ name: 'LastModifiedById', type: 'reference', createable: false, updateable: false },
	{ name: 'SystemModstamp', type: 'datetime', createable: false, updateable: false },
];

const OWNED = [{ name: 'OwnerId', type: 'reference' }];

/** Address parts and their lengths (the same on every object's compound address). */
const ADDRESS = { Street: 255, City: 40, State: 80, PostalCode: 20, Country: 80 };

/** @param {string} prefix */
const addressFields = (prefix) =>
	Object.entries(ADDRESS).map(([p, length]) => ({ name: `${prefix}${p}`, type: p === 'Street' ? 'textarea' : 'string', length }));

/** @type {Record<string, { keyPrefix: string, fields: FieldDef[], required: string[] }>} */
const STANDARD = {
	Account: {
		keyPrefix: '001',
		required: ['Name'],
		fields: [
			{ name: 'Name', type: 'string', length: 255 },
			{ name: 'Website', type: 'url', length: 255 },
			{ name: 'Phone', type: 'phone', length: 40 },
			{ name: 'Industry', type: 'picklist', picklistValues: picklist(['Banking', 'Technology', 'Retail', 'Manufacturing']) },
			{ name: 'Description', type: 'textarea', length: 32000 },
			{ name: 'NumberOfEmployees', type: 'int' },
			{ name: 'AnnualRevenue', type: 'currency' },
			...addressFields('Billing'),
			...OWNED,
		],
	},
	Contact: {
		keyPrefix: '003',
		required: ['LastName'],
		fields: [
			{ name: 'FirstName', type: 'string', length: 40 },
			{ name: 'LastName', type: 'string', length: 80 },
			{ name: 'Name', type: 'string', createable: false, updateable: false },
			{ name: 'Email', type: 'email', length: 80 },
			{ name: 'Phone', type: 'phone', length: 40 },
			{ name: 'MobilePhone', type: 'phone', length: 40 },
			{ name: 'Title', type: 'string', length: 128 },
			{ name: 'AccountId', type: 'reference' },
			...addressFields('Mailing'),
			...OWNED,
		],
	},
	Lead: {
		keyPrefix: '00Q',
		required: ['LastName', 'Company'],
		fields: [
			{ name: 'FirstName', type: 'string', length: 40 },
			{ name: 'LastName', type: 'string', length: 80 },
			{ name: 'Name', type: 'string', createable: false, updateable: false },
			{ name: 'Email', type: 'email', length: 80 },
			{ name: 'Phone', type: 'phone', length: 40 },
			{ name: 'MobilePhone', type: 'phone', length: 40 },
			{ name: 'Title', type: 'string', length: 128 },
			{ name: 'Company', type: 'string', length: 255 },
			{ name: 'Status', type: 'picklist', picklistValues: picklist(['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted']) },
			{ name: 'LeadSource', type: 'picklist', picklistValues: picklist(['Web', 'Phone Inquiry', 'Partner Referral']) },
			...addressFields(''),
			...OWNED,
			// Set by convertLead (SOAP API) only.
			{ name: 'IsConverted', type: 'boolean', createable: false, updateable: false },
			{ name: 'ConvertedAccountId', type: 'reference', createable: false, updateable: false },
			{ name: 'ConvertedContactId', type: 'reference', createable: false, updateable: false },
			{ name: 'ConvertedOpportunityId', type: 'reference', createable: false, updateable: false },
			{ name: 'ConvertedDate', type: 'date', createable: false, updateable: false },
		],
	},
	/** The org's lead statuses (Setup → Lead Status Picklist); those with IsConverted are valid convertedStatus values. */
	LeadStatus: {
		keyPrefix: '01J',
		required: ['MasterLabel'],
		fields: [
			{ name: 'MasterLabel', type: 'string' },
			{ name: 'ApiName', type: 'string' },
			{ name: 'SortOrder', type: 'int' },
			{ name: 'IsDefault', type: 'boolean' },
			{ name: 'IsConverted', type: 'boolean' },
		],
	},
	Opportunity: {
		keyPrefix: '006',
		required: ['Name', 'StageName', 'CloseDate'],
		fields: [
			{ name: 'Name', type: 'string', length: 120 },
			{ name: 'Amount', type: 'currency' },
			{ name: 'StageName', type: 'picklist', picklistValues: picklist(['Prospecting', 'Qualification', 'Closed Won', 'Closed Lost']) },
			{ name: 'CloseDate', type: 'date' },
			{ name: 'Description', type: 'textarea', length: 32000 },
			{ name: 'AccountId', type: 'reference' },
			...OWNED,
		],
	},
	Event: {
		keyPrefix: '00U',
		required: ['StartDateTime'],
		fields: [
			{ name: 'Subject', type: 'combobox', length: 255 },
			{ name: 'StartDateTime', type: 'datetime' },
			{ name: 'EndDateTime', type: 'datetime' },
			{ name: 'DurationInMinutes', type: 'int' },
			{ name: 'Location', type: 'string', length: 255 },
			{ name: 'Description', type: 'textarea', length: 32000 },
			{ name: 'WhoId', type: 'reference' },
			{ name: 'WhatId', type: 'reference' },
			...OWNED,
		],
	},
	Task: {
		keyPrefix: '00T',
		required: [],
		fields: [
			{ name: 'Subject', type: 'combobox', length: 255 },
			{ name: 'Description', type: 'textarea', length: 32000 },
			{ name: 'Status', type: 'picklist', picklistValues: picklist(['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred']) },
			{ name: 'Priority', type: 'picklist', picklistValues: picklist(['High', 'Normal', 'Low']) },
			{ name: 'ActivityDate', type: 'date' },
			{ name: 'WhoId', type: 'reference' },
			{ name: 'WhatId', type: 'reference' },
			...OWNED,
		],
	},
	Note: {
		keyPrefix: '002',
		required: ['Title', 'ParentId'],
		fields: [
			{ name: 'Title', type: 'string', length: 80 },
			{ name: 'Body', type: 'textarea', length: 32000 },
			{ name: 'ParentId', type: 'reference' },
			...OWNED,
		],
	},
	User: {
		keyPrefix: '005',
		required: ['LastName'],
		fields: [
			{ name: 'Name', type: 'string', createable: false, updateable: false },
			{ name: 'FirstName', type: 'string', length: 40 },
			{ name: 'LastName', type: 'string', length: 80 },
			{ name: 'Email', type: 'email', length: 128 },
			{ name: 'IsActive', type: 'boolean' },
		],
	},
};

/** @param {FieldDef} f */
function fieldDescribe(f) {
	return {
		name: f.name,
		label: f.label ?? f.name.replace(/__c$/, '').replace(/([a-z])([A-Z])/g, '$1 $2'),
		type: f.type ?? 'string',
		length: f.length ?? 0,
		createable: f.createable ?? true,
		updateable: f.updateable ?? true,
		nillable: f.nillable ?? true,
		externalId: f.externalId ?? false,
		unique: f.unique ?? false,
		idLookup: f.name === 'Id' || Boolean(f.externalId),
		picklistValues: f.picklistValues ?? [],
	};
}

/** @returns {Map<string, ObjectDef>} */
function createSchema() {
	/** @type {Map<string, ObjectDef>} */
	const objects = new Map();
	for (const [name, def] of Object.entries(STANDARD)) {
		objects.set(name, { name, keyPrefix: def.keyPrefix, required: [...def.required], fields: [...SYSTEM, ...def.fields].map((f) => ({ ...f })) });
	}
	return objects;
}

module.exports = { createSchema, fieldDescribe, SYSTEM };
