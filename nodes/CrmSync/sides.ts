import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import type { CreateWrite, DeleteWrite, Fields, SyncRecord, UpdateWrite, WriteOutcome } from '../../shared/sync';
import { runBatches } from '../../shared/batching/batch';
import { createResolvingUnknown } from '../../shared/batching/unknownOutcome';
import { checkValueTypes, normalizeDateTime } from '../../shared/model';
import type { CrmConnector, CrmDefinition, CrmRecord, DeletedSince, NeutralType, RecordOutcome } from '../../shared/types';
import type { SideSpec } from './config';
import type { NeutralMatchField } from '../../shared/neutralOps';
import { objectTypeOf } from './connectors';
import { getPath, setPath } from '../../shared/model/fieldMap';
import { comparableValue } from './fields';

/** One failed record, as the Errors output shows it. */
export interface SyncError extends IDataObject {
	side: string;
	operation: string;
	message: string;
}

export interface Writes {
	creates: CreateWrite[];
	updates: UpdateWrite[];
	deletes: DeleteWrite[];
}

export interface WriteResult {
	outcomes: WriteOutcome[];
	errors: SyncError[];
	done: { created: number; updated: number; deleted: number };
	/** Records not written because another record of their all-or-nothing batch failed. */
	rolledBack: number;
}

type Failure = Extract<RecordOutcome, { ok: false }>;

/** How an Errors item names the write that made its batch roll back. */
function writeLabel(operation: string, w: { id?: string; key?: string }): string {
	return w.id !== undefined ? `the ${operation} of record ${w.id}` : `the ${operation} for key "${w.key ?? ''}"`;
}

const SIDE_NAME = { a: 'A', b: 'B' } as const;

/** How a side's records are taken as they are read (CrmSide.collect). */
export interface ReadOptions {
	keep?: (r: SyncRecord) => boolean;
	seen?: (r: SyncRecord) => void;
	put?: (r: SyncRecord) => void;
}

/** A create or an update: a write that carries values. */
type Preparable = Pick<CreateWrite, 'ref' | 'fields'> & Partial<Pick<CreateWrite, 'sourceId' | 'key'> & Pick<UpdateWrite, 'id' | 'aId' | 'bId'>>;

function toFields(kind: NeutralType, names: readonly string[], read: (name: string) => unknown): Fields {
	const fields: Fields = {};
	for (const name of names) fields[name] = comparableValue(kind, name, read(name));
	return fields;
}

/**
 * Batch calls a side keeps in flight. The connector's rate limiter still paces
 * them; overlapping calls only stop a slow vendor answer from leaving the
 * budget unused (HubSpot's 190 per 10 s is one call per 53 ms).
 */
const WRITE_CONCURRENCY = 3;

/** A CRM side: reads through the connector's listings and writes through its batch calls. */
export class CrmSide {
	readonly objectType: string;

	private readonly properties: string[];

	constructor(
		readonly spec: SideSpec,
		readonly crm: CrmDefinition,
		readonly connector: CrmConnector,
		private readonly kind: NeutralType,
		private readonly names: readonly string[],
		private readonly batchSize: number,
	) {
		this.objectType = objectTypeOf(crm, kind);
		this.properties = [...new Set([...crm.mappedFields(kind), ...Object.values(spec.columns)])];
	}

	/** Whether this side's connector can send a batch all or nothing. */
	get transactional(): boolean {
		return this.connector.transactionalBatches === true;
	}

	toSync(record: CrmRecord): SyncRecord {
		const neutral = this.connector.toNeutral(this.kind, record);
		const fields = toFields(this.kind, this.names, (name) => {
			const property = this.spec.columns[name];
			return property ? record.properties[property] : getPath(neutral, name);
		});
		return record.updatedAt ? { id: record.id, fields, updatedAt: record.updatedAt } : { id: record.id, fields };
	}

	/**
	 * The records read, mapped; with `keep`, only those it accepts (a slice's share), tested as each page comes so
	 * the others are never held. `seen` is told of every record read, kept or not (a slice's cursor moves with all).
	 * With `put`, the records kept go there as they come (the run's RecordHold, which drops the fields of unchanged
	 * pairs) and the result is empty.
	 */
	private async collect(source: AsyncIterable<CrmRecord>, read: ReadOptions = {}): Promise<SyncRecord[]> {
		const out: SyncRecord[] = [];
		const { keep, seen } = read;
		const put = read.put ?? ((r: SyncRecord) => void out.push(r));
		for await (const record of source) {
			if (record.archived) continue;
			const mapped = this.toSync(record);
			seen?.(mapped);
			if (!keep || keep(mapped)) put(mapped);
		}
		return out;
	}

