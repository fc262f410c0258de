import type { IDataObject } from 'n8n-workflow';
import type { CrmRecord } from '../types';
import { readCursor } from './cursor';
import { isUpdate, pollChanges, toMillis, type ChangeFeed, type PollLimits } from './poll';

/** What a polling trigger watches for: every change, creations only, or changes of existing records. */
export type PollEvent = 'newOrUpdated' | 'new' | 'updated';

/** The record time a poll's cursor follows: creation for "new", last change otherwise. */
export type WatchedTime = 'created' | 'modified';

export function watchedTime(event: PollEvent): WatchedTime {
	return event === 'new' ? 'created' : 'modified';
}

export interface ListingRead {
	/**
	 * False for the first poll of a trigger that starts "from now": it only
	 * places the cursor and emits nothing, so it needs ids and times alone.
	 */
	emitting: boolean;
}

/**
 * What one CRM gives a polling trigger, for the object and options the node was
 * set to. Everything else (cursor, overlap, de-duplication, cap, first run,
 * "updated only", manual sample) is the same for every CRM.
 */
export interface PollListings {
	/** Records changed at or after `since` (ms; undefined = from the beginning), oldest change first. */
	changedSince(since: number | undefined, read: ListingRead): AsyncIterable<CrmRecord>;
	/** Records created at or after `since`, oldest creation first. */
	createdSince(since: number | undefined, read: ListingRead): AsyncIterable<CrmRecord>;
	/** The most recent record by the watched time (manual runs' sample data), if any. */
	newest(watched: WatchedTime): Promise<CrmRecord | undefined>;
	/**
	 * The cursor's scope for a watched time: object type and vendor field, e.g.
	 * `contacts|lastmodifieddate`. Another scope starts afresh; it is stored in
	 * the static data, so a CRM keeps its spelling once triggers run with it.
	 */
	scope(watched: WatchedTime): string;
	/** The record's place on the cursor; default: its `createdAt` / `updatedAt`. */
	timeOf?(record: CrmRecord, watched: WatchedTime): number | undefined;
	/** When the record was created; default: its `createdAt`. */
	createdTime?(record: CrmRecord): number | undefined;
}

export interface EventPlan extends PollLimits {
	/** Static data key the cursor lives under (one per trigger type, kept as it is). */
	stateKey: string;
	event: PollEvent;
	/** Our clock, used only to start the cursor of a trigger that begins "from now". */
	now: number;
}

function defaultTime(record: CrmRecord, watched: WatchedTime): number | undefined {
	return watched === 'created' ? toMillis(record.createdAt) : (toMillis(record.updatedAt) ?? toMillis(record.createdAt));
}

/**
 * One poll in trigger mode: the records to emit for the event, oldest first,
 * with the cursor saved in `staticData` (see `pollChanges`: first run from
 * now, overlap window, (id, time) de-duplication, cap).
 *
 * "Updated only" leaves out records created after the previous cursor (a
 * record created and changed again between two polls is new), and counts a
 * record an earlier poll already handled as existing: with whole-second times
 * (Salesforce, Pipedrive) a record created in the very second the cursor
 * stands on would otherwise never count as updated, since its creation is not
 * strictly before the cursor.
 */
export async function pollEvent(staticData: IDataObject, listings: PollListings, plan: EventPlan): Promise<CrmRecord[]> {
	const watched = watchedTime(plan.event);
	const scope = listings.scope(watched);
	const previous = readCursor(staticData, plan.stateKey, scope);
	const handledBefore = previous?.seen ?? {};
	// The first poll of a trigger starting "from now" reads only to place the cursor.
	const emitting = previous !== undefined || plan.emitExisting;
	const timeOf = (record: CrmRecord) => (listings.timeOf ? listings.timeOf(record, watched) : defaultTime(record, watched));
	const createdTime = (record: CrmRecord) => (listings.createdTime ? listings.createdTime(record) : toMillis(record.createdAt));
	const feed: ChangeFeed<CrmRecord> = {
		read: (since) =>
			watched === 'created' ? listings.createdSince(since, { emitting }) : listings.changedSince(since, { emitting }),
		id: (record) => record.id,
		timestamp: timeOf,
		wanted:
			plan.event === 'updated'
				? (record, ts, previousCursor) => handledBefore[record.id] !== undefined || isUpdate(createdTime(record), ts, previousCursor)
				: undefined,
	};
	return await pollChanges(staticData, feed, {
		stateKey: plan.stateKey,
		scope,
		overlapMs: plan.overlapMs,
		maxRecords: plan.maxRecords,
		emitExisting: plan.emitExisting,
		now: plan.now,
	});
}

/**
 * Manual runs ("Fetch Test Event") follow n8n's polling triggers: the most
 * recent record as sample data, and the cursor left alone, so testing the node
 * never changes what the active workflow emits.
 */
export async function sampleEvent(listings: PollListings, event: PollEvent): Promise<CrmRecord[]> {
	const record = await listings.newest(watchedTime(event));
	return record ? [record] : [];
}
