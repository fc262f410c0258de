import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import { decodeState, emptyState, encodeState, SyncStateError, type SyncState } from '../../shared/sync';

/** Keys in the node's workflow static data. */
const STATE = 'state';
const SCOPE = 'scope';
const LAST = 'last';

export const MANUAL_WARNING =
	'Manual run: n8n saves workflow static data only for active (production) workflows, so this run\'s sync state (links, cursors, pending writes) was not kept. Activate the workflow (Schedule Trigger) to sync incrementally.';

export function staticDataOf(ctx: IExecuteFunctions): IDataObject {
	return ctx.getWorkflowStaticData('node');
}

export function readState(ctx: IExecuteFunctions, data: IDataObject): SyncState {
	try {
		return decodeState(data[STATE]);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), error instanceof SyncStateError ? error.message : (error as Error));
	}
}

/** The saved state if it belongs to these sides; another pair of sides or record kind starts afresh. */
export function readScopedState(ctx: IExecuteFunctions, data: IDataObject, scope: string, warnings: string[]): SyncState {
	if (data[STATE] !== undefined && data[SCOPE] !== undefined && data[SCOPE] !== scope) {
		warnings.push(`The sides or record kind changed (was ${String(data[SCOPE])}): the saved sync state was set aside and records are matched again by key`);
		return emptyState();
	}
	return readState(ctx, data);
}

export function writeState(data: IDataObject, state: SyncState, scope?: string, last?: IDataObject): void {
	data[STATE] = encodeState(state) as unknown as IDataObject;
	if (scope !== undefined) data[SCOPE] = scope;
	if (last !== undefined) data[LAST] = last;
}

export function lastRun(data: IDataObject): IDataObject | undefined {
	return data[LAST] as IDataObject | undefined;
}

export function clearState(data: IDataObject): void {
	delete data[STATE];
	delete data[SCOPE];
	delete data[LAST];
}
