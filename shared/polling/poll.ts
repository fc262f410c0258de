import type { IDataObject } from 'n8n-workflow';
import { PollWindow, readCursor, SEEN_CAP, writeCursor, type CursorState } from './cursor';

/**
 * What a polling trigger reads, in the vendor's terms. Any connector's
 * `listChanged` (or a search sorted by a timestamp) fits: it must hand out the
 * records at or after `since`, oldest timestamp first.
 */
export interface ChangeFeed<R> {
	/** Records whose timestamp is at or after `since` (ms), ascending; `since` undefined = from the beginning. */
	read(since: number | undefined): AsyncIterable<R>;
	id(record: R): string;
	/** The watched timestamp (ms); undefined = the record cannot be placed on the cursor and is skipped. */
	timestamp(record: R): number | undefined;
	/**
	 * Whether a change not handled before is to be emitted (e.g. "updated only"
	 * leaves creations out). `previousCursor` is the cursor before this poll.
	 * Absent = every change is wanted.
	 */
	wanted?(record: R, ts: number, previousCursor: number | undefined): boolean;
}

export interface PollPlan {
	/** Static data key the cursor lives under (one per trigger type). */
	stateKey: string;
	/** Object type and watched field: another scope starts afresh. */
	scope: string;
	overlapMs: number;
	/** Most records one poll emits; the rest on the following polls. */
	maxRecords: number;
	/** First poll reads from the beginning (capped) instead of starting at `now`. */
	emitExisting: boolean;
	/** Our clock, used only to start the cursor of a trigger that begins "from now". */
	now: number;
	/** Most de-duplication entries kept in static data (default `SEEN_CAP`); see `PollWindow.next`. */
	maxSeen?: number;
}

async function walk<R>(
	feed: ChangeFeed<R>,
	state: CursorState,
	overlapMs: number,
	maxEmit: number,
	emit: boolean,
	maxSeen: number,
): Promise<{ records: R[]; next: CursorState }> {
	const window = new PollWindow(state, overlapMs, emit ? maxEmit : Infinity, maxSeen);
	const records: R[] = [];
	for await (const record of feed.read(window.since)) {
		const ts = feed.timestamp(record);
		if (ts === undefined) continue;
		const wanted = emit && (feed.wanted ? feed.wanted(record, ts, state.cursor) : true);
		if (window.offer(feed.id(record), ts, wanted)) records.push(record);
		if (window.full) break;
	}
	return { records, next: window.next() };
}

/**
 * One poll in trigger mode: the records to emit, oldest change first, with the
 * cursor saved in `staticData`. The first poll (or the first after the scope
 * changed) starts at `now` and emits nothing: it reads the overlap window once
 * and marks those records handled, so the next poll, which re-reads that
 * window, emits only what changed after activation. With `emitExisting` the
 * first poll starts at the beginning instead, capped like any other poll.
 */
export async function pollChanges<R>(staticData: IDataObject, feed: ChangeFeed<R>, plan: PollPlan): Promise<R[]> {
	const previous = readCursor(staticData, plan.stateKey, plan.scope);
	const maxSeen = plan.maxSeen ?? SEEN_CAP;
	if (!previous && !plan.emitExisting) {
		const { next } = await walk(feed, { scope: plan.scope, cursor: plan.now, seen: {} }, plan.overlapMs, Infinity, false, maxSeen);
		writeCursor(staticData, plan.stateKey, next);
		return [];
	}
	const { records, next } = await walk(feed, previous ?? { scope: plan.scope, seen: {} }, plan.overlapMs, plan.maxRecords, true, maxSeen);
	writeCursor(staticData, plan.stateKey, next);
	return records;
}

/**
 * "Updated" means a change to a record that already existed before the part of
 * the timeline the trigger had read (created before the previous cursor). A
 * record created and changed again between two polls is therefore new, not
 * updated. With no previous cursor (emitting existing records) a record counts
 * as updated when it was changed after its creation. Unknown creation: updated.
 */
export function isUpdate(createdMs: number | undefined, ts: number, previousCursor: number | undefined): boolean {
	if (createdMs === undefined) return true;
	return createdMs < (previousCursor ?? ts);
}

/** Date-times as ISO 8601 / RFC 3339 strings, or epoch milliseconds (number or digits). */
export function toMillis(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const ms = /^\d+$/.test(String(value)) ? Number(value) : Date.parse(String(value));
	return Number.isFinite(ms) ? ms : undefined;
}

export interface PollLimits {
	overlapMs: number;
	maxRecords: number;
	emitExisting: boolean;
}

/**
 * The node's "Options" collection as limits; throws an Error naming the field
 * when a value is unusable (the node turns it into a NodeOperationError).
 */
export function pollLimits(options: IDataObject, defaults: { overlapSeconds?: number; maxRecords?: number } = {}): PollLimits {
	const overlapSeconds = Number(options.overlapSeconds ?? defaults.overlapSeconds ?? 60);
	const maxRecords = Number(options.maxRecords ?? defaults.maxRecords ?? 1000);
	if (!Number.isFinite(overlapSeconds) || overlapSeconds < 0) throw new Error('Overlap Window must be zero or more seconds');
	if (!Number.isInteger(maxRecords) || maxRecords < 1) throw new Error('Max Records per Poll must be a whole number of at least 1');
	return { overlapMs: overlapSeconds * 1000, maxRecords, emitExisting: options.emitExisting === true };
}