	fetchAll(read?: ReadOptions): Promise<SyncRecord[]> {
		return this.collect(this.connector.list(this.objectType, { properties: this.properties }), read);
	}

	fetchChanged(since: string | undefined, read?: ReadOptions): Promise<SyncRecord[]> {
		return this.collect(this.connector.listChanged(this.objectType, { since, properties: this.properties }), read);
	}

	/** Deletions the vendor tracks since `cursor` (CrmConnector.deletedSince); undefined when it tracks none for this object. */
	async deletedSince(cursor: string | undefined): Promise<DeletedSince | undefined> {
		return this.connector.deletedSince ? await this.connector.deletedSince(this.objectType, cursor) : undefined;
	}

	fetchIds(ids: string[], read?: Pick<ReadOptions, 'put'>): Promise<SyncRecord[]> {
		return ids.length ? this.collect(this.connector.getMany(this.objectType, ids, this.properties), read) : Promise.resolve([]);
	}

	/** Records whose neutral field equals the value, through the connector's lookup; undefined when it has none. */
	async findByKey(field: NeutralMatchField, value: string): Promise<SyncRecord[] | undefined> {
		if (!this.connector.findNeutral) return undefined;
		const found = await this.connector.findNeutral(this.kind, { field, value }, { limit: 2, properties: this.properties });
		return found.filter((r) => !r.archived).map((r) => this.toSync(r));
	}

	/** Neutral field values -> vendor properties; overridden fields go to their own property. */
	toVendor(fields: Fields): IDataObject {
		const neutral: IDataObject = {};
		const direct: IDataObject = {};
		for (const [name, value] of Object.entries(fields)) {
			const property = this.spec.columns[name];
			if (property) direct[property] = value === null ? '' : String(value);
			else setPath(neutral, name, value);
		}
		return { ...this.connector.fromNeutral(this.kind, neutral), ...direct };
	}

	/**
	 * The vendor properties of one write, kept in `vendor`; or why it cannot be
	 * written: a value of the wrong type for its neutral field (`firstName: 42`), or a
	 * conversion the connector refused. The message names the record the values came from.
	 */
	private prepare(w: Preparable, vendor: Map<string, IDataObject>): { field?: string; expected?: string; message: string } | undefined {
		const target = SIDE_NAME[this.spec.side];
		const from = this.spec.side === 'a' ? 'B' : 'A';
		const id = w.sourceId ?? (this.spec.side === 'a' ? w.bId : w.aId);
		const key = w.key ? ` (key "${w.key}")` : '';
		const record = `Record ${id} of side ${from}${key}`;
		const issues = checkValueTypes(this.kind, w.fields);
		if (issues.length > 0) {
			const list = issues.map((i) => `field "${i.field}": ${i.reason}`).join('; ');
			return { field: issues[0].field, expected: issues[0].expected, message: `${record}: ${list}; it was not written to side ${target}` };
		}
		try {
			vendor.set(w.ref, this.toVendor(w.fields));
			return undefined;
		} catch (error) {
			return { message: `${record}: its values could not be converted for side ${target}: ${(error as Error).message}` };
		}
	}

	/**
	 * The synced fields behind the vendor fields a vendor named as failing (its
	 * own field names, or a column override's), found by mapping each synced
	 * field on its own (with the value written, else a placeholder); a vendor
	 * field no synced field maps to is given as it is.
	 */
	private neutralFields(vendorFields: string[], written: Fields = {}): string[] {
		const byVendor = new Map<string, string>();
		// Keys the mapping adds on its own (a default type) belong to no synced field.
		const always = new Set(Object.keys(this.toVendor({})).map((k) => k.toLowerCase()));
		for (const name of this.names) {
			let keys: string[] = [];
			try {
				keys = Object.keys(this.toVendor({ [name]: written[name] ?? 'x' }));
			} catch {
				// A placeholder the mapping rejects: this field is not the one named.
			}
			for (const key of keys) if (!always.has(key.toLowerCase()) && !byVendor.has(key.toLowerCase())) byVendor.set(key.toLowerCase(), name);
		}
		return [...new Set(vendorFields.map((f) => byVendor.get(f.toLowerCase()) ?? f))];
	}

