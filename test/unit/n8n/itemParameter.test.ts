import type { IExecuteFunctions } from 'n8n-workflow';
import { itemParameter } from '../../../shared/n8n/itemParameter';

/** A node whose parameters are `parameters`; getNodeParameter resolves `={{ i }}` to the item index, counting calls. */
function ctx(parameters: Record<string, unknown>) {
	const calls: string[] = [];
	const get = (name: string, i: number, fallback: unknown) => {
		calls.push(`${name}@${i}`);
		let value: unknown = parameters;
		for (const part of name.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
		if (value === undefined) return fallback;
		return JSON.parse(JSON.stringify(value).replace(/"=\{\{ i \}\}"/g, String(i)));
	};
	return { calls, ctx: { getNode: () => ({ parameters }), getNodeParameter: get } as unknown as IExecuteFunctions };
}

test('a parameter without an expression is read once for every item, and each item gets its own copy', () => {
	const { calls, ctx: c } = ctx({ additionalFields: { jsonProperties: '{"a":1}' } });
	const first = itemParameter<Record<string, unknown>>(c, 'additionalFields', 0, {});
	first.jsonProperties = 'changed by item 0';
	expect(itemParameter(c, 'additionalFields', 1, {})).toEqual({ jsonProperties: '{"a":1}' });
	expect(itemParameter(c, 'additionalFields', 2, {})).toEqual({ jsonProperties: '{"a":1}' });
	expect(calls).toEqual(['additionalFields@0']);
});

test('a parameter with an expression anywhere in it is read per item', () => {
	const { calls, ctx: c } = ctx({ propertiesUi: { property: [{ name: 'email', value: '={{ i }}' }] }, options: { archived: true } });
	expect([0, 1, 2].map((i) => itemParameter(c, 'propertiesUi.property', i, []))).toEqual([
		[{ name: 'email', value: 0 }],
		[{ name: 'email', value: 1 }],
		[{ name: 'email', value: 2 }],
	]);
	expect([0, 1].map((i) => itemParameter(c, 'options.archived', i, false))).toEqual([true, true]);
	expect(calls).toEqual(['propertiesUi.property@0', 'propertiesUi.property@1', 'propertiesUi.property@2', 'options.archived@0']);
});

test('a parameter not set takes the fallback, once', () => {
	const { calls, ctx: c } = ctx({});
	expect([0, 1].map((i) => itemParameter(c, 'idProperty', i, ''))).toEqual(['', '']);
	expect(calls).toEqual(['idProperty@0']);
});
