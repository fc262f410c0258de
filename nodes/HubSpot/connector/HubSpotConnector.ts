import type { IDataObject } from 'n8n-workflow';
import { chunkedReads } from '../../../shared/batching/chunkedReads';
import { cursorPaging } from '../../../shared/paging/strategies';
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
import { hubspotRequest, type HubSpotSettings } from '../transport/hubspotApi';
import { hubspotToNeutral, neutralToHubSpot, withRequiredTimestamp } from './mapping';
import { canonicalObjectType, lastModifiedProperty } from './objectTypes';
import { batchOutcomes, toRecord } from './records';
import { searchAll, type SearchBody } from './search';
import type { ConnectionInfo, FindOptions, NeutralLink, NeutralQuery } from '../../../shared/neutralOps';
import { associatedIds, hubspotConnectionInfo, hubspotObjectOf, hubspotRecordUrl, hubspotSearchBody } from './neutral';

/** HubSpot's batch endpoints take at most 100 inputs per call. */
export const HUBSPOT_BATCH_SIZE = 100;
/** Batch reads in flight at once when reading records by id (the rate limiter paces them). */
const READ_CONCURRENCY = 4;

const enc = encodeURIComponent;

export class HubSpotConnector implements CrmConnector {
	readonly vendor = 'hubspot';

	readonly maxBatchSize = HUBSPOT_BATCH_SIZE;

	constructor(
		private readonly ctx: RequestContext,
		readonly settings: HubSpotSettings,
	) {}

	private path(objectType: string, suffix = ''): string {
		return `/crm/v3/objects/${enc(canonicalObjectType(objectType))}${suffix}`;
	}

	private request<T = IDataObject>(call: Parameters<typeof hubspotRequest>[2]) {
		return hubspotRequest<T>(this.ctx, this.settings, call);
	}

	list(objectType: string, options: ListOptions & { archived?: boolean } = {}): AsyncIterable<CrmRecord> {
		return cursorPaging(
			async (after, limit) => {
				const qs: IDataObject = { limit };
				if (after) qs.after = after;
				if (options.properties?.length) qs.properties = options.properties.join(',');
				if (options.archived) qs.archived = true;
				const { body } = await this.request({ method: 'GET', path: this.path(objectType), qs });
				const paging = body.paging as { next?: { after?: string } } | undefined;
				return {
					items: ((body.results ?? []) as IDataObject[]).map((r) => toRecord(objectType, r)),
					nextCursor: paging?.next?.after,
				};
			},
			{ maxPageSize: 100, limit: options.limit },
		);
	}

	/** One page of search results (max 200), through the search rate limit. */
	async searchPage(objectType: string, body: IDataObject): Promise<{ results: IDataObject[]; after?: string; total?: number }> {
		const res = await this.request({ method: 'POST', path: this.path(objectType, '/search'), body, idempotent: true });
		const paging = res.body.paging as { next?: { after?: string } } | undefined;
		return { results: (res.body.results ?? []) as IDataObject[], after: paging?.next?.after, total: res.body.total as number };
	}

	async *search(objectType: string, body: SearchBody, options: { limit?: number } = {}): AsyncGenerator<CrmRecord> {
		for await (const raw of searchAll((b) => this.searchPage(objectType, b), body, options)) yield toRecord(objectType, raw);
	}

	/**
	 * Records modified at or after `since`, oldest first, through the search API
	 * sorted by the last-modified property (which walks past the 10,000 cap).
	 */
	listChanged(objectType: string, options: ChangedSince = {}): AsyncIterable<CrmRecord> {
		const key = lastModifiedProperty(objectType);
		const filters = options.since ? [{ propertyName: key, operator: 'GTE', value: String(Date.parse(options.since)) }] : [];
		return this.search(
			objectType,
			{
				filterGroups: filters.length ? [{ filters }] : [],
				sorts: [{ propertyName: key, direction: 'ASCENDING' }],
				properties: options.properties,
			},
			{ limit: options.limit },
		);
	}

