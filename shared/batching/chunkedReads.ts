/**
 * Reads ids in chunks of `size` with up to `concurrency` chunk calls in flight, and
 * yields each chunk's records in chunk order. A sync reads its partners by id after
 * a listing; one call at a time left the vendor's window idle while each answer
 * travelled back (the rate limiter still paces the calls). A later chunk's failure
 * surfaces when its turn comes, after the earlier chunks' records.
 */
export async function* chunkedReads<T>(ids: string[], size: number, concurrency: number, read: (chunk: string[]) => Promise<T[]>): AsyncGenerator<T> {
	const chunks: string[][] = [];
	for (let i = 0; i < ids.length; i += size) chunks.push(ids.slice(i, i + size));
	const inFlight: Array<Promise<T[]>> = [];
	let next = 0;
	const start = () => {
		const call = read(chunks[next++]);
		// Handled when its turn comes; this only keeps a rejection that arrives first from being reported as unhandled.
		call.catch(() => undefined);
		inFlight.push(call);
	};
	while (next < chunks.length && inFlight.length < Math.max(1, concurrency)) start();
	while (inFlight.length) {
		const records = await inFlight.shift()!;
		if (next < chunks.length) start();
		yield* records;
	}
}
