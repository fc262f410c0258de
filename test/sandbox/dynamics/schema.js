'use strict';

/**
 * The Dataverse tables the emulator holds, described the way Dataverse's metadata
 * does (EntityDefinitions: LogicalName, EntitySetName, PrimaryIdAttribute,
 * PrimaryNameAttribute; Attributes: LogicalName, AttributeType, MaxLength,
 * RequiredLevel, OptionSet; Keys). Column names and lengths follow Microsoft's
 * table reference pages (learn.microsoft.com/power-apps/developer/data-platform/reference/entities/
 * contact, lead, account, opportunity, appointment, task, phonecall, annotation).
 *
 * Only SystemRequired columns are enforced on create: Dataverse's Web API does not
 * enforce ApplicationRequired ones (the form does).
 */

/** @typedef {{ name: string, type: string, maxLength?: number, required?: boolean, readOnly?: boolean, options?: Array<{ value: number, label: string }>, targets?: string[], nav?: Record<string, string>, min?: number, max?: number }} Attribute */

const text = (name, maxLength, extra = {}) => ({ name, type: 'String', maxLength, ...extra });
const memo = (name, maxLength) => ({ name, type: 'Memo', maxLength });

const address = [
	text('address1_line1', 250),
	text('address1_city', 80),
	text('address1_stateorprovince', 50),
	text('address1_postalcode', 20),
	text('address1_country', 80),
];

/** Columns every table has (system-maintained; read-only). */
const SYSTEM = [
	{ name: 'createdon', type: 'DateTime', readOnly: true },
	{ name: 'modifiedon', type: 'DateTime', readOnly: true },
	{ name: 'versionnumber', type: 'BigInt', readOnly: true },
	{ name: 'statecode', type: 'State', options: [{ value: 0, label: 'Active' }, { value: 1, label: 'Inactive' }] },
	{ name: 'statuscode', type: 'Status', options: [{ value: 1, label: 'Active' }, { value: 2, label: 'Inactive' }] },
	{ name: 'ownerid', type: 'Owner', targets: ['systemuser', 'team'], nav: { systemuser: 'ownerid', team: 'ownerid' } },
	{ name: 'createdby', type: 'Lookup', readOnly: true, targets: ['systemuser'] },
	{ name: 'modifiedby', type: 'Lookup', readOnly: true, targets: ['systemuser'] },
];

/** Regarding (activities): single-valued navigation property names per target (`regardingobjectid_<table>_<activity>`). */
const regarding = (activity) => ({
	name: 'regardingobjectid',
	type: 'Lookup',
	targets: ['contact', 'account', 'lead', 'opportunity'],
	nav: Object.fromEntries(['contact', 'account', 'lead', 'opportunity'].map((t) => [t, `regardingobjectid_${t}_${activity}`])),
});

