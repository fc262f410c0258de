import type { IDataObject } from 'n8n-workflow';
import { runPool } from '../../../shared/batching/pool';
import type {
	ChangedSince,
	CrmConnector,
	DeletedSince,
	CrmRecord,
	FieldDescription,
	ListOptions,
	NeutralType,
	RecordOutcome,
	RequestContext,
	WriteOptions,
} from '../../../shared/types';
import { dynamicsRequest, syncKeysOf, type DynamicsCall, type DynamicsSettings } from '../transport/dynamicsApi';
import { boundary, buildBatch, MAX_BATCH_REQUESTS, parseBatchResponse, type BatchRequest, type BatchResponse } from './batch';
import type { ConnectionInfo, FindOptions, NeutralQuery } from '../../../shared/neutralOps';
import { bindsForTable, DYNAMICS_FIELDS, dynamicsToNeutral, mappedFields, neutralToDynamics } from './mapping';
import { dynamicsConnectionInfo, dynamicsMatchFilter, dynamicsRecordUrl } from './neutral';
import { entitySetOfKind, TABLE_BY_SET, type TableSpec } from './objectTypes';
import { errorText, failedRecord, idOfEntityId, keySegment, literal, toRecord } from './records';
import type { LookupInfo } from './writeValues';

/** Dataverse's largest page (`Prefer: odata.maxpagesize`, webapi/query/page-results). */
export const DYNAMICS_PAGE_SIZE = 5000;

/**
 * Records per bulk call: Microsoft sets no fixed cap on CreateMultiple /
 * UpdateMultiple / UpsertMultiple and suggests starting at 1,000 (100 for
 * elastic tables) (power-apps/developer/data-platform/bulk-operations,
 * "Optimize performance for bulk operations").
 */
export const DEFAULT_BATCH_SIZE = 1000;
export const ELASTIC_BATCH_SIZE = 100;

/**
 * Below this many records a write goes out as one call per record: a bulk
 * action plus the read-back of its rows costs two calls, a single POST/PATCH
 * with `Prefer: return=representation` one.
 */
export const BULK_FROM = 3;

/** Ids (or key values) per `$filter` of `eq … or eq …`, keeping each URL short. */
export const VALUES_PER_FILTER = 100;

export interface DynamicsOptions {
	/** Records per bulk call (1-1,000). */
	batchSize?: number;
	/** One transaction per batch: a bad record fails its whole batch (named), nothing written. */
	allOrNone?: boolean;
	/** Extra request headers on writes (`MSCRM.SuppressDuplicateDetection`, `MSCRM.BypassCustomPluginExecution`, …). */
	writeHeaders?: IDataObject;
	/** Adds `Prefer: odata.include-annotations="*"` to reads (formatted values, lookup table names). */
	annotations?: boolean;
	/**
	 * Upsert as both (default), create only (`If-None-Match: *`: an existing row
	 * answers 412) or update only (`If-Match: *`: a missing row answers 404)
	 * (webapi/perform-conditional-operations-using-web-api). The two conditional
	 * modes go out as single PATCH requests in `$batch` (UpsertMultiple takes no condition).
	 */
	upsertMode?: 'upsert' | 'createOnly' | 'updateOnly';
}

type BulkAction = 'CreateMultiple' | 'UpdateMultiple' | 'UpsertMultiple';

const enc = encodeURIComponent;

export class DynamicsConnector implements CrmConnector {
	readonly vendor = 'dynamics';

	readonly maxBatchSize = DEFAULT_BATCH_SIZE;

	readonly transactionalBatches = true;

	private readonly tables = new Map<string, Promise<TableSpec>>();

	/** Entity sets that answered a bulk action as unknown: `$batch` from then on. */
	private readonly noBulk = new Set<string>();

	private batchCount = 0;

	/** Whether each table (logical name) has change tracking on, asked once per connector. */
	private readonly tracking = new Map<string, Promise<boolean>>();

	constructor(
		private readonly ctx: RequestContext,
		readonly settings: DynamicsSettings,
		readonly options: DynamicsOptions = {},
	) {}

	request<T = IDataObject>(call: DynamicsCall) {
		return dynamicsRequest<T>(this.ctx, this.settings, call);
	}

	get batchSize(): number {
		return Math.max(1, Math.min(MAX_BATCH_REQUESTS, Math.floor(this.options.batchSize ?? DEFAULT_BATCH_SIZE)));
	}

	/** The Web API root's path (`/api/data/v9.2`), which `$batch` parts name their requests below. */
	private get rootPath(): string {
		return new URL(this.settings.baseUrl).pathname.replace(/\/+$/, '');
	}

	private readPrefer(pageSize?: number): IDataObject {
		const parts: string[] = [];
		if (pageSize !== undefined) parts.push(`odata.maxpagesize=${pageSize}`);
		if (this.options.annotations !== false) parts.push('odata.include-annotations="*"');
		return parts.length ? { Prefer: parts.join(',') } : {};
	}

	// ---- tables ------------------------------------------------------------

	/**
	 * The table behind an entity set: the known ones at once, any other (custom
	 * tables included) from `EntityDefinitions` (webapi/query-metadata-web-api), once per connector.
	 */
	table(entitySet: string): Promise<TableSpec> {
		const known = TABLE_BY_SET.get(entitySet);
		if (known) return Promise.resolve(known);
		let cached = this.tables.get(entitySet);
		if (!cached) {
			cached = this.request<{ value?: IDataObject[] }>({
				method: 'GET',
				path: '/EntityDefinitions',
				qs: { $select: 'LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,ChangeTrackingEnabled', $filter: `EntitySetName eq ${literal(entitySet)}` },
			}).then(({ body }) => {
				const found = (body?.value ?? []).find((d) => d.EntitySetName === entitySet);
				if (!found) throw new Error(`Dataverse has no table whose entity set is '${entitySet}' (check the name: plural, lower case, e.g. 'contacts' or 'cr123_projects')`);
				return {
					entitySet,
					logicalName: String(found.LogicalName),
					primaryId: String(found.PrimaryIdAttribute),
					primaryName: String(found.PrimaryNameAttribute ?? ''),
					changeTracking: found.ChangeTrackingEnabled === true,
				};
			});
			this.tables.set(entitySet, cached);
			cached.catch(() => this.tables.delete(entitySet));
		}
		return cached;
	}

