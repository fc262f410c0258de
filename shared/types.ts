import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import type { FieldIssue } from './model/errors';
import type { BookingPlacement, ConnectionInfo, FindOptions, NeutralLink, NeutralQuery } from './neutralOps';
import type { Clock } from './transport/clock';
import type { SharedBudgetFactory } from './transport/sharedPlaces';
import type { RequestStats } from './transport/request';
import type { RetryOptions } from './transport/retry';

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
	| {
			index: number;
			ok: false;
			message: string;
			status?: number;
			code?: string;
			context?: IDataObject;
			/** The vendor fields the vendor named as the cause, when it names them apart from its message. */
			fields?: string[];
			/**
			 * The reason per field, when the connector can tell (the vendor's per-field errors, or a
			 * field the connector refused to send): the node's error item then reads
			 * `Item 3: field "x": <reason>` (shared/batching/batch.ts) instead of the raw message.
			 */
			issues?: FieldIssue[];
			/**
			 * Valid, but not written because another record of its all-or-nothing
			 * call failed (`WriteOptions.allOrNone`); retrying it alone may succeed.
			 */
			rolledBack?: boolean;
	  };

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
	/**
	 * Records by id, in as few calls as the vendor allows; ids that no longer
	 * exist (or are deleted/archived) are left out, in no promised order.
	 */
	getMany(objectType: string, ids: string[], properties?: string[]): AsyncIterable<CrmRecord>;
	/**
	 * Whether `record`, read back after a create of unknown outcome, is the one `input` (what
	 * `createMany` was given) would have made. For a vendor that stores values in another shape
	 * than it is sent them (Pipedrive: `email` sent, `emails[]` stored). Default
	 * (shared/batching/unknownOutcome.ts): every scalar value of the input equals the record's
	 * property of that name.
	 */
	matchesCreated?(objectType: string, input: IDataObject, record: CrmRecord): Promise<boolean>;
	/**
	 * The vendor property `upsertMany` can match records of this kind by when
	 * they are keyed by this neutral field (unique on the vendor side), so a
	 * create retried after a crash never makes a second record; undefined: none.
	 */
	upsertKey(kind: NeutralType, neutralField: string): string | undefined;
	describeFields(objectType: string): Promise<FieldDescription[]>;
	toNeutral(type: NeutralType, record: CrmRecord): IDataObject;
	fromNeutral(type: NeutralType, neutral: IDataObject): IDataObject;

	// ---- optional: the CRM-neutral nodes (nodes/Crm, nodes/CrmSearch; shared/neutralOps.ts) ----
	// A connector without one still works everywhere else; those nodes then say which operation its CRM lacks.

	/**
	 * Test Connection: one cheap authenticated call naming the account (and user) the credential
	 * reaches, with the API budget left where the vendor reports it. Throws the vendor's error.
	 */
	connectionInfo?(): Promise<ConnectionInfo>;
	/** Records of a neutral kind matching one neutral field exactly, or the vendor's free-text search. */
	findNeutral?(kind: NeutralType, query: NeutralQuery, options: FindOptions): Promise<CrmRecord[]>;
	/** The record's page in the vendor's web app, for links in output. */
	recordUrl?(objectType: string, id: string): Promise<string | undefined>;
	/**
	 * Links a record just written to the records its neutral `associations` name, for a vendor
	 * that keeps links apart from the record (HubSpot's associations); a vendor whose
	 * `fromNeutral` writes them as fields (Salesforce WhoId, Pipedrive person_id) needs none.
	 */
	linkRecords?(kind: NeutralType, id: string, links: NeutralLink[], itemIndex?: number): Promise<void>;
	/** The appointments linked to a contact (Sync Appointment finds a re-sent booking among them). */
	appointmentsOf?(contactId: string, options: FindOptions): Promise<CrmRecord[]>;

	/**
	 * The vendor budget that paces this connector's requests over a long run (Freshsales' requests
	 * per account per hour), as spent so far: CRM Sync reports it in its Summary so a user sees why
	 * a big run takes an hour. Undefined: the vendor has none worth reporting.
	 */
	rateBudget?(): RateBudget | undefined;

	// ---- optional: deletions the vendor tracks (CRM Sync) ----

	/**
	 * Ids of records deleted since `cursor` (an opaque value this method returned before), and the
	 * cursor to pass next time; undefined `cursor` starts tracking (no ids). Undefined result: the
	 * vendor does not track deletions of this object, and CRM Sync sees them only on full reads.
	 */
	deletedSince?(objectType: string, cursor: string | undefined): Promise<DeletedSince | undefined>;
}

/** A vendor's rate budget as one connector spent it (`CrmConnector.rateBudget`). */
export interface RateBudget {
	/** What it counts, for people: "1,000 requests per hour for the account (Growth plan)". */
	budget: string;
	/** Requests the window allows (the vendor's reported limit where it sends one, else the plan's). */
	limit: number;
	windowMs: number;
	/** Requests this connector sent through it (every attempt). */
	calls: number;
	/** Places left in the window now, others' use included where the vendor reports it. */
	remaining: number;
	/** Time this connector's requests waited for a place in the window. */
	waitedMs: number;
}