/** @type {Record<string, { entitySet: string, primaryId: string, primaryName: string, display: string, attributes: Attribute[], bulk: boolean, activity?: boolean, changeTracking?: boolean, computed?: (r: any) => any }>} */
const TABLES = {
	contact: {
		entitySet: 'contacts',
		primaryId: 'contactid',
		primaryName: 'fullname',
		display: 'Contact',
		bulk: true,
		changeTracking: true,
		attributes: [
			text('firstname', 50),
			text('lastname', 50),
			text('fullname', 160, { readOnly: true }),
			text('emailaddress1', 100),
			text('telephone1', 50),
			text('mobilephone', 50),
			text('jobtitle', 100),
			...address,
			memo('description', 2000),
			{ name: 'birthdate', type: 'DateOnly' },
			{
				name: 'preferredcontactmethodcode',
				type: 'Picklist',
				options: [
					{ value: 1, label: 'Any' },
					{ value: 2, label: 'Email' },
					{ value: 3, label: 'Phone' },
					{ value: 4, label: 'Fax' },
					{ value: 5, label: 'Mail' },
				],
			},
			{ name: 'parentcustomerid', type: 'Customer', targets: ['account', 'contact'], nav: { account: 'parentcustomerid_account', contact: 'parentcustomerid_contact' } },
		],
		computed: (r) => ({ fullname: [r.firstname, r.lastname].filter(Boolean).join(' ') || null }),
	},
	lead: {
		entitySet: 'leads',
		primaryId: 'leadid',
		primaryName: 'fullname',
		display: 'Lead',
		bulk: true,
		changeTracking: true,
		attributes: [
			text('subject', 300),
			text('firstname', 50),
			text('lastname', 50),
			text('fullname', 160, { readOnly: true }),
			text('emailaddress1', 100),
			text('telephone1', 50),
			text('mobilephone', 20),
			text('jobtitle', 100),
			text('companyname', 100),
			...address,
			memo('description', 2000),
			{
				name: 'leadsourcecode',
				type: 'Picklist',
				options: [
					{ value: 1, label: 'Advertisement' },
					{ value: 2, label: 'Employee Referral' },
					{ value: 8, label: 'Web' },
					{ value: 10, label: 'Other' },
				],
			},
		],
		computed: (r) => ({ fullname: [r.firstname, r.lastname].filter(Boolean).join(' ') || null }),
	},
	account: {
		entitySet: 'accounts',
		primaryId: 'accountid',
		primaryName: 'name',
		display: 'Account',
		bulk: true,
		changeTracking: true,
		attributes: [
			text('name', 160),
			text('accountnumber', 20),
			text('telephone1', 50),
			text('emailaddress1', 100),
			text('websiteurl', 200),
			...address,
			memo('description', 2000),
			{ name: 'numberofemployees', type: 'Integer', min: 0, max: 1000000000 },
			{ name: 'revenue', type: 'Money', min: 0, max: 100000000000000 },
			{
				name: 'industrycode',
				type: 'Picklist',
				options: [
					{ value: 1, label: 'Accounting' },
					{ value: 7, label: 'Consulting' },
					{ value: 33, label: 'Software' },
				],
			},
			{ name: 'primarycontactid', type: 'Lookup', targets: ['contact'], nav: { contact: 'primarycontactid' } },
		],
	},
	opportunity: {
		entitySet: 'opportunities',
		primaryId: 'opportunityid',
		primaryName: 'name',
		display: 'Opportunity',
		bulk: true,
		changeTracking: false,
		attributes: [
			text('name', 300),
			{ name: 'estimatedvalue', type: 'Money', min: 0, max: 100000000000000 },
			{ name: 'estimatedclosedate', type: 'DateOnly' },
			{ name: 'closeprobability', type: 'Integer', min: 0, max: 100 },
			text('stepname', 200),
			memo('description', 2000),
			{ name: 'parentaccountid', type: 'Lookup', targets: ['account'], nav: { account: 'parentaccountid' } },
			{ name: 'parentcontactid', type: 'Lookup', targets: ['contact'], nav: { contact: 'parentcontactid' } },
		],
	},
	appointment: {
		entitySet: 'appointments',
		primaryId: 'activityid',
		primaryName: 'subject',
		display: 'Appointment',
		bulk: true,
		activity: true,
		attributes: [
			text('subject', 200),
			memo('description', 2000),
			{ name: 'scheduledstart', type: 'DateTime' },
			{ name: 'scheduledend', type: 'DateTime' },
			text('location', 200),
			regarding('appointment'),
		],
	},
	task: {
		entitySet: 'tasks',
		primaryId: 'activityid',
		primaryName: 'subject',
		display: 'Task',
		bulk: true,
		activity: true,
		attributes: [
			text('subject', 200),
			memo('description', 2000),
			{ name: 'scheduledend', type: 'DateTime' },
			{ name: 'percentcomplete', type: 'Integer', min: 0, max: 100 },
			{
				name: 'prioritycode',
				type: 'Picklist',
				options: [
					{ value: 0, label: 'Low' },
					{ value: 1, label: 'Normal' },
					{ value: 2, label: 'High' },
				],
			},
			regarding('task'),
		],
	},
	phonecall: {
		entitySet: 'phonecalls',
		primaryId: 'activityid',
		primaryName: 'subject',
		display: 'Phone Call',
		bulk: true,
		activity: true,
		attributes: [
			text('subject', 200),
			memo('description', 2000),
			text('phonenumber', 200),
			{ name: 'directioncode', type: 'Boolean' },
			{
				name: 'prioritycode',
				type: 'Picklist',
				options: [
					{ value: 0, label: 'Low' },
					{ value: 1, label: 'Normal' },
					{ value: 2, label: 'High' },
				],
			},
			{ name: 'scheduledend', type: 'DateTime' },
			regarding('phonecall'),
		],
	},
	annotation: {
		entitySet: 'annotations',
		primaryId: 'annotationid',
		primaryName: 'subject',
		display: 'Note',
		// Assumption: the emulator answers CreateMultiple on notes as a table without the message (the connector then uses $batch).
		bulk: false,
		attributes: [
			text('subject', 500),
			memo('notetext', 100000),
			{
				name: 'objectid',
				type: 'Lookup',
				targets: ['contact', 'account', 'lead', 'opportunity'],
				nav: Object.fromEntries(['contact', 'account', 'lead', 'opportunity'].map((t) => [t, `objectid_${t}`])),
			},
		],
	},
};

/** Activities' states (reference/entities/task, appointment, phonecall): Open, Completed, Canceled, Scheduled. */
const ACTIVITY_STATES = [
	{ name: 'statecode', type: 'State', options: [{ value: 0, label: 'Open' }, { value: 1, label: 'Completed' }, { value: 2, label: 'Canceled' }, { value: 3, label: 'Scheduled' }] },
	{ name: 'statuscode', type: 'Status', options: [1, 2, 3, 4, 5, 6, 7].map((value) => ({ value, label: `Status ${value}` })) },
];

for (const spec of Object.values(TABLES)) {
	const system = spec.activity ? SYSTEM.map((a) => ACTIVITY_STATES.find((s) => s.name === a.name) ?? a) : SYSTEM;
	spec.attributes.unshift({ name: spec.primaryId, type: 'Uniqueidentifier' }, ...system);
}

/** @param {string} entitySet */
function tableOfSet(entitySet) {
	return Object.keys(TABLES).find((t) => TABLES[t].entitySet === entitySet);
}

/** A column's `_x_value` name in answers (lookups, owner, customer). */
const isLookup = (a) => a.type === 'Lookup' || a.type === 'Customer' || a.type === 'Owner';

module.exports = { TABLES, tableOfSet, isLookup, text };
