import type { NeutralType } from '../../../shared/types';

/**
 * What the pack knows about each Pipedrive entity. Persons, organizations,
 * deals and activities have API v2 endpoints (cursor paging, RFC 3339 times,
 * custom fields under `custom_fields`, PATCH for updates). Leads and notes have
 * no v2 list/write endpoints yet, so they stay on v1 (offset paging, custom
 * fields at the root, `YYYY-MM-DD HH:MM:SS` UTC times); leads have a v2 search.
 */
export interface EntitySpec {
	/** The connector's object type: the path segment (`persons`). */
	objectType: string;
	/** The node's resource value (`person`). */
	resource: string;
	/** Singular word for messages and webhook `event_object`. */
	singular: string;
	version: 1 | 2;
	path: string;
	/** v1 verb for updates: v2 and leads use PATCH, notes PUT. */
	updateMethod: 'PATCH' | 'PUT';
	/** v1 endpoint of the entity's fields (custom fields by name). Leads share the deal fields. */
	fieldsPath: string;
	searchPath?: string;
	/** The field holding the record's display name. */
	titleField: string;
	/** Whether the list endpoint takes `ids` (up to 100 per call); otherwise one GET per record. */
	listsByIds: boolean;
	/** Fields an upsert may match on, with the `fields` value of the search endpoint. */
	matchFields: Record<string, string>;
	neutral: NeutralType;
	/** v2 only: the top-level fields its create/update bodies may hold; Pipedrive refuses any other. */
	writable?: readonly string[];
}

/*
 * Top-level fields of Pipedrive's v2 request bodies, from its API v2 request schemas
 * (AddPersonRequest, used by PATCH too; Add/UpdateOrganizationRequest; Add/UpdateDealRequest;
 * AddActivityRequest), as published in Pipedrive's OpenAPI-generated client
 * (github.com/pipedrive/client-nodejs, src/versions/v2/models, v32.2.1) and its API reference;
 * v2 validates strictly ("All v2 endpoints now have significantly stricter input validation",
 * pipedrive.readme.io/docs/pipedrive-api-v2-migration-guide) and answers an unknown field
 * 400 "Invalid field(s) in the payload: <field>". A person's job_title, postal_address,
 * birthday, notes and ims are not writable in v2: it only returns them, "if contact sync is
 * enabled for the company" (Persons API v2, Get details of a person). Activities take no
 * custom_fields in v2.
 */
const PERSON_FIELDS = ['name', 'owner_id', 'org_id', 'add_time', 'update_time', 'emails', 'phones', 'visible_to', 'label_ids', 'marketing_status', 'custom_fields'];
const ORGANIZATION_FIELDS = ['name', 'owner_id', 'add_time', 'update_time', 'visible_to', 'label_ids', 'address', 'custom_fields'];
const DEAL_FIELDS = [
	'title',
	'owner_id',
	'person_id',
	'org_id',
	'pipeline_id',
	'stage_id',
	'value',
	'currency',
	'is_deleted',
	'is_archived',
	'archive_time',
	'status',
	'probability',
	'lost_reason',
	'visible_to',
	'close_time',
	'won_time',
	'lost_time',
	'expected_close_date',
	'label_ids',
	'custom_fields',
];
const ACTIVITY_FIELDS = [
	'subject',
	'type',
	'owner_id',
	'deal_id',
	'lead_id',
	'person_id',
	'org_id',
	'project_id',
	'due_date',
	'due_time',
	'duration',
	'busy',
	'done',
	'location',
	'participants',
	'attendees',
	'public_description',
	'priority',
	'note',
];

export const ENTITIES: Record<string, EntitySpec> = {
	persons: {
		objectType: 'persons',
		resource: 'person',
		singular: 'person',
		version: 2,
		path: '/api/v2/persons',
		updateMethod: 'PATCH',
		fieldsPath: '/api/v1/personFields',
		searchPath: '/api/v2/persons/search',
		titleField: 'name',
		listsByIds: true,
		matchFields: { email: 'email', name: 'name', phone: 'phone' },
		neutral: 'contact',
		writable: PERSON_FIELDS,
	},
	organizations: {
		objectType: 'organizations',
		resource: 'organization',
		singular: 'organization',
		version: 2,
		path: '/api/v2/organizations',
		updateMethod: 'PATCH',
		fieldsPath: '/api/v1/organizationFields',
		searchPath: '/api/v2/organizations/search',
		titleField: 'name',
		listsByIds: true,
		matchFields: { name: 'name' },
		neutral: 'company',
		writable: ORGANIZATION_FIELDS,
	},
	deals: {
		objectType: 'deals',
		resource: 'deal',
		singular: 'deal',
		version: 2,
		path: '/api/v2/deals',
		updateMethod: 'PATCH',
		fieldsPath: '/api/v1/dealFields',
		searchPath: '/api/v2/deals/search',
		titleField: 'title',
		listsByIds: true,
		matchFields: { title: 'title' },
		neutral: 'deal',
		writable: DEAL_FIELDS,
	},
	leads: {
		objectType: 'leads',
		resource: 'lead',
		singular: 'lead',
		version: 1,
		path: '/api/v1/leads',
		updateMethod: 'PATCH',
		fieldsPath: '/api/v1/dealFields',
		searchPath: '/api/v2/leads/search',
		titleField: 'title',
		listsByIds: false,
		matchFields: { title: 'title' },
		neutral: 'lead',
	},
	activities: {
		objectType: 'activities',
		resource: 'activity',
		singular: 'activity',
		version: 2,
		path: '/api/v2/activities',
		updateMethod: 'PATCH',
		fieldsPath: '/api/v1/activityFields',
		titleField: 'subject',
		listsByIds: true,
		matchFields: {},
		neutral: 'appointment',
		writable: ACTIVITY_FIELDS,
	},
	notes: {
		objectType: 'notes',
		resource: 'note',
		singular: 'note',
		version: 1,
		path: '/api/v1/notes',
		updateMethod: 'PUT',
		fieldsPath: '/api/v1/noteFields',
		titleField: 'content',
		listsByIds: false,
		matchFields: {},
		neutral: 'note',
	},
};

export const RESOURCE_OBJECT_TYPE: Record<string, string> = Object.fromEntries(
	Object.values(ENTITIES).map((e) => [e.resource, e.objectType]),
);

export const RESOURCE_NEUTRAL: Record<string, NeutralType> = Object.fromEntries(
	Object.values(ENTITIES).map((e) => [e.resource, e.neutral]),
);

/**
 * Neutral kinds and their Pipedrive entity. Tasks are activities too (type
 * `task`), so a task and an appointment share the endpoint and differ by type.
 */
export const NEUTRAL_OBJECT_TYPE: Record<NeutralType, string> = {
	contact: 'persons',
	company: 'organizations',
	deal: 'deals',
	lead: 'leads',
	appointment: 'activities',
	task: 'activities',
	note: 'notes',
};

export function entityOf(objectType: string): EntitySpec {
	const spec = ENTITIES[objectType] ?? Object.values(ENTITIES).find((e) => e.resource === objectType || e.singular === objectType);
	if (!spec) throw new Error(`Pipedrive has no object type "${objectType}" in this pack (use persons, organizations, deals, leads, activities or notes)`);
	return spec;
}
