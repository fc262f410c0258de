import { DateTime } from 'luxon';
import { z } from 'zod';
import { isValidTimeZone } from './dates';
import { normalizeDomain } from './domain';
import { normalizeEmail } from './email';
import { TASK_PRIORITIES, TASK_STATUSES } from './taskValues';
import { NEUTRAL_KINDS } from './kinds';

/*
 * Each neutral field is a zod schema of its *normalised* form, tagged (via zod's
 * description) with the transform that produces that form. The tag lets the
 * normaliser read the schema itself, so a field is declared exactly once.
 *
 * Missing (undefined) means "not known / not touched" and is left out; null means
 * "known to be empty" and is kept, so clearing a field in one CRM can be synced to
 * another. Blank strings become null for the same reason.
 */
export type FieldType =
	| 'text'
	| 'name'
	| 'email'
	| 'phone'
	| 'dateTime'
	| 'date'
	| 'number'
	| 'count'
	| 'currency'
	| 'domain'
	| 'timeZone'
	| 'taskStatus'
	| 'taskPriority'
	| 'emailList'
	| 'associations'
	| 'address'
	| 'record';

function tag<T extends z.ZodTypeAny>(type: FieldType, schema: T): T {
	return schema.describe(type);
}

const E164 = /^\+[1-9]\d{6,14}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const isCanonical = (normalize: (s: string) => { ok: boolean; value?: unknown }) => (s: string) => {
	const result = normalize(s);
	return result.ok && result.value === s;
};

const emailValue = z.string().refine(isCanonical(normalizeEmail), 'is not a normalised email address (trimmed, lower-case)');
const dateTimeValue = z
	.string()
	.refine(
		(s) => /T.*(?:Z|[+-]\d{2}:\d{2})$/.test(s) && DateTime.fromISO(s, { setZone: true }).isValid,
		'is not an ISO 8601 date-time with offset',
	);

export const textField = () => tag('text', z.string().min(1).nullable().optional());
/** Person-name text: runs of whitespace collapse, so "Ada  Lovelace" and "Ada Lovelace" compare equal in sync. */
export const nameField = () => tag('name', z.string().min(1).nullable().optional());
export const emailField = () => tag('email', emailValue.nullable().optional());
export const phoneField = () => tag('phone', z.string().regex(E164, 'is not an E.164 phone number').nullable().optional());
export const dateTimeField = () => tag('dateTime', dateTimeValue.nullable().optional());
export const dateField = () =>
	tag(
		'date',
		z
			.string()
			.refine((s) => ISO_DATE.test(s) && DateTime.fromISO(s).isValid, 'is not a yyyy-MM-dd date')
			.nullable()
			.optional(),
	);
export const numberField = () => tag('number', z.number().finite().nullable().optional());
export const countField = () => tag('count', z.number().int().nonnegative().nullable().optional());
export const currencyField = () => tag('currency', z.string().regex(/^[A-Z]{3}$/).nullable().optional());
export const domainField = () =>
	tag('domain', z.string().refine(isCanonical(normalizeDomain), 'is not a bare domain name').nullable().optional());
export const timeZoneField = () => tag('timeZone', z.string().refine(isValidTimeZone, 'is not an IANA time zone').nullable().optional());
export const taskStatusField = () => tag('taskStatus', z.enum(TASK_STATUSES).nullable().optional());
export const taskPriorityField = () => tag('taskPriority', z.enum(TASK_PRIORITIES).nullable().optional());
export const emailListField = () => tag('emailList', z.array(emailValue).nullable().optional());

export const associationSchema = z.object({ kind: z.enum(NEUTRAL_KINDS), id: z.string().min(1) }).strict();
export const associationsField = () => tag('associations', z.array(associationSchema).nullable().optional());

export const addressSchema = z
	.object({
		street: textField(),
		city: textField(),
		state: textField(),
		postalCode: textField(),
		country: textField(),
	})
	.strict();
export const addressField = () => tag('address', addressSchema.nullable().optional());

/** Vendor fields with no neutral home. Always present in output, values passed through untouched. */
export const customField = () => tag('record', z.record(z.string(), z.unknown()).default({}));
/** The original vendor record, when a connector wants to keep it alongside the neutral one. */
export const rawField = () => tag('record', z.record(z.string(), z.unknown()).optional());

/** Read a field's transform tag back from its schema. */
export function fieldTypeOf(schema: z.ZodTypeAny | undefined): FieldType | undefined {
	return schema?.description as FieldType | undefined;
}
