import type { IDataObject } from 'n8n-workflow';
import { perRecord, runPool } from '../../../shared/batching/pool';
import { neutralToVendor, vendorToNeutral } from '../../../shared/model/fieldMap';
import { pageNumberPaging } from '../../../shared/paging';
import type { ConnectionInfo, FindOptions, NeutralQuery } from '../../../shared/neutralOps';
import type { ChangedSince, CrmConnector, CrmRecord, FieldDescription, ListOptions, NeutralType, RecordOutcome, RequestContext } from '../../../shared/types';
import { restCrmRequest, type RestCrmCall, type RestCrmSettings } from '../transport/restCrmApi';
import { CustomResourceClient } from './customClient';
import type { CustomResource } from './customResource';
import { customTable, neutralToRestCrm, restCrmToNeutral } from './mapping';
import { matchValue, restCrmConnectionInfo, restCrmMatchFields } from './neutral';
import { failed, toRecord } from './records';
import { CUSTOM_OBJECT_TYPE, RESOURCES, resourceOf, standardTypeOf } from './resources';

/** The standard API's largest page (`per_page`, GENERIC-API.md). */
export const REST_CRM_PAGE_SIZE = 100;

/** Ids one `?id=1,2,3` filter carries (one page of 100). */
const IDS_PER_CALL = REST_CRM_PAGE_SIZE;

const enc = encodeURIComponent;

export interface RestCrmListOptions extends ListOptions {
	/** Filters (`status=open,blocked`, `client_id=3`): any field of the resource, a comma list meaning any of. */
	filters?: IDataObject;
	/** A sub-collection instead of the resource's own (`/projects/3/tasks`). */
	path?: string;
	sort?: string;
	itemIndex?: number;
}

/**
 * The standard REST CRM API (GENERIC-API.md) and one user-described custom
 * resource. The API has no batch writes: one call per record, a few in flight,
 * paced by the credential's budget and the API's rate-limit headers. No upsert
 * endpoint either: an upsert finds the record by its key (`?email=`) and then
 * updates or creates it.
 */
export class RestCrmConnector implements CrmConnector {
	readonly vendor = 'restCrm';

	readonly maxBatchSize = 100;

	/** The action node's in-node custom resource (object type `custom`). */
	readonly custom?: CustomResourceClient;

	/**
	 * The credential's custom resource, standing in for the standard resource
	 * of its neutral kind (`contacts` for contact): what the CRM Sync and CRM
	 * nodes read and write for that kind.
	 */
	readonly standIn?: CustomResourceClient;

	constructor(
		private readonly ctx: RequestContext,
		readonly settings: RestCrmSettings,
		customResource?: CustomResource,
		standIn?: CustomResource,
	) {
		const send = <T = IDataObject>(call: RestCrmCall) => this.request<T>(call);
		if (customResource) this.custom = new CustomResourceClient(customResource, send, settings.baseUrl);
		if (standIn) this.standIn = new CustomResourceClient(standIn, send, settings.baseUrl, standardTypeOf(standIn));
	}

	request<T = IDataObject>(call: RestCrmCall) {
		return restCrmRequest<T>(this.ctx, this.settings, call);
	}

	/** The user-described resource an object type is served by, if any: `custom` (the node's) or the stand-in's standard type. */
	private customFor(objectType: string): CustomResourceClient | undefined {
		if (objectType === CUSTOM_OBJECT_TYPE) {
			if (!this.custom) throw new Error('No custom resource is described: set the Custom Resource fields');
			return this.custom;
		}
		return this.standIn && objectType === this.standIn.objectType ? this.standIn : undefined;
	}

	/** The user-described resource holding records of a neutral kind: the credential's first, else the node's. */
	private customOfKind(kind: NeutralType): CustomResourceClient | undefined {
		if (this.standIn?.resource.kind === kind) return this.standIn;
		return this.custom?.resource.kind === kind ? this.custom : undefined;
	}

	// ---- reads -------------------------------------------------------------

