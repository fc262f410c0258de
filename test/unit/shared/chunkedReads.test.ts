import { chunkedReads } from '../../../shared/batching/chunkedReads';

/** A read whose answers the test releases by hand, recording when each chunk was asked for. */
function manualReads() {
	const asked: string[][] = [];
	const pending = new Map<string, { resolve: (v: string[]) => void; reject: (e: Error) => void }>();
	const read = (chunk: string[]) =>
		new Promise<string[]>((resolve, reject) => {
			asked.push(chunk);
			pending.set(chunk[0], { resolve, reject });
		});
	const answer = (first: string) => pending.get(first)!.resolve(asked.find((c) => c[0] === first)!.map((id) => `r${id}`));
	return { asked, read, answer, fail: (first: string) => pending.get(first)!.reject(new Error(`chunk ${first} failed`)) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('chunkedReads', () => {
	const ids = ['1', '2', '3', '4', '5', '6', '7'];

	it('keeps at most `concurrency` chunk calls in flight and yields records in chunk order, whatever order the answers come in', async () => {
		const m = manualReads();
		const out: string[] = [];
		const done = (async () => {
			for await (const r of chunkedReads(ids, 2, 2, m.read)) out.push(r);
		})();
		await tick();
		expect(m.asked).toEqual([['1', '2'], ['3', '4']]);
		m.answer('3'); // the second chunk answers first: nothing is yielded before the first
		await tick();
		expect(out).toEqual([]);
		expect(m.asked).toHaveLength(2);
		m.answer('1');
		await tick();
		expect(out).toEqual(['r1', 'r2', 'r3', 'r4']);
		expect(m.asked).toEqual([['1', '2'], ['3', '4'], ['5', '6'], ['7']]);
		m.answer('7');
		m.answer('5');
		await done;
		expect(out).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7']);
	});

	it('a failing chunk fails the read after the chunks before it were yielded, with its own error', async () => {
		const m = manualReads();
		const out: string[] = [];
		const done = (async () => {
			for await (const r of chunkedReads(ids, 3, 3, m.read)) out.push(r);
		})();
		await tick();
		m.fail('4'); // rejects before the first chunk answers: must not be an unhandled rejection
		await tick();
		m.answer('1');
		await expect(done).rejects.toThrow('chunk 4 failed');
		expect(out).toEqual(['r1', 'r2', 'r3']);
	});

	it('no ids: no call', async () => {
		const m = manualReads();
		const out: string[] = [];
		for await (const r of chunkedReads([], 100, 4, m.read)) out.push(r);
		expect(m.asked).toEqual([]);
		expect(out).toEqual([]);
	});
});
