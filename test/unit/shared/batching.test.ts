import { NodeOperationError } from 'n8n-workflow';
import { chunk, outcomesToItems, runBatches } from '../../../shared/batching/batch';
import type { RecordOutcome } from '../../../shared/types';
import { testNode } from '../../helpers/fakeContext';

const record = (id: string) => ({ id, objectType: 'contacts', properties: { email: `${id}@x.io` }, raw: {} });

describe('chunk', () => {
	test('250 into 100/100/50', () => {
		const sizes = chunk(Array.from({ length: 250 }, (_, i) => i), 100).map((c) => c.length);
		expect(sizes).toEqual([100, 100, 50]);
	});
	test('rejects a zero size', () => {
		expect(() => chunk([1], 0)).toThrow('Batch size must be at least 1');
	});
});

describe('runBatches', () => {
	test('maps per-record results back to items, one failure in the middle batch', async () => {
		const inputs = Array.from({ length: 250 }, (_, i) => ({ itemIndex: i, value: `r${i}` }));
		const calls: string[][] = [];
		const progress: number[] = [];
		const results = await runBatches(
			inputs,
			100,
			async (values) => {
				calls.push(values);
				return values.map((v, index): RecordOutcome =>
					v === 'r142' ? { index, ok: false, message: 'Property values were not valid: email', status: 400 } : { index, ok: true, record: record(v) },
				);
			},
			(done) => progress.push(done),
		);
		expect(calls.map((c) => c.length)).toEqual([100, 100, 50]);
		expect(progress).toEqual([100, 200, 250]);
		const failed = results.filter((r) => !r.outcome.ok);
		expect(failed).toEqual([{ itemIndex: 142, outcome: { index: 42, ok: false, message: 'Property values were not valid: email', status: 400 } }]);
		expect(results.filter((r) => r.outcome.ok).length).toBe(249);
	});

	test('a batch that fails as a whole fails only its own items; the next batch still goes out', async () => {
		const inputs = Array.from({ length: 5 }, (_, i) => ({ itemIndex: i + 10, value: i }));
		let n = 0;
		const results = await runBatches(inputs, 2, async (values) => {
			n++;
			if (n === 2) throw Object.assign(new Error('400: Invalid input JSON'), { httpCode: '400' });
			return values.map((v, index) => ({ index, ok: true as const, record: record(String(v)) }));
		});
		expect(n).toBe(3);
		expect(results.map((r) => [r.itemIndex, r.outcome.ok])).toEqual([
			[10, true],
			[11, true],
			[12, false],
			[13, false],
			[14, true],
		]);
		expect(results[2].outcome).toEqual({ index: 0, ok: false, message: '400: Invalid input JSON', status: 400 });
	});

	test('a record the vendor did not answer for is a failure, not silently lost', async () => {
		const results = await runBatches([{ itemIndex: 0, value: 'a' }, { itemIndex: 1, value: 'b' }], 10, async () => [
			{ index: 0, ok: true, record: record('a') },
		]);
		expect(results[1]).toEqual({ itemIndex: 1, outcome: { index: 1, ok: false, message: 'The vendor returned no result for this record' } });
	});
});

