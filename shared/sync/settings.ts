import { hashNames } from './hash';
import { vectorLayout, type VectorLayout } from './vectors';
import type { ConflictConfig, DeleteMode, Direction, KeyField, Side, SyncConfig } from './types';

/** The config, checked and pre-computed once per plan. */
export interface Settings {
	names: readonly string[];
	directions: readonly Direction[];
	keyFields: ReadonlySet<string>;
	keys: readonly KeyField[];
	fieldsId: string;
	/** Per-field characters are kept only where a rule reads them (field merge, one-way fields). */
	layout: VectorLayout;
	direction: Direction;
	conflict: ConflictConfig;
	deleteMode: DeleteMode;
	maxDeleteShare?: number;
	full: Record<Side, boolean>;
	/** Ids reported deleted by a side's vendor this run (seen as gone even when the side was not read in full). */
	deleted: Record<Side, ReadonlySet<string>>;
	input: Record<Side, boolean>;
}

export class SyncConfigError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SyncConfigError';
	}
}

export function flows(direction: Direction, from: Side): boolean {
	return direction === 'both' || direction === (from === 'a' ? 'aToB' : 'bToA');
}

export function settingsOf(config: SyncConfig): Settings {
	if (config.fields.length === 0) throw new SyncConfigError('At least one field must be synced');
	if (new Set(config.fields).size !== config.fields.length) throw new SyncConfigError('A field is listed twice');
	if (config.keys.length === 0) throw new SyncConfigError('At least one key field is needed to match records');
	const share = config.maxDeleteShare;
	if (share !== undefined && !(share >= 0 && share <= 1)) {
		throw new SyncConfigError('The deletion guard must be a share between 0 and 1');
	}
	const full = typeof config.fullReconcile === 'boolean'
		? { a: config.fullReconcile, b: config.fullReconcile }
		: { a: config.fullReconcile.a, b: config.fullReconcile.b };
	const directions = config.fields.map((f) => config.fieldDirections?.[f] ?? config.direction);
	return {
		names: config.fields,
		directions,
		keyFields: new Set(config.keys.map((k) => k.field)),
		keys: config.keys,
		fieldsId: hashNames(config.fields),
		layout: vectorLayout(directions, config.conflict.strategy === 'fieldMerge'),
		direction: config.direction,
		conflict: config.conflict,
		deleteMode: config.deleteMode,
		maxDeleteShare: share,
		full,
		deleted: { a: new Set(config.deletedIds?.a ?? []), b: new Set(config.deletedIds?.b ?? []) },
		input: { a: config.inputSides?.a === true, b: config.inputSides?.b === true },
	};
}
