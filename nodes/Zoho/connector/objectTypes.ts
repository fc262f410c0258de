import type { NeutralType } from '../../../shared/types';

/** A Zoho CRM module the pack knows by name: its action-node resource and neutral kind. */
export interface ModuleSpec {
	/** Zoho's module API name (the object type the connector takes). */
	module: string;
	resource: string;
	neutral: NeutralType;
	/** Fields a person recognises a record by. */
	titleFields: string[];
	/** Fields a listing asks for when the caller names none (Zoho requires `fields`). */
	defaultFields: string[];
	/** Whether Zoho's `/search` serves it (activities and notes: no, assumption from the v8 search docs' module list). */
	searchable: boolean;
}

const STAMPS = ['Created_Time', 'Modified_Time', 'Owner'];

/**
 * The standard modules (Zoho v8 docs, "Modules": Leads, Contacts, Accounts,
 * Deals, Tasks, Events = meetings, Calls, Notes). Any other module, custom
 * ones included, is named by its API name and read through the fields metadata.
 */
export const MODULES: Record<string, ModuleSpec> = {
	Leads: {
		module: 'Leads',
		resource: 'lead',
		neutral: 'lead',
		titleFields: ['Full_Name', 'Email'],
		defaultFields: ['First_Name', 'Last_Name', 'Full_Name', 'Email', 'Phone', 'Mobile', 'Company', 'Designation', 'Lead_Status', 'Lead_Source', ...STAMPS],
		searchable: true,
	},
	Contacts: {
		module: 'Contacts',
		resource: 'contact',
		neutral: 'contact',
		titleFields: ['Full_Name', 'Email'],
		defaultFields: ['First_Name', 'Last_Name', 'Full_Name', 'Email', 'Phone', 'Mobile', 'Title', 'Account_Name', ...STAMPS],
		searchable: true,
	},
	Accounts: {
		module: 'Accounts',
		resource: 'account',
		neutral: 'company',
		titleFields: ['Account_Name'],
		defaultFields: ['Account_Name', 'Website', 'Phone', 'Industry', ...STAMPS],
		searchable: true,
	},
	Deals: {
		module: 'Deals',
		resource: 'deal',
		neutral: 'deal',
		titleFields: ['Deal_Name'],
		defaultFields: ['Deal_Name', 'Amount', 'Stage', 'Closing_Date', 'Pipeline', 'Account_Name', 'Contact_Name', ...STAMPS],
		searchable: true,
	},
	Events: {
		module: 'Events',
		resource: 'event',
		neutral: 'appointment',
		titleFields: ['Event_Title'],
		defaultFields: ['Event_Title', 'Start_DateTime', 'End_DateTime', 'Venue', 'What_Id', 'Who_Id', ...STAMPS],
		searchable: false,
	},
	Tasks: {
		module: 'Tasks',
		resource: 'task',
		neutral: 'task',
		titleFields: ['Subject'],
		defaultFields: ['Subject', 'Due_Date', 'Status', 'Priority', 'What_Id', 'Who_Id', ...STAMPS],
		searchable: false,
	},
	Calls: {
		module: 'Calls',
		resource: 'call',
		neutral: 'task',
		titleFields: ['Subject'],
		defaultFields: ['Subject', 'Call_Type', 'Call_Start_Time', 'Call_Duration', 'What_Id', 'Who_Id', ...STAMPS],
		searchable: false,
	},
	Notes: {
		module: 'Notes',
		resource: 'note',
		neutral: 'note',
		titleFields: ['Note_Title'],
		defaultFields: ['Note_Title', 'Note_Content', 'Parent_Id', ...STAMPS],
		searchable: false,
	},
};

export const RESOURCE_MODULE: Record<string, string> = Object.fromEntries(Object.values(MODULES).map((m) => [m.resource, m.module]));

/** A module's spec, or a plain one for a custom module named by its API name. */
export function moduleSpec(module: string): ModuleSpec {
	return (
		MODULES[module] ?? {
			module,
			resource: 'customModule',
			neutral: 'contact',
			titleFields: ['Name'],
			defaultFields: ['Name', ...STAMPS],
			searchable: true,
		}
	);
}

/** A Zoho module API name: letters, digits and underscores (custom ones too, e.g. `Pets` or `Custom_Module1`). */
export function isModuleName(value: string): boolean {
	return /^[A-Za-z][A-Za-z0-9_]*$/.test(value);
}
