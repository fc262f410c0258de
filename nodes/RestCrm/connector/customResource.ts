import type { IDataObject } from 'n8n-workflow';
import { isNeutralKind } from '../../../shared/model/kinds';
import type { NeutralType } from '../../../shared/types';
import { standardTypeOf } from './resources';

/** The paging styles of shared/paging a custom resource can use. */
export type PagingStyle = 'page' | 'offset' | 'cursor' | 'linkHeader' | 'nextUrl';

export const PAGING_STYLES: PagingStyle[] = ['page', 'offset', 'cursor', 'linkHeader', 'nextUrl'];

/**
 * A REST resource the user describes once (issue 13, "Custom resource"): where
 * it lives, how its records and pages are shaped, how it is updated, and
 * optionally how its fields map to a neutral kind (so CRM Sync can use it).
 */
export interface CustomResource {
	/** Shown in messages: "ticket", "member". */
	name: string;
	/** The collection below the API root (`/ext/members`), or a full URL on the API's host. */
	path: string;
	/** One record, with `{id}` where its id goes; default `<path>/{id}`. */
	itemPath: string;
	idField: string;
	updatedField: string;
	createdField?: string;
	/** Where a list answer holds the records (dots for nesting); '' = the answer is the list. */
	recordsPath: string;
	/** Where a single-record answer holds the record; '' = the answer is the record. */
	recordPath: string;
	/** How the record is sent on create and update: '' = as it is, else wrapped under this key. */
	bodyKey: string;
	updateMethod: 'PUT' | 'PATCH';
	paging: {
		style: PagingStyle;
		/** Records per page asked (and the API's largest page). */
		pageSize: number;
		/** `page` (page), `offset` (offset), `cursor` (cursor): the parameter naming the position. */
		positionParam: string;
		/** The parameter naming the page size (`per_page`, `limit`). */
		sizeParam: string;
		/** Cursor: where the answer holds the next cursor; next URL: where it holds the next page's URL. */
		nextPath: string;
		/** Page numbers start at (page style). */
		firstPage: number;
	};
	/** The query parameter the API filters "changed since" by (ISO time); '' = none, filtered here. */
	updatedSinceParam: string;
	/** Neutral kind and neutral path → field, for CRM Sync and Simplified output; none: raw fields only. */
	kind?: NeutralType;
	fieldMap?: Record<string, string>;
}

const DEFAULT_PARAMS: Record<PagingStyle, { positionParam: string; sizeParam: string; nextPath: string }> = {
	page: { positionParam: 'page', sizeParam: 'per_page', nextPath: '' },
	offset: { positionParam: 'offset', sizeParam: 'limit', nextPath: '' },
	cursor: { positionParam: 'cursor', sizeParam: 'limit', nextPath: 'next_cursor' },
	linkHeader: { positionParam: '', sizeParam: 'per_page', nextPath: '' },
	nextUrl: { positionParam: '', sizeParam: 'limit', nextPath: 'links.next' },
};

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());

/**
 * A custom resource from what the user entered (node parameters, or JSON),
 * checked: what is wrong throws naming the field, so a bad description fails
 * before any call.
 */
