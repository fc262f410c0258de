import { NodeOperationError, type IDataObject, type IPollFunctions } from 'n8n-workflow';
import type { PollSource } from '../../../shared/n8n/polling';
import type { WatchedTime } from '../../../shared/polling/listings';
import type { CrmRecord, NeutralType } from '../../../shared/types';
import { SalesforceConnector } from '../connector/SalesforceConnector';
import { salesforceToNeutral } from '../connector/mapping';
import { assertApiName, RESOURCE_NEUTRAL, RESOURCE_SOBJECT } from '../connector/objectTypes';
import { soqlDateTime } from '../connector/soql';
import { salesforceSettings, type SalesforceAuth } from '../transport/salesforceApi';

export type CursorField = 'SystemModstamp' | 'CreatedDate';

/**
 * "New" watches CreatedDate, so a record created and saved again before we read
 * it is still new. The other events watch SystemModstamp, which every save
 * moves (users, automation, system jobs); LastModifiedDate skips system saves.
 */
export function cursorField(watched: WatchedTime): CursorField {
	return watched === 'created' ? 'CreatedDate' : 'SystemModstamp';
}

/** Custom objects have no neutral shape: their fields, without Salesforce's `attributes` envelope. */
function shape(record: CrmRecord, neutralType: NeutralType | undefined, format: 'simplified' | 'raw'): IDataObject {
	if (format === 'raw') return record.raw;
	if (neutralType) return salesforceToNeutral(neutralType, record);
	return { id: record.id, ...record.properties, createdAt: record.createdAt, updatedAt: record.updatedAt };
}

/**
 * Salesforce's polling listings. SOQL compares date-times to the whole second
 * and `soqlDateTime` rounds `since` down, so a read returns the whole second
 * the cursor is in; records of that second already handled are told apart by
 * the shared (id, time) de-duplication, and a save committed late that carries
 * a second a previous poll already read is caught by the overlap. No LIMIT:
 * records of the overlap already handled (or not wanted) do not count against
 * the cap, so how many rows it needs is unknown; the read stops fetching
 * batches once the cap is reached.
 */
export function salesforceListings(
	connector: SalesforceConnector,
	objectType: string,
	neutralType: NeutralType | undefined,
	fields: string[],
): PollSource {
	const typed = (record: CrmRecord): CrmRecord => (record.objectType ? record : { ...record, objectType });
	return {
		changedSince: (since) =>
			connector.listChanged(objectType, {
				since: since === undefined ? undefined : new Date(since).toISOString(),
				properties: fields.length ? fields : undefined,
			}),
		async *createdSince(since) {
			const select = await connector.selectFields(objectType, fields);
			const where = since === undefined ? '' : ` WHERE CreatedDate >= ${soqlDateTime(new Date(since).toISOString())}`;
			const soql = `SELECT ${select.join(', ')} FROM ${objectType}${where} ORDER BY CreatedDate ASC, Id ASC`;
			for await (const record of connector.query(soql)) yield typed(record);
		},
		async newest(watched) {
			const select = await connector.selectFields(objectType, fields);
			const soql = `SELECT ${select.join(', ')} FROM ${objectType} ORDER BY ${cursorField(watched)} DESC, Id DESC LIMIT 1`;
			for await (const record of connector.query(soql, { limit: 1 })) return typed(record);
			return undefined;
		},
		scope: (watched) => `${objectType}|${cursorField(watched)}`,
		shape: (records, format) => records.map((record) => shape(record, neutralType, format)),
	};
}

export async function openSalesforceListings(ctx: IPollFunctions): Promise<PollSource> {
	const object = ctx.getNodeParameter('object') as string;
	let objectType: string;
	try {
		objectType =
			object === 'customObject'
				? assertApiName(String(ctx.getNodeParameter('customObject', '') ?? '').trim())
				: (RESOURCE_SOBJECT[object] ?? assertApiName(object));
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message);
	}
	const fields = (ctx.getNodeParameter('fields', []) as string[]).map((f) => f.trim()).filter(Boolean);
	const auth = ctx.getNodeParameter('authentication', 'oAuth2') as SalesforceAuth;
	const connector = new SalesforceConnector(ctx, await salesforceSettings(ctx, auth));
	return salesforceListings(connector, objectType, object === 'customObject' ? undefined : RESOURCE_NEUTRAL[object], fields);
}
