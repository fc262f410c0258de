import type { NeutralType } from '../../../shared/types';

/**
 * The standard REST CRM API's resources (test/sandbox/GENERIC-API.md, our own
 * design: there is no vendor): each is a collection `/<objectType>` below the
 * API root with `GET` (paged by `page`/`per_page`, any field a filter), `POST`,
 * `GET|PUT|PATCH|DELETE /<objectType>/{id}`, `id`, `created_at`, `updated_at`.
 */
export interface ResourceSpec {
	/** The action node's resource value. */
	resource: string;
	/** The collection below the API root, and the connector's object type. */
	objectType: string;
	singular: string;
	/** The neutral kind its records map to; none for projects and users (no neutral shape). */
	kind?: NeutralType;
	titleField: string;
	/** Fields a record is written with (the API refuses any other), required ones first. */
	fields: Array<{ name: string; type: 'string' | 'email' | 'options' | 'boolean' | 'number' | 'date' | 'dateTime' | 'id'; required?: boolean; unique?: boolean; options?: string[] }>;
	/** The list filters the node offers (GENERIC-API.md: any field filters; these are the useful ones). */
	filters: string[];
	/** The event object name of its webhook events (`contact.created`). */
	event: string;
}

const id = (name: string) => ({ name, type: 'id' as const });

export const RESOURCES: ResourceSpec[] = [
	{
		resource: 'contact',
		objectType: 'contacts',
		singular: 'contact',
		kind: 'contact',
		titleField: 'last_name',
		fields: [
			{ name: 'last_name', type: 'string', required: true },
			{ name: 'first_name', type: 'string' },
			{ name: 'email', type: 'email', unique: true },
			{ name: 'phone', type: 'string' },
			{ name: 'mobile_phone', type: 'string' },
			{ name: 'job_title', type: 'string' },
			id('client_id'),
			id('owner_id'),
			{ name: 'street', type: 'string' },
			{ name: 'city', type: 'string' },
			{ name: 'state', type: 'string' },
			{ name: 'postal_code', type: 'string' },
			{ name: 'country', type: 'string' },
		],
		filters: ['email', 'client_id', 'owner_id'],
		event: 'contact',
	},
	{
		resource: 'client',
		objectType: 'clients',
		singular: 'client',
		kind: 'company',
		titleField: 'name',
		fields: [
			{ name: 'name', type: 'string', required: true },
			{ name: 'email', type: 'email' },
			{ name: 'phone', type: 'string' },
			{ name: 'company', type: 'string' },
			{ name: 'website', type: 'string' },
			id('owner_id'),
		],
		filters: ['owner_id', 'email'],
		event: 'client',
	},
	{
		resource: 'deal',
		objectType: 'deals',
		singular: 'deal',
		kind: 'deal',
		titleField: 'name',
		fields: [
			{ name: 'name', type: 'string', required: true },
			{ name: 'amount', type: 'number' },
			{ name: 'currency', type: 'options', options: ['USD', 'EUR', 'GBP', 'CHF', 'JPY', 'CAD', 'AUD'] },
			{ name: 'stage', type: 'options', options: ['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost'] },
			{ name: 'close_date', type: 'date' },
			{ name: 'description', type: 'string' },
			id('client_id'),
			id('contact_id'),
			id('owner_id'),
		],
		filters: ['stage', 'client_id', 'contact_id', 'owner_id'],
		event: 'deal',
	},
	{
		resource: 'activity',
		objectType: 'activities',
		singular: 'activity',
		kind: 'appointment',
		titleField: 'subject',
		fields: [
			{ name: 'subject', type: 'string', required: true },
			{ name: 'type', type: 'options', options: ['call', 'meeting', 'email', 'task'] },
			{ name: 'description', type: 'string' },
			{ name: 'starts_at', type: 'dateTime' },
			{ name: 'ends_at', type: 'dateTime' },
			{ name: 'location', type: 'string' },
			{ name: 'done', type: 'boolean' },
			id('contact_id'),
			id('deal_id'),
			id('client_id'),
			id('owner_id'),
		],
		filters: ['type', 'done', 'contact_id', 'deal_id', 'client_id', 'owner_id'],
		event: 'activity',
	},
	{
		resource: 'task',
		objectType: 'tasks',
		singular: 'task',
		kind: 'task',
		titleField: 'title',
		fields: [
			{ name: 'title', type: 'string', required: true },
			id('project_id'),
			{ name: 'description', type: 'string' },
			{ name: 'status', type: 'options', options: ['open', 'in_progress', 'blocked', 'done'] },
			{ name: 'priority', type: 'options', options: ['low', 'medium', 'high', 'urgent'] },
			id('assignee_id'),
			{ name: 'due_date', type: 'date' },
		],
		filters: ['status', 'priority', 'project_id', 'assignee_id'],
		event: 'task',
	},
	{
		resource: 'comment',
		objectType: 'comments',
		singular: 'comment',
		kind: 'note',
		titleField: 'body',
		fields: [
			{ name: 'entity_type', type: 'options', required: true, options: ['project', 'task', 'client'] },
			id('entity_id'),
			{ name: 'body', type: 'string', required: true },
			id('author_id'),
		],
		filters: ['entity_type', 'entity_id', 'author_id'],
		event: 'comment',
	},
	{
		resource: 'project',
		objectType: 'projects',
		singular: 'project',
		titleField: 'name',
		fields: [
			{ name: 'name', type: 'string', required: true },
			{ name: 'description', type: 'string' },
			{ name: 'status', type: 'options', options: ['active', 'on_hold', 'completed', 'archived'] },
			id('client_id'),
			id('owner_id'),
			{ name: 'start_date', type: 'date' },
			{ name: 'due_date', type: 'date' },
			{ name: 'budget', type: 'number' },
		],
		filters: ['status', 'client_id', 'owner_id'],
		event: 'project',
	},
	{
		resource: 'user',
		objectType: 'users',
		singular: 'user',
		titleField: 'name',
		fields: [
			{ name: 'username', type: 'string', required: true, unique: true },
			{ name: 'email', type: 'email', required: true, unique: true },
			{ name: 'name', type: 'string', required: true },
			{ name: 'role', type: 'options', options: ['admin', 'member', 'viewer'] },
			{ name: 'active', type: 'boolean' },
		],
		filters: ['role', 'active'],
		event: 'user',
	},
];

