import type { INodeProperties } from 'n8n-workflow';
import { pollEventProperty, pollOptionsProperty, pollOutputProperty } from '../../../shared/n8n/polling';

const event = pollEventProperty({
	newOrUpdated: 'Every change of a record, including its creation (watches Modified_Time)',
	new: 'Records created since the last poll (watches Created_Time)',
	updated: 'Changes to records that existed before the last poll. A record created and changed again between two polls counts as new.',
});

export const pollingProperties: INodeProperties[] = [
	{
		displayName: 'Object',
		name: 'object',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Account', value: 'account' },
			{ name: 'Call', value: 'call' },
			{ name: 'Contact', value: 'contact' },
			{ name: 'Deal', value: 'deal' },
			{ name: 'Event (Meeting)', value: 'event' },
			{ name: 'Lead', value: 'lead' },
			{ name: 'Note', value: 'note' },
			{ name: 'Task', value: 'task' },
		],
		default: 'contact',
	},
	{
		...event,
		options: [...(event.options ?? []), { name: 'Deleted', value: 'deleted', description: "Records deleted since the last poll (Zoho's deleted-records list: ID, name, who and when)" }],
	},
	pollOutputProperty('Zoho CRM'),
	pollOptionsProperty({ overlapReason: 'changes saved while the previous poll was reading' }),
];
