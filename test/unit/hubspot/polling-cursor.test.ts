import { PollWindow, readCursor, writeCursor } from '../../../nodes/HubSpot/polling/cursor';
import { createdProperty, cursorProperty, toMillis } from '../../../nodes/HubSpot/polling/poll';

describe('polling cursor state', () => {
	it('round-trips through static data and ignores another scope or damaged entries', () => {
		const staticData = {};
		writeCursor(staticData, { scope: 'contacts|lastmodifieddate', cursor: 1000, seen: { a: 990 } });
		expect(staticData).toEqual({ hubspotPollCursor: { scope: 'contacts|lastmodifieddate', cursor: 1000, seen: { a: 990 } } });
		expect(readCursor(staticData, 'contacts|lastmodifieddate')).toEqual({ scope: 'contacts|lastmodifieddate', cursor: 1000, seen: { a: 990 } });
		expect(readCursor(staticData, 'deals|hs_lastmodifieddate')).toBeUndefined();
		const damaged = { hubspotPollCursor: { scope: 's', cursor: 'x', seen: { a: 'y', b: 5 } } };
		expect(readCursor(damaged, 's')).toEqual({ scope: 's', cursor: undefined, seen: { b: 5 } });
	});

	it('a window emits each (id, timestamp) once and never moves the cursor back', () => {
		const w = new PollWindow({ scope: 's', cursor: 10_000, seen: { a: 9_500 } }, 1_000, 2);
		expect(w.since).toBe(9_000);
		expect(w.offer('a', 9_500, true)).toBe(false);
		expect(w.offer('b', 9_600, false)).toBe(false);
		expect(w.offer('c', 9_700, true)).toBe(true);
		expect(w.full).toBe(false);
		expect(w.offer('a', 9_800, true)).toBe(true);
		expect(w.full).toBe(true);
		expect(w.next()).toEqual({ scope: 's', cursor: 10_000, seen: { a: 9_800, b: 9_600, c: 9_700 } });
	});

	it('an older view of an already handled record is not a change', () => {
		const w = new PollWindow({ scope: 's', cursor: 10_000, seen: { a: 9_900 } }, 1_000);
		expect(w.offer('a', 9_800, true)).toBe(false);
	});
});

describe('polling timestamps and properties', () => {
	it('reads ISO date-times and epoch milliseconds', () => {
		expect(toMillis('2026-03-02T10:00:00.000Z')).toBe(Date.parse('2026-03-02T10:00:00.000Z'));
		expect(toMillis('1772445600000')).toBe(1772445600000);
		expect(toMillis('')).toBeUndefined();
		expect(toMillis('not a date')).toBeUndefined();
	});

	it('picks the watched property per object and event', () => {
		expect(cursorProperty('contacts', 'newOrUpdated')).toBe('lastmodifieddate');
		expect(cursorProperty('deals', 'updated')).toBe('hs_lastmodifieddate');
		expect(cursorProperty('companies', 'new')).toBe('createdate');
		expect(createdProperty('meetings')).toBe('hs_createdate');
	});
});
