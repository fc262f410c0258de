import type { z } from 'zod';
import { NeutralValidationError } from './errors';
import type { FieldIssue } from './errors';
import type { NeutralKind } from './kinds';
import { normalizeFields } from './normalize';
import type { NormalizeOptions } from './normalize';
import { consistencyProblem, neutralSchemas, neutralShapes } from './schemas';
import type { NeutralRecord } from './schemas';

export interface ValidateOptions extends NormalizeOptions {
	/** The n8n item index, printed in the message as given ("Item 3: ..."). */
	itemIndex?: number;
	/**
	 * Skip the "what a new record needs" rules (e.g. a contact's email or name), for
	 * updates that carry only the changed fields. A record with an `id` is always
	 * treated this way. Default false.
	 */
	partial?: boolean;
}

export type ValidationResult<K extends NeutralKind> =
	| { ok: true; value: NeutralRecord<K> }
	| { ok: false; error: NeutralValidationError };

function pathOf(path: Array<string | number>): string {
	return path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

function issuesOf(error: z.ZodError): FieldIssue[] {
	return error.issues.map((issue) => ({ field: pathOf(issue.path), reason: issue.message }));
}

/** Normalises and checks one neutral record; never throws. */
export function safeValidateNeutral<K extends NeutralKind>(kind: K, data: unknown, options: ValidateOptions = {}): ValidationResult<K> {
	const { record, issues } = normalizeFields(kind, data, options);
	if (issues.length > 0) return { ok: false, error: new NeutralValidationError(issues, options.itemIndex) };

	const schema = options.partial ? neutralShapes[kind] : neutralSchemas[kind];
	const parsed = schema.safeParse(record);
	if (!parsed.success) return { ok: false, error: new NeutralValidationError(issuesOf(parsed.error), options.itemIndex) };

	const value = parsed.data as Record<string, unknown>;
	// zod rebuilds records key by key, which loses an own "__proto__" key from JSON;
	// vendor data is never to be dropped, so the caller's objects are handed back as they came.
	if (record.custom !== undefined) value.custom = record.custom;
	if (record.raw !== undefined) value.raw = record.raw;
	if (options.partial) {
		const problem = consistencyProblem(kind, value);
		if (problem) return { ok: false, error: new NeutralValidationError([{ field: problem.field, reason: problem.message }], options.itemIndex) };
	}
	return { ok: true, value: value as NeutralRecord<K> };
}

/**
 * Normalises one neutral record (emails lower-cased, phones to E.164, dates to ISO
 * 8601, ...) and returns it, or throws NeutralValidationError naming the item and field.
 */
export function validateNeutral<K extends NeutralKind>(kind: K, data: unknown, options: ValidateOptions = {}): NeutralRecord<K> {
	const result = safeValidateNeutral(kind, data, options);
	if (!result.ok) throw result.error;
	return result.value;
}
