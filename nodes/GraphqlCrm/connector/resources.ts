import type { IDataObject } from 'n8n-workflow';
import type { NeutralType } from '../../../shared/types';
import { PAGING_DEFAULTS, type PagingSpec, type PagingStyle } from './paging';
import type { TemplateVariable } from './aliases';

/*
 * The resource definition: how the user's GraphQL API lists, reads and writes
 * one kind of record, given once in the credential (JSON), so every node on
 * that credential (the action node's Sync-ready operations, the polling
 * trigger, CRM Sync) reads the same description. One entry per kind
 * (`contact`, `company`, `deal`):
 *
 *   list      a query document; the connector sets its paging variables and
 *             `since` (records modified at or after, ISO 8601) when it lists changes
 *   getByIds  a query document taking the ids (`$ids`), answering a list of
 *             records (missing ones null or absent)
 *   create    a mutation field using `$input`           (batched under aliases)
 *   update    a mutation field using `$id` and `$input` (batched under aliases)
 *   delete    a mutation field using `$id`              (batched under aliases)
 *   upsert    optional: a mutation field using `$key` and `$input`
 *   search    optional: a query document taking `$text` (the API's own search),
 *             paged like `list` (default: one answer, the records a list at `path`);
 *             the CRM node's look-ups use it, else they walk the list query
 *   idField / updatedAtField / createdAtField: where each record keeps them
 *   fields    optional: neutral field -> GraphQL field (dotted paths), when the
 *             API's names differ from the neutral ones
 * See README.md ("GraphQL CRM") for a worked example.
 */

export const GRAPHQL_KINDS = ['contact', 'company', 'deal'] as const;
export type GraphqlKind = (typeof GRAPHQL_KINDS)[number];

export interface MutationSpec {
	/** The mutation field, e.g. `createContact(input: $input) { id email updatedAt }`. */
	field: string;
	variables: TemplateVariable[];
	/** Where the record is inside the field's result ('' = the result itself, e.g. `contact` in a payload). */
	recordPath: string;
}

export interface ResourceSpec {
	kind: GraphqlKind;
	idField: string;
	updatedAtField: string;
	createdAtField?: string;
	list: PagingSpec & { query: string; sinceVariable: string };
	getByIds: { query: string; path: string; idsVariable: string; max: number };
	create?: MutationSpec;
	update?: MutationSpec;
	delete?: MutationSpec;
	upsert?: MutationSpec & { keyField: string; createdPath?: string };
	/** The API's own search: the CRM node's look-ups send the text (or the exact value) as `textVariable`. */
	search?: PagingSpec & { query: string; textVariable: string };
	/** Inputs per request for the aliased writes. */
	batchSize: number;
	/** Neutral field -> GraphQL field, when given. */
	fields?: Record<string, string>;
}

export class ResourceDefinitionError extends Error {}

/** A mistake in the definition, naming the entry and what to fix. */
export function definitionError(message: string): ResourceDefinitionError {
	return new ResourceDefinitionError(message);
}