	/**
	 * Applies one side's writes in batches. A batch that fails as a whole fails
	 * each of its records; nothing here throws, so the other batches still land
	 * and the commit records exactly what succeeded.
	 *
	 * With `allOrNone` (and a connector with transactional batches) each call is
	 * all or nothing: when a record of a batch fails, the vendor rolls the others
	 * back and they fail too, naming the record that caused it, so the engine
	 * keeps their old baseline and retries them next run.
	 */
	async write(
		writes: Writes,
		upsertBy: { field: string; property: string } | undefined,
		options: { allOrNone?: boolean } = {},
	): Promise<WriteResult> {
		const connector = this.connector;
		const size = Math.min(this.batchSize, connector.maxBatchSize);
		const result: WriteResult = { outcomes: [], errors: [], done: { created: 0, updated: 0, deleted: 0 }, rolledBack: 0 };
		const side = SIDE_NAME[this.spec.side];
		const allOrNone = options.allOrNone === true && this.transactional;
		const callOptions = allOrNone ? { allOrNone: true } : undefined;

		// Each record's vendor properties, made before any batch: a value that cannot be
		// written fails its own record, never the batch it would have joined.
		const vendor = new Map<string, IDataObject>();
		const run = async <W extends Preparable | DeleteWrite>(
			operation: string,
			all: W[],
			call: (batch: W[]) => Promise<RecordOutcome[]>,
			describe: (w: W) => IDataObject,
			count: keyof WriteResult['done'],
		) => {
			const list = all.filter((w) => {
				if (!('fields' in w)) return true;
				const problem = this.prepare(w, vendor);
				if (!problem) return true;
				result.outcomes.push({ ref: w.ref, ok: false, error: problem.message });
				result.errors.push({ side, operation, ...describe(w), ...problem });
				return false;
			});
			const results = await runBatches(
				list.map((value, itemIndex) => ({ itemIndex, value })),
				size,
				call,
				undefined,
				WRITE_CONCURRENCY,
			);
			// Batch g holds items g*size .. g*size+size-1 (runBatches keeps the input order).
			const causes = new Map<number, string>();
			if (allOrNone) {
				const byBatch = new Map<number, string[]>();
				for (const { itemIndex, outcome: o } of results) {
					if (o.ok || o.rolledBack) continue;
					const g = Math.floor(itemIndex / size);
					const reasons = byBatch.get(g) ?? [];
					reasons.push(`${writeLabel(operation, list[itemIndex])} failed: ${o.message}`);
					byBatch.set(g, reasons);
				}
				for (const [g, reasons] of byBatch) causes.set(g, reasons.join('; '));
			}
			for (const { itemIndex, outcome } of results) {
				const w = list[itemIndex];
				let o = outcome;
				const cause = causes.get(Math.floor(itemIndex / size));
				// A record the vendor reports rolled back: say which record of its batch caused it.
				const rolledBack = !o.ok && o.rolledBack === true && cause !== undefined;
				if (rolledBack) o = { ...(o as Failure), message: `Rolled back with its batch (All or Nothing per Batch) because ${cause}` };
				if (o.ok) {
					result.outcomes.push({ ref: w.ref, ok: true, id: o.record.id });
					result.done[count]++;
				} else {
					result.outcomes.push({ ref: w.ref, ok: false, error: o.message });
					const error: SyncError = { side, operation, ...describe(w), message: o.message };
					const named = o.fields?.length ? this.neutralFields(o.fields, 'fields' in w ? w.fields : undefined) : [];
					if (named.length) error.field = named[0];
					if (named.length > 1) error.failedFields = named;
					if (o.status !== undefined) error.status = o.status;
					if (o.code !== undefined) error.code = o.code;
					if (rolledBack) {
						error.rolledBack = true;
						result.rolledBack++;
					}
					result.errors.push(error);
				}
			}
		};

		await run(
			upsertBy ? 'upsert' : 'create',
			writes.creates,
			(batch) =>
				upsertBy
					? connector.upsertMany(
							this.objectType,
							upsertBy.property,
							batch.map((w) => ({ id: String(w.fields[upsertBy.field]), properties: vendor.get(w.ref)! })),
							callOptions,
						)
					: createResolvingUnknown(
							connector,
							this.objectType,
							batch.map((w) => vendor.get(w.ref)!),
							callOptions,
						),
			(w) => ({ sourceId: w.sourceId, key: w.key, fields: w.fields }),
			'created',
		);
		await run(
			'update',
			writes.updates,
			(batch) =>
				connector.updateMany(
					this.objectType,
					batch.map((w) => ({ id: w.id, properties: vendor.get(w.ref)! })),
					callOptions,
				),
			(w) => ({ id: w.id, aId: w.aId, bId: w.bId, fields: w.fields }),
			'updated',
		);
		await run(
			'delete',
			writes.deletes,
			(batch) =>
				connector.deleteMany(
					this.objectType,
					batch.map((w) => w.id),
					callOptions,
				),
			(w) => ({ id: w.id, aId: w.aId, bId: w.bId }),
			'deleted',
		);
		return result;
	}
}

