import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { normalizeEmail } from '../../../shared/model/email';
import { NeutralValidationError } from '../../../shared/model/errors';
import { validateNeutral } from '../../../shared/model/validate';
import { itemError } from '../../../shared/transport/errors';
import type { CrmRecord, NeutralType } from '../../../shared/types';
import type { SalesforceConnector } from '../connector/SalesforceConnector';
import { salesforceToNeutral } from '../connector/mapping';

/** What every operation receives from the router. */
export interface OperationContext {
	connector: SalesforceConnector;
	/** The sObject API name (Contact, Invoice__c...). */
	objectType: string;
	/** Undefined for custom objects, which have no neutral shape. */
	neutralType?: NeutralType;
	items: INodeExecutionData[];
	output: 'simplified' | 'raw';
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

function parseJsonField(ctx: IExecuteFunctions, value: unknown, itemIndex: number, field: string): IDataObject {
	if (value === undefined || value === null || value === '') return {};
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: field "${field}" is not valid JSON`, { itemIndex });
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: field "${field}" must be a JSON object`, { itemIndex });
	}
	return parsed as IDataObject;
}

/**
 * The Salesforce fields an item asks to write: the neutral record (mapped),
 * then the JSON fields, then the owner and the field list (later sources win).
 * Emails are trimmed, lower-cased and checked, so a bad one is reported against
 * its item and field instead of failing a whole call of 200.
 */
export function itemFields(ctx: IExecuteFunctions, op: OperationContext, itemIndex: number, partial: boolean): IDataObject {
	const additional = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const fields: IDataObject = {};
	const neutral = parseJsonField(ctx, additional.neutralJson, itemIndex, 'Neutral Record (JSON)');
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
	Object.assign(fields, parseJsonField(ctx, additional.fieldsJson, itemIndex, 'Fields (JSON)'));
	if (additional.ownerId) fields.OwnerId = additional.ownerId;
	const list = ctx.getNodeParameter('fieldsUi.field', itemIndex, []) as Array<{ name: string; value: unknown }>;
	for (const { name, value } of list) {
		if (!name) throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: a field in "Fields" has no name`, { itemIndex });
		fields[name] = value as IDataObject[string];
	}
	if (typeof fields.Email === 'string' && fields.Email !== '') {
		const email = normalizeEmail(fields.Email);
		if (!email.ok) throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: field "Email": ${email.reason}`, { itemIndex });
		fields.Email = email.value;
	}
	return fields;
}

/** The record id from a resource locator (list, id or URL mode) or a plain string. */
export function recordIdOf(ctx: IExecuteFunctions, itemIndex: number): string {
	const id = String(ctx.getNodeParameter('recordId', itemIndex, '', { extractValue: true }) ?? '').trim();
	if (!id) throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: field "Record" is empty`, { itemIndex });
	return id;
}

/** Limit parameters of the read operations: undefined = return all. */
export function limitOf(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	return returnAll ? undefined : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
}
