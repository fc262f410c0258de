/*
 * INTERIM, until the CRM definitions (nodes/<Crm>/index.ts, nodes/crms.ts) and
 * the agreed types in shared/types.ts are on main: the same shapes
 * (/work/notes/connector.md), built here from the connector classes so the
 * suite can run. Replaced by imports from nodes/crms.ts once they land.
 */
import type { IDataObject } from 'n8n-workflow';
import { HubSpotConnector } from '../../nodes/HubSpot/connector/HubSpotConnector';
import { hubspotSettings } from '../../nodes/HubSpot/transport/hubspotApi';
import { PipedriveConnector } from '../../nodes/Pipedrive/connector/PipedriveConnector';
import { pipedriveSettings } from '../../nodes/Pipedrive/transport/pipedriveApi';
import { SalesforceConnector } from '../../nodes/Salesforce/connector/SalesforceConnector';
import { salesforceSettings } from '../../nodes/Salesforce/transport/salesforceApi';
import type { RequestStats } from '../../shared/transport/request';
import type { RetryOptions } from '../../shared/transport/retry';
import type { CrmConnector, CrmRecord, NeutralType, RequestContext } from '../../shared/types';

export type ContractCheck =
	| 'listChangedOldestFirst'
	| 'listChangedIncludesSince'
	| 'listLimitStopsPaging'
	| 'outcomesByIndex'
	| 'upsertIdempotent'
	| 'deleteAlreadyDeleted'
	| 'getManyLeavesOutMissing'
	| 'retryAfter429'
	| 'noResendAfterDrop'
	| 'neutralRoundTrip';

export interface ConnectOptions {
	stats?: RequestStats;
	retry?: Partial<RetryOptions>;
}

export type ContractConnector = CrmConnector & {
	getMany(objectType: string, ids: string[], properties?: string[]): AsyncIterable<CrmRecord>;
};

export interface CrmDefinition {
	value: string;
	displayName: string;
	credentials: Array<{ name: string; auth: string; connect(ctx: RequestContext, options?: ConnectOptions): Promise<ContractConnector> }>;
	objects: Array<{ objectType: string; kind: NeutralType }>;
	limitations?: Partial<Record<ContractCheck, string>>;
}

const hubspotObjects: CrmDefinition['objects'] = [
	{ objectType: 'contacts', kind: 'contact' },
	{ objectType: 'companies', kind: 'company' },
	{ objectType: 'deals', kind: 'deal' },
	{ objectType: 'meetings', kind: 'appointment' },
	{ objectType: 'tasks', kind: 'task' },
	{ objectType: 'notes', kind: 'note' },
];

export const hubspot: CrmDefinition = {
	value: 'hubspot',
	displayName: 'HubSpot',
	objects: hubspotObjects,
	credentials: [
		{
			name: 'crmPackHubSpotPrivateAppApi',
			auth: 'privateApp',
			async connect(ctx, options = {}) {
				const connector = new HubSpotConnector(ctx, await hubspotSettings(ctx, 'privateApp', options));
				return Object.assign(connector, {
					async *getMany(objectType: string, ids: string[], properties?: string[]) {
						yield* connector.search(objectType, {
							filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'IN', values: ids } as IDataObject] }],
							sorts: [],
							properties,
						});
					},
				});
			},
		},
	],
};

export const salesforce: CrmDefinition = {
	value: 'salesforce',
	displayName: 'Salesforce',
	objects: [
		{ objectType: 'Contact', kind: 'contact' },
		{ objectType: 'Lead', kind: 'lead' },
		{ objectType: 'Account', kind: 'company' },
		{ objectType: 'Opportunity', kind: 'deal' },
		{ objectType: 'Event', kind: 'appointment' },
		{ objectType: 'Task', kind: 'task' },
		{ objectType: 'Note', kind: 'note' },
	],
	credentials: [
		{
			name: 'crmPackSalesforceOAuth2Api',
			auth: 'oAuth2',
			async connect(ctx, options = {}) {
				return new SalesforceConnector(ctx, await salesforceSettings(ctx, 'oAuth2', options));
			},
		},
	],
};

export const pipedrive: CrmDefinition = {
	value: 'pipedrive',
	displayName: 'Pipedrive',
	limitations: {
		neutralRoundTrip:
			'Pipedrive takes an address as one line and splits it into street, city, postal code and country itself (geocoding): the parts written do not come back as written',
	},
	objects: [
		{ objectType: 'persons', kind: 'contact' },
		{ objectType: 'organizations', kind: 'company' },
		{ objectType: 'deals', kind: 'deal' },
		{ objectType: 'leads', kind: 'lead' },
		{ objectType: 'activities', kind: 'appointment' },
		{ objectType: 'notes', kind: 'note' },
	],
	credentials: [
		{
			name: 'crmPackPipedriveApi',
			auth: 'apiToken',
			async connect(ctx, options = {}) {
				return new PipedriveConnector(ctx, await pipedriveSettings(ctx, 'apiToken', options));
			},
		},
	],
};
