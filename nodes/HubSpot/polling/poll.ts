import type { IDataObject } from 'n8n-workflow';
import type { CrmRecord } from '../../../shared/types';
import type { HubSpotConnector } from '../connector/HubSpotConnector';
import { canonicalObjectType, lastModifiedProperty } from '../connector/objectTypes';
import { PollWindow, readCursor, writeCursor, type CursorState } from './cursor';

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
export function toMillis(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const ms = /^\d+$/.test(String(value)) ? Number(value) : Date.parse(String(value));
	return Number.isFinite(ms) ? ms : undefined;
}

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

/**
 * "Updated" means a change to a record that already existed before the part of
 * the timeline this trigger had read (created before the previous cursor). A
 * record created and changed again between two polls is therefore new, not
 * updated. With no previous cursor (emitting existing records) a record counts
 * as updated when it was changed after its creation.
 */
function wanted(event: PollEvent, record: CrmRecord, ts: number, previousCursor: number | undefined): boolean {
	if (event !== 'updated') return true;
	const created = toMillis(record.createdAt) ?? toMillis(record.properties.createdate) ?? toMillis(record.properties.hs_createdate);
	if (created === undefined) return true;
	return created < (previousCursor ?? ts);
}

async function walk(
	connector: HubSpotConnector,
	settings: PollSettings,
	key: string,
	state: CursorState,
	emit: boolean,
): Promise<{ records: CrmRecord[]; next: CursorState }> {
	const window = new PollWindow(state, settings.overlapMs, emit ? settings.maxRecords : Infinity);
	const records: CrmRecord[] = [];
	for await (const record of readChanges(connector, settings, key, window.since)) {
		const ts = timestampOf(record, key, settings.event);
		// Without its timestamp a record cannot be placed on the cursor; HubSpot always sets it.
		if (ts === undefined) continue;
		if (window.offer(record.id, ts, emit && wanted(settings.event, record, ts, state.cursor))) records.push(record);
		if (window.full) break;
	}
	return { records, next: window.next() };
}

/**
 * One poll in trigger mode: the records to emit, oldest change first, with the
 * cursor saved in `staticData`. The first poll of a trigger (or after the object
 * or event changed) starts at "now" and emits nothing: it reads the overlap
 * window once and marks those records handled, so the next poll, which re-reads
 * that window, emits only what changed after activation. With `emitExisting`
 * the first poll starts at the beginning instead, capped like any other poll.
 */
export async function pollChanges(connector: HubSpotConnector, staticData: IDataObject, settings: PollSettings): Promise<CrmRecord[]> {
	const key = cursorProperty(settings.objectType, settings.event);
	const scope = `${canonicalObjectType(settings.objectType)}|${key}`;
	const previous = readCursor(staticData, scope);
	if (!previous && !settings.emitExisting) {
		const { next } = await walk(connector, settings, key, { scope, cursor: settings.now, seen: {} }, false);
		writeCursor(staticData, next);
		return [];
	}
	const { records, next } = await walk(connector, settings, key, previous ?? { scope, seen: {} }, true);
	writeCursor(staticData, next);
	return records;
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
