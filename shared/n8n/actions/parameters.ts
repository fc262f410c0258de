import type { INodeProperties, INodePropertyMode, INodePropertyOptions } from 'n8n-workflow';

/*
 * The parameters every CRM's action node shows in the same shape, with the
 * vendor's words and lists passed in: the record picker, the custom object's
 * name and the name/value field list. Their names and layout are what saved
 * workflows hold (test/unit/descriptions checks them deep-equal).
 */

const EXPRESSION_HINT = 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>';

/** A record URL the picker accepts, with the regex that finds the id in it and the check of the whole URL. */
export interface RecordUrl {
	placeholder: string;
	extract: string;
	validate: string;
	errorMessage: string;
}

/** "Record": from the CRM's own search (`searchRecords`), by ID, or by a record URL when the vendor has one. */
export function recordLocator(options: { resources: string[]; operations: string[]; idPlaceholder: string; url?: RecordUrl }): INodeProperties {
	const modes: INodePropertyMode[] = [
		{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchRecords', searchable: true } },
		{ displayName: 'By ID', name: 'id', type: 'string', placeholder: options.idPlaceholder },
	];
	if (options.url) {
		modes.push({
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: options.url.placeholder,
			extractValue: { type: 'regex', regex: options.url.extract },
			validation: [{ type: 'regex', properties: { regex: options.url.validate, errorMessage: options.url.errorMessage } }],
		});
	}
	return {
		displayName: 'Record',
		name: 'recordId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The record to work on',
		displayOptions: { show: { resource: options.resources, operation: options.operations } },
		modes,
	};
}

/** The custom object's name, for the resource "Custom Object" (or the vendor's word for it). */
export function customObjectName(options: { displayName: string; name: string; placeholder: string; description: string; resource: string }): INodeProperties {
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'string',
		required: true,
		default: '',
		placeholder: options.placeholder,
		description: options.description,
		displayOptions: { show: { resource: [options.resource] } },
	};
}

/** Name/value pairs of vendor fields to write, the names from a loadOptions method of the node. */
export function fieldList(options: {
	displayName: string;
	/** Parameter name (saved in workflows); default `fieldsUi`. */
	name?: string;
	placeholder?: string;
	/** One pair: its key in the saved value and its label. */
	item: { name: string; displayName: string };
	nameLabel: string;
	description: string;
	loadOptionsMethod: string;
	dependsOn: string[];
	show: NonNullable<INodeProperties['displayOptions']>['show'];
}): INodeProperties {
	return {
		displayName: options.displayName,
		name: options.name ?? 'fieldsUi',
		placeholder: options.placeholder ?? 'Add Field',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		description: options.description,
		displayOptions: { show: options.show },
		options: [
			{
				name: options.item.name,
				displayName: options.item.displayName,
				values: [
					{
						displayName: options.nameLabel,
						name: 'name',
						type: 'options',
						typeOptions: { loadOptionsMethod: options.loadOptionsMethod, loadOptionsDependsOn: options.dependsOn },
						default: '',
						description: EXPRESSION_HINT,
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	};
}

/** The Resource choice: the CRM's resources (name shown, value saved in workflows) and the one preselected. */
export function resourceChoice(options: INodePropertyOptions[], preselected: string): INodeProperties {
	return { displayName: 'Resource', name: 'resource', type: 'options', noDataExpression: true, options, default: preselected };
}
