import type { IDataObject } from 'n8n-workflow';
import { formatIssue, type FieldIssue } from '../../../shared/model/errors';
import type { EntitySpec } from './objectTypes';

/** Fields users and other CRMs expect on a person that Pipedrive's API v2 only returns (objectTypes.ts). */
const READ_ONLY_IN_V2: Record<string, string> = {
	job_title: 'job title',
	postal_address: 'postal address',
	birthday: 'birthday',
	notes: 'notes',
	ims: 'instant messenger accounts',
};

/** A body the pack will not send: each field Pipedrive would refuse, with why. */
export class PipedriveFieldError extends Error {
	constructor(readonly issues: FieldIssue[]) {
		super(issues.map((i) => formatIssue(i)).join('; '));
		this.name = 'PipedriveFieldError';
	}
}

function reasonFor(spec: EntitySpec, field: string): string {
	const own = READ_ONLY_IN_V2[field];
	if (own && spec.objectType === 'persons') {
		return `a person's ${own} cannot be written through Pipedrive's API v2 (it only returns it, with contact sync on): leave it out, or write the value to a custom field`;
	}
	const writable = (spec.writable ?? []).filter((f) => f !== 'custom_fields');
	const custom = spec.writable?.includes('custom_fields') ? ' and custom fields (by name or key)' : '';
	return `not a field Pipedrive's API v2 writes on ${spec.singular === 'activity' ? 'activities' : `${spec.singular}s`}; it takes ${writable.join(', ')}${custom}`;
}

/**
 * Refuses, before anything is sent, a v2 body with a top-level field the entity's v2 request
 * schema does not have (Pipedrive would answer 400 "Invalid field(s) in the payload"), and
 * custom fields where v2 takes none (activities), naming every such field. v1 entities (leads,
 * notes) are not checked here: their schemas are not held by the pack.
 */
export function refuseUnwritable(spec: EntitySpec, body: IDataObject): void {
	const writable = spec.writable;
	if (!writable) return;
	const issues: FieldIssue[] = [];
	for (const [field, value] of Object.entries(body)) {
		if (field === 'custom_fields' && !writable.includes(field)) {
			for (const key of Object.keys((value ?? {}) as IDataObject)) {
				issues.push({ field: key, reason: `a custom field cannot be written on ${spec.singular === 'activity' ? 'activities' : `${spec.singular}s`} through Pipedrive's API v2 (its ${spec.singular} bodies take no custom_fields)` });
			}
		} else if (!writable.includes(field)) {
			issues.push({ field, reason: reasonFor(spec, field) });
		}
	}
	if (issues.length) throw new PipedriveFieldError(issues);
}

const INVALID_FIELDS = /Invalid field\(s\) in the payload: (.+)$/;

/**
 * The reason per field of a failed write: the fields the pack refused to send, or the fields
 * Pipedrive named in its 400 "Invalid field(s) in the payload: a, b" (the answer quoted in
 * github.com/pipedrive/client-nodejs pull 382). Undefined when the failure names no field.
 */
export function pipedriveIssues(error: unknown, message: string): FieldIssue[] | undefined {
	const own = (error as { issues?: unknown })?.issues;
	if (error instanceof PipedriveFieldError && Array.isArray(own) && own.length) return own as FieldIssue[];
	const m = INVALID_FIELDS.exec(message.trim());
	if (!m) return undefined;
	const fields = m[1].split(',').map((f) => f.trim()).filter(Boolean);
	return fields.length ? fields.map((field) => ({ field, reason: 'Pipedrive refused it: not a field of this record (Invalid field(s) in the payload)' })) : undefined;
}

const same = (a: unknown, b: unknown) => String(a).trim().toLowerCase() === String(b).trim().toLowerCase();

/** The `value`s of a Pipedrive channel list (`emails`/`phones`: `[{ value, primary, label }]`). */
const channelValues = (list: unknown): unknown[] => (Array.isArray(list) ? list.map((c) => (c && typeof c === 'object' ? (c as IDataObject).value : c)) : []);

/**
 * Whether a record read back after a create of unknown outcome is the one a sent `body` (the
 * request body the pack built: `toBody`) made: every scalar field equal to the record's, each
 * email and phone among the record's, custom fields by key. Objects Pipedrive reshapes (an
 * address it geocodes, participants, a location) are not compared; at least one field must be.
 */
export function madeBy(body: IDataObject, properties: IDataObject): boolean {
	let compared = 0;
	for (const [key, value] of Object.entries(body)) {
		if (key === 'custom_fields' && value && typeof value === 'object') {
			for (const [customKey, customValue] of Object.entries(value as IDataObject)) {
				if (customValue === null || typeof customValue === 'object') continue;
				if (!same(customValue, properties[customKey])) return false;
				compared++;
			}
		} else if (key === 'emails' || key === 'phones') {
			const stored = channelValues(properties[key]);
			for (const sent of channelValues(value)) {
				if (!stored.some((s) => same(sent, s))) return false;
				compared++;
			}
		} else if (value !== null && value !== undefined && value !== '' && typeof value !== 'object') {
			if (!same(value, properties[key])) return false;
			compared++;
		}
	}
	return compared > 0;
}
