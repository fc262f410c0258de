import {
	asDate,
	asIso,
	asIsoDay,
	asNumber,
	asString,
	getPath,
	invert,
	lookup,
	neutralToVendor,
	setPath,
	vendorFields,
	vendorToNeutral,
} from '../../../shared/model';
import type { IDataObject } from 'n8n-workflow';
import type { FieldMapping } from '../../../shared/model';

const table: FieldMapping[] = [
	{ neutral: 'name', vendor: 'title' },
	{ neutral: 'amount', vendor: 'value', toNeutral: asNumber, toVendor: asString },
	{ neutral: 'address.city', vendor: 'addr.city' },
	{ neutral: 'address.country', vendor: 'addr.country' },
	{ neutral: 'ownerId', vendor: 'owner', readOnly: true },
];

describe('getPath / setPath', () => {
	test('getPath reads dotted paths and is undefined past a missing or non-object step', () => {
		const obj = { a: { b: { c: 1 } }, s: 'text', n: null };
		expect(getPath(obj, 'a.b.c')).toBe(1);
		expect(getPath(obj, 'a.b')).toStrictEqual({ c: 1 });
		expect(getPath(obj, 'a.x.c')).toBeUndefined();
		expect(getPath(obj, 's.length')).toBeUndefined();
		expect(getPath(obj, 'n.x')).toBeUndefined();
		expect(getPath(obj, 'n')).toBeNull();
	});

	test('getPath: a key holding the dots wins (a column named "address.city"); inherited properties are no fields', () => {
		const row: IDataObject = { 'address.city': 'Flat', address: { city: 'Nested' }, a: {} };
		expect(getPath(row, 'address.city')).toBe('Flat');
		expect(getPath({ address: { city: 'Nested' } }, 'address.city')).toBe('Nested');
		expect(getPath(row, 'toString')).toBeUndefined();
		expect(getPath(row, 'a.constructor')).toBeUndefined();
	});

	test('setPath creates intermediate objects, replaces non-objects and keeps siblings', () => {
		const obj: IDataObject = { a: { keep: true }, s: 'text' };
		setPath(obj, 'a.b.c', 1);
		setPath(obj, 's.x', 2);
		setPath(obj, 'top', null);
		expect(obj).toStrictEqual({ a: { keep: true, b: { c: 1 } }, s: { x: 2 }, top: null });
	});
});

describe('vendorToNeutral', () => {
	test('maps table fields, skips empty values and collects the rest in custom', () => {
		const result = vendorToNeutral(
			table,
			{ title: 'Big deal', value: '1200.5', addr: { city: 'Paris', country: '' }, owner: 7, hs_id: '1', extra: 'x', gone: null, nope: undefined },
			{ system: new Set(['hs_id']) },
		);
		expect(result).toStrictEqual({
			fields: { name: 'Big deal', amount: 1200.5, address: { city: 'Paris' }, ownerId: 7 },
			custom: { extra: 'x' },
		});
	});

	test('empty strings and nulls in the table are left out of fields', () => {
		expect(vendorToNeutral(table, { title: '', value: null })).toStrictEqual({ fields: {}, custom: {} });
	});

	test('system as a test, extra used fields, carry and customName', () => {
		const result = vendorToNeutral(
			[{ neutral: 'name', vendor: 'Name' }],
			{ Name: 'Acme', Id: '001', WhoId: '003', Obj: { a: 1 }, Num: 3, key_1: 'v' },
			{
				system: (field) => field === 'Id',
				used: ['WhoId'],
				carry: (value) => typeof value !== 'object',
				customName: (key) => (key === 'key_1' ? 'Label One' : key),
			},
		);
		expect(result).toStrictEqual({ fields: { name: 'Acme' }, custom: { Num: 3, 'Label One': 'v' } });
	});

	test('a custom read function replaces the dotted-path read', () => {
		const result = vendorToNeutral(table.slice(2, 3), { addr: { route: 'Main St' } }, { read: (p, f) => (f.vendor === 'addr.city' ? 'Read' : undefined) });
		expect(result).toStrictEqual({ fields: { address: { city: 'Read' } }, custom: {} });
	});
});

