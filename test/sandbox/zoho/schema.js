'use strict';

/**
 * The modules and fields the sandbox's Zoho org has, in the shape of
 * `GET /crm/v8/settings/fields?module=` (crm-oas v8.0 fields.json `fields`:
 * api_name, data_type, display_label, system_mandatory, read_only, length,
 * pick_list_values, lookup, unique) and `GET /crm/v8/settings/modules`
 * (modules.json: api_name, module_name, singular_label, plural_label, generated_type).
 *
 * Which fields are mandatory and their lengths are assumptions from Zoho's
 * default layouts as its help pages show them (Leads/Contacts: Last_Name;
 * Accounts: Account_Name; Deals: Deal_Name and Stage; Tasks: Subject; Events:
 * Event_Title, Start_DateTime, End_DateTime; Calls: Subject, Call_Type,
 * Call_Start_Time; Notes: Note_Content and Parent_Id); text fields 255 unless
 * noted (Last_Name 80, First_Name 40, the values most users report).
 */

/** @typedef {{ api_name: string, data_type: string, display_label?: string, system_mandatory?: boolean, read_only?: boolean, length?: number, pick_list_values?: Array<{ display_value: string, actual_value: string }>, lookup?: { module: { api_name: string } } | null, unique?: object | null, custom_field?: boolean }} ZohoField */

/** @param {string[]} values */
const picklist = (values) => values.map((v) => ({ display_value: v, actual_value: v, type: 'used' }));

/** @param {string} api @param {string} type @param {Partial<ZohoField>} [extra] @returns {ZohoField} */
const f = (api, type, extra = {}) => ({
	api_name: api,
	data_type: type,
	display_label: api.replace(/_/g, ' '),
	system_mandatory: false,
	read_only: false,
	length: type === 'text' || type === 'email' || type === 'phone' || type === 'website' ? 255 : type === 'textarea' ? 32000 : undefined,
	custom_field: false,
	...extra,
});

const SYSTEM_FIELDS = () => [
	f('id', 'bigint', { read_only: true }),
	f('Owner', 'ownerlookup'),
	f('Created_Time', 'datetime', { read_only: true }),
	f('Modified_Time', 'datetime', { read_only: true }),
	f('Created_By', 'ownerlookup', { read_only: true }),
	f('Modified_By', 'ownerlookup', { read_only: true }),
];

const address = (prefix) => [
	f(`${prefix}Street`, 'text'),
	f(`${prefix}City`, 'text', { length: 100 }),
	f(`${prefix}State`, 'text', { length: 100 }),
	f(prefix === 'Mailing_' ? 'Mailing_Zip' : prefix === '' ? 'Zip_Code' : `${prefix}Code`, 'text', { length: 30 }),
	f(`${prefix}Country`, 'text', { length: 100 }),
];

const lookup = (api, module, extra = {}) => f(api, 'lookup', { lookup: { module: { api_name: module } }, ...extra });

const PERSON = () => [
	f('First_Name', 'text', { length: 40 }),
	f('Last_Name', 'text', { length: 80, system_mandatory: true }),
	f('Full_Name', 'text', { read_only: true }),
	f('Email', 'email', { length: 100 }),
	f('Phone', 'phone', { length: 30 }),
	f('Mobile', 'phone', { length: 30 }),
	f('Description', 'textarea'),
];

