import {
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeProperties,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';
import { pollEvent, sampleEvent, type PollEvent, type PollListings } from '../polling/listings';
import { pollLimits, type PollLimits } from '../polling/poll';
import type { CrmRecord } from '../types';
import type { OutputFormat } from './options';
import { MAIN } from './connections';

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

/** What each Event option says for one CRM (which vendor field it watches, and why). */
export interface PollEventText {
	newOrUpdated: string;
	new: string;
	updated: string;
}

/** The Event parameter: New or Updated, New Only, Updated Only. */
export function pollEventProperty(text: PollEventText): INodeProperties {
	return {
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'New or Updated', value: 'newOrUpdated', description: text.newOrUpdated },
			{ name: 'New Only', value: 'new', description: text.new },
			{ name: 'Updated Only', value: 'updated', description: text.updated },
		],
		default: 'newOrUpdated',
	};
}

/** Event and object, e.g. "newOrUpdated: contact" (the node files name it: n8n's lint looks for it there). */
export const POLLING_SUBTITLE = '={{$parameter["event"] + ": " + $parameter["object"]}}';

/**
 * What every polling trigger's description declares; a CRM's node spreads it
 * and adds its identity (name, display name, icon, description, defaults),
 * credentials and parameters.
 */
export const POLLING_TRIGGER = {
	group: ['trigger'],
	version: 1,
	polling: true,
	inputs: [],
	outputs: [MAIN],
} satisfies Partial<INodeTypeDescription>;

/** One CRM's side of a polling trigger: where its cursor lives, and its listings for a node's settings. */
export interface PollingTriggerSpec {
	/** Static data key of the cursor (kept as it is: active triggers' cursors live under it). */
	stateKey: string;
	/**
	 * The CRM's listings for the node's parameters, and how its records become
	 * items. Invalid parameters throw a NodeOperationError before any call.
	 */
	open(ctx: IPollFunctions): Promise<PollSource>;
}

export interface PollSource extends PollListings {
	/** Output items for the records to emit, in order. */
	shape(records: CrmRecord[], format: OutputFormat): Promise<IDataObject[]> | IDataObject[];
}

/**
 * The node's `poll`: reads Event, Options and Output, asks the CRM for its
 * listings, and emits the changes since the cursor (trigger mode) or the most
 * recent record (manual mode, cursor untouched). n8n calls it with the poll
 * context as `this`, hence a function built per CRM rather than a method.
 */
export function pollingTriggerPoll(spec: PollingTriggerSpec): (this: IPollFunctions) => Promise<INodeExecutionData[][] | null> {
	return async function poll(this: IPollFunctions) {
		const limits = readPollOptions(this);
		const event = this.getNodeParameter('event', 'newOrUpdated') as PollEvent;
		const format = readPollOutput(this);
		const source = await spec.open(this);
		const records =
			this.getMode() === 'manual'
				? await sampleEvent(source, event)
				: await pollEvent(this.getWorkflowStaticData('node'), source, { stateKey: spec.stateKey, event, ...limits, now: Date.now() });
		if (records.length === 0) return null;
		return [this.helpers.returnJsonArray(await source.shape(records, format))];
	};
}
