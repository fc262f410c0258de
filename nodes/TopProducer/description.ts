import type { INodeProperties } from 'n8n-workflow';
import { csvImportProperties } from '../../shared/csv';
import { LEAD_TYPES, STANDARD_TAGS } from './leadEmail';

/** What Top Producer allows, said where the user picks an operation. */
export const TP_LIMITS_NOTICE =
	'Top Producer has no public API. This node builds what Top Producer does take: lead emails in its published lead-metadata format (send them to your Top Producer lead-capture address with a Send Email node; each becomes a new lead, never an update) and CSV files for its contact import, and it reads the CSV files Top Producer exports. Reading or changing records directly needs a partner agreement with Top Producer (Constellation Real Estate Group).';

const compose = { resource: ['leadEmail'], operation: ['compose'] };
const fromParameters = { ...compose, fieldsFrom: ['parameters'] };

/** Additional lead fields: every standard tag besides the ones asked directly. */
const ASKED = new Set(['name', 'email', 'phone', 'type', 'source']);

export const topProducerProperties: INodeProperties[] = [
	{ displayName: TP_LIMITS_NOTICE, name: 'limitsNotice', type: 'notice', default: '' },
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Contact (CSV)', value: 'contact' },
			{ name: 'Lead Email', value: 'leadEmail' },
			{ name: 'Transaction (CSV)', value: 'transaction' },
		],
		default: 'leadEmail',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['leadEmail'] } },
		options: [{ name: 'Compose', value: 'compose', action: 'Compose a lead email', description: "Build a lead email in Top Producer's lead-metadata format, ready for a Send Email node" }],
		default: 'compose',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		options: [
			{ name: 'Export CSV', value: 'exportCsv', action: 'Export contacts to a CSV file', description: "Write the input contacts into one CSV file for Top Producer's contact import" },
			{ name: 'Import CSV', value: 'importCsv', action: 'Import contacts from a CSV file', description: "Read a Top Producer contact export into CRM-neutral contacts" },
		],
		default: 'importCsv',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['transaction'] } },
		options: [{ name: 'Import CSV', value: 'importCsv', action: 'Import transactions from a CSV file', description: 'Read a Top Producer transaction export into typed items' }],
		default: 'importCsv',
	},
	{
		displayName: 'Lead Fields From',
		name: 'fieldsFrom',
		type: 'options',
		displayOptions: { show: compose },
		options: [
			{ name: 'The Parameters Below', value: 'parameters' },
			{
				name: 'The Input Item (CRM-Neutral Lead)',
				value: 'item',
				description: 'The item\'s name (or firstName and lastName), email, phone, type, source, message, propertyAddress, mlsNumber...; a CRM Sync change item\'s "fields" (creates only)',
			},
		],
		default: 'parameters',
	},
	{ displayName: 'Name', name: 'name', type: 'string', default: '', displayOptions: { show: fromParameters } },
	{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', displayOptions: { show: fromParameters } },
	{ displayName: 'Phone', name: 'phone', type: 'string', default: '', displayOptions: { show: fromParameters } },
	{
		displayName: 'Lead Type',
		name: 'type',
		type: 'options',
		options: LEAD_TYPES.map((t) => ({ name: t, value: t })),
		default: 'Buyer',
		displayOptions: { show: fromParameters },
	},
	{ displayName: 'Source', name: 'source', type: 'string', default: '', placeholder: 'e.g. AgentWebsite.com', displayOptions: { show: fromParameters }, description: 'Where the lead came from; Top Producer picks a default when empty' },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		displayOptions: { show: fromParameters },
		options: STANDARD_TAGS.filter((t) => !ASKED.has(t.field))
			.map((t) => ({ displayName: t.label, name: t.field, type: 'string' as const, default: '', ...(t.field === 'message' ? { typeOptions: { rows: 4 } } : {}) }))
			.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
	{
		displayName: 'Custom Fields',
		name: 'customFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add custom field',
		default: {},
		displayOptions: { show: compose },
		description: 'Sent as lead_&lt;name&gt; tags (up to 100); Top Producer reads only those it knows',
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'min_bedrooms' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Lead-Capture Address',
		name: 'to',
		type: 'string',
		placeholder: 'e.g. yourname@leads.topproducer.com',
		default: '',
		displayOptions: { show: compose },
		description: "Your Top Producer lead-capture email address (in Top Producer's lead settings); given on the output as \"to\" for the Send Email node",
	},
	// Export CSV
	{
		displayName: 'File Name',
		name: 'fileName',
		type: 'string',
		default: 'top-producer-contacts.csv',
		displayOptions: { show: { resource: ['contact'], operation: ['exportCsv'] } },
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: { show: { resource: ['contact'], operation: ['exportCsv'] } },
		description: 'The binary property of the one output item that holds the file',
	},
	...csvImportProperties({ resource: ['contact', 'transaction'], operation: ['importCsv'] }),
];