/** @returns {Record<string, { singular: string, plural: string, fields: ZohoField[], custom?: boolean, duplicateCheck: string[] }>} */
function standardModules() {
	return {
		Leads: {
			singular: 'Lead',
			plural: 'Leads',
			duplicateCheck: ['Email'],
			fields: [
				...SYSTEM_FIELDS(),
				...PERSON(),
				f('Company', 'text', { length: 200 }),
				f('Designation', 'text', { length: 100 }),
				f('Website', 'website'),
				f('Lead_Status', 'picklist', { pick_list_values: picklist(['-None-', 'Not Contacted', 'Contacted', 'Qualified', 'Lost Lead']) }),
				f('Lead_Source', 'picklist', { pick_list_values: picklist(['-None-', 'Advertisement', 'Cold Call', 'Web Download', 'Partner']) }),
				f('Industry', 'picklist', { pick_list_values: picklist(['-None-', 'Technology', 'Retail', 'Real Estate', 'Other']) }),
				...address(''),
			],
		},
		Contacts: {
			singular: 'Contact',
			plural: 'Contacts',
			duplicateCheck: ['Email'],
			fields: [
				...SYSTEM_FIELDS(),
				...PERSON(),
				f('Title', 'text', { length: 100 }),
				f('Department', 'text', { length: 100 }),
				lookup('Account_Name', 'Accounts'),
				f('Lead_Source', 'picklist', { pick_list_values: picklist(['-None-', 'Advertisement', 'Cold Call', 'Web Download', 'Partner']) }),
				...address('Mailing_'),
			],
		},
		Accounts: {
			singular: 'Account',
			plural: 'Accounts',
			duplicateCheck: ['Account_Name'],
			fields: [
				...SYSTEM_FIELDS(),
				f('Account_Name', 'text', { length: 200, system_mandatory: true }),
				f('Website', 'website'),
				f('Phone', 'phone', { length: 30 }),
				f('Employees', 'integer'),
				f('Annual_Revenue', 'currency'),
				f('Industry', 'picklist', { pick_list_values: picklist(['-None-', 'Technology', 'Retail', 'Real Estate', 'Other']) }),
				f('Description', 'textarea'),
				...address('Billing_'),
			],
		},
		Deals: {
			singular: 'Deal',
			plural: 'Deals',
			duplicateCheck: ['Deal_Name'],
			fields: [
				...SYSTEM_FIELDS(),
				f('Deal_Name', 'text', { length: 120, system_mandatory: true }),
				f('Amount', 'currency'),
				f('Stage', 'picklist', {
					system_mandatory: true,
					pick_list_values: picklist(['Qualification', 'Needs Analysis', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost']),
				}),
				f('Closing_Date', 'date'),
				f('Pipeline', 'picklist', { pick_list_values: picklist(['Standard']) }),
				lookup('Account_Name', 'Accounts'),
				lookup('Contact_Name', 'Contacts'),
				f('Description', 'textarea'),
			],
		},
		Tasks: {
			singular: 'Task',
			plural: 'Tasks',
			duplicateCheck: [],
			fields: [
				...SYSTEM_FIELDS(),
				f('Subject', 'text', { system_mandatory: true }),
				f('Due_Date', 'date'),
				f('Status', 'picklist', { pick_list_values: picklist(['Not Started', 'Deferred', 'In Progress', 'Completed', 'Waiting for input']) }),
				f('Priority', 'picklist', { pick_list_values: picklist(['High', 'Highest', 'Low', 'Lowest', 'Normal']) }),
				f('What_Id', 'lookup'),
				f('$se_module', 'text'),
				lookup('Who_Id', 'Contacts'),
				f('Description', 'textarea'),
			],
		},
		Events: {
			singular: 'Meeting',
			plural: 'Meetings',
			duplicateCheck: [],
			fields: [
				...SYSTEM_FIELDS(),
				f('Event_Title', 'text', { system_mandatory: true }),
				f('Start_DateTime', 'datetime', { system_mandatory: true }),
				f('End_DateTime', 'datetime', { system_mandatory: true }),
				f('Venue', 'text'),
				f('Description', 'textarea'),
				f('What_Id', 'lookup'),
				f('$se_module', 'text'),
				lookup('Who_Id', 'Contacts'),
			],
		},
		Calls: {
			singular: 'Call',
			plural: 'Calls',
			duplicateCheck: [],
			fields: [
				...SYSTEM_FIELDS(),
				f('Subject', 'text', { system_mandatory: true }),
				f('Call_Type', 'picklist', { system_mandatory: true, pick_list_values: picklist(['Outbound', 'Inbound', 'Missed']) }),
				f('Call_Start_Time', 'datetime', { system_mandatory: true }),
				f('Call_Duration', 'text', { length: 10 }),
				f('Description', 'textarea'),
				f('What_Id', 'lookup'),
				f('$se_module', 'text'),
				lookup('Who_Id', 'Contacts'),
			],
		},
		Notes: {
			singular: 'Note',
			plural: 'Notes',
			duplicateCheck: [],
			fields: [
				...SYSTEM_FIELDS(),
				f('Note_Title', 'text', { length: 120 }),
				f('Note_Content', 'textarea', { system_mandatory: true }),
				f('Parent_Id', 'lookup', { system_mandatory: true }),
			],
		},
	};
}

/** Modules a record may be the parent (`Parent_Id`, `What_Id`) of notes and activities in. */
const PARENT_MODULES = ['Leads', 'Contacts', 'Accounts', 'Deals'];

module.exports = { standardModules, f, picklist, PARENT_MODULES };
