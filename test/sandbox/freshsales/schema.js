'use strict';

/**
 * What the Freshsales emulator knows of each entity, from Freshworks' CRM API
 * documentation (developers.freshworks.com/crm/api). Marked "(second-hand)":
 * details seen only in code that uses the API, not confirmed in the vendor's
 * pages we could read (see the folder's README section).
 *
 * - `wrapper`: the JSON key a single record travels under (`{ contact: {...} }`);
 *   `plural`: the key of lists (`{ contacts: [...] }`).
 * - `views`: listed through saved views (`GET /contacts/filters`, `GET /contacts/view/:id`);
 *   otherwise `GET /<path>` with the entity's own `filter` values.
 * - `search`: the `filtered_search/<entity>` name (contacts, accounts, deals only).
 * - `upsert`: the default unique identifier of `POST /<path>/upsert` (deals: a unique custom field only).
 * - `bulk`: has `POST /<path>/bulk_upsert` (second-hand: an async job, 100 per request).
 * - `required`: fields a create must carry (one of the alternatives for `anyOf`).
 */
const ENTITIES = {
	contacts: {
		wrapper: 'contact',
		plural: 'contacts',
		views: true,
		search: 'contact',
		upsert: 'emails',
		bulk: true,
		fields: 'contacts',
		// A contact needs an email or a mobile number (second-hand).
		anyOf: ['email', 'emails', 'mobile_number'],
		required: [],
	},
	sales_accounts: { wrapper: 'sales_account', plural: 'sales_accounts', views: true, search: 'sales_account', upsert: 'name', bulk: true, fields: 'sales_accounts', required: ['name'] },
	deals: { wrapper: 'deal', plural: 'deals', views: true, search: 'deal', upsert: undefined, bulk: true, fields: 'deals', required: ['name'] },
	tasks: {
		wrapper: 'task',
		plural: 'tasks',
		listFilters: ['open', 'due_today', 'due_tomorrow', 'overdue', 'completed'],
		required: ['title', 'due_date', 'targetable_type', 'targetable_id'],
	},
	appointments: { wrapper: 'appointment', plural: 'appointments', listFilters: ['past', 'upcoming'], required: ['title', 'from_date', 'end_date'] },
	notes: { wrapper: 'note', plural: 'notes', noRead: true, required: ['description', 'targetable_type', 'targetable_id'] },
	sales_activities: {
		wrapper: 'sales_activity',
		plural: 'sales_activities',
		fields: 'sales_activities',
		required: ['title', 'sales_activity_type_id', 'start_date', 'end_date', 'targetable_type', 'targetable_id'],
	},
};