	/** One page of a list: `{ data, meta: { page, total_pages } }`. */
	async listPage(path: string, qs: IDataObject, page: number, perPage: number, itemIndex?: number): Promise<{ items: IDataObject[]; hasMore: boolean }> {
		const { body } = await this.request({ method: 'GET', path, qs: { ...qs, page, per_page: perPage }, itemIndex });
		const items = (Array.isArray(body?.data) ? body.data : []) as IDataObject[];
		const meta = (body?.meta ?? {}) as IDataObject;
		const totalPages = Number(meta.total_pages);
		return { items, hasMore: Number.isFinite(totalPages) ? page < totalPages : items.length >= perPage };
	}

	/** Records of a resource (or of a sub-collection), filtered, up to `limit`. */
	list(objectType: string, options: RestCrmListOptions = {}): AsyncIterable<CrmRecord> {
		const custom = this.customFor(objectType);
		if (custom) return custom.list({ limit: options.limit, qs: options.filters, itemIndex: options.itemIndex });
		const spec = resourceOf(objectType);
		const path = options.path ?? `/${spec.objectType}`;
		const qs: IDataObject = { ...(options.filters ?? {}) };
		if (options.sort) qs.sort = options.sort;
		return this.records(objectType, (page, size) => this.listPage(path, qs, page, size, options.itemIndex), options.limit);
	}

	private async *records(objectType: string, fetch: (page: number, size: number) => Promise<{ items: IDataObject[]; hasMore: boolean }>, limit?: number): AsyncGenerator<CrmRecord> {
		const pages = pageNumberPaging(
			async (page, size) => {
				const { items, hasMore } = await fetch(page, size);
				return { items, hasMore };
			},
			{ limit, maxPageSize: REST_CRM_PAGE_SIZE },
		);
		for await (const raw of pages) yield toRecord(objectType, raw);
	}

	/** `GET /<resource>?updated_since=<since>&sort=updated_at`: changes oldest first, the API sorting them. */
	async *listChanged(objectType: string, options: ChangedSince = {}): AsyncGenerator<CrmRecord> {
		const custom = this.customFor(objectType);
		if (custom) {
			yield* await custom.listChanged(options.since, options.limit);
			return;
		}
		const filters: IDataObject = options.since ? { updated_since: options.since } : {};
		yield* this.list(objectType, { filters, sort: 'updated_at', limit: options.limit });
	}

	async get(objectType: string, id: string, _properties?: string[], itemIndex?: number): Promise<CrmRecord> {
		const custom = this.customFor(objectType);
		if (custom) return await custom.get(id, itemIndex);
		const spec = resourceOf(objectType);
		const { body } = await this.request({ method: 'GET', path: `/${spec.objectType}/${enc(id)}`, itemIndex });
		return toRecord(objectType, (body?.data ?? {}) as IDataObject);
	}

	/** Standard resources: `?id=1,2,3` (100 ids a call); the custom resource: one GET per id (404: gone). */
	async *getMany(objectType: string, ids: string[]): AsyncGenerator<CrmRecord> {
		const custom = this.customFor(objectType);
		if (custom) {
			const found = await runPool(ids, this.settings.concurrency, (id) => custom.find(id));
			for (const record of found) if (record) yield record;
			return;
		}
		const numeric = ids.filter((id) => /^\d+$/.test(id));
		for (let i = 0; i < numeric.length; i += IDS_PER_CALL) {
			yield* this.list(objectType, { filters: { id: numeric.slice(i, i + IDS_PER_CALL).join(',') } });
		}
	}

	// ---- writes (one call per record) --------------------------------------

	private pool<T>(inputs: T[], task: (input: T, index: number) => Promise<RecordOutcome>): Promise<RecordOutcome[]> {
		return perRecord(inputs, this.settings.concurrency, task, failed);
	}

	async createOne(objectType: string, properties: IDataObject, itemIndex?: number): Promise<CrmRecord> {
		const custom = this.customFor(objectType);
		if (custom) return await custom.create(properties, itemIndex);
		const spec = resourceOf(objectType);
		// Never repeated after an ambiguous failure (the shared transport's rule): it may have been stored.
		const { body } = await this.request({ method: 'POST', path: `/${spec.objectType}`, body: properties, itemIndex });
		return toRecord(objectType, (body?.data ?? {}) as IDataObject);
	}

