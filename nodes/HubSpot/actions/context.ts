import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { OutputFormat } from '../../../shared/n8n/options';
import { readWriteFields } from '../../../shared/n8n/writeFields';
import type { CrmRecord, NeutralType } from '../../../shared/types';
import type { HubSpotConnector } from '../connector/HubSpotConnector';
import { hubspotToNeutral } from '../connector/mapping';
import { HUBSPOT_WRITE_FIELDS } from './fields';

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

/** The HubSpot properties an item asks to write (the shared write-field pipeline, HubSpot's parameters). */
export function itemProperties(ctx: IExecuteFunctions, op: OperationContext, itemIndex: number, partial: boolean): IDataObject {
	return readWriteFields(
		ctx,
		HUBSPOT_WRITE_FIELDS,
		{ neutralType: op.neutralType, fromNeutral: (type, neutral) => op.connector.fromNeutral(type, neutral), partial },
		itemIndex,
	);
}

export { recordIdOf } from '../../../shared/n8n/parameters';
