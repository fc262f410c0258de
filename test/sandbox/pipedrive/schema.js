'use strict';

/**
 * Pipedrive's entities, their standard fields (as `GET /v1/{entity}Fields` lists them) and
 * activity types, modelled on a fresh Pipedrive company.
 */

const V2_ENTITIES = { persons: 'person', organizations: 'organization', deals: 'deal', activities: 'activity' };
const V1_ENTITIES = { leads: 'lead', notes: 'note' };
const FIELD_ENDPOINTS = {
	personFields: 'persons',
	organizationFields: 'organizations',
	dealFields: 'deals',
	activityFields: 'activities',
	noteFields: 'notes',
};
const STANDARD_FIELDS = {
	persons: [
		['id', 'ID', 'int'],
		['name', 'Name', 'varchar'],
		['first_name', 'First name', 'varchar'],
		['last_name', 'Last name', 'varchar'],
		['owner_id', 'Owner', 'user'],
		['org_id', 'Organization', 'org'],
		['emails', 'Email', 'varchar'],
		['phones', 'Phone', 'phone'],
		['job_title', 'Job title', 'varchar'],
		['add_time', 'Person created', 'date'],
		['update_time', 'Update time', 'date'],
		['label_ids', 'Labels', 'set'],
	],
	organizations: [
		['id', 'ID', 'int'],
		['name', 'Name', 'varchar'],
		['owner_id', 'Owner', 'user'],
		['address', 'Address', 'address'],
		['add_time', 'Organization created', 'date'],
		['update_time', 'Update time', 'date'],
	],
	deals: [
		['id', 'ID', 'int'],
		['title', 'Title', 'varchar'],
		['value', 'Value', 'monetary'],
		['currency', 'Currency', 'varchar'],
		['owner_id', 'Owner', 'user'],
		['person_id', 'Contact person', 'people'],
		['org_id', 'Organization', 'org'],
		['pipeline_id', 'Pipeline', 'double'],
		['stage_id', 'Stage', 'stage'],
		['status', 'Status', 'status'],
		['expected_close_date', 'Expected close date', 'date'],
		['add_time', 'Deal created', 'date'],
		['update_time', 'Update time', 'date'],
	],
	activities: [
		['id', 'ID', 'int'],
		['subject', 'Subject', 'varchar'],
		['type', 'Type', 'varchar'],
		['due_date', 'Due date', 'date'],
		['due_time', 'Due time', 'time'],
		['duration', 'Duration', 'time'],
		['done', 'Done', 'boolean'],
		['owner_id', 'Assigned to user', 'user'],
		['public_description', 'Public description', 'text'],
		['add_time', 'Add time', 'date'],
		['update_time', 'Update time', 'date'],
	],
	notes: [
		['id', 'ID', 'int'],
		['content', 'Content', 'text'],
		['user_id', 'User', 'user'],
		['add_time', 'Add time', 'date'],
		['update_time', 'Update time', 'date'],
	],
};
/**
 * The top-level fields a v2 create or update body may hold, per entity. Source: Pipedrive's
 * API v2 request schemas (AddPersonRequest, AddOrganizationRequest/UpdateOrganizationRequest,
 * AddDealRequest/UpdateDealRequest, AddActivityRequest; PATCH persons takes AddPersonRequest),
 * as published in Pipedrive's OpenAPI-generated client (github.com/pipedrive/client-nodejs,
 * src/versions/v2/models, v32.2.1, April 2026), with "All v2 endpoints now have significantly
 * stricter input validation" (pipedrive.readme.io/docs/pipedrive-api-v2-migration-guide).
 * A person's `job_title`, `postal_address`, `birthday`, `notes` and `ims` are not among them:
 * v2 only returns them, and only "if contact sync is enabled for the company" (Persons API,
 * Get details of a person). Activities take no `custom_fields` in v2.
 */
const V2_WRITABLE = {
	persons: ['name', 'owner_id', 'org_id', 'add_time', 'update_time', 'emails', 'phones', 'visible_to', 'label_ids', 'marketing_status', 'custom_fields'],
	organizations: ['name', 'owner_id', 'add_time', 'update_time', 'visible_to', 'label_ids', 'address', 'custom_fields'],
	deals: [
		'title', 'owner_id', 'person_id', 'org_id', 'pipeline_id', 'stage_id', 'value', 'currency', 'is_deleted', 'is_archived', 'archive_time', 'status',
		'probability', 'lost_reason', 'visible_to', 'close_time', 'won_time', 'lost_time', 'expected_close_date', 'label_ids', 'custom_fields',
	],
	activities: [
		'subject', 'type', 'owner_id', 'deal_id', 'lead_id', 'person_id', 'org_id', 'project_id', 'due_date', 'due_time', 'duration', 'busy', 'done',
		'location', 'participants', 'attendees', 'public_description', 'priority', 'note',
	],
};
const ACTIVITY_TYPES = ['call', 'meeting', 'task', 'deadline', 'email', 'lunch'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

module.exports = { V2_WRITABLE, V2_ENTITIES, V1_ENTITIES, FIELD_ENDPOINTS, STANDARD_FIELDS, ACTIVITY_TYPES, EMAIL };
