/**
 * The CRM Sync node's layer over the e2e harness (./harness.ts): the "records
 * from input" database, the CRM Sync node's parameters overridden per run, one
 * run of the node split into its 5 outputs with its static data kept for the
 * next run, HubSpot helpers and small selectors.
 *
 * `CrmSyncHarness` holds the per-test state (a fresh sandbox, database and
 * static data for each test): create it at a test file's top level and read
 * `h.sb`, `h.db`, `h.staticData` inside the tests.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox';
import { runWorkflow, type CredentialStore, type LightRunResult, type WorkflowJson } from '../lightRunner';
import { hubspotPrivateApp, pipedriveApiToken } from './credentials';
import { Harness, loadWorkflow, nodeOf } from './harness';
import { LINKS_TABLE, STATE_TABLE } from '../../../shared/store/syncStateTable';
import { isStoreCall, SNAPSHOT_KEY, STATE_STORE, useStateStore } from './stateStore';

export const NODE = 'CRM Sync';
/** HubSpot contacts as the sandbox's request log shows them. */
export const HS_CONTACTS = '/hubspot/crm/v3/objects/contacts';
/** The instant HubSpot's clock is frozen at before the first records are created. */
export const T0 = '2030-01-01T09:00:00.000Z';

export interface Row extends IDataObject {
	id: number;
	email: string;
	firstName?: string | null;
	lastName?: string | null;
}

/** What a database node downstream of "Changes for B" does: insert, update by id, delete by id. */
export class Database<R extends Row = Row> {
	rows: R[] = [];

	private nextId = 1;

	insert(fields: Omit<R, 'id'>): R {
		const row = { id: this.nextId++, ...fields } as R;
		this.rows.push(row);
		return row;
	}

	row(email: string): R {
		return this.rows.find((r) => r.email === email)!;
	}

	remove(email: string): void {
		this.rows = this.rows.filter((r) => r.email !== email);
	}

	apply(changes: INodeExecutionData[]): void {
		for (const { json } of changes) {
			const fields = json.fields as IDataObject;
			if (json.operation === 'create') this.insert(fields as Omit<R, 'id'>);
			else if (json.operation === 'update') Object.assign(this.rows.find((r) => String(r.id) === json.id)!, fields);
			else this.rows = this.rows.filter((r) => String(r.id) !== json.id);
		}
	}

	input(): INodeExecutionData[] {
		return this.rows.map((r) => ({ json: { ...r } }));
	}
}

/** A workflow from test/e2e/workflows with the CRM Sync node's parameters overridden: its own, then `defaults`, then `parameters`. */
export function syncWorkflow(file: string, parameters: IDataObject = {}, defaults: IDataObject = {}): WorkflowJson {
	const json = loadWorkflow(file);
	const node = nodeOf(json, NODE);
	node.parameters = { ...node.parameters, ...defaults, ...parameters } as typeof node.parameters;
	return json;
}

/** The CRM Sync workflows' HubSpot credential (private app, Pro plan). */
export const hubspotCredentials = (sb: Sandbox): CredentialStore => hubspotPrivateApp(sb, { plan: 'pro' });

/** The CRM Sync workflows' Pipedrive credential (API token, Growth plan). */
export const pipedriveCredentials = (sb: Sandbox): CredentialStore => pipedriveApiToken(sb, { plan: 'growth' });

/** One run of the CRM Sync node, its 5 outputs split (Changes for A/B as items). */
export interface SyncRun {
	summary: IDataObject;
	changesA: INodeExecutionData[];
	changesB: INodeExecutionData[];
	conflicts: IDataObject[];
	errors: IDataObject[];
	staticData: IDataObject;
	result: LightRunResult;
}

/** A run with Changes for A/B as their items' json. */
export interface SyncRunJson {
	summary: IDataObject;
	changesA: IDataObject[];
	changesB: IDataObject[];
	conflicts: IDataObject[];
	errors: IDataObject[];
	staticData: IDataObject;
}

/** Runs the workflow from the CRM Sync node (trigger mode) and splits its outputs; the run must not fail. */
export async function runCrmSync(
	workflow: WorkflowJson,
	options: { credentials: CredentialStore; input?: INodeExecutionData[]; staticData?: IDataObject },
): Promise<SyncRun> {
	const crmSync = workflow.nodes.find((n) => n.name === NODE);
	if (crmSync) useStateStore(crmSync);
	const result = await runWorkflow(workflow, {
		credentials: options.credentials,
		startNode: NODE,
		input: options.input,
		staticData: options.staticData,
		mode: 'trigger',
	});
	expect(result.error).toBeUndefined();
	// Under the Data Table store nothing of the sync's state is left in static data.
	if (crmSync && STATE_STORE === 'dataTable' && crmSync.parameters.stateStore === 'dataTable') {
		expect(((result.staticData as IDataObject)[`node:${NODE}`] as IDataObject | undefined)?.state).toBeUndefined();
	}
	const [summary, changesA, changesB, conflicts, errors] = result.data[NODE];
	return {
		summary: summary[0].json,
		changesA,
		changesB,
		conflicts: conflicts.map((i) => i.json),
		errors: errors.map((i) => i.json),
		staticData: result.staticData,
		result,
	};
}

export function asJson(run: SyncRun): SyncRunJson {
	return {
		summary: run.summary,
		changesA: run.changesA.map((i) => i.json),
		changesB: run.changesB.map((i) => i.json),
		conflicts: run.conflicts,
		errors: run.errors,
		staticData: run.staticData,
	};
}

/** The counters of a summary the tests compare. */
export const counts = (s: IDataObject) => ({ a: s.a, b: s.b, unchanged: s.unchanged, conflicts: s.conflicts, errors: s.errors });
/** A side's counters when nothing was written. */
export const none = { created: 0, updated: 0, deleted: 0, pending: 0 };

