import type { NeutralType } from '../../../shared/types';

/** The node's resources and the sObject each one reads and writes. */
export const RESOURCE_SOBJECT: Record<string, string> = {
	lead: 'Lead',
	contact: 'Contact',
	account: 'Account',
	opportunity: 'Opportunity',
	event: 'Event',
	task: 'Task',
};

export const RESOURCE_NEUTRAL: Record<string, NeutralType> = {
	lead: 'lead',
	contact: 'contact',
	account: 'company',
	opportunity: 'deal',
	event: 'appointment',
	task: 'task',
};

/**
 * Neutral kinds and their sObject. Notes use the classic `Note` object (Body,
 * Title, ParentId): it is written like any record, 200 per collection call.
 * Lightning's enhanced notes (`ContentNote`) need base64 content plus a
 * separate `ContentDocumentLink` per parent, two calls per note; not used.
 */
export const NEUTRAL_SOBJECT: Record<NeutralType, string> = {
	contact: 'Contact',
	lead: 'Lead',
	company: 'Account',
	deal: 'Opportunity',
	appointment: 'Event',
	task: 'Task',
	note: 'Note',
};

/** The field a person picking a record would recognise it by. */
export function nameField(sobject: string): string {
	if (sobject === 'Event' || sobject === 'Task') return 'Subject';
	if (sobject === 'Note') return 'Title';
	return 'Name';
}

/** Salesforce's record-id key prefixes for the kinds the neutral model links (associations). */
export const ID_PREFIX_KIND: Record<string, NeutralType> = {
	'001': 'company',
	'003': 'contact',
	'00Q': 'lead',
	'006': 'deal',
	'00U': 'appointment',
	'00T': 'task',
	'002': 'note',
};

/** Fields every sObject has; read with every record so the pack can place it in time. */
export const SYSTEM_FIELDS = ['Id', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp'];

/** sObject API names: letters, digits and underscores (custom ones end in __c). Guards SOQL built from them. */
export function assertApiName(name: string, what = 'object'): string {
	if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new Error(`"${name}" is not a valid Salesforce ${what} API name`);
	return name;
}
