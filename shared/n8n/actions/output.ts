import type { IDataObject } from 'n8n-workflow';
import type { CrmConnector, CrmRecord } from '../../types';
import type { ActionContext } from './types';

/**
 * One record as an output item: Raw is the vendor's JSON; Simplified is the
 * CRM-neutral record, or, for objects without a neutral shape (custom
 * objects), the record's id, its properties and its times.
 */
export function recordOutput<C extends CrmConnector>(op: ActionContext<C>, record: CrmRecord): IDataObject {
	if (op.output === 'raw') return record.raw;
	if (!op.neutralType) return { id: record.id, ...record.properties, createdAt: record.createdAt, updatedAt: record.updatedAt };
	return op.connector.toNeutral(op.neutralType, record);
}
