import { NodeOperationError, sleep, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { randomUUID } from 'node:crypto';
import { clearTableState, loadTableState, releaseLease, saveTableState, takeLease, type TableRefs } from '../../shared/store/syncStateTable';
import { decodeState, emptyState, encodeState, SyncStateError, type SyncPlan, type SyncState } from '../../shared/sync';

/** Keys in the node's workflow static data. */
const STATE = 'state';
const SCOPE = 'scope';
const LAST = 'last';
/** Set in static data once its state moved to the Data Table store. */
const MIGRATED = 'migratedToDataTable';

export const MANUAL_WARNING =
	'Manual run: n8n saves workflow static data only for active (production) workflows, so this run\'s sync state (links, cursors, pending writes) was not kept. Activate the workflow (Schedule Trigger) to sync incrementally, or choose State Store: Data Table.';

/**
 * Where the sync state lives. Static data stays the default so existing
 * workflows need no new credential; it is not reliable in queue mode (workers
 * do not read back what another execution saved), which the lost-state guard
 * catches. The Data Table store writes one row per changed pair and works
 * wherever n8n runs (shared/store/syncStateTable.ts).
 */
export const stateStoreProperties: INodeProperties[] = [
	{
		displayName: 'State Store',
		name: 'stateStore',
		type: 'options',
		options: [
			{
				name: 'Data Table',
				value: 'dataTable',
				description:
					"Links in the Data Table 'CRM Pack sync links' (one row per linked pair, visible and editable in n8n), the rest in 'CRM Pack sync state'; kept across executions, manual runs and queue-mode workers. Moves an existing static-data state over on its first run.",
			},
			{
				name: 'Workflow Static Data',
				value: 'staticData',
				description: 'Saved whole after each production run; not kept for manual runs, and not reliable in queue mode',
			},
		],
		default: 'staticData',
	},
	{
		displayName:
			'Needs a CRM Pack Data Tables API credential: an n8n API key (Settings → n8n API) allowed to use Data Tables, and the address every n8n process reaches this n8n at.',
		name: 'stateStoreNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { stateStore: ['dataTable'] } },
	},
	{
		displayName: 'State Key',
		name: 'stateKey',
		type: 'string',
		default: '',
		placeholder: 'contacts',
		displayOptions: { show: { stateStore: ['dataTable'] } },
		description:
			"CRM Sync nodes of this workflow with the same key share one saved state (links, hashes, cursors, pending writes): e.g. a Sync node on a Schedule Trigger and a Sync Named Records node on a webhook trigger. Empty: this node's own state.",
	},
	{
		displayName: 'Wait for Another Run (Seconds)',
		name: 'leaseWaitSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		displayOptions: { show: { stateStore: ['dataTable'], operation: ['sync'] } },
		description: 'How long a run waits while another run of the same sync holds it, before it fails saying so. 0: fail at once.',
	},
	{
		displayName: 'Wait for Another Run (Seconds)',
		name: 'leaseWaitSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		// Event-driven runs come in bursts and while a scheduled run goes: they take turns rather than fail.
		default: 300,
		displayOptions: { show: { stateStore: ['dataTable'], operation: ['syncNamed'] } },
		description: 'How long a run waits while another run of the same sync holds it (a scheduled run, another event), before it fails saying so',
	},
	{
		displayName: 'Confirm Overwrite Without Saved State',
		name: 'confirmOverwriteWithoutState',
		type: 'boolean',
		default: false,
		displayOptions: { show: { operation: ['sync', 'syncNamed'], conflictStrategy: ['aWins', 'bWins'] } },
		description:
			'Whether a run that finds no saved state while records on both sides already match by key may overwrite the losing side. Off: such a run writes nothing and says so in its Summary, because a lost state would otherwise revert every edit made on the losing side.',
	},
];

export interface OpenedState {
	state: SyncState;
	kind: 'staticData' | 'dataTable';
	/** The last run's summary, as saved. */
	last?: IDataObject;
	/** Whether any saved state was found (false on a first run or a lost state). */
	found: boolean;
	/** Saves the state; `scope` and `last` replace the saved ones when given. */
	save(state: SyncState, scope?: string, last?: IDataObject): Promise<void>;
	/** Lets the sync go (Data Table store with a lease); call once the run is over, whatever happened. */
	release(): Promise<void>;
}

function storeOf(ctx: IExecuteFunctions): 'staticData' | 'dataTable' {
	return ctx.getNodeParameter('stateStore', 0, 'staticData') === 'dataTable' ? 'dataTable' : 'staticData';
}

/** The sync's id in the Data Tables: the workflow and the node, or the State Key shared by several nodes. */
function syncIdOf(ctx: IExecuteFunctions): string {
	const node = ctx.getNode();
	const key = String(ctx.getNodeParameter('stateKey', 0, '') ?? '').trim();
	return `${ctx.getWorkflow().id ?? ''}:${key ? `key:${key}` : (node.id ?? node.name)}`;
}

/** Waits between attempts to take a held sync: short and spread out, so a burst of runs takes turns quickly. */
function leaseRetryMs(attempt: number): number {
	return Math.min(1000, 50 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random());
}

function decoded(ctx: IExecuteFunctions, stored: unknown): SyncState {
	try {
		return decodeState(stored);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), error instanceof SyncStateError ? error.message : (error as Error));
	}
}

