import type { IDataObject } from 'n8n-workflow';
import type { CrmRecord, RecordOutcome } from '../../../shared/types';
import type { TableSpec } from './objectTypes';

/**
 * A Dataverse row → the pack's CrmRecord: id from the table's primary key,
 * times from `createdon`/`modifiedon` (whole seconds, UTC). `properties` holds
 * the columns without OData annotations; `raw` keeps the row as answered
 * (formatted values and lookup table names included).
 */
export function toRecord(table: TableSpec, raw: IDataObject): CrmRecord {
	const properties: IDataObject = {};
	for (const [k, v] of Object.entries(raw)) if (!k.includes('@')) properties[k] = v;
	const time = (v: unknown) => (typeof v === 'string' && Number.isFinite(Date.parse(v)) ? new Date(Date.parse(v)).toISOString() : undefined);
	return {
		id: String(raw[table.primaryId] ?? ''),
		objectType: table.entitySet,
		properties,
		createdAt: time(raw.createdon),
		updatedAt: time(raw.modifiedon),
		raw,
	};
}

/** The id in an `OData-EntityId` header (`…/contacts(00000000-…)`). */
export function idOfEntityId(value: unknown): string | undefined {
	return /\(([0-9a-fA-F-]{36})\)\s*$/.exec(String(value ?? ''))?.[1]?.toLowerCase();
}

/** A Dataverse error body's message (`{ error: { code, message } }`). */
export function errorText(body: unknown, status?: number): string {
	const e = (body as { error?: { message?: unknown; code?: unknown } } | undefined)?.error;
	const message = typeof e?.message === 'string' ? e.message : undefined;
	if (message) return message.replace(/^Error identified in Payload provided by the user for Entity :'[^']*', For more information on this error please follow this help link \S+\s+----> InnerException : [\w.]+: /, '');
	return `Dataverse answered ${status ?? 'an error'}`;
}

/**
 * The column a Dataverse message names as the cause (`The property 'x' does
 * not exist`, `length of the 'x' attribute`, `x value of 5 is not valid`,
 * `(property 'x')`), so the node's error says which field.
 */
export function fieldOfError(message: string): string | undefined {
	const patterns = [/The property '([^']+)' does not exist/, /length of the '([^']+)' attribute/, /^([a-z_0-9]+) value of .* is not valid/, /\(property '([^']+)'\)/, /value .* of '([^']+)' on record/, /The '([^']+)' attribute of the '[^']+' entity is read-only/];
	for (const p of patterns) {
		const m = p.exec(message);
		if (m) return m[1];
	}
	return undefined;
}

/** A failed write of one record, as an outcome naming the field when Dataverse does. */
export function failedRecord(index: number, status: number, body: unknown): Extract<RecordOutcome, { ok: false }> {
	const message = errorText(body, status);
	const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
	const field = fieldOfError(message);
	return {
		index,
		ok: false,
		message,
		status,
		code: typeof code === 'string' ? code : undefined,
		...(field ? { fields: [field], issues: [{ field, reason: message }] } : {}),
	};
}

/** An OData literal for a key or filter value: text quoted (a quote doubled), numbers and GUIDs as they are. */
export function literal(value: unknown): string {
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	const text = String(value ?? '');
	if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) return text;
	return `'${text.replace(/'/g, "''")}'`;
}

/**
 * The key segment of a row's URL: its primary key, or alternate key columns
 * (`contacts(emailaddress1='a@b.c')`, learn.microsoft.com/.../use-alternate-key-reference-record).
 * Text values of an alternate key are quoted even when they look like GUIDs.
 */
export function keySegment(table: TableSpec, key: string, value: unknown): string {
	if (key === table.primaryId) return String(value);
	const text = typeof value === 'number' ? String(value) : `'${String(value ?? '').replace(/'/g, "''")}'`;
	return `${key}=${text}`;
}
