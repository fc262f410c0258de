import type { INodeProperties } from 'n8n-workflow';
import { outputOption, retriesOption, returnAllLimit } from '../../../shared/n8n/options';
import { fieldList, recordLocator, resourceChoice } from '../../../shared/n8n/actions/parameters';
import { createOperation, deleteOperation, getAllOperation, getOperation, operationsPerResource, searchOperation, updateOperation, upsertOperation } from '../../../shared/n8n/actions';
import { customResourceProperties } from './customResourceParams';
import { listFilterProperty } from './filters';
import * as healthCheck from './operations/healthCheck.operation';
import * as related from './operations/related.operation';
import * as taskUpdates from './operations/taskUpdates.operation';
import * as webhooks from './operations/webhooks.operation';

export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{ name: 'API Key, Bearer, Basic or JWT Login', value: 'apiCredentials' },
		{ name: 'OAuth2', value: 'oAuth2' },
	],
	default: 'apiCredentials',
};

export const resourceProperty = resourceChoice(
	[
		{ name: 'Activity', value: 'activity' },
		{ name: 'API', value: 'api' },
		{ name: 'Client', value: 'client' },
		{ name: 'Comment', value: 'comment' },
		{ name: 'Contact', value: 'contact' },
		{ name: 'Custom Resource', value: 'customResource' },
		{ name: 'Deal', value: 'deal' },
		{ name: 'Project', value: 'project' },
		{ name: 'Task', value: 'task' },
		{ name: 'User', value: 'user' },
		{ name: 'Webhook', value: 'webhook' },
	],
	'contact',
);

const STANDARD = ['activity', 'client', 'comment', 'contact', 'deal', 'project', 'task', 'user'];
const RECORDS = [...STANDARD, 'customResource'];
const WRITE_OPS = ['create', 'update', 'upsert'];

const crud = (resources: string[], extra: INodeProperties['options'] = [], search = true): INodeProperties => ({
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: resources } },
	options: [
		...(extra ?? []),
		createOperation.option('Create records, one call each, several at once'),
		upsertOperation.option,
		deleteOperation.option('Delete records by ID'),
		getOperation.option('Get a record by ID'),
		getAllOperation.option('List records, filtered, page by page'),
		...(search ? [searchOperation.option('Find records whose text fields contain a term')] : []),
		updateOperation.option('Update records by ID: only the fields given change'),
	],
	default: 'create',
});

const operationProperties: INodeProperties[] = [
	crud(['activity', 'comment', 'contact', 'deal']),
	crud(['client'], [related.options.getComments, related.options.getProjects]),
	crud(['project'], [related.options.getComments, related.options.getTasks]),
	crud(['task'], [taskUpdates.options.assign, taskUpdates.options.changeStatus, related.options.getComments]),
	crud(['user'], [related.options.getProjects, related.options.getTasks]),
	crud(['customResource'], [], false),
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['api'] } },
		options: [healthCheck.option],
		default: 'healthCheck',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['webhook'] } },
		options: [webhooks.options.listDeliveries, webhooks.options.listWebhooks],
		default: 'listWebhooks',
	},
];

const recordId = recordLocator({
	resources: RECORDS,
	operations: ['get', 'update', 'delete', 'assign', 'changeStatus', ...related.OPERATIONS],
	idPlaceholder: 'e.g. 42',
});

const upsertKey: INodeProperties[] = [
	{
		displayName: 'Match By',
		name: 'matchField',
		type: 'string',
		default: 'email',
		description: 'The field that identifies a record (unique in the API): the record with the item\'s value is updated, else one is created with it',
		displayOptions: { show: { operation: ['upsert'] } },
	},
	{
		displayName: 'Match Value',
		name: 'matchValue',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. ada@example.com',
		displayOptions: { show: { operation: ['upsert'] } },
	},
];

const fields: INodeProperties[] = [
	fieldList({
		displayName: 'Fields',
		item: { name: 'field', displayName: 'Field' },
		nameLabel: 'Field Name or ID',
		description: 'Fields to set, by the API\'s names; the API refuses fields it does not know',
		loadOptionsMethod: 'getWritableFields',
		dependsOn: ['resource'],
		show: { operation: WRITE_OPS, resource: STANDARD },
	}),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { operation: WRITE_OPS, resource: RECORDS } },
		options: [
			{
				displayName: 'Fields (JSON)',
				name: 'fieldsJson',
				type: 'json',
				default: '{}',
				description: 'Fields as a JSON object keyed by field name. Merged with the list above; the list wins on a clash.',
			},
			{
				displayName: 'Neutral Record (JSON)',
				name: 'neutralJson',
				type: 'json',
				default: '{}',
				description: 'A CRM-neutral record (firstName, lastName, email, startTime...) as any CRM Pack node gives in Simplified mode; mapped to the API\'s fields (the custom resource: through its Field Map)',
			},
		],
	},
];

const reading: INodeProperties[] = [
	{
		displayName: 'Search Term',
		name: 'searchTerm',
		type: 'string',
		required: true,
		default: '',
		description: 'Text the record\'s text fields contain (case-insensitive)',
		displayOptions: { show: { operation: ['search'] } },
	},
	...returnAllLimit(['getAll', 'search', 'listWebhooks', 'listDeliveries', ...related.OPERATIONS]),
	listFilterProperty(['getAll', 'search', ...related.OPERATIONS]),
];

const options: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [outputOption('the REST CRM'), retriesOption("Longest single wait between attempts; an API asking for longer (Retry-After) ends the retries")],
};

export const restCrmProperties: INodeProperties[] = [
	authenticationProperty,
	resourceProperty,
	...operationsPerResource(resourceProperty, operationProperties, {
		customResource: { one: 'custom resource record', many: 'custom resource records' },
		api: { one: 'API', many: 'API' },
		activity: { one: 'activity', many: 'activities' },
	}),
	...customResourceProperties,
	recordId,
	...upsertKey,
	...taskUpdates.description,
	...webhooks.description,
	...fields,
	...reading,
	options,
];
