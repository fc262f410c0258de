import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';
import { recordOutput, type ActionCrm, type ActionNode } from '../../../shared/n8n/actions';
import { restCrm } from '../index';
import type { RestCrmConnector } from '../connector/RestCrmConnector';
import { CUSTOM_OBJECT_TYPE, RESOURCE_BY_NAME } from '../connector/resources';
import { readCustomResource } from './customResourceParams';
import { REST_CRM_WRITE_FIELDS } from './fields';
import { listFilters } from './filters';
import * as healthCheck from './operations/healthCheck.operation';
import * as related from './operations/related.operation';
import * as taskUpdates from './operations/taskUpdates.operation';
import * as webhooks from './operations/webhooks.operation';

/**
 * What the shared operations need to know of the REST CRM: no batch writes
 * (one call per record, a few in flight, paced by the credential's budget),
 * upsert by a field that identifies a record (find, then update or create).
 */
export const REST_CRM_ACTION_CRM: ActionCrm<RestCrmConnector> = {
	vendorName: 'REST CRM',
	writeFields: () => REST_CRM_WRITE_FIELDS,
	upsertKey: {
		field: { parameter: 'matchField', label: 'Match By', default: 'email' },
		value: { parameter: 'matchValue', label: 'Match Value' },
		// E-mails are stored lower-case by the API; a record created by the upsert gets the value unless the item sets it.
		place: (fields: IDataObject, field: string, id: string) => {
			const value = field === 'email' ? id.toLowerCase() : id;
			if (fields[field] === undefined) fields[field] = value;
			return value;
		},
	},
	get: (_ctx, op, id, i) => op.connector.get(op.objectType, id, undefined, i),
	list: (ctx, op, i, limit) => op.connector.list(op.objectType, { limit, filters: op.objectType === CUSTOM_OBJECT_TYPE ? {} : listFilters(ctx, i), itemIndex: i }),
	/** `GET /<resource>?q=<text>`: a case-insensitive match over the text fields (GENERIC-API.md). */
	search: async (ctx, op, i, limit) => {
		const term = String(ctx.getNodeParameter('searchTerm', i, '') ?? '').trim();
		if (!term) throw new NodeOperationError(ctx.getNode(), `Item ${i}: field "Search Term" is empty`, { itemIndex: i });
		const out: IDataObject[] = [];
		for await (const record of op.connector.list(op.objectType, { limit, filters: { ...listFilters(ctx, i), q: term }, itemIndex: i })) out.push(recordOutput(op, record));
		return out;
	},
};

const RELATED_OPS = Object.fromEntries(related.OPERATIONS.map((o) => [o, related.execute]));

/** The REST CRM (CRM Pack) action node: standard resources, the custom resource, webhooks and the health check. */
export const REST_CRM_ACTIONS: ActionNode<RestCrmConnector> = {
	definition: restCrm,
	crm: REST_CRM_ACTION_CRM,
	operations: {
		healthCheck: healthCheck.execute,
		...RELATED_OPS,
		assign: taskUpdates.execute,
		changeStatus: taskUpdates.execute,
		listWebhooks: webhooks.execute,
		listDeliveries: webhooks.execute,
	},
	resolve: (ctx, resource) => {
		if (resource === 'api') return { objectType: 'api' };
		if (resource === 'webhook') return { objectType: 'webhooks' };
		if (resource === 'customResource') {
			const custom = readCustomResource(ctx);
			return { objectType: CUSTOM_OBJECT_TYPE, neutralType: custom.fieldMap ? custom.kind : undefined };
		}
		const spec = RESOURCE_BY_NAME.get(resource);
		if (!spec) throw new NodeOperationError(ctx.getNode(), `The resource "${resource}" is not supported`);
		return { objectType: spec.objectType, neutralType: spec.kind };
	},
	// The node's resources are the API's own and its in-node custom resource: the credential's custom resource (for CRM Sync) never stands in here.
	connectOptions: (ctx) => ({
		standardResources: true,
		...(ctx.getNodeParameter('resource', 0) === 'customResource' ? { customResource: readCustomResource(ctx) as unknown as IDataObject } : {}),
	}),
};