describe('outcomesToItems', () => {
	const results = [
		{ itemIndex: 0, outcome: { index: 0, ok: true as const, record: record('1') } },
		{ itemIndex: 1, outcome: { index: 1, ok: false as const, message: 'Email invalid', status: 400 } },
		{ itemIndex: 2, outcome: { index: 2, ok: true as const, record: record('3') } },
	];

	test('Continue On Fail: an error item for just the failed record, paired to its input', () => {
		const items = outcomesToItems(testNode, results, true, (o) => ({ id: o.record.id }));
		expect(items).toEqual([
			{ json: { id: '1' }, pairedItem: { item: 0 } },
			{ json: { error: 'Email invalid', httpCode: 400 }, pairedItem: { item: 1 } },
			{ json: { id: '3' }, pairedItem: { item: 2 } },
		]);
	});

	test('otherwise one NodeOperationError naming the failed items and the reason', () => {
		let error: NodeOperationError | undefined;
		try {
			outcomesToItems(testNode, results, false, (o) => ({ id: o.record.id }));
		} catch (e) {
			error = e as NodeOperationError;
		}
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe('1 of 3 records failed, 2 written: item 1: Email invalid');
		expect(error?.description).toBe(
			'2 of 3 records were written; 1 failed. Failed items: item 1: Email invalid. Turn on "Continue On Fail" to get one error item per failed record and keep the rest.',
		);
	});

	test('a partial failure of many records says how many were written and lists EVERY failed item, grouped by reason', () => {
		const many = Array.from({ length: 720 }, (_, i) => ({
			itemIndex: i,
			outcome:
				i % 30 === 3 || (i >= 100 && i < 105)
					? { index: i, ok: false as const, message: i === 3 ? 'Email invalid' : 'Duplicate value' }
					: { index: i, ok: true as const, record: record(String(i)) },
		}));
		let error: NodeOperationError | undefined;
		try {
			outcomesToItems(testNode, many, false, (o) => ({ id: o.record.id }));
		} catch (e) {
			error = e as NodeOperationError;
		}
		const failed = many.filter((r) => !r.outcome.ok).map((r) => r.itemIndex);
		expect(failed).toHaveLength(29);
		expect(error?.message).toBe(
			`29 of 720 records failed, 691 written: ${failed
				.slice(0, 20)
				.map((i) => `item ${i}: ${i === 3 ? 'Email invalid' : 'Duplicate value'}`)
				.join('; ')} (and 9 more, listed in the details)`,
		);
		const duplicates = failed.filter((i) => i !== 3);
		const compact = duplicates.join(', ').replace('100, 101, 102, 103, 104', '100-104');
		expect(error?.description).toBe(
			`691 of 720 records were written; 29 failed. Failed items: item 3: Email invalid | items ${compact}: Duplicate value. Turn on "Continue On Fail" to get one error item per failed record and keep the rest.`,
		);
	});

	test('a failure explained field by field: Continue On Fail gives "Item i: field ...", the field, and no raw vendor context', () => {
		const explained = [
			results[0],
			{ itemIndex: 1, outcome: { index: 1, ok: false as const, message: 'raw [json]', code: 'VALIDATION_ERROR', context: { objectWriteTraceId: ['1'] } } },
		];
		const explain = () => [{ field: 'email', reason: 'Email address x is invalid' }, { field: 'phone', reason: 'too long' }];
		expect(outcomesToItems(testNode, explained, true, (o) => ({ id: o.record.id }), explain)).toEqual([
			{ json: { id: '1' }, pairedItem: { item: 0 } },
			{
				json: { error: 'Item 1: field "email": Email address x is invalid; field "phone": too long', field: 'email', code: 'VALIDATION_ERROR' },
				pairedItem: { item: 1 },
			},
		]);
		expect(() => outcomesToItems(testNode, explained, false, (o) => ({ id: o.record.id }), explain)).toThrow(
			'1 of 2 records failed, 1 written: item 1: field "email": Email address x is invalid; field "phone": too long',
		);
	});
});

describe('runBatches with concurrency', () => {
	test('keeps up to N calls in flight and the results in input order', async () => {
		const inputs = Array.from({ length: 10 }, (_, i) => ({ itemIndex: i, value: i }));
		let inFlight = 0;
		let most = 0;
		const order: number[] = [];
		const results = await runBatches(
			inputs,
			2,
			async (values) => {
				inFlight++;
				most = Math.max(most, inFlight);
				// Later batches answer sooner, so completion order differs from input order.
				await new Promise((r) => setImmediate(r));
				if (values[0] < 4) await new Promise((r) => setImmediate(r));
				order.push(values[0]);
				inFlight--;
				return values.map((v, index) => ({ index, ok: true as const, record: record(String(v)) }));
			},
			undefined,
			3,
		);
		expect(most).toBe(3);
		expect(order).not.toEqual([0, 2, 4, 6, 8]);
		expect(results.map((r) => r.itemIndex)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(results.map((r) => (r.outcome.ok ? r.outcome.record.id : 'x'))).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
	});
});
