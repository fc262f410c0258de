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

/**
 * "Define Fields" (a Field List, or the resource mapper with every field of the
 * resource, typed) and one resource mapper per write operation, each shown for
 * its own operation. The mapper's method is the node's `getMappingFields`; its
 * fields load again when one of `dependsOn` changes. The
 * vendor's words (`listDescription`, `mapperDescription`, the create hint's
 * `vendor`) are the only differences between CRMs; names, defaults and display
 * options are what saved workflows hold.
 */
export function fieldsModeAndMappers(options: {
	/** The vendor's name in "the ones <vendor> requires are marked". */
	vendor: string;
	listDescription: string;
	mapperDescription: string;
	/** The parameters the mapper's fields load again on (operation included), in the order saved so far. */
	dependsOn: string[];
	/** A hint per operation instead of the usual one. */
	hints?: Record<string, string>;
	/** Where "Define Fields" shows, besides the write operations (e.g. only some resources). */
	show?: NonNullable<INodeProperties['displayOptions']>['show'];
	writeOperations?: string[];
}): INodeProperties[] {
	const writeOperations = options.writeOperations ?? ['create', 'update', 'upsert'];
	const hints: Record<string, string> = {
		create: `Fields unset are left out; the ones ${options.vendor} requires are marked`,
		update: 'Only the fields given are changed (the record is the one in Record)',
		upsert: 'Only the fields given are written (the record is found by Match By and Match Value)',
		...options.hints,
	};
	const fieldsMode: INodeProperties = {
		displayName: 'Define Fields',
		name: 'fieldsMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Field List', value: 'list', description: options.listDescription },
			{ name: 'Map Each Field', value: 'mapper', description: options.mapperDescription },
		],
		default: 'list',
		displayOptions: { show: { operation: writeOperations, ...options.show } },
	};
	const mapper = (operation: string): INodeProperties => ({
		displayName: 'Fields',
		name: 'mappedFields',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		description: hints[operation],
		typeOptions: {
			loadOptionsDependsOn: options.dependsOn,
			resourceMapper: {
				resourceMapperMethod: 'getMappingFields',
				mode: 'add',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: false,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
		displayOptions: { show: { operation: [operation], fieldsMode: ['mapper'] } },
	});
	return [fieldsMode, ...writeOperations.map(mapper)];
}
