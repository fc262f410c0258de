import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import type { PollSource } from '../../../shared/n8n/polling';
import { toMillis } from '../../../shared/polling/poll';
import type { WatchedTime } from '../../../shared/polling/listings';
import type { CrmRecord } from '../../../shared/types';
import { HubSpotConnector } from '../connector/HubSpotConnector';
import { hubspotToNeutral } from '../connector/mapping';
import { canonicalObjectType, createdProperty, lastModifiedProperty, RESOURCE_NEUTRAL, RESOURCE_OBJECT_TYPE } from '../connector/objectTypes';
import { hubspotSettings, type HubSpotAuth } from '../transport/hubspotApi';

export { createdProperty };

/** The property a poll's cursor follows: the create date for "new", the last-modified date otherwise. */
export function watchedProperty(objectType: string, watched: WatchedTime): string {
	return watched === 'created' ? createdProperty(objectType) : lastModifiedProperty(objectType);
}

/**
 * HubSpot's polling listings, through the CRM search API sorted by the watched
 * date (which `searchAll` walks past the 10,000-result cap). HubSpot returns
 * date-times as ISO 8601 strings, some older properties as epoch milliseconds.
 */
export function hubspotListings(connector: HubSpotConnector, resource: string, chosen: string[]): PollSource {
	const objectType = RESOURCE_OBJECT_TYPE[resource] ?? resource;
	/**
	 * The search contract requires `properties`. None chosen = HubSpot's default
	 * properties, which only an omitted list gives, so the records a poll emits
	 * keep them; a poll that emits nothing (the first, placing the cursor) asks
	 * for the watched property alone.
	 */
	const properties = (key: string, emitting: boolean) => (chosen.length ? chosen : emitting ? undefined : [key]);
	const since = (key: string, ms: number | undefined): Array<{ filters: IDataObject[] }> =>
		ms === undefined ? [] : [{ filters: [{ propertyName: key, operator: 'GTE', value: String(ms) }] }];
	return {
		changedSince: (ms, read) =>
			connector.listChanged(objectType, {
				since: ms === undefined ? undefined : new Date(ms).toISOString(),
				properties: properties(lastModifiedProperty(objectType), read.emitting),
			}),
		createdSince: (ms, read) => {
			const key = createdProperty(objectType);
			return connector.search(objectType, {
				filterGroups: since(key, ms),
				sorts: [{ propertyName: key, direction: 'ASCENDING' }],
				properties: properties(key, read.emitting),
			});
		},
		async newest(watched) {
			const search = connector.search(
				objectType,
				{ filterGroups: [], sorts: [{ propertyName: watchedProperty(objectType, watched), direction: 'DESCENDING' }], properties: chosen.length ? chosen : undefined },
				{ limit: 1 },
			);
			for await (const record of search) return record;
			return undefined;
		},
		scope: (watched) => `${canonicalObjectType(objectType)}|${watchedProperty(objectType, watched)}`,
		timeOf: (record, watched) =>
			toMillis(record.properties[watchedProperty(objectType, watched)]) ??
			toMillis(watched === 'created' ? record.createdAt : record.updatedAt),
		createdTime: (record) => toMillis(record.createdAt) ?? toMillis(record.properties.createdate) ?? toMillis(record.properties.hs_createdate),
		/** "Simplified" is the pack's CRM-neutral record (the shape the other CRMs' triggers give); "Raw" is HubSpot's JSON untouched. */
		shape: (records: CrmRecord[], format) =>
			records.map((record) => (format === 'raw' ? record.raw : hubspotToNeutral(RESOURCE_NEUTRAL[resource], record))),
	};
}

export async function openHubSpotListings(ctx: IPollFunctions): Promise<PollSource> {
	const resource = ctx.getNodeParameter('object') as string;
	const chosen = ctx.getNodeParameter('properties', []) as string[];
	const auth = ctx.getNodeParameter('authentication', 'privateApp') as HubSpotAuth;
	return hubspotListings(new HubSpotConnector(ctx, await hubspotSettings(ctx, auth)), resource, chosen);
}