	/** Every table of the environment (for the "any table" picker). */
	async listTables(): Promise<IDataObject[]> {
		const { body } = await this.request<{ value?: IDataObject[] }>({
			method: 'GET',
			path: '/EntityDefinitions',
			qs: { $select: 'LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,DisplayName' },
		});
		return body?.value ?? [];
	}

	// ---- reads -------------------------------------------------------------

	/**
	 * Every page of a query, following `@odata.nextLink` (webapi/query/page-results:
	 * the link is used as it is, the same Prefer header sent again), up to `limit`.
	 */
	async *pages(entitySet: string, qs: IDataObject, options: { limit?: number; itemIndex?: number; pageSize?: number } = {}): AsyncGenerator<CrmRecord> {
		const table = await this.table(entitySet);
		const pageSize = Math.max(1, Math.min(options.pageSize ?? DYNAMICS_PAGE_SIZE, options.limit ?? DYNAMICS_PAGE_SIZE, DYNAMICS_PAGE_SIZE));
		let left = options.limit ?? Infinity;
		let next: string | undefined;
		let first = true;
		while (left > 0 && (first || next)) {
			const { body } = await this.request<IDataObject>({
				method: 'GET',
				path: first ? `/${table.entitySet}` : (next as string),
				qs: first ? qs : undefined,
				headers: this.readPrefer(pageSize),
				itemIndex: options.itemIndex,
			});
			first = false;
			for (const row of (body?.value ?? []) as IDataObject[]) {
				if (left-- <= 0) return;
				yield toRecord(table, row);
			}
			next = typeof body?.['@odata.nextLink'] === 'string' ? (body['@odata.nextLink'] as string) : undefined;
		}
	}

	/** Rows in creation order (`createdon`, then the primary key), `properties` as `$select`. */
	async *list(entitySet: string, options: ListOptions & { filter?: string; orderBy?: string; itemIndex?: number } = {}): AsyncGenerator<CrmRecord> {
		const table = await this.table(entitySet);
		const qs: IDataObject = { $orderby: options.orderBy ?? `createdon asc,${table.primaryId} asc` };
		if (options.properties?.length) qs.$select = [...new Set([table.primaryId, 'createdon', 'modifiedon', ...options.properties])].join(',');
		if (options.filter) qs.$filter = options.filter;
		yield* this.pages(entitySet, qs, { limit: options.limit, itemIndex: options.itemIndex });
	}

	/**
	 * Rows modified at or after `since`, oldest first: `$filter=modifiedon ge …`,
	 * ordered by `modifiedon` then `versionnumber` (the row version Dataverse
	 * raises on every write; `modifiedon` keeps whole seconds, so two writes in
	 * one second are told apart by it). Assumption: `versionnumber` is sortable
	 * through `$orderby` like any other column.
	 */
	async *listChanged(entitySet: string, options: ChangedSince = {}): AsyncGenerator<CrmRecord> {
		const qs: IDataObject = { $orderby: 'modifiedon asc,versionnumber asc' };
		if (options.since) qs.$filter = `modifiedon ge ${new Date(Date.parse(options.since)).toISOString().replace('.000Z', 'Z')}`;
		if (options.properties?.length) {
			const table = await this.table(entitySet);
			qs.$select = [...new Set([table.primaryId, 'createdon', 'modifiedon', ...options.properties])].join(',');
		}
		yield* this.pages(entitySet, qs, { limit: options.limit });
	}

	/** One row (`GET <set>(<id>)`, retrieve-entity-using-web-api); `key` reads it by an alternate key instead. */
	async get(entitySet: string, id: string, properties?: string[], itemIndex?: number, key?: string): Promise<CrmRecord> {
		const table = await this.table(entitySet);
		const qs: IDataObject = {};
		if (properties?.length) qs.$select = [...new Set([table.primaryId, 'createdon', 'modifiedon', ...properties])].join(',');
		const { body } = await this.request({
			method: 'GET',
			path: `/${table.entitySet}(${key ? keySegment(table, key, id) : enc(id)})`,
			qs: Object.keys(qs).length ? qs : undefined,
			headers: this.readPrefer(),
			itemIndex,
		});
		return toRecord(table, body ?? {});
	}

	/**
	 * Rows whose `column` is one of `values`: `$filter=column eq a or column eq b …`,
	 * 100 values a query; several queries go out together in one `$batch` of GETs
	 * (a batch also lifts the URL length limit, execute-batch-operations-using-web-api).
	 */
	async readMany(entitySet: string, column: string, values: string[], properties?: string[]): Promise<CrmRecord[]> {
		const table = await this.table(entitySet);
		const unique = [...new Set(values.filter((v) => v !== ''))];
		if (!unique.length) return [];
		const queries: string[] = [];
		for (let i = 0; i < unique.length; i += VALUES_PER_FILTER) {
			const chunk = unique.slice(i, i + VALUES_PER_FILTER);
			const filter = chunk.map((v) => `${column} eq ${column === table.primaryId ? v : literal(v)}`).join(' or ');
			const qs = new URLSearchParams({ $filter: filter });
			if (properties?.length) qs.set('$select', [...new Set([table.primaryId, 'createdon', 'modifiedon', column, ...properties])].join(','));
			queries.push(qs.toString().replace(/\+/g, '%20'));
		}
		const out: CrmRecord[] = [];
		if (queries.length === 1) {
			const { body } = await this.request<IDataObject>({ method: 'GET', path: `/${table.entitySet}?${queries[0]}`, headers: this.readPrefer() });
			for (const row of (body?.value ?? []) as IDataObject[]) out.push(toRecord(table, row));
			return out;
		}
		for (let i = 0; i < queries.length; i += MAX_BATCH_REQUESTS) {
			const responses = await this.batch(
				queries.slice(i, i + MAX_BATCH_REQUESTS).map((q) => ({ method: 'GET', url: `${table.entitySet}?${q}`, headers: this.readPrefer() as Record<string, string> })),
				{ changeSet: false, idempotent: true },
			);
			for (const r of responses) {
				if (r.status !== 200) throw new Error(`Dataverse refused a read of ${entitySet}: ${errorText(r.body, r.status)}`);
				for (const row of (r.body?.value ?? []) as IDataObject[]) out.push(toRecord(table, row));
			}
		}
		return out;
	}