	/**
	 * Records by id through `POST .../batch/read`, 100 ids per call (HubSpot's
	 * batch limit). Unlike a search with `hs_object_id IN`, it runs on the
	 * general rate limit (not search's 5 per second) and reads records the
	 * search index has not caught up with yet. Ids that do not exist or are
	 * archived come back as a 207 `OBJECT_NOT_FOUND` error and are left out.
	 */
	async *getMany(objectType: string, ids: string[], properties?: string[]): AsyncGenerator<CrmRecord> {
		yield* chunkedReads(ids, HUBSPOT_BATCH_SIZE, READ_CONCURRENCY, async (chunk) => {
			const body: IDataObject = { inputs: chunk.map((id) => ({ id })) };
			if (properties?.length) body.properties = properties;
			const res = await this.request({ method: 'POST', path: this.path(objectType, '/batch/read'), body, idempotent: true, acceptStatuses: [207] });
			return ((res.body.results ?? []) as IDataObject[]).map((raw) => toRecord(objectType, raw));
		});
	}

	/** Contacts (and leads, which are contacts here) upsert by `email`, HubSpot's unique contact property. */
	upsertKey(kind: NeutralType, neutralField: string): string | undefined {
		return (kind === 'contact' || kind === 'lead') && neutralField === 'email' ? 'email' : undefined;
	}

	async get(objectType: string, id: string, properties?: string[], idProperty?: string): Promise<CrmRecord> {
		const qs: IDataObject = {};
		if (properties?.length) qs.properties = properties.join(',');
		if (idProperty) qs.idProperty = idProperty;
		const { body } = await this.request({ method: 'GET', path: this.path(objectType, `/${enc(id)}`), qs });
		return toRecord(objectType, body);
	}

	/**
	 * Batch create. Not retried after an ambiguous failure (a 5xx or reset
	 * connection may come after HubSpot created the records), so a create is never
	 * sent twice blindly.
	 */
	async createMany(objectType: string, given: IDataObject[]): Promise<RecordOutcome[]> {
		const now = Date.now();
		const inputs = given.map((properties) => withRequiredTimestamp(canonicalObjectType(objectType), properties, now));
		const body = { inputs: inputs.map((properties, i) => ({ properties, objectWriteTraceId: String(i) })) };
		const res = await this.request({ method: 'POST', path: this.path(objectType, '/batch/create'), body, acceptStatuses: [207] });
		return batchOutcomes(objectType, inputs.length, res.body);
	}

	/** Batch update by record id. Setting the same values twice is harmless, so it is retried. */
	async updateMany(objectType: string, inputs: Array<{ id: string; properties: IDataObject }>): Promise<RecordOutcome[]> {
		const body = { inputs: inputs.map((input, i) => ({ id: input.id, properties: input.properties, objectWriteTraceId: String(i) })) };
		const res = await this.request({
			method: 'POST',
			path: this.path(objectType, '/batch/update'),
			body,
			idempotent: true,
			acceptStatuses: [207],
		});
		return batchOutcomes(objectType, inputs.length, res.body, (i) => inputs[i].id);
	}

	/** Batch upsert by a unique property (email for contacts, or any property with unique values). */
	async upsertMany(
		objectType: string,
		idProperty: string,
		inputs: Array<{ id: string; properties: IDataObject }>,
	): Promise<RecordOutcome[]> {
		const body = {
			inputs: inputs.map((input, i) => ({ idProperty, id: input.id, properties: input.properties, objectWriteTraceId: String(i) })),
		};
		const res = await this.request({
			method: 'POST',
			path: this.path(objectType, '/batch/upsert'),
			body,
			idempotent: true,
			acceptStatuses: [207],
		});
		return batchOutcomes(objectType, inputs.length, res.body, (i) => inputs[i].id);
	}

