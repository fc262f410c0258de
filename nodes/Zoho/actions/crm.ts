import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { recordOutput, type ActionCrm, type ActionNode } from '../../../shared/n8n/actions';
import type { ZohoConnector } from '../connector/ZohoConnector';
import { isModuleName, MODULES, RESOURCE_MODULE } from '../connector/objectTypes';
import { zoho } from '../index';
import { mapperValues } from './fieldMapper';
import { zohoWriteFields } from './fields';
import { readFieldsOf } from './readFields';
import * as addNote from './operations/addNote.operation';
import * as coql from './operations/coql.operation';
import * as convert from './operations/convertLead.operation';
import * as getDeleted from './operations/deleted.operation';

/**
 * What the shared operations need to know of Zoho CRM: writes of 100 records a
 * call (insert, update, upsert by `duplicate_check_fields`), 207 results per
 * record, reads that always name their fields.
 */
export const ZOHO_CRM: ActionCrm<ZohoConnector> = {
	vendorName: 'Zoho CRM',
	writeFields: () => zohoWriteFields(),
	fieldReader: async (ctx, op, _operation, pipeline) => {
		if (ctx.getNodeParameter('fieldsMode', 0, 'list') !== 'mapper') return undefined;
		const values = await mapperValues(ctx, op);
		return { read: (itemIndex) => ({ fields: pipeline(itemIndex, values(itemIndex)) }) };
	},
	upsertKey: {
		field: { parameter: 'matchField', label: 'Match By', default: 'Email' },
		value: { parameter: 'matchValue', label: 'Match Value' },
		// A record the upsert creates gets the key's value unless the item sets that field; emails match case-insensitively.
		place: (fields: IDataObject, field: string, id: string) => {
			const value = /email/i.test(field) ? id.trim().toLowerCase() : id;
			if (fields[field] === undefined) fields[field] = value;
			return value;
		},
		keyOf: (id) => id.toLowerCase(),
	},
	get: async (ctx, op, id, i) => op.connector.get(op.objectType, id, await readFieldsOf(ctx, op.connector, op.objectType, i)),
	/** GET /{module}?fields=&sort_by=&sort_order=, page/per_page 200 then page_token. */
	list: (ctx, op, i, limit) => {
		const options = ctx.getNodeParameter('listOptions', i, {}) as IDataObject;
		const connector = op.connector;
		return (async function* () {
			const properties = await readFieldsOf(ctx, connector, op.objectType, i);
			yield* connector.list(op.objectType, {
				limit,
				properties,
				sortBy: String(options.sortBy ?? 'id'),
				sortOrder: (options.sortOrder as 'asc' | 'desc' | undefined) ?? 'asc',
				converted: options.includeConverted === true,
				itemIndex: i,
			});
		})();
	},
	/** GET /{module}/search by criteria, email, phone or word. */
	search: async (ctx, op, i, limit) => {
		const by = ctx.getNodeParameter('searchBy', i, 'criteria') as 'criteria' | 'email' | 'phone' | 'word';
		const value = String(ctx.getNodeParameter('searchValue', i, '') ?? '').trim();
		if (!value) throw new NodeOperationError(ctx.getNode(), `Item ${i}: field "Search Value" is empty`, { itemIndex: i });
		if (by === 'word' && value.length < 2) throw new NodeOperationError(ctx.getNode(), `Item ${i}: field "Search Value" needs at least 2 characters`, { itemIndex: i });
		const fields = await readFieldsOf(ctx, op.connector, op.objectType, i);
		const out: IDataObject[] = [];
		for await (const record of op.connector.search(op.objectType, { [by]: value }, { fields, limit, itemIndex: i })) out.push(recordOutput(op, record));
		return out;
	},
};

/** The operations of a module (activities and notes have no upsert key, search or notes of their own). */
export function operationsOf(module: string, custom: boolean): string[] {
	const base = ['create', 'get', 'getAll', 'update', 'delete', 'getDeleted', 'coql'];
	if (module === 'Notes') return base.filter((o) => o !== 'coql');
	const spec = MODULES[module];
	if (custom || spec?.searchable) base.push('upsert', 'search', 'addNote');
	if (module === 'Leads') base.push('convert');
	return base;
}

/** The Zoho CRM (CRM Pack) action node: its definition's modules, custom modules by API name, and its own operations. */
export const ZOHO_ACTIONS: ActionNode<ZohoConnector> = {
	definition: zoho,
	crm: ZOHO_CRM,
	operations: { addNote: addNote.execute, coql: coql.execute, convert: convert.execute, getDeleted: getDeleted.execute },
	resolve: (ctx: IExecuteFunctions, resource, operation) => {
		if (resource === 'customModule') {
			const name = String(ctx.getNodeParameter('customModule', 0, '') ?? '').trim();
			if (!isModuleName(name)) throw new NodeOperationError(ctx.getNode(), `Item 0: field "Custom Module": "${name}" is not a module API name`, { itemIndex: 0 });
			if (!operationsOf(name, true).includes(operation)) throw new NodeOperationError(ctx.getNode(), `Zoho CRM modules have no "${operation}" in this pack`);
			// No neutral shape: Simplified output is the record's id, fields and times.
			return { objectType: name };
		}
		const module = RESOURCE_MODULE[resource];
		if (!module) throw new NodeOperationError(ctx.getNode(), `The resource "${resource}" is not supported`);
		if (!operationsOf(module, false).includes(operation)) throw new NodeOperationError(ctx.getNode(), `Zoho CRM has no "${operation}" for ${module}`);
		return { objectType: module, neutralType: MODULES[module].neutral };
	},
	connectOptions: (ctx) => ({ skipWorkflowRules: ctx.getNodeParameter('options.skipWorkflowRules', 0, false) as boolean }),
};
