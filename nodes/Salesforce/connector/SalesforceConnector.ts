import type { IDataObject } from 'n8n-workflow';
import { nextFromBody, nextUrlPaging } from '../../../shared/paging/strategies';
import type {
	ChangedSince,
	CrmConnector,
	CrmRecord,
	FieldDescription,
	ListOptions,
	NeutralType,
	RecordOutcome,
	RequestContext,
	WriteOptions,
} from '../../../shared/types';
import { salesforceRequest, type SalesforceCall, type SalesforceSettings } from '../transport/salesforceApi';
import { convertLeads, type LeadConvertInput } from './convertLead';
import { BULK_DEFAULT_THRESHOLD, bulkCell, runIngest, type RowResult } from './bulk';
import { mappedFields, neutralToSalesforce, salesforceToNeutral } from './mapping';
import { assertApiName, NEUTRAL_SOBJECT, SYSTEM_FIELDS } from './objectTypes';
import { collectionOutcomes, toRecord } from './records';
import { soqlDateTime, soqlString, soslTerm } from './soql';
import type { ConnectionInfo, FindOptions, NeutralQuery } from '../../../shared/neutralOps';
import { salesforceConnectionInfo, salesforceMatchConditions, salesforceRecordUrl } from './neutral';

/** sObject Collections take at most 200 records per call. */
export const SALESFORCE_BATCH_SIZE = 200;

/** SOQL returns at most 2,000 records per batch; the rest follow `nextRecordsUrl`. */
const SOQL_MAX_BATCH = 2000;

const enc = encodeURIComponent;

const SOBJECT_NEUTRAL: Record<string, NeutralType> = Object.fromEntries(
	(Object.entries(NEUTRAL_SOBJECT) as Array<[NeutralType, string]>).map(([kind, sobject]) => [sobject, kind]),
);

export interface SalesforceWriteOptions {
	/** Roll back every record of a call when one fails (sObject Collections `allOrNone`). */
	allOrNone?: boolean;
	/** Upserts and deletes of at least this many records go through Bulk API 2.0 (0: never). */
	bulkThreshold?: number;
	/** Longest wait for a Bulk API job to end. */
	bulkMaxWaitMs?: number;
}

/** Record ids compare on their 15-character form (the 18-character form adds a case checksum). */
const sameId = (id: string) => id.trim().slice(0, 15);

export class SalesforceConnector implements CrmConnector {
	readonly vendor = 'salesforce';

	readonly maxBatchSize = SALESFORCE_BATCH_SIZE;

	/** sObject Collections calls can be all or nothing (`allOrNone`). */
	readonly transactionalBatches = true;

	private readonly describeCache = new Map<string, Promise<IDataObject>>();

	constructor(
		private readonly ctx: RequestContext,
		readonly settings: SalesforceSettings,
		readonly writeOptions: SalesforceWriteOptions = {},
	) {}

	request<T = IDataObject>(call: SalesforceCall) {
		return salesforceRequest<T>(this.ctx, this.settings, call);
	}

	/**
	 * Runs a SOQL query, following `nextRecordsUrl` until `done`. A limit stops
	 * without fetching batches it does not need.
	 */
	query(soql: string, options: { limit?: number; all?: boolean } = {}): AsyncIterable<CrmRecord> {
		const batch = Math.min(SOQL_MAX_BATCH, Math.max(200, this.settings.queryBatchSize ?? SOQL_MAX_BATCH));
		return nextUrlPaging(
			async (url) => {
				const headers: IDataObject = {};
				// Salesforce treats batchSize as a hint (200-2,000); the default is 2,000.
				if (this.settings.queryBatchSize) headers['Sforce-Query-Options'] = `batchSize=${batch}`;
				const call: SalesforceCall = url
					? { method: 'GET', path: url, headers }
					: { method: 'GET', path: options.all ? '/queryAll' : '/query', qs: { q: soql }, headers };
				const { body } = await this.request(call);
				return {
					items: ((body.records ?? []) as IDataObject[]).map((r) => toRecord('', r)),
					nextUrl: nextFromBody(body),
				};
			},
			{ maxPageSize: SOQL_MAX_BATCH, limit: options.limit },
		);
	}

