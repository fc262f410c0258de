import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import {
	commit,
	counterpartIds,
	idsToFetch,
	plan,
	RecordHold,
	SliceRouter,
	SyncConfigError,
	type ForeignRecord,
	type Slice,
	type Side,
	type SyncPlan,
	type SyncRecord,
	type SyncState,
	type WriteOutcome,
} from '../../../shared/sync';
import { hashFields } from '../../../shared/sync/hash';
import { newStats } from '../../../shared/transport/request';
import { readSettings, type SyncSettings } from '../config';
import { INPUT_SIDE, openSide, sideCrm } from '../connectors';
import { changeItems, CrmSide, InputSide, type SyncError, type WriteResult, type Writes } from '../sides';
import { lostStateGuard, MANUAL_WARNING, openState, QUEUE_WORKER_WARNING, staticDataLost, stateStoreOf, withheld, type OpenedState } from '../state';
import { addPass, countTaken, DRAIN_MS, handedOverOutput, passesOf, withPending } from '../handOver';
import { matchesByKey, namedRecords, type NamedRecords } from '../named';
import { readSlice, sliceFilter } from '../slices';

const SIDES: Side[] = ['a', 'b'];

function writesOf(p: SyncPlan, side: Side): Writes {
	return { creates: p.creates[side], updates: p.updates[side], deletes: p.deletes[side] };
}

const countOf = (w: Writes) => w.creates.length + w.updates.length + w.deletes.length;

/**
 * The writes a side's CRM cannot make at all (its definition's `cannotWrite`, e.g.
 * Brivity's people are only ever created): taken out of what is sent, and counted
 * with the vendor's reason for the Summary.
 */
function heldWrites(side: CrmSide, kind: SyncSettings['kind'], writes: Writes) {
	const cannot = side.crm.cannotWrite?.(kind) ?? {};
	const summary: IDataObject = {};
	const refs: string[] = [];
	const keep = <W extends { ref: string }>(op: 'create' | 'update' | 'delete', list: W[]): W[] => {
		const reason = cannot[op];
		if (!reason || list.length === 0) return list;
		summary[op] = { count: list.length, reason };
		refs.push(...list.map((w) => w.ref));
		return [];
	};
	const kept: Writes = { creates: keep('create', writes.creates), updates: keep('update', writes.updates), deletes: keep('delete', writes.deletes) };
	return { writes: kept, summary, refs, count: refs.length };
}

/**
 * The vendor budgets CRM sides spent (a connector's `rateBudget`, e.g. Freshsales' requests per
 * hour), for the Summary; a side that waited for its budget also gets a warning line, so a run
 * that took an hour says why.
 */
function rateBudgets(crm: Partial<Record<Side, CrmSide>>, warnings: string[]): IDataObject | undefined {
	const out: IDataObject = {};
	for (const side of SIDES) {
		const source = crm[side];
		const budget = source?.connector.rateBudget?.();
		if (!source || !budget) continue;
		out[side] = { ...budget };
		if (budget.waitedMs >= 1000) {
			warnings.push(
				`Side ${side.toUpperCase()} (${source.crm.displayName}): waited ${duration(budget.waitedMs)} for its API budget of ${budget.budget}; ${budget.calls} requests this run, ${budget.remaining} left in the window now`,
			);
		}
	}
	return Object.keys(out).length ? out : undefined;
}

/** "1 h 2 min", "4 min 10 s", "12 s". */
function duration(ms: number): string {
	const s = Math.round(ms / 1000);
	const h = Math.floor(s / 3600);
	const m = Math.floor((s % 3600) / 60);
	if (h) return `${h} h ${m} min`;
	return m ? `${m} min ${s % 60} s` : `${s} s`;
}

/** Records whose mapped fields differ from their pair's baseline, or that have no pair yet (a lean record carries its hash). */
function changedRecords(state: SyncState, side: Side, records: SyncRecord[], names: string[]): SyncRecord[] {
	const base = new Map(state.pairs.map((p) => [side === 'a' ? p.aId : p.bId, side === 'a' ? p.base.ha : p.base.hb]));
	return records.filter((r) => base.get(r.id) !== (r.hash ?? hashFields(r.fields, names, false).hash));
}