	/** PATCH: only the given fields change; the same values twice is harmless, so it is retried. */
	async updateOne(objectType: string, id: string, properties: IDataObject, itemIndex?: number): Promise<CrmRecord> {
		const custom = this.customFor(objectType);
		if (custom) return await custom.update(id, properties, itemIndex);
		const spec = resourceOf(objectType);
		const { body } = await this.request({ method: 'PATCH', path: `/${spec.objectType}/${enc(id)}`, body: properties, idempotent: true, itemIndex });
		return toRecord(objectType, (body?.data ?? {}) as IDataObject);
	}

	async deleteOne(objectType: string, id: string, itemIndex?: number): Promise<void> {
		const custom = this.customFor(objectType);
		if (custom) return await custom.delete(id, itemIndex);
		const spec = resourceOf(objectType);
		await this.request({ method: 'DELETE', path: `/${spec.objectType}/${enc(id)}`, itemIndex });
	}

	createMany(objectType: string, inputs: IDataObject[]): Promise<RecordOutcome[]> {
		return this.pool(inputs, async (properties, index) => ({ index, ok: true, record: await this.createOne(objectType, properties), created: true }));
	}

	updateMany(objectType: string, inputs: Array<{ id: string; properties: IDataObject }>): Promise<RecordOutcome[]> {
		return this.pool(inputs, async (input, index) => ({ index, ok: true, record: await this.updateOne(objectType, input.id, input.properties), created: false }));
	}

	/**
	 * By a field that identifies a record (`email`): the record with that value
	 * (a list filtered on it) is updated, else one is created with it. Two
	 * records with the value: that input fails naming both, nothing is written.
	 * The find-then-write is not atomic (the API has no upsert): a concurrent
	 * writer of the same key may create a second record.
	 */
	upsertMany(objectType: string, idProperty: string, inputs: Array<{ id: string; properties: IDataObject }>): Promise<RecordOutcome[]> {
		return this.pool(inputs, async (input, index) => {
			const found: CrmRecord[] = [];
			for await (const record of this.list(objectType, { filters: { [idProperty]: input.id }, limit: 2 })) found.push(record);
			if (found.length > 1) throw new Error(`${found.length} records have ${idProperty} "${input.id}" (ids ${found.map((r) => r.id).join(', ')}): not written`);
			if (found.length === 1) return { index, ok: true, record: await this.updateOne(objectType, found[0].id, input.properties), created: false };
			return { index, ok: true, record: await this.createOne(objectType, { [idProperty]: input.id, ...input.properties }), created: true };
		});
	}

	/** `DELETE /<resource>/{id}`, one call per record (a record already gone answers 404: failed in place). */
	deleteMany(objectType: string, ids: string[]): Promise<RecordOutcome[]> {
		return this.pool(ids, async (id, index) => {
			await this.deleteOne(objectType, id);
			return { index, ok: true, record: { id, objectType, properties: {}, archived: true, raw: { id, deleted: true } } };
		});
	}

	/** Contacts by e-mail (unique in the API); a custom resource by the field its map gives e-mail. */
	upsertKey(kind: NeutralType, neutralField: string): string | undefined {
		const custom = this.customOfKind(kind);
		if (custom) return custom.resource.fieldMap?.[neutralField];
		// The node's custom resource holds records of another kind (or none): no key.
		if (this.custom) return undefined;
		if (kind === 'contact' && neutralField === 'email') return 'email';
		return undefined;
	}

	/** The API has no field metadata: the standard resources' documented fields, or the custom resource's mapped ones. */
	async describeFields(objectType: string): Promise<FieldDescription[]> {
		const custom = this.customFor(objectType);
		if (custom) {
			const r = custom.resource;
			const names = [r.idField, ...Object.values(r.fieldMap ?? {}), r.updatedField];
			return [...new Set(names)].map((name) => ({ name, label: name, type: 'string', readOnly: name === r.idField || name === r.updatedField }));
		}
		const spec = resourceOf(objectType);
		return [
			{ name: 'id', label: 'ID', type: 'number', readOnly: true },
			...spec.fields.map((f) => ({
				name: f.name,
				label: f.name,
				type: f.type,
				options: f.options?.map((o) => ({ label: o, value: o })),
				unique: f.unique,
			})),
			{ name: 'created_at', label: 'created_at', type: 'dateTime', readOnly: true },
			{ name: 'updated_at', label: 'updated_at', type: 'dateTime', readOnly: true },
		];
	}

