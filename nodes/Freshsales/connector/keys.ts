import type { IDataObject } from 'n8n-workflow';
import { failedOutcome } from '../../../shared/batching/pool';
import type { CrmRecord, RecordOutcome } from '../../../shared/types';
import type { EntitySpec } from './objectTypes';

/*
 * Unique identifiers of Freshsales' upserts (contacts' `emails`, accounts'
 * `name`, a unique custom field `cf_*`), and outcomes of failed calls.
 */

/** What a failed call says, as an outcome for the record it was for. */
export function failed(index: number, error: unknown): Extract<RecordOutcome, { ok: false }> {
	const outcome = failedOutcome(index, error);
	// Freshsales' reasons come in the error's description (the field messages of its `errors` body).
	const description = (error as { description?: unknown })?.description;
	if (typeof description === 'string' && description && !outcome.message.includes(description)) outcome.message = `${outcome.message}: ${description}`;
	return outcome;
}

/** The unique identifier as `upsert` names it: contacts match by `emails` (an `email` key means that). */
export function upsertIdentifier(spec: EntitySpec, idProperty: string): string {
	const key = idProperty.replace(/^custom_field\./, '');
	return spec.objectType === 'contacts' && (key === 'email' || key === 'emails') ? 'emails' : key;
}

/** The filtered-search attribute of an identifier (contacts' emails: `contact_email.email`; custom fields: `custom_field.cf_*`, second-hand). */
export function searchAttribute(spec: EntitySpec, key: string): string {
	if (spec.objectType === 'contacts' && key === 'emails') return 'contact_email.email';
	return key.startsWith('cf_') ? `custom_field.${key}` : key;
}

/** The lower-cased identifier values a record holds (contacts: every email). */
export function keyValues(record: CrmRecord, key: string): string[] {
	const p = record.properties;
	if (key === 'emails') {
		const list = Array.isArray(p.emails) ? (p.emails as IDataObject[]).map((e) => (typeof e === 'object' && e ? e.value : e)) : [];
		return [...new Set([...list, p.email].filter((v) => v !== undefined && v !== null && v !== '').map((v) => String(v).toLowerCase()))];
	}
	const value = p[key];
	return value === undefined || value === null || value === '' ? [] : [String(value).toLowerCase()];
}

/** The body with the identifier's value on it, when the fields do not set it themselves. */
export function withIdentifier(body: IDataObject, key: string, value: string): IDataObject {
	const out = { ...body };
	if (key === 'emails') {
		if (out.email === undefined && out.emails === undefined) out.email = value;
	} else if (key.startsWith('cf_')) {
		const custom = { ...((out.custom_field ?? {}) as IDataObject) };
		if (custom[key] === undefined) custom[key] = value;
		out.custom_field = custom;
	} else if (out[key] === undefined) out[key] = value;
	return out;
}
