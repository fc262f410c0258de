import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/*
 * Parameters every CRM action node shows the same way. Their names and
 * defaults are part of saved workflows: change them here and every node's
 * workflows change with them, so don't.
 */

export type OutputFormat = 'simplified' | 'raw';

export interface RetrySettings {
	maxAttempts: number;
	maxWaitMs: number;
}

const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_MAX_WAIT_SECONDS = 60;
const DEFAULT_MAX_WAIT_DESCRIPTION = 'Longest single wait between attempts; a server asking for longer ends the retries';

/** Options → Retries: {maxAttempts, maxWaitSeconds}. A vendor may say more about its long waits. */
export function retriesOption(maxWaitDescription: string = DEFAULT_MAX_WAIT_DESCRIPTION): INodeProperties {
	return {
		displayName: 'Retries',
		name: 'retries',
		type: 'fixedCollection',
		default: {},
		options: [
			{
				name: 'values',
				displayName: 'Retries',
				values: [
					{
						displayName: 'Max Attempts',
						name: 'maxAttempts',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_MAX_ATTEMPTS,
					},
					{
						displayName: 'Max Wait (Seconds)',
						name: 'maxWaitSeconds',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_MAX_WAIT_SECONDS,
						description: maxWaitDescription,
					},
				],
			},
		],
	};
}

/** The transport's retry settings from Options → Retries (defaults when the option is not added). */
export function readRetries(ctx: IExecuteFunctions, itemIndex: number): RetrySettings {
	const retries = ctx.getNodeParameter('options.retries.values', itemIndex, {}) as { maxAttempts?: number; maxWaitSeconds?: number };
	return {
		maxAttempts: retries.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
		maxWaitMs: (retries.maxWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS) * 1000,
	};
}

/** Options → Output: the CRM-neutral record or the vendor's own. */
export function outputOption(vendorName: string): INodeProperties {
	return {
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{ name: 'Simplified (CRM-Neutral)', value: 'simplified', description: 'The CRM-neutral record: the same shape from every CRM' },
			{ name: `Raw (as ${vendorName} Returns It)`, value: 'raw' },
		],
		default: 'simplified',
	};
}

export function readOutput(ctx: IExecuteFunctions, itemIndex: number): OutputFormat {
	return ctx.getNodeParameter('options.output', itemIndex, 'simplified') as OutputFormat;
}

const DEFAULT_LIMIT = 50;

/** Return All, and Limit when it is off, for the given list operations. */
export function returnAllLimit(operations: string[]): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show: { operation: operations } },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_LIMIT,
			description: 'Max number of results to return',
			displayOptions: { show: { operation: operations, returnAll: [false] } },
		},
	];
}

/** The item's Limit; undefined = Return All. */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	return returnAll ? undefined : (ctx.getNodeParameter('limit', itemIndex, DEFAULT_LIMIT) as number);
}
