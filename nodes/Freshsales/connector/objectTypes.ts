import type { NeutralType } from '../../../shared/types';

/**
 * What the pack knows about each Freshsales entity (developers.freshworks.com/crm/api).
 * Contacts, accounts and deals are listed through saved views
 * (`GET /<entity>/filters`, `GET /<entity>/view/:id`, sortable by `updated_at`)
 * and searched with `POST /filtered_search/<entity>`; they have upsert
 * endpoints, and bulk upsert (second-hand: async job). Tasks and appointments
 * are listed by their own filters (open/completed, past/upcoming), without a
 * sort by update time; sales activities by a plain list. Notes can be written
 * and deleted, not read (the API documents no get or list for them).
 */
export interface EntitySpec {
	/** The connector's object type: the path segment (`sales_accounts`). */
	objectType: string;
	/** The action node's resource value (`account`). */
	resource: string;
	/** Singular word for messages. */
	singular: string;
	/** Key of one record in request and answer bodies (`{ sales_account: {...} }`). */
	wrapper: string;
	/** Key of a list of them (`{ sales_accounts: [...] }`). */
	plural: string;
	path: string;
	/** How records are listed: through views, by the entity's own filters (read together they are every record), or not at all. */
	listing: { kind: 'views' } | { kind: 'filters'; filters: string[] } | { kind: 'plain' } | { kind: 'none' };
	/** Read one by id although not listable (custom modules); notes can be neither. */
	readsById?: boolean;
	/** The `filtered_search/<entity>` name, when it has one. */
	search?: string;
	/** `GET /settings/<fields>/fields`, when it has one. */
	fields?: string;
	/** The unique identifier `POST /<entity>/upsert` matches by default (deals: a unique custom field only). */
	upsertKey?: string;
	/** Has `POST /<entity>/upsert`. */
	upserts: boolean;
	/** Has `POST /<entity>/bulk_upsert`. */
	bulk: boolean;
	/** `targetable_type` naming it when a task, appointment, note or activity belongs to it. */
	targetable?: string;
	titleField: string;
	neutral: NeutralType;
}

const ENTITY_LIST: EntitySpec[] = [
	{
		objectType: 'contacts',
		resource: 'contact',
		singular: 'contact',
		wrapper: 'contact',
		plural: 'contacts',
		path: '/contacts',
		listing: { kind: 'views' },
		search: 'contact',
		fields: 'contacts',
		upsertKey: 'emails',
		upserts: true,
		bulk: true,
		targetable: 'Contact',
		titleField: 'display_name',
		neutral: 'contact',
	},
	{
		objectType: 'sales_accounts',
		resource: 'account',
		singular: 'account',
		wrapper: 'sales_account',
		plural: 'sales_accounts',
		path: '/sales_accounts',
		listing: { kind: 'views' },
		search: 'sales_account',
		fields: 'sales_accounts',
		upsertKey: 'name',
		upserts: true,
		bulk: true,
		targetable: 'SalesAccount',
		titleField: 'name',
		neutral: 'company',
	},
	{
		objectType: 'deals',
		resource: 'deal',
		singular: 'deal',
		wrapper: 'deal',
		plural: 'deals',
		path: '/deals',
		listing: { kind: 'views' },
		search: 'deal',
		fields: 'deals',
		upserts: true,
		bulk: true,
		targetable: 'Deal',
		titleField: 'name',
		neutral: 'deal',
	},
	{
		objectType: 'appointments',
		resource: 'appointment',
		singular: 'appointment',
		wrapper: 'appointment',
		plural: 'appointments',
		path: '/appointments',
		listing: { kind: 'filters', filters: ['past', 'upcoming'] },
		upserts: false,
		bulk: false,
		titleField: 'title',
		neutral: 'appointment',
	},
	{
		objectType: 'tasks',
		resource: 'task',
		singular: 'task',
		wrapper: 'task',
		plural: 'tasks',
		path: '/tasks',
		listing: { kind: 'filters', filters: ['open', 'completed'] },
		upserts: false,
		bulk: false,
		titleField: 'title',
		neutral: 'task',
	},
	{
		objectType: 'notes',
		resource: 'note',
		singular: 'note',
		wrapper: 'note',
		plural: 'notes',
		path: '/notes',
		listing: { kind: 'none' },
		upserts: false,
		bulk: false,
		titleField: 'description',
		neutral: 'note',
	},
	{
		objectType: 'sales_activities',
		resource: 'salesActivity',
		singular: 'sales activity',
		wrapper: 'sales_activity',
		plural: 'sales_activities',
		path: '/sales_activities',
		listing: { kind: 'plain' },
		fields: 'sales_activities',
		upserts: false,
		bulk: false,
		titleField: 'title',
		neutral: 'appointment',
	},
];

export const ENTITIES: Record<string, EntitySpec> = Object.fromEntries(ENTITY_LIST.map((e) => [e.objectType, e]));

export const RESOURCE_OBJECT_TYPE: Record<string, string> = Object.fromEntries(ENTITY_LIST.map((e) => [e.resource, e.objectType]));

/** The entity a `targetable_type` names, and back. */
export const TARGETABLE_OBJECT: Record<string, string> = Object.fromEntries(ENTITY_LIST.filter((e) => e.targetable).map((e) => [e.targetable as string, e.objectType]));

/** A custom module's API name (`cm_projects`). */
export const CUSTOM_MODULE = /^cm_[a-z0-9_]+$/;

/**
 * A custom module's records (`/custom_module/<cm_name>`): written, read and deleted by id.
 * The paths are the vendor's own: Freshworks' developer platform lists, for custom modules,
 * POST `api/custom_module/[entity_name]`, GET/PUT/DELETE `api/custom_module/[entity_name]/[id]`,
 * DELETE `…/[id]/forget`, POST `…/[id]/clone`, POST `…/bulk_destroy` and the module settings
 * `api/settings/module_customizations[/id]`
 * (https://developers.freshworks.com/docs/app-sdk/v3.0/custom_module/rest-apis/, read 2026-12-03).
 * No listing, search or fields endpoint for the records is among them, so none is offered;
 * forget, clone and bulk delete are listed without a body or answer, so they are not built.
 * The body `{ <cm_name>: { name, custom_field: {...} } }` is second-hand (a code user and a
 * connector vendor's summary of the vendor's reference).
 */
function customModule(name: string): EntitySpec {
	return {
		objectType: name,
		resource: 'customModule',
		singular: `${name} record`,
		wrapper: name,
		plural: name,
		path: `/custom_module/${name}`,
		listing: { kind: 'none' },
		readsById: true,
		upserts: false,
		bulk: false,
		titleField: 'name',
		neutral: 'note',
	};
}

export function entityOf(objectType: string): EntitySpec {
	const spec = ENTITIES[objectType] ?? ENTITY_LIST.find((e) => e.resource === objectType || e.wrapper === objectType);
	if (spec) return spec;
	if (CUSTOM_MODULE.test(objectType)) return customModule(objectType);
	throw new Error(`Freshsales has no object type "${objectType}" in this pack (use ${ENTITY_LIST.map((e) => e.objectType).join(', ')}, or a custom module's cm_ name)`);
}