export const RESOURCE_BY_NAME = new Map(RESOURCES.map((r) => [r.resource, r]));
export const RESOURCE_BY_TYPE = new Map(RESOURCES.map((r) => [r.objectType, r]));

/** The object type of the user-described custom resource. */
export const CUSTOM_OBJECT_TYPE = 'custom';

export function resourceOf(objectType: string): ResourceSpec {
	const spec = RESOURCE_BY_TYPE.get(objectType);
	if (!spec) throw new Error(`The REST CRM has no resource "${objectType}"`);
	return spec;
}

/**
 * The standard resource a credential's custom resource stands in for: the one
 * of its neutral kind (CRM Sync and the CRM node find objects by kind, from the
 * definition's fixed list). A kind the standard API has no resource for (lead)
 * has nothing to stand in for, and is refused naming the field.
 */
export function standardTypeOf(resource: { kind?: NeutralType }): string {
	const spec = RESOURCES.find((r) => r.kind && r.kind === resource.kind);
	if (!spec) {
		const kinds = RESOURCES.filter((r) => r.kind).map((r) => r.kind);
		throw new Error(`Custom resource: field "Neutral Kind" must be one of ${kinds.join(', ')} (the REST CRM's kinds), not "${resource.kind ?? ''}"`);
	}
	return spec.objectType;
}

/** Webhook event types the standard API emits (GENERIC-API.md "Webhooks"). */
export const EVENT_TYPES = RESOURCES.flatMap((r) => ['created', 'updated', 'deleted'].map((a) => `${r.event}.${a}`));