export function parseCustomResource(input: IDataObject): CustomResource {
	const fail = (field: string, why: string): never => {
		throw new Error(`Custom resource: field "${field}" ${why}`);
	};
	const path = text(input.path);
	if (!path) fail('Path', 'is required, e.g. /tickets');
	if (!path.startsWith('/') && !/^https?:\/\//.test(path)) fail('Path', `must start with / (below the API root) or be a full URL, not "${path}"`);
	if (path.includes('{id}')) fail('Path', 'is the collection; put {id} in "Item Path"');
	const itemPath = text(input.itemPath) || `${path.replace(/\/+$/, '')}/{id}`;
	if (!itemPath.includes('{id}')) fail('Item Path', `must contain {id}, e.g. ${path}/{id}`);
	const style = (text(input.pagingStyle) || 'page') as PagingStyle;
	if (!PAGING_STYLES.includes(style)) fail('Paging', `must be one of ${PAGING_STYLES.join(', ')}, not "${style}"`);
	const defaults = DEFAULT_PARAMS[style];
	const pageSize = input.pageSize === undefined || input.pageSize === '' ? 50 : Number(input.pageSize);
	if (!Number.isInteger(pageSize) || pageSize < 1) fail('Page Size', 'must be a whole number of at least 1');
	const method = text(input.updateMethod).toUpperCase() || 'PATCH';
	if (method !== 'PUT' && method !== 'PATCH') fail('Update Method', 'must be PUT or PATCH');
	const kind = text(input.kind);
	if (kind && !isNeutralKind(kind)) fail('Neutral Kind', `"${kind}" is not one of contact, company, deal, lead, appointment, task, note`);
	let fieldMap: Record<string, string> | undefined;
	if (input.fieldMap !== undefined && input.fieldMap !== null && input.fieldMap !== '') {
		const raw = typeof input.fieldMap === 'string' ? safeJson(input.fieldMap, () => fail('Field Map', 'is not valid JSON')) : input.fieldMap;
		if (!raw || typeof raw !== 'object' || Array.isArray(raw)) fail('Field Map', 'must be a JSON object of neutral field → resource field');
		fieldMap = {};
		for (const [neutral, vendor] of Object.entries(raw as IDataObject)) {
			if (typeof vendor !== 'string' || !vendor.trim()) fail('Field Map', `maps "${neutral}" to no field name`);
			fieldMap[neutral] = (vendor as string).trim();
		}
	}
	if (fieldMap && !kind) fail('Neutral Kind', 'is needed with a Field Map');
	const positionParam = text(input.positionParam) || defaults.positionParam;
	const sizeParam = text(input.sizeParam) || defaults.sizeParam;
	const nextPath = text(input.nextPath) || defaults.nextPath;
	if ((style === 'cursor' || style === 'nextUrl') && !nextPath) fail('Next Path', `is needed for ${style} paging`);
	return {
		name: text(input.name) || 'record',
		path,
		itemPath,
		idField: text(input.idField) || 'id',
		updatedField: text(input.updatedField) || 'updated_at',
		createdField: text(input.createdField) || undefined,
		recordsPath: text(input.recordsPath),
		recordPath: text(input.recordPath),
		bodyKey: text(input.bodyKey),
		updateMethod: method as 'PUT' | 'PATCH',
		paging: { style, pageSize, positionParam, sizeParam, nextPath, firstPage: input.firstPage === undefined || input.firstPage === '' ? 1 : Number(input.firstPage) },
		updatedSinceParam: text(input.updatedSinceParam),
		kind: (kind || undefined) as NeutralType | undefined,
		fieldMap,
	};
}

function safeJson(textValue: string, onError: () => never): unknown {
	try {
		return JSON.parse(textValue);
	} catch {
		return onError();
	}
}

/** The item path for one id (the id URL-encoded). */
export function itemUrl(resource: CustomResource, id: string): string {
	return resource.itemPath.replace('{id}', encodeURIComponent(id));
}

/** The credential field holding the custom resource the CRM-neutral nodes use (credentials/CrmPackRestCrmProperties.ts). */
export const CREDENTIAL_CUSTOM_FIELD = 'Custom Resource for CRM Sync (JSON)';

/**
 * The credential's custom resource, checked: none when the field is empty.
 * It must name its neutral kind (one the REST CRM holds) and a field map,
 * since it exists for the CRM Sync and CRM nodes; anything wrong throws naming
 * the credential field and the key, before any call.
 */
export function credentialCustomResource(raw: unknown): CustomResource | undefined {
	if (raw === undefined || raw === null || (typeof raw === 'string' && !raw.trim())) return undefined;
	const fail = (why: string): never => {
		throw new Error(`REST CRM credential, field "${CREDENTIAL_CUSTOM_FIELD}": ${why}`);
	};
	const value = typeof raw === 'string' ? safeJson(raw, () => fail('is not valid JSON')) : raw;
	if (!value || typeof value !== 'object' || Array.isArray(value)) return fail('must be a JSON object');
	let resource: CustomResource;
	try {
		resource = parseCustomResource(value as IDataObject);
	} catch (error) {
		return fail((error as Error).message.replace(/^Custom resource: /, ''));
	}
	if (!resource.kind) fail('needs "kind" (the neutral kind its records are, e.g. contact)');
	if (!resource.fieldMap || !Object.keys(resource.fieldMap).length) fail('needs "fieldMap" (neutral field -> resource field, e.g. {"email": "email"})');
	try {
		standardTypeOf(resource);
	} catch (error) {
		fail((error as Error).message.replace(/^Custom resource: /, ''));
	}
	return resource;
}
