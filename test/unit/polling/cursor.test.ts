import { PollWindow, readCursor, SEEN_CAP, writeCursor } from '../../../shared/polling/cursor';
import { isUpdate, pollLimits, toMillis } from '../../../shared/polling/poll';

describe('shared polling cursor: state in static data', () => {
	it('round-trips under its own key, leaving other keys alone', () => {
		const staticData: Record<string, unknown> = { other: 1 };
		writeCursor(staticData as never, 'k', { scope: 'persons|update_time', cursor: 5_000, seen: { '1': 4_500 } });
		expect(staticData).toEqual({ other: 1, k: { scope: 'persons|update_time', cursor: 5_000, seen: { '1': 4_500 } } });
		expect(readCursor(staticData as never, 'k', 'persons|update_time')).toEqual({ scope: 'persons|update_time', cursor: 5_000, seen: { '1': 4_500 } });
	});

	it('another scope, another key or nothing stored reads as no cursor', () => {
		const staticData = { k: { scope: 'persons|update_time', cursor: 5_000, seen: {} } };
		expect(readCursor(staticData, 'k', 'deals|update_time')).toBeUndefined();
		expect(readCursor(staticData, 'other', 'persons|update_time')).toBeUndefined();
		expect(readCursor({}, 'k', 's')).toBeUndefined();
	});

	it('damaged entries are dropped, not trusted', () => {
		const staticData = { k: { scope: 's', cursor: 'soon', seen: { a: 'x', b: 7, c: Number.NaN } } };
		expect(readCursor(staticData as never, 'k', 's')).toEqual({ scope: 's', cursor: undefined, seen: { b: 7 } });
	});

	it('a state without a cursor is stored without one', () => {
		const staticData = {};
		writeCursor(staticData, 'k', { scope: 's', seen: {} });
		expect(staticData).toEqual({ k: { scope: 's', seen: {} } });
	});
});

describe('shared polling cursor: the window', () => {
	it('reads from cursor - overlap, or from the beginning without a cursor', () => {
		expect(new PollWindow({ scope: 's', cursor: 10_000, seen: {} }, 3_000).since).toBe(7_000);
		expect(new PollWindow({ scope: 's', seen: {} }, 3_000).since).toBeUndefined();
	});

	it('emits each (id, timestamp) once; a newer timestamp of the same id is a change, an older or equal one is not', () => {
		const w = new PollWindow({ scope: 's', cursor: 10_000, seen: { a: 9_500 } }, 1_000);
		expect(w.offer('a', 9_500, true)).toBe(false);
		expect(w.offer('a', 9_400, true)).toBe(false);
		expect(w.offer('b', 9_900, true)).toBe(true);
		expect(w.offer('b', 9_900, true)).toBe(false);
		expect(w.offer('a', 10_200, true)).toBe(true);
		expect(w.emittedCount).toBe(2);
	});

	it('an unwanted change is marked handled, so the overlap does not judge it again', () => {
		const w = new PollWindow({ scope: 's', cursor: 10_000, seen: {} }, 1_000);
		expect(w.offer('x', 10_100, false)).toBe(false);
		expect(w.next()).toEqual({ scope: 's', cursor: 10_100, seen: { x: 10_100 } });
		const again = new PollWindow(w.next(), 1_000);
		expect(again.offer('x', 10_100, true)).toBe(false);
	});

	it('the cap counts emitted records only and stops at the last emitted', () => {
		const w = new PollWindow({ scope: 's', cursor: 10_000, seen: { a: 9_500 } }, 1_000, 2);
		w.offer('a', 9_500, true);
		expect(w.full).toBe(false);
		w.offer('b', 10_100, true);
		w.offer('c', 10_100, true);
		expect(w.full).toBe(true);
		expect(w.next()).toEqual({ scope: 's', cursor: 10_100, seen: { a: 9_500, b: 10_100, c: 10_100 } });
	});

	it('the cursor never moves back, and seen is pruned to what the next read can return', () => {
		const w = new PollWindow({ scope: 's', cursor: 20_000, seen: { old: 15_000, recent: 19_500 } }, 1_000);
		w.offer('late', 19_200, true);
		expect(w.next()).toEqual({ scope: 's', cursor: 20_000, seen: { recent: 19_500, late: 19_200 } });
	});

	it('with nothing read and no cursor, the state stays empty', () => {
		expect(new PollWindow({ scope: 's', seen: {} }, 1_000).next()).toEqual({ scope: 's', cursor: undefined, seen: {} });
	});
});

