import type { IDataObject } from 'n8n-workflow';
import { cursorPaging, offsetPaging } from '../../../shared/paging/strategies';
import type {
	ChangedSince,
	CrmConnector,
	CrmRecord,
	FieldDescription,
	ListOptions,
	NeutralType,
	RecordOutcome,
	RequestContext,
} from '../../../shared/types';
import { pipedriveRequest, type PipedriveBody, type PipedriveCall, type PipedriveSettings } from '../transport/pipedriveApi';
import { neutralToPipedrive, pipedriveToNeutral } from './mapping';
import { entityOf, NEUTRAL_OBJECT_TYPE, type EntitySpec } from './objectTypes';
import type { ConnectionInfo, FindOptions, NeutralQuery } from '../../../shared/neutralOps';
import { pipedriveConnectionInfo, pipedriveMatch, pipedriveRecordUrl } from './neutral';
import { failedOutcome, perRecord, runPool } from '../../../shared/batching/pool';
import { dataList, looksCustomKey, pipedriveTime, toRecord } from './records';
import { madeBy, pipedriveIssues, refuseUnwritable } from './failures';

/** Pipedrive's largest page, v1 and v2. */
export const PIPEDRIVE_PAGE_SIZE = 500;

/**
 * Records one createMany/updateMany/... call accepts. Pipedrive has no batch
 * write endpoint, so each record is still one HTTP call: this is only how many
 * records the connector takes at once to send concurrently (bounded by the
 * settings' concurrency and limited by the shared sliding-window limiter).
 */
export const PIPEDRIVE_CHUNK = 100;

const enc = encodeURIComponent;

/** Ids one v2 list call takes in `ids`. */
const IDS_PER_LIST = 100;

/** A Pipedrive field as the fields endpoints describe it. */
export interface PipedriveField extends FieldDescription {
	/** A company-defined field: written under v2's `custom_fields`. */
	custom: boolean;
	/** Option id by label (lower-cased), for enum and set fields. */
	optionIds?: Map<string, number | string>;
}

/** Standard fields Pipedrive maintains itself. */
const READ_ONLY = new Set([
	'id',
	'add_time',
	'update_time',
	'creator_user_id',
	'first_name',
	'last_name',
	'next_activity_date',
	'last_activity_date',
	'open_deals_count',
	'closed_deals_count',
	'won_deals_count',
	'lost_deals_count',
	'activities_count',
	'done_activities_count',
	'undone_activities_count',
	'email_messages_count',
	'people_count',
	'weighted_value',
	'stage_change_time',
	'source_name',
]);

/** What a failed call says, as an outcome for the record it was for; the fields it names, each with its reason. */
function failed(index: number, error: unknown): Extract<RecordOutcome, { ok: false }> {
	const outcome = failedOutcome(index, error);
	const issues = pipedriveIssues(error, outcome.message);
	if (issues) {
		outcome.issues = issues;
		outcome.fields = issues.map((i) => i.field);
	}
	return outcome;
}

