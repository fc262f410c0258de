import type { IDataObject } from 'n8n-workflow';
import { failedOutcome } from '../../../shared/batching/pool';
import { getPath } from '../../../shared/model/fieldMap';
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
import { errorText, type GraphqlError } from '../transport/errors';
import { dataOrThrow, graphqlCall, type GraphqlAnswer, type GraphqlOperation, type GraphqlSettings } from '../transport/graphqlApi';
import { ALIAS_PREFIX, aliasedMutation, errorFields, errorsByAlias, firstCode } from './aliases';
import { INTROSPECTION_QUERY, namedType, readSchema, typeFields, typeText, type Schema } from './introspection';
import type { ConnectionInfo, FindOptions, NeutralQuery } from '../../../shared/neutralOps';
import { fieldTable, graphqlToNeutral, neutralToGraphql } from './mapping';
import { graphqlConnectionInfo, neutralMatches, searchText } from './neutral';
import { pageRecords, type PagingSpec } from './paging';
import { definitionError, kindOfObject, parseResources, type GraphqlKind, type MutationSpec, type ResourceSpec } from './resources';

/** A time as ISO 8601 UTC, or undefined when it is none. */
function iso(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const ms = typeof value === 'number' ? value : Date.parse(String(value));
	return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

type Failure = Extract<RecordOutcome, { ok: false }>;

/**
 * The generic GraphQL CRM's connector: every operation is the user's own
 * GraphQL, described once in the credential's resource definition
 * (resources.ts). Reads page through the shared strategies; writes go as
 * aliased mutations, many inputs per request, each alias's errors mapped back
 * to its input; every call is paced by the request and cost budgets
 * (transport/).
 */
export class GraphqlCrmConnector implements CrmConnector {
	readonly vendor = 'graphql';

	/** Writes of one call: aliases per request times requests; the resource's `batchSize` splits them. */
	readonly maxBatchSize = 250;

	private parsed?: Partial<Record<GraphqlKind, ResourceSpec>>;

	private schema?: Promise<Schema>;

	constructor(
		private readonly ctx: RequestContext,
		readonly settings: GraphqlSettings,
	) {}

	call(op: GraphqlOperation): Promise<GraphqlAnswer> {
		return graphqlCall(this.ctx, this.settings, op);
	}

	/** A query's data; an answer with errors fails the read (a partial page would lose records unnoticed). */
	async query(query: string, variables: IDataObject, itemIndex?: number): Promise<IDataObject> {
		const answer = await this.call({ query, variables, itemIndex });
		const data = dataOrThrow(this.ctx, this.settings, answer, itemIndex);
		if (answer.errors?.length) dataOrThrow(this.ctx, this.settings, { ...answer, data: null }, itemIndex);
		return data;
	}

	get resources(): Partial<Record<GraphqlKind, ResourceSpec>> {
		this.parsed ??= parseResources(this.settings.resources);
		return this.parsed;
	}

	resource(objectType: string): ResourceSpec {
		const kind = kindOfObject(objectType) as GraphqlKind;
		const spec = this.resources[kind];
		if (!spec) throw definitionError(`The GraphQL CRM credential's resource definition has no "${kind}" entry: add one to list, read and write ${kind} records`);
		return spec;
	}

	/** The resource if the definition has it (mapping works without one: the default table). */
	private maybeResource(kind: NeutralType): ResourceSpec | undefined {
		try {
			return this.resources[kind as GraphqlKind];
		} catch {
			return undefined;
		}
	}

	toRecord(spec: ResourceSpec, raw: IDataObject): CrmRecord {
		const id = getPath(raw, spec.idField);
		if (id === undefined || id === null || id === '') throw new Error(`A ${spec.kind} record has no "${spec.idField}" (the resource's idField): add it to the query's selection`);
		return {
			id: String(id),
			objectType: spec.kind,
			properties: raw,
			createdAt: iso(getPath(raw, spec.createdAtField ?? 'createdAt')),
			updatedAt: iso(getPath(raw, spec.updatedAtField)),
			raw,
		};
	}

	// ---- reads -------------------------------------------------------------

	/** The records of a listing query (the list query, or the search query), page by page. */
	private async *listing(spec: ResourceSpec, extra: IDataObject, limit?: number, itemIndex?: number, listing: PagingSpec & { query: string } = spec.list): AsyncGenerator<CrmRecord> {
		const fetch = (paging: IDataObject) => this.query(listing.query, { ...extra, ...paging }, itemIndex);
		for await (const raw of pageRecords(listing, fetch, limit)) yield this.toRecord(spec, raw);
	}

	list(objectType: string, options: ListOptions & { itemIndex?: number } = {}): AsyncIterable<CrmRecord> {
		return this.listing(this.resource(objectType), {}, options.limit, options.itemIndex);
	}

	/**
	 * Records modified at or after `since`, oldest first: the list query with
	 * its "modified since" variable. The server's order is not relied on (a
	 * generic API may sort by anything): the changes are read, filtered by the
	 * updated-at field and sorted here, so the cost is the number of changes.
	 */
	async *listChanged(objectType: string, options: ChangedSince = {}): AsyncGenerator<CrmRecord> {
		const spec = this.resource(objectType);
		const since = options.since ? Date.parse(options.since) : undefined;
		const extra = options.since ? { [spec.list.sinceVariable]: options.since } : {};
		const at = (r: CrmRecord) => Date.parse(r.updatedAt ?? r.createdAt ?? '');
		const changed: CrmRecord[] = [];
		for await (const record of this.listing(spec, extra)) {
			if (since !== undefined && Number.isFinite(at(record)) && at(record) < since) continue;
			changed.push(record);
		}
		changed.sort((a, b) => (at(a) || 0) - (at(b) || 0));
		yield* options.limit === undefined ? changed : changed.slice(0, options.limit);
	}

	async get(objectType: string, id: string, properties?: string[], itemIndex?: number): Promise<CrmRecord> {
		for await (const record of this.getMany(objectType, [id], properties, itemIndex)) return record;
		throw new Error(`${kindOfObject(objectType)} ${id} was not found`);
	}

	async *getMany(objectType: string, ids: string[], _properties?: string[], itemIndex?: number): AsyncGenerator<CrmRecord> {
		const spec = this.resource(objectType);
		const wanted = new Set(ids.map(String));
		for (let i = 0; i < ids.length; i += spec.getByIds.max) {
			const chunk = ids.slice(i, i + spec.getByIds.max);
			const data = await this.query(spec.getByIds.query, { [spec.getByIds.idsVariable]: chunk }, itemIndex);
			const list = getPath(data, spec.getByIds.path);
			if (list === undefined) throw new Error(`The answer of getByIds has no "${spec.getByIds.path}": check the resource's getByIds.path`);
			for (const raw of (Array.isArray(list) ? list : [list]) as IDataObject[]) {
				if (!raw || typeof raw !== 'object') continue;
				const record = this.toRecord(spec, raw);
				if (wanted.has(record.id)) yield record;
			}
		}
	}

	// ---- writes ------------------------------------------------------------

	private needs(spec: ResourceSpec, what: 'create' | 'update' | 'delete' | 'upsert'): MutationSpec {
		const m = spec[what];
		if (!m) throw definitionError(`The resource definition of "${spec.kind}" has no ${what} mutation`);
		return m;
	}

	/**
	 * Sends inputs as aliased mutations, `batchSize` per request, one request
	 * after another (the cost budget paces them). Each input's outcome: its
	 * alias's result, or its alias's errors; errors naming no alias, or a
	 * request that failed as a whole, fail every input of that request.
	 */
	async aliased(
		batchSize: number,
		mutation: Pick<MutationSpec, 'field' | 'variables'>,
		operationName: string,
		values: IDataObject[],
		done: (result: IDataObject, index: number) => RecordOutcome,
	): Promise<RecordOutcome[]> {
		const outcomes: RecordOutcome[] = [];
		for (let start = 0; start < values.length; start += batchSize) {
			const chunk = values.slice(start, start + batchSize);
			const doc = aliasedMutation(operationName, mutation.field, mutation.variables, chunk);
			let answer: GraphqlAnswer;
			try {
				answer = await this.call({ query: doc.query, variables: doc.variables, write: true });
			} catch (error) {
				chunk.forEach((_, i) => outcomes.push(failedOutcome(start + i, error)));
				continue;
			}
			const { byIndex, general } = errorsByAlias(answer.errors, chunk.length);
			const data = (answer.data ?? {}) as IDataObject;
			chunk.forEach((_, i) => {
				const index = start + i;
				const own = byIndex[i];
				const result = data[`${ALIAS_PREFIX}${i}`] as IDataObject | null | undefined;
				if (own.length || result === null || result === undefined) {
					outcomes.push(this.failure(index, own.length ? own : general, answer));
					return;
				}
				try {
					outcomes.push(done(result, index));
				} catch (error) {
					outcomes.push(failedOutcome(index, error));
				}
			});
		}
		return outcomes;
	}

	private failure(index: number, errors: GraphqlError[], answer: GraphqlAnswer): Failure {
		const message = errorText(errors) || `The server answered ${answer.statusCode} without a result for this record`;
		const fields = errorFields(errors);
		const out: Failure = { index, ok: false, message, status: answer.statusCode >= 400 ? answer.statusCode : undefined };
		const code = firstCode(errors);
		if (code) out.code = code;
		if (fields.length) out.fields = fields;
		return out;
	}

	private recordOf(spec: ResourceSpec, mutation: MutationSpec, result: IDataObject): CrmRecord {
		const raw = (mutation.recordPath ? getPath(result, mutation.recordPath) : result) as IDataObject | undefined;
		if (!raw || typeof raw !== 'object') throw new Error(`The mutation's result has no record at "${mutation.recordPath}" (the resource's recordPath)`);
		return this.toRecord(spec, raw);
	}

	async createMany(objectType: string, inputs: IDataObject[]): Promise<RecordOutcome[]> {
		const spec = this.resource(objectType);
		const m = this.needs(spec, 'create');
		return this.aliased(spec.batchSize, m, 'CrmPackCreate', inputs.map((input) => ({ input })), (result, index) => ({ index, ok: true, record: this.recordOf(spec, m, result), created: true }));
	}

	async updateMany(objectType: string, inputs: Array<{ id: string; properties: IDataObject }>): Promise<RecordOutcome[]> {
		const spec = this.resource(objectType);
		const m = this.needs(spec, 'update');
		return this.aliased(spec.batchSize, m, 'CrmPackUpdate', inputs.map((i) => ({ id: i.id, input: i.properties })), (result, index) => ({ index, ok: true, record: this.recordOf(spec, m, result) }));
	}

	async upsertMany(objectType: string, idProperty: string, inputs: Array<{ id: string; properties: IDataObject }>): Promise<RecordOutcome[]> {
		const spec = this.resource(objectType);
		const m = this.needs(spec, 'upsert') as NonNullable<ResourceSpec['upsert']>;
		if (idProperty !== m.keyField) throw definitionError(`The "${spec.kind}" upsert mutation matches records by "${m.keyField}", not "${idProperty}"`);
		const values = inputs.map((i) => {
			// The key travels as $key; the input carries the other values.
			const input = { ...i.properties };
			delete input[idProperty];
			return { key: i.id, input };
		});
		return this.aliased(spec.batchSize, m, 'CrmPackUpsert', values, (result, index) => {
			const created = m.createdPath ? getPath(result, m.createdPath) : undefined;
			return { index, ok: true, record: this.recordOf(spec, m, result), ...(typeof created === 'boolean' ? { created } : {}) };
		});
	}

	async deleteMany(objectType: string, ids: string[]): Promise<RecordOutcome[]> {
		const spec = this.resource(objectType);
		const m = this.needs(spec, 'delete');
		return this.aliased(spec.batchSize, m, 'CrmPackDelete', ids.map((id) => ({ id })), (result, index) => ({
			index,
			ok: true,
			record: { id: ids[index], objectType: spec.kind, properties: {}, archived: true, raw: result },
		}));
	}

	/**
	 * The upsert mutation's key when the neutral field maps to it (CRM Sync
	 * upserts by it, so a create retried after a crash never duplicates).
	 */
	upsertKey(kind: NeutralType, neutralField: string): string | undefined {
		const spec = this.maybeResource(kind);
		if (!spec?.upsert) return undefined;
		const mapped = fieldTable(kind, spec).find((f) => f.neutral === neutralField);
		return mapped && mapped.vendor === spec.upsert.keyField ? spec.upsert.keyField : undefined;
	}

	// ---- schema ------------------------------------------------------------

	/** The server's schema, introspected once per connector. */
	introspect(): Promise<Schema> {
		if (!this.schema) {
			this.schema = this.query(INTROSPECTION_QUERY, {}).then(readSchema);
			this.schema.catch(() => (this.schema = undefined));
		}
		return this.schema;
	}

	/** The fields of the input type the create mutation takes (what a write can set). */
	async describeFields(objectType: string): Promise<FieldDescription[]> {
		const spec = this.resource(objectType);
		const input = spec.create?.variables.find((v) => v.name === 'input')?.type ?? spec.update?.variables.find((v) => v.name === 'input')?.type;
		if (!input) return [];
		const schema = await this.introspect();
		return typeFields(schema, input).map((f) => ({ name: f.name, label: f.name, type: typeText(f.type) || namedType(f.type) }));
	}

	// ---- the CRM-neutral nodes (connector/neutral.ts) ---------------------

	/** Test Connection: the credential's Test Query (else `{ __typename }`), as the credential test sends it. */
	async connectionInfo(): Promise<ConnectionInfo> {
		const query = this.settings.testQuery || '{ __typename }';
		const data = await this.query(query, {});
		return graphqlConnectionInfo(this.settings.baseUrl, query, data, this.settings.budget.snapshot());
	}

	/**
	 * Records of a kind matching a neutral field or text: the definition's
	 * `search` query sent the text (or the value), else every page of the list
	 * query, each record matched here on its neutral fields; reading stops
	 * once `limit` records matched.
	 */
	async findNeutral(kind: NeutralType, query: NeutralQuery, options: FindOptions): Promise<CrmRecord[]> {
		const spec = this.resource(kind);
		const found: CrmRecord[] = [];
		if (options.limit <= 0) return found;
		const extra = spec.search ? { [spec.search.textVariable]: searchText(query) } : {};
		for await (const record of this.listing(spec, extra, undefined, undefined, spec.search ?? spec.list)) {
			if (!neutralMatches(this.toNeutral(kind, record), query)) continue;
			found.push(record);
			if (found.length >= options.limit) break;
		}
		return found;
	}

	toNeutral(type: NeutralType, record: CrmRecord): IDataObject {
		const spec = this.maybeResource(type) ?? ({ kind: type, idField: 'id', updatedAtField: 'updatedAt' } as ResourceSpec);
		return graphqlToNeutral(type, spec, record.properties, record.id, record.updatedAt, record.createdAt);
	}

	fromNeutral(type: NeutralType, neutral: IDataObject): IDataObject {
		return neutralToGraphql(type, this.maybeResource(type), neutral);
	}
}
