import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { encodeState } from '../../../shared/sync';
import { clearState, openState } from '../state';

/** The saved state in numbers: what the last run did, links, pending writes and open conflicts. */
export async function getStatus(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const stored = await openState(this);
	const state = stored.state;
	const json: IDataObject = {
		operation: 'getStatus',
		runs: state.run,
		lastRun: stored.last ?? null,
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
	const forgotten = await clearState(this);
	return [[{ json: { operation: 'resetState', reset: true, linkedPairsForgotten: forgotten }, pairedItem: { item: 0 } }], [], [], [], []];
}
