import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';
import type { ActionCrm, ActionNode } from '../../../shared/n8n/actions';
import { readRetries } from '../../../shared/n8n/options';
import { newStats } from '../../../shared/transport/request';
import { HubSpotConnector } from '../connector/HubSpotConnector';
import { RESOURCE_NEUTRAL, RESOURCE_OBJECT_TYPE } from '../connector/objectTypes';
import { hubspotSettings, type HubSpotAuth } from '../transport/hubspotApi';
import { explainHubSpotFailure } from './failures';
import { HUBSPOT_WRITE_FIELDS } from './fields';
import * as associate from './operations/associate.operation';
import { searchHubSpot } from './search';

/** What the shared operations need to know of HubSpot: its parameters and its get, list and search calls. */
export const HUBSPOT_CRM: ActionCrm<HubSpotConnector> = {
	vendorName: 'HubSpot',
	writeFields: () => HUBSPOT_WRITE_FIELDS,
	upsertKey: {
		field: { parameter: 'upsertIdProperty', label: 'Unique Property', default: 'email' },
		value: { parameter: 'upsertIdValue', label: 'Unique Value' },
		// HubSpot matches contact emails case-insensitively; the key is also written as the property.
		place: (fields: IDataObject, field: string, id: string) => {
			const key = field === 'email' ? id.toLowerCase() : id;
			fields[field] = key;
			return key;
		},
	},
	explain: explainHubSpotFailure,
	/** GET /crm/v3/objects/{objectType}/{id}?properties=...&idProperty=... */
	get: (ctx, op, id, i) => {
		const properties = ctx.getNodeParameter('properties', i, []) as string[];
		const idProperty = String(ctx.getNodeParameter('idProperty', i, '') ?? '');
		return op.connector.get(op.objectType, id, properties, idProperty || undefined);
	},
	/** GET /crm/v3/objects/{objectType} following `paging.next.after`. */
	list: (ctx, op, i, limit) => {
		const properties = ctx.getNodeParameter('properties', i, []) as string[];
		const archived = ctx.getNodeParameter('options.archived', i, false) as boolean;
		return op.connector.list(op.objectType, { limit, properties, archived });
	},
	search: searchHubSpot,
};

/** The HubSpot (CRM Pack) action node: its resources, its connector, and Associate. */
export const HUBSPOT_ACTIONS: ActionNode<HubSpotConnector> = {
	crm: HUBSPOT_CRM,
	operations: { associate: associate.execute },
	resolve: (ctx, resource) => {
		const objectType =
			resource === 'customObject' ? String(ctx.getNodeParameter('customObjectType', 0)).trim() : RESOURCE_OBJECT_TYPE[resource];
		if (!objectType) throw new NodeOperationError(ctx.getNode(), 'Item 0: field "Object Type" is empty');
		return { objectType, neutralType: RESOURCE_NEUTRAL[resource] };
	},
	open: async (ctx) => {
		const auth = ctx.getNodeParameter('authentication', 0, 'privateApp') as HubSpotAuth;
		return new HubSpotConnector(ctx, await hubspotSettings(ctx, auth, { retry: readRetries(ctx, 0), stats: newStats() }));
	},
};
