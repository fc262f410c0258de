import { NodeOperationError, type IDataObject, type INodeProperties, type IPollFunctions } from 'n8n-workflow';
import { pollLimits, type PollLimits } from '../polling/poll';
import type { OutputFormat } from './options';

/*
 * Parameters every polling trigger shows the same way. Only the reasons a
 * vendor gives (why the overlap, what Simplified keeps) differ, and are
 * arguments.
 */

const SIMPLIFIED_DESCRIPTION = 'The pack\'s CRM-neutral record; fields without a neutral field are kept under "custom"';

/** The trigger's Output parameter (top level, not under Options). */
export function pollOutputProperty(vendorName: string, simplifiedDescription: string = SIMPLIFIED_DESCRIPTION): INodeProperties {
	return {
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{ name: 'Simplified (CRM-Neutral)', value: 'simplified', description: simplifiedDescription },
			{ name: 'Raw', value: 'raw', description: `The record exactly as ${vendorName} returns it` },
		],
		default: 'simplified',
	};
}

export interface PollOptionsText {
	/** Completes "…each poll reads again, to catch <overlapReason>." */
	overlapReason: string;
	/** The order existing records come in on the first run; "oldest first" unless given. */
	existingOrder?: string;
}

/** Options: Emit Existing Records on First Run, Max Records per Poll, Overlap Window (Seconds). */
export function pollOptionsProperty(text: PollOptionsText): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Emit Existing Records on First Run',
				name: 'emitExisting',
				type: 'boolean',
				default: false,
				description: `Whether the first poll after activation emits the records that already exist (${text.existingOrder ?? 'oldest first'}, up to the maximum per poll, the rest on the following polls). Off: the first poll only starts the cursor at now.`,
			},
			{
				displayName: 'Max Records per Poll',
				name: 'maxRecords',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1000,
				description: 'Most records one poll emits. The rest are emitted by the next polls, in order, none lost or repeated.',
			},
			{
				displayName: 'Overlap Window (Seconds)',
				name: 'overlapSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 60,
				description: `How far before the last change seen each poll reads again, to catch ${text.overlapReason}. Changes already emitted are recognised and not emitted again.`,
			},
		],
	};
}

/** Overlap, max records and emit-existing from the trigger's Options; a bad value is a NodeOperationError. */
export function readPollOptions(ctx: IPollFunctions): PollLimits {
	try {
		return pollLimits(ctx.getNodeParameter('options', {}) as IDataObject);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message);
	}
}

export function readPollOutput(ctx: IPollFunctions): OutputFormat {
	return ctx.getNodeParameter('output', 'simplified') as OutputFormat;
}