export interface CrmSyncHarnessOptions {
	/** Sandbox seed. */
	seed: number;
	/** Workflow file (test/e2e/workflows) a run loads unless told otherwise. */
	workflow: string;
	/** Parameters set on the CRM Sync node under each run's own. */
	defaults?: IDataObject;
	/** Credentials for a run; default HubSpot's. */
	credentials?: (sb: Sandbox) => CredentialStore;
	/** Each run starts with an empty request log and HubSpot's rate limits reset (the log then holds that run's calls only). */
	isolate?: boolean;
}

export interface RunOptions {
	/** Workflow file; default the harness's. */
	file?: string;
	/** Items for the node; default the database's rows. When given as undefined, the runner's default (one empty item). */
	input?: INodeExecutionData[];
	/** Static data to start from; default the previous run's. */
	from?: IDataObject;
	/** Keep this run's static data for the next run (default true). */
	keep?: boolean;
}

export class CrmSyncHarness<R extends Row = Row> {
	/** The e2e harness underneath: a fresh sandbox and credentials for each test. */
	readonly base: Harness;

	db!: Database<R>;

	/** Static data after the last kept run (undefined before the first). */
	staticData: IDataObject | undefined;

	constructor(private readonly options: CrmSyncHarnessOptions) {
		this.base = new Harness({
			seed: options.seed,
			node: NODE,
			perTest: true,
			credentials: options.credentials ?? hubspotCredentials,
			setup: () => {
				this.db = new Database<R>();
				this.staticData = undefined;
			},
		});
	}

	get sb(): Sandbox {
		return this.base.sb;
	}

	workflow(parameters: IDataObject = {}, file = this.options.workflow): WorkflowJson {
		return syncWorkflow(file, parameters, this.options.defaults);
	}

	credentials(): CredentialStore {
		return this.base.store;
	}

	/** The Data Table store's tables after each run, by the id the run's static data carries (SNAPSHOT_KEY). */
	private readonly tables = new Map<string, unknown>();

	/**
	 * The saved sync state (the engine's encoded form: v, n, f, p, ...), from the
	 * store the runs use; undefined when none is saved. In the Data Table store
	 * the pairs are the link rows (the id columns win, as the store reads them).
	 * `staticData`: a run's (static data store only; the tables hold the latest).
	 */
	savedState(staticData = this.staticData): IDataObject | undefined {
		if (STATE_STORE === 'staticData') {
			const state = (staticData?.[`node:${NODE}`] as IDataObject | undefined)?.state as IDataObject | undefined;
			return state === undefined ? undefined : structuredClone(state);
		}
		const [meta] = this.sb.n8n.rows(STATE_TABLE) ?? [];
		const links = this.sb.n8n.rows(LINKS_TABLE) ?? [];
		// A state row holding only a lease (a run that saved nothing) is no saved state.
		if (!meta?.state && !links.length) return undefined;
		const rest = (meta?.state ? JSON.parse(String(meta.state)) : { v: 1, n: 0, f: '', p: [] }) as IDataObject;
		const p = links.map((row) => {
			const tuple = JSON.parse(String(row.pair)) as unknown[];
			return [String(row.aId ?? tuple[0]), String(row.bId ?? tuple[1]), ...tuple.slice(2)];
		});
		return { ...rest, p };
	}

	/** One run of the node (see RunOptions); Changes for B are not applied. */
	async run(parameters: IDataObject = {}, options: RunOptions = {}): Promise<SyncRun> {
		if (this.options.isolate) {
			this.sb.log.reset();
			this.sb.hubspot.resetRateLimits();
		}
		if (STATE_STORE === 'dataTable' && 'from' in options) {
			// Starting "from" an earlier state: the tables as they were after that run; from nothing: no tables (a lost state).
			const saved = this.tables.get(String(options.from?.[SNAPSHOT_KEY]));
			if (saved) this.sb.n8n.restore(saved);
			else this.sb.n8n.reset();
		}
		const run = await runCrmSync(this.workflow(parameters, options.file), {
			credentials: this.credentials(),
			input: 'input' in options ? options.input : this.db.input(),
			staticData: options.from ?? this.staticData,
		});
		if (STATE_STORE === 'dataTable') {
			const id = String(this.tables.size + 1);
			this.tables.set(id, this.sb.n8n.snapshot());
			run.staticData[SNAPSHOT_KEY] = id;
		}
		if (options.keep !== false) this.staticData = run.staticData;
		// Under the Data Table store the state really went through the sandbox's n8n API.
		if (STATE_STORE === 'dataTable' && !('stateStore' in parameters)) expect(this.sb.log.all().some((e) => isStoreCall(e.path))).toBe(true);
		return run;
	}

	/** A HubSpot API call outside the node (`p` under /crm/...); kept out of the node's rate budget. */
	hubspot = (method: string, p: string, body?: unknown): Promise<IDataObject> => this.base.hubspot(method, p, body);

	/** A user edits a HubSpot contact at `at` (HubSpot's clock is frozen there). */
	editHubSpot = async (email: string, properties: IDataObject, at: string): Promise<void> => {
		this.sb.hubspot.freezeClock(at);
		await this.hubspot('PATCH', `/crm/v3/objects/contacts/${this.hsId(email)}`, { properties });
	};

	/** HubSpot's id of the contact with this e-mail. */
	hsId = (email: string): string => this.sb.hubspot.store.list('contacts').find((r) => r.properties.email === email)!.id;

	/** The request log as "METHOD path". */
	calls = (): string[] => this.base.calls();
}
