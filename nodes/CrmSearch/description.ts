import type { INodeProperties } from 'n8n-workflow';
import { crmOptions } from '../Crm/connect';
import { searchQueryProperties } from '../Crm/searchParameters';

export const crmSearchProperties: INodeProperties[] = [
	{
		displayName: 'CRMs',
		name: 'crms',
		type: 'multiOptions',
		options: crmOptions(),
		default: [],
		required: true,
		description: 'The CRMs to search, each with its credential (one account per CRM: n8n gives a node one credential per type)',
	},
	{
		displayName: 'Record Kind',
		name: 'recordKind',
		type: 'options',
		options: [
			{ name: 'Company', value: 'company', description: 'Merged across CRMs by domain' },
			{ name: 'Contact', value: 'contact', description: 'Merged across CRMs by email or phone' },
			{ name: 'Deal', value: 'deal', description: 'One item per deal (deals share no key across CRMs)' },
		],
		default: 'contact',
	},
	...searchQueryProperties('Each CRM\'s own full-text search'),
	{
		displayName: 'Limit (per CRM)',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 200 },
		default: 50,
		description: 'Max number of results to return',
	},
	{
		displayName: 'Keep Separate',
		name: 'keepSeparate',
		type: 'boolean',
		default: false,
		description: 'Whether to return one item per CRM record instead of one item per person or company merged across CRMs',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Default Country',
				name: 'defaultCountry',
				type: 'string',
				default: '',
				placeholder: 'e.g. GB',
				description: 'ISO country code for a phone query written without a country code',
			},
		],
	},
];
