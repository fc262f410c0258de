import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

/** Any n8n context that can make authenticated requests. */
export type RequestContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IPollFunctions
	| IHookFunctions
	| IWebhookFunctions;

/** The CRM-neutral record kinds every connector maps to and from. */
export type NeutralType = 'contact' | 'company' | 'deal' | 'lead' | 'appointment' | 'task' | 'note';

/** One record as a connector returns it: vendor properties plus the few facts the pack relies on. */
export interface CrmRecord {
	id: string;
	/** The vendor's object type (e.g. HubSpot `contacts`, `0-1`, `p123_pets`). */
	objectType: string;
	properties: IDataObject;
	createdAt?: string;
	/** ISO 8601 last-modified time, used by polling triggers and the sync engine. */
	updatedAt?: string;
	archived?: boolean;
	/** The record exactly as the vendor returned it. */
	raw: IDataObject;
}

/** What happened to one input of a batch call; `index` is the input's position in the call. */
export type RecordOutcome =
	| { index: number; ok: true; record: CrmRecord; created?: boolean }
	| { index: number; ok: false; message: string; status?: number; code?: string; context?: IDataObject };

export interface ListOptions {
	/** Stop after this many records (undefined = all). */
	limit?: number;
	properties?: string[];
}

export interface ChangedSince extends ListOptions {
	/** ISO 8601; records modified at or after this instant. Undefined = everything. */
	since?: string;
}

/** Options of one batch write call. */
export interface WriteOptions {
	/**
	 * Roll back every record of the call when one fails. Only honoured by a
	 * connector whose `transactionalBatches` is true; others ignore it.
	 */
	allOrNone?: boolean;
}

export interface FieldDescription {
	name: string;
	label: string;
	type: string;
	options?: Array<{ label: string; value: string }>;
	readOnly?: boolean;
	unique?: boolean;
}

/**
 * The interface every CRM folder implements once. Nodes, triggers and the sync
 * engine all go through it, so a fix in a connector lands everywhere.
 */
export interface CrmConnector {
	readonly vendor: string;
	/** Largest number of records one write call may carry. */
	readonly maxBatchSize: number;
	/** Whether a write call can be all or nothing (`WriteOptions.allOrNone`), e.g. Salesforce sObject Collections. */
	readonly transactionalBatches?: boolean;
	/** Records changed since a cursor, oldest first. */
	listChanged(objectType: string, options: ChangedSince): AsyncIterable<CrmRecord>;
	list(objectType: string, options: ListOptions): AsyncIterable<CrmRecord>;
	get(objectType: string, id: string, properties?: string[]): Promise<CrmRecord>;
	createMany(objectType: string, inputs: IDataObject[], options?: WriteOptions): Promise<RecordOutcome[]>;
	updateMany(objectType: string, inputs: Array<{ id: string; properties: IDataObject }>, options?: WriteOptions): Promise<RecordOutcome[]>;
	upsertMany(
		objectType: string,
		idProperty: string,
		inputs: Array<{ id: string; properties: IDataObject }>,
		options?: WriteOptions,
	): Promise<RecordOutcome[]>;
	deleteMany(objectType: string, ids: string[], options?: WriteOptions): Promise<RecordOutcome[]>;
	describeFields(objectType: string): Promise<FieldDescription[]>;
	toNeutral(type: NeutralType, record: CrmRecord): IDataObject;
	fromNeutral(type: NeutralType, neutral: IDataObject): IDataObject;
}