	/** The fields to SELECT: those asked for, else the neutral mapping's, else every field the describe lists. */
	async selectFields(objectType: string, properties?: string[]): Promise<string[]> {
		const wanted = properties?.length ? properties : undefined;
		let fields: string[];
		if (wanted) fields = wanted;
		else if (SOBJECT_NEUTRAL[objectType]) fields = mappedFields(SOBJECT_NEUTRAL[objectType]);
		else fields = (await this.describeFields(objectType)).map((f) => f.name);
		const out = new Set<string>();
		for (const f of [...SYSTEM_FIELDS, ...fields]) out.add(assertApiName(f.trim(), 'field'));
		return [...out];
	}

	async *list(objectType: string, options: ListOptions = {}): AsyncGenerator<CrmRecord> {
		const fields = await this.selectFields(assertApiName(objectType), options.properties);
		const limit = options.limit !== undefined ? ` LIMIT ${Math.floor(options.limit)}` : '';
		yield* this.typed(objectType, this.query(`SELECT ${fields.join(', ')} FROM ${objectType} ORDER BY Id${limit}`, { limit: options.limit }));
	}

	/**
	 * Records modified at or after `since`, oldest first: `SystemModstamp`
	 * changes on every save (users, automation, system jobs), so no change is
	 * missed; ties are ordered by Id.
	 */
	async *listChanged(objectType: string, options: ChangedSince = {}): AsyncGenerator<CrmRecord> {
		const fields = await this.selectFields(assertApiName(objectType), options.properties);
		const where = options.since ? ` WHERE SystemModstamp >= ${soqlDateTime(options.since)}` : '';
		const soql = `SELECT ${fields.join(', ')} FROM ${objectType}${where} ORDER BY SystemModstamp ASC, Id ASC`;
		yield* this.typed(objectType, this.query(soql, { limit: options.limit }));
	}

	/**
	 * Records by id, 200 ids per SOQL `WHERE Id IN (...)` (keeps the URL well
	 * under Salesforce's length limit); ids that no longer exist are left out.
	 */
	async *getMany(objectType: string, ids: string[], properties?: string[]): AsyncGenerator<CrmRecord> {
		const fields = await this.selectFields(assertApiName(objectType), properties);
		for (let i = 0; i < ids.length; i += SALESFORCE_BATCH_SIZE) {
			const list = ids.slice(i, i + SALESFORCE_BATCH_SIZE).map(soqlString).join(', ');
			yield* this.typed(objectType, this.query(`SELECT ${fields.join(', ')} FROM ${objectType} WHERE Id IN (${list})`));
		}
	}

	/**
	 * sObject Collections upsert only by an External ID field, and no standard
	 * field the neutral keys use (Email, Name) is one; a key column chosen as
	 * an external id goes through the caller's own field override.
	 */
	upsertKey(): string | undefined {
		return undefined;
	}

	private async *typed(objectType: string, records: AsyncIterable<CrmRecord>): AsyncGenerator<CrmRecord> {
		for await (const record of records) yield record.objectType ? record : { ...record, objectType };
	}

	/**
	 * SOSL full-text search (`GET /search?q=FIND {term} IN ALL FIELDS RETURNING
	 * Object(fields LIMIT n)`). Salesforce returns at most 2,000 results and no
	 * further pages; the term needs at least two characters.
	 */
	async search(objectType: string, term: string, options: { properties?: string[]; limit?: number; scope?: string } = {}): Promise<CrmRecord[]> {
		const fields = await this.selectFields(assertApiName(objectType), options.properties);
		const limit = Math.min(options.limit ?? 2000, 2000);
		const scope = options.scope ?? 'ALL FIELDS';
		const q = `FIND {${soslTerm(term)}} IN ${scope} RETURNING ${objectType}(${fields.join(', ')} LIMIT ${limit})`;
		const { body } = await this.request({ method: 'GET', path: '/search', qs: { q } });
		const found = (Array.isArray(body) ? body : ((body as IDataObject).searchRecords ?? [])) as IDataObject[];
		return found.map((r) => toRecord(objectType, r));
	}

