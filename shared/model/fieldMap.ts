import type { IDataObject } from 'n8n-workflow';
import { normalizeDate, normalizeDateTime } from './dates';

/*
 * The mechanics every connector's neutral mapping shares: a table of neutral
 * path ↔ vendor field, read into a neutral record (unmapped vendor fields go to
 * `custom`) and written back (absent = leave alone, null = clear, `custom`
 * passed through). The tables themselves, and whatever a vendor does that no
 * other does, stay in the connector's own mapping file.
 */

export type Convert = (value: unknown) => unknown;

/** One neutral field and the vendor field it is kept in. */
export interface FieldMapping {
	/** Dotted path in the neutral record (`address.city`). */
	neutral: string;
	/** Vendor field; a dotted path reads inside an object field (its first segment is the field). */
	vendor: string;
	/** Vendor value → neutral value; default: unchanged. */
	toNeutral?: Convert;
	/** Neutral value → vendor value; default: the `toVendor` option of neutralToVendor. */
	toVendor?: Convert;
	/** The vendor computes it: read, never written. */
	readOnly?: boolean;
}

const unchanged: Convert = (v) => v;

/** Vendor fields the vendor maintains itself, as a set or a test. */
export type SystemFields = ReadonlySet<string> | ((field: string) => boolean);

const systemTest = (system: SystemFields | undefined) => (typeof system === 'function' ? system : (field: string) => system?.has(field) ?? false);

const own = (obj: object, key: string) => Object.prototype.hasOwnProperty.call(obj, key);

/**
 * Reads a dotted path through own properties (`toString` is no field). A key
 * that itself holds the dots wins: a sheet or SQL column named "address.city"
 * is read as it is, the one way CRM Sync and the field tables both read rows.
 */
export function getPath(obj: IDataObject, path: string): unknown {
	if (own(obj, path)) return obj[path];
	return path
		.split('.')
		.reduce<unknown>((acc, key) => (acc && typeof acc === 'object' && own(acc, key) ? (acc as IDataObject)[key] : undefined), obj);
}

/** Sets a dotted path, creating (or replacing non-object) intermediate objects. */
export function setPath(obj: IDataObject, path: string, value: unknown): void {
	const keys = path.split('.');
	let target = obj;
	for (const key of keys.slice(0, -1)) {
		if (!target[key] || typeof target[key] !== 'object') target[key] = {};
		target = target[key] as IDataObject;
	}
	target[keys[keys.length - 1]] = value as IDataObject[string];
}

export interface ToNeutralOptions {
	/** Fields the vendor maintains itself: facts of the record, never carried in `custom`. */
	system?: SystemFields;
	/** Vendor fields read outside the table (links, channels...), so not carried in `custom` either. */
	used?: Iterable<string>;
	/** Reads a table field from the vendor properties; default: its dotted path. */
	read?: (properties: IDataObject, field: FieldMapping) => unknown;
	/** Whether an unmapped, non-null value is carried in `custom`; default: every one. */
	carry?: (value: unknown) => boolean;
	/** The name an unmapped field is carried under in `custom`; default: its key. */
	customName?: (field: string) => string;
}

/**
 * Vendor properties → the table's neutral fields, plus `custom`: every other
 * vendor field that is neither a system field nor null. Empty vendor values
 * (undefined, null, '') are unknown and left out of `fields`.
 */
export function vendorToNeutral(
	table: readonly FieldMapping[],
	properties: IDataObject,
	options: ToNeutralOptions = {},
): { fields: IDataObject; custom: IDataObject } {
	const { system, read = (p, f) => getPath(p, f.vendor), carry, customName } = options;
	const isSystem = systemTest(system);
	const fields: IDataObject = {};
	const used = new Set<string>(options.used ?? []);
	for (const field of table) {
		used.add(field.vendor.split('.')[0]);
		const value = read(properties, field);
		if (value === undefined || value === null || value === '') continue;
		setPath(fields, field.neutral, (field.toNeutral ?? unchanged)(value));
	}
	const custom: IDataObject = {};
	for (const [key, value] of Object.entries(properties)) {
		if (used.has(key) || isSystem(key) || value === null || value === undefined) continue;
		if (carry && !carry(value)) continue;
		custom[customName ? customName(key) : key] = value;
	}
	return { fields, custom };
}

export interface ToVendorOptions {
	/** What an explicit neutral null is written as; default null. */
	clearValue?: unknown;
	/** Converter for table fields without their own `toVendor`; default: unchanged. */
	toVendor?: Convert;
	/** Table fields not written from the table (the vendor writes them itself); read-only fields are always skipped. */
	skip?: (field: FieldMapping) => boolean;
	/**
	 * Vendor-specific fields, written after the table and before `custom`, so
	 * they win over a `custom` entry of the same name.
	 */
	extra?: (out: IDataObject) => void;
	/** `custom` entries never passed through (fields the vendor maintains itself). */
	system?: SystemFields;
}

/**
 * Neutral record → vendor fields. Only fields present in the input are written
 * (absent: leave the vendor's value alone; null: clear it); `custom` entries are
 * passed through by name unless a field of that name is already written.
 */
export function neutralToVendor(table: readonly FieldMapping[], neutral: IDataObject, options: ToVendorOptions = {}): IDataObject {
	const { clearValue = null, toVendor = unchanged, skip, extra } = options;
	const isSystem = systemTest(options.system);
	const out: IDataObject = {};
	for (const field of table) {
		if (field.readOnly || skip?.(field)) continue;
		const value = getPath(neutral, field.neutral);
		if (value === undefined) continue;
		out[field.vendor] = (value === null ? clearValue : (field.toVendor ?? toVendor)(value)) as IDataObject[string];
	}
	extra?.(out);
	const custom = (neutral.custom ?? {}) as IDataObject;
	for (const [key, value] of Object.entries(custom)) {
		if (out[key] === undefined && !isSystem(key)) out[key] = value;
	}
	return out;
}

/** The vendor fields a table reads (first path segment, each once, in table order). */
export function vendorFields(table: readonly FieldMapping[]): string[] {
	return [...new Set(table.map((f) => f.vendor.split('.')[0]))];
}

/* Converters shared by vendors. Empty input ('', null, undefined) becomes null: a known empty value. */

const isEmpty = (v: unknown) => v === '' || v === null || v === undefined;

export const asNumber: Convert = (v) => (isEmpty(v) ? null : Number(v));

/** Text for vendors that keep every value as a string (null and undefined kept as they are). */
export const asString: Convert = (v) => (v === null || v === undefined ? v : String(v));

/** ISO 8601 date-time; a value that does not parse is passed through for the vendor to judge. */
export const asIso: Convert = (v) => {
	if (isEmpty(v)) return null;
	const result = normalizeDateTime(v as string);
	return result.ok ? result.value : v;
};

/** yyyy-MM-dd; a value that does not parse is passed through. */
export const asDate: Convert = (v) => {
	if (isEmpty(v)) return null;
	const result = normalizeDate(v as string);
	return result.ok ? result.value : v;
};

/** The calendar day of asIso's date-time, as written (its own offset, not shifted to UTC). */
export const asIsoDay: Convert = (v) => {
	const iso = asIso(v);
	return typeof iso === 'string' ? iso.slice(0, 10) : iso;
};

/** A value table: known strings are translated, anything else passes through (undefined as null). */
export const lookup =
	(table: Record<string, string>): Convert =>
	(v) =>
		typeof v === 'string' && table[v] !== undefined ? table[v] : (v ?? null);

export const invert = (table: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(table).map(([k, v]) => [v, k]));
