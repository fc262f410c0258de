import { NodeOperationError, type IExecuteFunctions, type IPollFunctions } from 'n8n-workflow';
import { perItem, writeItems } from '../../../shared/n8n/items';
import { outputOption, readLimit, readOutput, readRetries, retriesOption, returnAllLimit } from '../../../shared/n8n/options';
import { pollOptionsProperty, pollOutputProperty, readPollOptions } from '../../../shared/n8n/polling';
import { testNode } from '../../helpers/fakeContext';

/** A context whose getNodeParameter answers from `params` (dotted paths), else the fallback given. */
function ctx(params: Record<string, unknown>, continueOnFail = false) {
	const get = (name: string, ...rest: unknown[]) => {
		const fallback = rest.length === 2 || typeof rest[0] === 'number' ? rest[1] : rest[0];
		return name in params ? params[name] : fallback;
	};
	return {
		getNodeParameter: get,
		getNode: () => testNode,
		continueOnFail: () => continueOnFail,
		sendMessageToUI: jest.fn(),
	} as unknown as IExecuteFunctions & IPollFunctions & { sendMessageToUI: jest.Mock };
}

describe('action options', () => {
	test('readRetries: defaults when the option is not added, seconds to ms when it is', () => {
		expect(readRetries(ctx({}), 0)).toEqual({ maxAttempts: 5, maxWaitMs: 60_000 });
		expect(readRetries(ctx({ 'options.retries.values': { maxAttempts: 2, maxWaitSeconds: 7 } }), 0)).toEqual({ maxAttempts: 2, maxWaitMs: 7000 });
		expect(readRetries(ctx({ 'options.retries.values': { maxAttempts: 3 } }), 0)).toEqual({ maxAttempts: 3, maxWaitMs: 60_000 });
	});

	test('readOutput and readLimit', () => {
		expect(readOutput(ctx({}), 0)).toBe('simplified');
		expect(readOutput(ctx({ 'options.output': 'raw' }), 0)).toBe('raw');
		expect(readLimit(ctx({}), 0)).toBe(50);
		expect(readLimit(ctx({ limit: 7 }), 0)).toBe(7);
		expect(readLimit(ctx({ returnAll: true, limit: 7 }), 0)).toBeUndefined();
	});

	test('descriptions keep the names and defaults saved workflows use', () => {
		const retries = retriesOption();
		expect(retries).toMatchObject({ name: 'retries', type: 'fixedCollection', default: {} });
		const values = (retries.options as Array<{ name: string; values: Array<{ name: string; default: unknown; description?: string }> }>)[0];
		expect(values.name).toBe('values');
		expect(values.values.map((v) => [v.name, v.default])).toEqual([
			['maxAttempts', 5],
			['maxWaitSeconds', 60],
		]);
		expect(values.values[1].description).toBe('Longest single wait between attempts; a server asking for longer ends the retries');
		expect((retriesOption('Other text').options as typeof values[])[0].values[1].description).toBe('Other text');

		expect(outputOption('Acme')).toMatchObject({
			name: 'output',
			default: 'simplified',
			options: [{ value: 'simplified' }, { name: 'Raw (as Acme Returns It)', value: 'raw' }],
		});

		const [returnAll, limit] = returnAllLimit(['getAll', 'query']);
		expect(returnAll).toMatchObject({ name: 'returnAll', default: false, displayOptions: { show: { operation: ['getAll', 'query'] } } });
		expect(limit).toMatchObject({ name: 'limit', default: 50, displayOptions: { show: { operation: ['getAll', 'query'], returnAll: [false] } } });
	});
});

describe('polling options', () => {
	test('readPollOptions: defaults, seconds to ms, bad values as NodeOperationError', () => {
		expect(readPollOptions(ctx({}))).toEqual({ overlapMs: 60_000, maxRecords: 1000, emitExisting: false });
		expect(readPollOptions(ctx({ options: { overlapSeconds: 5, maxRecords: 10, emitExisting: true } }))).toEqual({
			overlapMs: 5000,
			maxRecords: 10,
			emitExisting: true,
		});
		expect(() => readPollOptions(ctx({ options: { overlapSeconds: -1 } }))).toThrow(NodeOperationError);
		expect(() => readPollOptions(ctx({ options: { maxRecords: 0.5 } }))).toThrow('Max Records per Poll must be a whole number of at least 1');
	});

	test('vendor text goes into the descriptions', () => {
		expect(pollOutputProperty('Acme').options).toEqual([
			{ name: 'Simplified (CRM-Neutral)', value: 'simplified', description: 'The pack\'s CRM-neutral record; fields without a neutral field are kept under "custom"' },
			{ name: 'Raw', value: 'raw', description: 'The record exactly as Acme returns it' },
		]);
		const options = pollOptionsProperty({ overlapReason: 'late changes' }).options as Array<{ name: string; default: unknown; description: string }>;
		expect(options.map((o) => [o.name, o.default])).toEqual([
			['emitExisting', false],
			['maxRecords', 1000],
			['overlapSeconds', 60],
		]);
		expect(options[0].description).toContain('(oldest first, up to');
		expect(options[2].description).toBe(
			'How far before the last change seen each poll reads again, to catch late changes. Changes already emitted are recognised and not emitted again.',
		);
	});
});

describe('items', () => {
	test('perItem: a failed item becomes an error item under Continue On Fail', async () => {
		const items = [{ json: {} }, { json: {} }];
		const run = async (i: number) => {
			if (i === 0) throw new Error('boom');
			return [{ n: i }];
		};
		expect(await perItem(ctx({}, true), { items }, run)).toEqual([
			{ json: { error: 'boom' }, pairedItem: { item: 0 } },
			{ json: { n: 1 }, pairedItem: { item: 1 } },
		]);
		await expect(perItem(ctx({}), { items }, run)).rejects.toThrow('boom');
	});

	test('writeItems: batches, item order, a bad item alone, bulk when asked', async () => {
		const items = Array.from({ length: 5 }, () => ({ json: {} }));
		const calls: string[][] = [];
		const send = async (values: string[]) => {
			calls.push(values);
			return values.map((v, index) => ({ index, ok: true as const, record: { id: v, objectType: 'x', properties: {}, raw: {} } }));
		};
		const context = ctx({}, true);
		const read = (i: number) => {
			if (i === 2) throw new Error('bad item');
			return `r${i}`;
		};
		const out = await writeItems(context, { items, vendorName: 'Acme', batchSize: 2, send, json: (o) => ({ id: o.record.id }) }, read);
		expect(calls).toEqual([
			['r0', 'r1'],
			['r3', 'r4'],
		]);
		expect(out.map((o) => o.json)).toEqual([{ id: 'r0' }, { id: 'r1' }, { error: 'bad item' }, { id: 'r3' }, { id: 'r4' }]);
		expect(context.sendMessageToUI).toHaveBeenCalledWith('Acme: 2 of 4 records written');

		calls.length = 0;
		const bulk = jest.fn(async (values: string[]) => values.map((v, index) => ({ index, ok: true as const, record: { id: v, objectType: 'x', properties: {}, raw: {} } })));
		await writeItems(ctx({}, true), { items, vendorName: 'Acme', batchSize: 2, send, json: () => ({}), bulk: { use: (n) => n >= 4, send: bulk } }, read);
		expect(bulk).toHaveBeenCalledWith(['r0', 'r1', 'r3', 'r4']);
		expect(calls).toEqual([]);
	});
});