function withoutMs(iso: string): string {
	return new Date(Date.parse(iso)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class PipedriveConnector implements CrmConnector {
	readonly vendor = 'pipedrive';

	readonly maxBatchSize = PIPEDRIVE_CHUNK;

	/** Every record is its own HTTP call (no batch writes in Pipedrive's API). */
	readonly recordsPerCall = 1;

	private readonly fieldCache = new Map<string, Promise<PipedriveField[]>>();

	/** Key → name of custom fields already loaded, for `toNeutral` (which must stay synchronous). */
	private readonly labelCache = new Map<string, Map<string, string>>();

	constructor(
		private readonly ctx: RequestContext,
		readonly settings: PipedriveSettings,
	) {}

	request<T = PipedriveBody>(call: PipedriveCall) {
		return pipedriveRequest<T>(this.ctx, this.settings, call);
	}

	// ---- reads -------------------------------------------------------------

	/** Every record, oldest id first: v2 follows `additional_data.next_cursor`, v1 `start`/`limit`. */
	list(objectType: string, options: ListOptions & { filters?: IDataObject } = {}): AsyncIterable<CrmRecord> {
		const spec = entityOf(objectType);
		const filters = options.filters ?? {};
		if (spec.version === 2) {
			return cursorPaging(
				async (cursor, limit) => {
					const qs: IDataObject = { ...filters, limit };
					if (cursor) qs.cursor = cursor;
					const { body } = await this.request({ method: 'GET', path: spec.path, qs });
					return { items: dataList(body).map((r) => toRecord(spec.objectType, r)), nextCursor: body?.additional_data?.next_cursor as string | undefined };
				},
				{ maxPageSize: PIPEDRIVE_PAGE_SIZE, limit: options.limit },
			);
		}
		return this.listV1(spec, filters, options.limit);
	}

	private listV1(spec: EntitySpec, filters: IDataObject, limit?: number): AsyncIterable<CrmRecord> {
		return offsetPaging(
			async (start, size) => {
				const { body } = await this.request({ method: 'GET', path: spec.path, qs: { ...filters, start, limit: size } });
				const pagination = (body?.additional_data?.pagination ?? {}) as IDataObject;
				return {
					items: dataList(body).map((r) => toRecord(spec.objectType, r)),
					hasMore: pagination.more_items_in_collection === true,
				};
			},
			{ maxPageSize: PIPEDRIVE_PAGE_SIZE, limit },
		);
	}

	/**
	 * Records changed at or after `since`, oldest change first. v2 lists filter
	 * with `updated_since` and sort by `update_time` ascending. v1 (leads, notes)
	 * documents no such filter (assumption: none is relied on), so the list is
	 * read newest first (`sort=update_time DESC`) until a record older than
	 * `since`, and handed out reversed: the cost is the number of changes, not
	 * the size of the table.
	 */
	async *listChanged(objectType: string, options: ChangedSince = {}): AsyncGenerator<CrmRecord> {
		const spec = entityOf(objectType);
		if (spec.version === 2) {
			const filters: IDataObject = { sort_by: 'update_time', sort_direction: 'asc' };
			if (options.since) filters.updated_since = withoutMs(options.since);
			yield* this.list(objectType, { limit: options.limit, filters });
			return;
		}
		const since = options.since ? Date.parse(options.since) : undefined;
		const newestFirst: CrmRecord[] = [];
		for await (const record of this.listV1(spec, { sort: 'update_time DESC' })) {
			const at = Date.parse(record.updatedAt ?? record.createdAt ?? '');
			if (since !== undefined && Number.isFinite(at) && at < since) break;
			newestFirst.push(record);
		}
		const oldestFirst = newestFirst.reverse();
		yield* options.limit === undefined ? oldestFirst : oldestFirst.slice(0, options.limit);
	}

	async get(objectType: string, id: string, _properties?: string[], itemIndex?: number): Promise<CrmRecord> {
		const spec = entityOf(objectType);
		const { body } = await this.request({ method: 'GET', path: `${spec.path}/${enc(id)}`, itemIndex });
		return toRecord(spec.objectType, (body?.data ?? {}) as IDataObject);
	}

	/**
	 * Records by id; ids that no longer exist (or are marked deleted) are left
	 * out. The v2 lists take `ids` ("comma separated string array of up to 100
	 * entity ids to fetch ... entities that do not exist or are not visible are
	 * not included", developers.pipedrive.com Persons: Get all persons; the
	 * same parameter on organizations, deals and activities), so 100 per call.
	 * Only the ids asked for are kept, in case a list ignores the parameter.
	 * Leads and notes (v1) have no such filter: one GET per record.
	 */
	async *getMany(objectType: string, ids: string[]): AsyncGenerator<CrmRecord> {
		const spec = entityOf(objectType);
		if (spec.listsByIds) {
			for (let i = 0; i < ids.length; i += IDS_PER_LIST) {
				const chunk = ids.slice(i, i + IDS_PER_LIST);
				const wanted = new Set(chunk);
				const { body } = await this.request({ method: 'GET', path: spec.path, qs: { ids: chunk.join(','), limit: IDS_PER_LIST } });
				for (const raw of dataList(body)) {
					if (wanted.has(String(raw.id)) && raw.is_deleted !== true) yield toRecord(spec.objectType, raw);
				}
			}
			return;
		}
		const found = await runPool(ids, this.settings.concurrency, async (id) => {
			const res = await this.request({ method: 'GET', path: `${spec.path}/${enc(id)}`, acceptStatuses: [404, 410] });
			const data = res.statusCode === 200 ? (res.body?.data as IDataObject | undefined) : undefined;
			return data && data.is_deleted !== true ? toRecord(spec.objectType, data) : undefined;
		});
		for (const record of found) if (record) yield record;
	}

	/** Persons upsert by email (a search by exact email, then an update or a create). */
	upsertKey(kind: NeutralType, neutralField: string): string | undefined {
		return kind === 'contact' && neutralField === 'email' ? 'email' : undefined;
	}

	/**
	 * One page of `GET /api/v2/{entity}/search` (persons, organizations, deals,
	 * leads): `term` (at least 2 characters, or 1 with `exact_match`), `fields`
	 * to search in, cursor paging. Results are `data.items[].item`, partial
	 * records with the id, name and the matched fields.
	 */
	async searchPage(
		objectType: string,
		query: { term: string; fields?: string; exactMatch?: boolean; cursor?: string; limit: number; itemIndex?: number },
	): Promise<{ items: IDataObject[]; nextCursor?: string }> {
		const spec = entityOf(objectType);
		if (!spec.searchPath) throw new Error(`Pipedrive has no search for ${spec.singular} records`);
		const qs: IDataObject = { term: query.term, limit: query.limit };
		if (query.fields) qs.fields = query.fields;
		if (query.exactMatch) qs.exact_match = true;
		if (query.cursor) qs.cursor = query.cursor;
		const { body } = await this.request({ method: 'GET', path: spec.searchPath, qs, itemIndex: query.itemIndex });
		const data = (body?.data ?? {}) as IDataObject;
		const items = ((Array.isArray(data.items) ? data.items : []) as IDataObject[]).map((r) => (r.item ?? r) as IDataObject);
		return { items, nextCursor: body?.additional_data?.next_cursor as string | undefined };
	}

	/** Search hits (partial records), every page up to `limit`. */
	search(
		objectType: string,
		query: { term: string; fields?: string; exactMatch?: boolean; itemIndex?: number },
		options: { limit?: number } = {},
	): AsyncIterable<IDataObject> {
		return cursorPaging((cursor, limit) => this.searchPage(objectType, { ...query, cursor, limit }), {
			maxPageSize: PIPEDRIVE_PAGE_SIZE,
			limit: options.limit,
		});
	}

	/** The ids of the records whose `field` is exactly `value`, lowest (oldest) first. */
	async findIds(objectType: string, field: string, value: string, itemIndex?: number): Promise<string[]> {
		const spec = entityOf(objectType);
		const searchField = spec.matchFields[field];
		if (!searchField) {
			throw new Error(`A ${spec.singular} cannot be matched by "${field}" (use ${Object.keys(spec.matchFields).join(', ') || 'its ID'})`);
		}
		const ids: string[] = [];
		for await (const item of this.search(objectType, { term: value, fields: searchField, exactMatch: true, itemIndex }, { limit: 50 })) {
			if (item.id !== undefined && item.id !== null) ids.push(String(item.id));
		}
		return ids.sort((a, b) => (Number(a) - Number(b)) || a.localeCompare(b));
	}

	// ---- fields ------------------------------------------------------------

	/** The entity's fields (`GET /api/v1/{entity}Fields`, every page), once per connector. */
	fields(objectType: string): Promise<PipedriveField[]> {
		const spec = entityOf(objectType);
		let cached = this.fieldCache.get(spec.fieldsPath);
		if (!cached) {
			cached = this.loadFields(spec);
			this.fieldCache.set(spec.fieldsPath, cached);
			cached.catch(() => this.fieldCache.delete(spec.fieldsPath));
		}
		return cached;
	}

	private async loadFields(spec: EntitySpec): Promise<PipedriveField[]> {
		const out: PipedriveField[] = [];
		const pages = offsetPaging(
			async (start, size) => {
				const { body } = await this.request({ method: 'GET', path: spec.fieldsPath, qs: { start, limit: size } });
				const pagination = (body?.additional_data?.pagination ?? {}) as IDataObject;
				return { items: dataList(body), hasMore: pagination.more_items_in_collection === true };
			},
			{ maxPageSize: PIPEDRIVE_PAGE_SIZE },
		);
		for await (const f of pages) {
			const key = String(f.key ?? '');
			if (!key) continue;
			const options = (Array.isArray(f.options) ? f.options : []) as IDataObject[];
			const optionIds = new Map<string, number | string>();
			for (const o of options) if (o.label !== undefined && o.id !== undefined) optionIds.set(String(o.label).toLowerCase(), o.id as number);
			out.push({
				name: key,
				label: String(f.name ?? key),
				type: String(f.field_type ?? 'varchar'),
				options: options.map((o) => ({ label: String(o.label), value: String(o.id) })),
				readOnly: READ_ONLY.has(key),
				unique: false,
				custom: f.edit_flag === true || looksCustomKey(key),
				optionIds: optionIds.size ? optionIds : undefined,
			});
		}
		this.labelCache.set(spec.objectType, new Map(out.filter((f) => f.custom).map((f) => [f.name, f.label])));
		return out;
	}

	async describeFields(objectType: string): Promise<FieldDescription[]> {
		return (await this.fields(objectType)).map((f) => ({ name: f.name, label: f.label, type: f.type, options: f.options, readOnly: f.readOnly, unique: f.unique }));
	}

	/** Custom field names by key, once loaded (`fields()` or `loadLabels()`); empty before. */
	labels(objectType: string): Map<string, string> | undefined {
		return this.labelCache.get(entityOf(objectType).objectType);
	}

	async loadLabels(objectType: string): Promise<Map<string, string>> {
		await this.fields(objectType);
		return this.labels(objectType) ?? new Map();
	}

	/**
	 * Flat fields (standard and custom, custom ones by key or by name) → the
	 * request body Pipedrive expects. Names resolve to keys through the fields
	 * endpoint (only when some key is not a known key, so plain writes cost no
	 * extra call); option labels of enum/set fields become option ids; v2 takes
	 * custom fields under `custom_fields`, v1 at the root. A v2 body with a field Pipedrive
	 * would refuse is not sent: the error names each such field (connector/failures.ts).
	 */
	async toBody(objectType: string, properties: IDataObject): Promise<IDataObject> {
		const spec = entityOf(objectType);
		const props: IDataObject = { ...properties };
		if (spec.objectType === 'persons') {
			if (props.email !== undefined && props.emails === undefined) {
				props.emails = props.email === null || props.email === '' ? [] : [{ value: String(props.email), primary: true, label: 'work' }];
			}
			if (props.phone !== undefined && props.phones === undefined) {
				props.phones = props.phone === null || props.phone === '' ? [] : [{ value: String(props.phone), primary: true, label: 'work' }];
			}
			delete props.email;
			delete props.phone;
		}
		if (spec.objectType === 'leads' && props.value !== undefined && (typeof props.value !== 'object' || props.value === null)) {
			props.value = props.value === null || props.value === '' ? null : { amount: Number(props.value), currency: String(props.currency ?? 'USD') };
			delete props.currency;
		}
		const needsFields = Object.keys(props).some((k) => !KNOWN_STANDARD.has(k) && !looksCustomKey(k));
		const hasOptions = Object.keys(props).some((k) => looksCustomKey(k));
		const fields = needsFields || hasOptions ? await this.fields(objectType) : [];
		const byKey = new Map(fields.map((f) => [f.name, f]));
		const byLabel = new Map(fields.map((f) => [f.label.toLowerCase(), f]));
		const body: IDataObject = {};
		const custom: IDataObject = {};
		for (const [name, value] of Object.entries(props)) {
			const field = byKey.get(name) ?? (KNOWN_STANDARD.has(name) ? undefined : byLabel.get(name.toLowerCase()));
			const key = field?.name ?? name;
			const isCustom = field ? field.custom : looksCustomKey(key);
			const converted = field?.optionIds ? optionValue(field, value) : value;
			if (isCustom && spec.version === 2) custom[key] = converted as IDataObject[string];
			else body[key] = converted as IDataObject[string];
		}
		if (Object.keys(custom).length) body.custom_fields = custom;
		refuseUnwritable(spec, body);
		return body;
	}

	// ---- writes (one call per record, several in flight) -------------------

	private pool<T>(inputs: T[], task: (input: T, index: number) => Promise<RecordOutcome>): Promise<RecordOutcome[]> {
		return perRecord(inputs, this.settings.concurrency, task, failed);
	}

	async createOne(objectType: string, properties: IDataObject, itemIndex?: number): Promise<CrmRecord> {
		const spec = entityOf(objectType);
		const body = await this.toBody(objectType, properties);
		// A create is never repeated after an ambiguous failure (the shared transport's rule): it may have been stored.
		const res = await this.request({ method: 'POST', path: spec.path, body, itemIndex });
		return toRecord(spec.objectType, (res.body?.data ?? {}) as IDataObject);
	}

	async updateOne(objectType: string, id: string, properties: IDataObject, itemIndex?: number): Promise<CrmRecord> {
		const spec = entityOf(objectType);
		const body = await this.toBody(objectType, properties);
		const res = await this.request({ method: spec.updateMethod, path: `${spec.path}/${enc(id)}`, body, idempotent: true, itemIndex });
		return toRecord(spec.objectType, (res.body?.data ?? {}) as IDataObject);
	}

	/** `POST /api/v2/{entity}` (v1 for leads and notes), one call per record. */
	createMany(objectType: string, inputs: IDataObject[]): Promise<RecordOutcome[]> {
		return this.pool(inputs, async (properties, index) => ({ index, ok: true, record: await this.createOne(objectType, properties), created: true }));
	}

	/** `PATCH /api/v2/{entity}/{id}` (v1: PATCH leads, PUT notes). Setting the same values twice is harmless, so it is retried. */
	updateMany(objectType: string, inputs: Array<{ id: string; properties: IDataObject }>): Promise<RecordOutcome[]> {
		return this.pool(inputs, async (input, index) => ({
			index,
			ok: true,
			record: await this.updateOne(objectType, input.id, input.properties),
			created: false,
		}));
	}

	/**
	 * Pipedrive has no upsert: two calls per record, a search for the match value
	 * (`exact_match`) then an update of the record found (the oldest when several
	 * match) or a create. `id` of each input is the match value. Inputs naming the
	 * same value must be merged by the caller: sent concurrently, both would
	 * find nothing and create twice.
	 */
	upsertMany(objectType: string, idProperty: string, inputs: Array<{ id: string; properties: IDataObject }>): Promise<RecordOutcome[]> {
		return this.pool(inputs, async (input, index) => {
			const properties = { ...input.properties };
			const hasValue = idProperty === 'email' ? properties.email !== undefined || properties.emails !== undefined : properties[idProperty] !== undefined;
			if (!hasValue) properties[idProperty] = input.id;
			const ids = await this.findIds(objectType, idProperty, input.id);
			if (ids.length) return { index, ok: true, record: await this.updateOne(objectType, ids[0], properties), created: false };
			return { index, ok: true, record: await this.createOne(objectType, properties), created: true };
		});
	}

	/** `DELETE /api/v2/{entity}/{id}`: Pipedrive marks the record deleted (restorable for 30 days in the app). */
	deleteMany(objectType: string, ids: string[]): Promise<RecordOutcome[]> {
		const spec = entityOf(objectType);
		return this.pool(ids, async (id, index) => {
			await this.request({ method: 'DELETE', path: `${spec.path}/${enc(id)}` });
			return {
				index,
				ok: true,
				record: { id, objectType: spec.objectType, properties: {}, archived: true, raw: { id, deleted: true } },
			};
		});
	}

	/**
	 * After a create of unknown outcome (shared/batching/unknownOutcome.ts): whether `record` is the
	 * one `properties` made, compared in the shape Pipedrive stores (the body built from them:
	 * `email` sent as `emails[]`, custom fields by name sent by key under `custom_fields`).
	 */
	async matchesCreated(objectType: string, properties: IDataObject, record: CrmRecord): Promise<boolean> {
		return madeBy(await this.toBody(objectType, properties), record.properties);
	}

	// ---- neutral model -----------------------------------------------------

	// ---- the CRM-neutral nodes (connector/neutral.ts) ---------------------

	private me?: Promise<ConnectionInfo & { companyDomain?: string }>;

	async connectionInfo(): Promise<ConnectionInfo> {
		this.me ??= this.request({ method: 'GET', path: '/api/v1/users/me' }).then((res) => pipedriveConnectionInfo(res.body as IDataObject, res.headers));
		const info: ConnectionInfo & { companyDomain?: string } = { ...(await this.me) };
		delete info.companyDomain;
		return info;
	}

	/**
	 * An exact match through the v2 search with `exact_match` (then the records by id); a lead through
	 * the persons matched, then `GET /api/v1/leads?person_id=` (Pipedrive "Leads: Get all leads",
	 * `person_id` filter); free text through the entity's search.
	 */
	async findNeutral(kind: NeutralType, query: NeutralQuery, options: FindOptions): Promise<CrmRecord[]> {
		const objectType = NEUTRAL_OBJECT_TYPE[kind];
		if ('text' in query) {
			const ids: string[] = [];
			for await (const item of this.search(objectType, { term: query.text }, { limit: options.limit })) if (item.id !== undefined && item.id !== null) ids.push(String(item.id));
			return this.collect(this.getMany(objectType, ids));
		}
		const match = pipedriveMatch(kind, query);
		const ids = (await this.findIds(match.objectType, match.field, query.value)).slice(0, options.limit);
		if (kind !== 'lead') return this.collect(this.getMany(objectType, ids));
		const leads: CrmRecord[] = [];
		for (const personId of ids) {
			if (leads.length >= options.limit) break;
			leads.push(...(await this.collect(this.list('leads', { filters: { person_id: Number(personId) }, limit: options.limit - leads.length }))));
		}
		return leads;
	}

	async recordUrl(objectType: string, id: string): Promise<string | undefined> {
		await this.connectionInfo().catch(() => undefined);
		const me = await this.me?.catch(() => undefined);
		return me?.companyDomain ? pipedriveRecordUrl(me.companyDomain, entityOf(objectType).objectType, id) : undefined;
	}

	/** The person's activities (`GET /api/v2/activities?person_id=`: those whose primary participant is the person). */
	async appointmentsOf(contactId: string, options: FindOptions): Promise<CrmRecord[]> {
		return this.collect(this.list('activities', { filters: { person_id: Number(contactId) }, limit: options.limit }));
	}

	private async collect(records: AsyncIterable<CrmRecord>): Promise<CrmRecord[]> {
		const out: CrmRecord[] = [];
		for await (const record of records) out.push(record);
		return out;
	}

	toNeutral(type: NeutralType, record: CrmRecord): IDataObject {
		return pipedriveToNeutral(type, record, this.labels(record.objectType));
	}

	fromNeutral(type: NeutralType, neutral: IDataObject): IDataObject {
		const out = neutralToPipedrive(type, neutral);
		// An activity created from a neutral record needs its kind; calls and meetings are the appointment types.
		if (type === 'appointment' && out.type === undefined && !neutral.id) out.type = 'meeting';
		if (type === 'task' && out.type === undefined && !neutral.id) out.type = 'task';
		return out;
	}
}

/** Standard field names of the entities we write: never looked up as custom field names. */
const KNOWN_STANDARD = new Set([
	'name',
	'title',
	'subject',
	'content',
	'owner_id',
	'user_id',
	'org_id',
	'organization_id',
	'person_id',
	'deal_id',
	'lead_id',
	'emails',
	'phones',
	'visible_to',
	'label_ids',
	'value',
	'currency',
	'stage_id',
	'pipeline_id',
	'status',
	'probability',
	'expected_close_date',
	'lost_reason',
	'close_time',
	'won_time',
	'lost_time',
	'type',
	'due_date',
	'due_time',
	'duration',
	'busy',
	'done',
	'location',
	'participants',
	'attendees',
	'public_description',
	'note',
	'priority',
	'address',
	'postal_address',
	'job_title',
	'is_archived',
	'was_seen',
	'pinned_to_deal_flag',
	'pinned_to_person_flag',
	'pinned_to_organization_flag',
	'pinned_to_lead_flag',
	'marketing_status',
	'add_time',
]);

function optionValue(field: PipedriveField, value: unknown): unknown {
	const ids = field.optionIds;
	if (!ids) return value;
	const one = (v: unknown) => (typeof v === 'string' && ids.has(v.trim().toLowerCase()) ? ids.get(v.trim().toLowerCase()) : v);
	if (Array.isArray(value)) return value.map(one);
	if (field.type === 'set' && typeof value === 'string' && value.includes(',')) return value.split(',').map(one);
	return one(value);
}

export { pipedriveTime };
