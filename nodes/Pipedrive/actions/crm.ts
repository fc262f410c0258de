import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';
import { recordOutput, type ActionCrm, type ActionNode } from '../../../shared/n8n/actions';
import { runPool } from '../../../shared/batching/pool';
import type { PipedriveConnector } from '../connector/PipedriveConnector';
import { pipedrive } from '../index';
import { ENTITIES, RESOURCE_OBJECT_TYPE } from '../connector/objectTypes';
import { pipedriveWriteFields } from './fields';

/**
 * What the shared operations need to know of Pipedrive. It has no batch
 * writes: the connector sends one call per record, several in flight; and no
 * upsert endpoint: an upsert is a search for the match value, then an update
 * of the record found or a create (items naming the same value are merged
 * first, compared case-insensitively, so two searches sent side by side
 * cannot both miss and create the record twice).
 */
export const PIPEDRIVE_CRM: ActionCrm<PipedriveConnector> = {
	vendorName: 'Pipedrive',
	writeFields: (op) => pipedriveWriteFields(ENTITIES[op.objectType]),
	// Calls and meetings are the appointment types; a new activity without a type is a meeting.
	createDefaults: (op, fields) => {
		if (op.objectType === 'activities' && fields.type === undefined) fields.type = 'meeting';
	},
	upsertKey: {
		field: { parameter: 'matchField', label: 'Match By', default: '' },
		value: { parameter: 'matchValue', label: 'Match Value' },
		// A record created by the upsert gets the match value, unless the item sets that field itself.
		place: (fields: IDataObject, field: string, id: string) => {
			if (field === 'email') {
				const email = id.toLowerCase();
				if (fields.emails === undefined) fields.email = email;
				return email;
			}
			if (fields[field] === undefined) fields[field] = id;
			return id;
		},
		keyOf: (id) => id.toLowerCase(),
	},
	/** GET /api/v2/{entity}/{id} (v1 for leads and notes). */
	get: (_ctx, op, id, i) => op.connector.get(op.objectType, id, undefined, i),
	/**
	 * GET /api/v2/{entity}?limit=500&cursor=... following `additional_data.next_cursor`
	 * (v1 for leads and notes: start/limit), with the Owner and Updated Since filters.
	 */
	list: (ctx, op, i, limit) => {
		const spec = ENTITIES[op.objectType];
		const filters = ctx.getNodeParameter('filters', i, {}) as IDataObject;
		const qs: IDataObject = {};
		if (filters.ownerId) qs[spec.version === 2 ? 'owner_id' : 'user_id'] = Number(filters.ownerId);
		if (filters.updatedSince) {
			if (spec.version !== 2) {
				throw new NodeOperationError(ctx.getNode(), `Item ${i}: field "Updated Since" is not available for ${spec.singular} records`, { itemIndex: i });
			}
			const ms = Date.parse(String(filters.updatedSince));
			if (!Number.isFinite(ms)) throw new NodeOperationError(ctx.getNode(), `Item ${i}: field "Updated Since" is not a date-time`, { itemIndex: i });
			qs.updated_since = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
		}
		return op.connector.list(op.objectType, { limit, filters: qs });
	},
	/**
	 * GET /api/v2/{entity}/search?term=&fields=&exact_match= with cursor paging.
	 * Search hits are partial records; Simplified output reads each hit in full
	 * (one GET per hit, several in flight), Raw output returns the hits as they are.
	 */
	search: async (ctx, op, i, limit) => {
		const term = String(ctx.getNodeParameter('term', i, '') ?? '').trim();
		const exactMatch = ctx.getNodeParameter('exactMatch', i, false) as boolean;
		if (term.length < (exactMatch ? 1 : 2)) {
			throw new NodeOperationError(ctx.getNode(), `Item ${i}: field "Search Term" needs at least ${exactMatch ? 1 : 2} characters`, { itemIndex: i });
		}
		const fields = String(ctx.getNodeParameter('searchFields', i, '') ?? '').replace(/\s+/g, '');
		const hits: IDataObject[] = [];
		for await (const hit of op.connector.search(op.objectType, { term, fields: fields || undefined, exactMatch, itemIndex: i }, { limit })) hits.push(hit);
		if (op.output === 'raw') return hits;
		const records = await runPool(hits, op.connector.settings.concurrency, (hit) => op.connector.get(op.objectType, String(hit.id), undefined, i));
		return records.map((record) => recordOutput(op, record));
	},
};

/** The Pipedrive (CRM Pack) action node: its definition's resources and credentials (custom field names loaded for Simplified output). */
export const PIPEDRIVE_ACTIONS: ActionNode<PipedriveConnector> = {
	definition: pipedrive,
	crm: PIPEDRIVE_CRM,
	resolve: (ctx, resource, operation) => {
		const objectType = RESOURCE_OBJECT_TYPE[resource];
		if (!objectType) throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" is not supported for "${resource}"`);
		const spec = ENTITIES[objectType];
		if ((operation === 'search' || operation === 'upsert') && !spec.searchPath) {
			throw new NodeOperationError(ctx.getNode(), `Pipedrive has no search for ${spec.singular} records, so "${operation}" is not available`);
		}
		return { objectType, neutralType: spec.neutral };
	},
	connectOptions: (ctx) => ({ maxConcurrency: ctx.getNodeParameter('options.maxConcurrency', 0, 10) as number }),
	prepare: async (connector, objectType, operation, output) => {
		// Custom fields are shown by name: one fields call per run. Without it they are shown by key.
		if (output === 'simplified' && operation !== 'delete') await connector.loadLabels(objectType).catch(() => undefined);
	},
};