/** What `deletedSince` found. */
export interface DeletedSince {
	ids: string[];
	cursor: string;
	/** The old cursor was refused (expired): tracking started again, deletions in between were not seen. */
	restarted?: boolean;
}

/** The connector-contract checks (test/contract); a CRM's definition declares the ones its vendor cannot do. */
export type ContractCheck =
	/** `listChanged` returns records oldest first. */
	| 'listChangedOldestFirst'
	/** `listChanged` includes a record modified exactly at `since`. */
	| 'listChangedIncludesSince'
	/** `list` with a limit fetches no page it does not need. */
	| 'listLimitStopsPaging'
	/** One outcome per input, by index, partial failures in place. */
	| 'outcomesByIndex'
	/** `upsertMany` twice with the same input creates nothing the second time. */
	| 'upsertIdempotent'
	/** `deleteMany` of an id already deleted reports it without failing the others. */
	| 'deleteAlreadyDeleted'
	/** `getMany` leaves out missing ids. */
	| 'getManyLeavesOutMissing'
	/** A 429 with `Retry-After` is waited out and succeeds. */
	| 'retryAfter429'
	/** A create is not re-sent after a dropped connection that the vendor had applied. */
	| 'noResendAfterDrop'
	/** `toNeutral(fromNeutral(x))` keeps every mapped field. */
	| 'neutralRoundTrip';

/** What a connector factory may be given; every field is optional. */
export interface ConnectOptions {
	stats?: RequestStats;
	retry?: Partial<RetryOptions>;
	clock?: Clock;
	/** Shares the budgets of limits the vendor does not report with other workers (the node's "Share Rate Budget Across Workers"). */
	sharedBudget?: SharedBudgetFactory;
	/**
	 * A node's own options for this CRM's connector (e.g. the Salesforce action
	 * node's API usage ceiling and all-or-nothing writes, Pipedrive's
	 * concurrency); each CRM's factory reads the ones it knows.
	 */
	vendor?: IDataObject;
}

/** One credential type of a CRM and how to open a connector with it. */
export interface CrmCredential {
	/** The n8n credential type (`crmPackHubSpotOAuth2Api`). */
	name: string;
	/** The value of the CRM nodes' `authentication` parameter for it (`oAuth2`). */
	auth: string;
	connect(ctx: RequestContext, options?: ConnectOptions): Promise<CrmConnector>;
}

/** One kind of record of a CRM, in the same form for every CRM. */
export interface ObjectSpec {
	/** The CRM action node's resource value for it, when the node offers it. */
	resource?: string;
	/** The object type the connector takes (`contacts`, `Account`, `persons`). */
	objectType: string;
	/** The neutral kind its records map to. */
	kind: NeutralType;
	/** Vendor field holding the creation time. */
	createdField: string;
	/** Vendor field holding the last-modified time (the one `listChanged` runs on). */
	modifiedField: string;
	/** Vendor fields a person recognises a record by (record pickers, titles). */
	titleFields: string[];
	/** Whether the vendor offers a search of these records. */
	searchable: boolean;
}

/**
 * Everything the pack's cross-CRM code knows about one CRM. Each CRM folder
 * exports one from its `index.ts`; `nodes/crms.ts` lists them.
 */
export interface CrmDefinition {
	/** Stable id, saved in workflows (CRM Sync's side value) and sync state: never renamed. */
	value: string;
	displayName: string;
	/** Its credential types, the default first. */
	credentials: CrmCredential[];
	objects: ObjectSpec[];
	/** The vendor fields the neutral mapping reads for a kind. */
	mappedFields(kind: NeutralType): string[];
	/**
	 * Contract checks the vendor cannot pass, each with the reason (the contract
	 * suite checks that a declared limitation is real).
	 */
	limitations?: Partial<Record<ContractCheck, string>>;
	/**
	 * Neutral fields (top-level names) the CRM returns for a kind but its API
	 * cannot write: CRM Sync leaves them out of its default fields.
	 */
	unwritable?(kind: NeutralType): string[];
	/**
	 * The vendor object a neutral kind is kept in when no object spec has that kind (HubSpot
	 * and Freshsales keep a lead as a contact with a lead status). The CRM node reads it.
	 */
	storedAs?: Partial<Record<NeutralType, string>>;
	/**
	 * A lead keeps no person details of its own (Pipedrive: a lead links a person): the CRM node's
	 * Sync Lead syncs the person as a contact first and links the lead to it.
	 */
	leadLinksContact?: boolean;
	/** Where Sync Appointment keeps a booking id (shared/neutralOps.ts); undefined: booking ids cannot be kept. */
	booking?: BookingPlacement;
	/**
	 * Writes the vendor's API cannot make at all for a kind, each with the reason
	 * (Brivity: people are only ever created, as leads). CRM Sync sends none of
	 * them: its Summary counts them under `notWritten` with the reason, and they
	 * stay unsynced (planned again next run) instead of failing one by one.
	 */
	cannotWrite?(kind: NeutralType): Partial<Record<'create' | 'update' | 'delete', string>>;
}
