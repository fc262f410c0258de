import type { IDataObject } from 'n8n-workflow';
import { perRecord, runPool } from '../../../shared/batching/pool';
import type {
	ChangedSince,
	CrmConnector,
	CrmRecord,
	FieldDescription,
	ListOptions,
	NeutralType,
	RateBudget,
	RecordOutcome,
	RequestContext,
} from '../../../shared/types';
import { systemClock } from '../../../shared/transport/clock';
import { limiterFor } from '../../../shared/transport/rateLimiter';
import { freshsalesRequest, limiterSpecs, type FreshsalesCall, type FreshsalesSettings } from '../transport/freshsalesApi';
import { runBulkUpsert, type KeyedInput } from './bulkUpsert';
import { freshsalesToNeutral, neutralToFreshsales } from './mapping';
import { entityOf, type EntitySpec } from './objectTypes';
import { errorText, hasMorePages, listOf, toRecord } from './records';
import { failed, keyValues, searchAttribute, upsertIdentifier, withIdentifier } from './keys';
import type { ConnectionInfo, FindOptions, NeutralQuery } from '../../../shared/neutralOps';
import { freshsalesConnectionInfo, freshsalesMatch, PHONE_FIELDS } from './neutral';

/** Freshsales' largest page (`per_page`). */
export const FRESHSALES_PAGE_SIZE = 100;

/** Records one write call of the connector takes (bulk upsert: 100 per job, second-hand). */
export const FRESHSALES_CHUNK = 100;

/** From this many records an upsert goes out as bulk upsert jobs instead of one call per record. */
export const BULK_THRESHOLD = 20;

/** Values one `is_in` filter rule carries (assumption: the vendor states no limit we found). */
export const IDS_PER_SEARCH = 100;

const enc = encodeURIComponent;

/** One filter rule of `POST /filtered_search/<entity>`. */
export interface FilterRule {
	attribute: string;
	operator: string;
	value: unknown;
}

/** A Freshsales field as `GET /settings/<entity>/fields` describes it. */
export interface FreshsalesField extends FieldDescription {
	/** A custom field (`cf_*`, written under `custom_field`). */
	custom: boolean;
	/** Freshsales requires it on create. */
	required?: boolean;
	/** What a choice label is written as: the id for standard dropdowns, the label itself for custom ones. */
	choiceValues?: Map<string, string | number>;
}

export class FreshsalesConnector implements CrmConnector {
	readonly vendor = 'freshsales';

	readonly maxBatchSize = FRESHSALES_CHUNK;

	private readonly fieldCache = new Map<string, Promise<FreshsalesField[]>>();

	private readonly viewCache = new Map<string, Promise<string>>();

	constructor(
		private readonly ctx: RequestContext,
		readonly settings: FreshsalesSettings,
		readonly options: { bulkThreshold?: number } = {},
	) {}

	request<T = IDataObject>(call: FreshsalesCall) {
		return freshsalesRequest<T>(this.ctx, this.settings, call);
	}

	// ---- reads -------------------------------------------------------------

	/** Page numbers with one `per_page` for every page (page N is records (N-1)·size+1…), so a limit never shifts the pages. */
	private async *pages(fetch: (page: number, perPage: number) => Promise<{ items: CrmRecord[]; hasMore: boolean }>, limit?: number): AsyncGenerator<CrmRecord> {
		const perPage = Math.max(1, Math.min(FRESHSALES_PAGE_SIZE, limit ?? FRESHSALES_PAGE_SIZE));
		let left = limit ?? Infinity;
		for (let page = 1; left > 0; page++) {
			const { items, hasMore } = await fetch(page, perPage);
			for (const item of items) {
				if (left-- <= 0) return;
				yield item;
			}
			if (!hasMore || !items.length) return;
		}
	}

	/** The saved views of an entity (`GET /<entity>/filters`). */
	async views(objectType: string): Promise<IDataObject[]> {
		const spec = entityOf(objectType);
		const { body } = await this.request({ method: 'GET', path: `${spec.path}/filters` });
		return listOf(body, 'filters');
	}

