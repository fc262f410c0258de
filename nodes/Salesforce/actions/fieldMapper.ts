import { DateTime } from 'luxon';
import { NodeOperationError } from 'n8n-workflow';
import type { FieldType, IDataObject, IExecuteFunctions, ResourceMapperField } from 'n8n-workflow';
import type { ActionContext } from '../../../shared/n8n/actions';
import type { SalesforceConnector } from '../connector/SalesforceConnector';

/**
 * The resource mapper ("Define Fields: Map Each Field"): the object's fields
 * from `GET /sobjects/{sObject}/describe`, shown with n8n's typed inputs, and
 * the values it yields turned into Salesforce field values.
 */

export type WriteOperation = 'create' | 'update' | 'upsert';

/** The node parameter holding the mapper's value (`ResourceMapperValue`). */
export const MAPPER_PARAMETER = 'mappedFields';

const TYPES: Record<string, FieldType> = {
	boolean: 'boolean',
	int: 'number',
	long: 'number',
	double: 'number',
	currency: 'number',
	percent: 'number',
	date: 'dateTime',
	datetime: 'dateTime',
	picklist: 'options',
};

/** Salesforce field type → n8n field type; the rest (text, email, reference, multipicklist "a;b", time...) are strings. */
export function mapperType(salesforceType: string): FieldType {
	return TYPES[salesforceType] ?? 'string';
}

function label(f: IDataObject): string {
	const name = String(f.name);
	const text = String(f.label ?? name);
	return text === name ? name : `${text} (${name})`;
}

/**
 * One mapper field per describe field. What the operation cannot write is
 * read-only and removed (still listed, so the user sees why it is missing).
 * Required on create: not nillable, createable and not defaulted on create
 * (what Salesforce rejects with REQUIRED_FIELD_MISSING). Update matches on
 * the record Id; upsert on one of the External ID fields. Order: the match
 * candidates, then required fields, then by label.
 */
export function mapperFields(describe: IDataObject, operation: WriteOperation): ResourceMapperField[] {
	const fields: ResourceMapperField[] = [];
	for (const f of (describe.fields ?? []) as IDataObject[]) {
		const name = String(f.name);
		const createable = Boolean(f.createable);
		const updateable = Boolean(f.updateable);
		const matchable = operation === 'update' ? name === 'Id' : operation === 'upsert' && Boolean(f.externalId);
		const writable = operation === 'create' ? createable : operation === 'update' ? updateable : createable || updateable;
		const type = mapperType(String(f.type ?? 'string'));
		const field: ResourceMapperField = {
			id: name,
			displayName: label(f),
			required: operation === 'create' && createable && f.nillable === false && !f.defaultedOnCreate,
			defaultMatch: operation === 'update' && name === 'Id',
			canBeUsedToMatch: matchable,
			display: true,
			type,
			readOnly: !writable && !matchable,
			removed: !writable && !matchable,
		};
		if (type === 'options') {
			field.options = ((f.picklistValues ?? []) as IDataObject[])
				.filter((p) => p.active !== false)
				.map((p) => ({ name: String(p.label ?? p.value), value: String(p.value) }));
		}
		fields.push(field);
	}
	const rank = (f: ResourceMapperField) => (f.canBeUsedToMatch ? 0 : f.required ? 1 : 2);
	return fields.sort((a, b) => rank(a) - rank(b) || a.displayName.localeCompare(b.displayName));
}

/**
 * A value from the mapper as Salesforce takes it. n8n has already checked and
 * typed it against the schema (numbers, booleans, picklist values); dates
 * arrive as luxon DateTimes: `date` fields get the ISO date, `datetime` fields
 * the ISO instant in UTC.
 */
export function salesforceValue(value: unknown, dateOnly: boolean): IDataObject[string] {
	let date: DateTime | undefined;
	if (DateTime.isDateTime(value)) date = value;
	else if (value instanceof Date) date = DateTime.fromJSDate(value);
	if (date) {
		if (!date.isValid) return String(value);
		return dateOnly ? date.toISODate() : date.toUTC().toISO();
	}
	return value as IDataObject[string];
}

export interface MapperInput {
	/** The field whose value identifies the record: Id (update) or the external id field (upsert). */
	matchField?: string;
	/** The item's mapped values, typed for Salesforce; unset (null) fields are left out. */
	values(itemIndex: number): IDataObject;
}

/**
 * Reads the mapper for every item. "Map Automatically" takes the item's own
 * keys that are fields the operation may write (API names, e.g. from a Get
 * in Raw output; update also accepts the item's `id`). The describe is
 * fetched only when needed (automatic mapping, or a date field whose date-only
 * or date-time type decides the format), once per execution.
 */
export async function mapperInput(ctx: IExecuteFunctions, op: ActionContext<SalesforceConnector>, operation: WriteOperation): Promise<MapperInput> {
	const mappingMode = ctx.getNodeParameter(`${MAPPER_PARAMETER}.mappingMode`, 0, 'defineBelow') as string;
	const schema = (ctx.getNodeParameter(`${MAPPER_PARAMETER}.schema`, 0, []) ?? []) as ResourceMapperField[];
	const matching = (ctx.getNodeParameter(`${MAPPER_PARAMETER}.matchingColumns`, 0, []) ?? []) as string[];
	const matchField = operation === 'update' ? 'Id' : operation === 'upsert' ? matching[0] : undefined;
	if (operation === 'upsert' && !matchField) {
		throw new NodeOperationError(ctx.getNode(), 'Item 0: field "Fields": choose the External ID field to match on', { itemIndex: 0 });
	}
	const auto = mappingMode === 'autoMapInputData';
	const dateOnly = new Set<string>();
	const writable = new Set<string>();
	if (auto || schema.some((f) => f.type === 'dateTime')) {
		const describe = await op.connector.describe(op.objectType);
		for (const f of mapperFields(describe, operation)) if (!f.readOnly) writable.add(f.id);
		for (const f of (describe.fields ?? []) as IDataObject[]) if (f.type === 'date') dateOnly.add(String(f.name));
	}
	const values = (itemIndex: number): IDataObject => {
		let raw: IDataObject;
		if (auto) {
			const json = op.items[itemIndex].json;
			raw = {};
			for (const key of Object.keys(json)) if (writable.has(key)) raw[key] = json[key];
			if (operation === 'update' && raw.Id === undefined && json.id !== undefined) raw.Id = json.id;
		} else {
			raw = (ctx.getNodeParameter(`${MAPPER_PARAMETER}.value`, itemIndex, {}) ?? {}) as IDataObject;
		}
		const out: IDataObject = {};
		for (const [key, value] of Object.entries(raw)) {
			if (value === null || value === undefined) continue;
			out[key] = salesforceValue(value, dateOnly.has(key));
		}
		return out;
	};
	return { matchField, values };
}
