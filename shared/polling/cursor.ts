import type { IDataObject } from 'n8n-workflow';

/**
 * What a polling trigger remembers between polls, in the node's workflow static
 * data. Times are milliseconds on the vendor's clock (its last-modified or
 * created timestamps), never ours, except for the very first cursor of a
 * trigger that starts "from now".
 */
export interface CursorState {
	/** What the cursor is on (object type and timestamp field); a different scope starts afresh. */
	scope: string;
	/** Highest timestamp handled so far; absent = from the beginning. */
	cursor?: number;
	/**
	 * Record id -> the timestamp at which it was handled, for every record handled
	 * at or after `cursor - overlap`: exactly the range the next query returns, so
	 * a change is recognised when it comes back, and a newer change of the same
	 * record is not.
	 */
	seen: Record<string, number>;
}

/** The cursor stored under `key`, or undefined when there is none for this scope (or it is not ours). */
export function readCursor(staticData: IDataObject, key: string, scope: string): CursorState | undefined {
	const stored = staticData[key] as IDataObject | undefined;
	if (!stored || stored.scope !== scope) return undefined;
	const cursor = typeof stored.cursor === 'number' && Number.isFinite(stored.cursor) ? stored.cursor : undefined;
	const seen: Record<string, number> = {};
	for (const [id, ts] of Object.entries((stored.seen ?? {}) as IDataObject)) {
		if (typeof ts === 'number' && Number.isFinite(ts)) seen[id] = ts;
	}
	return { scope, cursor, seen };
}

export function writeCursor(staticData: IDataObject, key: string, state: CursorState): void {
	const stored: IDataObject = { scope: state.scope, seen: state.seen };
	if (state.cursor !== undefined) stored.cursor = state.cursor;
	staticData[key] = stored;
}

/**
 * One poll over records sorted ascending by their timestamp, starting at
 * `cursor - overlap`. The overlap re-reads recent changes a vendor may show
 * late (search indexes, clocks, transactions committed after our read); `seen`
 * drops the ones already handled. Every record offered is marked handled,
 * emitted or not, so a record a filter left out once is not judged again (and
 * differently) when the overlap brings it back.
 */
export class PollWindow {
	readonly since?: number;

	private readonly seen: Record<string, number>;

	private maxHandled?: number;

	private emitted = 0;

	constructor(
		private readonly state: CursorState,
		private readonly overlapMs: number,
		private readonly maxEmit = Infinity,
	) {
		this.seen = { ...state.seen };
		this.since = state.cursor === undefined ? undefined : state.cursor - overlapMs;
	}

	/** The cap is reached: stop reading; the rest is found by the next poll. */
	get full(): boolean {
		return this.emitted >= this.maxEmit;
	}

	get emittedCount(): number {
		return this.emitted;
	}

	/** Marks (id, ts) handled; true when it is a change not handled before and wanted. */
	offer(id: string, ts: number, wanted: boolean): boolean {
		this.maxHandled = this.maxHandled === undefined ? ts : Math.max(this.maxHandled, ts);
		const previous = this.seen[id];
		if (previous !== undefined && previous >= ts) return false;
		this.seen[id] = ts;
		if (!wanted) return false;
		this.emitted++;
		return true;
	}

	/**
	 * The next state. The cursor moves to the newest timestamp handled, never to
	 * the time of the poll: a change made while we were reading, or stamped by a
	 * clock behind ours, has a timestamp at or after it and is read next time.
	 * When the cap stopped the read, the newest handled is the last emitted (the
	 * sort is ascending), and records still unread at that same timestamp come
	 * back next time, where `seen` tells them from the ones already emitted.
	 */
	next(): CursorState {
		const candidates = [this.state.cursor, this.maxHandled].filter((v): v is number => v !== undefined);
		const cursor = candidates.length ? Math.max(...candidates) : undefined;
		const seen: Record<string, number> = {};
		if (cursor !== undefined) {
			const floor = cursor - this.overlapMs;
			for (const [id, ts] of Object.entries(this.seen)) if (ts >= floor) seen[id] = ts;
		}
		return { scope: this.state.scope, cursor, seen };
	}
}