function fail(kind: string, message: string): never {
	throw definitionError(`Resource definition, "${kind}": ${message}`);
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

function mutation(kind: string, name: string, raw: unknown, needed: string[], defaults: Record<string, string>): MutationSpec | undefined {
	if (raw === undefined || raw === null) return undefined;
	const spec = (typeof raw === 'string' ? { mutation: raw } : raw) as IDataObject;
	const field = text(spec.mutation ?? spec.field);
	if (!field) fail(kind, `${name}.mutation is missing (a mutation field, e.g. "${name}Contact(input: $input) { id }")`);
	if (/^\s*mutation\b/.test(field) || field.startsWith('{')) fail(kind, `${name}.mutation is the mutation field only (e.g. "createContact(input: $input) { id }"), not a whole document: the connector puts many of them in one document under aliases`);
	const types = (spec.variables ?? {}) as IDataObject;
	const variables: TemplateVariable[] = [];
	for (const v of needed) {
		if (!new RegExp(`\\$${v}\\b`).test(field)) fail(kind, `${name}.mutation must use the variable $${v}`);
		const type = text(types[v] ?? spec[`${v}Type`]) || defaults[v];
		if (!type) fail(kind, `${name}: give the GraphQL type of $${v} (e.g. "${name}": { "${v}Type": "ContactInput!" })`);
		variables.push({ name: v, type });
	}
	return { field, variables, recordPath: text(spec.recordPath ?? spec.path) };
}

function pagingStyle(kind: string, value: unknown, name = 'list'): PagingStyle {
	const style = (text(value) || 'relay') as PagingStyle;
	if (!(style in PAGING_DEFAULTS)) fail(kind, `${name}.paging "${style}" is not one of relay, offset, pageToken, none`);
	return style;
}

/** Paging of a listing query (list, search): style, page size, the paths and variable names. */
function pagingOf(kind: string, name: string, raw: IDataObject, defaultStyle: PagingStyle): Omit<PagingSpec, 'path'> {
	const pageSize = Number(raw.pageSize ?? 50);
	if (!Number.isInteger(pageSize) || pageSize < 1) fail(kind, `${name}.pageSize must be a whole number of at least 1`);
	return {
		style: pagingStyle(kind, text(raw.paging) || defaultStyle, name),
		pageSize,
		sizeVariable: text(raw.sizeVariable) || undefined,
		positionVariable: text(raw.positionVariable) || undefined,
		itemsPath: text(raw.itemsPath) || undefined,
		totalPath: text(raw.totalPath) || undefined,
		nextOffsetPath: text(raw.nextOffsetPath) || undefined,
		nextTokenPath: text(raw.nextTokenPath) || undefined,
	};
}

function search(kind: string, raw: unknown): ResourceSpec['search'] {
	if (raw === undefined || raw === null) return undefined;
	if (typeof raw !== 'object') fail(kind, 'search must be an object ({ "query": ..., "path": ... })');
	const s = raw as IDataObject;
	const query = text(s.query);
	if (!query) fail(kind, 'search.query is missing (a query document taking $text)');
	const textVariable = text(s.textVariable) || 'text';
	if (!new RegExp(`\\$${textVariable}\\b`).test(query)) fail(kind, `search.query must use the variable $${textVariable}`);
	const path = text(s.path);
	if (!path) fail(kind, 'search.path is missing (where the records, or their connection or page, are in the answer)');
	return { query, path, textVariable, ...pagingOf(kind, 'search', s, 'none') };
}

function resource(kind: GraphqlKind, raw: IDataObject): ResourceSpec {
	const list = (raw.list ?? {}) as IDataObject;
	const query = text(list.query);
	if (!query) fail(kind, 'list.query is missing (a query document)');
	const path = text(list.path);
	if (!path) fail(kind, 'list.path is missing (where the records are in the answer, e.g. "contacts")');
	const byIds = (raw.getByIds ?? {}) as IDataObject;
	const byIdsQuery = text(byIds.query);
	if (!byIdsQuery) fail(kind, 'getByIds.query is missing (a query document taking $ids)');
	const idsVariable = text(byIds.idsVariable) || 'ids';
	if (!new RegExp(`\\$${idsVariable}\\b`).test(byIdsQuery)) fail(kind, `getByIds.query must use the variable $${idsVariable}`);
	if (!text(byIds.path)) fail(kind, 'getByIds.path is missing (where the list of records is in the answer)');
	const sinceVariable = text(list.sinceVariable) || 'since';
	const batchSize = Number(raw.batchSize ?? 25);
	if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 250) fail(kind, 'batchSize must be a whole number from 1 to 250');
	const fields = raw.fields as Record<string, string> | undefined;
	if (fields !== undefined && (typeof fields !== 'object' || Object.values(fields).some((v) => typeof v !== 'string'))) fail(kind, 'fields must map neutral field names to GraphQL field names');
	const upsertRaw = raw.upsert as IDataObject | undefined;
	const upsert = mutation(kind, 'upsert', upsertRaw, ['key', 'input'], { key: 'String!' });
	if (upsert && !text(upsertRaw?.keyField)) fail(kind, 'upsert.keyField is missing (the record field $key matches, e.g. "email")');
	return {
		kind,
		idField: text(raw.idField) || 'id',
		updatedAtField: text(raw.updatedAtField) || 'updatedAt',
		createdAtField: text(raw.createdAtField) || undefined,
		list: { query, path, sinceVariable, ...pagingOf(kind, 'list', list, 'relay') },

		getByIds: { query: byIdsQuery, path: text(byIds.path), idsVariable, max: Math.max(1, Number(byIds.max ?? 100) || 100) },
		create: mutation(kind, 'create', raw.create, ['input'], {}),
		update: mutation(kind, 'update', raw.update, ['id', 'input'], { id: 'ID!' }),
		delete: mutation(kind, 'delete', raw.delete, ['id'], { id: 'ID!' }),
		upsert: upsert ? { ...upsert, keyField: text(upsertRaw?.keyField), createdPath: text(upsertRaw?.createdPath) || undefined } : undefined,
		search: search(kind, raw.search),
		batchSize,
		fields,
	};
}

/** The credential's resource definition, parsed and checked; kinds it does not describe are absent. */
export function parseResources(value: unknown): Partial<Record<GraphqlKind, ResourceSpec>> {
	if (value === undefined || value === null || value === '') return {};
	let raw: unknown = value;
	if (typeof value === 'string') {
		try {
			raw = JSON.parse(value);
		} catch (error) {
			throw definitionError(`Resource definition: not valid JSON (${(error as Error).message})`);
		}
	}
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw definitionError('Resource definition: must be a JSON object with one entry per kind (contact, company, deal)');
	const out: Partial<Record<GraphqlKind, ResourceSpec>> = {};
	for (const [key, entry] of Object.entries(raw as IDataObject)) {
		if (!(GRAPHQL_KINDS as readonly string[]).includes(key)) throw definitionError(`Resource definition: "${key}" is not a kind the connector maps (${GRAPHQL_KINDS.join(', ')})`);
		if (!entry || typeof entry !== 'object') fail(key, 'must be an object');
		out[key as GraphqlKind] = resource(key as GraphqlKind, entry as IDataObject);
	}
	return out;
}

export function isGraphqlKind(value: string): value is GraphqlKind {
	return (GRAPHQL_KINDS as readonly string[]).includes(value);
}

/** The neutral kind of an object type (they are the same names). */
export function kindOfObject(objectType: string): NeutralType {
	if (!isGraphqlKind(objectType)) throw definitionError(`The GraphQL CRM has no object type "${objectType}" (${GRAPHQL_KINDS.join(', ')})`);
	return objectType;
}
