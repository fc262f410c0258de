'use strict';

/**
 * Field definitions of the emulated sObjects, in the shape of
 * `GET /sobjects/{type}/describe` (`fields[]`: name, label, type, createable,
 * updateable, nillable, externalId, unique, picklistValues). Only the fields the
 * pack and its tests use; custom objects and fields are added by tests.
 * `required` is the sandbox's own list of fields a create must carry
 * (Assumption: Salesforce's required-field rules, simplified to these).
 */

/** @typedef {{ name: string, label?: string, type?: string, createable?: boolean, updateable?: boolean, nillable?: boolean, externalId?: boolean, unique?: boolean, picklistValues?: Array<{ value: string, label: string, active: boolean }> }} FieldDef */
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

/** @param {string} prefix */
const addressFields = (prefix) =>
	['Street', 'City', 'State', 'PostalCode', 'Country'].map((p) => ({ name: `${prefix}${p}`, type: p === 'Street' ? 'textarea' : 'string' }));

/** @type {Record<string, { keyPrefix: string, fields: FieldDef[], required: string[] }>} */
const STANDARD = {
	Account: {
		keyPrefix: '001',
		required: ['Name'],
		fields: [
			{ name: 'Name', type: 'string' },
			{ name: 'Website', type: 'url' },
			{ name: 'Phone', type: 'phone' },
			{ name: 'Industry', type: 'picklist', picklistValues: picklist(['Banking', 'Technology', 'Retail', 'Manufacturing']) },
			{ name: 'Description', type: 'textarea' },
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
			{ name: 'FirstName', type: 'string' },
			{ name: 'LastName', type: 'string' },
			{ name: 'Name', type: 'string', createable: false, updateable: false },
			{ name: 'Email', type: 'email' },
			{ name: 'Phone', type: 'phone' },
			{ name: 'MobilePhone', type: 'phone' },
			{ name: 'Title', type: 'string' },
			{ name: 'AccountId', type: 'reference' },
			...addressFields('Mailing'),
			...OWNED,
		],
	},
	Lead: {
		keyPrefix: '00Q',
		required: ['LastName', 'Company'],
		fields: [
			{ name: 'FirstName', type: 'string' },
			{ name: 'LastName', type: 'string' },
			{ name: 'Name', type: 'string', createable: false, updateable: false },
			{ name: 'Email', type: 'email' },
			{ name: 'Phone', type: 'phone' },
			{ name: 'MobilePhone', type: 'phone' },
			{ name: 'Title', type: 'string' },
			{ name: 'Company', type: 'string' },
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
			{ name: 'Name', type: 'string' },
			{ name: 'Amount', type: 'currency' },
			{ name: 'StageName', type: 'picklist', picklistValues: picklist(['Prospecting', 'Qualification', 'Closed Won', 'Closed Lost']) },
			{ name: 'CloseDate', type: 'date' },
			{ name: 'Description', type: 'textarea' },
			{ name: 'AccountId', type: 'reference' },
			...OWNED,
		],
	},
	Event: {
		keyPrefix: '00U',
		required: ['StartDateTime'],
		fields: [
			{ name: 'Subject', type: 'combobox' },
			{ name: 'StartDateTime', type: 'datetime' },
			{ name: 'EndDateTime', type: 'datetime' },
			{ name: 'DurationInMinutes', type: 'int' },
			{ name: 'Location', type: 'string' },
			{ name: 'Description', type: 'textarea' },
			{ name: 'WhoId', type: 'reference' },
			{ name: 'WhatId', type: 'reference' },
			...OWNED,
		],
	},
	Task: {
		keyPrefix: '00T',
		required: [],
		fields: [
			{ name: 'Subject', type: 'combobox' },
			{ name: 'Description', type: 'textarea' },
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
			{ name: 'Title', type: 'string' },
			{ name: 'Body', type: 'textarea' },
			{ name: 'ParentId', type: 'reference' },
			...OWNED,
		],
	},
	User: {
		keyPrefix: '005',
		required: ['LastName'],
		fields: [
			{ name: 'Name', type: 'string', createable: false, updateable: false },
			{ name: 'FirstName', type: 'string' },
			{ name: 'LastName', type: 'string' },
			{ name: 'Email', type: 'email' },
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
