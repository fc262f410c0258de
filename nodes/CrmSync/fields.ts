import { fieldTypeOf, neutralShapes, normalizeDate, normalizeDateTime, normalizeEmail, normalizePhone } from '../../shared/model';
import type { FieldValue, KeyField } from '../../shared/sync';
import type { NeutralType } from '../../shared/types';

/** The fields synced when none are chosen: what both sides of a typical sync hold. */
export const DEFAULT_FIELDS: Record<NeutralType, string[]> = {
	contact: ['email', 'firstName', 'lastName', 'phone', 'company', 'jobTitle'],
	lead: ['email', 'firstName', 'lastName', 'phone', 'company', 'status'],
	company: ['domain', 'name', 'phone', 'website', 'industry'],
	deal: ['name', 'amount', 'stage', 'closeDate'],
	appointment: ['title', 'startTime', 'endTime', 'location'],
	task: ['subject', 'body', 'status', 'priority', 'dueDate'],
	note: ['body', 'timestamp'],
};

/** The key used when none is chosen. */
export const DEFAULT_KEYS: Record<NeutralType, string[]> = {
	contact: ['email'],
	lead: ['email'],
	company: ['domain'],
	deal: ['name'],
	appointment: ['title', 'startTime'],
	task: ['subject'],
	note: ['body', 'timestamp'],
};

export type KeyMatch = 'text' | 'exact' | 'email' | 'phone';

export function keyField(field: string, match: KeyMatch, defaultCountry: string): KeyField {
	switch (match) {
		case 'exact':
			return { field, caseSensitive: true, whitespace: 'keep' };
		case 'email':
			return { field, whitespace: 'remove' };
		case 'phone':
			return {
				field,
				normalise: (value) => {
					const result = normalizePhone(value, defaultCountry ? { defaultCountry } : {});
					return result.ok ? result.value.e164 : null;
				},
			};
		default:
			return { field };
	}
}

/**
 * One value in the form both sides compare in: the kind's type decides (a number
 * read as "1500" from a database equals HubSpot's 1500; dates and emails in their
 * normalised form), so a difference in spelling alone is never a change. A value
 * the normaliser rejects is kept as it is: the vendor then says what is wrong.
 */
export function comparableValue(kind: NeutralType, field: string, value: unknown): FieldValue {
	if (value === undefined || value === null || value === '') return null;
	if (value instanceof Date) value = value.toISOString();
	const shape = neutralShapes[kind].shape as Record<string, Parameters<typeof fieldTypeOf>[0]>;
	const type = fieldTypeOf(shape[field]);
	if (typeof value === 'string') {
		switch (type) {
			case 'number':
			case 'count': {
				const n = Number(value.trim());
				return value.trim() !== '' && Number.isFinite(n) ? n : value;
			}
			case 'email': {
				const r = normalizeEmail(value);
				return r.ok ? r.value : value;
			}
			case 'dateTime': {
				const r = normalizeDateTime(value);
				return r.ok ? r.value : value;
			}
			case 'date': {
				const r = normalizeDate(value, { timeZone: 'UTC' });
				return r.ok ? r.value : value;
			}
			default:
				return value;
		}
	}
	if (typeof value === 'number' || typeof value === 'boolean') return value;
	return JSON.stringify(value);
}
