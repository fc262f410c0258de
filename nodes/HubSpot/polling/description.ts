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
			{ name: 'Company', value: 'company' },
			{ name: 'Contact', value: 'contact' },
			{ name: 'Deal', value: 'deal' },
			{ name: 'Meeting', value: 'meeting' },
		],
		default: 'contact',
	},
	pollEventProperty({
		newOrUpdated: 'Every change of a record, including its creation',
		new: 'Records created since the last poll (watches the create date)',
		updated: 'Changes to records that existed before the last poll. A record created and changed again between two polls counts as new.',
	}),
	{
		displayName: 'Properties to Return Names or IDs',
		name: 'properties',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getProperties', loadOptionsDependsOn: ['object', 'authentication'] },
		default: [],
		description:
			'Properties to include in each record; none = HubSpot\'s default properties. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	pollOutputProperty('HubSpot', 'The pack\'s CRM-neutral record; properties without a neutral field are kept under "custom"'),
	pollOptionsProperty({
		existingOrder: 'oldest change first',
		overlapReason: "changes HubSpot's search shows late",
	}),
];
