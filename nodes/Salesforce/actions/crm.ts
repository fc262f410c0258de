import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';
import { recordOutput, type ActionCrm, type ActionNode } from '../../../shared/n8n/actions';
import type { WriteFieldsSpec } from '../../../shared/n8n/writeFields';
import { BULK_DEFAULT_MAX_WAIT_MS, BULK_DEFAULT_THRESHOLD } from '../connector/bulk';
import type { SalesforceConnector } from '../connector/SalesforceConnector';
import { assertApiName } from '../connector/objectTypes';
import { salesforce } from '../index';
import { mapperInput } from './fieldMapper';
import * as convert from './operations/convert.operation';
import * as query from './operations/query.operation';

/** Salesforce's write-field parameters: the "Fields" list, "Fields (JSON)" and the owner. */
const SALESFORCE_WRITE_FIELDS: WriteFieldsSpec = {
	json: { key: 'fieldsJson', label: 'Fields (JSON)' },
	list: { parameter: 'fieldsUi.field', label: 'Fields', noun: 'field' },
	emailFields: ['Email'],
	dedicated: (_ctx, additional) => (additional.ownerId ? { OwnerId: additional.ownerId } : {}),
};

/** What the shared operations need to know of Salesforce: its parameters, the field mapper, Bulk API 2.0 and its reads. */
export const SALESFORCE_CRM: ActionCrm<SalesforceConnector> = {
	vendorName: 'Salesforce',
	writeFields: () => SALESFORCE_WRITE_FIELDS,
	/**
	 * "Define Fields: Map Each Field": the resource mapper's values take the
	 * list's place (Additional Fields still apply below them); its match field's
	 * value (Id on update, the external id on upsert) identifies the record and
	 * is not written as a field.
	 */
	fieldReader: async (ctx, op, operation, pipeline) => {
		if (ctx.getNodeParameter('fieldsMode', 0, 'list') !== 'mapper') return undefined;
		const mapper = await mapperInput(ctx, op, operation);
		const matchField = mapper.matchField;
		return {
			matchField,
			read: (itemIndex) => {
				const values = mapper.values(itemIndex);
				if (!matchField) return { fields: pipeline(itemIndex, values) };
				const match = String(values[matchField] ?? '').trim();
				if (!match) {
					throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: field "${matchField}" in "Fields" is empty`, { itemIndex });
				}
				delete values[matchField];
				return { fields: pipeline(itemIndex, values), match };
			},
		};
	},
	upsertKey: {
		field: { parameter: 'externalIdField', label: 'External ID Field' },
		value: { parameter: 'externalIdValue', label: 'External ID Value' },
		// The key travels in the URL (…/{externalIdField}/{value}), never as a field of the body.
		place: (fields: IDataObject, field: string, id: string) => {
			delete fields[field];
			return id;
		},
	},
	/** From the Bulk API threshold on, one Bulk API 2.0 job for upsert and delete, results matched back by key. */
	bulk: (op) => ({
		use: (count) => op.connector.useBulk(count),
		upsert: (objectType, field, inputs) => op.connector.bulkUpsert(objectType, field, inputs),
		delete: (objectType, ids) => op.connector.bulkDelete(objectType, ids),
	}),
	/** GET /sobjects/{sObject}/{id}?fields=..., or /sobjects/{sObject}/{externalIdField}/{value}. */
	get: (ctx, op, id, i) => {
		const fields = ctx.getNodeParameter('fields', i, []) as string[];
		const idField = String(ctx.getNodeParameter('idField', i, '') ?? '');
		return op.connector.get(op.objectType, id, fields, idField || undefined, i);
	},
	/** SOQL `SELECT fields FROM sObject ORDER BY Id [LIMIT n]`, following nextRecordsUrl. */
	list: (ctx, op, i, limit) => op.connector.list(op.objectType, { limit, properties: ctx.getNodeParameter('fields', i, []) as string[] }),
	/**
	 * SOSL: GET /search?q=FIND {term} IN ALL FIELDS RETURNING sObject(fields LIMIT n).
	 * Chosen over SOQL LIKE because it searches every text field through
	 * Salesforce's search index (names, emails, phones) the way the app's global
	 * search does; it returns at most 2,000 records and no further pages.
	 */
	search: async (ctx, op, i, limit) => {
		const term = String(ctx.getNodeParameter('searchTerm', i, '') ?? '').trim();
		if (term.length < 2) {
			throw new NodeOperationError(ctx.getNode(), `Item ${i}: field "Search Term" needs at least two characters`, { itemIndex: i });
		}
		const properties = ctx.getNodeParameter('fields', i, []) as string[];
		const records = await op.connector.search(op.objectType, term, { properties, limit });
		return records.map((record) => recordOutput(op, record));
	},
};

/** The Salesforce (CRM Pack) action node: its definition's resources and credentials, custom objects, lead conversion and SOQL. */
export const SALESFORCE_ACTIONS: ActionNode<SalesforceConnector> = {
	definition: salesforce,
	crm: SALESFORCE_CRM,
	operations: { convert: convert.execute, query: query.execute },
	resolve: (ctx, resource, operation) => {
		if (operation === 'convert' && resource !== 'lead') {
			throw new NodeOperationError(ctx.getNode(), `The operation "convert" is only for the resource "lead", not "${resource}"`);
		}
		if (resource !== 'customObject') return undefined;
		const objectType = String(ctx.getNodeParameter('customObject', 0)).trim();
		if (!objectType) throw new NodeOperationError(ctx.getNode(), 'Item 0: field "Object API Name" is empty');
		try {
			assertApiName(objectType);
		} catch (error) {
			throw new NodeOperationError(ctx.getNode(), `Item 0: field "Object API Name": ${(error as Error).message}`);
		}
		return { objectType };
	},
	/** Options read by the connector factory: the transport's (usage ceiling, client id, SOQL batch size) and the writes' (all or nothing, Bulk API). */
	connectOptions: (ctx) => ({
		stopAtPercent: ctx.getNodeParameter('options.stopAtPercent', 0, 90) as number,
		clientId: String(ctx.getNodeParameter('options.clientId', 0, '') ?? ''),
		queryBatchSize: ctx.getNodeParameter('options.queryBatchSize', 0, 0) as number,
		allOrNone: ctx.getNodeParameter('options.allOrNone', 0, false) as boolean,
		bulkThreshold: ctx.getNodeParameter('options.bulkThreshold', 0, BULK_DEFAULT_THRESHOLD) as number,
		bulkMaxWaitMs: (ctx.getNodeParameter('options.bulkMaxWaitSeconds', 0, BULK_DEFAULT_MAX_WAIT_MS / 1000) as number) * 1000,
	}),
};
