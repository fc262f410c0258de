import type { IDataObject } from 'n8n-workflow';
import { asNumber, getPath, neutralToVendor, setPath, vendorFields, vendorToNeutral, type FieldMapping } from '../../../shared/model/fieldMap';
import type { NeutralType } from '../../../shared/types';
import type { ResourceSpec } from './resources';

/*
 * Neutral record <-> the GraphQL API's fields. A generic API has no fixed
 * names: by default a neutral field is the GraphQL field of the same name
 * (`firstName`, `email`, `address.city` inside an `address` object), the
 * convention many GraphQL schemas follow; a resource definition's `fields`
 * replaces the table for its kind (neutral path -> GraphQL path). Dotted
 * GraphQL paths are written as nested input objects.
 */

const ADDRESS = ['street', 'city', 'state', 'postalCode', 'country'].map((f) => `address.${f}`);

const DEFAULT_NEUTRAL: Record<string, string[]> = {
	contact: ['firstName', 'lastName', 'email', 'phone', 'mobilePhone', 'company', 'jobTitle', 'ownerId', 'lifecycleStage', ...ADDRESS],
	company: ['name', 'domain', 'website', 'phone', 'industry', 'description', 'numberOfEmployees', 'annualRevenue', 'ownerId', 'lifecycleStage', ...ADDRESS],
	deal: ['name', 'amount', 'currency', 'stage', 'pipeline', 'closeDate', 'ownerId', 'description'],
};

/** Neutral numbers (the model's number fields): a GraphQL Int/Float must be sent as a number. */
const NUMBERS = new Set(['numberOfEmployees', 'annualRevenue', 'amount']);

const lowerEmail = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);

function mappingOf(neutral: string, vendor: string): FieldMapping {
	if (NUMBERS.has(neutral)) return { neutral, vendor, toVendor: asNumber, toNeutral: asNumber };
	if (neutral === 'email') return { neutral, vendor, toNeutral: lowerEmail };
	return { neutral, vendor };
}

/** The field table of a kind: the resource's own `fields`, else the same-name default. */
export function fieldTable(kind: NeutralType, resource?: Pick<ResourceSpec, 'fields'>): FieldMapping[] {
	if (resource?.fields && Object.keys(resource.fields).length) return Object.entries(resource.fields).map(([n, v]) => mappingOf(n, v));
	return (DEFAULT_NEUTRAL[kind] ?? []).map((n) => mappingOf(n, n));
}

/** The GraphQL fields the default table reads for a kind (the definition's `mappedFields`). */
export function mappedFields(kind: NeutralType): string[] {
	return vendorFields(fieldTable(kind));
}

/** Vendor-maintained fields never carried in `custom`. */
function systemFields(resource: Partial<ResourceSpec>): Set<string> {
	return new Set([resource.idField ?? 'id', resource.updatedAtField ?? 'updatedAt', resource.createdAtField ?? 'createdAt', '__typename'].map((f) => f.split('.')[0]));
}

export function graphqlToNeutral(kind: NeutralType, resource: ResourceSpec, properties: IDataObject, id: string, updatedAt?: string, createdAt?: string): IDataObject {
	const { fields, custom } = vendorToNeutral(fieldTable(kind, resource), properties, { system: systemFields(resource) });
	const out: IDataObject = { id, ...fields, custom };
	if (createdAt) out.createdAt = createdAt;
	if (updatedAt) out.updatedAt = updatedAt;
	return out;
}

/** Neutral -> GraphQL input: dotted GraphQL paths become nested objects (`address { city }`). */
export function neutralToGraphql(kind: NeutralType, resource: ResourceSpec | undefined, neutral: IDataObject): IDataObject {
	const flat = neutralToVendor(fieldTable(kind, resource), neutral, { system: resource ? systemFields(resource) : undefined });
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(flat)) {
		if (key.includes('.') && getPath(out, key.split('.')[0]) !== null) setPath(out, key, value);
		else out[key] = value;
	}
	return out;
}
