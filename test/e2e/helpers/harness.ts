/**
 * The one end-to-end harness (light runner + sandbox) every vendor's tests use:
 * the sandbox's life cycle, loading a workflow and changing its node, the saved
 * credentials, one run (or one poll) started at the node under test, its main
 * output, and the request log as "METHOD path".
 *
 * Create it at a test file's top level: it registers its own before/after hooks
 * (one sandbox per file, or per test with `perTest`), and before each test it
 * empties the request log and clears faults. Read `h.sb` and `h.store` inside
 * tests. Vendor credentials come from ./credentials.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startSandbox, type LogEntry, type Sandbox } from '../../sandbox';
import { isStoreCall, stateStoreCredentials } from './stateStore';
import {
	REPO_ROOT,
	runPoll,
	runWorkflow,
	type CredentialStore,
	type LightRunnerOptions,
	type LightRunResult,
	type PollOptions,
	type PollResult,
	type WorkflowJson,
} from '../lightRunner';

export type WorkflowNode = WorkflowJson['nodes'][number];
export type NodeChange = (node: WorkflowNode) => void;

const WORKFLOWS = path.join(__dirname, '..', 'workflows');

/** A workflow JSON: a file of test/e2e/workflows, or a path from the repo root (`examples/...`). */
export function loadWorkflow(file: string): WorkflowJson {
	const where = file.includes('/') ? path.join(REPO_ROOT, file) : path.join(WORKFLOWS, file);
	return JSON.parse(fs.readFileSync(where, 'utf8')) as WorkflowJson;
}

/** The node named `name`; a workflow without it is a broken test. */
export function nodeOf(json: WorkflowJson, name: string): WorkflowNode {
	const node = json.nodes.find((n) => n.name === name);
	if (!node) throw new Error(`workflow "${json.name ?? '?'}" has no node "${name}"`);
	return node;
}

/** The workflow with only the node `name` (no connections): an example's node without its schedule trigger or No Op. */
export function onlyNode(json: WorkflowJson, name: string): WorkflowJson {
	return { ...json, nodes: [nodeOf(json, name)], connections: {} };
}

/** The main output of node `name` in a run that must have succeeded. */
export function output(r: LightRunResult, name: string): INodeExecutionData[] {
	expect(r.error).toBeUndefined();
	expect(r.status).toBe('success');
	return r.data[name][0];
}

export interface HarnessOptions {
	/** Sandbox seed. */
	seed: number;
	/** The node runs start at and whose output `output()` returns. */
	node: string;
	/** `run(name)` loads `${workflows}${name}.json` from test/e2e/workflows (e.g. 'hubspot-'); default ''. */
	workflows?: string;
	/** The saved credentials, made once per sandbox (runs write refreshed tokens back into them); default none. */
	credentials?: (sb: Sandbox) => CredentialStore;
	/** A fresh sandbox for each test (beforeEach) instead of one per file (beforeAll). */
	perTest?: boolean;
	/** After the sandbox started and the credentials were made (fields, seed data, a first log-in). */
	setup?: (h: Harness) => void | Promise<void>;
	/** Before each test, after the request log was emptied and faults cleared. */
	reset?: (h: Harness) => void;
}

export class Harness {
	sb!: Sandbox;

	/** The saved credentials (`options.credentials`); runs update them in place, as n8n saves refreshed tokens. */
	store: CredentialStore = {};

	constructor(readonly options: HarnessOptions) {
		const start = async () => {
			this.sb = await startSandbox({ port: 0, seed: options.seed });
			this.store = { ...(options.credentials?.(this.sb) ?? {}), ...stateStoreCredentials(this.sb) };
			await options.setup?.(this);
		};
		const stop = async () => {
			await this.sb?.close();
		};
		if (options.perTest) {
			beforeEach(start);
			afterEach(stop);
		} else {
			beforeAll(start);
			afterAll(stop);
		}
		beforeEach(() => {
			this.sb.log.reset();
			this.sb.faults.clear();
			options.reset?.(this);
		});
	}

	/** Workflow `${workflows}${name}.json`, its node under test changed by `change`. */
	workflow = (name: string, change?: NodeChange): WorkflowJson => {
		const json = loadWorkflow(`${this.options.workflows ?? ''}${name}.json`);
		change?.(nodeOf(json, this.options.node));
		return json;
	};

	/** Runs a workflow from the node under test, fed `input` as its items' json (what an upstream node would send). */
	run = async (name: string | WorkflowJson, input: IDataObject[] = [{}], change?: NodeChange, options: LightRunnerOptions = {}): Promise<LightRunResult> => {
		const json = typeof name === 'string' ? this.workflow(name, change) : name;
		return this.execute(json, { startNode: this.options.node, input: input.map((j) => ({ json: j })), ...options });
	};

	/** Runs a workflow as the light runner does (no start node unless given), with the saved credentials unless given. */
	execute = async (json: WorkflowJson, options: LightRunnerOptions = {}): Promise<LightRunResult> =>
		runWorkflow(json, { credentials: this.store, ...options });

	/** One poll of trigger node `trigger` in workflow `${workflows}${name}.json` (mode 'trigger' unless told). */
	poll = async (name: string, trigger: string, options: PollOptions = {}): Promise<PollResult> =>
		runPoll(this.workflow(name), trigger, { credentials: this.store, ...options });

	/** The node under test's main output in a run that must have succeeded. */
	output = (r: LightRunResult): INodeExecutionData[] => output(r, this.options.node);

	/** The request log as "METHOD path", in order. */
	calls = (): string[] => this.sb.log.all().filter((e: LogEntry) => !isStoreCall(e.path)).map((e: LogEntry) => `${e.method} ${e.path}`);

	/** A HubSpot API call outside the node (`p` under /crm/...): must succeed; kept out of the node's rate budget. */
	hubspot = async (method: string, p: string, body?: unknown): Promise<IDataObject> => {
		// Set-up calls are not what the tests measure: keep them out of the node's rate budget.
		this.sb.hubspot.resetRateLimits();
		return (await this.vendorCall(`${this.sb.hubspot.baseUrl}${p}`, this.sb.hubspot.tokens[0], method, body)) ?? {};
	};

	/** A Salesforce REST call outside the node (`p` under /services/data/v62.0), with the sandbox's static token: must succeed. */
	salesforce = async (method: string, p: string, body?: unknown): Promise<IDataObject | undefined> =>
		this.vendorCall(`${this.sb.salesforce.baseUrl}/services/data/v62.0${p}`, this.sb.salesforce.tokens[0], method, body);

	private async vendorCall(url: string, token: string, method: string, body: unknown): Promise<IDataObject | undefined> {
		const res = await fetch(url, {
			method,
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		expect(res.status).toBeLessThan(300);
		return res.status === 204 ? undefined : ((await res.json()) as IDataObject);
	}
}

/** Logs the Salesforce node in once (a SOQL query through workflow salesforce-query.json), so each test's calls start at its own. */
export async function logInSalesforce(h: Harness): Promise<void> {
	output(await h.execute(loadWorkflow('salesforce-query.json'), { startNode: 'Salesforce', input: [{ json: { soql: 'SELECT Id FROM Contact LIMIT 1' } }] }), 'Salesforce');
}
