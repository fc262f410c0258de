import type { INodeProperties } from 'n8n-workflow';
import { pollEventProperty, pollOptionsProperty, pollOutputProperty } from '../../../shared/n8n/polling';
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
	pollEventProperty({
		newOrUpdated: 'Every change of a record, including its creation (watches the update time)',
		new: 'Records created since the last poll (watches the add time)',
		updated: 'Changes to records that existed before the last poll. A record created and changed again between two polls counts as new.',
	}),
	pollOutputProperty('Pipedrive'),
	pollOptionsProperty({ overlapReason: 'changes saved while the previous poll was reading' }),
];
