import type { IDataObject } from 'n8n-workflow';
import type { CrmRecord } from '../../../shared/types';
import { entityOf } from './objectTypes';

const V1_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;

/**
 * Pipedrive's times as ISO 8601. v2 already sends RFC 3339; v1 sends
 * `YYYY-MM-DD HH:MM:SS`, documented as UTC, which gains its `Z` here.
 */
export function pipedriveTime(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text = String(value);
	const m = V1_TIME.exec(text);
	if (m) return `${m[1]}T${m[2].length === 5 ? `${m[2]}:00` : m[2]}Z`;
	const ms = Date.parse(text);
	return Number.isFinite(ms) ? new Date(ms).toISOString() : text;
}

/** ISO 8601 → v1's `YYYY-MM-DD HH:MM:SS` in UTC (for v1 filters). */
export function v1Time(iso: string): string {
	return new Date(Date.parse(iso)).toISOString().slice(0, 19).replace('T', ' ');
}

/** Custom field keys are 40-character hex hashes; standard fields have readable names. */
export function looksCustomKey(key: string): boolean {
	return /^[0-9a-f]{40}(_[a-z_]+)?$/.test(key);
}

/**
 * Pipedrive's JSON → the pack's CrmRecord. `properties` is flat: standard
 * fields and custom fields side by side, keyed by field key (v2's
 * `custom_fields` object is merged in), which is also how the fields
 * endpoints and the node's dropdowns name them.
 */
export function toRecord(objectType: string, raw: IDataObject): CrmRecord {
	const spec = entityOf(objectType);
	const { custom_fields: custom, ...rest } = raw;
	const properties: IDataObject = { ...rest, ...((custom && typeof custom === 'object' ? custom : {}) as IDataObject) };
	return {
		id: String(raw.id),
		objectType: spec.objectType,
		properties,
		createdAt: pipedriveTime(raw.add_time),
		updatedAt: pipedriveTime(raw.update_time),
		archived: raw.is_deleted === true || raw.active_flag === false ? true : undefined,
		raw,
	};
}

/** The record list inside a response body: `data` is an array, or null when there is nothing. */
export function dataList(body: { data?: unknown } | undefined): IDataObject[] {
	return Array.isArray(body?.data) ? (body?.data as IDataObject[]) : [];
}
