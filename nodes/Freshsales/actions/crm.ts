import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { recordOutput, type ActionCrm, type ActionNode } from '../../../shared/n8n/actions';
import type { FilterRule, FreshsalesConnector } from '../connector/FreshsalesConnector';
import { CUSTOM_MODULE, entityOf, RESOURCE_OBJECT_TYPE } from '../connector/objectTypes';
import { withIdentifier } from '../connector/keys';
import { freshsales } from '../index';
import { freshsalesWriteFields } from './fields';
import { mapperValues } from './fieldMapper';
import * as addNote from './operations/addNote.operation';
import * as addTask from './operations/addTask.operation';

const OPERATORS = new Set(['is_in', 'is', 'contains', 'is_after', 'is_before']);

/** The item's filter rules: attribute, operator, value (a comma-separated list for "is in"). */
function filterRules(ctx: IExecuteFunctions, i: number): FilterRule[] {
	const rows = (ctx.getNodeParameter('filterRules.rule', i, []) ?? []) as IDataObject[];
	if (!rows.length) throw new NodeOperationError(ctx.getNode(), `Item ${i}: field "Filter Rules" needs at least one rule`, { itemIndex: i });
	return rows.map((row, n) => {
		const attribute = String(row.attribute ?? '').trim();
		const operator = String(row.operator ?? 'is_in');
		if (!attribute) throw new NodeOperationError(ctx.getNode(), `Item ${i}: field "Filter Rules" rule ${n + 1} has no field`, { itemIndex: i });
		if (!OPERATORS.has(operator)) throw new NodeOperationError(ctx.getNode(), `Item ${i}: field "Filter Rules" rule ${n + 1}: unknown operator "${operator}"`, { itemIndex: i });
		const raw = String(row.value ?? '');
		const value = operator === 'is_in' ? raw.split(',').map((v) => v.trim()).filter(Boolean) : raw;
		return { attribute, operator, value };
	});
}

/**
 * What the shared operations need to know of Freshsales. It has no batch
 * create or update: one call per record, several in flight, paced to the
 * plan's hourly budget and 400 a minute. Upserts are Freshsales' own
 * (`POST /<entity>/upsert` by email, name or a unique custom field), in bulk
 * jobs of 100 from 20 records on (contacts, accounts, deals).
 */
