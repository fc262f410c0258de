import type { IDataObject } from 'n8n-workflow';
import { readPath } from '../../../shared/auth';
import type { CrmRecord, RecordOutcome } from '../../../shared/types';
import { failedOutcome } from '../../../shared/batching/pool';

/** An API record as a CrmRecord, by the names of its id and time fields. */
export function toRecord(objectType: string, raw: IDataObject, fields: { id: string; updated: string; created?: string } = { id: 'id', updated: 'updated_at', created: 'created_at' }): CrmRecord {
	const time = (v: unknown) => (typeof v === 'string' && v ? v : typeof v === 'number' ? new Date(v > 1e11 ? v : v * 1000).toISOString() : undefined);
	return {
		id: String(readPath(raw, fields.id) ?? ''),
		objectType,
		properties: { ...raw },
		createdAt: fields.created ? time(readPath(raw, fields.created)) : undefined,
		updatedAt: time(readPath(raw, fields.updated)),
		raw,
	};
}

/** The records of a list answer at a path ('' = the answer itself); anything else is refused naming the path. */
export function recordsAt(body: unknown, path: string): IDataObject[] {
	const list = path ? readPath(body, path) : body;
	if (!Array.isArray(list)) throw new Error(`The answer holds no list of records at ${path ? `"${path}"` : 'its top level'}`);
	return list.filter((r): r is IDataObject => !!r && typeof r === 'object' && !Array.isArray(r));
}

/** The record of a single-record answer at a path ('' = the answer itself). */
export function recordAt(body: unknown, path: string): IDataObject {
	const record = path ? readPath(body, path) : body;
	if (!record || typeof record !== 'object' || Array.isArray(record)) throw new Error(`The answer holds no record at ${path ? `"${path}"` : 'its top level'}`);
	return record as IDataObject;
}

/**
 * A failed call as the outcome of its record, with the API's per-field reasons
 * (`error.fields`, GENERIC-API.md) as issues, so the node's error item reads
 * `field "email": must be a valid email address`.
 */
export function failed(index: number, error: unknown): RecordOutcome {
	const outcome = failedOutcome(index, error);
	const body = (error as { errorResponse?: unknown } | undefined)?.errorResponse as IDataObject | undefined;
	const fields = (body?.error as IDataObject | undefined)?.fields as IDataObject | undefined;
	if (fields && typeof fields === 'object') {
		const issues = Object.entries(fields).map(([field, reason]) => ({ field, reason: String(reason) }));
		if (issues.length) return { ...outcome, fields: issues.map((i) => i.field), issues };
	}
	return outcome;
}
