import type { IDataObject } from 'n8n-workflow';
import type { CrmRecord } from '../../../shared/types';
import { entityOf } from './objectTypes';

/**
 * Freshsales' times carry the account's offset (`2026-01-02T15:04:05+05:30`);
 * the pack's are ISO 8601 UTC.
 */
export function freshsalesTime(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const ms = Date.parse(String(value));
	return Number.isFinite(ms) ? new Date(ms).toISOString() : String(value);
}

/**
 * Freshsales' JSON → the pack's CrmRecord. `properties` is flat: standard
 * fields and custom fields (`custom_field.cf_*`) side by side, as the fields
 * endpoint names them.
 */
export function toRecord(objectType: string, raw: IDataObject): CrmRecord {
	const spec = entityOf(objectType);
	const { custom_field: custom, ...rest } = raw;
	const properties: IDataObject = { ...rest, ...((custom && typeof custom === 'object' ? custom : {}) as IDataObject) };
	return {
		id: String(raw.id),
		objectType: spec.objectType,
		properties,
		createdAt: freshsalesTime(raw.created_at),
		updatedAt: freshsalesTime(raw.updated_at),
		raw,
	};
}

/** The records of a list answer (`{ contacts: [...], meta }`). */
export function listOf(body: IDataObject | undefined, plural: string): IDataObject[] {
	const list = body?.[plural];
	return Array.isArray(list) ? (list as IDataObject[]) : [];
}

/** Whether a list answer has pages after `page` (`meta.total_pages`; without it: a full page means maybe). */
export function hasMorePages(body: IDataObject | undefined, page: number, got: number, perPage: number): boolean {
	const meta = (body?.meta ?? {}) as IDataObject;
	const total = Number(meta.total_pages);
	return Number.isFinite(total) ? page < total : got >= perPage;
}

/** The message of a Freshsales error body `{ errors: { code, message: [...] } }`. */
export function errorText(body: unknown): string | undefined {
	const errors = (body as IDataObject | undefined)?.errors as IDataObject | undefined;
	const message = errors?.message;
	if (Array.isArray(message)) return message.map(String).join('; ');
	return typeof message === 'string' ? message : undefined;
}
