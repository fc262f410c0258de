import { collect } from '../../../shared/paging/paginate';
import {
	cursorPaging,
	nextFromBody,
	nextFromLinkHeader,
	nextUrlPaging,
	offsetPaging,
	pageNumberPaging,
} from '../../../shared/paging/strategies';

const records = Array.from({ length: 25 }, (_, i) => ({ id: String(i + 1) }));

describe('cursor paging', () => {
	function api() {
		const calls: Array<{ after?: string; limit: number }> = [];
		const fetchPage = async (after: string | undefined, limit: number) => {
			calls.push({ after, limit });
			const start = after ? Number(after) : 0;
			const items = records.slice(start, start + limit);
			const next = start + limit < records.length ? String(start + limit) : undefined;
			return { items, nextCursor: next };
		};
		return { calls, fetchPage };
	}

	test('Return All walks every page', async () => {
		const { calls, fetchPage } = api();
		const out = await collect(cursorPaging(fetchPage, { maxPageSize: 10 }));
		expect(out.map((r) => r.id)).toEqual(records.map((r) => r.id));
		expect(calls).toEqual([
			{ after: undefined, limit: 10 },
			{ after: '10', limit: 10 },
			{ after: '20', limit: 10 },
		]);
	});

	test('a limit stops early and asks only for what it needs', async () => {
		const { calls, fetchPage } = api();
		const out = await collect(cursorPaging(fetchPage, { maxPageSize: 10, limit: 13 }));
		expect(out.map((r) => r.id)).toEqual(records.slice(0, 13).map((r) => r.id));
		expect(calls).toEqual([
			{ after: undefined, limit: 10 },
			{ after: '10', limit: 3 },
		]);
	});

	test('breaking out of the loop fetches nothing more', async () => {
		const { calls, fetchPage } = api();
		for await (const r of cursorPaging(fetchPage, { maxPageSize: 10 })) if (r.id === '2') break;
		expect(calls.length).toBe(1);
	});

	test('an empty page with a cursor ends the walk', async () => {
		let n = 0;
		const out = await collect(
			cursorPaging(async () => {
				n++;
				return { items: [] as number[], nextCursor: 'again' };
			}, { maxPageSize: 10 }),
		);
		expect(out).toEqual([]);
		expect(n).toBe(1);
	});
});

describe('offset paging', () => {
	test('stops at total', async () => {
		const calls: number[][] = [];
		const out = await collect(
			offsetPaging(async (offset, size) => {
				calls.push([offset, size]);
				return { items: records.slice(offset, offset + size), total: records.length };
			}, { maxPageSize: 10 }),
		);
		expect(out.length).toBe(25);
		expect(calls).toEqual([[0, 10], [10, 10], [20, 10]]);
	});

	test('stops at a short page when the API gives no total', async () => {
		const calls: number[][] = [];
		await collect(
			offsetPaging(async (offset, size) => {
				calls.push([offset, size]);
				return { items: records.slice(offset, offset + size) };
			}, { maxPageSize: 5 }),
		);
		expect(calls).toEqual([[0, 5], [5, 5], [10, 5], [15, 5], [20, 5], [25, 5]]);
	});

	test('honours hasMore', async () => {
		const calls: number[] = [];
		const out = await collect(
			offsetPaging(async (offset, size) => {
				calls.push(offset);
				return { items: records.slice(offset, offset + size), hasMore: offset + size < 12 };
			}, { maxPageSize: 6 }),
		);
		expect(calls).toEqual([0, 6]);
		expect(out.length).toBe(12);
	});
});

describe('page number paging', () => {
	test('follows the has-more flag from page 1', async () => {
		const calls: number[] = [];
		const out = await collect(
			pageNumberPaging(async (page, size) => {
				calls.push(page);
				const start = (page - 1) * size;
				return { items: records.slice(start, start + size), hasMore: start + size < records.length };
			}, { maxPageSize: 10 }),
		);
		expect(calls).toEqual([1, 2, 3]);
		expect(out.length).toBe(25);
	});

	test('limit 5 fetches one page', async () => {
		const calls: Array<[number, number]> = [];
		await collect(
			pageNumberPaging(async (page, size) => {
				calls.push([page, size]);
				return { items: records.slice(0, size), hasMore: true };
			}, { maxPageSize: 200, limit: 5 }),
		);
		expect(calls).toEqual([[1, 5]]);
	});

	test('a limit that ends inside a later page keeps the page size, so page 2 holds records 11-20, and drops the rest', async () => {
		const calls: Array<[number, number]> = [];
		const out = await collect(
			pageNumberPaging(async (page, size) => {
				calls.push([page, size]);
				const start = (page - 1) * size;
				return { items: records.slice(start, start + size), hasMore: start + size < records.length };
			}, { maxPageSize: 10, limit: 15 }),
		);
		expect(calls).toEqual([
			[1, 10],
			[2, 10],
		]);
		expect(out).toEqual(records.slice(0, 15));
	});
});

describe('next-URL paging', () => {
	test('follows next URLs until none', async () => {
		const urls: Array<string | undefined> = [];
		const pages: Record<string, { items: number[]; nextUrl?: string }> = {
			first: { items: [1, 2], nextUrl: 'https://x/p2' },
			'https://x/p2': { items: [3, 4], nextUrl: 'https://x/p3' },
			'https://x/p3': { items: [5] },
		};
		const out = await collect(
			nextUrlPaging(async (url) => {
				urls.push(url);
				return pages[url ?? 'first'];
			}, { maxPageSize: 2 }),
		);
		expect(out).toEqual([1, 2, 3, 4, 5]);
		expect(urls).toEqual([undefined, 'https://x/p2', 'https://x/p3']);
	});

	test('Link header, @odata.nextLink and nextRecordsUrl', () => {
		expect(nextFromLinkHeader('<https://api.x/items?page=2>; rel="next", <https://api.x/items?page=9>; rel="last"')).toBe(
			'https://api.x/items?page=2',
		);
		expect(nextFromLinkHeader('<https://api.x/items?page=9>; rel="last"')).toBeUndefined();
		expect(nextFromLinkHeader(undefined)).toBeUndefined();
		expect(nextFromBody({ '@odata.nextLink': 'https://org.crm.dynamics.com/api/data/v9.2/contacts?$skiptoken=abc' })).toBe(
			'https://org.crm.dynamics.com/api/data/v9.2/contacts?$skiptoken=abc',
		);
		expect(nextFromBody({ done: false, nextRecordsUrl: '/services/data/v62.0/query/01g-2000' })).toBe('/services/data/v62.0/query/01g-2000');
		expect(nextFromBody({ done: true, nextRecordsUrl: '/x' })).toBeUndefined();
	});
});
