import type { IDataObject } from 'n8n-workflow';
import type { CrmRecord } from '../../../shared/types';
import { hubspotToNeutral } from '../connector/mapping';
import { RESOURCE_NEUTRAL } from '../connector/objectTypes';

export type OutputFormat = 'simplified' | 'raw';

/** "Simplified" is the pack's CRM-neutral record (the same shape the other CRMs' triggers give); "Raw" is HubSpot's JSON untouched. */
export function shapeRecord(resource: string, record: CrmRecord, format: OutputFormat): IDataObject {
	if (format === 'raw') return record.raw;
	return hubspotToNeutral(RESOURCE_NEUTRAL[resource], record);
}