	/** Rows by id; ids that no longer exist are left out. */
	async *getMany(entitySet: string, ids: string[], properties?: string[]): AsyncGenerator<CrmRecord> {
		const table = await this.table(entitySet);
		const wanted = ids.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
		yield* await this.readMany(entitySet, table.primaryId, wanted, properties);
	}

	/**
	 * A FetchXML query (`GET <set>?fetchXml=…`, fetchxml/retrieve-data and
	 * webapi/use-fetchxml-web-api): the entity set must be the fetch's entity.
	 * Pages of `count` rows follow `@Microsoft.Dynamics.CRM.morerecords` with the
	 * paging cookie written back into the fetch (`paging-cookie`, `page`).
	 */
	async *fetchXml(entitySet: string, fetch: string, options: { limit?: number; itemIndex?: number } = {}): AsyncGenerator<CrmRecord> {
		const table = await this.table(entitySet);
		let left = options.limit ?? Infinity;
		let page = 1;
		let xml = fetch;
		for (;;) {
			const { body } = await this.request<IDataObject>({ method: 'GET', path: `/${table.entitySet}`, qs: { fetchXml: xml }, headers: this.readPrefer(), itemIndex: options.itemIndex });
			for (const row of (body?.value ?? []) as IDataObject[]) {
				if (left-- <= 0) return;
				yield toRecord(table, row);
			}
			if (body?.['@Microsoft.Dynamics.CRM.morerecords'] !== true || /<fetch\b[^>]*\btop=/.test(fetch)) return;
			page++;
			const cookie = String(body['@Microsoft.Dynamics.CRM.fetchxmlpagingcookie'] ?? '');
			const pagingCookie = /pagingcookie="([^"]*)"/.exec(cookie)?.[1];
			const decoded = pagingCookie ? decodeURIComponent(decodeURIComponent(pagingCookie)) : '';
			const escaped = decoded.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
			xml = fetch.replace(/<fetch\b([^>]*)>/, (_m, attrs: string) => {
				const rest = attrs.replace(/\s(page|paging-cookie)="[^"]*"/g, '');
				return `<fetch${rest} page="${page}"${escaped ? ` paging-cookie="${escaped}"` : ''}>`;
			});
		}
	}

	// ---- $batch ------------------------------------------------------------

	/** One `$batch` call; the responses in request order (change sets opened). */
	async batch(requests: BatchRequest[], options: { changeSet: boolean; idempotent?: boolean; itemIndex?: number }): Promise<BatchResponse[]> {
		const seed = ++this.batchCount + requests.length;
		const batchBoundary = boundary('batch', seed);
		const body = buildBatch(this.rootPath, requests, { changeSet: options.changeSet, batchBoundary, changeSetBoundary: boundary('changeset', seed + 1) });
		const res = await this.request<string>({
			method: 'POST',
			path: '/$batch',
			body,
			// Without a change set each request is its own transaction; continue-on-error lets every one run.
			headers: options.changeSet ? {} : { Prefer: 'odata.continue-on-error' },
			text: { contentType: `multipart/mixed; boundary=${batchBoundary}`, accept: 'application/json' },
			idempotent: options.idempotent ?? false,
			acceptStatuses: [400],
			itemIndex: options.itemIndex,
		});
		const contentType = String(res.headers['content-type'] ?? res.headers['Content-Type'] ?? '');
		if (!/multipart\/mixed/i.test(contentType)) {
			let parsed: unknown = res.body;
			try {
				parsed = JSON.parse(String(res.body));
			} catch {
				// not JSON either: the text is the message
			}
			throw new Error(`Dataverse refused the batch: ${errorText(parsed, res.statusCode)}`);
		}
		return parseBatchResponse(contentType, String(res.body ?? ''));
	}

	/**
	 * Writes as a `$batch`: each request its own transaction (`changeSet` false:
	 * the good ones are written, each failure reported in place) or one change
	 * set (all or nothing: the failing request is named by its Content-ID, the
	 * others reported rolled back). `read(response, index)` makes the success outcome.
	 */
	private async batchWrite(
		requests: BatchRequest[],
		changeSet: boolean,
		idempotent: boolean,
		read: (response: BatchResponse, index: number) => Promise<RecordOutcome> | RecordOutcome,
	): Promise<RecordOutcome[]> {
		if (!changeSet && requests.length < BULK_FROM) {
			return this.each(requests, async (request, index) => {
				const r = await this.single(request, idempotent);
				return r.status >= 400 ? failedRecord(index, r.status, r.body) : await read(r, index);
			});
		}
		let responses: BatchResponse[];
		try {
			responses = await this.batch(requests, { changeSet, idempotent });
		} catch (error) {
			const message = (error as Error).message;
			return requests.map((_r, index) => ({ index, ok: false, message }));
		}
		if (changeSet) {
			const failed = responses.find((r) => r.status >= 400);
			if (failed) {
				const at = Number(failed.contentId) - 1;
				const known = Number.isInteger(at) && at >= 0 && at < requests.length;
				return requests.map((_r, index) =>
					known && index === at
						? failedRecord(index, failed.status, failed.body)
						: { index, ok: false, message: known ? `Not written: record ${at} of the same all-or-nothing batch failed (${errorText(failed.body, failed.status)})` : errorText(failed.body, failed.status), rolledBack: known },
				);
			}
		}
		const out: RecordOutcome[] = [];
		for (let index = 0; index < requests.length; index++) {
			const r = changeSet ? (responses.find((x) => Number(x.contentId) === index + 1) ?? responses[index]) : responses[index];
			if (!r) out.push({ index, ok: false, message: 'Dataverse answered the batch without a response for this record' });
			else if (r.status >= 400) out.push(failedRecord(index, r.status, r.body));
			else out.push(await read(r, index));
		}
		return out;
	}

	/** One write request on its own (what a `$batch` part would have carried), its refusal returned, not thrown. */
	private async single(request: BatchRequest, idempotent: boolean): Promise<BatchResponse> {
		const res = await this.request<IDataObject>({
			method: request.method,
			path: `/${request.url}`,
			body: request.body,
			headers: request.headers,
			idempotent,
			acceptStatuses: [400, 404, 409, 412, 413],
		});
		const headers: Record<string, string> = {};
		for (const [k, v] of Object.entries(res.headers ?? {})) headers[k.toLowerCase()] = String(v);
		return { status: res.statusCode, headers, body: res.body && typeof res.body === 'object' ? res.body : undefined };
	}

	/**
	 * A bulk action (`POST <set>/Microsoft.Dynamics.CRM.<action>` with `Targets`,
	 * each carrying `@odata.type`). On a standard table it is one transaction:
	 * Microsoft documents no per-record result for a failure, so a refused call
	 * (4xx) means nothing was written. Undefined: the table has no such message
	 * (404 on the action segment: remembered, `$batch` from then on).
	 */
	private async bulkAction(table: TableSpec, action: BulkAction, targets: IDataObject[]): Promise<{ ok: true; body: IDataObject } | { ok: false; status: number; body: unknown } | undefined> {
		if (this.noBulk.has(table.entitySet)) return undefined;
		const res = await this.request<IDataObject>({
			method: 'POST',
			path: `/${table.entitySet}/Microsoft.Dynamics.CRM.${action}`,
			body: { Targets: targets.map((t) => ({ '@odata.type': `Microsoft.Dynamics.CRM.${table.logicalName}`, ...t })) },
			headers: this.writeHeaders(),
			// A create that may have been processed is never sent again; updates and upserts set the same values twice harmlessly.
			idempotent: action !== 'CreateMultiple',
			acceptStatuses: [400, 404, 409, 412, 413],
		});
		if (res.statusCode === 404 && /Microsoft\.Dynamics\.CRM\.\w+Multiple|segment/i.test(errorText(res.body))) {
			this.noBulk.add(table.entitySet);
			return undefined;
		}
		if (res.statusCode >= 400) return { ok: false, status: res.statusCode, body: res.body };
		return { ok: true, body: res.body ?? {} };
	}

	private writeHeaders(extra: IDataObject = {}): IDataObject {
		return { ...(this.options.writeHeaders ?? {}), ...extra };
	}

	private partHeaders(extra: Record<string, string> = {}): Record<string, string> {
		const out: Record<string, string> = {};
		for (const [k, v] of Object.entries(this.options.writeHeaders ?? {})) out[k] = String(v);
		return { ...out, ...extra };
	}

	private allOrNone(options?: WriteOptions): boolean {
		return options?.allOrNone ?? this.options.allOrNone ?? false;
	}

	private async chunked(inputs: unknown[], write: (start: number, end: number) => Promise<RecordOutcome[]>): Promise<RecordOutcome[]> {
		const out: RecordOutcome[] = [];
		for (let i = 0; i < inputs.length; i += this.batchSize) {
			const outcomes = await write(i, Math.min(inputs.length, i + this.batchSize));
			out.push(...outcomes.map((o) => ({ ...o, index: o.index + i })));
		}
		return out;
	}

	/** Every input failed the same way (a call that may or may not have been processed, or was refused as a whole). */
	private allFailed(count: number, error: unknown): RecordOutcome[] {
		const e = error as { message?: unknown; httpCode?: unknown };
		const message = typeof e?.message === 'string' ? e.message : String(error);
		const status = Number(e?.httpCode);
		return Array.from({ length: count }, (_v, index) => ({ index, ok: false as const, message, status: Number.isFinite(status) && status > 0 ? status : undefined }));
	}

	// ---- writes ------------------------------------------------------------

	/**
	 * Creates: all or nothing → one change set per batch; otherwise
	 * `CreateMultiple` per batch (rows read back by the returned `Ids`), and
	 * when Dataverse refuses it (one bad record fails the whole call, nothing
	 * written) a `$batch` of single creates, so the good records are written and
	 * each bad one is reported in place.
	 */
	async createMany(entitySet: string, given: IDataObject[], options?: WriteOptions): Promise<RecordOutcome[]> {
		const table = await this.table(entitySet);
		const inputs = given.map((p) => bindsForTable(table.logicalName, p));
		const single = (input: IDataObject): BatchRequest => ({ method: 'POST', url: table.entitySet, body: input, headers: this.partHeaders({ Prefer: 'return=representation' }) });
		const fromResponse = (r: BatchResponse, index: number): RecordOutcome => {
			const record = r.body && Object.keys(r.body).length ? toRecord(table, r.body) : { id: idOfEntityId(r.headers['odata-entityid']) ?? '', objectType: table.entitySet, properties: inputs[index], raw: {} };
			return { index, ok: true, record, created: true };
		};
		return this.chunked(inputs, async (start, end) => {
			const chunk = inputs.slice(start, end);
			if (this.allOrNone(options)) return this.batchWrite(chunk.map(single), true, false, (r, i) => fromResponse(r, start + i));
			if (chunk.length < BULK_FROM) return this.batchWrite(chunk.map(single), false, false, (r, i) => fromResponse(r, start + i));
			let bulk;
			try {
				bulk = await this.bulkAction(table, 'CreateMultiple', chunk);
			} catch (error) {
				return this.allFailed(chunk.length, error);
			}
			if (bulk?.ok) {
				const ids = ((bulk.body.Ids ?? []) as string[]).map((id) => String(id).toLowerCase());
				const rows = new Map((await this.readMany(entitySet, table.primaryId, ids)).map((r) => [r.id, r]));
				return chunk.map((input, index) => {
					const id = ids[index];
					const record = rows.get(id) ?? { id, objectType: table.entitySet, properties: input, raw: {} };
					return { index, ok: true, record, created: true };
				});
			}
			return this.batchWrite(chunk.map(single), false, false, (r, i) => fromResponse(r, start + i));
		});
	}

	/** Updates: `UpdateMultiple` (each target carries its primary key), else `PATCH` with `If-Match: *` (never creates). */
	async updateMany(entitySet: string, given: Array<{ id: string; properties: IDataObject }>, options?: WriteOptions): Promise<RecordOutcome[]> {
		const table = await this.table(entitySet);
		const inputs = given.map((i) => ({ id: i.id, properties: bindsForTable(table.logicalName, i.properties) }));
		const single = (input: { id: string; properties: IDataObject }): BatchRequest => ({
			method: 'PATCH',
			url: `${table.entitySet}(${input.id})`,
			body: input.properties,
			headers: this.partHeaders({ 'If-Match': '*', Prefer: 'return=representation' }),
		});
		const fromResponse = (r: BatchResponse, index: number, chunk: Array<{ id: string; properties: IDataObject }>): RecordOutcome => ({
			index,
			ok: true,
			record: r.body && Object.keys(r.body).length ? toRecord(table, r.body) : { id: chunk[index].id, objectType: table.entitySet, properties: chunk[index].properties, raw: {} },
			created: false,
		});
		return this.chunked(inputs, async (start, end) => {
			const chunk = inputs.slice(start, end);
			if (this.allOrNone(options)) return this.batchWrite(chunk.map(single), true, true, (r, i) => fromResponse(r, i, chunk));
			if (chunk.length < BULK_FROM) return this.batchWrite(chunk.map(single), false, true, (r, i) => fromResponse(r, i, chunk));
			let bulk;
			try {
				bulk = await this.bulkAction(table, 'UpdateMultiple', chunk.map((c) => ({ ...c.properties, [table.primaryId]: c.id })));
			} catch (error) {
				return this.allFailed(chunk.length, error);
			}
			if (bulk?.ok) {
				const rows = new Map((await this.readMany(entitySet, table.primaryId, chunk.map((c) => c.id))).map((r) => [r.id, r]));
				return chunk.map((c, index) => ({ index, ok: true, record: rows.get(c.id.toLowerCase()) ?? { id: c.id, objectType: table.entitySet, properties: c.properties, raw: {} }, created: false }));
			}
			return this.batchWrite(chunk.map(single), false, true, (r, i) => fromResponse(r, i, chunk));
		});
	}

	/**
	 * Upserts by a key column: the table's primary key or an alternate key
	 * defined on it (`<set>(<column>='value')`, use-alternate-key-reference-record).
	 * The rows already holding the values are read first (created or updated is
	 * not in UpsertMultiple's 204), then `UpsertMultiple` (each target's
	 * `@odata.id` names its row, as in the action's reference page) or, when
	 * refused, single PATCH upserts in a `$batch`; then the rows are read back.
	 * Inputs naming the same value must be merged by the caller.
	 */
	async upsertMany(entitySet: string, idProperty: string, given: Array<{ id: string; properties: IDataObject }>, options?: WriteOptions): Promise<RecordOutcome[]> {
		const table = await this.table(entitySet);
		const inputs = given.map((i) => ({ id: i.id, properties: bindsForTable(table.logicalName, i.properties) }));
		const ref = (input: { id: string }) => `${table.entitySet}(${keySegment(table, idProperty, input.id)})`;
		const norm = (v: unknown) => String(v ?? '').toLowerCase();
		const mode = this.options.upsertMode ?? 'upsert';
		const condition: Record<string, string> = mode === 'createOnly' ? { 'If-None-Match': '*' } : mode === 'updateOnly' ? { 'If-Match': '*' } : {};
		const single = (input: { id: string; properties: IDataObject }): BatchRequest => ({
			method: 'PATCH',
			url: ref(input),
			body: input.properties,
			headers: this.partHeaders({ ...condition, Prefer: 'return=representation' }),
		});
		return this.chunked(inputs, async (start, end) => {
			const chunk = inputs.slice(start, end);
			let before: Map<string, CrmRecord>;
			try {
				before = new Map((await this.readMany(entitySet, idProperty, chunk.map((c) => c.id), [idProperty])).map((r) => [norm(r.properties[idProperty]), r]));
			} catch (error) {
				return this.allFailed(chunk.length, error);
			}
			const created = (c: { id: string }) => !before.has(norm(c.id));
			const readBack = async (indexes: number[]): Promise<Map<string, CrmRecord>> =>
				new Map((await this.readMany(entitySet, idProperty, indexes.map((i) => chunk[i].id))).map((r) => [norm(r.properties[idProperty] ?? r.id), r]));
			const fromBatch = (r: BatchResponse, index: number): RecordOutcome => ({
				index,
				ok: true,
				record: r.body && Object.keys(r.body).length ? toRecord(table, r.body) : { id: idOfEntityId(r.headers['odata-entityid']) ?? '', objectType: table.entitySet, properties: chunk[index].properties, raw: {} },
				created: created(chunk[index]),
			});
			if (this.allOrNone(options)) return this.batchWrite(chunk.map(single), true, true, fromBatch);
			if (chunk.length < BULK_FROM || mode !== 'upsert') return this.batchWrite(chunk.map(single), false, true, fromBatch);
			let bulk;
			try {
				bulk = await this.bulkAction(
					table,
					'UpsertMultiple',
					chunk.map((c) => ({ ...c.properties, '@odata.id': ref(c) })),
				);
			} catch (error) {
				return this.allFailed(chunk.length, error);
			}
			if (bulk?.ok) {
				const rows = await readBack(chunk.map((_c, i) => i));
				return chunk.map((c, index) => {
					const record = rows.get(norm(c.id));
					return record ? { index, ok: true, record, created: created(c) } : { index, ok: false, message: `Dataverse accepted the upsert but no ${table.logicalName} with ${idProperty} ${c.id} could be read back` };
				});
			}
			return this.batchWrite(chunk.map(single), false, true, fromBatch);
		});
	}

	/** Deletes in `$batch` calls; a row already gone answers 404 and is reported failed, in place. */
	async deleteMany(entitySet: string, ids: string[], options?: WriteOptions): Promise<RecordOutcome[]> {
		const table = await this.table(entitySet);
		return this.chunked(ids, (start, end) =>
			this.batchWrite(
				ids.slice(start, end).map((id) => ({ method: 'DELETE', url: `${table.entitySet}(${id})`, headers: this.partHeaders() })),
				this.allOrNone(options),
				true,
				(_r, index) => ({ index, ok: true, record: { id: ids[start + index], objectType: table.entitySet, properties: {}, archived: true, raw: {} } }),
			),
		);
	}

	/** One call per record where a caller needs it (the action node's single writes). */
	async each<T>(values: T[], task: (value: T, index: number) => Promise<RecordOutcome>): Promise<RecordOutcome[]> {
		return runPool(values, this.settings.concurrency, async (value, index) => {
			try {
				return await task(value, index);
			} catch (error) {
				return { ...this.allFailed(1, error)[0], index };
			}
		});
	}

	// ---- relationships, actions, functions ----------------------------------

	/**
	 * Associates `child` with `row` through a navigation property
	 * (webapi/associate-disassociate-entities-using-web-api): a collection-valued
	 * one takes `POST <row>/<nav>/$ref` with `{ "@odata.id": <child URL> }`, a
	 * single-valued one `PUT <row>/<nav>/$ref`.
	 */
	async associate(entitySet: string, id: string, navigation: string, target: { entitySet: string; id: string }, single: boolean, itemIndex?: number): Promise<void> {
		await this.request({
			method: single ? 'PUT' : 'POST',
			path: `/${entitySet}(${enc(id)})/${navigation}/$ref`,
			body: { '@odata.id': `${this.settings.baseUrl}/${target.entitySet}(${target.id})` },
			idempotent: true,
			itemIndex,
		});
	}

	/** `DELETE <row>/<nav>(<child id>)/$ref` (collection-valued) or `DELETE <row>/<nav>/$ref` (single-valued). */
	async disassociate(entitySet: string, id: string, navigation: string, childId: string | undefined, itemIndex?: number): Promise<void> {
		const child = childId ? `(${enc(childId)})` : '';
		await this.request({ method: 'DELETE', path: `/${entitySet}(${enc(id)})/${navigation}${child}/$ref`, itemIndex });
	}

	/**
	 * A custom action (POST, parameters in the body) or function (GET, parameters
	 * as aliases: `name(p=@p)?@p=<literal>`), unbound or bound to a row
	 * (`<set>(<id>)/Microsoft.Dynamics.CRM.<name>`) (webapi/use-web-api-actions, use-web-api-functions).
	 */
	async callOperation(options: { kind: 'action' | 'function'; name: string; parameters: IDataObject; bound?: { entitySet: string; id: string }; itemIndex?: number }): Promise<IDataObject> {
		const prefix = options.bound ? `/${options.bound.entitySet}(${enc(options.bound.id)})/Microsoft.Dynamics.CRM.` : '/';
		if (options.kind === 'action') {
			const res = await this.request<IDataObject>({ method: 'POST', path: `${prefix}${options.name}`, body: options.parameters, itemIndex: options.itemIndex });
			return res.body && typeof res.body === 'object' ? res.body : {};
		}
		const names = Object.keys(options.parameters);
		const qs: IDataObject = {};
		for (const n of names) {
			const v = options.parameters[n];
			qs[`@${n}`] = typeof v === 'string' ? literal(v) : JSON.stringify(v);
		}
		const res = await this.request<IDataObject>({ method: 'GET', path: `${prefix}${options.name}(${names.map((n) => `${n}=@${n}`).join(',')})`, qs: names.length ? qs : undefined, itemIndex: options.itemIndex });
		return res.body && typeof res.body === 'object' ? res.body : {};
	}

	/** `WhoAmI` (webapi/reference/whoami): the caller's UserId, BusinessUnitId, OrganizationId. */
	async whoAmI(): Promise<IDataObject> {
		const { body } = await this.request<IDataObject>({ method: 'GET', path: '/WhoAmI' });
		return body ?? {};
	}

	// ---- fields -------------------------------------------------------------

	/**
	 * A table's columns (`EntityDefinitions(LogicalName='…')/Attributes`) and the
	 * options of its choice columns (`…/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$expand=OptionSet`).
	 */
	async describeFields(entitySet: string): Promise<FieldDescription[]> {
		const table = await this.table(entitySet);
		const path = `/EntityDefinitions(LogicalName='${table.logicalName}')/Attributes`;
		const [{ body: attrs }, { body: picklists }] = await Promise.all([
			this.request<{ value?: IDataObject[] }>({ method: 'GET', path, qs: { $select: 'LogicalName,AttributeType,DisplayName,IsValidForCreate,IsValidForUpdate,IsPrimaryId,RequiredLevel,Targets' } }),
			this.request<{ value?: IDataObject[] }>({ method: 'GET', path: `${path}/Microsoft.Dynamics.CRM.PicklistAttributeMetadata`, qs: { $select: 'LogicalName', $expand: 'OptionSet($select=Options)' } }),
		]);
		const options = new Map(
			(picklists?.value ?? []).map((p) => [
				String(p.LogicalName),
				(((p.OptionSet as IDataObject)?.Options ?? []) as IDataObject[]).map((o) => ({ label: labelOf(o.Label) ?? String(o.Value), value: String(o.Value) })),
			]),
		);
		return (attrs?.value ?? []).map((a) => {
			const name = String(a.LogicalName);
			return {
				name,
				label: labelOf(a.DisplayName) ?? name,
				type: String(a.AttributeType ?? 'String'),
				options: options.get(name),
				readOnly: a.IsValidForCreate !== true && a.IsValidForUpdate !== true,
				unique: a.IsPrimaryId === true,
				required: (a.RequiredLevel as IDataObject | undefined)?.Value === 'SystemRequired' || (a.RequiredLevel as IDataObject | undefined)?.Value === 'ApplicationRequired',
				targets: Array.isArray(a.Targets) ? (a.Targets as string[]) : undefined,
			} as FieldDescription;
		});
	}

	/** The table's lookups: the navigation property of each lookup column per target (`…/ManyToOneRelationships`). */
	async lookups(entitySet: string): Promise<LookupInfo> {
		const table = await this.table(entitySet);
		const [{ body }, tables] = await Promise.all([
			this.request<{ value?: IDataObject[] }>({
				method: 'GET',
				path: `/EntityDefinitions(LogicalName='${table.logicalName}')/ManyToOneRelationships`,
				qs: { $select: 'ReferencingAttribute,ReferencedEntity,ReferencingEntityNavigationPropertyName' },
			}),
			this.listTables(),
		]);
		const navigation = new Map<string, Map<string, string>>();
		for (const r of body?.value ?? []) {
			const column = String(r.ReferencingAttribute);
			if (!navigation.has(column)) navigation.set(column, new Map());
			navigation.get(column)!.set(String(r.ReferencedEntity), String(r.ReferencingEntityNavigationPropertyName));
		}
		const setToLogical = new Map(tables.map((t) => [String(t.EntitySetName), String(t.LogicalName)]));
		return { navigation, setToLogical, logicalToSet: new Map([...setToLogical].map(([k, v]) => [v, k])) };
	}

	/** What write conversion needs (writeValues.ts): the table's columns and its lookups' navigation properties. */
	writeMetadata(entitySet: string): Promise<[FieldDescription[], LookupInfo]> {
		return Promise.all([this.describeFields(entitySet), this.lookups(entitySet)]);
	}

	/** Alternate keys defined on the table (`EntityDefinitions(LogicalName='…')/Keys`). */
	async alternateKeys(entitySet: string): Promise<Array<{ name: string; columns: string[] }>> {
		const table = await this.table(entitySet);
		const { body } = await this.request<{ value?: IDataObject[] }>({ method: 'GET', path: `/EntityDefinitions(LogicalName='${table.logicalName}')/Keys`, qs: { $select: 'SchemaName,KeyAttributes,EntityKeyIndexStatus' } });
		return (body?.value ?? []).map((k) => ({ name: String(k.SchemaName), columns: (k.KeyAttributes ?? []) as string[] }));
	}

	/**
	 * Dataverse has no unique column a neutral field is kept in out of the box
	 * (an alternate key is something each environment defines), so CRM Sync
	 * upserts only by a key the user names in the credential's "Alternate Keys
	 * for CRM Sync" (`contacts:emailaddress1`), and only when that column is the
	 * one the neutral field maps to; `upsertMany` then PATCHes on the key
	 * (`contacts(emailaddress1='a@b.c')`, use-alternate-key-reference-record).
	 * Assumption: the key exists and is active in the environment; if not,
	 * Dataverse refuses the PATCH and each record fails with its message.
	 */
	upsertKey(kind: NeutralType, neutralField: string): string | undefined {
		const set = entitySetOfKind(kind);
		const column = set ? syncKeysOf(this.settings.syncKeys).get(set) : undefined;
		if (!column) return undefined;
		return DYNAMICS_FIELDS[kind].some((m) => m.vendor === column && m.neutral === neutralField) ? column : undefined;
	}

	// ---- CRM-neutral nodes (shared/neutralOps.ts) ---------------------------

	/** Test Connection: `WhoAmI`, then the user's name (`systemusers(<UserId>)?$select=fullname`). */
	async connectionInfo(): Promise<ConnectionInfo> {
		const res = await this.request<IDataObject>({ method: 'GET', path: '/WhoAmI' });
		const who = res.body ?? {};
		let user: IDataObject | undefined;
		if (typeof who.UserId === 'string') {
			const found = await this.request<{ value?: IDataObject[] }>({ method: 'GET', path: '/systemusers', qs: { $select: 'fullname', $filter: `systemuserid eq ${who.UserId}` } });
			user = (found.body?.value ?? []).find((u) => String(u.systemuserid).toLowerCase() === String(who.UserId).toLowerCase());
		}
		return dynamicsConnectionInfo(who, res.headers as IDataObject, user, this.settings.environmentUrl, this.settings.apiVersion);
	}

	/** An exact match or free text as one `$filter` on the kind's table, oldest first. */
	async findNeutral(kind: NeutralType, query: NeutralQuery, options: FindOptions): Promise<CrmRecord[]> {
		const entitySet = entitySetOfKind(kind);
		if (!entitySet) throw new Error(`Dynamics 365 keeps no ${kind} records in this pack`);
		const properties = options.properties ?? mappedFields(kind);
		const out: CrmRecord[] = [];
		for await (const record of this.list(entitySet, { filter: dynamicsMatchFilter(kind, query), properties, limit: options.limit })) out.push(record);
		return out;
	}

	async recordUrl(entitySet: string, id: string): Promise<string | undefined> {
		const table = await this.table(entitySet);
		return dynamicsRecordUrl(this.settings.environmentUrl, table.logicalName, id);
	}

	/** The appointments regarding the contact (`_regardingobjectid_value eq <id>`), newest first. */
	async appointmentsOf(contactId: string, options: FindOptions): Promise<CrmRecord[]> {
		const out: CrmRecord[] = [];
		const filter = `_regardingobjectid_value eq ${literal(contactId)}`;
		const properties = options.properties ?? mappedFields('appointment');
		for await (const record of this.list('appointments', { filter, orderBy: 'scheduledstart desc,createdon desc', properties, limit: options.limit })) out.push(record);
		return out;
	}

	// ---- change tracking ---------------------------------------------------

	/**
	 * Rows deleted since `cursor`, through Dataverse change tracking
	 * (learn.microsoft.com/power-apps/developer/data-platform/use-change-tracking-synchronize-data-external-systems
	 * and the Web API training module "Track entity data changes with change tracking"): a
	 * `GET <set>?$select=<primary key>` with `Prefer: odata.track-changes` returns the rows and,
	 * on its last page, an `@odata.deltaLink`; following that link returns the rows changed
	 * since and `{ "@odata.context": "…$deletedEntity", id, reason: "deleted" }` for each
	 * row deleted since, plus the next deltaLink. The cursor is the deltaLink itself (opaque,
	 * OData 4.0 delta links). Only tables whose `ChangeTrackingEnabled` is true in metadata
	 * take part; others answer undefined and CRM Sync sees their deletions on full reads.
	 * Assumptions: `odata.maxpagesize` pages a tracked query with `@odata.nextLink` like any
	 * other (the deltaLink on the last page, as Microsoft's example shows it on the only
	 * page); a refused (expired) deltaLink answers 4xx, and tracking then starts again.
	 */
	async deletedSince(entitySet: string, cursor: string | undefined): Promise<DeletedSince | undefined> {
		const table = await this.table(entitySet);
		if (!(await this.tracksChanges(table))) return undefined;
		if (cursor) {
			const followed = await this.followDelta(cursor, table);
			if (followed) return { ids: followed.ids, cursor: followed.deltaLink };
			return { ids: [], cursor: (await this.followDelta(undefined, table))!.deltaLink, restarted: true };
		}
		return { ids: [], cursor: (await this.followDelta(undefined, table))!.deltaLink };
	}

	/** Whether the table has change tracking on (`EntityDefinitions(LogicalName='…')?$select=ChangeTrackingEnabled`), once per connector. */
	private async tracksChanges(table: TableSpec): Promise<boolean> {
		if (table.changeTracking !== undefined) return table.changeTracking;
		let known = this.tracking.get(table.logicalName);
		if (!known) {
			known = this.request<IDataObject>({ method: 'GET', path: `/EntityDefinitions(LogicalName='${table.logicalName}')`, qs: { $select: 'ChangeTrackingEnabled' } }).then(
				({ body }) => body?.ChangeTrackingEnabled === true,
			);
			this.tracking.set(table.logicalName, known);
		}
		return await known;
	}

	/**
	 * Pages of a tracked query (a new one, or a deltaLink) up to the next deltaLink; the ids
	 * reported deleted on the way. Undefined when Dataverse refuses the deltaLink itself (400,
	 * 404 or 410: expired or unknown token), so that tracking can start again.
	 */
	private async followDelta(deltaLink: string | undefined, table: TableSpec): Promise<{ ids: string[]; deltaLink: string } | undefined> {
		const ids: string[] = [];
		const headers = { Prefer: `odata.track-changes,odata.maxpagesize=${DYNAMICS_PAGE_SIZE}` };
		let next: string | undefined = deltaLink;
		let first = true;
		for (;;) {
			const res = await this.request<IDataObject>(
				next === undefined
					? { method: 'GET', path: `/${table.entitySet}`, qs: { $select: table.primaryId }, headers, idempotent: true }
					: { method: 'GET', path: next, headers, idempotent: true, acceptStatuses: first && deltaLink ? [400, 404, 410] : undefined },
			);
			if (res.statusCode >= 400) return undefined;
			first = false;
			const body = res.body;
			for (const row of (body?.value ?? []) as IDataObject[]) {
				const context = String(row['@odata.context'] ?? '');
				if (context.endsWith('$deletedEntity') && (row.reason === undefined || row.reason === 'deleted') && typeof row.id === 'string') ids.push(row.id.toLowerCase());
			}
			if (typeof body?.['@odata.nextLink'] === 'string') {
				next = body['@odata.nextLink'] as string;
				continue;
			}
			if (typeof body?.['@odata.deltaLink'] !== 'string') throw new Error(`Dataverse answered a change-tracking read of ${table.entitySet} without an @odata.deltaLink`);
			return { ids, deltaLink: body['@odata.deltaLink'] as string };
		}
	}

	// ---- neutral model -----------------------------------------------------

	toNeutral(type: NeutralType, record: CrmRecord): IDataObject {
		return dynamicsToNeutral(type, record);
	}

	fromNeutral(type: NeutralType, neutral: IDataObject): IDataObject {
		return neutralToDynamics(type, neutral);
	}
}

/** A metadata label's text in the user's language (`UserLocalizedLabel.Label`). */
export function labelOf(label: unknown): string | undefined {
	const l = label as { UserLocalizedLabel?: { Label?: unknown } } | undefined;
	return typeof l?.UserLocalizedLabel?.Label === 'string' ? l.UserLocalizedLabel.Label : undefined;
}