export const FRESHSALES_CRM: ActionCrm<FreshsalesConnector> = {
	vendorName: 'Freshsales',
	writeFields: (op) => freshsalesWriteFields(entityOf(op.objectType)),
	/** Define Fields: Map Each Field: the mapper's values take the Field List's place in the same pipeline. */
	fieldReader: async (ctx, op, _operation, pipeline) => {
		if (ctx.getNodeParameter('fieldsMode', 0, 'list') !== 'mapper') return undefined;
		const values = await mapperValues(ctx, op);
		return { read: (itemIndex) => ({ fields: pipeline(itemIndex, values(itemIndex)) }) };
	},
	upsertKey: {
		field: { parameter: 'matchField', label: 'Match By', default: '' },
		value: { parameter: 'matchValue', label: 'Match Value' },
		// Emails are matched lower-cased; a record created by the upsert gets the value unless the item sets that field.
		place: (fields: IDataObject, field: string, id: string) => {
			const key = field === 'email' ? 'emails' : field;
			const value = key === 'emails' ? id.toLowerCase() : id;
			Object.assign(fields, withIdentifier(fields, key, value));
			return value;
		},
		keyOf: (id) => id.toLowerCase(),
	},
	/** GET /<entity>/:id?include=… */
	get: (ctx, op, id, i) => {
		const include = String(ctx.getNodeParameter('include', i, '') ?? '').replace(/\s+/g, '');
		return op.connector.get(op.objectType, id, undefined, i, include || undefined);
	},
	/**
	 * Contacts, accounts, deals: GET /<entity>/view/:view_id?page&per_page=100&sort&sort_type
	 * (the chosen view, else the "All" one); tasks and appointments: GET /<entity>?filter=…
	 * (every filter in turn when none is chosen); sales activities: GET /sales_activities.
	 */
	list: (ctx, op, i, limit) => {
		const spec = entityOf(op.objectType);
		const options = ctx.getNodeParameter('listOptions', i, {}) as IDataObject;
		const include = String(options.include ?? '').replace(/\s+/g, '') || undefined;
		if (spec.listing.kind === 'views') {
			return op.connector.list(op.objectType, {
				limit,
				viewId: String(options.viewId ?? '') || undefined,
				sort: String(options.sortBy ?? 'updated_at'),
				sortType: (options.sortDirection as 'asc' | 'desc' | undefined) ?? 'desc',
				include,
				itemIndex: i,
			});
		}
		return op.connector.list(op.objectType, { limit, filter: String(options.filter ?? '') || undefined, include, itemIndex: i });
	},
	/**
	 * Filter rules: POST /filtered_search/<entity> ({ filter_rule: [...] }, 100 per page).
	 * Quick search: GET /search?q=&include=<entity>; Simplified output reads the hits
	 * in full (one filtered search on their ids), Raw returns the hits as they are.
	 */
	search: async (ctx, op, i, limit) => {
		const spec = entityOf(op.objectType);
		const mode = ctx.getNodeParameter('searchMode', i, 'filter') as string;
		if (mode === 'quick') {
			const term = String(ctx.getNodeParameter('term', i, '') ?? '').trim();
			if (term.length < 2) throw new NodeOperationError(ctx.getNode(), `Item ${i}: field "Search Term" needs at least 2 characters`, { itemIndex: i });
			const hits = (await op.connector.quickSearch(term, [spec.search as string], i)).filter((h) => h.type === undefined || h.type === spec.search);
			const wanted = limit === undefined ? hits : hits.slice(0, limit);
			if (op.output === 'raw') return wanted;
			const out: IDataObject[] = [];
			for await (const record of op.connector.getMany(op.objectType, wanted.map((h) => String(h.id)))) out.push(recordOutput(op, record));
			return out;
		}
		const out: IDataObject[] = [];
		for await (const record of op.connector.filteredSearch(op.objectType, filterRules(ctx, i), { limit, itemIndex: i })) out.push(recordOutput(op, record));
		return out;
	},
};

/** The operations each resource offers (notes: write only, Freshsales has no API that reads them). */
export function operationsOf(objectType: string): string[] {
	const spec = entityOf(objectType);
	const ops = ['create', 'update', 'delete'];
	if (spec.listing.kind !== 'none' || spec.readsById) ops.push('get');
	if (spec.listing.kind !== 'none') ops.push('getAll');
	if (spec.upserts) ops.push('upsert');
	if (spec.search) ops.push('search', 'addNote', 'addTask');
	return ops;
}

/** The Freshsales (CRM Pack) action node: its definition's resources and credential, and Add Note / Add Task. */
export const FRESHSALES_ACTIONS: ActionNode<FreshsalesConnector> = {
	definition: freshsales,
	crm: FRESHSALES_CRM,
	operations: { addNote: addNote.execute, addTask: addTask.execute },
	resolve: (ctx, resource, operation) => {
		if (resource === 'customModule') {
			const name = String(ctx.getNodeParameter('customModule', 0, '') ?? '').trim();
			if (!CUSTOM_MODULE.test(name)) {
				throw new NodeOperationError(ctx.getNode(), `Item 0: field "Custom Module": "${name}" is not a custom module's API name (cm_…)`, { itemIndex: 0 });
			}
			if (!operationsOf(name).includes(operation)) throw new NodeOperationError(ctx.getNode(), `Freshsales custom modules have no "${operation}" in this pack`);
			// No neutral shape: Simplified output is the record's id, fields and times.
			return { objectType: name };
		}
		const objectType = RESOURCE_OBJECT_TYPE[resource];
		if (!objectType) throw new NodeOperationError(ctx.getNode(), `The resource "${resource}" is not supported`);
		const spec = entityOf(objectType);
		if (!operationsOf(objectType).includes(operation)) {
			throw new NodeOperationError(ctx.getNode(), `Freshsales has no "${operation}" for ${spec.plural.replace('_', ' ')}`);
		}
		return { objectType, neutralType: spec.neutral };
	},
	connectOptions: (ctx) => ({ bulkThreshold: ctx.getNodeParameter('options.bulkThreshold', 0, 20) as number }),
};