function laterOf(current: string | undefined, candidate: string | undefined): string | undefined {
	if (!candidate) return current;
	if (!current) return candidate;
	return Date.parse(candidate) > Date.parse(current) ? candidate : current;
}

function fullOf(s: SyncSettings, state: SyncState, side: Side): boolean {
	const spec = s.sides[side];
	if (spec.type === INPUT_SIDE) return spec.complete;
	if (!s.incremental || state.cursors[side] === undefined) return true;
	return s.fullEvery > 0 && (state.run + 1) % s.fullEvery === 0;
}

/**
 * The error of a run that stops on failed records: how many records were written,
 * and every failed one (one line each, in the description).
 */
function failedRun(
	ctx: IExecuteFunctions,
	errors: SyncError[],
	done: Record<Side, WriteResult['done']>,
	input: Partial<Record<Side, InputSide>>,
): NodeOperationError {
	const written = (side: Side): string => {
		if (input[side]) return `side ${side.toUpperCase()} (records from input): nothing sent, the Changes outputs are dropped with the error`;
		const d = done[side];
		return `side ${side.toUpperCase()}: ${d.created} created, ${d.updated} updated, ${d.deleted} deleted`;
	};
	const message = `${errors.length} record(s) could not be synced; the others were (${written('a')}; ${written('b')})`;
	const description = [
		...errors.map((e) => `- ${e.side} ${e.operation}: ${e.message}`),
		'The records written were committed; the failed ones are retried next run. Set On Error to "Continue" to get them on the Errors output instead.',
	].join('\n');
	return new NodeOperationError(ctx.getNode(), message, { description });
}

/**
 * The input item a CRM side's failed write came from, when the other side is
 * records from input: a create names it by `sourceId`, an update or delete by
 * that side's id. A record no item holds (one deleted from a complete input)
 * pairs with item 0, as n8n expects of every output item.
 */
function sourceItem(input: InputSide, error: SyncError, side: Side): number {
	const id = error.sourceId ?? (side === 'a' ? error.bId : error.aId);
	return (id !== undefined && id !== null ? input.rowOf.get(String(id)) : undefined) ?? 0;
}

/**
 * One sync run: read both sides (incrementally where a cursor is saved), plan with
 * the engine, write through the connectors' batch calls (or send the writes out
 * for "records from input" sides), and commit exactly what succeeded.
 */
export async function sync(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runSync.call(this, false);
}

/**
 * "Sync Named Records" (nodes/CrmSync/named.ts): the same run for only the records
 * the input names; the rest of the saved state is left as it is.
 */
export async function syncNamed(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runSync.call(this, true);
}

