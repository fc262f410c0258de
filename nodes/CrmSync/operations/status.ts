import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { encodeState } from '../../../shared/sync';
import { clearState, lastRun, readState, staticDataOf } from '../state';

/** The saved state in numbers: what the last run did, links, pending writes and open conflicts. */
export async function getStatus(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const data = staticDataOf(this);
	const state = readState(this, data);
	const json: IDataObject = {
		operation: 'getStatus',
		runs: state.run,
		lastRun: lastRun(data) ?? null,
		linkedPairs: state.pairs.filter((p) => p.base.ha !== '~' && p.base.hb !== '~').length,
		pendingWrites: state.pairs.reduce((n, p) => n + (p.pending?.length ?? 0), 0),
		pendingCreates: state.pendingCreates.length,
		openConflicts: state.conflicts.map((c) => ({ aId: c.aId, bId: c.bId, reason: c.reason, since: c.since })),
		resolutionsWaiting: state.resolutions.length,
		retrying: { a: state.retry.a.length, b: state.retry.b.length },
		cursors: { a: state.cursors.a ?? null, b: state.cursors.b ?? null },
		stateBytes: JSON.stringify(encodeState(state)).length,
	};
	return [[{ json, pairedItem: { item: 0 } }], [], [], [], []];
}

/** Forgets links, cursors and conflicts: the next run matches every record again by key. */
export async function resetState(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const data = staticDataOf(this);
	let forgotten = 0;
	try {
		forgotten = readState(this, data).pairs.length;
	} catch {
		// A damaged state is exactly what Reset State is for.
	}
	clearState(data);
	return [[{ json: { operation: 'resetState', reset: true, linkedPairsForgotten: forgotten }, pairedItem: { item: 0 } }], [], [], [], []];
}
