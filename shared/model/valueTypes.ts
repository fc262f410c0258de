import type { FieldIssue } from './errors';
import { fieldTypeOf } from './fields';
import type { FieldType } from './fields';
import type { NeutralKind } from './kinds';
import { neutralShapes } from './schemas';
import { describeValue } from './values';

/*
 * The JavaScript types a neutral field takes before normalisation, and the words
 * that name them in an error. A value of another type is refused before any code
 * touches it: a number where a name is expected (a sheet column of numbers mapped
 * to firstName) made the name helpers throw `.replace is not a function` for every
 * record of its batch. Formats (an email without "@", a phone with letters) are
 * not checked here: normalizeFields, or the vendor, says what is wrong with those.
 */

const isText = (v: unknown): boolean => typeof v === 'string';
const isTextOrNumber = (v: unknown): boolean => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'bigint';
const isNumberLike = (v: unknown): boolean => typeof v === 'number' || typeof v === 'string';
const isDateLike = (v: unknown): boolean => typeof v === 'string' || typeof v === 'number' || v instanceof Date;

const SCALAR_TYPES: Partial<Record<FieldType, { accepts: (v: unknown) => boolean; expected: string }>> = {
	// Numbers are text too: ids and postal codes typed into sheets arrive as numbers.
	text: { accepts: isTextOrNumber, expected: 'text' },
	// A person's name is never a number: 42 in firstName is a column mapped to the wrong field.
	name: { accepts: isText, expected: 'a name (text)' },
	email: { accepts: isText, expected: 'an email address (text)' },
	phone: { accepts: isTextOrNumber, expected: 'a phone number (text or digits)' },
	dateTime: { accepts: isDateLike, expected: 'a date-time (ISO 8601 text or epoch milliseconds)' },
	date: { accepts: isDateLike, expected: 'a date (yyyy-MM-dd text or epoch milliseconds)' },
	number: { accepts: isNumberLike, expected: 'a number' },
	count: { accepts: isNumberLike, expected: 'a whole number' },
	currency: { accepts: isText, expected: 'a currency code (text)' },
	domain: { accepts: isText, expected: 'a domain name (text)' },
	timeZone: { accepts: isText, expected: 'an IANA time zone (text)' },
	taskStatus: { accepts: isText, expected: 'a task status (text)' },
	taskPriority: { accepts: isText, expected: 'a task priority (text)' },
};

/** What a value of a scalar field type must be, or undefined for a value it accepts (blank values always are). */
export function valueTypeProblem(type: FieldType | undefined, value: unknown): { expected: string; reason: string } | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const rule = type === undefined ? undefined : SCALAR_TYPES[type];
	if (!rule || rule.accepts(value)) return undefined;
	return { expected: rule.expected, reason: `expected ${rule.expected}, got ${describeValue(value)}` };
}

/** A neutral field's type; `address.city` is one of the address's text parts. */
export function neutralFieldType(kind: NeutralKind, field: string): FieldType | undefined {
	const shape = neutralShapes[kind].shape as Record<string, Parameters<typeof fieldTypeOf>[0]>;
	const own = Object.prototype.hasOwnProperty;
	if (own.call(shape, field)) return fieldTypeOf(shape[field]);
	const [head, ...rest] = field.split('.');
	if (rest.length === 1 && own.call(shape, head) && fieldTypeOf(shape[head]) === 'address') return 'text';
	return undefined;
}

export interface FieldTypeIssue extends FieldIssue {
	/** What the field takes, e.g. "a name (text)". */
	expected: string;
}

/**
 * Each field of a flat neutral record (names may be paths such as `address.city`)
 * whose value has a type its field does not take. Unknown fields and compound
 * types (lists, addresses, vendor objects) are left to their own checks.
 */
export function checkValueTypes(kind: NeutralKind, fields: Record<string, unknown>): FieldTypeIssue[] {
	const issues: FieldTypeIssue[] = [];
	for (const [field, value] of Object.entries(fields)) {
		const problem = valueTypeProblem(neutralFieldType(kind, field), value);
		if (problem) issues.push({ field, ...problem });
	}
	return issues;
}
