/**
 * Shared set-up of the Salesforce node's end-to-end tests (light runner +
 * sandbox) logged in with the JWT bearer flow: one sandbox per file whose
 * emulator trusts a fresh key pair, the saved credential, loading a
 * `salesforce-<name>.json` workflow and running it from the Salesforce node.
 *
 * `SalesforceHarness` registers its own beforeAll/afterAll/beforeEach: create it
 * at a test file's top level and read `h.sb` and `h.store` inside the tests.
 */
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startSandbox, type LogEntry, type Sandbox } from '../../sandbox';
import { runWorkflow, type CredentialStore, type LightRunResult, type WorkflowJson } from '../lightRunner';

export const NODE = 'Salesforce';

export type WorkflowNode = WorkflowJson['nodes'][number];

export interface SalesforceHarnessOptions {
	/** Sandbox seed. */
	seed: number;
	/** Changes to the emulator before the log-in (fields, ...). */
	setup?: (sb: Sandbox) => void;
	/** Before each test, after the request log and faults are cleared. */
	reset?: (sb: Sandbox) => void;
}

/** A workflow from test/e2e/workflows/salesforce-<name>.json, its Salesforce node changed by `change`. */
export function salesforceWorkflow(name: string, change?: (node: WorkflowNode) => void): WorkflowJson {
	const json = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'workflows', `salesforce-${name}.json`), 'utf8')) as WorkflowJson;
	const node = json.nodes.find((n) => n.name === NODE);
	if (!node) throw new Error(`${name} has no node "${NODE}"`);
	change?.(node);
	return json;
}

/** The main output of a run that must have succeeded. */
export function output(r: LightRunResult): INodeExecutionData[] {
	expect(r.error).toBeUndefined();
	expect(r.status).toBe('success');
	return r.data[NODE][0];
}

export class SalesforceHarness {
	sb!: Sandbox;

	/** The credential store (JWT credential "salesforce-sandbox"), updated by the runs. */
	store!: CredentialStore;

	private readonly keys = generateKeyPairSync('rsa', {
		modulusLength: 2048,
		privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
		publicKeyEncoding: { type: 'spki', format: 'pem' },
	});

	constructor(options: SalesforceHarnessOptions) {
		beforeAll(async () => {
			this.sb = await startSandbox({ port: 0, seed: options.seed });
			this.sb.salesforce!.jwt.publicKey = this.keys.publicKey;
			options.setup?.(this.sb);
			this.store = {
				crmPackSalesforceJwtApi: {
					'salesforce-sandbox': {
						environment: 'custom',
						customLoginUrl: this.sb.salesforce!.baseUrl,
						consumerKey: this.sb.salesforce!.jwt.consumerKey,
						username: this.sb.salesforce!.jwt.usernames[0],
						privateKey: this.keys.privateKey,
						apiVersion: 'v62.0',
						accessToken: '',
						instanceUrl: '',
					},
				},
			};
			// Log in once (JWT), so each test's call list starts at its own calls.
			output(await this.run('query', [{ soql: 'SELECT Id FROM Contact LIMIT 1' }]));
		});
		afterAll(async () => {
			await this.sb.close();
		});
		beforeEach(() => {
			this.sb.log.reset();
			this.sb.faults.clear();
			options.reset?.(this.sb);
		});
	}

	/** Runs workflow `salesforce-<name>.json` from the Salesforce node with `input` as its items. */
	run = async (name: string, input: IDataObject[], change?: (node: WorkflowNode) => void): Promise<LightRunResult> =>
		runWorkflow(salesforceWorkflow(name, change), { credentials: this.store, startNode: NODE, input: input.map((json) => ({ json })) });

	/** The request log as "METHOD path". */
	calls = (): string[] => this.sb.log.all().map((e: LogEntry) => `${e.method} ${e.path}`);
}