describe('neutralToVendor', () => {
	test('writes present fields, clears nulls, leaves absent fields and read-only fields alone', () => {
		expect(neutralToVendor(table, { name: 'Deal', amount: null, ownerId: 9 })).toStrictEqual({ title: 'Deal', value: null });
	});

	test('field converter, default converter and clear value', () => {
		const out = neutralToVendor(
			[
				{ neutral: 'name', vendor: 'title' },
				{ neutral: 'amount', vendor: 'value', toVendor: (v) => `#${String(v)}` },
				{ neutral: 'gone', vendor: 'gone' },
			],
			{ name: 12, amount: 3, gone: null },
			{ toVendor: asString, clearValue: '' },
		);
		expect(out).toStrictEqual({ title: '12', value: '#3', gone: '' });
	});

	test('dotted vendor paths are written as flat keys unless skipped', () => {
		const neutral = { address: { city: 'Paris' } };
		expect(neutralToVendor(table, neutral)).toStrictEqual({ 'addr.city': 'Paris' });
		expect(neutralToVendor(table, neutral, { skip: (f) => f.vendor.includes('.') })).toStrictEqual({});
	});

	test('custom passes through unless already written (by the table or extra) or a system field', () => {
		const out = neutralToVendor(
			table,
			{ name: 'Deal', custom: { title: 'ignored', stamp: 'ignored', Id: 'x', other: 1, nothing: null } },
			{
				extra: (fields) => {
					fields.stamp = `${String(fields.title)}!`;
				},
				system: new Set(['Id']),
			},
		);
		expect(out).toStrictEqual({ title: 'Deal', stamp: 'Deal!', other: 1, nothing: null });
	});

	test('extra runs after the table', () => {
		const seen: unknown[] = [];
		neutralToVendor(table, { name: 'A' }, { extra: (fields) => seen.push({ ...fields }) });
		expect(seen).toStrictEqual([{ title: 'A' }]);
	});
});

describe('vendorFields', () => {
	test('first path segment of each vendor field, once, in table order', () => {
		expect(vendorFields(table)).toStrictEqual(['title', 'value', 'addr', 'owner']);
	});
});

describe('converters', () => {
	test('asNumber', () => {
		expect([asNumber('12.5'), asNumber(3), asNumber(''), asNumber(null), asNumber(undefined)]).toStrictEqual([12.5, 3, null, null, null]);
		expect(asNumber('abc')).toBeNaN();
	});

	test('asString', () => {
		expect([asString(12), asString('a'), asString(true), asString(null), asString(undefined)]).toStrictEqual(['12', 'a', 'true', null, undefined]);
	});

	test('asIso normalises date-times, passes through what does not parse, empty is null', () => {
		expect(asIso('2024-06-30T22:15:00.000Z')).toBe('2024-06-30T22:15:00Z');
		expect(asIso('not a date')).toBe('not a date');
		expect([asIso(''), asIso(null), asIso(undefined)]).toStrictEqual([null, null, null]);
	});

	test('asDate normalises dates, passes through what does not parse, empty is null', () => {
		expect(asDate('2024-06-30')).toBe('2024-06-30');
		expect(asDate('not a date')).toBe('not a date');
		expect([asDate(''), asDate(null), asDate(undefined)]).toStrictEqual([null, null, null]);
	});

	test('asIsoDay is the day of the date-time as written', () => {
		expect(asIsoDay('2024-06-30T22:15:00Z')).toBe('2024-06-30');
		expect(asIsoDay('')).toBeNull();
		expect(asIsoDay('not a date')).toBe('not a date');
	});

	test('lookup translates known strings and passes the rest through (undefined as null)', () => {
		const toVendor = lookup({ low: 'LOW', high: 'HIGH' });
		expect([toVendor('low'), toVendor('HIGH'), toVendor(3), toVendor(null), toVendor(undefined)]).toStrictEqual(['LOW', 'HIGH', 3, null, null]);
	});

	test('invert swaps keys and values', () => {
		expect(invert({ a: '1', b: '2' })).toStrictEqual({ 1: 'a', 2: 'b' });
	});
});
