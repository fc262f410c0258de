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
