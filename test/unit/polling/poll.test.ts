import type { IDataObject } from 'n8n-workflow';
import { SEEN_CAP } from '../../../shared/polling/cursor';
import { isUpdate, pollChanges, type ChangeFeed, type PollPlan } from '../../../shared/polling/poll';

interface Row {
	id: string;
	ts?: number;
	created?: number;
}

/**
 * A vendor in memory: `read(since)` returns the visible rows at or after
 * `since`, ascending by timestamp (ties in the order they were made visible),
 * and records each `since` it was asked for.
 */
function vendor() {
	const rows: Row[] = [];
	const asked: Array<number | undefined> = [];
	const feed: ChangeFeed<Row> = {
		async *read(since) {
			asked.push(since);
			const hits = rows.filter((r) => since === undefined || r.ts === undefined || r.ts >= since);
			yield* [...hits].sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0));
		},
		id: (r) => r.id,
		timestamp: (r) => r.ts,
	};
	return {
		rows,
		asked,
		feed,
		/** A change: the row's timestamp moves (or the row appears). */
		put(id: string, ts: number | undefined, created = ts) {
			const i = rows.findIndex((r) => r.id === id);
			if (i >= 0) rows.splice(i, 1);
			rows.push({ id, ts, created });
		},
	};
}

const T0 = 1_000_000;
const plan = (extra: Partial<PollPlan> = {}): PollPlan => ({
	stateKey: 'testCursor',
	scope: 'things|modified',
	overlapMs: 60_000,
	maxRecords: 1000,
	emitExisting: false,
	now: T0,
	...extra,
});
const ids = (rows: Row[]) => rows.map((r) => r.id);

