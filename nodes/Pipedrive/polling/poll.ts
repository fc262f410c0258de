import type { IDataObject } from 'n8n-workflow';
import { isUpdate, pollChanges as pollSharedChanges, toMillis, type ChangeFeed } from '../../../shared/polling/poll';
import type { CrmRecord } from '../../../shared/types';
import type { PipedriveConnector } from '../connector/PipedriveConnector';
import { entityOf } from '../connector/objectTypes';

export type PollEvent = 'newOrUpdated' | 'new' | 'updated';

export const STATE_KEY = 'pipedrivePollCursor';

export interface PollSettings {
	objectType: string;
	event: PollEvent;
	overlapMs: number;
	maxRecords: number;
	emitExisting: boolean;
	/** Our clock, used only to start the cursor of a trigger that begins "from now". */
	now: number;
}

/** "New" watches the creation time (`add_time`), so a record created and changed again before we read it is still new. */
export function cursorField(event: PollEvent): 'add_time' | 'update_time' {
	return event === 'new' ? 'add_time' : 'update_time';
}

function timestampOf(record: CrmRecord, field: 'add_time' | 'update_time'): number | undefined {
	// A record never changed since its creation may carry no update time.
	return field === 'add_time' ? toMillis(record.createdAt) : toMillis(record.updatedAt) ?? toMillis(record.createdAt);
}

/** The list sorted by `field`, as v2 (`sort_by`/`sort_direction`) or v1 (`sort=field DIR`) spells it. */
function sortFilters(objectType: string, field: string, direction: 'asc' | 'desc', extra: IDataObject = {}): IDataObject {
	return entityOf(objectType).version === 2
		? { ...extra, sort_by: field, sort_direction: direction }
		: { ...extra, sort: `${field} ${direction.toUpperCase()}` };
}

/**
 * Records created at or after `since`, oldest first. Pipedrive filters lists by
 * update time only; a record created at or after `since` was also updated at or
 * after it, so v2 lists changes since `since` sorted by add time and drops the
 * older creations. v1 (leads, notes) has no such filter: it reads newest
 * creations first until one is older than `since`, and hands them out reversed.
 */
async function* createdSince(connector: PipedriveConnector, objectType: string, since: number | undefined): AsyncGenerator<CrmRecord> {
	if (since === undefined) {
		yield* connector.list(objectType, { filters: sortFilters(objectType, 'add_time', 'asc') });
		return;
	}
	if (entityOf(objectType).version === 2) {
		const updatedSince = new Date(since).toISOString().replace(/\.\d{3}Z$/, 'Z');
		for await (const record of connector.list(objectType, { filters: sortFilters(objectType, 'add_time', 'asc', { updated_since: updatedSince }) })) {
			const created = toMillis(record.createdAt);
			if (created === undefined || created >= since) yield record;
		}
		return;
	}
	const newestFirst: CrmRecord[] = [];
	for await (const record of connector.list(objectType, { filters: sortFilters(objectType, 'add_time', 'desc') })) {
		const created = toMillis(record.createdAt);
		if (created !== undefined && created < since) break;
		newestFirst.push(record);
	}
	yield* newestFirst.reverse();
}

function readChanges(connector: PipedriveConnector, settings: PollSettings, since: number | undefined): AsyncIterable<CrmRecord> {
	if (settings.event === 'new') return createdSince(connector, settings.objectType, since);
	return connector.listChanged(settings.objectType, { since: since === undefined ? undefined : new Date(since).toISOString() });
}

/**
 * One poll in trigger mode: the records to emit, oldest first, with the cursor
 * saved in `staticData` (`shared/polling`: first run from now, overlap window,
 * (id, timestamp) de-duplication, cap). Pipedrive's times have whole seconds,
 * so several records often share one; the de-duplication keeps each once.
 */
export async function pollChanges(connector: PipedriveConnector, staticData: IDataObject, settings: PollSettings): Promise<CrmRecord[]> {
	const field = cursorField(settings.event);
	const feed: ChangeFeed<CrmRecord> = {
		read: (since) => readChanges(connector, settings, since),
		id: (record) => record.id,
		timestamp: (record) => timestampOf(record, field),
		wanted: settings.event === 'updated' ? (record, ts, previousCursor) => isUpdate(toMillis(record.createdAt), ts, previousCursor) : undefined,
	};
	return await pollSharedChanges(staticData, feed, {
		stateKey: STATE_KEY,
		scope: `${entityOf(settings.objectType).objectType}|${field}`,
		overlapMs: settings.overlapMs,
		maxRecords: settings.maxRecords,
		emitExisting: settings.emitExisting,
		now: settings.now,
	});
}

/**
 * Manual runs ("Fetch Test Event") return the most recent record as sample data
 * and leave the cursor alone, so testing the node never changes what the active
 * workflow emits.
 */
export async function sampleRecord(connector: PipedriveConnector, settings: PollSettings): Promise<CrmRecord[]> {
	const records: CrmRecord[] = [];
	const filters = sortFilters(settings.objectType, cursorField(settings.event), 'desc');
	for await (const record of connector.list(settings.objectType, { limit: 1, filters })) records.push(record);
	return records;
}
