import type { IDataObject } from 'n8n-workflow';
import { readCursor } from '../../../shared/polling/cursor';
import { isUpdate, pollChanges as pollSharedChanges, toMillis, type ChangeFeed } from '../../../shared/polling/poll';
import type { CrmRecord } from '../../../shared/types';
import type { SalesforceConnector } from '../connector/SalesforceConnector';
import { soqlDateTime } from '../connector/soql';

export type PollEvent = 'newOrUpdated' | 'new' | 'updated';

export type CursorField = 'SystemModstamp' | 'CreatedDate';

export const STATE_KEY = 'salesforcePollCursor';

export interface PollSettings {
	/** sObject API name (Contact, Invoice__c...). */
	objectType: string;
	event: PollEvent;
	/** Fields to read; empty = the neutral mapping's (every field for custom objects). */
	fields: string[];
	overlapMs: number;
	maxRecords: number;
	emitExisting: boolean;
	/** Our clock, used only to start the cursor of a trigger that begins "from now". */
	now: number;
}

/**
 * "New" watches CreatedDate, so a record created and saved again before we read
 * it is still new. The other events watch SystemModstamp, which every save
 * moves (users, automation, system jobs); LastModifiedDate skips system saves.
 */
export function cursorField(event: PollEvent): CursorField {
	return event === 'new' ? 'CreatedDate' : 'SystemModstamp';
}

/** The record's place on the cursor (`toRecord` has already turned Salesforce's `+0000` times into ISO 8601). */
function timestampOf(record: CrmRecord, field: CursorField): number | undefined {
	return toMillis(field === 'CreatedDate' ? record.createdAt : record.updatedAt);
}

/**
 * Records at or after `since`, oldest first, ties by Id. SOQL compares
 * date-times to the whole second and `soqlDateTime` rounds `since` down, so a
 * read returns the whole second the cursor is in; records of that second
 * already handled are told apart by the (id, timestamp) de-duplication.
 * No LIMIT: records of the overlap already handled (or not wanted) are skipped
 * without counting against the cap, so how many rows the cap needs is unknown;
 * the read stops fetching batches once the cap is reached.
 */
async function* readChanges(
	connector: SalesforceConnector,
	settings: PollSettings,
	field: CursorField,
	since: number | undefined,
): AsyncGenerator<CrmRecord> {
	const iso = since === undefined ? undefined : new Date(since).toISOString();
	if (field === 'SystemModstamp') {
		yield* connector.listChanged(settings.objectType, { since: iso, properties: settings.fields.length ? settings.fields : undefined });
		return;
	}
	const fields = await connector.selectFields(settings.objectType, settings.fields);
	const where = iso ? ` WHERE CreatedDate >= ${soqlDateTime(iso)}` : '';
	const soql = `SELECT ${fields.join(', ')} FROM ${settings.objectType}${where} ORDER BY CreatedDate ASC, Id ASC`;
	for await (const record of connector.query(soql)) yield record.objectType ? record : { ...record, objectType: settings.objectType };
}

/**
 * One poll in trigger mode: the records to emit, oldest first, with the cursor
 * saved in `staticData` (`shared/polling`: first run from now, overlap window,
 * (id, timestamp) de-duplication, cap). Salesforce returns date-times with
 * whole seconds (`.000`), so several records often share one, and a save
 * committed late may carry a second a previous poll already read; the overlap
 * re-reads it and the de-duplication emits each change once.
 *
 * "Updated" also counts a record as existing before when an earlier poll
 * handled it: with whole-second times a record created in the very second the
 * cursor stands on (and already emitted as new) would otherwise never count as
 * updated, since its creation is not strictly before the cursor.
 */
export async function pollChanges(connector: SalesforceConnector, staticData: IDataObject, settings: PollSettings): Promise<CrmRecord[]> {
	const field = cursorField(settings.event);
	const scope = `${settings.objectType}|${field}`;
	const handledBefore = readCursor(staticData, STATE_KEY, scope)?.seen ?? {};
	const feed: ChangeFeed<CrmRecord> = {
		read: (since) => readChanges(connector, settings, field, since),
		id: (record) => record.id,
		timestamp: (record) => timestampOf(record, field),
		wanted:
			settings.event === 'updated'
				? (record, ts, previousCursor) =>
						handledBefore[record.id] !== undefined || isUpdate(toMillis(record.createdAt), ts, previousCursor)
				: undefined,
	};
	return await pollSharedChanges(staticData, feed, {
		stateKey: STATE_KEY,
		scope,
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
export async function sampleRecord(connector: SalesforceConnector, settings: PollSettings): Promise<CrmRecord[]> {
	const field = cursorField(settings.event);
	const fields = await connector.selectFields(settings.objectType, settings.fields);
	const soql = `SELECT ${fields.join(', ')} FROM ${settings.objectType} ORDER BY ${field} DESC, Id DESC LIMIT 1`;
	const records: CrmRecord[] = [];
	for await (const record of connector.query(soql, { limit: 1 })) {
		records.push(record.objectType ? record : { ...record, objectType: settings.objectType });
	}
	return records;
}
