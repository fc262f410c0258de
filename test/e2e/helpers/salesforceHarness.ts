/**
 * The e2e harness (./harness.ts) set up for the Salesforce node logged in with
 * the JWT bearer flow: one sandbox per file whose emulator trusts the file's
 * key pair, the saved JWT credential, workflows `salesforce-<name>.json` run
 * from the Salesforce node, and a first log-in so each test's call list starts
 * at its own calls.
 */
import type { Sandbox } from '../../sandbox';
import type { LightRunResult } from '../lightRunner';
import { salesforceJwt } from './credentials';
import { Harness, logInSalesforce, output as outputOf, type WorkflowNode } from './harness';

export const NODE = 'Salesforce';

export type { WorkflowNode };

export interface SalesforceHarnessOptions {
	/** Sandbox seed. */
	seed: number;
	/** Changes to the emulator before the log-in (fields, ...). */
	setup?: (sb: Sandbox) => void;
	/** Before each test, after the request log and faults are cleared. */
	reset?: (sb: Sandbox) => void;
}

/** The Salesforce node's main output of a run that must have succeeded. */
export const output = (r: LightRunResult) => outputOf(r, NODE);

export class SalesforceHarness extends Harness {
	constructor(options: SalesforceHarnessOptions) {
		super({
			seed: options.seed,
			node: NODE,
			workflows: 'salesforce-',
			credentials: (sb) => salesforceJwt(sb),
			setup: async (h) => {
				options.setup?.(h.sb);
				await logInSalesforce(h);
			},
			reset: (h) => options.reset?.(h.sb),
		});
	}
}
