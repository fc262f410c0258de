import type { INodeProperties } from 'n8n-workflow';
import { crmOptions } from './connect';
import { searchQueryProperties } from './searchParameters';

const on = (...operation: string[]) => ({ show: { operation } });

const PERSON_OPS = ['syncCustomer', 'syncLead'];
const WRITE_OPS = [...PERSON_OPS, 'syncAppointment'];

const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Get Customer',
			value: 'getCustomer',
			action: 'Get a customer',
			description: 'Find one customer (contact) by email, phone or record ID; returns found: false when nobody matches',
		},
		{
			name: 'Search',
			value: 'search',
			action: 'Search records',
			description: 'Search contacts, companies or deals by text or by one field (email, phone, domain, name)',
		},
		{
			name: 'Sync Appointment',
			value: 'syncAppointment',
			action: 'Create or update an appointment',
			description:
				'Create or update an appointment for a customer (found or created by email) with start, end or duration, title, location and notes; send the same Booking ID again to update it instead of booking twice',
		},
		{
			name: 'Sync Customer',
			value: 'syncCustomer',
			action: 'Create or update a customer',
			description: 'Create or update a customer (contact) matched by email, phone or an external ID; says whether it was created or updated',
		},
		{
			name: 'Sync Lead',
			value: 'syncLead',
			action: 'Create or update a lead',
			description: 'Create or update a lead matched by email, with its status and source',
		},
		{
			name: 'Test Connection',
			value: 'testConnection',
			action: 'Test the CRM connection',
			description: 'Check the credential: ok or not (with the CRM\'s reason), the account it reaches and the API budget left where the CRM reports it',
		},
	],
	default: 'syncCustomer',
};

const personFields: INodeProperties[] = [
	{
		displayName: 'Match By',
		name: 'matchBy',
		type: 'options',
		options: [
			{ name: 'Email', value: 'email', description: 'The person with this email address (the usual choice)' },
			{ name: 'External ID', value: 'externalId', description: 'A CRM field holding your own ID, unique in the CRM (e.g. a custom field)' },
			{ name: 'Phone', value: 'phone', description: 'The person with this phone number (compared in E.164 form)' },
		],
		default: 'email',
		displayOptions: on(...PERSON_OPS),
		description: 'How an existing record is recognised; none found: one is created',
	},
	{
		displayName: 'External ID Field',
		name: 'externalIdField',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. external_id',
		displayOptions: { show: { operation: PERSON_OPS, matchBy: ['externalId'] } },
		description: 'The CRM\'s name of the field holding the external ID; it must be unique in the CRM (HubSpot: a property with unique values; Salesforce: an External ID field)',
	},
	{
		displayName: 'External ID Value',
		name: 'externalIdValue',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { operation: PERSON_OPS, matchBy: ['externalId'] } },
		description: 'This item\'s external ID',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		displayOptions: on(...PERSON_OPS),
		description: 'Email address of the person; with Match By Email it is how an existing record is found',
	},
	{
		displayName: 'Customer Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		required: true,
		displayOptions: on('syncAppointment'),
		description: 'Email of the customer the appointment is for: the customer is found by it, or created with the name and phone below',
	},
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '',
		displayOptions: on(...WRITE_OPS),
		description: 'Phone number, best with its country code (+44 20 7946 0958); sent to the CRM in E.164 form (+442079460958)',
	},
	{
		displayName: 'First Name',
		name: 'firstName',
		type: 'string',
		default: '',
		displayOptions: on(...WRITE_OPS),
	},
	{
		displayName: 'Last Name',
		name: 'lastName',
		type: 'string',
		default: '',
		displayOptions: on(...WRITE_OPS),
		description: 'Last name (some CRMs require one for a new contact or lead, e.g. Salesforce)',
	},
	{
		displayName: 'Lead Status',
		name: 'leadStatus',
		type: 'string',
		default: '',
		displayOptions: on('syncLead'),
		description:
			'The lead\'s status as the CRM names it (HubSpot lead status e.g. NEW, OPEN, IN_PROGRESS; Salesforce Lead Status e.g. Open - Not Contacted; Pipedrive: "archived" archives the lead).',
	},
	{
		displayName: 'Lead Source',
		name: 'leadSource',
		type: 'string',
		default: '',
		displayOptions: on('syncLead'),
		description: 'Where the lead came from as the CRM names it (e.g. Web, Phone Inquiry); a CRM that computes it itself refuses it',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: on(...PERSON_OPS),
		options: [
			{ displayName: 'City', name: 'city', type: 'string', default: '' },
			{ displayName: 'Company', name: 'company', type: 'string', default: '', description: 'Company name as text on the person (a lead\'s company)' },
			{ displayName: 'Country', name: 'country', type: 'string', default: '' },
			{ displayName: 'Job Title', name: 'jobTitle', type: 'string', default: '' },
			{ displayName: 'Mobile Phone', name: 'mobilePhone', type: 'string', default: '' },
			{ displayName: 'Owner ID', name: 'ownerId', type: 'string', default: '', description: 'The CRM user who owns the record, by the CRM\'s user ID' },
			{ displayName: 'Postal Code', name: 'postalCode', type: 'string', default: '' },
			{ displayName: 'State', name: 'state', type: 'string', default: '' },
			{ displayName: 'Street', name: 'street', type: 'string', default: '' },
		],
	},
];