	/** GET /sobjects/{type}/{id}[?fields=] or, by an external id field, /sobjects/{type}/{field}/{value}. */
	async get(objectType: string, id: string, properties?: string[], idField?: string, itemIndex?: number): Promise<CrmRecord> {
		const type = assertApiName(objectType);
		const path = idField ? `/sobjects/${type}/${assertApiName(idField, 'field')}/${enc(id)}` : `/sobjects/${type}/${enc(id)}`;
		const qs = properties?.length ? { fields: properties.join(',') } : undefined;
		const { body } = await this.request({ method: 'GET', path, qs, itemIndex });
		return toRecord(type, body);
	}

	private records(objectType: string, inputs: IDataObject[]): IDataObject[] {
		return inputs.map((fields) => ({ attributes: { type: objectType }, ...fields }));
	}

	/**
	 * POST /composite/sobjects, up to 200 records. Never sent twice after an
	 * ambiguous failure (a 5xx or reset connection may come after Salesforce
	 * saved the records).
	 */
	async createMany(objectType: string, inputs: IDataObject[], options?: WriteOptions): Promise<RecordOutcome[]> {
		const type = assertApiName(objectType);
		this.assertSize(inputs.length);
		const { body } = await this.request<unknown>({
			method: 'POST',
			path: '/composite/sobjects',
			body: { allOrNone: this.allOrNone(options), records: this.records(type, inputs) },
			write: true,
		});
		return collectionOutcomes(type, inputs.length, body, (i) => inputs[i]);
	}

	/** PATCH /composite/sobjects, by record id. Saving the same values twice is harmless, so it is retried. */
	async updateMany(objectType: string, inputs: Array<{ id: string; properties: IDataObject }>, options?: WriteOptions): Promise<RecordOutcome[]> {
		const type = assertApiName(objectType);
		this.assertSize(inputs.length);
		const { body } = await this.request<unknown>({
			method: 'PATCH',
			path: '/composite/sobjects',
			body: {
				allOrNone: this.allOrNone(options),
				records: inputs.map((input) => ({ attributes: { type }, ...input.properties, id: input.id })),
			},
			idempotent: true,
			write: true,
		});
		return collectionOutcomes(type, inputs.length, body, (i) => inputs[i].properties, (i) => inputs[i].id);
	}

	/** PATCH /composite/sobjects/{type}/{externalIdField}: create or update by an external id field (results carry `created`). */
	async upsertMany(
		objectType: string,
		idProperty: string,
		inputs: Array<{ id: string; properties: IDataObject }>,
		options?: WriteOptions,
	): Promise<RecordOutcome[]> {
		const type = assertApiName(objectType);
		const field = assertApiName(idProperty, 'field');
		this.assertSize(inputs.length);
		const { body } = await this.request<unknown>({
			method: 'PATCH',
			path: `/composite/sobjects/${type}/${field}`,
			body: {
				allOrNone: this.allOrNone(options),
				records: inputs.map((input) => ({ attributes: { type }, ...input.properties, [field]: input.id })),
			},
			idempotent: true,
			write: true,
		});
		return collectionOutcomes(type, inputs.length, body, (i) => ({ ...inputs[i].properties, [field]: inputs[i].id }));
	}

	/** DELETE /composite/sobjects?ids=...&allOrNone=, up to 200 ids (deleted records go to the recycle bin). */
	async deleteMany(objectType: string, ids: string[], options?: WriteOptions): Promise<RecordOutcome[]> {
		const type = assertApiName(objectType);
		this.assertSize(ids.length);
		const { body } = await this.request<unknown>({
			method: 'DELETE',
			path: '/composite/sobjects',
			qs: { ids: ids.join(','), allOrNone: this.allOrNone(options) },
			write: true,
		});
		const outcomes = collectionOutcomes(type, ids.length, body, () => ({}), (i) => ids[i]);
		for (const o of outcomes) if (o.ok) o.record.archived = true;
		return outcomes;
	}

	/**
	 * Whether a write of `count` records goes through Bulk API 2.0. Never with
	 * "All or Nothing": a Bulk API job cannot roll back the records it saved.
	 */
	useBulk(count: number): boolean {
		const threshold = this.writeOptions.bulkThreshold ?? BULK_DEFAULT_THRESHOLD;
		return threshold > 0 && count >= threshold && !this.writeOptions.allOrNone;
	}

	private ingest(spec: Parameters<typeof runIngest>[1]): Promise<RowResult[]> {
		return runIngest({ request: (call) => this.request(call), clock: this.settings.clock, maxWaitMs: this.writeOptions.bulkMaxWaitMs }, spec);
	}

