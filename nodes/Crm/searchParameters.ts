import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** Search By and Query, shared by the CRM node's Search and the CRM Search node (the same neutral query, operations/read.ts searchQuery). */
export function searchQueryProperties(textDescription: string, displayOptions?: IDisplayOptions): INodeProperties[] {
	const shown = displayOptions ? { displayOptions } : {};
	return [
		{
			displayName: 'Search By',
			name: 'searchBy',
			type: 'options',
			options: [
				{ name: 'Domain (Companies)', value: 'domain' },
				{ name: 'Email (Contacts)', value: 'email' },
				{ name: 'Name', value: 'name', description: 'Exact name of a company or deal' },
				{ name: 'Phone (Contacts)', value: 'phone' },
				{ name: 'Text', value: 'text', description: textDescription },
			],
			default: 'text',
			...shown,
		},
		{
			displayName: 'Query',
			name: 'query',
			type: 'string',
			default: '',
			required: true,
			...shown,
			description: 'What to look for (at least 2 characters)',
		},
	];
}