/** `[name, label, type]` of the standard fields each entity accepts; anything else (but `custom_field`) is refused. */
const STANDARD_FIELDS = {
	contacts: [
		['first_name', 'First name', 'text'],
		['last_name', 'Last name', 'text'],
		['email', 'Email', 'email'],
		['emails', 'Emails', 'email'],
		['job_title', 'Job title', 'text'],
		['work_number', 'Work', 'phone_number'],
		['mobile_number', 'Mobile', 'phone_number'],
		['address', 'Address', 'textarea'],
		['city', 'City', 'text'],
		['state', 'State', 'text'],
		['zipcode', 'Zipcode', 'text'],
		['country', 'Country', 'text'],
		['owner_id', 'Sales owner', 'dropdown'],
		['sales_account_id', 'Account', 'auto_complete'],
		['sales_accounts', 'Accounts', 'auto_complete'],
		['lifecycle_stage_id', 'Lifecycle stage', 'dropdown'],
		['contact_status_id', 'Status', 'dropdown'],
		['lead_source_id', 'Source', 'dropdown'],
		['territory_id', 'Territory', 'dropdown'],
		['medium', 'Medium', 'text'],
		['keyword', 'Keyword', 'text'],
		['time_zone', 'Time zone', 'dropdown'],
		['facebook', 'Facebook', 'text'],
		['twitter', 'Twitter', 'text'],
		['linkedin', 'LinkedIn', 'text'],
		['subscription_status', 'Subscription status', 'dropdown'],
		['tags', 'Tags', 'multi_select_dropdown'],
	],
	sales_accounts: [
		['name', 'Name', 'text'],
		['address', 'Address', 'textarea'],
		['city', 'City', 'text'],
		['state', 'State', 'text'],
		['zipcode', 'Zipcode', 'text'],
		['country', 'Country', 'text'],
		['industry_type_id', 'Industry type', 'dropdown'],
		['business_type_id', 'Business type', 'dropdown'],
		['number_of_employees', 'Number of employees', 'number'],
		['annual_revenue', 'Annual revenue', 'number'],
		['website', 'Website', 'text'],
		['phone', 'Phone', 'phone_number'],
		['owner_id', 'Sales owner', 'dropdown'],
		['parent_sales_account_id', 'Parent account', 'auto_complete'],
		['territory_id', 'Territory', 'dropdown'],
		['facebook', 'Facebook', 'text'],
		['twitter', 'Twitter', 'text'],
		['linkedin', 'LinkedIn', 'text'],
		['tags', 'Tags', 'multi_select_dropdown'],
	],
	deals: [
		['name', 'Name', 'text'],
		['amount', 'Deal value', 'number'],
		['base_currency_amount', 'Amount in base currency', 'number'],
		['currency_id', 'Currency', 'dropdown'],
		['sales_account_id', 'Account', 'auto_complete'],
		['contacts_added_list', 'Related contacts', 'auto_complete'],
		['deal_stage_id', 'Deal stage', 'dropdown'],
		['deal_pipeline_id', 'Deal pipeline', 'dropdown'],
		['deal_reason_id', 'Lost reason', 'dropdown'],
		['deal_type_id', 'Deal type', 'dropdown'],
		['deal_payment_status_id', 'Payment status', 'dropdown'],
		['lead_source_id', 'Source', 'dropdown'],
		['campaign_id', 'Campaign', 'dropdown'],
		['probability', 'Probability', 'number'],
		['expected_close', 'Expected close date', 'date'],
		['closed_date', 'Closed date', 'date'],
		['owner_id', 'Sales owner', 'dropdown'],
		['territory_id', 'Territory', 'dropdown'],
		['tags', 'Tags', 'multi_select_dropdown'],
	],
	tasks: [
		['title', 'Title', 'text'],
		['description', 'Description', 'textarea'],
		['due_date', 'Due date', 'date_time'],
		['owner_id', 'Owner', 'dropdown'],
		['status', 'Status', 'number'],
		['targetable_type', 'Related to type', 'text'],
		['targetable_id', 'Related to', 'number'],
		['task_type_id', 'Task type', 'dropdown'],
		['outcome_id', 'Outcome', 'dropdown'],
		['task_users_attributes', 'Collaborators', 'auto_complete'],
	],
	appointments: [
		['title', 'Title', 'text'],
		['description', 'Description', 'textarea'],
		['from_date', 'From', 'date_time'],
		['end_date', 'To', 'date_time'],
		['time_zone', 'Time zone', 'text'],
		['location', 'Location', 'text'],
		['is_allday', 'All day', 'checkbox'],
		['targetable_type', 'Related to type', 'text'],
		['targetable_id', 'Related to', 'number'],
		['outcome_id', 'Outcome', 'dropdown'],
		['latitude', 'Latitude', 'text'],
		['longitude', 'Longitude', 'text'],
		['creater_id', 'Created by', 'dropdown'],
		['appointment_attendees_attributes', 'Attendees', 'auto_complete'],
	],
	notes: [
		['description', 'Description', 'textarea'],
		['targetable_type', 'Related to type', 'text'],
		['targetable_id', 'Related to', 'number'],
	],
	sales_activities: [
		['title', 'Title', 'text'],
		['notes', 'Notes', 'textarea'],
		['sales_activity_type_id', 'Activity type', 'dropdown'],
		['sales_activity_outcome_id', 'Outcome', 'dropdown'],
		['start_date', 'Start date', 'date_time'],
		['end_date', 'End date', 'date_time'],
		['owner_id', 'Owner', 'dropdown'],
		['targetable_type', 'Related to type', 'text'],
		['targetable_id', 'Related to', 'number'],
		['location', 'Location', 'text'],
	],
};

/** What `targetable_type` may name, and the entity it points at. */
const TARGETABLE = { Contact: 'contacts', SalesAccount: 'sales_accounts', Deal: 'deals' };

/** Views every account has (ids fixed here; real accounts have their own). */
const DEFAULT_VIEWS = {
	contacts: [
		{ id: 101, name: 'All Contacts' },
		{ id: 102, name: 'My Contacts' },
	],
	sales_accounts: [
		{ id: 201, name: 'All Accounts' },
		{ id: 202, name: 'My Accounts' },
	],
	deals: [
		{ id: 301, name: 'All Deals' },
		{ id: 302, name: 'My Deals' },
	],
};

/** Freshsales' largest page (`per_page`). */
const MAX_PER_PAGE = 100;
/** Records one bulk upsert takes (second-hand). */
const MAX_BULK = 100;
/** Values one `is_in` filter rule takes (assumption: the vendor states none we found). */
const MAX_IS_IN = 100;

module.exports = { ENTITIES, STANDARD_FIELDS, TARGETABLE, DEFAULT_VIEWS, MAX_PER_PAGE, MAX_BULK, MAX_IS_IN };
