import type { INodeProperties } from 'n8n-workflow';
import { pollEventProperty, pollOptionsProperty, pollOutputProperty } from '../../../shared/n8n/polling';

/** Authentication, and the table watched (a known one, or any by entity set name): the polling and the webhook trigger's. */
export const TABLE_CHOICE: INodeProperties[] = [
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{ name: 'OAuth2 (User)', value: 'oAuth2' },
			{ name: 'Client Credentials (Application User)', value: 'clientCredentials' },
		],
		default: 'oAuth2',
	},
	{
		displayName: 'Table',
		name: 'object',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Account', value: 'account' },
			{ name: 'Any Table', value: 'table' },
			{ name: 'Appointment', value: 'appointment' },
			{ name: 'Contact', value: 'contact' },
			{ name: 'Lead', value: 'lead' },
			{ name: 'Note', value: 'note' },
			{ name: 'Opportunity', value: 'opportunity' },
			{ name: 'Phone Call', value: 'phoneCall' },
			{ name: 'Task', value: 'task' },
		],
		default: 'contact',
	},
	{
		displayName: 'Table (Entity Set Name)',
		name: 'entitySet',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. cr123_projects',
		description: "The table's entity set name (the Web API's plural URL name), custom tables included",
		displayOptions: { show: { object: ['table'] } },
	},
];

export const pollingProperties: INodeProperties[] = [
	...TABLE_CHOICE,
	pollEventProperty({
		newOrUpdated: 'Every change of a row, including its creation (watches modifiedon)',
		new: 'Rows created since the last poll (watches createdon)',
		updated: 'Changes to rows that existed before the last poll. A row created and changed again between two polls counts as new.',
	}),
	pollOutputProperty('Dynamics 365'),
	pollOptionsProperty({ overlapReason: 'changes saved while the previous poll was reading (Dataverse keeps whole seconds)' }),
];
