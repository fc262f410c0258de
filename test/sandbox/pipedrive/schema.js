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
const ACTIVITY_TYPES = ['call', 'meeting', 'task', 'deadline', 'email', 'lunch'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

module.exports = { V2_ENTITIES, V1_ENTITIES, FIELD_ENDPOINTS, STANDARD_FIELDS, ACTIVITY_TYPES, EMAIL };
