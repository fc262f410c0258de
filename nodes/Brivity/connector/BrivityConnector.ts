import type { IDataObject } from 'n8n-workflow';
import { failedOutcome, perRecord } from '../../../shared/batching/pool';
import type { ConnectionInfo, FindOptions, NeutralQuery } from '../../../shared/neutralOps';
import type { ChangedSince, CrmConnector, CrmRecord, FieldDescription, ListOptions, NeutralType, RecordOutcome, RequestContext } from '../../../shared/types';
import { brivityRequest, type BrivitySettings } from '../transport/brivityApi';
import { brivityToNeutral, LEAD_ONLY_FIELDS, neutralToBrivity, PERSON_FIELDS } from './mapping';
import { brivityConnectionInfo, brivityKeeps, noSuchKind, personMatches } from './neutral';

/** The one object type: Brivity's people (its contacts and leads). */
export const PEOPLE = 'people';

/**
 * The most people one list call asks for by default. Brivity's list has no
 * paging (no page, cursor or offset in any call we found): one `limit` it
 * serves up to several thousand (a team read 2,600 people with `limit=5000`,
 * the value used here). A list that fills the limit may be cut, so it fails
 * rather than hand a partial list to a sync that would read the rest as gone.
 */
export const DEFAULT_PEOPLE_LIMIT = 5000;

/** Why each write Brivity's API cannot make fails, worded once for the node, the Sync Summary and the errors. */
export const CANNOT_UPDATE =
	"Brivity's API cannot update a person: it only creates leads (POST /api/v2/leads). Change the person in Brivity, or ask Brivity for partner API access";
export const CANNOT_DELETE =
	"Brivity's API cannot delete a person: it only creates leads (POST /api/v2/leads). Delete the person in Brivity, or ask Brivity for partner API access";
export const CANNOT_UPSERT =
	"Brivity's API has no upsert: it cannot find a person by a field or update one; only lead creation (POST /api/v2/leads) writes";

/** Requests a lead create keeps in flight: Brivity publishes no limit, so few. */
const CONCURRENCY = 2;

export interface BrivityConnectorOptions {
	/** `limit` of a full people list (default DEFAULT_PEOPLE_LIMIT). */
	peopleLimit?: number;
}

/**
 * Brivity's people as a CRM connector. What Brivity's API offers is one list
 * of people (`GET /api/people`, no filter, no paging, no timestamps on the
 * records) and one write (`POST /api/v2/leads`); everything else the interface
 * asks is done from the list (get, getMany, listChanged) or refused per record
 * with the reason (update, upsert, delete).
 */
export class BrivityConnector implements CrmConnector {
	readonly vendor = 'brivity';

	/** One lead per request: Brivity has no batch call. */
	readonly maxBatchSize = 100;

	private readonly peopleLimit: number;

	constructor(
		private readonly ctx: RequestContext,
		private readonly settings: BrivitySettings,
		options: BrivityConnectorOptions = {},
	) {
		this.peopleLimit = Math.max(1, Math.floor(options.peopleLimit ?? DEFAULT_PEOPLE_LIMIT));
	}

	private check(objectType: string): void {
		if (objectType !== PEOPLE) throw new Error(`Brivity's API has no "${objectType}" records: only people (transactions and deals have no public API; use Import CSV)`);
	}

	private toRecord(raw: IDataObject): CrmRecord {
		// The list carries no created or updated time (none of its 28 fields is one), so none is set.
		return { id: String(raw.id), objectType: PEOPLE, properties: raw, raw };
	}

	/** The whole list (or the first `limit`): one request, as Brivity serves it. */
	async people(limit?: number): Promise<CrmRecord[]> {
		const asked = limit ?? this.peopleLimit;
		const res = await brivityRequest<IDataObject[]>(this.ctx, this.settings, { method: 'GET', path: '/api/people', qs: { limit: asked }, idempotent: true });
		if (!Array.isArray(res.body)) throw new Error('Brivity answered the people list with something other than a JSON array');
		if (limit === undefined && res.body.length >= asked) {
			throw new Error(
				`Brivity returned ${res.body.length} people, the list's limit: there may be more, and Brivity's list cannot be paged. Raise "People List Limit" above your team's number of people`,
			);
		}
		return res.body.map((raw) => this.toRecord(raw));
	}

	async *list(objectType: string, options: ListOptions): AsyncIterable<CrmRecord> {
		this.check(objectType);
		yield* await this.people(options.limit);
	}

