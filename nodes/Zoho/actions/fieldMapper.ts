import { DateTime } from 'luxon';
import type { FieldType, IDataObject, IExecuteFunctions, ResourceMapperField } from 'n8n-workflow';
import type { ActionContext } from '../../../shared/n8n/actions';
import { mapperItemValues } from '../../../shared/n8n/actions/mapperValues';
import type { ZohoConnector, ZohoField } from '../connector/ZohoConnector';

/**
 * The resource mapper ("Define Fields: Map Each Field"): the module's fields
 * from Zoho's fields metadata (custom ones included), typed, picklists with
 * their values; its values go through the same write pipeline as the Field
 * List. Lookups take the record id.
 */

export type WriteOperation = 'create' | 'update' | 'upsert';

export const MAPPER_PARAMETER = 'mappedFields';

const TYPES: Record<string, FieldType> = {
	integer: 'number',
	bigint: 'number',
	double: 'number',
	currency: 'number',
	decimal: 'number',
	boolean: 'boolean',
	date: 'dateTime',
	datetime: 'dateTime',
};

export function mapperType(field: ZohoField): FieldType {
	if (field.options?.length && field.type === 'picklist') return 'options';
	return TYPES[field.type] ?? 'string';
}

/** One mapper field per Zoho field; read-only ones listed and removed; mandatory ones first on create. */
export function mapperFields(fields: ZohoField[], operation: WriteOperation): ResourceMapperField[] {
	const out = fields
		.filter((f) => f.name !== 'id')
		.map((f): ResourceMapperField => {
			const type = mapperType(f);
			const field: ResourceMapperField = {
				id: f.name,
				displayName: f.label === f.name ? f.name : `${f.label} (${f.name})`,
				required: operation === 'create' && f.mandatory && !f.readOnly,
				defaultMatch: false,
				canBeUsedToMatch: false,
				display: true,
				type,
				readOnly: f.readOnly === true,
				removed: f.readOnly === true,
			};
			if (type === 'options') field.options = (f.options ?? []).map((o) => ({ name: o.label, value: o.value }));
			return field;
		});
	const rank = (f: ResourceMapperField) => (f.required ? 0 : 1);
	return out.sort((a, b) => rank(a) - rank(b) || a.displayName.localeCompare(b.displayName));
}

/** A value as Zoho takes it: date-times `yyyy-MM-ddTHH:mm:ss±HH:mm`, dates `yyyy-MM-dd`, lookups `{ id }`. */
export function zohoValue(value: unknown, field: ZohoField | undefined): IDataObject[string] {
	let date: DateTime | undefined;
	if (DateTime.isDateTime(value)) date = value;
	else if (value instanceof Date) date = DateTime.fromJSDate(value);
	else if (typeof value === 'string' && (field?.type === 'datetime' || field?.type === 'date') && value) date = DateTime.fromISO(value, { setZone: true });
	if (date) {
		if (!date.isValid) return String(value);
		return field?.type === 'date' ? (date.toISODate() as string) : (date.toISO({ suppressMilliseconds: true, includeOffset: true }) as string).replace(/Z$/, '+00:00');
	}
	if ((field?.type === 'lookup' || field?.type === 'ownerlookup') && (typeof value === 'string' || typeof value === 'number') && value !== '') return { id: String(value) };
	return value as IDataObject[string];
}

/** The mapper's values per item ("Map Automatically": the item's keys that are writable fields). */
export async function mapperValues(ctx: IExecuteFunctions, op: ActionContext<ZohoConnector>): Promise<(itemIndex: number) => IDataObject> {
	const fields = new Map((await op.connector.fields(op.objectType)).map((f) => [f.name, f]));
	const writable = new Set([...fields.values()].filter((f) => !f.readOnly).map((f) => f.name));
	const read = mapperItemValues(ctx, { parameter: MAPPER_PARAMETER, items: op.items, writable, convert: (key, value) => zohoValue(value, fields.get(key)) });
	return (itemIndex) => {
		const out = read(itemIndex);
		// An empty mapper input is no value for Zoho (an empty lookup or date would be refused).
		for (const key of Object.keys(out)) if (out[key] === '') delete out[key];
		return out;
	};
}
