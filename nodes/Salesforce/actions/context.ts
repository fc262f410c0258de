import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { normalizeEmail } from '../../../shared/model/email';
import type { OutputFormat } from '../../../shared/n8n/options';
import { parseJsonObject } from '../../../shared/n8n/parameters';
import { NeutralValidationError } from '../../../shared/model/errors';
import { validateNeutral } from '../../../shared/model/validate';
import { itemError } from '../../../shared/transport/errors';
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

/** The "Fields" list of an item (Define Fields: Field List). */
function listFields(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const fields: IDataObject = {};
	const list = ctx.getNodeParameter('fieldsUi.field', itemIndex, []) as Array<{ name: string; value: unknown }>;
	for (const { name, value } of list) {
		if (!name) throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: a field in "Fields" has no name`, { itemIndex });
		fields[name] = value as IDataObject[string];
	}
	return fields;
}

/**
 * The Salesforce fields an item asks to write: the neutral record (mapped),
 * then the JSON fields, then the owner, then the item's own fields: the
 * "Fields" list, or `own` when given (the resource mapper's values); later
 * sources win. Emails are trimmed, lower-cased and checked, so a bad one is
 * reported against its item and field instead of failing a whole call of 200.
 */
export function itemFields(ctx: IExecuteFunctions, op: OperationContext, itemIndex: number, partial: boolean, own?: IDataObject): IDataObject {
	const additional = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const fields: IDataObject = {};
	const neutral = parseJsonObject(ctx, additional.neutralJson, itemIndex, 'Neutral Record (JSON)');
	if (Object.keys(neutral).length) {
		if (!op.neutralType) {
			throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: field "Neutral Record (JSON)" cannot be used with custom objects`, {
				itemIndex,
			});
		}
		try {
			const valid = validateNeutral(op.neutralType, neutral, { itemIndex, partial });
			Object.assign(fields, op.connector.fromNeutral(op.neutralType, valid as IDataObject));
		} catch (error) {
			if (error instanceof NeutralValidationError) throw new NodeOperationError(ctx.getNode(), error.message, { itemIndex });
			throw itemError(ctx.getNode(), error, itemIndex);
		}
	}
	Object.assign(fields, parseJsonObject(ctx, additional.fieldsJson, itemIndex, 'Fields (JSON)'));
	if (additional.ownerId) fields.OwnerId = additional.ownerId;
	Object.assign(fields, own ?? listFields(ctx, itemIndex));
	if (typeof fields.Email === 'string' && fields.Email !== '') {
		const email = normalizeEmail(fields.Email);
		if (!email.ok) throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: field "Email": ${email.reason}`, { itemIndex });
		fields.Email = email.value;
	}
	return fields;
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
