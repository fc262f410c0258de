import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { normalizeEmail } from '../../../shared/model/email';
import type { OutputFormat } from '../../../shared/n8n/options';
import { parseJsonObject } from '../../../shared/n8n/parameters';
import { NeutralValidationError } from '../../../shared/model/errors';
import { itemError } from '../../../shared/transport/errors';
import { validateNeutral } from '../../../shared/model/validate';
import type { CrmRecord, NeutralType } from '../../../shared/types';
import type { HubSpotConnector } from '../connector/HubSpotConnector';
import { hubspotToNeutral } from '../connector/mapping';

/** What every operation receives from the router. */
export interface OperationContext {
	connector: HubSpotConnector;
	objectType: string;
	/** Undefined for custom objects, which have no neutral shape. */
	neutralType?: NeutralType;
	items: INodeExecutionData[];
	output: OutputFormat;
}

export type Operation = (this: IExecuteFunctions, op: OperationContext) => Promise<INodeExecutionData[]>;

export function recordJson(op: OperationContext, record: CrmRecord): IDataObject {
	if (op.output === 'raw') return record.raw;
	if (!op.neutralType) {
		return { id: record.id, ...record.properties, createdAt: record.createdAt, updatedAt: record.updatedAt };
	}
	return hubspotToNeutral(op.neutralType, record);
}

/**
 * The HubSpot properties an item asks to write: the neutral record (mapped), then
 * the JSON properties, then the dropdown fields and the property list (later
 * sources win). Emails are trimmed, lower-cased and checked, so a bad one is
 * reported against its item and field instead of failing a whole batch.
 */
export function itemProperties(
	ctx: IExecuteFunctions,
	op: OperationContext,
	itemIndex: number,
	partial: boolean,
): IDataObject {
	const additional = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const properties: IDataObject = {};

	const neutral = parseJsonObject(ctx, additional.neutralJson, itemIndex, 'Neutral Record (JSON)');
	if (Object.keys(neutral).length) {
		if (!op.neutralType) {
			throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: field "Neutral Record (JSON)" cannot be used with custom objects`, {
				itemIndex,
			});
		}
		try {
			const valid = validateNeutral(op.neutralType, neutral, { itemIndex, partial });
			Object.assign(properties, op.connector.fromNeutral(op.neutralType, valid as IDataObject));
		} catch (error) {
			if (error instanceof NeutralValidationError) {
				throw new NodeOperationError(ctx.getNode(), error.message, { itemIndex });
			}
			throw itemError(ctx.getNode(), error, itemIndex);
		}
	}
	Object.assign(properties, parseJsonObject(ctx, additional.propertiesJson, itemIndex, 'Properties (JSON)'));
	if (additional.ownerId) properties.hubspot_owner_id = additional.ownerId;
	if (additional.pipeline) properties.pipeline = additional.pipeline;
	if (additional.stage) properties.dealstage = additional.stage;

	const list = ctx.getNodeParameter('propertiesUi.property', itemIndex, []) as Array<{ name: string; value: unknown }>;
	for (const { name, value } of list) {
		if (!name) throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: a property in "Properties" has no name`, { itemIndex });
		properties[name] = value as IDataObject[string];
	}

	if (typeof properties.email === 'string' && properties.email !== '') {
		const email = normalizeEmail(properties.email);
		if (!email.ok) {
			throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: field "email": ${email.reason}`, { itemIndex });
		}
		properties.email = email.value;
	}
	return properties;
}

export { recordIdOf } from '../../../shared/n8n/parameters';
