import type { INodeProperties } from 'n8n-workflow';
import { pollEventProperty, pollOptionsProperty, pollOutputProperty } from '../../../shared/n8n/polling';

export const pollingProperties: INodeProperties[] = [
	{
		displayName: 'Object',
		name: 'object',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Account', value: 'account' },
			{ name: 'Appointment', value: 'appointment' },
			{ name: 'Contact', value: 'contact' },
			{ name: 'Deal', value: 'deal' },
			{ name: 'Task', value: 'task' },
		],
		default: 'contact',
		// Sales activities: Freshworks documents GET /sales_activities with paging only (no sort, no time
		// filter) and filtered search only for contacts, accounts and deals (notes/freshsales.md).
		description:
			'Notes and sales activities cannot be watched: Freshsales has no API that lists notes, and lists sales activities with no sort or time filter, so a poll could not tell what changed without reading every activity',
	},
	pollEventProperty({
		newOrUpdated: 'Every change of a record, including its creation (watches updated_at)',
		new: 'Records created since the last poll (watches created_at)',
		updated: 'Changes to records that existed before the last poll. A record created and changed again between two polls counts as new.',
	}),
	pollOutputProperty('Freshsales'),
	pollOptionsProperty({ overlapReason: 'changes saved while the previous poll was reading' }),
];
