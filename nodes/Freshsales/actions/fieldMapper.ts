import { DateTime } from 'luxon';
import type { FieldType, IDataObject, IExecuteFunctions, ResourceMapperField } from 'n8n-workflow';
import type { ActionContext } from '../../../shared/n8n/actions';
import { mapperItemValues, mapsAutomatically } from '../../../shared/n8n/actions/mapperValues';
import type { FreshsalesConnector, FreshsalesField } from '../connector/FreshsalesConnector';

/**
 * The resource mapper ("Define Fields: Map Each Field"): the entity's fields
 * from `GET /settings/<entity>/fields` (custom ones included), with n8n's typed
 * inputs and dropdown choices by label; its values go through the same write
 * pipeline as the Field List (custom fields under `custom_field`, labels to
 * choices). The record of an update comes from Record, an upsert's key from
 * Match By and Match Value, as in the Field List mode.
 */

export type WriteOperation = 'create' | 'update' | 'upsert';

/** The node parameter holding the mapper's value (`ResourceMapperValue`). */
export const MAPPER_PARAMETER = 'mappedFields';

const TYPES: Record<string, FieldType> = {
	number: 'number',
	checkbox: 'boolean',
	date: 'dateTime',
	date_time: 'dateTime',
	datetime: 'dateTime',
};

/** Freshsales field type → n8n field type: dropdowns with choices are options, the rest (text, email, phone, lookups) strings. */
export function mapperType(field: FreshsalesField): FieldType {
	if (field.options?.length && (field.type === 'dropdown' || field.type === 'radio')) return 'options';
	return TYPES[field.type] ?? 'string';
}

/** One mapper field per Freshsales field; those Freshsales keeps itself are listed read-only and removed. Required ones first on create. */
export function mapperFields(fields: FreshsalesField[], operation: WriteOperation): ResourceMapperField[] {
	const out = fields.map((f): ResourceMapperField => {
		const type = mapperType(f);
		const field: ResourceMapperField = {
			id: f.name,
			displayName: f.label === f.name ? f.name : `${f.label} (${f.name})`,
			required: operation === 'create' && f.required === true && !f.readOnly,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type,
			readOnly: f.readOnly === true,
			removed: f.readOnly === true,
		};
		// Choices by label; the connector writes a standard dropdown's choice id, a custom one's label.
		if (type === 'options') field.options = (f.options ?? []).map((o) => ({ name: o.label, value: o.label }));
		return field;
	});
	const rank = (f: ResourceMapperField) => (f.required ? 0 : 1);
	return out.sort((a, b) => rank(a) - rank(b) || a.displayName.localeCompare(b.displayName));
}

/** A mapper value as Freshsales takes it: dates (luxon or Date) as ISO 8601, `date` fields as the day. */
export function freshsalesValue(value: unknown, dateOnly: boolean): IDataObject[string] {
	let date: DateTime | undefined;
	if (DateTime.isDateTime(value)) date = value;
	else if (value instanceof Date) date = DateTime.fromJSDate(value);
	if (date) {
		if (!date.isValid) return String(value);
		return dateOnly ? date.toISODate() : date.toUTC().toISO();
	}
	return value as IDataObject[string];
}

/**
 * The mapper's values per item. "Map Automatically" takes the item's keys that
 * are writable fields of the entity; the fields are read (once) only then, or
 * when a date field's date-only type decides the format.
 */
export async function mapperValues(ctx: IExecuteFunctions, op: ActionContext<FreshsalesConnector>): Promise<(itemIndex: number) => IDataObject> {
	const schema = (ctx.getNodeParameter(`${MAPPER_PARAMETER}.schema`, 0, []) ?? []) as ResourceMapperField[];
	const writable = new Set<string>();
	const dateOnly = new Set<string>();
	if (mapsAutomatically(ctx, MAPPER_PARAMETER) || schema.some((f) => f.type === 'dateTime')) {
		for (const f of await op.connector.fields(op.objectType)) {
			if (!f.readOnly) writable.add(f.name);
			if (f.type === 'date') dateOnly.add(f.name);
		}
	}
	return mapperItemValues(ctx, { parameter: MAPPER_PARAMETER, items: op.items, writable, convert: (key, value) => freshsalesValue(value, dateOnly.has(key)) });
}