describe('shared pollChanges', () => {
	it('first poll starts at now - overlap, marks what it reads handled and emits nothing', async () => {
		const v = vendor();
		v.put('old', T0 - 120_000);
		v.put('recent', T0 - 30_000);
		const staticData: IDataObject = {};
		expect(await pollChanges(staticData, v.feed, plan())).toEqual([]);
		expect(v.asked).toEqual([T0 - 60_000]);
		expect(staticData).toEqual({ testCursor: { scope: 'things|modified', cursor: T0, seen: { recent: T0 - 30_000 } } });
	});

	it('the second poll emits exactly the changes after activation, oldest first, and advances the cursor to the newest', async () => {
		const v = vendor();
		v.put('recent', T0 - 30_000);
		const staticData: IDataObject = {};
		await pollChanges(staticData, v.feed, plan());
		v.put('b', T0 + 20_000);
		v.put('a', T0 + 10_000);
		expect(ids(await pollChanges(staticData, v.feed, plan({ now: T0 + 60_000 })))).toEqual(['a', 'b']);
		expect(v.asked[1]).toBe(T0 - 60_000);
		expect(staticData.testCursor).toEqual({ scope: 'things|modified', cursor: T0 + 20_000, seen: { recent: T0 - 30_000, a: T0 + 10_000, b: T0 + 20_000 } });
		expect(await pollChanges(staticData, v.feed, plan({ now: T0 + 120_000 }))).toEqual([]);
		expect(v.asked[2]).toBe(T0 + 20_000 - 60_000);
	});

	it('records sharing a timestamp, seen in different polls, are each emitted once', async () => {
		const v = vendor();
		const staticData: IDataObject = {};
		await pollChanges(staticData, v.feed, plan());
		v.put('x', T0 + 5_000);
		expect(ids(await pollChanges(staticData, v.feed, plan()))).toEqual(['x']);
		v.put('y', T0 + 5_000);
		expect(ids(await pollChanges(staticData, v.feed, plan()))).toEqual(['y']);
		expect(await pollChanges(staticData, v.feed, plan())).toEqual([]);
	});

	it('a record changed again is emitted again; a late-visible change inside the overlap is caught', async () => {
		const v = vendor();
		const staticData: IDataObject = {};
		await pollChanges(staticData, v.feed, plan());
		v.put('a', T0 + 40_000);
		expect(ids(await pollChanges(staticData, v.feed, plan()))).toEqual(['a']);
		v.put('late', T0 + 35_000);
		v.put('a', T0 + 50_000);
		expect(ids(await pollChanges(staticData, v.feed, plan()))).toEqual(['late', 'a']);
	});

	it('the cap stops at the last emitted record and the next polls continue, nothing lost or repeated', async () => {
		const v = vendor();
		const staticData: IDataObject = {};
		await pollChanges(staticData, v.feed, plan());
		v.put('1', T0 + 1_000);
		v.put('2', T0 + 2_000);
		v.put('3', T0 + 2_000);
		v.put('4', T0 + 2_000);
		v.put('5', T0 + 3_000);
		const capped = plan({ maxRecords: 2 });
		expect(ids(await pollChanges(staticData, v.feed, capped))).toEqual(['1', '2']);
		expect((staticData.testCursor as IDataObject).cursor).toBe(T0 + 2_000);
		expect(ids(await pollChanges(staticData, v.feed, capped))).toEqual(['3', '4']);
		expect(ids(await pollChanges(staticData, v.feed, capped))).toEqual(['5']);
		expect(await pollChanges(staticData, v.feed, capped)).toEqual([]);
	});

	it('stops reading once the cap is reached', async () => {
		let yielded = 0;
		const feed: ChangeFeed<Row> = {
			async *read() {
				for (let i = 0; i < 100; i++) {
					yielded++;
					yield { id: String(i), ts: T0 + i };
				}
			},
			id: (r) => r.id,
			timestamp: (r) => r.ts,
		};
		const staticData: IDataObject = { testCursor: { scope: 'things|modified', cursor: T0, seen: {} } };
		expect(ids(await pollChanges(staticData, feed, plan({ maxRecords: 3 })))).toEqual(['0', '1', '2']);
		expect(yielded).toBe(3);
	});

	it('"emit existing" reads from the beginning, capped', async () => {
		const v = vendor();
		v.put('a', T0 - 500_000);
		v.put('b', T0 - 400_000);
		v.put('c', T0 - 300_000);
		const staticData: IDataObject = {};
		const p = plan({ emitExisting: true, maxRecords: 2 });
		expect(ids(await pollChanges(staticData, v.feed, p))).toEqual(['a', 'b']);
		expect(v.asked[0]).toBeUndefined();
		expect(ids(await pollChanges(staticData, v.feed, p))).toEqual(['c']);
		expect(v.asked[1]).toBe(T0 - 400_000 - 60_000);
	});

	it('records without a timestamp are skipped', async () => {
		const v = vendor();
		const staticData: IDataObject = {};
		await pollChanges(staticData, v.feed, plan());
		v.put('none', undefined);
		v.put('ok', T0 + 1_000);
		expect(ids(await pollChanges(staticData, v.feed, plan()))).toEqual(['ok']);
	});

	it('wanted() filters with the previous cursor, and a left-out record stays handled', async () => {
		const v = vendor();
		const feed: ChangeFeed<Row> = { ...v.feed, wanted: (r, ts, previous) => isUpdate(r.created, ts, previous) };
		const staticData: IDataObject = {};
		await pollChanges(staticData, feed, plan());
		v.put('existing', T0 + 10_000, T0 - 3_600_000);
		v.put('created', T0 + 20_000, T0 + 15_000);
		expect(ids(await pollChanges(staticData, feed, plan()))).toEqual(['existing']);
		expect(await pollChanges(staticData, feed, plan())).toEqual([]);
		v.put('created', T0 + 90_000, T0 + 15_000);
		expect(ids(await pollChanges(staticData, feed, plan()))).toEqual(['created']);
	});

	it('another scope starts afresh', async () => {
		const v = vendor();
		const staticData: IDataObject = { testCursor: { scope: 'things|modified', cursor: T0 - 500_000, seen: { a: T0 - 500_000 } } };
		expect(await pollChanges(staticData, v.feed, plan({ scope: 'things|created' }))).toEqual([]);
		expect(staticData).toEqual({ testCursor: { scope: 'things|created', cursor: T0, seen: {} } });
	});
});

