import type { INodeProperties } from 'n8n-workflow';
import { authenticationProperty } from '../actions/description';

export const pollingProperties: INodeProperties[] = [
	authenticationProperty,
	{
		displayName: 'Object',
		name: 'object',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Activity', value: 'activity' },
			{ name: 'Deal', value: 'deal' },
			{ name: 'Lead', value: 'lead' },
			{ name: 'Note', value: 'note' },
			{ name: 'Organization', value: 'organization' },
			{ name: 'Person', value: 'person' },
		],
		default: 'person',
	},
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'New or Updated',
				value: 'newOrUpdated',
				description: 'Every change of a record, including its creation (watches the update time)',
			},
			{
				name: 'New Only',
				value: 'new',
				description: 'Records created since the last poll (watches the add time)',
			},
			{
				name: 'Updated Only',
				value: 'updated',
				description:
					'Changes to records that existed before the last poll. A record created and changed again between two polls counts as new.',
			},
		],
		default: 'newOrUpdated',
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{
				name: 'Simplified (CRM-Neutral)',
				value: 'simplified',
				description: 'The pack\'s CRM-neutral record; fields without a neutral field are kept under "custom"',
			},
			{ name: 'Raw', value: 'raw', description: 'The record exactly as Pipedrive returns it' },
		],
		default: 'simplified',
	},
	{
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
				description:
					'Whether the first poll after activation emits the records that already exist (oldest first, up to the maximum per poll, the rest on the following polls). Off: the first poll only starts the cursor at now.',
			},
			{
				displayName: 'Max Records per Poll',
				name: 'maxRecords',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1000,
				description:
					'Most records one poll emits. The rest are emitted by the next polls, in order, none lost or repeated.',
			},
			{
				displayName: 'Overlap Window (Seconds)',
				name: 'overlapSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 60,
				description:
					'How far before the last change seen each poll reads again, to catch changes saved while the previous poll was reading. Changes already emitted are recognised and not emitted again.',
			},
		],
	},
];
