import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import type { ConflictConfig, DeleteMode, Direction, Side, SyncConfig } from '../../shared/sync';
import type { NeutralType } from '../../shared/types';
import { holds, INPUT_SIDE, objectTypeOf, sideCrm } from './connectors';
import { DEFAULT_FIELDS, DEFAULT_KEYS, keyField, type KeyMatch } from './fields';
import { pairOf, SIDES_PARAMETER } from './sidePairs';

export interface SideSpec {
	side: Side;
	/** 'input' or a connector value ('hubspot'). */
	type: string;
	/** Input sides: the item field holding the row's id. */
	idField: string;
	/** Input sides: the input holds every record (so a missing one was deleted). */
	complete: boolean;
	/** Neutral field -> column (input side) or vendor property (CRM side), where overridden. */
	columns: Record<string, string>;
}

export interface SyncSettings {
	kind: NeutralType;
	config: SyncConfig;
	sides: Record<Side, SideSpec>;
	dryRun: boolean;
	incremental: boolean;
	fullEvery: number;
	overlapMs: number;
	batchSize: number;
	maxAttempts: number;
	/** "All or Nothing per Batch": CRM sides with transactional batches send each batch all or nothing. */
	allOrNothing: boolean;
	updatedAtField: string;
	/** Identifies what the saved state belongs to; another pair of sides starts afresh. */
	scope: string;
}

interface OverrideRow {
	name?: string;
	direction?: Direction | 'default';
	aField?: string;
	bField?: string;
}

interface KeyRow {
	field?: string;
	match?: KeyMatch;
}

interface Options {
	allOrNothing?: boolean;
	incremental?: boolean;
	fullReconcileEvery?: number;
	overlapSeconds?: number;
	batchSize?: number;
	maxAttempts?: number;
	updatedAtField?: string;
	defaultCountry?: string;
	tieBreak?: Side;
}

const list = (text: string): string[] =>
	text
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);