	/** Batch archive. HubSpot answers 204 with no per-record results; archiving twice is harmless. */
	async deleteMany(objectType: string, ids: string[]): Promise<RecordOutcome[]> {
		await this.request({
			method: 'POST',
			path: this.path(objectType, '/batch/archive'),
			body: { inputs: ids.map((id) => ({ id })) },
			idempotent: true,
		});
		return ids.map((id, index) => ({
			index,
			ok: true,
			record: { id, objectType: canonicalObjectType(objectType), properties: {}, archived: true, raw: { id, archived: true } },
		}));
	}

	async associate(fromType: string, fromId: string, toType: string, toId: string, itemIndex?: number): Promise<IDataObject> {
		const path = `/crm/v4/objects/${enc(canonicalObjectType(fromType))}/${enc(fromId)}/associations/default/${enc(canonicalObjectType(toType))}/${enc(toId)}`;
		const { body } = await this.request({ method: 'PUT', path, itemIndex });
		return body ?? {};
	}

	async describeFields(objectType: string): Promise<FieldDescription[]> {
		const { body } = await this.request({ method: 'GET', path: `/crm/v3/properties/${enc(canonicalObjectType(objectType))}` });
		return ((body.results ?? []) as IDataObject[]).map((p) => ({
			name: String(p.name),
			label: String(p.label ?? p.name),
			type: String(p.type ?? 'string'),
			options: ((p.options ?? []) as IDataObject[]).map((o) => ({ label: String(o.label), value: String(o.value) })),
			readOnly: Boolean((p.modificationMetadata as IDataObject | undefined)?.readOnlyValue),
			unique: Boolean(p.hasUniqueValue),
		}));
	}

	// ---- the CRM-neutral nodes (connector/neutral.ts) ---------------------

	private account?: Promise<ConnectionInfo & { uiDomain?: string }>;

	/** The account details, read once per connector (record links need the portal id). */
	async connectionInfo(): Promise<ConnectionInfo> {
		this.account ??= hubspotConnectionInfo((call) => this.request(call));
		const info: ConnectionInfo & { uiDomain?: string } = { ...(await this.account) };
		delete info.uiDomain;
		return info;
	}

	async findNeutral(kind: NeutralType, query: NeutralQuery, options: FindOptions): Promise<CrmRecord[]> {
		const out: CrmRecord[] = [];
		for await (const record of this.search(hubspotObjectOf(kind), hubspotSearchBody(kind, query, options), { limit: options.limit })) out.push(record);
		return out;
	}

	async recordUrl(objectType: string, id: string): Promise<string | undefined> {
		await this.connectionInfo().catch(() => undefined);
		const account = await this.account?.catch(() => undefined);
		return account?.accountId && account.uiDomain ? hubspotRecordUrl(account.uiDomain, account.accountId, objectType, id) : undefined;
	}

	/** HubSpot keeps links as associations, apart from the record: one default association per link. */
	async linkRecords(kind: NeutralType, id: string, links: NeutralLink[], itemIndex?: number): Promise<void> {
		for (const link of links) await this.associate(hubspotObjectOf(kind), id, hubspotObjectOf(link.kind), link.id, itemIndex);
	}

	/** The meetings associated with a contact, read by id in one batch call. */
	async appointmentsOf(contactId: string, options: FindOptions): Promise<CrmRecord[]> {
		const ids = await associatedIds((call) => this.request(call), 'contacts', contactId, 'meetings');
		const out: CrmRecord[] = [];
		for await (const record of this.getMany('meetings', ids.slice(0, options.limit), options.properties)) out.push(record);
		return out;
	}

	toNeutral(type: NeutralType, record: CrmRecord): IDataObject {
		return hubspotToNeutral(type, record);
	}

	fromNeutral(type: NeutralType, neutral: IDataObject): IDataObject {
		return neutralToHubSpot(type, neutral);
	}
}
