import type { IDataObject } from 'n8n-workflow';
import { mergingDuplicateKeys } from '../../../shared/n8n/actions/keys';
import type { RecordOutcome } from '../../../shared/types';

const record = (id: string) => ({ id, objectType: 'contacts', properties: {}, raw: { id } });

describe('upsert inputs naming the same key', () => {
	test('go out as one input (later values win) and every item gets that input\'s outcome, at its own index', async () => {
		const sent: Array<Array<{ id: string; properties: IDataObject }>> = [];
		const send = mergingDuplicateKeys(async (inputs: Array<{ id: string; properties: IDataObject }>) => {
			sent.push(inputs);
			return inputs.map((input, index): RecordOutcome =>
				input.id === 'bad@x.example' ? { index, ok: false, message: 'rejected' } : { index, ok: true, record: record(`r-${input.id}`) },
			);
		});
		const outcomes = await send([
			{ id: 'ada@x.example', properties: { firstname: 'Ada', city: 'London' } },
			{ id: 'bad@x.example', properties: { firstname: 'Bad' } },
			{ id: 'ada@x.example', properties: { city: 'Paris' } },
		]);
		expect(sent).toEqual([
			[
				{ id: 'ada@x.example', properties: { firstname: 'Ada', city: 'Paris' } },
				{ id: 'bad@x.example', properties: { firstname: 'Bad' } },
			],
		]);
		expect(outcomes).toEqual([
			{ index: 0, ok: true, record: record('r-ada@x.example') },
			{ index: 1, ok: false, message: 'rejected' },
			{ index: 2, ok: true, record: record('r-ada@x.example') },
		]);
	});

	test('keyOf decides what "the same" is (Pipedrive: case-insensitive); the first spelling is sent', async () => {
		const sent: string[][] = [];
		const send = mergingDuplicateKeys(
			async (inputs: Array<{ id: string; properties: IDataObject }>) => {
				sent.push(inputs.map((i) => i.id));
				return inputs.map((_, index): RecordOutcome => ({ index, ok: true, record: record(String(index)) }));
			},
			(id) => id.toLowerCase(),
		);
		const outcomes = await send([
			{ id: 'Acme', properties: {} },
			{ id: 'ACME', properties: {} },
			{ id: 'Initech', properties: {} },
		]);
		expect(sent).toEqual([['Acme', 'Initech']]);
		expect(outcomes.map((o) => (o.ok ? o.record.id : 'x'))).toEqual(['0', '0', '1']);
	});
});