export function readSettings(ctx: IExecuteFunctions): SyncSettings {
	const node = ctx.getNode();
	const fail = (message: string) => new NodeOperationError(node, message);
	const kind = ctx.getNodeParameter('recordKind', 0, 'contact') as NeutralType;
	const direction = ctx.getNodeParameter('direction', 0, 'both') as Direction;
	const options = ctx.getNodeParameter('options', 0, {}) as Options;

	// Version 2 names both sides in one parameter (sidePairs.ts), version 1 in Side A and Side B.
	const pair = node.typeVersion >= 2 ? String(ctx.getNodeParameter(SIDES_PARAMETER, 0)) : undefined;
	const sideSpec = (side: Side): SideSpec => {
		const prefix = side;
		let type: string;
		if (pair !== undefined) {
			const p = pairOf(pair);
			if (!p) throw fail(`Sides: "${pair}" is not a pair of sides this node knows`);
			type = p[side];
		} else type = ctx.getNodeParameter(`side${side.toUpperCase()}`, 0) as string;
		if (type !== INPUT_SIDE) {
			const crm = sideCrm(type);
			if (!crm) throw fail(`Side ${side.toUpperCase()}: "${type}" is not a CRM this node knows`);
			if (!holds(crm, kind)) throw fail(`Side ${side.toUpperCase()}: ${crm.displayName} has no ${kind} records`);
		}
		return {
			side,
			type,
			idField: type === INPUT_SIDE ? String(ctx.getNodeParameter(`${prefix}IdField`, 0, 'id')).trim() || 'id' : '',
			complete: type === INPUT_SIDE ? (ctx.getNodeParameter(`${prefix}InputComplete`, 0, true) as boolean) : false,
			columns: {},
		};
	};
	const sides = { a: sideSpec('a'), b: sideSpec('b') };
	if (sides.a.type === INPUT_SIDE && sides.b.type === INPUT_SIDE) {
		throw fail('At most one side can be "Records from Input": the node has one input');
	}
	if (sides.a.type === sides.b.type) {
		const name = sideCrm(sides.a.type)?.displayName ?? sides.a.type;
		throw fail(
			`Both sides are ${name}: n8n gives a node one credential per type, so make one side "Records from Input" (fed by another ${name} node)`,
		);
	}

	let fields = list(String(ctx.getNodeParameter('fields', 0, '')));
	if (fields.length === 0) {
		// The defaults hold only what both sides can write (Pipedrive's API v2 cannot write a person's job title).
		const cannot = new Set([sides.a.type, sides.b.type].flatMap((type) => sideCrm(type)?.unwritable?.(kind) ?? []));
		fields = DEFAULT_FIELDS[kind].filter((f) => !cannot.has(f));
	}
	const fieldDirections: Record<string, Direction> = {};
	const overrides = (ctx.getNodeParameter('fieldOverrides.field', 0, []) as OverrideRow[]) ?? [];
	for (const [i, row] of overrides.entries()) {
		const name = String(row.name ?? '').trim();
		if (!name) throw fail(`Field override ${i + 1}: the field name is empty`);
		if (!fields.includes(name)) fields.push(name);
		if (row.direction && row.direction !== 'default') fieldDirections[name] = row.direction;
		if (row.aField?.trim()) sides.a.columns[name] = row.aField.trim();
		if (row.bField?.trim()) sides.b.columns[name] = row.bField.trim();
	}

	const country = String(options.defaultCountry ?? '').trim().toUpperCase();
	let keyRows = (ctx.getNodeParameter('keyFields.key', 0, []) as KeyRow[]) ?? [];
	keyRows = keyRows.filter((k) => String(k.field ?? '').trim());
	if (keyRows.length === 0) keyRows = DEFAULT_KEYS[kind].map((field) => ({ field, match: field === 'email' ? 'email' : 'text' }));
	const keys = keyRows.map((k) => {
		const field = String(k.field).trim();
		if (!fields.includes(field)) fields.unshift(field);
		return keyField(field, k.match ?? 'text', country);
	});

	const strategy = ctx.getNodeParameter('conflictStrategy', 0, 'mostRecent') as ConflictConfig['strategy'];
	const conflict: ConflictConfig = { strategy, tieBreak: options.tieBreak ?? 'a' };
	if (strategy === 'fieldMerge') conflict.fallback = ctx.getNodeParameter('mergeFallback', 0, 'mostRecent') as ConflictConfig['fallback'];

	const deleteMode = ctx.getNodeParameter('deleteMode', 0, 'ignore') as DeleteMode;
	const maxDeletePercent = deleteMode === 'ignore' ? 100 : (ctx.getNodeParameter('maxDeletePercent', 0, 20) as number);

	const batchSize = Math.max(1, Math.floor(options.batchSize ?? 100));
	const config: SyncConfig = {
		fields,
		direction,
		fieldDirections,
		keys,
		conflict,
		deleteMode,
		maxDeleteShare: maxDeletePercent >= 100 ? undefined : Math.max(0, maxDeletePercent) / 100,
		fullReconcile: false,
		inputSides: { a: sides.a.type === INPUT_SIDE, b: sides.b.type === INPUT_SIDE },
	};
	const scopeOf = (s: SideSpec) => (s.type === INPUT_SIDE ? INPUT_SIDE : `${s.type}:${objectTypeOf(sideCrm(s.type)!, kind)}`);
	return {
		kind,
		config,
		sides,
		dryRun: ctx.getNodeParameter('dryRun', 0, false) as boolean,
		incremental: options.incremental ?? true,
		fullEvery: Math.max(0, Math.floor(options.fullReconcileEvery ?? 0)),
		overlapMs: Math.max(0, options.overlapSeconds ?? 300) * 1000,
		batchSize,
		maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? 5)),
		allOrNothing: options.allOrNothing === true,
		updatedAtField: String(options.updatedAtField ?? 'updatedAt').trim(),
		scope: `${kind}|${scopeOf(sides.a)}|${scopeOf(sides.b)}`,
	};
}