function scoped(state: SyncState, savedScope: unknown, scope: string | undefined, warnings: string[]): SyncState {
	if (scope === undefined || savedScope === undefined || savedScope === scope) return state;
	warnings.push(`The sides or record kind changed (was ${String(savedScope)}): the saved sync state was set aside and records are matched again by key`);
	return emptyState();
}

/**
 * Loads the state from the chosen store. With `scope`, a state saved for other
 * sides or another record kind is set aside (with a warning). The Data Table
 * store takes over a static-data state on its first run (migration), and the
 * static data keeps a marker instead.
 */
export async function openState(ctx: IExecuteFunctions, options: { scope?: string; warnings?: string[]; lease?: boolean } = {}): Promise<OpenedState> {
	const warnings = options.warnings ?? [];
	const data = ctx.getWorkflowStaticData('node');
	if (storeOf(ctx) === 'staticData') {
		const found = data[STATE] !== undefined;
		return {
			kind: 'staticData',
			state: scoped(decoded(ctx, data[STATE]), found ? data[SCOPE] : undefined, options.scope, warnings),
			last: data[LAST] as IDataObject | undefined,
			found,
			save: async (state, scope, last) => {
				data[STATE] = encodeState(state) as unknown as IDataObject;
				if (scope !== undefined) data[SCOPE] = scope;
				if (last !== undefined) data[LAST] = last;
			},
			release: async () => undefined,
		};
	}

	const syncId = syncIdOf(ctx);
	const refs: TableRefs = {};
	let release = async (): Promise<void> => undefined;
	if (options.lease) {
		// One run of a sync at a time: load after taking it, so the state read is the last one saved.
		const token = randomUUID();
		const waitMs = Math.max(0, Number(ctx.getNodeParameter('leaseWaitSeconds', 0, 0)) || 0) * 1000;
		const deadline = Date.now() + waitMs;
		let holder = await takeLease(ctx, syncId, token, Date.now(), refs);
		for (let attempt = 0; holder && Date.now() < deadline; attempt++) {
			await sleep(Math.min(leaseRetryMs(attempt), Math.max(0, deadline - Date.now())));
			holder = await takeLease(ctx, syncId, token, Date.now(), refs);
		}
		if (holder) {
			const at = (ms?: number) => (ms ? new Date(ms).toISOString() : 'unknown');
			const waited = waitMs ? ` after waiting ${waitMs / 1000} s` : '';
			throw new NodeOperationError(ctx.getNode(), `Another run of this sync is in progress (since ${at(holder.since)}): this run did nothing${waited}`, {
				description: `Two runs of one sync must not overlap. Make the schedule interval longer than a run takes, or wait for the other run to end. A run that stopped without ending lets go at ${at(holder.until)} at the latest.`,
			});
		}
		release = async () => await releaseLease(ctx, syncId, token, refs);
	}
	const loaded = await loadTableState(ctx, syncId, refs).catch(async (error: unknown) => {
		await release();
		throw error;
	});
	const { snapshot } = loaded;
	let state = loaded.stored ? decoded(ctx, loaded.stored) : emptyState();
	let savedScope: unknown = snapshot.scope;
	let last = snapshot.last;
	let migrating = false;
	if (!snapshot.found && data[STATE] !== undefined) {
		// First run on the Data Table store: carry the static-data state over.
		state = decoded(ctx, data[STATE]);
		savedScope = data[SCOPE];
		last = data[LAST] as IDataObject | undefined;
		migrating = true;
		warnings.push(`The sync state (${state.pairs.length} linked pairs) was moved from workflow static data to the n8n Data Tables`);
	}
	return {
		kind: 'dataTable',
		state: scoped(state, savedScope, options.scope, warnings),
		last,
		found: snapshot.found || migrating,
		save: async (next, scope, lastRun) => {
			await saveTableState(ctx, syncId, snapshot, next, { scope: scope ?? (savedScope as string | undefined), last: lastRun ?? last });
			if (migrating) {
				delete data[STATE];
				delete data[SCOPE];
				delete data[LAST];
				data[MIGRATED] = true;
			}
		},
		release,
	};
}