	// ---- the CRM-neutral nodes (shared/neutralOps.ts) ------------------------

	/** `GET /auth/me`: the principal the credential acts as; the account is the API root (the API names none). */
	async connectionInfo(): Promise<ConnectionInfo> {
		const res = await this.request({ method: 'GET', path: '/auth/me' });
		return restCrmConnectionInfo(res.body, res.headers as IDataObject, this.settings.baseUrl, (this.settings.clock ?? { now: Date.now }).now());
	}

	/**
	 * An exact match is a list filtered on the field (`?email=`; several fields
	 * tried in turn, e.g. phone then mobile phone); free text is `?q=`. A kind
	 * held by the credential's custom resource is matched on the field its map
	 * gives the neutral field, and has no text search (a description names none).
	 */
	async findNeutral(kind: NeutralType, query: NeutralQuery, options: FindOptions): Promise<CrmRecord[]> {
		const collect = async (objectType: string, filters: IDataObject) => {
			const out: CrmRecord[] = [];
			for await (const record of this.list(objectType, { filters, limit: options.limit })) out.push(record);
			return out;
		};
		const custom = this.customOfKind(kind);
		if (custom && custom === this.standIn) {
			if ('text' in query) throw new Error(`REST CRM cannot search the custom resource "${custom.resource.name}" by text (a described resource has no search parameter)`);
			const field = custom.resource.fieldMap?.[query.field];
			if (!field) throw new Error(`REST CRM cannot match a ${kind} by ${query.field} (the custom resource's field map has no ${query.field})`);
			return await collect(custom.objectType, { [field]: matchValue(query.field, query.value) });
		}
		const spec = RESOURCES.find((r) => r.kind === kind);
		if (!spec) throw new Error(`REST CRM cannot find ${kind} records (the standard API has no resource for them)`);
		if ('text' in query) return await collect(spec.objectType, { q: query.text });
		for (const field of restCrmMatchFields(kind, query.field)) {
			const found = await collect(spec.objectType, { [field]: matchValue(query.field, query.value) });
			if (found.length) return found;
		}
		return [];
	}

	/** The contact's activities (`GET /activities?contact_id=`): Sync Appointment finds a re-sent booking among them. */
	async appointmentsOf(contactId: string, options: FindOptions): Promise<CrmRecord[]> {
		const out: CrmRecord[] = [];
		for await (const record of this.list('activities', { filters: { contact_id: contactId }, limit: options.limit })) out.push(record);
		return out;
	}

	// ---- neutral model -----------------------------------------------------

	toNeutral(type: NeutralType, record: CrmRecord): IDataObject {
		const client = this.customFor(record.objectType);
		if (client) {
			const r = client.resource;
			const system = new Set([r.idField, r.updatedField, r.createdField ?? r.idField]);
			const { fields, custom } = vendorToNeutral(customTable(r.fieldMap ?? {}), record.properties, { system });
			const out: IDataObject = { id: record.id, ...fields };
			if (record.createdAt) out.createdAt = record.createdAt;
			if (record.updatedAt) out.updatedAt = record.updatedAt;
			out.custom = custom;
			return out;
		}
		return restCrmToNeutral(type, record);
	}

	fromNeutral(type: NeutralType, neutral: IDataObject): IDataObject {
		const client = this.customOfKind(type);
		if (client) {
			const r = client.resource;
			return neutralToVendor(customTable(r.fieldMap ?? {}), neutral, { system: new Set([r.idField, r.updatedField, r.createdField ?? r.idField]) });
		}
		return neutralToRestCrm(type, neutral);
	}
}
