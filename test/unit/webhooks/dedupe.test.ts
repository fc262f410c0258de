import type { IDataObject } from 'n8n-workflow';
import { keepUnseen, wasSeen } from '../../../shared/webhooks';

const id = (e: { id?: string | number }) => e.id;

describe('de-duplication in static data', () => {
	test('drops ids seen earlier in the batch and in earlier calls', () => {
		const staticData: IDataObject = {};
		expect(keepUnseen(staticData, [{ id: 1 }, { id: 2 }, { id: 1 }], id)).toEqual([{ id: 1 }, { id: 2 }]);
		expect(staticData.seenEventIds).toEqual(['1', '2']);
		expect(keepUnseen(staticData, [{ id: 2 }, { id: 3 }], id)).toEqual([{ id: 3 }]);
		expect(wasSeen(staticData, 3)).toBe(true);
		expect(wasSeen(staticData, 4)).toBe(false);
	});

	test('keeps entries without an id and does not record them', () => {
		const staticData: IDataObject = {};
		expect(keepUnseen(staticData, [{}, { id: '' }, {}], id)).toEqual([{}, { id: '' }, {}]);
		expect(staticData.seenEventIds).toBeUndefined();
	});

	test('keeps only the newest ids, bounded', () => {
		const staticData: IDataObject = {};
		keepUnseen(
			staticData,
			Array.from({ length: 1005 }, (_, i) => ({ id: i })),
			id,
		);
		const stored = staticData.seenEventIds as string[];
		expect(stored).toHaveLength(1000);
		expect(stored[0]).toBe('5');
		expect(stored[999]).toBe('1004');
		// An id pushed out of the window is accepted again.
		expect(keepUnseen(staticData, [{ id: 0 }], id)).toEqual([{ id: 0 }]);
	});

	test('uses a custom key and size and leaves static data untouched when nothing is new', () => {
		const staticData: IDataObject = { other: 1 };
		keepUnseen(staticData, [{ id: 'a' }, { id: 'b' }, { id: 'c' }], id, { key: 'ids', max: 2 });
		expect(staticData).toEqual({ other: 1, ids: ['b', 'c'] });
		const before = staticData.ids;
		keepUnseen(staticData, [{ id: 'c' }], id, { key: 'ids', max: 2 });
		expect(staticData.ids).toBe(before);
	});
});