async function runSync(this: IExecuteFunctions, named: boolean): Promise<INodeExecutionData[][]> {
	const runStarted = Date.now();
	const s = readSettings(this);
	let names: NamedRecords | undefined;
	if (named) {
		if (stateStoreOf(this) !== 'dataTable') {
			throw new NodeOperationError(this.getNode(), 'Sync Named Records needs the Data Table store (State Store: Data Table, or Automatic with an n8n API credential)', {
				description:
					'Its runs start one per event and overlap; n8n saves workflow static data whole at the end of each execution, so overlapping runs would overwrite one another\'s links. The Data Table store saves each pair on its own and lets runs of one sync take turns.',
			});
		}
		const side = this.getNodeParameter('namedSide', 0, 'a') as Side;
		const other: Side = side === 'a' ? 'b' : 'a';
		if (s.sides[other].type === INPUT_SIDE) {
			throw new NodeOperationError(this.getNode(), `Input Names Records Of: side ${side.toUpperCase()}, but side ${other.toUpperCase()} is Records From Input`, {
				description: 'The node has one input: on a Records From Input side the items are that side\'s changed rows, so name that side.',
			});
		}
		names = s.sides[side].type === INPUT_SIDE ? { side, ids: [], itemOf: new Map(), errors: [] } : namedRecords(this, side);
	}
	// Records handed over between runs (nodes/CrmSync/handOver.ts): only between CRM sides, whose records a run
	// reads by id; rows of a Records From Input side are only in their own run's input, so such runs wait their turn.
	const crmOnly = s.sides.a.type !== INPUT_SIDE && s.sides.b.type !== INPUT_SIDE;
	const takesOver = crmOnly && !s.dryRun && stateStoreOf(this) === 'dataTable';
	const warnings: string[] = [];
	const handOver = takesOver && names ? names.ids.map((id) => ({ side: names!.side, id })) : undefined;
	const slice = readSlice(this, named ? 'syncNamed' : 'sync');
	const stored = await openState(this, { scope: s.scope, warnings, lease: !s.dryRun, handOver, slice });
	if (stored.handedOver) return handedOverOutput(names!, stored.handedOver, runStarted);
	try {
		const pass = async (passNames: NamedRecords | undefined, passWarnings: string[]) => {
			const started = Date.now();
			// Where the run's time went (Summary "timings", ms), each phase also reported as it ends: n8n shows a node's
			// messages to the UI in the browser's console during a manual run, the only progress a node can report (issue 20).
			const timings: Record<string, number> = {};
			let mark = started;
			const lap = (phase: string, progress: string) => {
				const now = Date.now();
				timings[phase] = (timings[phase] ?? 0) + now - mark;
				mark = now;
				this.sendMessageToUI?.(`CRM Sync: ${progress} (${now - started} ms)`);
			};
			return await syncRun.call(this, { started, s, warnings: passWarnings, stored, lap, timings, named: passNames, slice });
		};
		if (!takesOver) return await pass(names, warnings);

		// This run holds the sync: its own records (with those already handed over to it, for a named run), then
		// every record other runs hand over while it works, until none is left.
		let out: INodeExecutionData[][] | undefined;
		const taken = names ? await stored.nextPending(false) : [];
		const first = names ? withPending(names, taken) : [undefined];
		for (const passNames of first) {
			if (!out) {
				out = await pass(passNames, warnings);
				countTaken(out, passNames ? passNames.ids.filter((id) => !names!.itemOf.has(id)).length : 0);
			} else addPass(out, await pass(passNames, []));
		}
		// At least one look after its own work, however long that took; then up to DRAIN_MS in all.
		do {
			const records = await stored.nextPending();
			if (!records.length) break;
			for (const passNames of passesOf(records)) addPass(out!, await pass(passNames, []));
		} while (Date.now() - runStarted < DRAIN_MS);
		return out!;
	} finally {
		await stored.release();
	}
}

/** What a run carries from opening the state to its Summary. */
interface RunContext {
	started: number;
	s: SyncSettings;
	warnings: string[];
	stored: OpenedState;
	lap: (phase: string, progress: string) => void;
	timings: Record<string, number>;
	/** Sync Named Records: the side and records the input names (only those, and their partners, are read). */
	named?: NamedRecords;
	/** The slice this run syncs (nodes/CrmSync/slices.ts); undefined without slices. */
	slice?: Slice;
}

