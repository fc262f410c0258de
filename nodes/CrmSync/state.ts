import { NodeOperationError, sleep, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { randomUUID } from 'node:crypto';
import { N8N_API_CREDENTIAL } from '../../shared/store/n8nApi';
import { addPending, hasPending, takePending, type PendingRecord } from '../../shared/store/syncPending';
import { clearTableState, loadTableState, releaseLease, renewLease, saveTableState, sliceSyncId, takeLease, type LeaseHolder, type TableRefs } from '../../shared/store/syncStateTable';
import { decodeState, emptyState, encodeState, SyncStateError, type Slice, type SyncPlan, type SyncState } from '../../shared/sync';

/** Keys in the node's workflow static data. */
const STATE = 'state';
const SCOPE = 'scope';
const LAST = 'last';
/** Set in static data once its state moved to the Data Table store. */
const MIGRATED = 'migratedToDataTable';

export const MANUAL_WARNING =
	'Manual run: n8n saves workflow static data only for active (production) workflows, so this run\'s sync state (links, cursors, pending writes) was not kept. Activate the workflow (Schedule Trigger) to sync incrementally, or choose State Store: Data Table.';

/**
 * Where the sync state lives (issue 18).
 *
 * Workflow static data is not read back on an n8n 2.41.1 queue-mode worker. The
 * main instance loads the workflow's static data for a trigger or webhook run
 * (WorkflowRunner.run -> prepareNewExecution, loadStaticData true), but stores the
 * execution with `toWorkflowSnapshot(workflowData)`
 * (n8n/dist/executions/execution-data/types.js), which keeps only id, name, nodes,
 * connections, settings and nodeGroups; it enqueues the job with
 * `loadStaticData: Boolean(existingExecution && loadStaticData)`, false for every
 * new execution (n8n/dist/workflow-runner.js). The worker
 * (n8n/dist/scaling/job-processor.js processJob) then builds the Workflow from
 * that snapshot: `staticData` undefined (an empty object) and `active`
 * `!!activeVersionId || active`, both missing, so false. It saves the node's static
 * data at the end, and no later execution reads it. A node cannot make static data
 * reliable there itself: what was saved is only in n8n's database, which a node
 * reaches only through n8n's public API, that is with the credential the Data
 * Table store needs anyway.
 *
 * What a node can see: the worker's Workflow is the only one reported inactive
 * (`getWorkflow().active === false`) in a production run ('trigger' or 'webhook'
 * mode): a schedule, poll, trigger or production-webhook run of an active
 * workflow in regular mode, or on a queue-mode main, is built from the published
 * workflow data, whose activeVersionId is set (runMainProcess: `active:
 * activeVersionId !== null`). Test webhooks and editor runs are 'manual'. So
 * `staticDataLost` names exactly the runs built from the snapshot without static
 * data; it reads no environment or file. n8n 1.x kept the whole workflow (static
 * data and `active`) in the execution and had workers reload static data: there
 * the signal does not fire, rightly. Measured with n8n 2.41.1 in queue mode:
 * test/queue/syncState.queue.ts.
 *
 * Version 3 of the node defaults to 'Automatic': the Data Table store when the
 * node has an n8n API credential, workflow static data otherwise, with a warning
 * in the Summary when the run is one whose static data is not read back. It does
 * not switch store by process: a manual run on the main instance and a scheduled
 * run on a worker must read one state. Versions 1 and 2 keep static data as their
 * default, so saved workflows run as before (they get the same warning).
 *
 * Why not the Data Table store for everyone: it needs the credential (an n8n API
 * key), and it is not as fast. test/bench/stateStore.bench.ts, real n8n 2.41.1
 * (regular mode, SQLite), load average 8.5-9.5, per run where 1% changed:
 * 1,000 pairs: static data 11 ms load + 1 ms save, Data Table 270 ms (9 calls) +
 * 208 ms (3 calls); 10,000: 110 + 92 ms vs 1,347 ms (45 calls) + 224 ms (6 calls);
 * 100,000: 248 + 177 ms vs 22.5 s (405 calls) + 1.7 s (43 calls). (Static data:
 * the node's decode/encode and n8n's JSON parse/stringify, in process; n8n's one
 * database write of the whole state, 62 bytes per pair, is not in the figure.)
 * So the Data Table store is the default only where the user gave it what it
 * needs, and where static data would not work it is said in every Summary.
 */
export type StoreKind = 'staticData' | 'dataTable';

/** Every option's value; 'auto' is offered from version 3 on. */
const STORE_OPTIONS = {
	auto: {
		name: 'Automatic',
		value: 'auto',
		description:
			'Data Table when an n8n API credential is set on this node, otherwise Workflow Static Data. Without the credential, a queue-mode run warns in its Summary that its state is lost between runs.',
	},
	dataTable: {
		name: 'Data Table',
		value: 'dataTable',
		description:
			"Links in the Data Table 'CRM Pack sync links' (one row per linked pair, visible and editable in n8n), the rest in 'CRM Pack sync state'; kept across executions, manual runs and queue-mode workers. Moves an existing static-data state over on its first run.",
	},
	staticData: {
		name: 'Workflow Static Data',
		value: 'staticData',
		description: 'Saved whole after each production run; not kept for manual runs, and not read back on queue-mode workers',
	},
};

/** Where the Data Table store's parameters show: chosen, or possibly chosen by Automatic. */
export const DATA_TABLE_STORES = ['auto', 'dataTable'];

export const stateStoreProperties: INodeProperties[] = [
	{
		displayName: 'State Store',
		name: 'stateStore',
		type: 'options',
		options: [STORE_OPTIONS.dataTable, STORE_OPTIONS.staticData],
		default: 'staticData',
		displayOptions: { show: { '@version': [1, 2] } },
	},
	{
		displayName: 'State Store',
		name: 'stateStore',
		type: 'options',
		options: [STORE_OPTIONS.auto, STORE_OPTIONS.dataTable, STORE_OPTIONS.staticData],
		default: 'auto',
		displayOptions: { show: { '@version': [3] } },
	},
	{
		displayName:
			'Automatic keeps the sync state in n8n Data Tables when a CRM Pack Data Tables API credential is set above (an n8n API key allowed to use Data Tables, and the address every n8n process reaches this n8n at), otherwise in workflow static data, which n8n does not keep for manual runs nor read back on queue-mode workers.',
		name: 'stateStoreAutoNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { stateStore: ['auto'] } },
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
		displayOptions: { show: { stateStore: DATA_TABLE_STORES } },
		description:
			"CRM Sync nodes of this workflow with the same key share one saved state (links, hashes, cursors, pending writes): e.g. a Sync node on a Schedule Trigger and a Sync Named Records node on a webhook trigger. Empty: this node's own state.",
	},
	{
		displayName: 'Wait for Another Run (Seconds)',
		name: 'leaseWaitSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		displayOptions: { show: { stateStore: DATA_TABLE_STORES, operation: ['sync'] } },
		description: 'How long a run waits while another run of the same sync holds it, before it fails saying so. 0: fail at once.',
	},
	{
		displayName: 'Wait for Another Run (Seconds)',
		name: 'leaseWaitSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		// Rows of a Records From Input side come in bursts too, and only their own run has them: such runs take turns.
		default: 300,
		displayOptions: { show: { stateStore: DATA_TABLE_STORES, operation: ['syncNamed'] } },
		description:
			'When the input names Records From Input rows: how long a run waits while another run of the same sync holds it, before it fails saying so. Records of a CRM side never wait: the run hands them over to the run holding the sync, which syncs them before it lets go.',
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
	/** With slices: the other slices' links (id -> partner id, per side), which this slice must not match or create. */
	elsewhere?: Record<'a' | 'b', Map<string, string>>;
	/**
	 * Set when the sync was held by another run and this run handed its records
	 * over to it (`handOver`): nothing was loaded, nothing is to be saved.
	 */
	handedOver?: LeaseHolder;
	/** Saves the state; `scope` and `last` replace the saved ones when given. */
	save(state: SyncState, scope?: string, last?: IDataObject): Promise<void>;
	/**
	 * The lease holder's next records handed over by other runs (Data Table store
	 * with a lease): renews the lease, takes them; when there are none, lets the
	 * sync go, and if records were handed over meanwhile takes it again (reloading
	 * the state another run may have saved in between) and returns those. Empty:
	 * nothing is left for this run, which no longer holds the sync. With `letGo`
	 * false it only takes what is there and keeps the sync.
	 */
	nextPending(letGo?: boolean): Promise<PendingRecord[]>;
	/** Lets the sync go (Data Table store with a lease); call once the run is over, whatever happened. */
	release(): Promise<void>;
}

/**
 * The store this run uses: the chosen one, or for Automatic the Data Table store
 * when the node has an n8n API credential. Read from the node's own settings
 * only, so every run of a node (manual, scheduled, on any process) uses one store.
 */
export function stateStoreOf(ctx: IExecuteFunctions): StoreKind {
	const chosen = ctx.getNodeParameter('stateStore', 0, 'staticData');
	if (chosen === 'dataTable') {
		if (!ctx.getNode().credentials?.[N8N_API_CREDENTIAL]) {
			throw new NodeOperationError(ctx.getNode(), 'State Store: Data Table needs a CRM Pack Data Tables API credential', {
				description: 'Set one on this node: an n8n API key (Settings → n8n API) allowed to use Data Tables, and the address every n8n process reaches this n8n at.',
			});
		}
		return 'dataTable';
	}
	if (chosen === 'auto') return ctx.getNode().credentials?.[N8N_API_CREDENTIAL] ? 'dataTable' : 'staticData';
	return 'staticData';
}

/**
 * Whether this run was handed no workflow static data by n8n although earlier
 * runs saved some: a production run whose workflow n8n reports inactive, i.e. one
 * rebuilt from an execution snapshot on an n8n 2.x queue-mode worker (see above).
 */
export function staticDataLost(ctx: IExecuteFunctions): boolean {
	const mode = ctx.getMode();
	return (mode === 'trigger' || mode === 'webhook') && ctx.getWorkflow().active === false;
}

export const QUEUE_WORKER_WARNING =
	'This run is on an n8n queue-mode worker, which is not given the workflow static data earlier runs saved (n8n 2.x), so the sync state kept there is lost between runs: every run starts as a first run and reads everything. Set a CRM Pack Data Tables API credential on this node (State Store: Automatic or Data Table) to keep the state in n8n Data Tables.';

const storeOf = stateStoreOf;

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
export async function openState(
	ctx: IExecuteFunctions,
	options: {
		scope?: string;
		warnings?: string[];
		lease?: boolean;
		/** Records to hand over to the run holding the sync instead of waiting for it (Sync Named Records on a CRM side). */
		handOver?: PendingRecord[];
		/** The slice this run syncs (nodes/CrmSync/slices.ts): its own links, state row and lease. */
		slice?: Slice;
	} = {},
): Promise<OpenedState> {
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
			nextPending: async () => [],
			release: async () => undefined,
		};
	}

	const linksId = syncIdOf(ctx);
	// The lease and the state row are the slice's own; the links are the sync's (shared by its slices).
	const syncId = sliceSyncId(linksId, options.slice);
	const refs: TableRefs = {};
	let token: string | undefined;
	let held = false;
	if (options.lease) {
		// One run of a sync at a time: load after taking it, so the state read is the last one saved.
		token = randomUUID();
		let holder = await takeLease(ctx, syncId, token, Date.now(), refs);
		if (holder && options.handOver) {
			// Not waiting (issue 17): the holder syncs these records before it lets go.
			await addPending(ctx, syncId, options.handOver, refs);
			// The holder may have looked for handed-over records just before these were added and be letting go
			// now; it looks again after letting go, and this run takes the sync if it is free already: either way
			// the records are synced by a run that holds it.
			holder = await takeLease(ctx, syncId, token, Date.now(), refs);
			if (holder) return handedOver(holder);
		}
		const waitMs = Math.max(0, Number(ctx.getNodeParameter('leaseWaitSeconds', 0, 0)) || 0) * 1000;
		const deadline = Date.now() + waitMs;
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
		held = true;
	}
	const release = async (): Promise<void> => {
		if (!held || !token) return;
		held = false;
		await releaseLease(ctx, syncId, token, refs);
	};

	let snapshot!: Awaited<ReturnType<typeof loadTableState>>['snapshot'];
	let savedScope: unknown;
	let migrating = false;
	const opened: OpenedState = {
		kind: 'dataTable',
		state: emptyState(),
		found: false,
		save: async (next, scope, lastRun) => {
			await saveTableState(ctx, linksId, snapshot, next, { scope: scope ?? (savedScope as string | undefined), last: lastRun ?? opened.last });
			// What a later pass of this run (records handed over to it) plans from.
			opened.state = next;
			opened.found = true;
			if (scope !== undefined) savedScope = scope;
			if (lastRun !== undefined) opened.last = lastRun;
			if (migrating) {
				migrating = false;
				delete data[STATE];
				delete data[SCOPE];
				delete data[LAST];
				data[MIGRATED] = true;
			}
		},
		nextPending: async (letGo = true) => {
			if (!token) return [];
			while (held) {
				// Renewed before each pass, so a holder that goes on working never loses the sync to an expiry.
				if (!(await renewLease(ctx, syncId, token, Date.now(), refs))) {
					held = false;
					warnings.push('This run lost its hold on the sync (its lease expired), so it synced no more records handed over to it');
					return [];
				}
				const records = await takePending(ctx, syncId, refs);
				if (records.length || !letGo) return records;
				await release();
				// Records handed over after the take above, by runs that found the sync still held: this run looks
				// once more now that it let go, and takes the sync again for them if no other run has.
				if (!(await hasPending(ctx, syncId, refs))) return [];
				if (await takeLease(ctx, syncId, token, Date.now(), refs)) return [];
				held = true;
				// Another run may have held the sync and saved in between: plan from what it saved.
				await load();
			}
			return [];
		},
		release,
	};

	async function load(): Promise<void> {
		const loaded = await loadTableState(ctx, linksId, refs, options.slice);
		snapshot = loaded.snapshot;
		let state = loaded.stored ? decoded(ctx, loaded.stored) : emptyState();
		savedScope = snapshot.scope;
		opened.last = snapshot.last;
		opened.elsewhere = snapshot.elsewhere;
		// A static-data state moves over in a run without slices (it holds every link, not a slice's).
		if (!snapshot.found && data[STATE] !== undefined && !options.slice) {
			// First run on the Data Table store: carry the static-data state over.
			state = decoded(ctx, data[STATE]);
			savedScope = data[SCOPE];
			opened.last = data[LAST] as IDataObject | undefined;
			migrating = true;
			warnings.push(`The sync state (${state.pairs.length} linked pairs) was moved from workflow static data to the n8n Data Tables`);
		}
		opened.state = scoped(state, savedScope, options.scope, warnings);
		opened.found = snapshot.found || migrating;
	}

	await load().catch(async (error: unknown) => {
		await release();
		throw error;
	});
	return opened;
}

/** What a run that handed its records over to the sync's holder gets: no state, nothing to save. */
function handedOver(holder: LeaseHolder): OpenedState {
	return {
		kind: 'dataTable',
		state: emptyState(),
		found: false,
		handedOver: holder,
		save: async () => {
			throw new Error('A run that handed its records over saves nothing');
		},
		nextPending: async () => [],
		release: async () => undefined,
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