describe('shared pollChanges: the cap on seen', () => {
	/**
	 * A vendor with many rows: filters in whole seconds (so rows just below
	 * `since` come back too) and hands out ties in a different order each read.
	 */
	function bulkVendor() {
		const rows = new Map<string, number>();
		let reads = 0;
		const feed: ChangeFeed<Row> = {
			async *read(since) {
				reads++;
				const from = since === undefined ? -Infinity : Math.floor(since / 1000) * 1000;
				const hits: Row[] = [];
				for (const [id, ts] of rows) if (ts >= from) hits.push({ id, ts });
				const flip = reads % 2 === 0 ? -1 : 1;
				yield* hits.sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0) || flip * a.id.localeCompare(b.id));
			},
			id: (r) => r.id,
			timestamp: (r) => r.ts,
		};
		return { rows, feed };
	}
	const seenSize = (staticData: IDataObject) => Object.keys((staticData.testCursor as IDataObject).seen as IDataObject).length;
	const changes = (rows: Row[]) => rows.map((r) => `${r.id}@${r.ts}`);

	it('a burst of 12,000 changes at a few timestamps, across polls: each emitted exactly once, seen never over the cap', async () => {
		const v = bulkVendor();
		const staticData: IDataObject = {};
		const p = plan({ maxRecords: 1000 });
		await pollChanges(staticData, v.feed, p);
		const expected: string[] = [];
		const stamps = [T0 + 1_100, T0 + 1_400, T0 + 2_300, T0 + 2_700];
		for (let i = 0; i < 12_000; i++) {
			const ts = stamps[i % 4];
			v.rows.set(`r${i}`, ts);
			expected.push(`r${i}@${ts}`);
		}
		const emitted: string[] = [];
		let polls = 0;
		for (;;) {
			const got = await pollChanges(staticData, v.feed, p);
			polls++;
			expect(seenSize(staticData)).toBeLessThanOrEqual(SEEN_CAP);
			emitted.push(...changes(got));
			if (polls === 6) {
				// Mid-burst: 50 records already emitted change again, 500 new ones land on the newest timestamp.
				for (let i = 0; i < 200; i += 4) {
					v.rows.set(`r${i}`, T0 + 9_000);
					expected.push(`r${i}@${T0 + 9_000}`);
				}
				for (let i = 0; i < 500; i++) {
					v.rows.set(`n${i}`, T0 + 2_700);
					expected.push(`n${i}@${T0 + 2_700}`);
				}
			}
			if (got.length === 0) break;
			expect(polls).toBeLessThan(40);
		}
		expect(new Set(emitted).size).toBe(emitted.length);
		expect([...emitted].sort()).toEqual([...expected].sort());
		expect(emitted.length).toBe(12_550);
		expect(polls).toBe(14);
		// Later changes are still found, and nothing comes back.
		v.rows.set('after', T0 + 10_000);
		expect(ids(await pollChanges(staticData, v.feed, p))).toEqual(['after']);
		expect(await pollChanges(staticData, v.feed, p)).toEqual([]);
		expect(seenSize(staticData)).toBeLessThanOrEqual(SEEN_CAP);
	});

	it('one poll reading the whole burst keeps seen under the cap and re-emits nothing', async () => {
		const v = bulkVendor();
		const staticData: IDataObject = {};
		const p = plan({ maxRecords: 20_000 });
		await pollChanges(staticData, v.feed, p);
		for (let i = 0; i < 12_000; i++) v.rows.set(`r${i}`, T0 + 1_000 * (1 + (i % 3)));
		expect(await pollChanges(staticData, v.feed, p)).toHaveLength(12_000);
		expect(seenSize(staticData)).toBe(4_000);
		expect((staticData.testCursor as IDataObject).floor).toBe(T0 + 3_000);
		expect(await pollChanges(staticData, v.feed, p)).toEqual([]);
	});

	it('trade-off: while the floor is raised, a late-visible change below it is not caught; above it, it is', async () => {
		const v = bulkVendor();
		const staticData: IDataObject = {};
		const p = plan({ maxSeen: 3 });
		await pollChanges(staticData, v.feed, p);
		for (const [id, ts] of [['a', 1_000], ['b', 2_000], ['c', 3_000], ['d', 4_000]] as const) v.rows.set(id, T0 + ts);
		expect(ids(await pollChanges(staticData, v.feed, p))).toEqual(['a', 'b', 'c', 'd']);
		expect(staticData.testCursor).toEqual({ scope: 'things|modified', cursor: T0 + 4_000, floor: T0 + 2_000, seen: { b: T0 + 2_000, c: T0 + 3_000, d: T0 + 4_000 } });
		v.rows.set('lateBelow', T0 + 1_500);
		v.rows.set('lateAbove', T0 + 2_500);
		expect(ids(await pollChanges(staticData, v.feed, p))).toEqual(['lateAbove']);
	});
});