/**
 * A row's last-modified time as ISO 8601 with offset, however the source wrote it
 * (ISO, "yyyy-MM-dd HH:mm:ss" from SQL or a sheet, epoch milliseconds, a Date);
 * no offset = UTC. Left unread, such a time would count as the oldest and lose
 * every "most recent" conflict.
 */
function modifiedAt(stamp: unknown): string | undefined {
	if (typeof stamp === 'string' ? !stamp.trim() : !(stamp instanceof Date) && typeof stamp !== 'number') return undefined;
	const parsed = normalizeDateTime(stamp as string | number | Date);
	if (parsed.ok) return parsed.value;
	return typeof stamp === 'string' ? stamp : undefined;
}

/** "Records from Input": the node's input items are this side's records; its writes go out on an output. */
export class InputSide {
	/** Row id -> item index, for pairedItem. */
	readonly rowOf = new Map<string, number>();

	constructor(
		readonly spec: SideSpec,
		private readonly kind: NeutralType,
		private readonly names: readonly string[],
		private readonly updatedAtField: string,
	) {}

	read(items: INodeExecutionData[]): { records: SyncRecord[]; errors: Array<{ error: SyncError; item: number }> } {
		const records: SyncRecord[] = [];
		const errors: Array<{ error: SyncError; item: number }> = [];
		items.forEach((item, index) => {
			const json = item.json ?? {};
			// An empty item is what "Always Output Data" sends for no rows.
			if (Object.keys(json).length === 0) return;
			const rawId = getPath(json, this.spec.idField);
			if (rawId === undefined || rawId === null || rawId === '') {
				errors.push({
					item: index,
					error: {
						side: SIDE_NAME[this.spec.side],
						operation: 'read',
						item: index,
						field: this.spec.idField,
						message: `Item ${index}: field "${this.spec.idField}" (the record id) is empty`,
					},
				});
				return;
			}
			const id = String(rawId);
			if (this.rowOf.has(id)) {
				errors.push({
					item: index,
					error: {
						side: SIDE_NAME[this.spec.side],
						operation: 'read',
						item: index,
						id,
						field: this.spec.idField,
						message: `Item ${index}: id "${id}" appears twice in the input; the later row was ignored`,
					},
				});
				return;
			}
			this.rowOf.set(id, index);
			const fields = toFields(this.kind, this.names, (name) => getPath(json, this.spec.columns[name] ?? name));
			const updatedAt = modifiedAt(this.updatedAtField ? getPath(json, this.updatedAtField) : undefined);
			records.push(updatedAt ? { id, fields, updatedAt } : { id, fields });
		});
		return { records, errors };
	}

	/** Field values keyed by this side's column names. */
	columns(fields: Fields): IDataObject {
		const out: IDataObject = {};
		for (const [name, value] of Object.entries(fields)) out[this.spec.columns[name] ?? name] = value;
		return out;
	}
}

/** Items for a Changes output: what the next nodes should apply on that side. */
export function changeItems(writes: Writes, columns: (fields: Fields) => IDataObject, rowOf?: Map<string, number>): INodeExecutionData[] {
	const paired = (id?: string) => ({ item: (id !== undefined ? rowOf?.get(id) : undefined) ?? 0 });
	return [
		...writes.creates.map((w) => ({
			json: { operation: 'create', id: null, key: w.key, sourceId: w.sourceId, fields: columns(w.fields) },
			pairedItem: paired(),
		})),
		...writes.updates.map((w) => ({
			json: { operation: 'update', id: w.id, aId: w.aId, bId: w.bId, fields: columns(w.fields) },
			pairedItem: paired(w.id),
		})),
		...writes.deletes.map((w) => ({
			json: { operation: w.archive ? 'archive' : 'delete', id: w.id, aId: w.aId, bId: w.bId },
			pairedItem: paired(w.id),
		})),
	];
}
