import type { IExecuteFunctions } from 'n8n-workflow';
import type { RequestStats } from '../../shared/transport/request';
import type { CrmConnector, CrmRecord, NeutralType } from '../../shared/types';
import { HubSpotConnector } from '../HubSpot/connector/HubSpotConnector';
import { mappedProperties } from '../HubSpot/connector/mapping';
import { NEUTRAL_OBJECT_TYPE } from '../HubSpot/connector/objectTypes';
import { hubspotSettings } from '../HubSpot/transport/hubspotApi';

/** What the Sync node needs from a CRM beyond the shared CrmConnector interface. */
export interface OpenedConnector {
	connector: CrmConnector;
	/** Records by id; ids that no longer exist are left out. */
	fetchByIds(objectType: string, ids: string[], properties: string[]): AsyncIterable<CrmRecord>;
}

/**
 * One CRM the Sync node can use as a side. Adding Salesforce or Pipedrive is one
 * more entry here (and its credential in the node description): the engine and
 * the rest of the node stay as they are.
 */
export interface SyncConnectorEntry {
	/** Parameter value of the side ("hubspot"). */
	value: string;
	displayName: string;
	credential: string;
	kinds: NeutralType[];
	objectType(kind: NeutralType): string;
	/** Vendor properties to read for a kind (the connector's mapping). */
	properties(kind: NeutralType): string[];
	/**
	 * The vendor property a create can be upserted by when the sync key is this
	 * neutral field (unique on the vendor side), so a re-run after a crash never
	 * creates a second record.
	 */
	upsertProperty(kind: NeutralType, neutralField: string): string | undefined;
	open(ctx: IExecuteFunctions, options: { stats: RequestStats; maxAttempts: number }): Promise<OpenedConnector>;
}

const ID_CHUNK = 100;

const hubspot: SyncConnectorEntry = {
	value: 'hubspot',
	displayName: 'HubSpot',
	credential: 'crmPackHubSpotPrivateAppApi',
	kinds: ['contact', 'company', 'deal', 'appointment', 'task', 'note'],
	objectType: (kind) => NEUTRAL_OBJECT_TYPE[kind],
	properties: (kind) => mappedProperties(kind),
	upsertProperty: (kind, field) => ((kind === 'contact' || kind === 'lead') && field === 'email' ? 'email' : undefined),
	async open(ctx, { stats, maxAttempts }) {
		const settings = await hubspotSettings(ctx, 'privateApp', { stats, retry: { maxAttempts, maxWaitMs: 60_000 } });
		const connector = new HubSpotConnector(ctx, settings);
		return {
			connector,
			// One search call per 100 ids (HubSpot's IN limit) instead of one GET per record.
			async *fetchByIds(objectType, ids, properties) {
				for (let i = 0; i < ids.length; i += ID_CHUNK) {
					const values = ids.slice(i, i + ID_CHUNK);
					yield* connector.search(objectType, {
						filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'IN', values }] }],
						sorts: [],
						properties,
					});
				}
			},
		};
	},
};

export const SYNC_CONNECTORS: Record<string, SyncConnectorEntry> = { hubspot };

export const INPUT_SIDE = 'input';
