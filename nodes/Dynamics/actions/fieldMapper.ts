import { DateTime } from 'luxon';
import type { FieldType, IDataObject, IExecuteFunctions, ResourceMapperField } from 'n8n-workflow';
import type { ActionContext } from '../../../shared/n8n/actions';
import { mapperItemValues, mapsAutomatically } from '../../../shared/n8n/actions/mapperValues';
import type { FieldDescription } from '../../../shared/types';
import type { DynamicsConnector } from '../connector/DynamicsConnector';

/**
 * The resource mapper ("Define Fields: Map Each Field"): the table's columns from
 * `EntityDefinitions(LogicalName='…')/Attributes` (custom columns included), typed inputs,
 * choice columns as dropdowns of their labels, lookups as text (`accounts(<id>)`). Its values go
 * through the same pipeline as the Columns list (labels to values, lookups to `@odata.bind`).
 */

export type WriteOperation = 'create' | 'update' | 'upsert';

/** The node parameter holding the mapper's value (`ResourceMapperValue`). */
export const MAPPER_PARAMETER = 'mappedFields';

/** Dataverse AttributeType (AttributeTypeCode) → n8n field type; others (String, Memo, Lookup, Customer, Owner, Uniqueidentifier...) are text. */
const TYPES: Record<string, FieldType> = {
	Integer: 'number',
	BigInt: 'number',
	Decimal: 'number',
	Double: 'number',
	Money: 'number',
	Boolean: 'boolean',
	DateTime: 'dateTime',
};

/** Column types Dataverse keeps itself or that the Web API does not write as a column (virtual, calculated names, party lists). */
const NOT_WRITTEN = new Set(['Virtual', 'EntityName', 'CalendarRules', 'PartyList', 'ManagedProperty']);

export function mapperType(column: FieldDescription): FieldType {
	if (column.options?.length) return 'options';
	return TYPES[column.type] ?? 'string';
}

/** One mapper field per column; columns that cannot be written are listed read-only and removed. Required ones first on create. */
export function mapperFields(columns: FieldDescription[], operation: WriteOperation): ResourceMapperField[] {
	const out = columns.map((c): ResourceMapperField => {
		const type = mapperType(c);
		const readOnly = c.readOnly === true || NOT_WRITTEN.has(c.type);
		const required = (c as FieldDescription & { required?: boolean }).required === true;
		const field: ResourceMapperField = {
			id: c.name,
			displayName: c.label === c.name ? c.name : `${c.label} (${c.name})`,
			required: operation === 'create' && required && !readOnly && c.unique !== true,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type,
			readOnly,
			removed: readOnly,
		};
		// Choices by label: the write conversion turns a label into its value.
		if (type === 'options') field.options = (c.options ?? []).map((o) => ({ name: o.label, value: o.label }));
		return field;
	});
	const rank = (f: ResourceMapperField) => (f.required ? 0 : 1);
	return out.sort((a, b) => rank(a) - rank(b) || a.displayName.localeCompare(b.displayName));
}

/** A mapper value as the Web API takes it: dates (luxon or Date) as ISO 8601 in UTC. */
export function dynamicsValue(value: unknown): IDataObject[string] {
	let date: DateTime | undefined;
	if (DateTime.isDateTime(value)) date = value;
	else if (value instanceof Date) date = DateTime.fromJSDate(value);
	if (date) return date.isValid ? date.toUTC().toISO() : String(value);
	return value as IDataObject[string];
}

/**
 * The mapper's values per item (shared/n8n/actions/mapperValues.ts). "Map Automatically" takes the
 * item's keys that are writable columns of the table (the columns are read once, only then).
 */
export async function mapperValues(ctx: IExecuteFunctions, op: ActionContext<DynamicsConnector>): Promise<(itemIndex: number) => IDataObject> {
	const writable = new Set<string>();
	if (mapsAutomatically(ctx, MAPPER_PARAMETER)) {
		for (const c of await op.connector.describeFields(op.objectType)) if (!c.readOnly && !NOT_WRITTEN.has(c.type)) writable.add(c.name);
	}
	return mapperItemValues(ctx, { parameter: MAPPER_PARAMETER, items: op.items, writable, convert: (_key, value) => dynamicsValue(value) });
}
