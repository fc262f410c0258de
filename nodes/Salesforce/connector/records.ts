import type { IDataObject } from 'n8n-workflow';
import type { FieldIssue } from '../../../shared/model/errors';
import type { CrmRecord, RecordOutcome } from '../../../shared/types';

/** Salesforce writes date-times as `2026-01-02T03:04:05.000+0000`; the pack passes ISO 8601 with a colon or Z. */
export function isoTime(value: unknown): string | undefined {
	if (typeof value !== 'string' || !value) return undefined;
	const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
	return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/**
 * Salesforce's record JSON → the pack's CrmRecord. The modification time is
 * `SystemModstamp` (changed by users and by the system alike), the field the
 * pack's change cursors run on; `LastModifiedDate` when it was not selected.
 */
export function toRecord(sobject: string, raw: IDataObject): CrmRecord {
	const properties: IDataObject = {};
	for (const [key, value] of Object.entries(raw)) if (key !== 'attributes') properties[key] = value;
	const type = ((raw.attributes ?? {}) as IDataObject).type;
	return {
		id: String(raw.Id ?? raw.id ?? ''),
		objectType: typeof type === 'string' ? type : sobject,
		properties,
		createdAt: isoTime(raw.CreatedDate),
		updatedAt: isoTime(raw.SystemModstamp) ?? isoTime(raw.LastModifiedDate),
		archived: raw.IsDeleted === true ? true : undefined,
		raw,
	};
}

/** The status code of a valid record of an allOrNone call that failed because another one did. */
const ROLLED_BACK = 'ALL_OR_NONE_OPERATION_ROLLED_BACK';

interface SaveError {
	statusCode?: string;
	message?: string;
	fields?: string[];
}

interface SaveResult {
	id?: string | null;
	success?: boolean;
	created?: boolean;
	errors?: SaveError[];
}

export function describe(errors: SaveError[] | undefined): { message: string; code?: string; fields?: string[]; issues?: FieldIssue[] } {
	const list = errors ?? [];
	if (!list.length) return { message: 'Salesforce did not save this record and gave no reason' };
	const message = list
		.map((e) => `${e.statusCode ? `${e.statusCode}: ` : ''}${e.message ?? ''}${e.fields?.length ? ` (fields: ${e.fields.join(', ')})` : ''}`)
		.join('; ');
	return { message, code: list[0].statusCode, fields: list.flatMap((e) => e.fields ?? []), issues: fieldIssues(list) };
}

/**
 * One reason per field a save error names (Salesforce's SaveError: statusCode, message, fields),
 * for a readable error item (`Item 3: field "LastName": ...`, shared/batching/batch.ts); an error
 * naming no field keeps its status code as the record's reason. Undefined when no error names a
 * field: the whole message then says it best.
 */
export function fieldIssues(errors: SaveError[]): FieldIssue[] | undefined {
	if (!errors.some((e) => e.fields?.length)) return undefined;
	return errors.flatMap((e) => {
		const reason = e.message || e.statusCode || 'not valid';
		return e.fields?.length ? e.fields.map((field) => ({ field, reason })) : [{ field: '', reason: `${e.statusCode ? `${e.statusCode}: ` : ''}${reason}` }];
	});
}

/**
 * Maps an sObject Collections response (SaveResult / UpsertResult list, in the
 * order of the request) back to inputs. `fieldsOf(i)` is what input i asked to
 * write, so a created record is returned with its fields and new id. With
 * allOrNone, records that were valid but rolled back come back failed with
 * ALL_OR_NONE_OPERATION_ROLLED_BACK: nothing was written for them either.
 */
export function collectionOutcomes(
	sobject: string,
	count: number,
	body: unknown,
	fieldsOf: (index: number) => IDataObject,
	idOf: (index: number) => string | undefined = () => undefined,
): RecordOutcome[] {
	const results = (Array.isArray(body) ? body : []) as SaveResult[];
	const outcomes: RecordOutcome[] = [];
	for (let index = 0; index < count; index++) {
		const result = results[index];
		if (!result) {
			outcomes.push({ index, ok: false, message: 'Salesforce returned no result for this record' });
			continue;
		}
		if (result.success) {
			const id = String(result.id ?? idOf(index) ?? '');
			const raw: IDataObject = { attributes: { type: sobject }, Id: id, ...fieldsOf(index) };
			const record = toRecord(sobject, raw);
			record.raw = { ...(result as IDataObject), id };
			outcomes.push({ index, ok: true, record, created: result.created === undefined ? undefined : Boolean(result.created) });
			continue;
		}
		const { message, code, fields, issues } = describe(result.errors);
		const context: IDataObject = {};
		if (result.id) context.id = result.id;
		if (fields?.length) context.fields = fields;
		const outcome: Extract<RecordOutcome, { ok: false }> = { index, ok: false, message, code, context: Object.keys(context).length ? context : undefined };
		if (fields?.length) outcome.fields = fields;
		if (issues) outcome.issues = issues;
		if (code === ROLLED_BACK) outcome.rolledBack = true;
		outcomes.push(outcome);
	}
	return outcomes;
}
