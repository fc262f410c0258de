import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { resolveConflict, SyncStateError, type Fields, type Side } from '../../../shared/sync';
import { openState, type OpenedState } from '../state';

function parseValues(raw: unknown, index: number, ctx: IExecuteFunctions): Fields {
	let value = raw;
	if (typeof raw === 'string') {
		try {
			value = JSON.parse(raw);
		} catch {
			throw new NodeOperationError(ctx.getNode(), `Item ${index}: field "Values" is not valid JSON`, { itemIndex: index });
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		throw new NodeOperationError(ctx.getNode(), `Item ${index}: field "Values" must be an object of field values`, { itemIndex: index });
	}
	return value as Fields;
}

/**
 * Records a decision for each input item (a conflict named by its A or B id, and
 * the winning side or values); the next Sync run writes it.
 */
export async function resolve(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const stored = await openState(this, { lease: true });
	try {
		return await record.call(this, stored);
	} finally {
		await stored.release();
	}
}

async function record(this: IExecuteFunctions, stored: OpenedState): Promise<INodeExecutionData[][]> {
	let state = stored.state;
	const out: INodeExecutionData[] = [];
	const errors: INodeExecutionData[] = [];
	const items = this.getInputData();
	for (let i = 0; i < items.length; i++) {
		try {
			const by = this.getNodeParameter('resolveBy', i, 'a') as Side;
			const id = String(this.getNodeParameter('recordId', i, '') ?? '').trim();
			if (!id) throw new NodeOperationError(this.getNode(), `Item ${i}: field "Record ID" is empty`, { itemIndex: i });
			const choice = this.getNodeParameter('winner', i, 'a') as Side | 'values';
			const winner = choice === 'values' ? parseValues(this.getNodeParameter('values', i, '{}'), i, this) : choice;
			try {
				state = resolveConflict(state, by === 'a' ? { aId: id, winner } : { bId: id, winner });
			} catch (error) {
				const message = error instanceof SyncStateError ? error.message : String(error);
				throw new NodeOperationError(this.getNode(), `Item ${i}: ${message}`, { itemIndex: i });
			}
			const r = state.resolutions[state.resolutions.length - 1];
			const json: IDataObject = { operation: 'resolveConflict', aId: r.aId, bId: r.bId, winner: r.winner as IDataObject | string, resolved: true };
			out.push({ json, pairedItem: { item: i } });
		} catch (error) {
			if (!this.continueOnFail()) {
				throw error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
			}
			errors.push({ json: { operation: 'resolveConflict', item: i, message: (error as Error).message }, pairedItem: { item: i } });
		}
	}
	await stored.save(state);
	return [out, [], [], [], errors];
}