/** Forgets the chosen store's state; returns how many linked pairs were forgotten. */
export async function clearState(ctx: IExecuteFunctions): Promise<number> {
	const data = ctx.getWorkflowStaticData('node');
	let forgotten = 0;
	if (storeOf(ctx) === 'dataTable') {
		forgotten = await clearTableState(ctx, syncIdOf(ctx));
	} else {
		try {
			forgotten = decodeState(data[STATE]).pairs.length;
		} catch {
			// A damaged state is exactly what Reset State is for.
		}
	}
	delete data[STATE];
	delete data[SCOPE];
	delete data[LAST];
	return forgotten;
}

/**
 * The lost-state guard. A run without saved state that matches records on both
 * sides by key is either a first sync of two systems that already share
 * records, or a sync whose state was lost (another queue-mode worker, a reset
 * database): the two look the same. Either way it is said in the Summary; and
 * under "A wins" / "B wins", where such a run would overwrite the other side's
 * values (reverting edits made since the lost state), it writes nothing until
 * the user confirms.
 */
export function lostStateGuard(
	ctx: IExecuteFunctions,
	opened: OpenedState,
	state: SyncState,
	p: SyncPlan,
	strategy: string,
): { warning?: string; withhold?: string } {
	if (opened.found || state.pairs.length > 0 || state.run > 0) return {};
	const matched = p.commit.pairs.filter((u) => u.isNew && u.aId && u.bId).length;
	if (matched === 0) return {};
	const warning = `No saved sync state was found, yet ${matched} record(s) on side A and side B already match by key. If this workflow synced before, its state was lost${
		opened.kind === 'staticData' ? ' (workflow static data is not reliable in queue mode or for manual runs: State Store → Data Table keeps it)' : ''
	}; this run treats every matching pair as new.`;
	if (strategy !== 'aWins' && strategy !== 'bWins') return { warning };
	const loser = strategy === 'aWins' ? 'b' : 'a';
	const overwrites = p.updates[loser].length;
	if (overwrites === 0 || ctx.getNodeParameter('confirmOverwriteWithoutState', 0, false) === true) return { warning };
	return {
		warning,
		withhold: `Lost-state guard: ${overwrites} record(s) on side ${loser.toUpperCase()} would be overwritten by side ${
			loser === 'b' ? 'A' : 'B'
		} without a saved state; nothing was written and no state was saved. Check them, then turn on "Confirm Overwrite Without Saved State" to run.`,
	};
}

/** The plan with every write held back, marked aborted with the reason. */
export function withheld(p: SyncPlan, reason: string): SyncPlan {
	const none = { a: [], b: [] };
	return { ...p, creates: { ...none }, updates: { ...none }, deletes: { ...none }, aborted: { reason } };
}
