/**
 * Shared harness of the CRM Sync end-to-end tests (light runner + sandbox):
 * the "records from input" database, loading a workflow and overriding the
 * CRM Sync node's parameters, sandbox credentials, one run of the node split
 * into its 5 outputs, a HubSpot fetch helper and small selectors.
 *
 * `CrmSyncHarness` holds the per-test state (sandbox, database, static data)
 * and registers its own beforeEach/afterEach: create it at a test file's top
 * level and read `h.sb`, `h.db`, `h.staticData` inside the tests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../../sandbox';
import { runWorkflow, type CredentialStore, type LightRunResult, type WorkflowJson } from '../lightRunner';

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
export function loadWorkflow(file: string, parameters: IDataObject = {}, defaults: IDataObject = {}): WorkflowJson {
	const json = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'workflows', file), 'utf8')) as WorkflowJson;
	const node = json.nodes.find((n) => n.name === NODE)!;
	node.parameters = { ...node.parameters, ...defaults, ...parameters } as typeof node.parameters;
	return json;
}

export function hubspotCredentials(sb: Sandbox): CredentialStore {
	return { crmPackHubSpotPrivateAppApi: { 'hubspot-sandbox': { accessToken: sb.hubspot.tokens[0], plan: 'pro', baseUrl: sb.hubspot.baseUrl } } };
}

export function pipedriveCredentials(sb: Sandbox): CredentialStore {
	return { crmPackPipedriveApi: { 'pipedrive-sandbox': { apiToken: sb.pipedrive!.tokens[0], companyDomain: sb.pipedrive!.baseUrl, plan: 'growth' } } };
}

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
	const result = await runWorkflow(workflow, {
		credentials: options.credentials,
		startNode: NODE,
		input: options.input,
		staticData: options.staticData,
		mode: 'trigger',
	});
	expect(result.error).toBeUndefined();
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
	sb!: Sandbox;

	db!: Database<R>;

	/** Static data after the last kept run (undefined before the first). */
	staticData: IDataObject | undefined;

	constructor(private readonly options: CrmSyncHarnessOptions) {
		beforeEach(async () => {
			this.sb = await startSandbox({ port: 0, seed: options.seed });
			this.db = new Database<R>();
			this.staticData = undefined;
		});
		afterEach(async () => {
			await this.sb.close();
		});
	}

	workflow(parameters: IDataObject = {}, file = this.options.workflow): WorkflowJson {
		return loadWorkflow(file, parameters, this.options.defaults);
	}

	credentials(): CredentialStore {
		return (this.options.credentials ?? hubspotCredentials)(this.sb);
	}

	/** One run of the node (see RunOptions); Changes for B are not applied. */
	async run(parameters: IDataObject = {}, options: RunOptions = {}): Promise<SyncRun> {
		if (this.options.isolate) {
			this.sb.log.reset();
			this.sb.hubspot.resetRateLimits();
		}
		const run = await runCrmSync(this.workflow(parameters, options.file), {
			credentials: this.credentials(),
			input: 'input' in options ? options.input : this.db.input(),
			staticData: options.from ?? this.staticData,
		});
		if (options.keep !== false) this.staticData = run.staticData;
		return run;
	}

	/** A HubSpot API call outside the node (`p` under /crm/...); kept out of the node's rate budget. */
	hubspot = async (method: string, p: string, body?: unknown): Promise<IDataObject> => {
		// Set-up calls are not what the tests measure: keep them out of the node's rate budget.
		this.sb.hubspot.resetRateLimits();
		const res = await fetch(`${this.sb.hubspot.baseUrl}${p}`, {
			method,
			headers: { authorization: `Bearer ${this.sb.hubspot.tokens[0]}`, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		expect(res.status).toBeLessThan(300);
		return res.status === 204 ? {} : ((await res.json()) as IDataObject);
	};

	/** A user edits a HubSpot contact at `at` (HubSpot's clock is frozen there). */
	editHubSpot = async (email: string, properties: IDataObject, at: string): Promise<void> => {
		this.sb.hubspot.freezeClock(at);
		await this.hubspot('PATCH', `/crm/v3/objects/contacts/${this.hsId(email)}`, { properties });
	};

	/** HubSpot's id of the contact with this e-mail. */
	hsId = (email: string): string => this.sb.hubspot.store.list('contacts').find((r) => r.properties.email === email)!.id;

	/** The request log as "METHOD path". */
	calls = (): string[] => this.sb.log.all().map((e) => `${e.method} ${e.path}`);
}
