import type { IDataObject } from 'n8n-workflow';
import type { CrmRecord, RecordOutcome } from '../../../shared/types';
import { zohoErrorField, zohoErrorText } from '../transport/errors';

/** Zoho's times carry the org's offset (`2026-01-02T15:04:05+05:30`); the pack's are ISO 8601 UTC. */
export function zohoTime(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const ms = Date.parse(String(value));
	return Number.isFinite(ms) ? new Date(ms).toISOString() : String(value);
}

/** A record of a Zoho answer → the pack's CrmRecord (`properties`: the fields as Zoho named them). */
export function toRecord(module: string, raw: IDataObject): CrmRecord {
	return { id: String(raw.id), objectType: module, properties: { ...raw }, createdAt: zohoTime(raw.Created_Time), updatedAt: zohoTime(raw.Modified_Time), raw };
}

/** The `data` list of an answer (none for 204/304). */
export function dataOf(body: unknown): IDataObject[] {
	const data = (body as IDataObject | undefined)?.data;
	return Array.isArray(data) ? (data as IDataObject[]) : [];
}

export type WriteKind = 'create' | 'update' | 'upsert' | 'delete';

/**
 * One outcome per input of a write call from Zoho's answer: `data[i]` answers
 * input i (201/200 all written, 207 some, 400 none; crm-oas v8.0 examples).
 * A failed entry keeps Zoho's code, its message and the field it names
 * (`details.api_name`). An answer without a per-record list (a refusal of the
 * whole call) fails every input with Zoho's words.
 */
export function writeOutcomes(
	module: string,
	kind: WriteKind,
	inputs: Array<{ index: number; body: IDataObject }>,
	status: number,
	body: unknown,
): RecordOutcome[] {
	const entries = dataOf(body);
	return inputs.map(({ index, body: input }, i) => {
		const entry = entries.length === inputs.length ? entries[i] : undefined;
		if (!entry) {
			const whole = entries.length === 1 && inputs.length > 1 ? entries[0] : body;
			return { index, ok: false, status, message: zohoErrorText(whole, `Zoho CRM answered ${status} without a result for this record`), code: String((whole as IDataObject)?.code ?? '') || undefined };
		}
		if (entry.status === 'success') {
			const details = (entry.details ?? {}) as IDataObject;
			const id = String(details.id ?? input.id ?? '');
			const properties: IDataObject = { ...input, ...details, id };
			const record: CrmRecord = {
				id,
				objectType: module,
				properties,
				createdAt: zohoTime(details.Created_Time),
				updatedAt: zohoTime(details.Modified_Time),
				raw: entry,
			};
			const created = kind === 'create' ? true : kind === 'upsert' ? entry.action === 'insert' : undefined;
			return created === undefined ? { index, ok: true, record } : { index, ok: true, record, created };
		}
		const field = zohoErrorField(entry);
		const message = zohoErrorText(entry);
		return {
			index,
			ok: false,
			status: status === 207 ? 400 : status,
			code: typeof entry.code === 'string' ? entry.code : undefined,
			message,
			context: entry.details as IDataObject | undefined,
			...(field ? { fields: [field], issues: [{ field, reason: message }] } : {}),
		};
	});
}