	/** The view holding every record: the one named "All …", else the default one, else the first (once per connector). */
	allViewId(objectType: string): Promise<string> {
		const spec = entityOf(objectType);
		let cached = this.viewCache.get(spec.objectType);
		if (!cached) {
			cached = this.views(objectType).then((views) => {
				const view = views.find((v) => /^all\b/i.test(String(v.name ?? ''))) ?? views.find((v) => v.is_default === true) ?? views[0];
				if (!view) throw new Error(`Freshsales answered no view of ${spec.plural}, so they cannot be listed`);
				return String(view.id);
			});
			this.viewCache.set(spec.objectType, cached);
			cached.catch(() => this.viewCache.delete(spec.objectType));
		}
		return cached;
	}

	/**
	 * Every record: through a view (`GET /<entity>/view/:id`, sorted by
	 * `sort`/`sort_type`, default creation time ascending), by the entity's own
	 * filters (tasks: open then completed; appointments: past then upcoming),
	 * or the plain list (sales activities). Notes cannot be listed.
	 */
	list(objectType: string, options: ListOptions & { viewId?: string; sort?: string; sortType?: 'asc' | 'desc'; filter?: string; include?: string; itemIndex?: number } = {}): AsyncIterable<CrmRecord> {
		const spec = entityOf(objectType);
		const listing = spec.listing;
		if (listing.kind === 'none') throw new Error(`Freshsales has no API that lists ${spec.plural}`);
		const include = options.include ? { include: options.include } : {};
		const fetchList = (path: string, extra: IDataObject) => async (page: number, perPage: number) => {
			const { body } = await this.request({ method: 'GET', path, qs: { ...extra, ...include, page, per_page: perPage }, itemIndex: options.itemIndex });
			const items = listOf(body, spec.plural).map((r) => toRecord(spec.objectType, r));
			return { items, hasMore: hasMorePages(body, page, items.length, perPage) };
		};
		if (listing.kind === 'views') return this.listView(fetchList, spec, options);
		if (listing.kind === 'plain') return this.pages(fetchList(spec.path, {}), options.limit);
		return this.listFiltered(fetchList, spec, options.filter ? [options.filter] : listing.filters, options.limit);
	}

	private async *listView(
		fetchList: (path: string, extra: IDataObject) => (page: number, perPage: number) => Promise<{ items: CrmRecord[]; hasMore: boolean }>,
		spec: EntitySpec,
		options: ListOptions & { viewId?: string; sort?: string; sortType?: 'asc' | 'desc' },
	): AsyncGenerator<CrmRecord> {
		const viewId = options.viewId || (await this.allViewId(spec.objectType));
		yield* this.pages(fetchList(`${spec.path}/view/${enc(viewId)}`, { sort: options.sort ?? 'created_at', sort_type: options.sortType ?? 'asc' }), options.limit);
	}

	/** Each filter's records in turn (together they are every record), up to `limit`. */
	private async *listFiltered(
		fetchList: (path: string, extra: IDataObject) => (page: number, perPage: number) => Promise<{ items: CrmRecord[]; hasMore: boolean }>,
		spec: EntitySpec,
		filters: string[],
		limit?: number,
	): AsyncGenerator<CrmRecord> {
		let left = limit ?? Infinity;
		for (const filter of filters) {
			for await (const record of this.pages(fetchList(spec.path, { filter }), Number.isFinite(left) ? left : undefined)) {
				if (left-- <= 0) return;
				yield record;
			}
		}
	}

