import type { INodeProperties } from 'n8n-workflow';
import { pollEventProperty, pollOptionsProperty, pollOutputProperty } from '../../../shared/n8n/polling';
import { AUTHENTICATION } from '../actions/description';

export const pollingProperties: INodeProperties[] = [
	AUTHENTICATION,
	{
		displayName: 'Object',
		name: 'object',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Company', value: 'company' },
			{ name: 'Contact', value: 'contact' },
			{ name: 'Deal', value: 'deal' },
		],
		default: 'contact',
		description: "The kind to watch, as the credential's resource definition lists it",
	},
	pollEventProperty({
		newOrUpdated: "Every change of a record, including its creation (the resource definition's updated-at field)",
		new: "Records created since the last poll (the resource definition's created-at field)",
		updated: 'Changes to records that existed before the last poll. A record created and changed again between two polls counts as new.',
	}),
	pollOutputProperty('the GraphQL API'),
	pollOptionsProperty({ overlapReason: 'changes saved while the previous poll was reading' }),
];
