import type { IDataObject } from 'n8n-workflow';
import { runPool } from '../../../shared/batching/pool';
import type { ConnectionInfo, FindOptions, NeutralQuery } from '../../../shared/neutralOps';
import type { ChangedSince, CrmConnector, CrmRecord, FieldDescription, ListOptions, NeutralType, RateBudget, RecordOutcome, RequestContext } from '../../../shared/types';
import { zohoRequest, type ZohoCall, type ZohoSettings } from '../transport/zohoApi';
import { COQL_IN_VALUES, COQL_LIMIT, COQL_OFFSET_REACH, coqlId, keysetQuery } from './coql';
import { mappedFields, neutralToZoho, zohoToNeutral } from './mapping';
import { SEARCH_MODULE, zohoConnectionInfo, zohoMatch, zohoRateBudget } from './neutral';
import { MODULES, moduleSpec } from './objectTypes';
import { dataOf, toRecord, writeOutcomes, type WriteKind } from './records';

/** Zoho's largest page (`per_page`). */
export const ZOHO_PAGE_SIZE = 200;
/** Records `page`/`per_page` reach; past them Zoho answers only to `page_token`. */
export const ZOHO_PAGE_REACH = 2000;
/** Fields one call may name (`fields`, COQL select). */
export const ZOHO_MAX_FIELDS = 50;
/** Records one insert/update/upsert/delete call takes. */
export const ZOHO_WRITE_CHUNK = 100;
/** Ids one `GET /{module}?ids=` names. */
export const ZOHO_IDS_PER_GET = 100;

const enc = encodeURIComponent;

/** A Zoho field as `GET /settings/fields?module=` describes it. */
export interface ZohoField extends FieldDescription {
	mandatory: boolean;
	/** Lookup target module, for lookups. */
	lookupModule?: string;
	length?: number;
	custom?: boolean;
}

export interface ZohoConnectorOptions {
	/** Send `trigger: []` on writes, so Zoho runs no workflow rules, approvals or blueprints for them (Zoho's insert/update/upsert docs). */
	skipWorkflowRules?: boolean;
}

