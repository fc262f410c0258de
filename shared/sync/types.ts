/** The two sides of a sync. */
export type Side = 'a' | 'b';

/** Which way values may flow, for the whole sync or for one field. */
export type Direction = 'aToB' | 'bToA' | 'both';

/** A mapped, CRM-neutral field value. `''` and `undefined` count as `null`. */
export type FieldValue = string | number | boolean | null;
export type Fields = Record<string, FieldValue>;

/** One record of one side, already mapped to neutral field names by its connector. */
export interface SyncRecord {
	id: string;
	fields: Fields;
	/** ISO 8601 last-modified time; without an offset it is read as UTC. */
	updatedAt?: string;
	/**
	 * Only on a record held lean (hold.ts: its pair is unchanged, `fields` were dropped): its hash,
	 * which is its pair's baseline hash, and its match key (null: none).
	 */
	hash?: string;
	key?: string | null;
}

export interface KeyField {
	field: string;
	/** Default false: `Ann@X.com` and `ann@x.com` are the same key. */
	caseSensitive?: boolean;
	/** Default 'collapse' (trim, and runs of whitespace become one space). */
	whitespace?: 'keep' | 'trim' | 'collapse' | 'remove';
	/** Runs after case and whitespace handling (e.g. the shared E.164 phone transform); null = no key. */
	normalise?: (value: string) => string | null;
}

export type ConflictStrategy = 'aWins' | 'bWins' | 'mostRecent' | 'fieldMerge' | 'manual';

export interface ConflictConfig {
	strategy: ConflictStrategy;
	/** fieldMerge only: who wins a field changed on both sides. Default 'mostRecent'. */
	fallback?: 'mostRecent' | 'a' | 'b';
	/** mostRecent only: who wins equal (or both missing) timestamps. Default 'a'. */
	tieBreak?: Side;
}

export type DeleteMode = 'ignore' | 'propagate' | 'archive';

export interface SyncConfig {
	/** The mapped neutral fields that are synced, in a stable order (it defines the hashes). */
	fields: string[];
	direction: Direction;
	fieldDirections?: Record<string, Direction>;
	/** One or more fields that together identify a record on both sides. */
	keys: KeyField[];
	conflict: ConflictConfig;
	deleteMode: DeleteMode;
	/** Largest share (0..1) of linked pairs whose deletion may be propagated in one run. Undefined = no guard. */
	maxDeleteShare?: number;
	/** Whether this run fetched every record of a side (only then is a missing record a deletion). */
	fullReconcile: boolean | { a: boolean; b: boolean };
	/** Ids the side's vendor reported deleted since the last run (its change tracking), seen as deletions on incremental runs too. */
	deletedIds?: { a?: readonly string[]; b?: readonly string[] };
	/** Sides whose writes go out on an output ("records from input"): they are held as pending. */
	inputSides?: { a?: boolean; b?: boolean };
}

/** Hashes of one pair at its last sync. `?` = unknown (adopt when next seen), `~` = deleted on that side. */
export interface Baseline {
	ha: string;
	hb: string;
	/** One character per field (fieldMerge only); '' = not known. */
	va: string;
	vb: string;
}

/** A write sent to an input side and not yet seen on its input. */
export interface PendingWrite {
	side: Side;
	hash: string;
	vec: string;
	fields: string[];
}

export interface LinkedPair {
	aId: string;
	bId: string;
	base: Baseline;
	pending?: PendingWrite[];
}

/** A create sent to an input side: linked when a record with `key` shows up there. */
export interface PendingCreate {
	/** The side the record was created on. */
	side: Side;
	sourceId: string;
	key: string;
	base: Baseline;
}

export type ConflictReason = 'bothChanged' | 'deletedOnA' | 'deletedOnB';

export interface OpenConflict {
	aId: string;
	bId: string;
	since: number;
	reason: ConflictReason;
}

export type Winner = Side | Fields;

export interface Resolution {
	aId: string;
	bId: string;
	winner: Winner;
}

/** The engine's state, as held in memory. `encodeState`/`decodeState` convert it for static data. */
export interface SyncState {
	version: 1;
	run: number;
	/** Hash of `config.fields`: a new mapping invalidates the field hashes. '' = none yet. */
	fieldsId: string;
	/** Which fields the per-field vectors cover (see vectors.ts); '' = every field, or none. */
	vectorLayout: string;
	cursors: { a?: string; b?: string };
	/** Where each side's deletion tracking (CrmConnector.deletedSince) continues from; absent: not tracked. */
	deletionCursors?: { a?: string; b?: string };
	pairs: LinkedPair[];
	pendingCreates: PendingCreate[];
	conflicts: OpenConflict[];
	resolutions: Resolution[];
	/** Ids whose last write failed: the node fetches them again (see `idsToFetch`). */
	retry: { a: string[]; b: string[] };
}

export interface CreateWrite {
	ref: string;
	/** The side written to. */
	side: Side;
	sourceId: string;
	key: string;
	fields: Fields;
	/** Hash the new record will have, so it is not echoed back. */
	expect: string;
	/** True when `side` is an input side: the write goes out on an output. */
	pending: boolean;
}

export interface UpdateWrite {
	ref: string;
	side: Side;
	/** The record written to (the id on `side`). */
	id: string;
	aId: string;
	bId: string;
	/** Only the fields that change. */
	fields: Fields;
	expect: string;
	pending: boolean;
}

export interface DeleteWrite {
	ref: string;
	side: Side;
	id: string;
	aId: string;
	bId: string;
	archive: boolean;
	pending: boolean;
}

export interface ConflictItem {
	aId: string;
	bId: string;
	reason: ConflictReason;
	/** Fields whose values differ and need a decision. */
	fields: string[];
	a: Fields | null;
	b: Fields | null;
	aUpdatedAt?: string;
	bUpdatedAt?: string;
	/** Run in which the conflict was first seen. */
	since: number;
}

export interface DuplicateKey {
	side: Side;
	key: string;
	ids: string[];
}

export interface SkippedRecord {
	side: Side;
	id: string;
	reason: 'noKey' | 'pendingCreate';
}

/** What commit() applies for one pair once all of `writes` succeeded. */
export interface PairUpdate {
	aId: string;
	bId: string;
	/** Hashes seen this run, before writes (kept for sides whose write is pending). */
	cur: Baseline;
	/** New baseline; null = forget the pair. */
	next: Baseline | null;
	writes: string[];
	/** The pair is new (matched by key, or a create whose new id comes from the outcome). */
	isNew: boolean;
	/** Removes the pending create of this source id. */
	pendingCreate?: string;
	/** The link's index in the state's `pairs` (a pair planned from its link): commit() finds it there, not by id. */
	at?: number;
}

export interface SyncPlan {
	run: number;
	creates: { a: CreateWrite[]; b: CreateWrite[] };
	updates: { a: UpdateWrite[]; b: UpdateWrite[] };
	deletes: { a: DeleteWrite[]; b: DeleteWrite[] };
	conflicts: ConflictItem[];
	duplicates: DuplicateKey[];
	skipped: SkippedRecord[];
	/** Pairs looked at this run that need no write. */
	unchanged: number;
	aborted?: { reason: string };
	/** What commit() needs beyond the writes themselves. */
	commit: {
		fieldsId: string;
		vectorLayout: string;
		pairs: PairUpdate[];
		/** Retry ids that were present in this run's input. */
		retrySeen: { a: string[]; b: string[] };
	};
}

/** The result of one write; `id` is the new record's id for a create on a CRM side. */
export interface WriteOutcome {
	ref: string;
	ok: boolean;
	id?: string;
	error?: string;
}
