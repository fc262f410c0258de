import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { DATA_TABLE_STORES, stateStoreOf } from './state';
import type { ForeignRecord, Side, Slice, SliceRouter, SyncRecord } from '../../shared/sync';

/**
 * Slices (issue 18): a sync too large for one execution's memory runs as several
 * executions, each given the same Slices and its own Slice (e.g. a Schedule
 * Trigger, a Code node making one item per slice, and an Execute Workflow node
 * running this workflow once per item). Each reads every record of both sides,
 * page by page, and keeps only its share (shared/sync/slice.ts): a linked pair by
 * its A id, an unlinked record by its match key, so records whose key moves
 * between runs keep their link and are never created twice. The links stay one
 * set in the Data Table store; each slice keeps its own run counter, cursors and
 * lease, so slices may run one after another or at once.
 */
const SLICED = { show: { operation: ['sync'], stateStore: DATA_TABLE_STORES } };

export const sliceProperties: INodeProperties[] = [
	{
		displayName: 'Slices',
		name: 'slices',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		displayOptions: SLICED,
		description:
			'Into how many executions the sync is split, for syncs too large for one execution\'s memory. Each execution reads every record of both sides but keeps and syncs only its slice. 1: no slices. Changing it keeps the links; the slices\' cursors start again (one full read each).',
	},
	{
		displayName: 'Slice',
		name: 'slice',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		displayOptions: SLICED,
		description: 'Which slice this execution syncs, from 1 to Slices, e.g. the slice field of the item that started it. Ignored when Slices is 1.',
	},
];

/** The slice this run syncs; undefined without slices. */
export function readSlice(ctx: IExecuteFunctions, operation: string): Slice | undefined {
	if (operation !== 'sync') return undefined;
	const count = Number(ctx.getNodeParameter('slices', 0, 1));
	if (count === 1) return undefined;
	const index = Number(ctx.getNodeParameter('slice', 0, 1)) - 1;
	if (!Number.isInteger(count) || count < 1) throw new NodeOperationError(ctx.getNode(), `Slices must be a whole number of at least 1 (got ${count})`);
	if (!Number.isInteger(index) || index < 0 || index >= count) {
		throw new NodeOperationError(ctx.getNode(), `Slice must be a whole number from 1 to ${count} (got ${index + 1})`);
	}
	if (stateStoreOf(ctx) !== 'dataTable') {
		throw new NodeOperationError(ctx.getNode(), 'Slices need the Data Table store (State Store: Data Table, or Automatic with an n8n API credential)', {
			description: 'Each slice is an execution of its own; the slices share one set of links, which only the Data Table store keeps across executions.',
		});
	}
	return { index, count };
}

/**
 * A keep-test for a side's records as they are read: true for this slice's own
 * records; a record linked in another slice whose key falls here is kept aside
 * (its key only) in `foreign`.
 */
export function sliceFilter(router: SliceRouter, side: Side, foreign: ForeignRecord[]): (record: SyncRecord) => boolean {
	return (record) => router.take(side, record, foreign);
}
