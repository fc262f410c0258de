import type { RecordOutcome } from '../types';

/**
 * Runs `task` over `values` with at most `concurrency` in flight, keeping the
 * results in input order. The rate limiter still paces the calls; overlapping
 * them only stops one slow answer from holding the rest back (Pipedrive, with
 * no batch writes, sends one call per record this way). A task that throws is
 * the caller's business: tasks here return outcomes instead.
 */
export async function runPool<T, R>(values: T[], concurrency: number, task: (value: T, index: number) => Promise<R>): Promise<R[]> {
	const results = new Array<R>(values.length);
	let next = 0;
	const workers = Array.from({ length: Math.max(1, Math.min(concurrency, values.length)) }, async () => {
		while (next < values.length) {
			const index = next++;
			results[index] = await task(values[index], index);
		}
	});
	await Promise.all(workers);
	return results;
}

/**
 * One call per record, for vendors without batch writes: `concurrency` calls in
 * flight, and a call that throws fails its own record only, worded by `failed`.
 */
export function perRecord<T>(
	inputs: T[],
	concurrency: number,
	task: (input: T, index: number) => Promise<RecordOutcome>,
	failed: (index: number, error: unknown) => RecordOutcome,
): Promise<RecordOutcome[]> {
	return runPool(inputs, concurrency, async (input, index) => {
		try {
			return await task(input, index);
		} catch (error) {
			return failed(index, error);
		}
	});
}

/** A failed call as the outcome of the record it was for: the error's message and HTTP status. */
export function failedOutcome(index: number, error: unknown): Extract<RecordOutcome, { ok: false }> {
	const e = error as { message?: unknown; httpCode?: unknown };
	const message = typeof e?.message === 'string' ? e.message : String(error);
	const status = Number(e?.httpCode);
	return { index, ok: false, message, status: Number.isFinite(status) && status > 0 ? status : undefined };
}
