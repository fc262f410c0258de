import type { IDataObject } from 'n8n-workflow';
import type { CrmRecord } from '../../../shared/types';
import type { HubSpotConnector } from '../connector/HubSpotConnector';
import { canonicalObjectType, lastModifiedProperty } from '../connector/objectTypes';
import { isUpdate, pollChanges as pollSharedChanges, toMillis, type ChangeFeed } from '../../../shared/polling/poll';
import { STATE_KEY } from './cursor';

export type PollEvent = 'newOrUpdated' | 'new' | 'updated';

export interface PollSettings {
	objectType: string;
	event: PollEvent;
	/** Properties to return; empty = HubSpot's defaults for the object. */
	properties: string[];
	overlapMs: number;
	maxRecords: number;
	emitExisting: boolean;
	/** Our clock, used only to start the cursor of a trigger that begins "from now". */
	now: number;
}

/** Contacts, companies and deals keep their creation time in `createdate`; engagements in `hs_createdate`. */
export function createdProperty(objectType: string): string {
	return ['contacts', 'companies', 'deals'].includes(canonicalObjectType(objectType)) ? 'createdate' : 'hs_createdate';
}

/**
 * "New" watches the creation time, so a record created and changed again before
 * we read it is still new; the other events watch the last-modified time.
 */
export function cursorProperty(objectType: string, event: PollEvent): string {
	return event === 'new' ? createdProperty(objectType) : lastModifiedProperty(objectType);
}

/** HubSpot returns date-times as ISO 8601 strings, some older properties as epoch milliseconds. */
export { toMillis };

function timestampOf(record: CrmRecord, key: string, event: PollEvent): number | undefined {
	return toMillis(record.properties[key]) ?? toMillis(event === 'new' ? record.createdAt : record.updatedAt);
}

function readChanges(
	connector: HubSpotConnector,
	settings: PollSettings,
	key: string,
	since: number | undefined,
): AsyncIterable<CrmRecord> {
	const properties = settings.properties.length ? settings.properties : undefined;
	if (key === lastModifiedProperty(settings.objectType)) {
		return connector.listChanged(settings.objectType, {
			since: since === undefined ? undefined : new Date(since).toISOString(),
			properties,
		});
	}
	const filters: IDataObject[] = since === undefined ? [] : [{ propertyName: key, operator: 'GTE', value: String(since) }];
	return connector.search(settings.objectType, {
		filterGroups: filters.length ? [{ filters }] : [],
		sorts: [{ propertyName: key, direction: 'ASCENDING' }],
		properties,
	});
}

function createdAt(record: CrmRecord): number | undefined {
	return toMillis(record.createdAt) ?? toMillis(record.properties.createdate) ?? toMillis(record.properties.hs_createdate);
}

/**
 * One poll in trigger mode: the records to emit, oldest change first, with the
 * cursor saved in `staticData` (see `shared/polling` for the first run, the
 * overlap and the cap). "Updated" leaves out records created after the
 * previous cursor: a record created and changed again between two polls is new.
 */
export async function pollChanges(connector: HubSpotConnector, staticData: IDataObject, settings: PollSettings): Promise<CrmRecord[]> {
	const key = cursorProperty(settings.objectType, settings.event);
	const feed: ChangeFeed<CrmRecord> = {
		read: (since) => readChanges(connector, settings, key, since),
		id: (record) => record.id,
		timestamp: (record) => timestampOf(record, key, settings.event),
		wanted: settings.event === 'updated' ? (record, ts, previousCursor) => isUpdate(createdAt(record), ts, previousCursor) : undefined,
	};
	return await pollSharedChanges(staticData, feed, {
		stateKey: STATE_KEY,
		scope: `${canonicalObjectType(settings.objectType)}|${key}`,
		overlapMs: settings.overlapMs,
		maxRecords: settings.maxRecords,
		emitExisting: settings.emitExisting,
		now: settings.now,
	});
}

/**
 * Manual runs ("Fetch Test Event") follow n8n's polling triggers: they return the
 * most recent record as sample data and leave the cursor alone, so testing the
 * node never changes what the active workflow emits.
 */
export async function sampleRecord(connector: HubSpotConnector, settings: PollSettings): Promise<CrmRecord[]> {
	const key = cursorProperty(settings.objectType, settings.event);
	const records: CrmRecord[] = [];
	const search = connector.search(
		settings.objectType,
		{
			filterGroups: [],
			sorts: [{ propertyName: key, direction: 'DESCENDING' }],
			properties: settings.properties.length ? settings.properties : undefined,
		},
		{ limit: 1 },
	);
	for await (const record of search) records.push(record);
	return records;
}
