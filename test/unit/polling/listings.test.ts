import type { IDataObject } from 'n8n-workflow';
import { pollEvent, sampleEvent, watchedTime, type EventPlan, type ListingRead, type PollListings } from '../../../shared/polling/listings';
import type { CrmRecord } from '../../../shared/types';

const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** A CRM in memory with whole-second times; every listing call is recorded. */
function crm() {
	const records: CrmRecord[] = [];
	const calls: Array<{ listing: string; since: number | undefined; read?: ListingRead }> = [];
	const byTime = (key: 'createdAt' | 'updatedAt', since: number | undefined) =>
		records.filter((r) => since === undefined || Date.parse(String(r[key])) >= since).sort((a, b) => Date.parse(String(a[key])) - Date.parse(String(b[key])));
	const listings: PollListings = {
		async *changedSince(since, read) {
			calls.push({ listing: 'changedSince', since, read });
			yield* byTime('updatedAt', since);
		},
		async *createdSince(since, read) {
			calls.push({ listing: 'createdSince', since, read });
			yield* byTime('createdAt', since);
		},
		async newest(watched) {
			calls.push({ listing: `newest:${watched}`, since: undefined });
			return byTime(watched === 'created' ? 'createdAt' : 'updatedAt', undefined).pop();
		},
		scope: (watched) => `things|${watched}`,
	};
	return {
		records,
		calls,
		listings,
		put(id: string, created: number, updated = created) {
			const i = records.findIndex((r) => r.id === id);
			if (i >= 0) records.splice(i, 1);
			records.push({ id, objectType: 'things', properties: {}, createdAt: iso(created), updatedAt: iso(updated), raw: { id } });
		},
	};
}

const plan = (extra: Partial<EventPlan> = {}): EventPlan => ({
	stateKey: 'thingsCursor',
	event: 'newOrUpdated',
	overlapMs: 60_000,
	maxRecords: 100,
	emitExisting: false,
	now: T0,
	...extra,
});
const ids = (records: CrmRecord[]) => records.map((r) => r.id);

describe('pollEvent: the shared polling trigger over a CRM\'s listings', () => {
	it('watches the creation time for "new" only', () => {
		expect(watchedTime('new')).toBe('created');
		expect(watchedTime('updated')).toBe('modified');
		expect(watchedTime('newOrUpdated')).toBe('modified');
	});

	it('the first poll reads changes from now - overlap with emitting false, stores the CRM\'s scope, emits nothing', async () => {
		const c = crm();
		c.put('a', T0 - 30_000);
		const staticData: IDataObject = {};
		expect(await pollEvent(staticData, c.listings, plan())).toEqual([]);
		expect(c.calls).toEqual([{ listing: 'changedSince', since: T0 - 60_000, read: { emitting: false } }]);
		expect(staticData).toEqual({ thingsCursor: { scope: 'things|modified', cursor: T0, seen: { a: T0 - 30_000 } } });

		c.put('b', T0 + 5_000);
		expect(ids(await pollEvent(staticData, c.listings, plan({ now: T0 + 60_000 })))).toEqual(['b']);
		expect(c.calls[1]).toEqual({ listing: 'changedSince', since: T0 - 60_000, read: { emitting: true } });
	});

	it('"new" reads createdSince under its own scope; emitting existing records reads from the beginning', async () => {
		const c = crm();
		c.put('old', T0 - 3_600_000, T0 + 1_000);
		c.put('newer', T0 - 1_000);
		const staticData: IDataObject = {};
		expect(ids(await pollEvent(staticData, c.listings, plan({ event: 'new', emitExisting: true })))).toEqual(['old', 'newer']);
		expect(c.calls).toEqual([{ listing: 'createdSince', since: undefined, read: { emitting: true } }]);
		expect((staticData.thingsCursor as IDataObject).scope).toBe('things|created');
	});

	it('"updated" leaves out creations after the previous cursor, and counts a record handled before as existing (same-second creation)', async () => {
		const c = crm();
		// Created in the very second the cursor will stand on.
		c.put('same', T0);
		const staticData: IDataObject = {};
		expect(await pollEvent(staticData, c.listings, plan({ event: 'updated' }))).toEqual([]);
		expect((staticData.thingsCursor as IDataObject).cursor).toBe(T0);

		c.put('same', T0, T0 + 2_000);
		c.put('fresh', T0 + 1_000, T0 + 3_000);
		// 'same' was handled by the first poll: its change is an update although its creation is not before the cursor.
		expect(ids(await pollEvent(staticData, c.listings, plan({ event: 'updated', now: T0 + 60_000 })))).toEqual(['same']);
	});

	it('manual runs return the newest record by the watched time, or nothing', async () => {
		const c = crm();
		expect(await sampleEvent(c.listings, 'new')).toEqual([]);
		c.put('a', T0 - 5_000, T0 + 9_000);
		c.put('b', T0 - 1_000, T0 - 1_000);
		expect(ids(await sampleEvent(c.listings, 'new'))).toEqual(['b']);
		expect(ids(await sampleEvent(c.listings, 'updated'))).toEqual(['a']);
		expect(c.calls.map((call) => call.listing)).toEqual(['newest:created', 'newest:created', 'newest:modified']);
	});
});
