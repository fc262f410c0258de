import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';
import type { FieldIssue } from '../model/errors';
import type { RecordOutcome } from '../types';
import { runPool } from './pool';

export function chunk<T>(values: T[], size: number): T[][] {
	if (size < 1) throw new Error('Batch size must be at least 1');
	const out: T[][] = [];
	for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
	return out;
}

/** One input of a batch, remembered with the n8n item it came from. */
export interface BatchInput<T> {
	itemIndex: number;
	value: T;
}

export interface ItemOutcome {
	itemIndex: number;
	outcome: RecordOutcome;
}

/**
 * Sends inputs in chunks of the vendor's maximum and maps every per-record
 * result back to the item it came from. A chunk that fails as a whole (the
 * vendor rejected the call) fails each of its items with that reason; the other
 * chunks still go out, so one bad batch does not lose the rest.
 *
 * `concurrency` chunks may be in flight at once: the rate limiter still decides
 * when each call leaves, but a slow vendor answer no longer holds the next
 * batch back. Results keep the input order either way.
 */
export async function runBatches<T>(
	inputs: Array<BatchInput<T>>,
	size: number,
	send: (values: T[]) => Promise<RecordOutcome[]>,
	onProgress?: (done: number, total: number) => void,
	concurrency = 1,
): Promise<ItemOutcome[]> {
	let done = 0;
	const perGroup = await runPool(chunk(inputs, size), concurrency, async (group) => {
		let outcomes: RecordOutcome[];
		try {
			outcomes = await send(group.map((x) => x.value));
		} catch (error) {
			const message = errorMessage(error);
			const status = errorStatus(error);
			outcomes = group.map((_, index) => ({ index, ok: false as const, message, status }));
		}
		const byIndex = new Map(outcomes.map((o) => [o.index, o]));
		done += group.length;
		onProgress?.(done, inputs.length);
		return group.map((input, index) => ({
			itemIndex: input.itemIndex,
			outcome: byIndex.get(index) ?? ({ index, ok: false, message: 'The vendor returned no result for this record' } as RecordOutcome),
		}));
	});
	return perGroup.flat();
}

export type FailedOutcome = Extract<RecordOutcome, { ok: false }>;

/**
 * A vendor's per-field reasons for a failed record (e.g. HubSpot's
 * `Property values were not valid: [...]`, a JSON list in a message), or
 * undefined when the failure is not about fields.
 */
export type ExplainFailure = (outcome: FailedOutcome) => FieldIssue[] | undefined;

/**
 * What a failed record says in output: the vendor's reason, or one `field "x": reason` per field
 * it names: the issues the connector put in the outcome, else what the CRM's `explain` reads
 * out of the message.
 */
function failureOf(outcome: FailedOutcome, explain?: ExplainFailure): { reason: string; issues?: FieldIssue[] } {
	const issues = outcome.issues?.length ? outcome.issues : explain?.(outcome);
	if (!issues?.length) return { reason: outcome.message };
	return { reason: issues.map((i) => (i.field ? `field "${i.field}": ${i.reason}` : i.reason)).join('; '), issues };
}

/** "3, 5-9, 12": item indexes, runs of consecutive ones shortened. */
function ranges(indexes: number[]): string {
	const parts: string[] = [];
	for (let i = 0; i < indexes.length; i++) {
		let j = i;
		while (j + 1 < indexes.length && indexes[j + 1] === indexes[j] + 1) j++;
		parts.push(j > i ? `${indexes[i]}-${indexes[j]}` : String(indexes[i]));
		i = j;
	}
	return parts.join(', ');
}

/**
 * Turns per-item outcomes into node output. Under "Continue On Fail" failed
 * records become error items paired to their input (a reason the vendor gives
 * per field reads `Item 3: field "email": <reason>`, with `field` set);
 * otherwise one error says how many records were written and, in its
 * description, lists every failed item with its reason, items failing for the
 * same reason grouped (the successful records are written either way).
 */
export function outcomesToItems(
	node: INode,
	results: ItemOutcome[],
	continueOnFail: boolean,
	toJson: (outcome: Extract<RecordOutcome, { ok: true }>, itemIndex: number) => IDataObject,
	explain?: ExplainFailure,
): INodeExecutionData[] {
	const failed = results
		.filter((r) => !r.outcome.ok)
		.map((r) => ({ itemIndex: r.itemIndex, outcome: r.outcome as FailedOutcome, ...failureOf(r.outcome as FailedOutcome, explain) }));
	if (failed.length && !continueOnFail) {
		const lines = failed.slice(0, 20).map((f) => `item ${f.itemIndex}: ${f.reason}`);
		const more = failed.length > 20 ? ` (and ${failed.length - 20} more, listed in the details)` : '';
		const written = results.length - failed.length;
		const message = `${failed.length} of ${results.length} records failed, ${written} written: ${lines.join('; ')}${more}`;
		const byReason = new Map<string, number[]>();
		for (const f of [...failed].sort((a, b) => a.itemIndex - b.itemIndex)) {
			byReason.set(f.reason, [...(byReason.get(f.reason) ?? []), f.itemIndex]);
		}
		const list = [...byReason].map(([reason, indexes]) => `${indexes.length > 1 ? 'items' : 'item'} ${ranges(indexes)}: ${reason}`);
		const listed = list.join(' | ');
		const error = new NodeOperationError(node, message, {
			description: `${written} of ${results.length} records were written; ${failed.length} failed. Failed items: ${listed}${listed.endsWith('.') ? '' : '.'} Turn on "Continue On Fail" to get one error item per failed record and keep the rest.`,
			itemIndex: failed[0].itemIndex,
		});
		// n8n swaps a message that mentions a network code (ECONNRESET...) for a generic
		// "you can retry" text, dropping the items and the hint that a write may have happened.
		error.message = message;
		throw error;
	}
	const failures = new Map(failed.map((f) => [f.itemIndex, f]));
	return results
		.slice()
		.sort((a, b) => a.itemIndex - b.itemIndex)
		.map((r) => {
			if (r.outcome.ok) return { json: toJson(r.outcome, r.itemIndex), pairedItem: { item: r.itemIndex } };
			const o = r.outcome;
			const { reason, issues } = failures.get(r.itemIndex)!;
			const json: IDataObject = issues ? { error: `Item ${r.itemIndex}: ${reason}`, field: issues[0].field } : { error: reason };
			if (o.status !== undefined) json.httpCode = o.status;
			if (o.code !== undefined) json.code = o.code;
			// The vendor's raw context only when its reason could not be read field by field.
			if (o.context !== undefined && !issues) json.context = o.context;
			return { json, pairedItem: { item: r.itemIndex } };
		});
}

function errorMessage(error: unknown): string {
	const e = error as { message?: unknown; description?: unknown };
	const message = typeof e?.message === 'string' ? e.message : String(error);
	return typeof e?.description === 'string' && e.description && !message.includes(e.description)
		? `${message} (${e.description})`
		: message;
}

function errorStatus(error: unknown): number | undefined {
	const n = Number((error as { httpCode?: unknown })?.httpCode);
	return Number.isFinite(n) && n > 0 ? n : undefined;
}
