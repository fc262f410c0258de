import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';
import type { ActionCrm, ActionNode } from '../../../shared/n8n/actions';
import type { HubSpotConnector } from '../connector/HubSpotConnector';
import { hubspot } from '../index';
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

/** The HubSpot (CRM Pack) action node: its definition's resources and credentials, custom objects, and Associate. */
export const HUBSPOT_ACTIONS: ActionNode<HubSpotConnector> = {
	definition: hubspot,
	crm: HUBSPOT_CRM,
	operations: { associate: associate.execute },
	resolve: (ctx, resource) => {
		if (resource !== 'customObject') return undefined;
		const objectType = String(ctx.getNodeParameter('customObjectType', 0)).trim();
		if (!objectType) throw new NodeOperationError(ctx.getNode(), 'Item 0: field "Object Type" is empty');
		return { objectType };
	},
};
