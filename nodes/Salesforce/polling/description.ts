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
			{ name: 'Account', value: 'account' },
			{ name: 'Contact', value: 'contact' },
			{ name: 'Custom Object', value: 'customObject', description: 'Any sObject by its API name, e.g. Invoice__c or Case' },
			{ name: 'Event (Appointment)', value: 'event' },
			{ name: 'Lead', value: 'lead' },
			{ name: 'Opportunity', value: 'opportunity' },
			{ name: 'Task', value: 'task' },
		],
		default: 'contact',
	},
	{
		displayName: 'Object API Name',
		name: 'customObject',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Invoice__c',
		description: "The sObject's API name (Setup → Object Manager → the object → API Name)",
		displayOptions: { show: { object: ['customObject'] } },
	},
	pollEventProperty({
		newOrUpdated: 'Every save of a record, including its creation and changes made by automation (watches SystemModstamp)',
		new: 'Records created since the last poll (watches CreatedDate)',
		updated:
			'Changes to records that existed before the last poll (watches SystemModstamp). A record created and changed again between two polls counts as new.',
	}),
	{
		displayName: 'Fields to Return Names or IDs',
		name: 'fields',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getFields', loadOptionsDependsOn: ['object', 'customObject', 'authentication'] },
		default: [],
		description:
			'Fields to read for each record; none = the fields of the CRM-neutral record (every field for custom objects). ID, CreatedDate, LastModifiedDate and SystemModstamp are always read. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	pollOutputProperty(
		'Salesforce',
		'The pack\'s CRM-neutral record; fields without a neutral field are kept under "custom". Custom objects: their fields without the "attributes" envelope.',
	),
	pollOptionsProperty({
		overlapReason: 'saves committed while the previous poll was reading (SOQL filters date-times to the whole second)',
	}),
];
