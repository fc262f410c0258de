import { hashFields, hashFieldsWith, hashIs } from '../../../shared/sync/hash';
import { commit, decodeState, encodeState, plan, type Fields } from '../../../shared/sync';
import { FIELDS, config, pair, publicPart, rec, state } from './helpers';

// The engine avoids copies for 100,000-record runs (see test/bench/syncPlan.bench.ts);
// these pin down that the shortcuts behave exactly like the plain forms.

describe('hash shortcuts', () => {
	const values: Fields[] = [
		{ email: 'ann@x.com', name: 'Ann', phone: '+111' },
		{ email: 'ann@x.com', name: '', phone: null },
		{ email: 'ann@x.com', name: 1, phone: true },
		{},
	];

	it('hashIs agrees with hashFields, and never matches a marker', () => {
		for (const v of values) {
			const h = hashFields(v, FIELDS, false).hash;
			expect(hashIs(v, FIELDS, h)).toBe(true);
			expect(hashIs(v, FIELDS, h.slice(0, 7) + (h[7] === 'A' ? 'B' : 'A'))).toBe(false);
			for (const marker of ['', '?', '~']) expect(hashIs(v, FIELDS, marker)).toBe(false);
		}
	});

	it('hashFieldsWith equals hashing the merged copy, own properties only', () => {
		for (const v of values) {
			for (const over of [{}, { name: 'Bob' }, { phone: null, email: 'b@x.com' }] as Fields[]) {
				for (const withVec of [false, true]) {
					expect(hashFieldsWith(v, over, FIELDS, withVec)).toEqual(hashFields({ ...v, ...over }, FIELDS, withVec));
				}
			}
		}
		// A field named like an Object.prototype member: `over` does not hold it, so the record's value counts.
		const names = ['constructor', 'toString'];
		const own = { constructor: 'x', toString: 'y' };
		expect(hashFieldsWith(own, {}, names, true)).toEqual(hashFields({ ...own }, names, true));
	});
});

describe('plan input', () => {
	it('a repeated id counts once, with its last record, in first-seen order', () => {
		const a = [rec('a1', { email: 'one@x.com' }), rec('a2', { email: 'two@x.com' }), rec('a1', { email: 'uno@x.com' })];
		const p = plan(state(), a, [], config({ fullReconcile: true }));
		expect(p.creates.b.map((w) => [w.sourceId, w.key])).toEqual([
			['a1', 'uno@x.com'],
			['a2', 'two@x.com'],
		]);
	});

	it('leaves the input arrays and the state untouched', () => {
		const P = { email: 'ann@x.com', name: 'Ann', phone: '+111' };
		const a = [rec('a1', { ...P, name: 'Annie' }), rec('a3', { email: 'new@x.com' })];
		const b = [rec('b1', P)];
		const s = state([pair('a1', 'b1', P)]);
		const before = JSON.stringify({ a, b, s });
		const p = plan(s, a, b, config({ fullReconcile: true }));
		expect(JSON.stringify({ a, b, s })).toBe(before);
		expect(publicPart(p).updates.b).toHaveLength(1);
		const next = commit(s, p, [...p.updates.b, ...p.creates.b].map((w) => ({ ref: w.ref, ok: true, id: 'new' })));
		expect(JSON.stringify({ a, b, s })).toBe(before);
		expect(decodeState(JSON.parse(JSON.stringify(encodeState(next))))).toEqual(next);
	});
});
