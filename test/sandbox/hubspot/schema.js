'use strict';

/**
 * Object types and built-in property definitions, modelled on a fresh HubSpot portal.
 * Only a realistic subset of HubSpot's hundreds of built-in properties is defined.
 */

/**
 * @typedef {Object} PropertyDef
 * @property {string} name
 * @property {string} label
 * @property {'string'|'number'|'enumeration'|'datetime'|'date'|'bool'|'phone_number'} type
 * @property {string} fieldType
 * @property {string} groupName
 * @property {Array<{label: string, value: string, displayOrder: number, hidden: boolean}>} options
 * @property {boolean} hasUniqueValue
 * @property {boolean} readOnlyValue
 * @property {boolean} [hubspotDefined]
 * @property {boolean} [externalOptions]
 * @property {string} [description]
 * @property {number} [maxLength]   longest value the vendor documents for the property
 * @property {boolean} [requiredOnCreate] a create without a value is refused (objects.js `check`)
 */

/**
 * @typedef {Object} ObjectTypeDef
 * @property {string} name            plural API name: contacts, p_pets
 * @property {string} objectTypeId    0-1, 2-123
 * @property {string} singular        contact (webhook subscriptionType prefix)
 * @property {string} createdProp     createdate | hs_createdate
 * @property {string} modifiedProp    lastmodifieddate | hs_lastmodifieddate
 * @property {string[]} defaultProps  returned when no properties are requested
 * @property {string[]} searchableProps searched by a free-text `query`
 * @property {Map<string, PropertyDef>} properties
 */

/** @param {string[]} values @returns {PropertyDef['options']} */
const opts = (values) =>
	values.map((v, i) => ({ label: v.replace(/_/g, ' ').toLowerCase().replace(/^./, (c) => c.toUpperCase()), value: v, displayOrder: i, hidden: false }));

/**
 * @param {string} name @param {string} label @param {PropertyDef['type']} type @param {string} fieldType
 * @param {string} groupName @param {Partial<PropertyDef>} [extra]
 * @returns {PropertyDef}
 */
function prop(name, label, type, fieldType, groupName, extra = {}) {
	return { name, label, type, fieldType, groupName, options: [], hasUniqueValue: false, readOnlyValue: false, hubspotDefined: true, description: '', ...extra };
}

const DEAL_STAGES = [
	// HubSpot's default sales pipeline stages and win probabilities.
	{ id: 'appointmentscheduled', label: 'Appointment Scheduled', probability: '0.2', isClosed: 'false' },
	{ id: 'qualifiedtobuy', label: 'Qualified To Buy', probability: '0.4', isClosed: 'false' },
	{ id: 'presentationscheduled', label: 'Presentation Scheduled', probability: '0.6', isClosed: 'false' },
	{ id: 'decisionmakerboughtin', label: 'Decision Maker Bought-In', probability: '0.8', isClosed: 'false' },
	{ id: 'contractsent', label: 'Contract Sent', probability: '0.9', isClosed: 'false' },
	{ id: 'closedwon', label: 'Closed Won', probability: '1.0', isClosed: 'true' },
	{ id: 'closedlost', label: 'Closed Lost', probability: '0.0', isClosed: 'true' },
];

const LIFECYCLE = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other'];
const INDUSTRIES = ['COMPUTER_SOFTWARE', 'INFORMATION_TECHNOLOGY_AND_SERVICES', 'FINANCIAL_SERVICES', 'HOSPITAL_HEALTH_CARE', 'RETAIL', 'REAL_ESTATE', 'CONSTRUCTION', 'MARKETING_AND_ADVERTISING', 'EDUCATION_MANAGEMENT', 'LOGISTICS_AND_SUPPLY_CHAIN'];

/** @param {string} createdProp @param {string} modifiedProp */
function systemProps(createdProp, modifiedProp) {
	return [
		prop('hs_object_id', 'Record ID', 'number', 'number', 'system', { readOnlyValue: true }),
		prop(createdProp, 'Create Date', 'datetime', 'date', 'system', { readOnlyValue: true }),
		prop(modifiedProp, 'Last Modified Date', 'datetime', 'date', 'system', { readOnlyValue: true }),
		prop('hubspot_owner_id', 'Owner', 'enumeration', 'select', 'system', { externalOptions: true }),
	];
}

