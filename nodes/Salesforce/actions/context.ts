import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { OutputFormat } from '../../../shared/n8n/options';
import { readWriteFields, type WriteFieldsSpec } from '../../../shared/n8n/writeFields';
import type { CrmRecord, NeutralType } from '../../../shared/types';
import type { SalesforceConnector } from '../connector/SalesforceConnector';
import { salesforceToNeutral } from '../connector/mapping';
import { mapperInput, type WriteOperation } from './fieldMapper';

/** What every operation receives from the router. */
export interface OperationContext {
	connector: SalesforceConnector;
	/** The sObject API name (Contact, Invoice__c...). */
	objectType: string;
	/** Undefined for custom objects, which have no neutral shape. */
	neutralType?: NeutralType;
	items: INodeExecutionData[];
	output: OutputFormat;
}

export type Operation = (this: IExecuteFunctions, op: OperationContext) => Promise<INodeExecutionData[]>;

/** Salesforce fields without the JSON `attributes` envelope. */
export function plainFields(record: CrmRecord): IDataObject {
	const out: IDataObject = { id: record.id };
	for (const [key, value] of Object.entries(record.raw)) if (key !== 'attributes') out[key] = value;
	return out;
}

export function recordJson(op: OperationContext, record: CrmRecord): IDataObject {
	if (op.output === 'raw') return record.raw;
	if (!op.neutralType) return { id: record.id, ...record.properties, createdAt: record.createdAt, updatedAt: record.updatedAt };
	return salesforceToNeutral(op.neutralType, record);
}

/** Salesforce's write-field parameters: the "Fields" list, "Fields (JSON)" and the owner. */
const SALESFORCE_WRITE_FIELDS: WriteFieldsSpec = {
	json: { key: 'fieldsJson', label: 'Fields (JSON)' },
	list: { parameter: 'fieldsUi.field', label: 'Fields', noun: 'field' },
	emailFields: ['Email'],
	dedicated: (_ctx, additional) => (additional.ownerId ? { OwnerId: additional.ownerId } : {}),
};

/**
 * The Salesforce fields an item asks to write (the shared write-field
 * pipeline): the item's own fields are the "Fields" list, or `own` when given
 * (the resource mapper's values).
 */
export function itemFields(ctx: IExecuteFunctions, op: OperationContext, itemIndex: number, partial: boolean, own?: IDataObject): IDataObject {
	return readWriteFields(
		ctx,
		SALESFORCE_WRITE_FIELDS,
		{ neutralType: op.neutralType, fromNeutral: (type, neutral) => op.connector.fromNeutral(type, neutral), partial, own },
		itemIndex,
	);
}

export interface ItemInput {
	fields: IDataObject;
	/** The value of the mapper's match field (record Id or external id), in Map Each Field mode. */
	match?: string;
}

export interface FieldReader {
	/** Set in Map Each Field mode: Id (update) or the external id field chosen to match on (upsert). */
	matchField?: string;
	read(itemIndex: number): ItemInput;
}

/**
 * How the write operations read an item, by "Define Fields": Field List (the
 * list plus Additional Fields, as ever) or Map Each Field (the resource
 * mapper's values in place of the list; Additional Fields still apply below
 * them). In the mapper the match field's value identifies the record and is
 * not sent as a field to write.
 */
export async function fieldReader(ctx: IExecuteFunctions, op: OperationContext, operation: WriteOperation): Promise<FieldReader> {
	const partial = operation !== 'create';
	if (ctx.getNodeParameter('fieldsMode', 0, 'list') !== 'mapper') {
		return { read: (itemIndex) => ({ fields: itemFields(ctx, op, itemIndex, partial) }) };
	}
	const mapper = await mapperInput(ctx, op, operation);
	const matchField = mapper.matchField;
	return {
		matchField,
		read: (itemIndex) => {
			const values = mapper.values(itemIndex);
			if (!matchField) return { fields: itemFields(ctx, op, itemIndex, partial, values) };
			const match = String(values[matchField] ?? '').trim();
			if (!match) throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: field "${matchField}" in "Fields" is empty`, { itemIndex });
			delete values[matchField];
			return { fields: itemFields(ctx, op, itemIndex, partial, values), match };
		},
	};
}

export { recordIdOf } from '../../../shared/n8n/parameters';
