import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { ExplainFailure } from '../../batching/batch';
import type { CrmConnector, CrmRecord, NeutralType, RecordOutcome } from '../../types';
import type { OutputFormat } from '../options';
import type { WriteFieldsSpec } from '../writeFields';

/** What every operation of an action node receives from the shared router. */
export interface ActionContext<C extends CrmConnector = CrmConnector> {
	connector: C;
	/** The vendor's object type (HubSpot `contacts`, Salesforce `Contact`, Pipedrive `persons`). */
	objectType: string;
	/** Undefined for objects without a neutral shape (custom objects). */
	neutralType?: NeutralType;
	/** The node's resource parameter, e.g. `contact`. */
	resource: string;
	items: INodeExecutionData[];
	output: OutputFormat;
	crm: ActionCrm<C>;
}

export type ActionExecute<C extends CrmConnector = CrmConnector> = (
	this: IExecuteFunctions,
	op: ActionContext<C>,
) => Promise<INodeExecutionData[]>;

export type WriteOperation = 'create' | 'update' | 'upsert';

/** One item's fields to write, and (Salesforce's resource mapper) the value of its match field. */
export interface ItemFields {
	fields: IDataObject;
	match?: string;
}

/** The write-field pipeline for one item; `own` values take the list's place. */
export type FieldPipeline = (itemIndex: number, own?: IDataObject) => IDataObject;

/** How a write operation reads its items' fields. */
export interface FieldReader {
	/** Set when the record's key comes from the fields themselves (Salesforce's mapper: Id, or the external id field). */
	matchField?: string;
	read(itemIndex: number): ItemFields;
}

/** Items naming the same key are merged into one write; this names the key (Pipedrive compares case-insensitively). */
export type KeyOf = (id: string) => string;

/** The upsert key parameters of a CRM and how the key goes into the fields. */
export interface UpsertKey {
	/** Parameter holding the key field (e.g. `upsertIdProperty`), its label and default. */
	field: { parameter: string; label: string; default?: string };
	/** Parameter holding the item's key value (e.g. `upsertIdValue`) and its label. */
	value: { parameter: string; label: string };
	/** The key as the vendor matches it (e.g. emails lower-cased), and the fields to write with it. */
	place: (fields: IDataObject, field: string, id: string) => string;
	keyOf?: KeyOf;
}

/** Senders for many records at once (Salesforce Bulk API 2.0), used when `use` says so for the count. */
export interface BulkWrites {
	use: (count: number) => boolean;
	upsert?: (objectType: string, field: string, inputs: Array<{ id: string; properties: IDataObject }>) => Promise<RecordOutcome[]>;
	delete?: (objectType: string, ids: string[]) => Promise<RecordOutcome[]>;
}

/**
 * What a CRM tells the shared operations: its vendor name and wording, its
 * parameters, and the few calls whose shape is its own (get, list, search).
 */
export interface ActionCrm<C extends CrmConnector = CrmConnector> {
	/** Shown in progress messages: "HubSpot: 300 of 1000 records written". */
	vendorName: string;
	/** The write-field parameters (per call: Pipedrive's dedicated fields depend on the resource). */
	writeFields: (op: ActionContext<C>) => WriteFieldsSpec;
	/**
	 * A reader in place of the write-field list (Salesforce's "Define Fields: Map
	 * Each Field"), given the pipeline to run with its values; undefined = the list.
	 */
	fieldReader?: (ctx: IExecuteFunctions, op: ActionContext<C>, operation: WriteOperation, pipeline: FieldPipeline) => Promise<FieldReader | undefined>;
	/** Vendor defaults for a new record (Pipedrive: an activity without a type is a meeting). */
	createDefaults?: (op: ActionContext<C>, fields: IDataObject) => void;
	upsertKey: UpsertKey;
	bulk?: (op: ActionContext<C>) => BulkWrites | undefined;
	explain?: ExplainFailure;
	/** Get one record for an item (the CRM's lookup parameters: by id or by a unique field). */
	get: (ctx: IExecuteFunctions, op: ActionContext<C>, id: string, itemIndex: number) => Promise<CrmRecord>;
	/** List records for an item (the CRM's list parameters), stopping at `limit`. */
	list: (ctx: IExecuteFunctions, op: ActionContext<C>, itemIndex: number, limit: number | undefined) => AsyncIterable<CrmRecord>;
	/** Search for an item (the CRM's search parameters), as output items (`recordOutput` of each record, or the vendor's own hits). */
	search: (ctx: IExecuteFunctions, op: ActionContext<C>, itemIndex: number, limit: number | undefined) => Promise<IDataObject[]>;
}