/** Zoho's date-time for `If-Modified-Since` (ISO 8601 with offset, whole seconds). */
function zohoStamp(ms: number): string {
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function chunk<T>(list: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}

export class ZohoConnector implements CrmConnector {
	readonly vendor = 'zoho';

	readonly maxBatchSize = ZOHO_WRITE_CHUNK;

	private readonly fieldCache = new Map<string, Promise<ZohoField[]>>();

	constructor(
		private readonly ctx: RequestContext,
		readonly settings: ZohoSettings,
		readonly options: ZohoConnectorOptions = {},
	) {}

	request<T = IDataObject>(call: ZohoCall) {
		return zohoRequest<T>(this.ctx, this.settings, call);
	}

	// ---- fields ------------------------------------------------------------

	/** The fields a listing names when the caller names none: the module's usual ones and the neutral kind's. */
	defaultFields(module: string): string[] {
		const spec = moduleSpec(module);
		const primary = MODULES[module] && Object.values(MODULES).find((m) => m.neutral === spec.neutral)?.module === module;
		return [...new Set([...spec.defaultFields, ...(primary ? mappedFields(spec.neutral) : [])])];
	}

	/** The module's fields from Zoho's metadata (once per connector). */
	fields(module: string): Promise<ZohoField[]> {
		let cached = this.fieldCache.get(module);
		if (!cached) {
			cached = this.request<{ fields?: IDataObject[] }>({ method: 'GET', path: '/settings/fields', qs: { module } }).then(({ body }) =>
				(body?.fields ?? []).map((f) => {
					const picks = Array.isArray(f.pick_list_values) ? (f.pick_list_values as IDataObject[]) : [];
					const lookup = (f.lookup ?? {}) as IDataObject;
					return {
						name: String(f.api_name),
						label: String(f.display_label ?? f.field_label ?? f.api_name),
						type: String(f.data_type ?? 'text'),
						options: picks.length ? picks.map((p) => ({ label: String(p.display_value ?? p.actual_value), value: String(p.actual_value ?? p.display_value) })) : undefined,
						readOnly: f.read_only === true || f.field_read_only === true,
						unique: Boolean(f.unique && typeof f.unique === 'object' && Object.keys(f.unique as IDataObject).length) || f.unique === true,
						mandatory: f.system_mandatory === true,
						lookupModule: ((lookup.module ?? {}) as IDataObject).api_name as string | undefined,
						length: typeof f.length === 'number' ? f.length : undefined,
						custom: f.custom_field === true,
					} satisfies ZohoField;
				}),
			);
			this.fieldCache.set(module, cached);
			cached.catch(() => this.fieldCache.delete(module));
		}
		return cached;
	}

	async describeFields(objectType: string): Promise<FieldDescription[]> {
		return await this.fields(objectType);
	}

	/** Every field of the module by API name (the "all fields" choice of the nodes). */
	async allFieldNames(module: string): Promise<string[]> {
		return (await this.fields(module)).map((f) => f.name).filter((n) => n !== 'id');
	}

	// ---- reads -------------------------------------------------------------

	/**
	 * One listing call per page: `page`/`per_page` (one `per_page` for every
	 * page) while the next page stays within the first 2,000 records, then
	 * `page_token` from the previous answer's `info.next_page_token`. More than
	 * 50 fields: the first 50 drive the paging and each further 50 are read for
	 * the page's ids (`?ids=`, 100 a call) and merged by id.
	 */
	private async *pages(
		module: string,
		fields: string[],
		options: { limit?: number; qs?: IDataObject; headers?: IDataObject; itemIndex?: number; path?: string },
	): AsyncGenerator<CrmRecord> {
		const [first, ...rest] = chunk(fields.length ? fields : ['id'], ZOHO_MAX_FIELDS);
		const perPage = Math.max(1, Math.min(ZOHO_PAGE_SIZE, options.limit ?? ZOHO_PAGE_SIZE));
		let left = options.limit ?? Infinity;
		let page = 1;
		let token: string | undefined;
		while (left > 0) {
			const qs: IDataObject = { ...(options.qs ?? {}), fields: first.join(','), per_page: perPage };
			if (token) qs.page_token = token;
			else qs.page = page;
			const { statusCode, body } = await this.request<IDataObject>({
				method: 'GET',
				path: options.path ?? `/${enc(module)}`,
				qs,
				headers: options.headers,
				acceptStatuses: [204, 304],
				itemIndex: options.itemIndex,
			});
			if (statusCode === 204 || statusCode === 304) return;
			let rows = dataOf(body);
			if (rest.length && rows.length) rows = await this.mergeFields(module, rows, rest, options.itemIndex);
			for (const row of rows) {
				if (left-- <= 0) return;
				yield toRecord(module, row);
			}
			const info = (body?.info ?? {}) as IDataObject;
			if (info.more_records !== true || !rows.length) return;
			if ((page + 1) * perPage <= ZOHO_PAGE_REACH && !token) page++;
			else if (typeof info.next_page_token === 'string' && info.next_page_token) token = info.next_page_token;
			else return;
		}
	}

	/** The further field chunks of these rows, read by id and merged in. */
	private async mergeFields(module: string, rows: IDataObject[], chunks: string[][], itemIndex?: number): Promise<IDataObject[]> {
		const byId = new Map(rows.map((r) => [String(r.id), { ...r }]));
		for (const fields of chunks) {
			for (const ids of chunk([...byId.keys()], ZOHO_IDS_PER_GET)) {
				const { body, statusCode } = await this.request<IDataObject>({
					method: 'GET',
					path: `/${enc(module)}`,
					qs: { ids: ids.join(','), fields: fields.join(',') },
					acceptStatuses: [204],
					itemIndex,
				});
				if (statusCode === 204) continue;
				for (const r of dataOf(body)) Object.assign(byId.get(String(r.id)) ?? {}, r);
			}
		}
		return [...byId.values()];
	}

	list(objectType: string, options: ListOptions & { sortBy?: string; sortOrder?: 'asc' | 'desc'; itemIndex?: number; converted?: boolean } = {}): AsyncIterable<CrmRecord> {
		const qs: IDataObject = { sort_by: options.sortBy ?? 'id', sort_order: options.sortOrder ?? 'asc' };
		if (options.converted) qs.converted = 'both';
		return this.pages(objectType, options.properties?.length ? options.properties : this.defaultFields(objectType), { limit: options.limit, qs, itemIndex: options.itemIndex });
	}

	/**
	 * Records modified at or after `since`, oldest first: `sort_by=Modified_Time`
	 * with `If-Modified-Since` one second before `since` (Zoho's times have whole
	 * seconds and the header may mean "after"), the records before `since`
	 * dropped here.
	 */
	async *listChanged(objectType: string, options: ChangedSince & { itemIndex?: number } = {}): AsyncGenerator<CrmRecord> {
		const since = options.since ? Date.parse(options.since) : undefined;
		const headers = since !== undefined && Number.isFinite(since) ? { 'If-Modified-Since': zohoStamp(since - 1000) } : undefined;
		const fields = options.properties?.length ? options.properties : this.defaultFields(objectType);
		let left = options.limit ?? Infinity;
		for await (const record of this.pages(objectType, fields.includes('Modified_Time') ? fields : [...fields, 'Modified_Time'], {
			qs: { sort_by: 'Modified_Time', sort_order: 'asc' },
			headers,
			itemIndex: options.itemIndex,
		})) {
			if (since !== undefined && record.updatedAt && Date.parse(record.updatedAt) < since) continue;
			if (left-- <= 0) return;
			yield record;
		}
	}

	/** One record; fields default to every field Zoho returns. */
	async get(objectType: string, id: string, properties?: string[]): Promise<CrmRecord> {
		const { statusCode, body } = await this.request<IDataObject>({
			method: 'GET',
			path: `/${enc(objectType)}/${enc(id)}`,
			qs: properties?.length ? { fields: properties.slice(0, ZOHO_MAX_FIELDS).join(',') } : undefined,
			acceptStatuses: [204],
		});
		const row = statusCode === 204 ? undefined : dataOf(body)[0];
		if (!row) throw Object.assign(new Error(`Zoho CRM has no ${moduleSpec(objectType).module} record with id ${id}`), { httpCode: '404' });
		let merged = row;
		if (properties && properties.length > ZOHO_MAX_FIELDS) [merged] = await this.mergeFields(objectType, [row], chunk(properties.slice(ZOHO_MAX_FIELDS), ZOHO_MAX_FIELDS));
		return toRecord(objectType, merged);
	}

	/**
	 * Records by id: COQL `id in (…)`, 50 ids a query (Zoho's `in` limit), each
	 * further 50 fields another query merged by id; Notes (not a COQL module,
	 * assumption) by `GET ?ids=`. Ids that no longer exist are left out.
	 */
	async *getMany(objectType: string, ids: string[], properties?: string[]): AsyncGenerator<CrmRecord> {
		const fields = properties?.length ? properties : this.defaultFields(objectType);
		const clean = [...new Set(ids.map(String).filter((id) => /^\d+$/.test(id)))];
		if (objectType === 'Notes') {
			for (const part of chunk(clean, ZOHO_IDS_PER_GET)) {
				const [first, ...rest] = chunk(fields, ZOHO_MAX_FIELDS);
				const { statusCode, body } = await this.request<IDataObject>({ method: 'GET', path: `/${enc(objectType)}`, qs: { ids: part.join(','), fields: first.join(',') }, acceptStatuses: [204] });
				if (statusCode === 204) continue;
				let rows = dataOf(body);
				if (rest.length) rows = await this.mergeFields(objectType, rows, rest);
				for (const row of rows) yield toRecord(objectType, row);
			}
			return;
		}
		for (const part of chunk(clean, COQL_IN_VALUES)) {
			const byId = new Map<string, IDataObject>();
			for (const select of chunk(fields.filter((f) => f !== 'id'), ZOHO_MAX_FIELDS)) {
				const rows = await this.coql(keysetQuery(select, objectType, `id in (${part.map(coqlId).join(', ')})`, COQL_LIMIT, { offset: 0 }));
				for (const r of rows.data) byId.set(String(r.id), { ...(byId.get(String(r.id)) ?? {}), ...r });
			}
			for (const row of byId.values()) yield toRecord(objectType, row);
		}
	}

	// ---- search and COQL ---------------------------------------------------

	/**
	 * `GET /{module}/search` by `criteria` (`(Field:operator:value)` joined by
	 * and/or), `email`, `phone` or `word`; page by page (search reaches 2,000
	 * records through `page`, assumption).
	 */
	search(module: string, by: { criteria?: string; email?: string; phone?: string; word?: string }, options: { fields?: string[]; limit?: number; itemIndex?: number } = {}): AsyncIterable<CrmRecord> {
		const qs: IDataObject = {};
		for (const [k, v] of Object.entries(by)) if (v !== undefined && v !== '') qs[k] = v;
		return this.pages(module, options.fields?.length ? options.fields : this.defaultFields(module), { limit: Math.min(options.limit ?? ZOHO_PAGE_REACH, ZOHO_PAGE_REACH), qs, itemIndex: options.itemIndex, path: `/${enc(module)}/search` });
	}

	/** One COQL query as written (`POST /coql`): its rows and whether more match. */
	async coql(query: string, itemIndex?: number): Promise<{ data: IDataObject[]; more: boolean }> {
		const { statusCode, body } = await this.request<IDataObject>({ method: 'POST', path: '/coql', body: { select_query: query }, acceptStatuses: [204], idempotent: true, itemIndex });
		if (statusCode === 204) return { data: [], more: false };
		return { data: dataOf(body), more: ((body?.info ?? {}) as IDataObject).more_records === true };
	}

	/**
	 * Every row of `select fields from module where …`, ordered by id: LIMIT/OFFSET
	 * pages of 2,000 within the first 100,000 rows, then a keyset on `id` (Zoho's
	 * COQL limits).
	 */
	async *coqlAll(module: string, fields: string[], where: string | undefined, options: { limit?: number; itemIndex?: number } = {}): AsyncGenerator<IDataObject> {
		let left = options.limit ?? Infinity;
		let offset = 0;
		let afterId: string | undefined;
		let keyset = false;
		const select = fields.filter((f) => f !== 'id');
		const columns = select.length ? select : ['Created_Time'];
		for (;;) {
			const size = Math.max(1, Math.min(COQL_LIMIT, left));
			// OFFSET reaches the first 100,000 rows; from there on, rows after the last id read.
			if (!keyset && afterId !== undefined && offset + size > COQL_OFFSET_REACH) keyset = true;
			const query = keyset ? keysetQuery(columns, module, where, size, { afterId: afterId as string }) : keysetQuery(columns, module, where, size, { offset });
			const { data, more } = await this.coql(query, options.itemIndex);
			for (const row of data) {
				if (left-- <= 0) return;
				yield row;
			}
			if (!more || !data.length || left <= 0) return;
			afterId = String(data[data.length - 1].id);
			if (!keyset) offset += data.length;
		}
	}

	/** Deleted records (`GET /{module}/deleted?type=`), newest first as Zoho lists them; `since` through If-Modified-Since. */
	async *deleted(module: string, options: { type?: 'all' | 'recycle' | 'permanent'; since?: string; limit?: number; itemIndex?: number } = {}): AsyncGenerator<IDataObject> {
		const since = options.since ? Date.parse(options.since) : undefined;
		const headers = since !== undefined && Number.isFinite(since) ? { 'If-Modified-Since': zohoStamp(since - 1000) } : undefined;
		let left = options.limit ?? Infinity;
		for (let page = 1; left > 0; page++) {
			const { statusCode, body } = await this.request<IDataObject>({
				method: 'GET',
				path: `/${enc(module)}/deleted`,
				qs: { type: options.type ?? 'all', page, per_page: ZOHO_PAGE_SIZE },
				headers,
				acceptStatuses: [204, 304],
				itemIndex: options.itemIndex,
			});
			if (statusCode === 204 || statusCode === 304) return;
			const rows = dataOf(body);
			for (const row of rows) {
				if (since !== undefined && Date.parse(String(row.deleted_time)) < since) continue;
				if (left-- <= 0) return;
				yield row;
			}
			if (((body?.info ?? {}) as IDataObject).more_records !== true || !rows.length) return;
		}
	}

	// ---- writes ------------------------------------------------------------

	private writeBody(data: IDataObject[], extra: IDataObject = {}): IDataObject {
		return { data, ...extra, ...(this.options.skipWorkflowRules ? { trigger: [] } : {}) };
	}

	/** Chunks of 100, `concurrency` calls in flight (the edition's limit), outcomes back in input order. */
	private async writeChunks(
		module: string,
		kind: WriteKind,
		bodies: IDataObject[],
		send: (data: IDataObject[]) => ZohoCall,
	): Promise<RecordOutcome[]> {
		const parts = chunk(
			bodies.map((body, index) => ({ index, body })),
			ZOHO_WRITE_CHUNK,
		);
		const results = await runPool(parts, this.settings.concurrency, async (part) => {
			try {
				const { statusCode, body } = await this.request<IDataObject>({ ...send(part.map((p) => p.body)), acceptStatuses: [207, 400] });
				return writeOutcomes(module, kind, part, statusCode, body);
			} catch (error) {
				const e = error as { message?: string; httpCode?: string };
				const status = Number(e.httpCode);
				return part.map(({ index }): RecordOutcome => ({ index, ok: false, message: e.message ?? String(error), status: Number.isFinite(status) && status > 0 ? status : undefined }));
			}
		});
		return results.flat();
	}

	/** Inserts; never sent twice after an answer that may hide a write (shared transport: a POST is retried only on 429 or a refused connection). */
	createMany(objectType: string, inputs: IDataObject[]): Promise<RecordOutcome[]> {
		return this.writeChunks(objectType, 'create', inputs, (data) => ({ method: 'POST', path: `/${enc(objectType)}`, body: this.writeBody(data) }));
	}

	updateMany(objectType: string, inputs: Array<{ id: string; properties: IDataObject }>): Promise<RecordOutcome[]> {
		return this.writeChunks(
			objectType,
			'update',
			inputs.map((i) => ({ ...i.properties, id: String(i.id) })),
			(data) => ({ method: 'PUT', path: `/${enc(objectType)}`, body: this.writeBody(data), idempotent: true }),
		);
	}

	/**
	 * Upserts matched by `duplicate_check_fields` (`idProperty`, and more when
	 * comma-separated); each input's key value is its `id`. Idempotent: sent
	 * again after a dropped answer, it matches what the first one wrote.
	 */
	upsertMany(objectType: string, idProperty: string, inputs: Array<{ id: string; properties: IDataObject }>): Promise<RecordOutcome[]> {
		const keys = idProperty
			.split(',')
			.map((k) => k.trim())
			.filter(Boolean);
		return this.writeChunks(
			objectType,
			'upsert',
			inputs.map((i) => (keys.length === 1 && i.properties[keys[0]] === undefined && i.id ? { ...i.properties, [keys[0]]: i.id } : { ...i.properties })),
			(data) => ({ method: 'POST', path: `/${enc(objectType)}/upsert`, body: this.writeBody(data, { duplicate_check_fields: keys }), idempotent: true }),
		);
	}

	async deleteMany(objectType: string, ids: string[]): Promise<RecordOutcome[]> {
		const outcomes = await this.writeChunks(
			objectType,
			'delete',
			ids.map((id) => ({ id: String(id) })),
			(data) => ({ method: 'DELETE', path: `/${enc(objectType)}`, qs: { ids: data.map((d) => d.id).join(','), ...(this.options.skipWorkflowRules ? { wf_trigger: 'false' } : {}) } }),
		);
		// A delete names no record but its id.
		return outcomes.map((o) => (o.ok ? { ...o, record: { ...o.record, properties: { id: o.record.id } } } : o));
	}

	/** `POST /Leads/{id}/actions/convert` (crm-oas v8.0 convert_lead.json): the ids of the contact, account and deal it made. */
	async convertLead(leadId: string, options: IDataObject = {}, itemIndex?: number): Promise<IDataObject> {
		const { body } = await this.request<IDataObject>({ method: 'POST', path: `/Leads/${enc(leadId)}/actions/convert`, body: { data: [options] }, itemIndex });
		const entry = dataOf(body)[0] ?? {};
		const details = (entry.details ?? {}) as IDataObject;
		const idOf = (v: unknown) => ((v as IDataObject | null)?.id === undefined ? null : String((v as IDataObject).id));
		return { leadId, contactId: idOf(details.Contacts), accountId: idOf(details.Accounts), dealId: idOf(details.Deals) };
	}

	// ---- the CRM-neutral nodes (./neutral.ts) ------------------------------

	/** Test Connection: `GET /users?type=CurrentUser` (the user the token acts as), with the credits Zoho reported on it. */
	async connectionInfo(): Promise<ConnectionInfo> {
		const { body } = await this.request<IDataObject>({ method: 'GET', path: '/users', qs: { type: 'CurrentUser' } });
		return zohoConnectionInfo(body, this.settings);
	}

	/**
	 * An exact match through Zoho's search (`email`, `phone`, `criteria` equals), each
	 * answer checked again here; a company's domain through COQL; free text through the
	 * `word` search. Leads, contacts, accounts and deals only (what `/search` serves).
	 */
	async findNeutral(kind: NeutralType, query: NeutralQuery, options: FindOptions): Promise<CrmRecord[]> {
		const module = SEARCH_MODULE[kind];
		if (!module) throw new Error(`Zoho CRM's search covers leads, contacts, accounts and deals, not ${kind} records`);
		const limit = Math.max(1, Math.floor(options.limit));
		const fields = options.properties?.length ? options.properties : this.defaultFields(module);
		const out: CrmRecord[] = [];
		if ('text' in query) {
			for await (const record of this.search(module, { word: query.text }, { fields, limit })) out.push(record);
			return out;
		}
		const match = zohoMatch(kind, module, query);
		const found: AsyncIterable<CrmRecord> = match.search
			? this.search(module, match.search, { fields, limit: Math.max(limit, 10) })
			: (async function* (self: ZohoConnector) {
					for await (const row of self.coqlAll(module, fields.slice(0, ZOHO_MAX_FIELDS), match.coqlWhere, { limit: 200 })) yield toRecord(module, row);
				})(this);
		for await (const record of found) {
			if (!match.keep(record)) continue;
			out.push(record);
			if (out.length >= limit) break;
		}
		return out;
	}

	/**
	 * The events whose `Who_Id` (Contact Name) is the contact: COQL on Events, a lookup
	 * compared with the record's id (v8 COQL overview: lookups take `=` with an id).
	 */
	async appointmentsOf(contactId: string, options: FindOptions): Promise<CrmRecord[]> {
		const wanted = options.properties?.length ? options.properties : this.defaultFields('Events');
		// COQL selects fields only (no `$` meta keys such as $se_module), 50 at most.
		const fields = [...new Set(wanted.filter((f) => f !== 'id' && !f.startsWith('$')))].slice(0, ZOHO_MAX_FIELDS);
		const out: CrmRecord[] = [];
		for await (const row of this.coqlAll('Events', fields, `Who_Id = ${coqlId(String(contactId))}`, { limit: Math.max(1, Math.floor(options.limit)) })) out.push(toRecord('Events', row));
		return out;
	}

	/** The credits Zoho reported left after this connector's last call (CRM Sync's Summary); undefined when Zoho sent none. */
	rateBudget(): RateBudget | undefined {
		return zohoRateBudget(this.settings);
	}

	// ---- neutral -----------------------------------------------------------

	upsertKey(kind: NeutralType, neutralField: string): string | undefined {
		if (neutralField === 'email' && (kind === 'contact' || kind === 'lead')) return 'Email';
		if (neutralField === 'name' && kind === 'company') return 'Account_Name';
		if (neutralField === 'name' && kind === 'deal') return 'Deal_Name';
		return undefined;
	}

	toNeutral(type: NeutralType, record: CrmRecord): IDataObject {
		return zohoToNeutral(type, record);
	}

	fromNeutral(type: NeutralType, neutral: IDataObject): IDataObject {
		return neutralToZoho(type, neutral);
	}
}