/** @returns {Record<string, {objectTypeId: string, singular: string, createdProp: string, modifiedProp: string, defaultProps: string[], searchableProps: string[], props: PropertyDef[]}>} */
function builtInTypes() {
	return {
		contacts: {
			objectTypeId: '0-1',
			singular: 'contact',
			createdProp: 'createdate',
			modifiedProp: 'lastmodifieddate',
			defaultProps: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
			searchableProps: ['firstname', 'lastname', 'email', 'phone', 'mobilephone', 'company'],
			props: [
				// HubSpot's contact `email` reports hasUniqueValue=false although it is the
				// de-duplication key; uniqueness is enforced specially (see store.js).
				prop('email', 'Email', 'string', 'text', 'contactinformation'),
				prop('firstname', 'First Name', 'string', 'text', 'contactinformation'),
				prop('lastname', 'Last Name', 'string', 'text', 'contactinformation'),
				prop('phone', 'Phone Number', 'string', 'phonenumber', 'contactinformation'),
				prop('mobilephone', 'Mobile Phone Number', 'string', 'phonenumber', 'contactinformation'),
				prop('company', 'Company Name', 'string', 'text', 'contactinformation'),
				prop('jobtitle', 'Job Title', 'string', 'text', 'contactinformation'),
				prop('website', 'Website URL', 'string', 'text', 'contactinformation'),
				prop('address', 'Street Address', 'string', 'text', 'contactinformation'),
				prop('city', 'City', 'string', 'text', 'contactinformation'),
				prop('state', 'State/Region', 'string', 'text', 'contactinformation'),
				prop('zip', 'Postal Code', 'string', 'text', 'contactinformation'),
				prop('country', 'Country/Region', 'string', 'text', 'contactinformation'),
				prop('lifecyclestage', 'Lifecycle Stage', 'enumeration', 'radio', 'contactinformation', { options: opts(LIFECYCLE) }),
				prop('hs_lead_status', 'Lead Status', 'enumeration', 'radio', 'sales_properties', {
					options: opts(['NEW', 'OPEN', 'IN_PROGRESS', 'OPEN_DEAL', 'UNQUALIFIED', 'ATTEMPTED_TO_CONTACT', 'CONNECTED', 'BAD_TIMING']),
				}),
				...systemProps('createdate', 'lastmodifieddate'),
			],
		},
		companies: {
			objectTypeId: '0-2',
			singular: 'company',
			createdProp: 'createdate',
			modifiedProp: 'hs_lastmodifieddate',
			defaultProps: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
			searchableProps: ['website', 'phone', 'name', 'domain'],
			props: [
				prop('name', 'Company name', 'string', 'text', 'companyinformation'),
				prop('domain', 'Company Domain Name', 'string', 'text', 'companyinformation'),
				prop('website', 'Website URL', 'string', 'text', 'companyinformation'),
				prop('phone', 'Phone Number', 'string', 'phonenumber', 'companyinformation'),
				prop('address', 'Street Address', 'string', 'text', 'companyinformation'),
				prop('city', 'City', 'string', 'text', 'companyinformation'),
				prop('state', 'State/Region', 'string', 'text', 'companyinformation'),
				prop('zip', 'Postal Code', 'string', 'text', 'companyinformation'),
				prop('country', 'Country/Region', 'string', 'text', 'companyinformation'),
				prop('industry', 'Industry', 'enumeration', 'select', 'companyinformation', { options: opts(INDUSTRIES) }),
				prop('numberofemployees', 'Number of Employees', 'number', 'number', 'companyinformation'),
				prop('annualrevenue', 'Annual Revenue', 'number', 'number', 'companyinformation'),
				prop('description', 'Description', 'string', 'textarea', 'companyinformation'),
				prop('lifecyclestage', 'Lifecycle Stage', 'enumeration', 'radio', 'companyinformation', { options: opts(LIFECYCLE) }),
				...systemProps('createdate', 'hs_lastmodifieddate'),
			],
		},
		deals: {
			objectTypeId: '0-3',
			singular: 'deal',
			createdProp: 'createdate',
			modifiedProp: 'hs_lastmodifieddate',
			defaultProps: ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'],
			searchableProps: ['dealname', 'pipeline', 'dealstage', 'description', 'dealtype'],
			props: [
				prop('dealname', 'Deal Name', 'string', 'text', 'dealinformation'),
				prop('amount', 'Amount', 'number', 'number', 'dealinformation'),
				prop('dealstage', 'Deal Stage', 'enumeration', 'radio', 'dealinformation', {
					options: DEAL_STAGES.map((s, i) => ({ label: s.label, value: s.id, displayOrder: i, hidden: false })),
				}),
				prop('pipeline', 'Pipeline', 'enumeration', 'select', 'dealinformation', {
					options: [{ label: 'Sales Pipeline', value: 'default', displayOrder: 0, hidden: false }],
				}),
				prop('closedate', 'Close Date', 'datetime', 'date', 'dealinformation'),
				prop('dealtype', 'Deal Type', 'enumeration', 'radio', 'dealinformation', { options: opts(['newbusiness', 'existingbusiness']) }),
				prop('description', 'Deal Description', 'string', 'textarea', 'dealinformation'),
				...systemProps('createdate', 'hs_lastmodifieddate'),
			],
		},
		meetings: {
			objectTypeId: '0-47',
			singular: 'meeting',
			createdProp: 'hs_createdate',
			modifiedProp: 'hs_lastmodifieddate',
			defaultProps: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
			searchableProps: ['hs_meeting_title', 'hs_meeting_body'],
			props: [
				prop('hs_meeting_title', 'Meeting name', 'string', 'text', 'meeting'),
				prop('hs_meeting_body', 'Meeting description', 'string', 'html', 'meeting'),
				prop('hs_meeting_start_time', 'Start Time', 'datetime', 'date', 'meeting'),
				prop('hs_meeting_end_time', 'End Time', 'datetime', 'date', 'meeting'),
				prop('hs_meeting_location', 'Location', 'string', 'text', 'meeting'),
				prop('hs_meeting_outcome', 'Meeting outcome', 'enumeration', 'select', 'meeting', {
					options: opts(['SCHEDULED', 'COMPLETED', 'RESCHEDULED', 'NO_SHOW', 'CANCELED']),
				}),
				prop('hs_internal_meeting_notes', 'Internal Meeting Notes', 'string', 'html', 'meeting'),
				prop('hs_timestamp', 'Activity date', 'datetime', 'date', 'engagement'),
				...systemProps('hs_createdate', 'hs_lastmodifieddate'),
			],
		},
		tasks: {
			objectTypeId: '0-27',
			singular: 'task',
			createdProp: 'hs_createdate',
			modifiedProp: 'hs_lastmodifieddate',
			defaultProps: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
			searchableProps: ['hs_task_body', 'hs_task_subject'],
			props: [
				prop('hs_task_subject', 'Task Title', 'string', 'text', 'task'),
				prop('hs_task_body', 'Notes', 'string', 'html', 'task'),
				prop('hs_task_status', 'Task Status', 'enumeration', 'select', 'task', { options: opts(['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED']) }),
				prop('hs_task_priority', 'Priority', 'enumeration', 'select', 'task', { options: opts(['NONE', 'LOW', 'MEDIUM', 'HIGH']) }),
				prop('hs_task_type', 'Task Type', 'enumeration', 'select', 'task', { options: opts(['TODO', 'CALL', 'EMAIL']) }),
				// "hs_timestamp: Required. This field marks the task's due date" (HubSpot tasks API guide,
				// developers.hubspot.com/docs/api/crm/tasks).
				prop('hs_timestamp', 'Due date', 'datetime', 'date', 'engagement', { requiredOnCreate: true }),
				...systemProps('hs_createdate', 'hs_lastmodifieddate'),
			],
		},
		notes: {
			objectTypeId: '0-46',
			singular: 'note',
			createdProp: 'hs_createdate',
			modifiedProp: 'hs_lastmodifieddate',
			defaultProps: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
			searchableProps: ['hs_note_body'],
			// "hs_note_body: the note's text content, limited to 65,536 characters" and "hs_timestamp:
			// Required. This field marks the note's time of creation" (HubSpot notes API guide,
			// developers.hubspot.com/docs/api-reference/crm-notes-v3/guide).
			props: [
				prop('hs_note_body', 'Note body', 'string', 'html', 'note', { maxLength: 65536 }),
				prop('hs_timestamp', 'Activity date', 'datetime', 'date', 'engagement', { requiredOnCreate: true }),
				...systemProps('hs_createdate', 'hs_lastmodifieddate'),
			],
		},
	};
}

/**
 * Default association type ids (HUBSPOT_DEFINED, unlabeled) between built-in types.
 * Assumption: taken from HubSpot's published association type id table as remembered;
 * only the pairs below are defined, other pairs (custom objects) get a made-up id.
 */
const ASSOCIATION_TYPE_IDS = {
	'contacts->companies': 279,
	'companies->contacts': 280,
	'deals->contacts': 3,
	'contacts->deals': 4,
	'deals->companies': 341,
	'companies->deals': 342,
	'contacts->meetings': 200,
	'meetings->contacts': 199,
	'contacts->tasks': 204,
	'tasks->contacts': 203,
	'contacts->notes': 202,
	'notes->contacts': 201,
	'companies->meetings': 188,
	'meetings->companies': 187,
	'companies->tasks': 192,
	'tasks->companies': 191,
	'companies->notes': 190,
	'notes->companies': 189,
	'deals->meetings': 212,
	'meetings->deals': 211,
	'deals->tasks': 216,
	'tasks->deals': 215,
	'deals->notes': 214,
	'notes->deals': 213,
};

module.exports = { builtInTypes, prop, opts, DEAL_STAGES, LIFECYCLE, INDUSTRIES, ASSOCIATION_TYPE_IDS };
