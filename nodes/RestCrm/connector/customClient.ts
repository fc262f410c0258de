import type { IDataObject } from 'n8n-workflow';
import { readPath } from '../../../shared/auth';
import { cursorPaging, nextFromLinkHeader, nextUrlPaging, offsetPaging, pageNumberPaging } from '../../../shared/paging';
import { getHeader } from '../../../shared/transport/retry';
import type { CrmRecord } from '../../../shared/types';
import type { RestCrmCall } from '../transport/restCrmApi';
import type { CrmResponse } from '../../../shared/transport/request';
import { itemUrl, type CustomResource } from './customResource';
import { recordAt, recordsAt, toRecord } from './records';
import { CUSTOM_OBJECT_TYPE } from './resources';

type Send = <T = IDataObject>(call: RestCrmCall) => Promise<CrmResponse<T>>;

/**
 * Reads and writes a user-described resource: its paths, envelopes, id and
 * time fields, paging style (shared/paging) and update method.
 */
export class CustomResourceClient {
	constructor(
		readonly resource: CustomResource,
		private readonly send: Send,
		/** The API root: a next-page URL is only followed on its origin (it would carry the credential elsewhere). */
		private readonly root: string,
		/** The object type its records carry: `custom`, or the standard resource it stands in for (a credential's custom resource). */
		readonly objectType: string = CUSTOM_OBJECT_TYPE,
	) {}

	toRecord(raw: IDataObject): CrmRecord {
		const r = this.resource;
		return toRecord(this.objectType, raw, { id: r.idField, updated: r.updatedField, created: r.createdField });
	}

	private body(properties: IDataObject): IDataObject {
		return this.resource.bodyKey ? { [this.resource.bodyKey]: properties } : properties;
	}

	private sameOrigin(url: string): string {
		const origin = (u: string) => {
			try {
				return new URL(u).origin;
			} catch {
				return '';
			}
		};
		if (origin(url) !== origin(this.root)) throw new Error(`The API's next page is on another host (${origin(url) || url}); it is not followed with this credential`);
		return url;
	}

	/** Every record (or `limit`), page by page in the resource's paging style, with extra query filters. */
	list(options: { limit?: number; qs?: IDataObject; itemIndex?: number } = {}): AsyncIterable<CrmRecord> {
		const r = this.resource;
		const p = r.paging;
		const qs = options.qs ?? {};
		const get = (path: string, query: IDataObject | undefined) => this.send<unknown>({ method: 'GET', path, qs: query, itemIndex: options.itemIndex });
		const records = (body: unknown) => recordsAt(body, r.recordsPath).map((raw) => this.toRecord(raw));
		const paging = { limit: options.limit, maxPageSize: p.pageSize };
		switch (p.style) {
			case 'page':
				return pageNumberPaging(
					async (page, size) => {
						const { body } = await get(r.path, { ...qs, [p.positionParam]: page, [p.sizeParam]: size });
						const items = records(body);
						// A full page may have a next one; a short one is the last.
						return { items, hasMore: items.length >= size };
					},
					{ ...paging, firstPage: p.firstPage },
				);
			case 'offset':
				return offsetPaging(async (offset, size) => {
					const { body } = await get(r.path, { ...qs, [p.positionParam]: offset, [p.sizeParam]: size });
					return { items: records(body) };
				}, paging);
			case 'cursor':
				return cursorPaging(async (cursor, size) => {
					const { body } = await get(r.path, { ...qs, ...(cursor ? { [p.positionParam]: cursor } : {}), [p.sizeParam]: size });
					const next = readPath(body, p.nextPath);
					return { items: records(body), nextCursor: typeof next === 'string' || typeof next === 'number' ? String(next) : undefined };
				}, paging);
			case 'linkHeader':
				return nextUrlPaging(async (url, size) => {
					const res = url ? await get(this.sameOrigin(url), undefined) : await get(r.path, { ...qs, [p.sizeParam]: size });
					return { items: records(res.body), nextUrl: nextFromLinkHeader(getHeader(res.headers, 'link')) };
				}, paging);
			case 'nextUrl':
				return nextUrlPaging(async (url, size) => {
					const res = url ? await get(this.sameOrigin(url), undefined) : await get(r.path, { ...qs, [p.sizeParam]: size });
					const next = readPath(res.body, p.nextPath);
					return { items: records(res.body), nextUrl: typeof next === 'string' && next ? next : undefined };
				}, paging);
		}
	}

	/**
	 * Records changed at or after `since`, oldest first: the API's "updated since"
	 * parameter when the description names one, else every record; either way
	 * filtered and sorted here by the updated-at field (an API's own sort is not
	 * something a description can promise).
	 */
	async listChanged(since?: string, limit?: number): Promise<CrmRecord[]> {
		const r = this.resource;
		const qs = since && r.updatedSinceParam ? { [r.updatedSinceParam]: since } : {};
		const at = (rec: CrmRecord) => Date.parse(rec.updatedAt ?? '');
		const from = since ? Date.parse(since) : undefined;
		const out: CrmRecord[] = [];
		for await (const record of this.list({ qs })) if (from === undefined || !(at(record) < from)) out.push(record);
		out.sort((a, b) => at(a) - at(b) || a.id.localeCompare(b.id, undefined, { numeric: true }));
		return limit === undefined ? out : out.slice(0, limit);
	}

	async get(id: string, itemIndex?: number): Promise<CrmRecord> {
		const { body } = await this.send<unknown>({ method: 'GET', path: itemUrl(this.resource, id), itemIndex });
		return this.toRecord(recordAt(body, this.resource.recordPath));
	}

	/** One record or undefined when the API answers 404. */
	async find(id: string): Promise<CrmRecord | undefined> {
		const res = await this.send<unknown>({ method: 'GET', path: itemUrl(this.resource, id), acceptStatuses: [404] });
		return res.statusCode === 404 ? undefined : this.toRecord(recordAt(res.body, this.resource.recordPath));
	}

	async create(properties: IDataObject, itemIndex?: number): Promise<CrmRecord> {
		const { body } = await this.send<unknown>({ method: 'POST', path: this.resource.path, body: this.body(properties), itemIndex });
		return this.toRecord(recordAt(body, this.resource.recordPath));
	}

	/**
	 * PATCH sends the changed fields. PUT replaces the whole record, so the
	 * record is read first and sent back whole with the changes (its id and
	 * time fields left out): fields the item does not name keep their values.
	 */
	async update(id: string, properties: IDataObject, itemIndex?: number): Promise<CrmRecord> {
		const r = this.resource;
		let body = properties;
		if (r.updateMethod === 'PUT') {
			const current = { ...(await this.get(id, itemIndex)).properties };
			for (const field of [r.idField, r.updatedField, r.createdField]) if (field) delete current[field];
			body = { ...current, ...properties };
		}
		const res = await this.send<unknown>({ method: r.updateMethod, path: itemUrl(r, id), body: this.body(body), idempotent: true, itemIndex });
		return this.toRecord(recordAt(res.body, r.recordPath));
	}

	async delete(id: string, itemIndex?: number): Promise<void> {
		await this.send({ method: 'DELETE', path: itemUrl(this.resource, id), itemIndex });
	}
}
