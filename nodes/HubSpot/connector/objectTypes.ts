import type { NeutralType } from '../../../shared/types';

/** The node's resources and the HubSpot object type each one reads and writes. */
export const RESOURCE_OBJECT_TYPE: Record<string, string> = {
	contact: 'contacts',
	company: 'companies',
	deal: 'deals',
	meeting: 'meetings',
	task: 'tasks',
	note: 'notes',
};

/** Neutral kinds and their HubSpot object. HubSpot has no separate lead record in the v3 objects we use: a lead is a contact. */
export const NEUTRAL_OBJECT_TYPE: Record<NeutralType, string> = {
	contact: 'contacts',
	lead: 'contacts',
	company: 'companies',
	deal: 'deals',
	appointment: 'meetings',
	task: 'tasks',
	note: 'notes',
};

export const RESOURCE_NEUTRAL: Record<string, NeutralType> = {
	contact: 'contact',
	company: 'company',
	deal: 'deal',
	meeting: 'appointment',
	task: 'task',
	note: 'note',
};

const TYPE_IDS: Record<string, string> = {
	'0-1': 'contacts',
	'0-2': 'companies',
	'0-3': 'deals',
	'0-47': 'meetings',
	'0-27': 'tasks',
	'0-46': 'notes',
};

export function canonicalObjectType(objectType: string): string {
	return TYPE_IDS[objectType] ?? objectType;
}

/** Contacts, companies and deals keep their creation time in `createdate`; engagements in `hs_createdate`. */
export function createdProperty(objectType: string): string {
	return ['contacts', 'companies', 'deals'].includes(canonicalObjectType(objectType)) ? 'createdate' : 'hs_createdate';
}

/** Contacts keep their modification time in `lastmodifieddate`; every other object in `hs_lastmodifieddate`. */
export function lastModifiedProperty(objectType: string): string {
	return canonicalObjectType(objectType) === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate';
}

/** The property a person searching for a record by name would mean. */
export function displayProperties(objectType: string): string[] {
	switch (canonicalObjectType(objectType)) {
		case 'contacts':
			return ['firstname', 'lastname', 'email'];
		case 'companies':
			return ['name', 'domain'];
		case 'deals':
			return ['dealname'];
		case 'meetings':
			return ['hs_meeting_title'];
		case 'tasks':
			return ['hs_task_subject'];
		case 'notes':
			return ['hs_note_body'];
		default:
			return ['hs_object_id'];
	}
}