	/**
	 * Records changed at or after `since`, oldest change first. Views sort by
	 * `updated_at`: read newest first until a record older than `since`, handed
	 * out reversed (the cost is the number of changes). Tasks and appointments
	 * have no sort by update time: every record is read and sorted here.
	 */
	async *listChanged(objectType: string, options: ChangedSince = {}): AsyncGenerator<CrmRecord> {
		const spec = entityOf(objectType);
		const since = options.since ? Date.parse(options.since) : undefined;
		const at = (r: CrmRecord) => Date.parse(r.updatedAt ?? r.createdAt ?? '');
		let changed: CrmRecord[] = [];
		if (spec.listing.kind === 'views') {
			for await (const record of this.list(objectType, { sort: 'updated_at', sortType: 'desc' })) {
				if (since !== undefined && Number.isFinite(at(record)) && at(record) < since) break;
				changed.push(record);
			}
			changed.reverse();
		} else {
			for await (const record of this.list(objectType)) if (since === undefined || !(at(record) < since)) changed.push(record);
			changed = changed.sort((a, b) => at(a) - at(b) || Number(a.id) - Number(b.id));
		}
		yield* options.limit === undefined ? changed : changed.slice(0, options.limit);
	}

	/** `GET /<entity>/:id`, with `include` of related records (e.g. `sales_accounts,owner`). */
	async get(objectType: string, id: string, _properties?: string[], itemIndex?: number, include?: string): Promise<CrmRecord> {
		const spec = entityOf(objectType);
		if (spec.listing.kind === 'none' && !spec.readsById) throw new Error(`Freshsales has no API that reads ${spec.plural}`);
		const { body } = await this.request({ method: 'GET', path: `${spec.path}/${enc(id)}`, qs: include ? { include } : undefined, itemIndex });
		return toRecord(spec.objectType, (body?.[spec.wrapper] ?? {}) as IDataObject);
	}

	/** One page of `POST /filtered_search/<entity>`. */
	async searchPage(objectType: string, rules: FilterRule[], page: number, perPage: number, itemIndex?: number, sort?: { sort: string; sortType: 'asc' | 'desc' }) {
		const spec = entityOf(objectType);
		if (!spec.search) throw new Error(`Freshsales has no filtered search of ${spec.plural}`);
		const qs: IDataObject = { page, per_page: perPage };
		if (sort) Object.assign(qs, { sort: sort.sort, sort_type: sort.sortType });
		const { body } = await this.request({ method: 'POST', path: `/filtered_search/${spec.search}`, qs, body: { filter_rule: rules as unknown as IDataObject[] }, idempotent: true, itemIndex });
		const items = listOf(body, spec.plural).map((r) => toRecord(spec.objectType, r));
		return { items, hasMore: hasMorePages(body, page, items.length, perPage) };
	}

	/** Records matching every rule, every page up to `limit`. */
	filteredSearch(objectType: string, rules: FilterRule[], options: { limit?: number; itemIndex?: number; sort?: { sort: string; sortType: 'asc' | 'desc' } } = {}): AsyncIterable<CrmRecord> {
		return this.pages((page, perPage) => this.searchPage(objectType, rules, page, perPage, options.itemIndex, options.sort), options.limit);
	}

	/** `GET /search?q=&include=contact,…`: records whose name or email holds the text (partial hits; shape second-hand). */
	async quickSearch(term: string, include: string[], itemIndex?: number): Promise<IDataObject[]> {
		const { body } = await this.request<unknown>({ method: 'GET', path: '/search', qs: { q: term, include: include.join(',') }, itemIndex });
		return Array.isArray(body) ? (body as IDataObject[]) : [];
	}

	/**
	 * Records by id; ids that no longer exist are left out. Contacts, accounts
	 * and deals: filtered search on `id` (100 ids a call); the others, one GET
	 * per record (404: gone).
	 */
	async *getMany(objectType: string, ids: string[]): AsyncGenerator<CrmRecord> {
		const spec = entityOf(objectType);
		if (spec.search) {
			for (let i = 0; i < ids.length; i += IDS_PER_SEARCH) {
				const chunk = ids.slice(i, i + IDS_PER_SEARCH);
				const wanted = new Set(chunk);
				for await (const record of this.filteredSearch(objectType, [{ attribute: 'id', operator: 'is_in', value: chunk }])) if (wanted.has(record.id)) yield record;
			}
			return;
		}
		if (spec.listing.kind === 'none' && !spec.readsById) throw new Error(`Freshsales has no API that reads ${spec.plural}`);
		const found = await runPool(ids, this.settings.concurrency, async (id) => {
			const res = await this.request({ method: 'GET', path: `${spec.path}/${enc(id)}`, acceptStatuses: [404] });
			const raw = res.statusCode === 200 ? (res.body?.[spec.wrapper] as IDataObject | undefined) : undefined;
			return raw ? toRecord(spec.objectType, raw) : undefined;
		});
		for (const record of found) if (record) yield record;
	}

