import type { IDataObject } from 'n8n-workflow';
import { paginate, type PageOptions } from './paginate';

/** Opaque cursor (`after`, `next_cursor`, page tokens): the response names the next one. */
export function cursorPaging<T>(
	fetchPage: (cursor: string | undefined, pageSize: number) => Promise<{ items: T[]; nextCursor?: string | null }>,
	options: PageOptions,
): AsyncGenerator<T> {
	return paginate<T, string>(
		undefined,
		async (cursor, size) => {
			const page = await fetchPage(cursor, size);
			return { items: page.items, next: page.nextCursor || undefined };
		},
		options,
	);
}

/** Page tokens are cursors under another name (Zoho `page_token`, Google-style `pageToken`). */
export const pageTokenPaging = cursorPaging;

/**
 * Offset/limit. The last page is the one shorter than asked for, or the one that
 * reaches `total` when the API reports it.
 */
export function offsetPaging<T>(
	fetchPage: (offset: number, pageSize: number) => Promise<{ items: T[]; total?: number; hasMore?: boolean }>,
	options: PageOptions,
): AsyncGenerator<T> {
	return paginate<T, number>(
		0,
		async (offset, size) => {
			const at = offset ?? 0;
			const page = await fetchPage(at, size);
			const end = at + page.items.length;
			const more =
				page.hasMore ?? (page.total !== undefined ? end < page.total : page.items.length >= size);
			return { items: page.items, next: more ? end : undefined };
		},
		options,
	);
}

/**
 * Page numbers with a has-more flag (Zoho `more_records`, our generic CRM's `total_pages`).
 * Every page is asked with the first page's size: page N means records
 * (N-1)*size+1 onwards, so a smaller last page (to stop at the limit) would
 * return other records; the extra ones are dropped instead.
 */
export function pageNumberPaging<T>(
	fetchPage: (page: number, pageSize: number) => Promise<{ items: T[]; hasMore: boolean }>,
	options: PageOptions & { firstPage?: number },
): AsyncGenerator<T> {
	let pageSize: number | undefined;
	return paginate<T, number>(
		options.firstPage ?? 1,
		async (page, size) => {
			const current = page ?? options.firstPage ?? 1;
			pageSize ??= size;
			const result = await fetchPage(current, pageSize);
			return { items: result.items, next: result.hasMore ? current + 1 : undefined };
		},
		options,
	);
}

/**
 * Next-URL paging: the response carries the full URL of the next page
 * (RFC 8288 Link header, OData `@odata.nextLink`, Salesforce `nextRecordsUrl`).
 * `fetchPage` receives undefined for the first page.
 */
export function nextUrlPaging<T>(
	fetchPage: (url: string | undefined, pageSize: number) => Promise<{ items: T[]; nextUrl?: string | null }>,
	options: PageOptions,
): AsyncGenerator<T> {
	return paginate<T, string>(
		undefined,
		async (url, size) => {
			const page = await fetchPage(url, size);
			return { items: page.items, next: page.nextUrl || undefined };
		},
		options,
	);
}

/** The `rel="next"` target of an RFC 8288 Link header. */
export function nextFromLinkHeader(link: string | undefined | null): string | undefined {
	if (!link) return undefined;
	for (const part of link.split(',')) {
		const match = /<([^>]+)>\s*;(.*)/.exec(part.trim());
		if (match && /\brel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?/i.test(match[2])) return match[1];
	}
	return undefined;
}

/** The next-page URL in a response body, for the body-borne styles. */
export function nextFromBody(body: IDataObject | undefined): string | undefined {
	if (!body) return undefined;
	const odata = body['@odata.nextLink'];
	if (typeof odata === 'string' && odata) return odata;
	if (body.done === false && typeof body.nextRecordsUrl === 'string') return body.nextRecordsUrl;
	return undefined;
}
