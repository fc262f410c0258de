import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import type { PendingRecord } from '../../shared/store/syncPending';
import type { LeaseHolder } from '../../shared/store/syncStateTable';
import type { Side } from '../../shared/sync';
import type { NamedRecords } from './named';

/**
 * Records handed over between runs of one sync (issue 17, "sync within seconds").
 *
 * Runs of a sync take turns on its lease (Data Table store). A Sync Named Records
 * run that finds the sync held does not wait: it adds the ids it names to the
 * sync's pending rows (shared/store/syncPending.ts) and ends, successfully. The
 * run holding the sync (a scheduled Sync or another named run) takes those ids
 * after its own work and syncs them as named passes, again and again until none
 * are left; then it lets go and looks once more, taking the sync back if ids were
 * added in between (a run that found the sync held just before the release). So
 * a change waits at most for the pass in progress, never for a queue of runs
 * polling the lease, and a burst of events costs one enqueue each.
 *
 * A holder stops taking over after DRAIN_MS (its execution would otherwise go on
 * for as long as events keep coming): ids added after that wait for the next run
 * of the sync, the next event's or the scheduled one.
 */
export const DRAIN_MS = 5 * 60 * 1000;

/** The records of one pass per side, in the order handed over (a side's own first when given). */
export function passesOf(records: readonly PendingRecord[], first?: Side): NamedRecords[] {
	const bySide = new Map<Side, NamedRecords>();
	const order: Side[] = first ? [first, first === 'a' ? 'b' : 'a'] : ['a', 'b'];
	for (const side of order) bySide.set(side, { side, ids: [], itemOf: new Map(), errors: [] });
	for (const r of records) {
		const pass = bySide.get(r.side)!;
		if (pass.itemOf.has(r.id)) continue;
		// Item 0: the ids of other runs come from no item of this run's input.
		pass.itemOf.set(r.id, 0);
		pass.ids.push(r.id);
	}
	return order.map((side) => bySide.get(side)!).filter((p) => p.ids.length > 0);
}

/** The named run's own records, with what it took from the pending rows before its first pass merged in. */
export function withPending(own: NamedRecords, taken: readonly PendingRecord[]): NamedRecords[] {
	const passes = passesOf(taken, own.side);
	const same = passes.find((p) => p.side === own.side);
	const merged: NamedRecords = { ...own, ids: [...own.ids], itemOf: new Map(own.itemOf) };
	for (const id of same?.ids ?? []) {
		if (merged.itemOf.has(id)) continue;
		merged.itemOf.set(id, 0);
		merged.ids.push(id);
	}
	return [merged, ...passes.filter((p) => p.side !== own.side)];
}

type Outputs = INodeExecutionData[][];

const num = (v: unknown) => (typeof v === 'number' ? v : 0);

/**
 * Adds a later pass's outputs to the run's: its Changes, conflicts and errors
 * follow the first pass's, and the Summary counts what the passes for records
 * handed over wrote (`takenOver`), so the run's own figures stay its own.
 */
interface TakenOver {
	/** Passes run for records handed over, after the run's own. */
	passes: number;
	/** Records handed over by other runs and synced by this one (in its own pass or later ones). */
	records: number;
	a: { created: number; updated: number };
	b: { created: number; updated: number };
	errors: number;
	apiCalls: number;
}

function takenOver(out: Outputs): TakenOver {
	const summary = out[0][0].json;
	return (summary.takenOver ??= { passes: 0, records: 0, a: { created: 0, updated: 0 }, b: { created: 0, updated: 0 }, errors: 0, apiCalls: 0 }) as unknown as TakenOver;
}

/** Counts records handed over that the run's own (first) pass synced with its own. */
export function countTaken(out: Outputs, records: number): void {
	if (records > 0) takenOver(out).records += records;
}

export function addPass(out: Outputs, pass: Outputs): void {
	const summary = out[0][0].json;
	const p = pass[0][0].json as IDataObject & { a: IDataObject; b: IDataObject; named?: IDataObject };
	const t = takenOver(out);
	t.passes++;
	t.records += num(p.named?.records);
	for (const side of ['a', 'b'] as const) {
		t[side].created += num(p[side].created);
		t[side].updated += num(p[side].updated);
	}
	t.errors += num(p.errors);
	t.apiCalls += num(p.apiCalls);
	const warnings = summary.warnings as string[];
	for (const w of (p.warnings as string[]) ?? []) if (!warnings.includes(w)) warnings.push(w);
	for (let i = 1; i < out.length; i++) out[i].push(...(pass[i] ?? []));
}

/** The Summary of a run that handed its records over to the sync's holder, and its items that named no record. */
export function handedOverOutput(named: NamedRecords, holder: LeaseHolder, started: number): Outputs {
	const at = (ms?: number) => (ms ? new Date(ms).toISOString() : 'unknown');
	const summary: IDataObject = {
		operation: 'syncNamed',
		handedOver: true,
		named: { side: named.side.toUpperCase(), records: named.ids.length },
		heldSince: at(holder.since),
		message: `Another run holds this sync (since ${at(holder.since)}): it syncs these ${named.ids.length} record(s) before it lets go`,
		errors: named.errors.length,
		durationMs: Date.now() - started,
	};
	return [[{ json: summary, pairedItem: { item: 0 } }], [], [], [], named.errors.map((e) => ({ json: e.error as unknown as IDataObject, pairedItem: { item: e.item } }))];
}