	/** The records whose identifier is one of `values`, by lower-cased value (contacts: any of their emails). */
	async findByKeys(objectType: string, key: string, values: string[]): Promise<Map<string, CrmRecord>> {
		const spec = entityOf(objectType);
		const out = new Map<string, CrmRecord>();
		const attribute = searchAttribute(spec, key);
		for (let i = 0; i < values.length; i += IDS_PER_SEARCH) {
			const chunk = values.slice(i, i + IDS_PER_SEARCH);
			for await (const record of this.filteredSearch(objectType, [{ attribute, operator: 'is_in', value: chunk }])) {
				for (const value of keyValues(record, key)) if (!out.has(value)) out.set(value, record);
			}
		}
		return out;
	}

	// ---- fields ------------------------------------------------------------

	/** The entity's fields (`GET /settings/<entity>/fields`), once per connector; none for entities without that endpoint. */
	fields(objectType: string): Promise<FreshsalesField[]> {
		const spec = entityOf(objectType);
		if (!spec.fields) return Promise.resolve([]);
		let cached = this.fieldCache.get(spec.fields);
		if (!cached) {
			cached = this.loadFields(spec);
			this.fieldCache.set(spec.fields, cached);
			cached.catch(() => this.fieldCache.delete(spec.fields as string));
		}
		return cached;
	}

	private async loadFields(spec: EntitySpec): Promise<FreshsalesField[]> {
		const { body } = await this.request({ method: 'GET', path: `/settings/${spec.fields}/fields` });
		return listOf(body, 'fields').map((f) => {
			const name = String(f.name ?? '');
			const custom = f.default === false || name.startsWith('cf_');
			const choices = (Array.isArray(f.choices) ? f.choices : []) as IDataObject[];
			const choiceValues = new Map<string, string | number>();
			for (const c of choices) if (c.value !== undefined) choiceValues.set(String(c.value).toLowerCase(), custom ? String(c.value) : (c.id as number));
			return {
				name,
				label: String(f.label ?? name),
				type: String(f.type ?? 'text'),
				options: choices.map((c) => ({ label: String(c.value), value: custom ? String(c.value) : String(c.id) })),
				readOnly: READ_ONLY.has(name),
				unique: f.unique === true,
				required: f.required === true,
				custom,
				choiceValues: choiceValues.size ? choiceValues : undefined,
			};
		});
	}

	async describeFields(objectType: string): Promise<FieldDescription[]> {
		return (await this.fields(objectType)).map((f) => ({ name: f.name, label: f.label, type: f.type, options: f.options, readOnly: f.readOnly, unique: f.unique }));
	}