async function syncRun(this: IExecuteFunctions, { started, s, warnings, stored, lap, timings, named, slice }: RunContext): Promise<INodeExecutionData[][]> {
	lap('loadState', 'sync state loaded');
	if (this.getMode() === 'manual' && stored.kind === 'staticData') warnings.push(MANUAL_WARNING);
	if (stored.kind === 'staticData' && staticDataLost(this)) warnings.push(QUEUE_WORKER_WARNING);
	const state = stored.state;
	const stats = newStats();
	const names = s.config.fields;
	const errors: INodeExecutionData[] = [];

	const crm: Partial<Record<Side, CrmSide>> = {};
	const input: Partial<Record<Side, InputSide>> = {};
	const records: Record<Side, SyncRecord[]> = { a: [], b: [] };
	// A named run reads only what it names: nothing missing from it was deleted, and no cursor moves.
	const full = named ? { a: false, b: false } : { a: fullOf(s, state, 'a'), b: fullOf(s, state, 'b') };
	const cursors: { a?: string; b?: string } = {};
	const deletionCursors: { a?: string; b?: string } = {};
	const deletedIds: { a?: string[]; b?: string[] } = {};
	if (named) for (const e of named.errors) errors.push({ json: e.error, pairedItem: { item: e.item } });
	// A slice keeps its own records and the other slices' key holders (their keys only), as each page is read.
	const router = slice ? new SliceRouter(slice, state.pairs, stored.elsewhere ?? { a: new Map(), b: new Map() }, s.config.keys) : undefined;
	const foreign: Record<Side, ForeignRecord[]> = { a: [], b: [] };
	const keep = (side: Side) => (router ? sliceFilter(router, side, foreign[side]) : undefined);
	// Every record read goes through the hold, which keeps the records of unchanged pairs without their fields
	// (shared/sync/hold.ts: a million records per side in one execution). A named run reads few records: held whole.
	const hold = named ? undefined : new RecordHold(state, s.config);
	const put = (side: Side) => (hold ? (r: SyncRecord) => hold.add(side, r) : undefined);

	for (const side of SIDES) {
		const spec = s.sides[side];
		if (spec.type === INPUT_SIDE) {
			const source = new InputSide(named ? { ...spec, complete: false } : spec, s.kind, names, s.updatedAtField);
			const read = source.read(this.getInputData());
			for (const e of read.errors) errors.push({ json: e.error, pairedItem: { item: e.item } });
			const mine = keep(side);
			records[side] = mine ? read.records.filter(mine) : read.records;
			input[side] = source;
			lap(`read${side.toUpperCase()}`, `side ${side.toUpperCase()}: ${records[side].length} records from input`);
			if (hold) for (const r of records[side]) hold.add(side, r);
			continue;
		}
		const crmOfSide = sideCrm(spec.type)!;
		const connector = await openSide(this, crmOfSide, side.toUpperCase(), { stats, maxAttempts: s.maxAttempts });
		const source = new CrmSide(spec, crmOfSide, connector, s.kind, names, s.batchSize);
		crm[side] = source;
		if (s.allOrNothing && !source.transactional) {
			warnings.push(
				`All or Nothing per Batch is ignored for side ${side.toUpperCase()} (${crmOfSide.displayName}): it has no transactional batch writes, so each record of a batch is written or fails on its own`,
			);
		}
		if (named) {
			// The named records by id; the other side's partners are read below, by their links.
			records[side] = named.side === side ? await source.fetchIds(named.ids) : [];
			lap(`read${side.toUpperCase()}`, `side ${side.toUpperCase()}: ${records[side].length} named records read`);
			continue;
		}
		// Deletions the vendor tracks (Dataverse change tracking), asked before the listing: a record deleted
		// while the side is read is reported now or on the next run, never lost between two cursors.
		const tracked = await source.deletedSince(state.deletionCursors?.[side]);
		if (tracked) {
			deletionCursors[side] = tracked.cursor;
			deletedIds[side] = tracked.ids;
			if (tracked.restarted) {
				warnings.push(`Side ${side.toUpperCase()} (${crmOfSide.displayName}): its deletion tracking was refused (expired) and started again; deletions made since the last run are seen on the next full reconcile`);
			}
		}
		const previous = state.cursors[side];
		const since = previous === undefined ? undefined : new Date(Date.parse(previous) - s.overlapMs).toISOString();
		// The cursor is the vendor's own time of the newest change read (every record read, also another slice's),
		// never our clock.
		let cursor = previous;
		const seen = (r: SyncRecord) => void (cursor = laterOf(cursor, r.updatedAt));
		const read = { keep: keep(side), seen, put: put(side) };
		records[side] = full[side] ? await source.fetchAll(read) : await source.fetchChanged(since, read);
		if (hold) records[side] = hold.records[side];
		if (cursor !== undefined) cursors[side] = cursor;
		lap(`read${side.toUpperCase()}`, `side ${side.toUpperCase()}: ${records[side].length} records read`);
	}

	// Incremental CRM sides: also fetch failed writes, pending ones, open conflicts and the partners of changed records.
	// A named run fetches only partners: what is owed waits for the next scheduled run, so an event costs few calls.
	// Only when a CRM side is read incrementally: with both read in full (e.g. a million records each) there is
	// nothing to fetch by id, and finding the changed records' partners would cost a pass over every link.
	const byId = SIDES.some((side) => crm[side] && !full[side]);
	const owed = named || !byId ? { a: [], b: [] } : idsToFetch(state);
	const partners = byId ? counterpartIds(state, changedRecords(state, 'a', records.a, names), changedRecords(state, 'b', records.b, names)) : { a: [], b: [] };
	for (const side of SIDES) {
		const source = crm[side];
		if (!source || full[side]) continue;
		const have = new Set(records[side].map((r) => r.id));
		const ids = [...new Set([...owed[side], ...partners[side]])].filter((id) => !have.has(id));
		if (hold) {
			await source.fetchIds(ids, { put: put(side) });
			records[side] = hold.records[side];
		} else records[side] = records[side].concat(await source.fetchIds(ids));
		if (named && named.side !== side) {
			const more = await matchesByKey(source, records[named.side], state, named.side, s.config.keys, have, ids);
			records[side] = records[side].concat(more);
		}
		lap(`read${side.toUpperCase()}`, `side ${side.toUpperCase()}: ${ids.length} more records read by id`);
	}

	if (hold) {
		const held = hold.finish();
		records.a = held.a;
		records.b = held.b;
	}
	let p: SyncPlan;
	try {
		p = plan(state, records.a, records.b, { ...s.config, fullReconcile: full, deletedIds }, { foreign, held: hold });
	} catch (error) {
		throw new NodeOperationError(this.getNode(), error instanceof SyncConfigError ? error.message : (error as Error));
	}
	if (p.aborted) warnings.push(`Deletion guard: ${p.aborted.reason}`);
	const guard = lostStateGuard(this, stored, state, p, s.config.conflict.strategy);
	if (guard.warning) warnings.push(guard.warning);
	if (guard.withhold) {
		warnings.push(guard.withhold);
		p = withheld(p, guard.withhold);
	}
	lap('plan', `planned: ${countOf(writesOf(p, 'a'))} writes for side A, ${countOf(writesOf(p, 'b'))} for side B`);

	const done: Record<Side, WriteResult['done']> = { a: { created: 0, updated: 0, deleted: 0 }, b: { created: 0, updated: 0, deleted: 0 } };
	const changes: Record<Side, INodeExecutionData[]> = { a: [], b: [] };
	const outcomes: WriteOutcome[] = [];
	const rolledBack: Record<Side, number> = { a: 0, b: 0 };

	const notWritten: Partial<Record<Side, IDataObject>> = {};
	for (const side of SIDES) {
		let writes = writesOf(p, side);
		const inputSide = input[side];
		const crmSide = crm[side];
		if (crmSide) {
			const held = heldWrites(crmSide, s.kind, writes);
			writes = held.writes;
			if (held.count > 0) {
				notWritten[side] = held.summary;
				for (const [op, { count, reason }] of Object.entries(held.summary as Record<string, { count: number; reason: string }>)) {
					warnings.push(`Side ${side.toUpperCase()} (${crmSide.crm.displayName}): ${count} ${op}(s) not written: ${reason}`);
				}
				// Not synced: their pairs keep the old baseline and are planned again next run.
				if (!s.dryRun) for (const ref of held.refs) outcomes.push({ ref, ok: false, error: 'not writable' });
			}
		}
		if (inputSide) {
			changes[side] = changeItems(writes, (f) => inputSide.columns(f), inputSide.rowOf);
			if (!s.dryRun) {
				for (const w of [...writes.creates, ...writes.updates, ...writes.deletes]) outcomes.push({ ref: w.ref, ok: true });
			}
			done[side] = { created: writes.creates.length, updated: writes.updates.length, deleted: writes.deletes.length };
		} else if (crmSide) {
			if (s.dryRun) {
				changes[side] = changeItems(writes, (f) => f);
				done[side] = { created: writes.creates.length, updated: writes.updates.length, deleted: writes.deletes.length };
				lap(`write${side.toUpperCase()}`, `side ${side.toUpperCase()}: dry run, nothing written`);
				continue;
			}
			const key = s.config.keys.length === 1 ? s.config.keys[0].field : undefined;
			const property = key && !crmSide.spec.columns[key] ? crmSide.connector.upsertKey(s.kind, key) : undefined;
			const result = await crmSide.write(writes, key && property ? { field: key, property } : undefined, { allOrNone: s.allOrNothing });
			outcomes.push(...result.outcomes);
			done[side] = result.done;
			rolledBack[side] = result.rolledBack;
			const other = input[side === 'a' ? 'b' : 'a'];
			for (const error of result.errors) errors.push({ json: error, pairedItem: { item: other ? sourceItem(other, error, side) : 0 } });
		}
		lap(`write${side.toUpperCase()}`, `side ${side.toUpperCase()} written`);
	}

	for (const d of p.duplicates) {
		const error: SyncError = {
			side: d.side.toUpperCase(),
			operation: 'match',
			key: d.key,
			ids: d.ids,
			message: `Records ${d.ids.join(', ')} on side ${d.side.toUpperCase()} share the key "${d.key}": not synced until only one holds it`,
		};
		const rows = input[d.side];
		errors.push({ json: error, pairedItem: { item: (rows && d.ids.length ? rows.rowOf.get(d.ids[0]) : undefined) ?? 0 } });
	}

	const budgets = rateBudgets(crm, warnings);

	const noKey = p.skipped.filter((x) => x.reason === 'noKey').length;
	if (noKey > 0) warnings.push(`${noKey} record(s) have an empty key field and were not synced`);

	// On Error "Stop Workflow": a record that could not be synced fails the run (after
	// what succeeded is committed). n8n then drops this run's outputs, so writes meant
	// to go out on a Changes output were not sent: they count as failed, to be sent again.
	const stop = !s.dryRun && errors.length > 0 && !this.continueOnFail();
	if (stop) {
		for (const side of SIDES) {
			if (!input[side]) continue;
			const refs = new Set([...writesOf(p, side).creates, ...writesOf(p, side).updates, ...writesOf(p, side).deletes].map((w) => w.ref));
			for (let i = 0; i < outcomes.length; i++) if (refs.has(outcomes[i].ref)) outcomes[i] = { ref: outcomes[i].ref, ok: false };
		}
	}

	if (!s.dryRun && !guard.withhold) {
		// A failed write keeps the deletion cursors where they were: the deletions are reported again next run.
		const keepTracking = outcomes.every((o) => o.ok) && Object.keys(deletionCursors).length > 0;
		const next = commit(state, p, outcomes, { cursors, deletionCursors: keepTracking ? deletionCursors : undefined });
		const last: IDataObject = {
			at: new Date(started).toISOString(),
			run: p.run,
			created: { a: done.a.created, b: done.b.created },
			updated: { a: done.a.updated, b: done.b.updated },
			deleted: { a: done.a.deleted, b: done.b.deleted },
			conflicts: p.conflicts.length,
			errors: errors.length,
		};
		await stored.save(next, s.scope, last);
		lap('saveState', 'sync state saved');
	}

	const summary: IDataObject = {
		operation: named ? 'syncNamed' : 'sync',
		dryRun: s.dryRun,
		run: p.run,
		fullReconcile: full,
		fetched: { a: records.a.length, b: records.b.length },
		...(deletedIds.a || deletedIds.b ? { trackedDeletions: { a: deletedIds.a?.length ?? null, b: deletedIds.b?.length ?? null } } : {}),
		a: { ...done.a, pending: s.sides.a.type === INPUT_SIDE && !s.dryRun ? countOf(writesOf(p, 'a')) : 0 },
		b: { ...done.b, pending: s.sides.b.type === INPUT_SIDE && !s.dryRun ? countOf(writesOf(p, 'b')) : 0 },
		unchanged: p.unchanged,
		conflicts: p.conflicts.length,
		duplicates: p.duplicates.length,
		skipped: p.skipped.length,
		errors: errors.length,
		durationMs: Date.now() - started,
		timings,
		apiCalls: stats.calls,
		warnings,
	};
	if (p.aborted) summary.aborted = p.aborted.reason;
	if (Object.keys(notWritten).length) summary.notWritten = notWritten;
	if (budgets) summary.rateBudget = budgets;
	if (slice) summary.slice = { slice: slice.index + 1, of: slice.count, linkedHere: state.pairs.length, linkedElsewhere: stored.elsewhere?.a.size ?? 0 };
	if (named) summary.named = { side: named.side.toUpperCase(), records: named.side === 'a' ? records.a.length : records.b.length };
	if (stop) throw failedRun(this, errors.map((e) => e.json as SyncError), done, input);
	// Records of an all-or-nothing batch that were not written because another record of it failed (also in errors).
	if (s.allOrNothing) summary.rolledBack = rolledBack;

	const conflicts: INodeExecutionData[] = p.conflicts.map((c) => ({
		json: { ...c, strategy: s.config.conflict.strategy } as unknown as IDataObject,
		pairedItem: { item: 0 },
	}));
	return [[{ json: summary, pairedItem: { item: 0 } }], changes.a, changes.b, conflicts, errors];
}
