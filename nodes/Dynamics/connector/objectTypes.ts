import type { NeutralType } from '../../../shared/types';

/**
 * A Dataverse table as the connector uses it: entity set (the Web API's URL
 * name, the connector's object type), logical name (`@odata.type`, metadata),
 * primary key and primary name columns. Names from Microsoft's table reference
 * (learn.microsoft.com/power-apps/developer/data-platform/reference/entities/<table>).
 */
export interface TableSpec {
	entitySet: string;
	logicalName: string;
	primaryId: string;
	primaryName: string;
	/** Whether change tracking is on (standard tables where the maker enabled it; read from metadata for others). */
	changeTracking?: boolean;
}

export interface KnownTable extends TableSpec {
	/** The action node's resource value. */
	resource: string;
	neutral: NeutralType;
	displayName: string;
	/** An activity (appointment, task, phone call): primary key `activityid`, linked by `regardingobjectid`. */
	activity?: boolean;
}

/** The tables the nodes name; any other table is reached by its entity set name and read from metadata. */
export const TABLES: KnownTable[] = [
	{ resource: 'contact', entitySet: 'contacts', logicalName: 'contact', primaryId: 'contactid', primaryName: 'fullname', neutral: 'contact', displayName: 'Contact' },
	{ resource: 'lead', entitySet: 'leads', logicalName: 'lead', primaryId: 'leadid', primaryName: 'fullname', neutral: 'lead', displayName: 'Lead' },
	{ resource: 'account', entitySet: 'accounts', logicalName: 'account', primaryId: 'accountid', primaryName: 'name', neutral: 'company', displayName: 'Account' },
	{ resource: 'opportunity', entitySet: 'opportunities', logicalName: 'opportunity', primaryId: 'opportunityid', primaryName: 'name', neutral: 'deal', displayName: 'Opportunity' },
	{ resource: 'appointment', entitySet: 'appointments', logicalName: 'appointment', primaryId: 'activityid', primaryName: 'subject', neutral: 'appointment', displayName: 'Appointment', activity: true },
	{ resource: 'task', entitySet: 'tasks', logicalName: 'task', primaryId: 'activityid', primaryName: 'subject', neutral: 'task', displayName: 'Task', activity: true },
	// A phone call is an activity like a task (subject, description, due time, state): CRM Sync reads it as one.
	{ resource: 'phoneCall', entitySet: 'phonecalls', logicalName: 'phonecall', primaryId: 'activityid', primaryName: 'subject', neutral: 'task', displayName: 'Phone Call', activity: true },
	{ resource: 'note', entitySet: 'annotations', logicalName: 'annotation', primaryId: 'annotationid', primaryName: 'subject', neutral: 'note', displayName: 'Note' },
];

export const TABLE_BY_SET = new Map(TABLES.map((t) => [t.entitySet, t]));
export const TABLE_BY_RESOURCE = new Map(TABLES.map((t) => [t.resource, t]));
export const TABLE_BY_LOGICAL = new Map(TABLES.map((t) => [t.logicalName, t]));

/** The entity set a neutral kind is kept in (the first table of that kind). */
export function entitySetOfKind(kind: NeutralType): string | undefined {
	return TABLES.find((t) => t.neutral === kind)?.entitySet;
}
