import type { IExecuteFunctions } from 'n8n-workflow';
import type { RequestStats } from '../../shared/transport/request';
import type { CrmConnector, CrmRecord, NeutralType } from '../../shared/types';
import { HubSpotConnector } from '../HubSpot/connector/HubSpotConnector';
import { mappedProperties } from '../HubSpot/connector/mapping';
import { NEUTRAL_OBJECT_TYPE } from '../HubSpot/connector/objectTypes';
import { hubspotSettings } from '../HubSpot/transport/hubspotApi';
import { SalesforceConnector } from '../Salesforce/connector/SalesforceConnector';
import { mappedFields as salesforceFields } from '../Salesforce/connector/mapping';
import { NEUTRAL_SOBJECT } from '../Salesforce/connector/objectTypes';
import { salesforceSettings } from '../Salesforce/transport/salesforceApi';
import { PipedriveConnector } from '../Pipedrive/connector/PipedriveConnector';
import { mappedFields as pipedriveFields } from '../Pipedrive/connector/mapping';
import { NEUTRAL_OBJECT_TYPE as PIPEDRIVE_OBJECT } from '../Pipedrive/connector/objectTypes';
import { pipedriveSettings } from '../Pipedrive/transport/pipedriveApi';

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

/** Salesforce through its OAuth2 credential; records by id come from SOQL `Id IN (...)`, 200 per query. */
const salesforce: SyncConnectorEntry = {
	value: 'salesforce',
	displayName: 'Salesforce',
	credential: 'crmPackSalesforceOAuth2Api',
	kinds: ['contact', 'lead', 'company', 'deal', 'appointment', 'task', 'note'],
	objectType: (kind) => NEUTRAL_SOBJECT[kind],
	properties: (kind) => salesforceFields(kind),
	// Collections upsert only by an External ID field; Email is not one.
	upsertProperty: () => undefined,
	async open(ctx, { stats, maxAttempts }) {
		const settings = await salesforceSettings(ctx, 'oAuth2', { stats, retry: { maxAttempts, maxWaitMs: 60_000 } });
		const connector = new SalesforceConnector(ctx, settings);
		return { connector, fetchByIds: (objectType, ids, properties) => connector.getMany(objectType, ids, properties) };
	},
};

/** Pipedrive through its API token; upserts search by email (persons), records by id are one GET each. */
const pipedrive: SyncConnectorEntry = {
	value: 'pipedrive',
	displayName: 'Pipedrive',
	credential: 'crmPackPipedriveApi',
	kinds: ['contact', 'lead', 'company', 'deal', 'appointment', 'note'],
	objectType: (kind) => PIPEDRIVE_OBJECT[kind],
	properties: (kind) => pipedriveFields(kind),
	upsertProperty: (kind, field) => (kind === 'contact' && field === 'email' ? 'email' : undefined),
	async open(ctx, { stats, maxAttempts }) {
		const settings = await pipedriveSettings(ctx, 'apiToken', { stats, retry: { maxAttempts, maxWaitMs: 60_000 } });
		const connector = new PipedriveConnector(ctx, settings);
		return { connector, fetchByIds: (objectType, ids) => connector.getMany(objectType, ids) };
	},
};

export const SYNC_CONNECTORS: Record<string, SyncConnectorEntry> = { hubspot, salesforce, pipedrive };

export const INPUT_SIDE = 'input';
