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
	 * at or after the next query's lower bound (`cursor - overlap`, or `floor`):
	 * exactly the range the next query returns, so a change is recognised when it
	 * comes back, and a newer change of the same record is not. At most
	 * `SEEN_CAP` entries (see `PollWindow.next`).
	 */
	seen: Record<string, number>;
	/**
	 * Lowest timestamp the next query reads, when the cap on `seen` raised it above
	 * `cursor - overlap`; absent = `cursor - overlap`.
	 */
	floor?: number;
}

/**
 * Most entries kept in `seen` (about 30 bytes each in the static data). Only a
 * burst of more changes than this inside one overlap window reaches it.
 */
export const SEEN_CAP = 5_000;

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The cursor stored under `key`, or undefined when there is none for this scope (or it is not ours). */
export function readCursor(staticData: IDataObject, key: string, scope: string): CursorState | undefined {
	const stored = staticData[key] as IDataObject | undefined;
	if (!stored || stored.scope !== scope) return undefined;
	const cursor = isTime(stored.cursor) ? stored.cursor : undefined;
	const seen: Record<string, number> = {};
	for (const [id, ts] of Object.entries((stored.seen ?? {}) as IDataObject)) {
		if (isTime(ts)) seen[id] = ts;
	}
	const state: CursorState = { scope, cursor, seen };
	// A floor without a cursor (or at or below cursor - overlap) bounds nothing; it is kept only with a cursor.
	if (cursor !== undefined && isTime(stored.floor)) state.floor = stored.floor;
	return state;
}

export function writeCursor(staticData: IDataObject, key: string, state: CursorState): void {
	const stored: IDataObject = { scope: state.scope, seen: state.seen };
	if (state.cursor !== undefined) stored.cursor = state.cursor;
	if (state.cursor !== undefined && state.floor !== undefined) stored.floor = state.floor;
	staticData[key] = stored;
}

/**
 * One poll over records sorted ascending by their timestamp, starting at
 * `cursor - overlap` (or the stored `floor`, when higher). The overlap re-reads
 * recent changes a vendor may show late (search indexes, clocks, transactions
 * committed after our read); `seen` drops the ones already handled. Every
 * record offered is marked handled, emitted or not, so a record a filter left
 * out once is not judged again (and differently) when the overlap brings it
 * back. A record older than the window's lower bound (a vendor filtering at a
 * coarser precision, e.g. whole seconds) is ignored: `seen` no longer holds
 * what was handled below that bound, so it could only be emitted twice.
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
		private readonly maxSeen = SEEN_CAP,
	) {
		this.seen = { ...state.seen };
		this.since = state.cursor === undefined ? undefined : Math.max(state.cursor - overlapMs, state.floor ?? -Infinity);
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
		if (this.since !== undefined && ts < this.since) return false;
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
	 *
	 * `seen` keeps what the next query can return: timestamps at or after
	 * `cursor - overlap` (or a floor raised earlier). When that is more than
	 * `maxSeen` entries, the next query's lower bound (`floor`) is raised to the
	 * lowest timestamp whose entries, with all newer ones, fit, and older entries
	 * are dropped: the next query starts at the floor, so they cannot come back
	 * (older records a vendor still returns are ignored, see `offer`). Nothing is
	 * emitted twice and nothing already visible is missed: every record below
	 * the floor has been read (the read is ascending; when the emit cap stopped
	 * it, the floor is at most the last timestamp handled, whose unread records
	 * come back since the floor is inclusive). In that case entries newer than
	 * the last handled, left by earlier polls, are kept even beyond the cap.
	 *
	 * Trade-off: until the cursor has moved an overlap past the floor, the
	 * overlap is narrower (`cursor - floor` instead of `overlap`, down to zero
	 * when the burst sits on the cursor's own timestamp), so a change stamped
	 * below the floor that the vendor shows only after this poll is not caught.
	 * The alternatives are worse: keeping every entry grows the static data
	 * without bound, and dropping entries while still re-reading the whole
	 * overlap emits the dropped ones again. Whole timestamps are kept or
	 * dropped, never part of one (ties come back in any order, so a part could
	 * not be told apart); a single timestamp carrying more than `maxSeen`
	 * records is therefore kept whole and the cap is exceeded for it, rather
	 * than emitting or missing any of them.
	 */
	next(): CursorState {
		const candidates = [this.state.cursor, this.maxHandled].filter((v): v is number => v !== undefined);
		const cursor = candidates.length ? Math.max(...candidates) : undefined;
		if (cursor === undefined) return { scope: this.state.scope, cursor, seen: {} };
		let floor = Math.max(cursor - this.overlapMs, this.state.floor ?? -Infinity);
		let kept = Object.entries(this.seen).filter(([, ts]) => ts >= floor);
		if (kept.length > this.maxSeen) {
			const perTime = new Map<number, number>();
			for (const [, ts] of kept) perTime.set(ts, (perTime.get(ts) ?? 0) + 1);
			const times = [...perTime.keys()].sort((a, b) => b - a);
			let count = 0;
			floor = times[0];
			for (const ts of times) {
				count += perTime.get(ts) ?? 0;
				if (count > this.maxSeen) break;
				floor = ts;
			}
			// A read the emit cap stopped covered the timeline only up to the last record handled:
			// an unread record below the floor would be lost, so the floor goes no higher.
			if (this.full && this.maxHandled !== undefined) floor = Math.min(floor, this.maxHandled);
			kept = kept.filter(([, ts]) => ts >= floor);
		}
		const next: CursorState = { scope: this.state.scope, cursor, seen: Object.fromEntries(kept) };
		if (floor > cursor - this.overlapMs) next.floor = floor;
		return next;
	}
}
