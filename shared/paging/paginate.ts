/** One page as a strategy sees it: its records and where the next page starts (undefined = last page). */
export interface Page<T, C> {
	items: T[];
	next: C | undefined;
}

export interface PageOptions {
	/** Stop after this many records; undefined walks every page ("Return All"). */
	limit?: number;
	/** The vendor's largest page. */
	maxPageSize: number;
}

/**
 * Walks pages lazily. The page size asked for shrinks to what the limit still
 * needs, and no page is fetched once the limit is met, so "Limit: 5" costs one
 * small call, not a full page walk.
 */
export async function* paginate<T, C>(
	start: C | undefined,
	fetchPage: (cursor: C | undefined, pageSize: number) => Promise<Page<T, C>>,
	options: PageOptions,
): AsyncGenerator<T> {
	let remaining = options.limit ?? Infinity;
	let cursor = start;
	let first = true;
	while (remaining > 0 && (first || cursor !== undefined)) {
		first = false;
		const page = await fetchPage(cursor, Math.min(options.maxPageSize, remaining));
		for (const item of page.items) {
			if (remaining <= 0) return;
			remaining--;
			yield item;
		}
		// A page with no records but a cursor would loop forever on a misbehaving API.
		if (page.items.length === 0) return;
		cursor = page.next;
	}
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
	const out: T[] = [];
	for await (const item of iterable) out.push(item);
	return out;
}