	/**
	 * Upsert through a Bulk API 2.0 job. External id values must be unique (the
	 * action merges items that share one): results are matched back by them.
	 * A property an input leaves out stays as it is; null or '' clears it.
	 */
	async bulkUpsert(objectType: string, idProperty: string, inputs: Array<{ id: string; properties: IDataObject }>): Promise<RecordOutcome[]> {
		const type = assertApiName(objectType);
		const field = assertApiName(idProperty, 'field');
		const seen = new Set<string>();
		for (const input of inputs) {
			if (seen.has(input.id)) throw new Error(`External id value "${input.id}" appears twice in one Bulk API job`);
			seen.add(input.id);
		}
		const names = new Set<string>();
		for (const input of inputs) for (const key of Object.keys(input.properties)) if (key !== field) names.add(assertApiName(key, 'field'));
		const columns = [field, ...[...names].sort()];
		const rows = inputs.map((input) => [input.id, ...columns.slice(1).map((c) => bulkCell(input.properties[c]))]);
		const results = await this.ingest({ object: type, operation: 'upsert', externalIdFieldName: field, columns, keyColumn: field, rows });
		return this.bulkOutcomes(type, results, (i) => ({ ...inputs[i].properties, [field]: inputs[i].id }));
	}

	/** Delete through a Bulk API 2.0 job (a CSV of Ids); an id named twice is deleted once and both get the result. */
	async bulkDelete(objectType: string, ids: string[]): Promise<RecordOutcome[]> {
		const type = assertApiName(objectType);
		const unique: string[] = [];
		const slot = new Map<string, number>();
		for (const id of ids) {
			if (!slot.has(sameId(id))) {
				slot.set(sameId(id), unique.length);
				unique.push(id.trim());
			}
		}
		const results = await this.ingest({ object: type, operation: 'delete', columns: ['Id'], keyColumn: 'Id', rows: unique.map((id) => [id]), normalize: sameId });
		const outcomes = this.bulkOutcomes(type, results, () => ({}));
		return ids.map((id, index) => {
			const outcome = { ...outcomes[slot.get(sameId(id)) as number], index };
			if (!outcome.ok) return outcome;
			// Bulk results say sf__Created=false for a delete; the collection path reports no such flag.
			const raw = { ...outcome.record.raw };
			delete raw.created;
			return { ...outcome, created: undefined, record: { ...outcome.record, archived: true, raw } };
		});
	}

	private bulkOutcomes(type: string, results: RowResult[], fieldsOf: (index: number) => IDataObject): RecordOutcome[] {
		return results
			.slice()
			.sort((a, b) => a.row - b.row)
			.map((r): RecordOutcome => {
				if (!r.ok) {
					const context: IDataObject = {};
					if (r.id) context.id = r.id;
					if (r.jobId) context.bulkJobId = r.jobId;
					return { index: r.row, ok: false, message: r.message, code: r.code, context: Object.keys(context).length ? context : undefined, ...(r.issues ? { issues: r.issues } : {}) };
				}
				const record = toRecord(type, { attributes: { type }, Id: r.id, ...fieldsOf(r.row) });
				record.raw = { id: r.id, success: true, errors: [], ...(r.created === undefined ? {} : { created: r.created }), bulkJobId: r.jobId };
				return { index: r.row, ok: true, record, created: r.created };
			});
	}

	/** A call's own `allOrNone` wins over the connector's default (the action node's "All or Nothing"). */
	private allOrNone(options: WriteOptions | undefined): boolean {
		return Boolean(options?.allOrNone ?? this.writeOptions.allOrNone);
	}

	private assertSize(n: number): void {
		if (n > SALESFORCE_BATCH_SIZE) throw new Error(`sObject Collections take at most ${SALESFORCE_BATCH_SIZE} records per call, got ${n}`);
	}

	/** GET /sobjects/{type}/describe, once per connector (one execution). */
	describe(objectType: string): Promise<IDataObject> {
		const type = assertApiName(objectType);
		let cached = this.describeCache.get(type);
		if (!cached) {
			cached = this.request({ method: 'GET', path: `/sobjects/${type}/describe` }).then((r) => r.body);
			cached.catch(() => this.describeCache.delete(type));
			this.describeCache.set(type, cached);
		}
		return cached;
	}

