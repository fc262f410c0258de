import type { IDataObject } from 'n8n-workflow';

/**
 * A typed transaction row (address, salePrice, listPrice, status, closeDate...)
 * with the neutral deal fields CRM Sync reads beside its own: name = the
 * address, amount = the sale price, else the list price, stage = the status,
 * closeDate. Real-estate exports (Brivity's and Top Producer's) describe a deal
 * by its property, so that is its name.
 */
export function asNeutralDeal(record: IDataObject): IDataObject {
	const amount = record.salePrice ?? record.listPrice;
	return {
		name: record.address,
		...(amount !== undefined ? { amount } : {}),
		...(record.status !== undefined ? { stage: record.status } : {}),
		...(record.closeDate !== undefined ? { closeDate: record.closeDate } : {}),
		...record,
	};
}
