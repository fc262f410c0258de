import type { IDataObject } from 'n8n-workflow';
import type { CrmRecord, RecordOutcome } from '../../../shared/types';
import { canonicalObjectType } from './objectTypes';

/** HubSpot's record JSON → the pack's CrmRecord. */
export function toRecord(objectType: string, raw: IDataObject): CrmRecord {
	return {
		id: String(raw.id),
		objectType: canonicalObjectType(objectType),
		properties: (raw.properties ?? {}) as IDataObject,
		createdAt: raw.createdAt as string | undefined,
		updatedAt: raw.updatedAt as string | undefined,
		archived: raw.archived as boolean | undefined,
		raw,
	};
}

interface BatchError {
	message?: string;
	category?: string;
	status?: string;
	context?: Record<string, string[]>;
	errors?: Array<{ message?: string; code?: string }>;
}

/**
 * Maps a batch response back to inputs. Every input carries `objectWriteTraceId`
 * = its position, so HubSpot's results and its 207 multi-status errors
 * (`context.objectWriteTraceId`) name the input they belong to. Errors that
 * name ids instead (`context.ids`) are matched through `idOf`.
 */
export function batchOutcomes(
	objectType: string,
	count: number,
	body: IDataObject | undefined,
	idOf: (index: number) => string | undefined = () => undefined,
): RecordOutcome[] {
	const outcomes: Array<RecordOutcome | undefined> = new Array(count).fill(undefined);
	const results = (body?.results ?? []) as IDataObject[];
	const unmatched: IDataObject[] = [];
	for (const result of results) {
		const index = Number(result.objectWriteTraceId);
		if (Number.isInteger(index) && index >= 0 && index < count) {
			outcomes[index] = { index, ok: true, record: toRecord(objectType, result), created: result.new === undefined ? undefined : Boolean(result.new) };
		} else unmatched.push(result);
	}
	for (const error of (body?.errors ?? []) as BatchError[]) {
		const message = describeBatchError(error);
		const traceIds = error.context?.objectWriteTraceId ?? [];
		const ids = error.context?.ids ?? error.context?.id ?? [];
		const indexes = new Set<number>();
		for (const t of traceIds) if (Number.isInteger(Number(t))) indexes.add(Number(t));
		for (let i = 0; i < count; i++) if (ids.includes(idOf(i) ?? '\u0000')) indexes.add(i);
		for (const index of indexes) {
			if (index >= 0 && index < count) {
				const fields = invalidProperties(error.message);
				outcomes[index] = {
					index,
					ok: false,
					message,
					code: error.category,
					context: error.context as IDataObject | undefined,
					...(fields.length ? { fields } : {}),
				};
			}
		}
	}
	// Results without a trace id (an older API answering in input order) fill the remaining slots in order.
	let next = 0;
	for (const result of unmatched) {
		while (next < count && outcomes[next]) next++;
		if (next < count) outcomes[next] = { index: next, ok: true, record: toRecord(objectType, result) };
	}
	return outcomes.map((o, index) => o ?? { index, ok: false, message: 'HubSpot returned no result for this record' });
}

function describeBatchError(error: BatchError): string {
	const details = (error.errors ?? []).map((e) => e.message).filter(Boolean);
	const base = error.message ?? error.category ?? 'HubSpot rejected this record';
	return details.length && !base.includes(details[0] as string) ? `${base}: ${details.join('; ')}` : base;
}

/**
 * The properties a validation error names. HubSpot lists them as JSON inside
 * the message ("Property values were not valid: [{...,"name":"email"}]"), the
 * form its v3 object endpoints return for invalid property values.
 */
export function invalidProperties(message: string | undefined): string[] {
	const start = message?.indexOf('[') ?? -1;
	if (!message || start < 0 || !message.startsWith('Property values were not valid')) return [];
	try {
		const list = JSON.parse(message.slice(start)) as Array<{ name?: unknown }>;
		return Array.isArray(list) ? [...new Set(list.map((e) => e?.name).filter((n): n is string => typeof n === 'string' && n !== ''))] : [];
	} catch {
		return [];
	}
}