	/**
	 * Flat fields (standard and custom, by name or label) → the record body
	 * Freshsales takes: custom fields under `custom_field`; dropdown labels
	 * become the choice (standard dropdowns take the choice's id). The fields
	 * endpoint is read only when a name or a value needs it.
	 */
	async toBody(objectType: string, properties: IDataObject): Promise<IDataObject> {
		const entries = Object.entries(properties).flatMap(([k, v]) =>
			k === 'custom_field' && v && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v as IDataObject) : ([[k, v]] as Array<[string, unknown]>),
		);
		const needsFields = entries.some(([k, v]) => (!KNOWN_STANDARD.has(k) && !k.startsWith('cf_')) || (k.endsWith('_id') && typeof v === 'string' && v !== '' && !/^\d+$/.test(v)) || k.startsWith('cf_'));
		const fields = needsFields ? await this.fields(objectType).catch(() => [] as FreshsalesField[]) : [];
		const byName = new Map(fields.map((f) => [f.name, f]));
		const byLabel = new Map(fields.map((f) => [f.label.toLowerCase(), f]));
		const body: IDataObject = {};
		const custom: IDataObject = {};
		for (const [name, value] of entries) {
			const field = byName.get(name) ?? (KNOWN_STANDARD.has(name) ? undefined : byLabel.get(name.toLowerCase()));
			const key = field?.name ?? name;
			const converted = field?.choiceValues && typeof value === 'string' && field.choiceValues.has(value.trim().toLowerCase()) ? field.choiceValues.get(value.trim().toLowerCase()) : value;
			if (field ? field.custom : key.startsWith('cf_')) custom[key] = converted as IDataObject[string];
			else body[key] = converted as IDataObject[string];
		}
		if (Object.keys(custom).length) body.custom_field = custom;
		return body;
	}

	// ---- writes (one call per record, several in flight; bulk upsert jobs) --

	private pool<T>(inputs: T[], task: (input: T, index: number) => Promise<RecordOutcome>): Promise<RecordOutcome[]> {
		return perRecord(inputs, this.settings.concurrency, task, failed);
	}

	async createOne(objectType: string, properties: IDataObject, itemIndex?: number): Promise<CrmRecord> {
		const spec = entityOf(objectType);
		const body = await this.toBody(objectType, properties);
		// A create is never repeated after an ambiguous failure (the shared transport's rule): it may have been stored.
		const res = await this.request({ method: 'POST', path: spec.path, body: { [spec.wrapper]: body }, itemIndex });
		return toRecord(spec.objectType, (res.body?.[spec.wrapper] ?? {}) as IDataObject);
	}

	async updateOne(objectType: string, id: string, properties: IDataObject, itemIndex?: number): Promise<CrmRecord> {
		const spec = entityOf(objectType);
		const body = await this.toBody(objectType, properties);
		const res = await this.request({ method: 'PUT', path: `${spec.path}/${enc(id)}`, body: { [spec.wrapper]: body }, idempotent: true, itemIndex });
		return toRecord(spec.objectType, (res.body?.[spec.wrapper] ?? {}) as IDataObject);
	}

	/**
	 * `POST /<entity>/upsert` with `{ unique_identifier: { <key>: value }, <wrapper>: {...} }`.
	 * The identifier's value is also written on the record when the fields do
	 * not set it, so a record created by the upsert carries it. Created or
	 * updated is read from the status: 201 created, 200 updated (assumption:
	 * the vendor's page shows only the record).
	 */
	async upsertOne(objectType: string, idProperty: string, input: KeyedInput, itemIndex?: number): Promise<{ record: CrmRecord; created: boolean }> {
		const spec = entityOf(objectType);
		if (!spec.upserts) throw new Error(`Freshsales has no upsert of ${spec.plural}`);
		const key = upsertIdentifier(spec, idProperty);
		const body = withIdentifier(await this.toBody(objectType, input.properties), key, input.id);
		const res = await this.request({
			method: 'POST',
			path: `${spec.path}/upsert`,
			body: { unique_identifier: { [key]: input.id }, [spec.wrapper]: body },
			idempotent: true,
			itemIndex,
		});
		return { record: toRecord(spec.objectType, (res.body?.[spec.wrapper] ?? {}) as IDataObject), created: res.statusCode === 201 };
	}

	/** `POST /<entity>`, one call per record. */
	createMany(objectType: string, inputs: IDataObject[]): Promise<RecordOutcome[]> {
		return this.pool(inputs, async (properties, index) => ({ index, ok: true, record: await this.createOne(objectType, properties), created: true }));
	}

	/** `PUT /<entity>/:id`, one call per record; setting the same values twice is harmless, so it is retried. */
	updateMany(objectType: string, inputs: Array<{ id: string; properties: IDataObject }>): Promise<RecordOutcome[]> {
		return this.pool(inputs, async (input, index) => ({ index, ok: true, record: await this.updateOne(objectType, input.id, input.properties), created: false }));
	}

	/**
	 * Upserts by a unique identifier (`id` of each input is its value): from
	 * `bulkThreshold` records on, bulk upsert jobs of 100 (accounts, contacts,
	 * deals); below, one `upsert` call per record. Inputs naming the same value
	 * must be merged by the caller.
	 */
	upsertMany(objectType: string, idProperty: string, inputs: KeyedInput[]): Promise<RecordOutcome[]> {
		const spec = entityOf(objectType);
		if (spec.bulk && inputs.length >= (this.options.bulkThreshold ?? BULK_THRESHOLD)) return this.bulkUpsert(objectType, idProperty, inputs);
		return this.pool(inputs, async (input, index) => {
			const { record, created } = await this.upsertOne(objectType, idProperty, input);
			return { index, ok: true, record, created };
		});
	}

	/** Bulk upsert jobs, 100 records each, polled to completion and read back (./bulkUpsert.ts). */
	async bulkUpsert(objectType: string, idProperty: string, inputs: KeyedInput[]): Promise<RecordOutcome[]> {
		const spec = entityOf(objectType);
		const key = upsertIdentifier(spec, idProperty);
		const out: RecordOutcome[] = [];
		for (let i = 0; i < inputs.length; i += FRESHSALES_CHUNK) {
			const chunk = inputs.slice(i, i + FRESHSALES_CHUNK);
			const outcomes = await runBulkUpsert(this, spec, key, chunk);
			out.push(...outcomes.map((o) => ({ ...o, index: o.index + i })));
		}
		return out;
	}

	/** `DELETE /<entity>/:id`, one call per record (a record already gone answers 404: reported failed, in place). */
	deleteMany(objectType: string, ids: string[]): Promise<RecordOutcome[]> {
		const spec = entityOf(objectType);
		return this.pool(ids, async (id, index) => {
			await this.request({ method: 'DELETE', path: `${spec.path}/${enc(id)}` });
			return { index, ok: true, record: { id, objectType: spec.objectType, properties: {}, archived: true, raw: { id, deleted: true } } };
		});
	}

	/** Contacts upsert by email (`emails`), accounts by name; deals only by a unique custom field the account defines. */
	upsertKey(kind: NeutralType, neutralField: string): string | undefined {
		if ((kind === 'contact' || kind === 'lead') && neutralField === 'email') return 'emails';
		if (kind === 'company' && neutralField === 'name') return 'name';
		return undefined;
	}

	// ---- neutral model -----------------------------------------------------

	// ---- the CRM-neutral nodes (connector/neutral.ts) ---------------------

	/**
	 * The account's hourly budget as this connector spent it: the plan's requests per hour (or the
	 * `x-ratelimit-total` an answer reported, read by the limiter), this connector's requests through
	 * it and their waits for a place, and what the shared hour window has left now.
	 */
	rateBudget(): RateBudget {
		const [hour] = limiterSpecs(this.settings);
		const limiter = limiterFor(hour.key, hour.policy, this.settings.clock ?? systemClock);
		const plan = this.settings.plan.charAt(0).toUpperCase() + this.settings.plan.slice(1);
		const limit = limiter.policy.limit;
		return {
			budget: `${limit.toLocaleString('en-US')} requests per hour for the account (${plan} plan${limit === this.settings.hourly ? '' : ', as Freshsales reported it'})`,
			limit,
			windowMs: limiter.policy.intervalMs,
			calls: this.settings.hourUsage.calls,
			remaining: limiter.available,
			waitedMs: this.settings.hourUsage.waitedMs,
		};
	}

	async connectionInfo(): Promise<ConnectionInfo> {
		const res = await this.request({ method: 'GET', path: '/selector/owners' });
		return freshsalesConnectionInfo(res.body as IDataObject, res.headers, this.settings.baseUrl);
	}

	/** An exact match through the filtered search (`findByKeys`); free text through `GET /search` (partial hits, then the records by id). */
	async findNeutral(kind: NeutralType, query: NeutralQuery, options: FindOptions): Promise<CrmRecord[]> {
		if ('text' in query) {
			const objectType = kind === 'company' ? 'sales_accounts' : kind === 'deal' ? 'deals' : 'contacts';
			const include = { contacts: 'contact', sales_accounts: 'sales_account', deals: 'deal' }[objectType] as string;
			const hits = await this.quickSearch(query.text, [include]);
			const ids = hits.filter((h) => h.type === undefined || h.type === include).map((h) => String(h.id)).slice(0, options.limit);
			const out: CrmRecord[] = [];
			for await (const record of this.getMany(objectType, ids)) out.push(record);
			return out;
		}
		const { objectType, key } = freshsalesMatch(kind, query);
		if (key === PHONE_FIELDS[0]) {
			// A phone is on the work number or the mobile number: one search each, work first.
			const out = new Map<string, CrmRecord>();
			for (const field of PHONE_FIELDS) {
				for (const record of (await this.findByKeys(objectType, field, [query.value])).values()) out.set(record.id, record);
				if (out.size >= options.limit) break;
			}
			return [...out.values()].slice(0, options.limit);
		}
		const found = await this.findByKeys(objectType, key, [query.value]);
		return [...new Set(found.values())].slice(0, options.limit);
	}

	/**
	 * A contact's appointments: `GET /contacts/:id?include=appointments`, one call. That a contact
	 * takes `include=appointments` is second-hand (a code user's list of a contact's includes);
	 * where the answer puts them is not documented either, so both the contact's own
	 * `appointments` (how a code user found `sales_accounts`, verified live) and a top-level
	 * `appointments` list are read. Appointments linked to the contact as their targetable.
	 */
	async appointmentsOf(contactId: string, options: FindOptions): Promise<CrmRecord[]> {
		const { body } = await this.request({ method: 'GET', path: `/contacts/${enc(contactId)}`, qs: { include: 'appointments' } });
		const nested = (body?.contact as IDataObject | undefined)?.appointments;
		const list = (Array.isArray(nested) ? nested : Array.isArray(body?.appointments) ? body.appointments : []) as IDataObject[];
		return list.slice(0, options.limit).map((a) => toRecord('appointments', a));
	}

	toNeutral(type: NeutralType, record: CrmRecord): IDataObject {
		return freshsalesToNeutral(type, record);
	}

	fromNeutral(type: NeutralType, neutral: IDataObject): IDataObject {
		return neutralToFreshsales(type, neutral);
	}

	/** A Freshsales error body's message (for outcomes read from job data). */
	static errorText = errorText;
}

/** Fields Freshsales maintains itself. */
const READ_ONLY = new Set(['id', 'created_at', 'updated_at', 'display_name', 'creater_id', 'updater_id', 'last_contacted', 'last_seen', 'lead_score', 'base_currency_amount']);

/** Standard field names the pack writes: never looked up as labels. */
const KNOWN_STANDARD = new Set([
	'first_name',
	'last_name',
	'email',
	'emails',
	'job_title',
	'work_number',
	'mobile_number',
	'phone',
	'address',
	'city',
	'state',
	'zipcode',
	'country',
	'owner_id',
	'sales_account_id',
	'sales_accounts',
	'name',
	'website',
	'number_of_employees',
	'annual_revenue',
	'amount',
	'deal_stage_id',
	'deal_pipeline_id',
	'expected_close',
	'title',
	'description',
	'due_date',
	'status',
	'from_date',
	'end_date',
	'start_date',
	'time_zone',
	'location',
	'targetable_type',
	'targetable_id',
	'notes',
	'sales_activity_type_id',
	'is_allday',
	'task_users_attributes',
	'appointment_attendees_attributes',
]);