	/**
	 * Brivity's people carry no modification time, so "changed since" cannot be
	 * asked: every listing is the whole list, in Brivity's order (the Sync node
	 * compares it with its saved state to find what changed).
	 */
	async *listChanged(objectType: string, options: ChangedSince): AsyncIterable<CrmRecord> {
		this.check(objectType);
		yield* await this.people(options.limit);
	}

	/** One person, found in the list (Brivity has no call that reads one person). */
	async get(objectType: string, id: string): Promise<CrmRecord> {
		this.check(objectType);
		const found = (await this.people()).find((r) => r.id === String(id));
		if (!found) {
			const error = new Error(`Brivity has no person with id ${id} (read from the people list)`) as Error & { httpCode: string };
			error.httpCode = '404';
			throw error;
		}
		return found;
	}

	async *getMany(objectType: string, ids: string[]): AsyncIterable<CrmRecord> {
		this.check(objectType);
		if (!ids.length) return;
		const wanted = new Set(ids.map(String));
		for (const r of await this.people()) if (wanted.has(r.id)) yield r;
	}

	/** One `POST /api/v2/leads` per record; each answer is the new person (assumption: its `id` names it). */
	async createMany(objectType: string, inputs: IDataObject[]): Promise<RecordOutcome[]> {
		this.check(objectType);
		return await perRecord(
			inputs,
			CONCURRENCY,
			async (input, index): Promise<RecordOutcome> => {
				const res = await brivityRequest<IDataObject>(this.ctx, this.settings, { method: 'POST', path: `${this.settings.leadsUrl}/api/v2/leads`, body: input, itemIndex: index });
				const body = (res.body ?? {}) as IDataObject;
				const person = (body.person ?? body.lead ?? body) as IDataObject;
				if (person.id === undefined || person.id === null || person.id === '') {
					return { index, ok: false, message: 'Brivity accepted the lead but its answer names no id: it will be in the people list, but is not recorded as written' };
				}
				return { index, ok: true, created: true, record: this.toRecord({ ...input, ...person }) };
			},
			failedOutcome,
		);
	}

	async updateMany(objectType: string, inputs: Array<{ id: string; properties: IDataObject }>): Promise<RecordOutcome[]> {
		this.check(objectType);
		return inputs.map((_, index) => ({ index, ok: false, message: CANNOT_UPDATE, code: 'NOT_SUPPORTED' }));
	}

	async upsertMany(objectType: string, _idProperty: string, inputs: Array<{ id: string; properties: IDataObject }>): Promise<RecordOutcome[]> {
		this.check(objectType);
		return inputs.map((_, index) => ({ index, ok: false, message: CANNOT_UPSERT, code: 'NOT_SUPPORTED' }));
	}

	async deleteMany(objectType: string, ids: string[]): Promise<RecordOutcome[]> {
		this.check(objectType);
		return ids.map((_, index) => ({ index, ok: false, message: CANNOT_DELETE, code: 'NOT_SUPPORTED' }));
	}

	upsertKey(): string | undefined {
		return undefined;
	}

	/** Brivity has no field metadata call: the fields a lead takes and the list returns, as found in use. */
	async describeFields(objectType: string): Promise<FieldDescription[]> {
		this.check(objectType);
		const fromTable = PERSON_FIELDS.map((f) => ({ name: f.vendor, label: f.neutral, type: 'string', readOnly: f.readOnly === true }));
		return [...fromTable, ...LEAD_ONLY_FIELDS.map((name) => ({ name, label: name, type: name === 'tags' ? 'array' : 'string' }))];
	}

	// ---- the CRM-neutral nodes (connector/neutral.ts) ---------------------

	/** The credential's test call (one person): Brivity names no account or user but that person's account. */
	async connectionInfo(): Promise<ConnectionInfo> {
		return brivityConnectionInfo((await this.people(1))[0]);
	}

	/** A filter over the whole people list: Brivity's API has no search (CRM Search and Get Customer cost one list call). */
	async findNeutral(kind: NeutralType, query: NeutralQuery, options: FindOptions): Promise<CrmRecord[]> {
		if (!brivityKeeps(kind)) throw new Error(noSuchKind(kind));
		return (await this.people()).filter((r) => personMatches(r.properties, query)).slice(0, options.limit);
	}

	toNeutral(type: NeutralType, record: CrmRecord): IDataObject {
		return brivityToNeutral(type, record);
	}

	fromNeutral(type: NeutralType, neutral: IDataObject): IDataObject {
		return neutralToBrivity(type, neutral);
	}
}