const appointmentFields: INodeProperties[] = [
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		required: true,
		displayOptions: on('syncAppointment'),
		placeholder: 'e.g. Consultation with Jane Doe',
	},
	{
		displayName: 'Start',
		name: 'startTime',
		type: 'dateTime',
		default: '',
		required: true,
		displayOptions: on('syncAppointment'),
		description: 'When the appointment starts: ISO 8601 (2026-12-10T14:00:00+01:00); without an offset it is read in the Time Zone below',
	},
	{
		displayName: 'End',
		name: 'endTime',
		type: 'dateTime',
		default: '',
		displayOptions: on('syncAppointment'),
		description: 'When it ends; leave empty to use Duration',
	},
	{
		displayName: 'Duration (Minutes)',
		name: 'durationMinutes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 30,
		displayOptions: on('syncAppointment'),
		description: 'Length of the appointment when End is empty',
	},
	{
		displayName: 'Time Zone',
		name: 'timeZone',
		type: 'string',
		default: '',
		placeholder: 'e.g. Europe/Berlin',
		displayOptions: on('syncAppointment'),
		description: 'IANA time zone for a Start or End written without an offset (default UTC)',
	},
	{
		displayName: 'Location',
		name: 'location',
		type: 'string',
		default: '',
		displayOptions: on('syncAppointment'),
	},
	{
		displayName: 'Notes',
		name: 'notes',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		displayOptions: on('syncAppointment'),
		description: 'Description of the appointment',
	},
	{
		displayName: 'Booking ID',
		name: 'bookingId',
		type: 'string',
		default: '',
		displayOptions: on('syncAppointment'),
		description:
			'The booking\'s ID in the system that booked it (calendar, booking page, agent). Sending the same ID again updates that appointment instead of creating a second one. Leave empty to always create.',
	},
];

const lookupFields: INodeProperties[] = [
	{
		displayName: 'Find By',
		name: 'lookupBy',
		type: 'options',
		options: [
			{ name: 'Email', value: 'email' },
			{ name: 'Phone', value: 'phone' },
			{ name: 'Record ID', value: 'id' },
		],
		default: 'email',
		displayOptions: on('getCustomer'),
	},
	{
		displayName: 'Value',
		name: 'lookupValue',
		type: 'string',
		default: '',
		required: true,
		displayOptions: on('getCustomer'),
		description: 'The email address, phone number or CRM record ID to look for',
	},
	{
		displayName: 'Record Kind',
		name: 'searchKind',
		type: 'options',
		options: [
			{ name: 'Company', value: 'company' },
			{ name: 'Contact', value: 'contact' },
			{ name: 'Deal', value: 'deal' },
		],
		default: 'contact',
		displayOptions: on('search'),
	},
	...searchQueryProperties('The CRM\'s own full-text search', on('search')),
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 200 },
		default: 50,
		displayOptions: on('search'),
		description: 'Max number of results to return',
	},
];

const customFields: INodeProperties = {
	displayName: 'Custom Fields',
	name: 'customFields',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Custom Field',
	default: {},
	displayOptions: on(...WRITE_OPS),
	description: 'Fields of the CRM written as they are, by the CRM\'s own field name (not translated between CRMs)',
	options: [
		{
			displayName: 'Field',
			name: 'field',
			values: [
				{ displayName: 'Field Name', name: 'name', type: 'string', default: '', description: 'The CRM\'s internal field name' },
				{ displayName: 'Value', name: 'value', type: 'string', default: '' },
			],
		},
	],
};

const options: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: on(...WRITE_OPS, 'getCustomer', 'search'),
	options: [
		{
			displayName: 'Default Country',
			name: 'defaultCountry',
			type: 'string',
			default: '',
			placeholder: 'e.g. GB',
			description: 'ISO country code for phone numbers written without a country code',
		},
		{
			displayName: 'Include Raw Record',
			name: 'includeRaw',
			type: 'boolean',
			default: false,
			description: 'Whether to add the record as the CRM returned it',
		},
	],
};

export const crmProperties: INodeProperties[] = [
	{
		displayName: 'CRM',
		name: 'crm',
		type: 'options',
		noDataExpression: true,
		options: crmOptions(),
		// The first CRM of nodes/crms.ts, which stays first (CRM Sync's default side relies on it too).
		default: 'hubspot',
		description: 'The CRM to work in; its credential is chosen above. Switching CRM keeps every other parameter.',
	},
	operation,
	...personFields,
	...appointmentFields,
	...lookupFields,
	customFields,
	options,
];
