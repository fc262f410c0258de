import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { recordOutput, type ActionCrm, type ActionNode } from '../../../shared/n8n/actions';
import { itemParameter } from '../../../shared/n8n/itemParameter';
import type { DynamicsConnector, DynamicsOptions } from '../connector/DynamicsConnector';
import { TABLE_BY_RESOURCE } from '../connector/objectTypes';
import { convertFields, needsMetadata } from '../connector/writeValues';
import { dynamics } from '../index';
import { DYNAMICS_WRITE_FIELDS } from './fields';
import { mapperValues } from './fieldMapper';
import * as associate from './operations/associate.operation';
import * as callOperation from './operations/callOperation.operation';

/**
 * What the shared operations need to know of Dataverse: writes go out in bulk
 * (CreateMultiple / UpdateMultiple / UpsertMultiple, `$batch` where a table has
 * none or a record is refused); get by id; Get Many by OData query; Search by FetchXML.
 */
export const DYNAMICS_CRM: ActionCrm<DynamicsConnector> = {
	vendorName: 'Dynamics 365',
	writeFields: () => DYNAMICS_WRITE_FIELDS,
	/**
	 * Choice labels and lookups written as `<set>(<id>)` need the table's
	 * metadata: read once, only when some item needs it, then each item is
	 * converted, a value that cannot be failing its own item, naming the column.
	 */
	fieldReader: async (ctx, op, _operation, pipeline) => {
		// Define Fields: Map Each Field: the mapper's values take the Columns list's place in the same pipeline.
		const mapper = ctx.getNodeParameter('fieldsMode', 0, 'list') === 'mapper' ? await mapperValues(ctx, op) : undefined;
		const fieldsOf = mapper ? (i: number) => pipeline(i, mapper(i)) : (i: number) => pipeline(i);
		let needed = false;
		for (let i = 0; i < op.items.length && !needed; i++) {
			try {
				needed = needsMetadata(fieldsOf(i));
			} catch {
				// The item's own error shows when the shared write reads it.
			}
		}
		if (!needed) return mapper ? { read: (i) => ({ fields: fieldsOf(i) }) } : undefined;
		const [columns, lookups] = await op.connector.writeMetadata(op.objectType);
		return {
			read: (i) => {
				const fields = fieldsOf(i);
				try {
					return { fields: convertFields(fields, columns, lookups) };
				} catch (error) {
					throw new NodeOperationError(ctx.getNode(), `Item ${i}: ${(error as Error).message}`, { itemIndex: i });
				}
			},
		};
	},
	upsertKey: {
		field: { parameter: 'matchField', label: 'Match By', default: '' },
		value: { parameter: 'matchValue', label: 'Match Value' },
		// The key travels in the row's URL (`<set>(<column>='value')`), not in its columns.
		place: (_fields, _field, id) => id,
		keyOf: (id) => id.toLowerCase(),
	},
	/** `GET <set>(<id>)?$select=…` */
	get: (ctx, op, id, i) => op.connector.get(op.objectType, id, columnsOf(ctx, i), i),
	/** `GET <set>?$select&$filter&$orderby`, pages of `Prefer: odata.maxpagesize` followed by `@odata.nextLink`. */
	list: (ctx, op, i, limit) => {
		const query = itemParameter<IDataObject>(ctx, 'query', i, {});
		return op.connector.list(op.objectType, {
			limit,
			properties: columnsOf(ctx, i),
			filter: String(query.filter ?? '').trim() || undefined,
			orderBy: String(query.orderBy ?? '').trim() || undefined,
			itemIndex: i,
		});
	},
	/** FetchXML: `GET <set>?fetchXml=…`, paged by the paging cookie. */
	search: async (ctx, op, i, limit) => {
		const fetch = String(ctx.getNodeParameter('fetchXml', i, '') ?? '').trim();
		if (!/^<fetch\b[\s\S]*<\/fetch>$/.test(fetch)) throw new NodeOperationError(ctx.getNode(), `Item ${i}: field "FetchXML" must be a <fetch>…</fetch> document`, { itemIndex: i });
		const out: IDataObject[] = [];
		for await (const record of op.connector.fetchXml(op.objectType, fetch, { limit, itemIndex: i })) out.push(recordOutput(op, record));
		return out;
	},
};

/** The item's `$select` columns (empty: every column). */
function columnsOf(ctx: IExecuteFunctions, i: number): string[] | undefined {
	const raw = itemParameter<unknown>(ctx, 'columns', i, []);
	const list = (Array.isArray(raw) ? raw : String(raw ?? '').split(',')).map((c) => String(c).trim()).filter(Boolean);
	return list.length ? list : undefined;
}

/** The Dynamics 365 (CRM Pack) action node: its definition's tables, any table by entity set, and Dataverse's own operations. */
export const DYNAMICS_ACTIONS: ActionNode<DynamicsConnector> = {
	definition: dynamics,
	crm: DYNAMICS_CRM,
	operations: {
		associate: function (op) {
			return associate.execute.call(this, op, 'associate');
		},
		disassociate: function (op) {
			return associate.execute.call(this, op, 'disassociate');
		},
		callOperation: callOperation.execute,
	},
	resolve: (ctx, resource) => {
		if (resource === 'table') {
			const entitySet = String(ctx.getNodeParameter('entitySet', 0, '') ?? '').trim();
			if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(entitySet)) {
				throw new NodeOperationError(ctx.getNode(), `Item 0: field "Table (Entity Set Name)": "${entitySet}" is not an entity set name (e.g. contacts, cr123_projects)`, { itemIndex: 0 });
			}
			const known = [...TABLE_BY_RESOURCE.values()].find((t) => t.entitySet === entitySet);
			// A custom table has no neutral shape: Simplified output is the row's id, columns and times.
			return { objectType: entitySet, neutralType: known?.neutral };
		}
		const table = TABLE_BY_RESOURCE.get(resource);
		if (!table) throw new NodeOperationError(ctx.getNode(), `The resource "${resource}" is not supported`);
		return { objectType: table.entitySet, neutralType: table.neutral };
	},
	connectOptions: (ctx): IDataObject => {
		const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
		const writeHeaders: IDataObject = {};
		// learn.microsoft.com/power-apps/developer/data-platform/webapi/manage-duplicate-detection-create-update,
		// bypass-custom-business-logic: request headers, honoured on every write of the run.
		if (options.duplicateDetection === true) writeHeaders['MSCRM.SuppressDuplicateDetection'] = 'false';
		if (options.bypassCustomPlugins === true) writeHeaders['MSCRM.BypassCustomPluginExecution'] = 'true';
		const vendor: DynamicsOptions = {
			batchSize: (options.batchSize as number | undefined) ?? 1000,
			allOrNone: options.allOrNone === true,
			writeHeaders,
			annotations: options.formattedValues !== false,
			upsertMode: (ctx.getNodeParameter('upsertMode', 0, 'upsert') as DynamicsOptions['upsertMode']) ?? 'upsert',
		};
		return vendor as IDataObject;
	},
};