	async describeFields(objectType: string): Promise<FieldDescription[]> {
		const body = await this.describe(objectType);
		return ((body.fields ?? []) as IDataObject[]).map((f) => ({
			name: String(f.name),
			label: String(f.label ?? f.name),
			type: String(f.type ?? 'string'),
			options: ((f.picklistValues ?? []) as IDataObject[])
				.filter((p) => p.active !== false)
				.map((p) => ({ label: String(p.label ?? p.value), value: String(p.value) })),
			readOnly: !f.createable && !f.updateable,
			unique: Boolean(f.externalId) || Boolean(f.unique),
		}));
	}

	/** The external id fields of an object: the keys sObject Collections upsert accepts. */
	async externalIdFields(objectType: string): Promise<FieldDescription[]> {
		const body = await this.describe(objectType);
		const external = new Set(((body.fields ?? []) as IDataObject[]).filter((f) => f.externalId).map((f) => String(f.name)));
		return (await this.describeFields(objectType)).filter((f) => external.has(f.name));
	}

	// ---- the CRM-neutral nodes (connector/neutral.ts) ---------------------

	async connectionInfo(): Promise<ConnectionInfo> {
		const { body: user } = await this.request({ method: 'GET', path: '/services/oauth2/userinfo' });
		const { body: limits } = await this.request({ method: 'GET', path: '/limits' });
		return salesforceConnectionInfo(user ?? {}, limits ?? {});
	}

	/** An exact match by SOQL (a phone tries Phone, then MobilePhone); free text by SOSL. */
	async findNeutral(kind: NeutralType, query: NeutralQuery, options: FindOptions): Promise<CrmRecord[]> {
		const objectType = NEUTRAL_SOBJECT[kind];
		if ('text' in query) return this.search(objectType, query.text, { properties: options.properties, limit: options.limit });
		const fields = await this.selectFields(objectType, options.properties);
		const found = new Map<string, CrmRecord>();
		for (const condition of salesforceMatchConditions(kind, query)) {
			if (found.size >= options.limit) break;
			const soql = `SELECT ${fields.join(', ')} FROM ${objectType} WHERE ${condition} ORDER BY CreatedDate ASC LIMIT ${Math.floor(options.limit)}`;
			for await (const record of this.typed(objectType, this.query(soql, { limit: options.limit }))) if (!found.has(record.id)) found.set(record.id, record);
		}
		return [...found.values()].slice(0, options.limit);
	}

	async recordUrl(objectType: string, id: string): Promise<string | undefined> {
		return salesforceRecordUrl(this.settings.instanceUrl, objectType, id);
	}

	/** The events whose WhoId is the contact, newest first. */
	async appointmentsOf(contactId: string, options: FindOptions): Promise<CrmRecord[]> {
		const fields = await this.selectFields('Event', options.properties);
		const soql = `SELECT ${fields.join(', ')} FROM Event WHERE WhoId = ${soqlString(contactId)} ORDER BY StartDateTime DESC LIMIT ${Math.floor(options.limit)}`;
		const out: CrmRecord[] = [];
		for await (const record of this.typed('Event', this.query(soql, { limit: options.limit }))) out.push(record);
		return out;
	}

	toNeutral(type: NeutralType, record: CrmRecord): IDataObject {
		return salesforceToNeutral(type, record);
	}

	fromNeutral(type: NeutralType, neutral: IDataObject): IDataObject {
		return neutralToSalesforce(type, neutral);
	}

	/** Converts leads (SOAP API convertLead, up to 100 per call); results in input order. */
	convertLeads(inputs: LeadConvertInput[]): Promise<RecordOutcome[]> {
		return convertLeads(this.ctx, this.settings, inputs);
	}

	/** Labels of the lead statuses that mark a lead converted: the values convertLead accepts as convertedStatus. */
	async convertedStatuses(): Promise<string[]> {
		const labels: string[] = [];
		for await (const status of this.query('SELECT MasterLabel FROM LeadStatus WHERE IsConverted = true')) {
			const label = status.properties.MasterLabel;
			if (typeof label === 'string' && label) labels.push(label);
		}
		return labels;
	}
}