describe('shared polling cursor: the cap on seen', () => {
	const many = (n: number, ts: number, prefix: string) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, ts]));

	it('defaults to 5,000 entries', () => {
		expect(SEEN_CAP).toBe(5_000);
	});

	it('over the cap, the floor rises to the lowest whole timestamp that fits and older entries are dropped', () => {
		const w = new PollWindow({ scope: 's', cursor: 10_000, seen: {} }, 5_000, Infinity, 5);
		for (const [id, ts] of Object.entries({ ...many(3, 9_000, 'a'), ...many(2, 9_500, 'b'), ...many(2, 10_000, 'c') })) w.offer(id, ts, true);
		const next = w.next();
		expect(next).toEqual({ scope: 's', cursor: 10_000, floor: 9_500, seen: { ...many(2, 9_500, 'b'), ...many(2, 10_000, 'c') } });
		const again = new PollWindow(next, 5_000, Infinity, 5);
		expect(again.since).toBe(9_500);
		// Below the floor (a vendor filtering in whole seconds still hands it out): ignored, never emitted twice.
		expect(again.offer('a0', 9_000, true)).toBe(false);
		expect(again.offer('b0', 9_500, true)).toBe(false);
		expect(again.offer('d', 9_700, true)).toBe(true);
	});

	it('a single timestamp over the cap is kept whole (the cap gives way rather than a change)', () => {
		const w = new PollWindow({ scope: 's', cursor: 10_000, seen: { old: 9_000 } }, 5_000, Infinity, 3);
		for (const id of ['x', 'y', 'z', 'w']) w.offer(id, 10_000, true);
		expect(w.next()).toEqual({ scope: 's', cursor: 10_000, floor: 10_000, seen: { x: 10_000, y: 10_000, z: 10_000, w: 10_000 } });
	});

	it('when the emit cap stopped the read, the floor goes no higher than the last timestamp handled', () => {
		const earlier = { ...many(3, 9_800, 'p') };
		const w = new PollWindow({ scope: 's', cursor: 9_800, seen: earlier }, 5_000, 2, 3);
		expect(w.offer('late1', 9_100, true)).toBe(true);
		expect(w.offer('late2', 9_200, true)).toBe(true);
		expect(w.full).toBe(true);
		// An unread late record at 9_300 must stay above the floor: 9_200 is the limit, 4 entries kept.
		expect(w.next()).toEqual({ scope: 's', cursor: 9_800, floor: 9_200, seen: { ...earlier, late2: 9_200 } });
	});

	it('the floor is stored, read back, and dropped once cursor - overlap has passed it', () => {
		const staticData = {};
		writeCursor(staticData, 'k', { scope: 's', cursor: 10_000, floor: 9_500, seen: { b: 9_500 } });
		expect(staticData).toEqual({ k: { scope: 's', cursor: 10_000, floor: 9_500, seen: { b: 9_500 } } });
		const state = readCursor(staticData, 'k', 's');
		expect(state).toEqual({ scope: 's', cursor: 10_000, floor: 9_500, seen: { b: 9_500 } });
		const w = new PollWindow(state as never, 1_000);
		w.offer('n', 12_000, true);
		expect(w.next()).toEqual({ scope: 's', cursor: 12_000, seen: { n: 12_000 } });
		expect(readCursor({ k: { scope: 's', floor: 5, seen: {} } }, 'k', 's')).toEqual({ scope: 's', cursor: undefined, seen: {} });
		expect(readCursor({ k: { scope: 's', cursor: 9, floor: 'x', seen: {} } }, 'k', 's')).toEqual({ scope: 's', cursor: 9, seen: {} });
	});
});

describe('shared polling helpers', () => {
	it('toMillis reads RFC 3339, ISO with milliseconds and epoch milliseconds', () => {
		expect(toMillis('2026-03-02T10:00:00Z')).toBe(Date.parse('2026-03-02T10:00:00Z'));
		expect(toMillis('2026-03-02T10:00:00.250Z')).toBe(Date.parse('2026-03-02T10:00:00.250Z'));
		expect(toMillis(1772445600000)).toBe(1772445600000);
		expect(toMillis('1772445600000')).toBe(1772445600000);
		expect(toMillis(null)).toBeUndefined();
		expect(toMillis('')).toBeUndefined();
		expect(toMillis('yesterday')).toBeUndefined();
	});

	it('isUpdate: created before the previous cursor; without a cursor, changed after creation; unknown creation counts as update', () => {
		expect(isUpdate(900, 1_500, 1_000)).toBe(true);
		expect(isUpdate(1_100, 1_500, 1_000)).toBe(false);
		expect(isUpdate(1_000, 1_500, undefined)).toBe(true);
		expect(isUpdate(1_500, 1_500, undefined)).toBe(false);
		expect(isUpdate(undefined, 1_500, 1_000)).toBe(true);
	});

	it('pollLimits: defaults 60 s overlap and 1000 records; bad values name the field', () => {
		expect(pollLimits({})).toEqual({ overlapMs: 60_000, maxRecords: 1000, emitExisting: false });
		expect(pollLimits({ overlapSeconds: 0, maxRecords: 5, emitExisting: true })).toEqual({ overlapMs: 0, maxRecords: 5, emitExisting: true });
		expect(() => pollLimits({ overlapSeconds: -1 })).toThrow('Overlap Window');
		expect(() => pollLimits({ maxRecords: 0 })).toThrow('Max Records per Poll');
		expect(() => pollLimits({ maxRecords: 2.5 })).toThrow('Max Records per Poll');
	});
});
