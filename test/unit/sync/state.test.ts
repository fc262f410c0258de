import { decodeState, emptyState, encodeState, recordKey, SyncStateError, type SyncState } from '../../../shared/sync';
import { hashFields } from '../../../shared/sync/hash';
import { H, V, base, pair, state } from './helpers';

const P = { email: 'ann@x.com', name: 'Ann', phone: '+111' };
const P2 = { ...P, name: 'Annie' };

const rich: SyncState = state(
	[
		pair('12345678901', '0035g00000ABCDEFGH', P),
		pair('a2', 'b2', P, P2),
		pair('a3', 'b3', P, P, true),
		pair('a4', 'b4', P, P2, true),
		{ aId: 'a5', bId: 'b5', base: { ha: H(P), hb: '~', va: V(P), vb: '' } },
		{ aId: 'a6', bId: 'b6', base: base(P2, P), pending: [{ side: 'b', hash: H(P2), vec: '', fields: ['name'] }] },
	],
	{
		run: 12,
		cursors: { a: '2024-03-01T00:00:00Z' },
		pendingCreates: [{ side: 'b', sourceId: 'a9', key: 'z@x.com', base: base(P) }],
		conflicts: [{ aId: 'a2', bId: 'b2', since: 9, reason: 'bothChanged' }],
		resolutions: [{ aId: 'a2', bId: 'b2', winner: { name: 'X', phone: null } }],
		retry: { a: ['a4'], b: [] },
	},
);

describe('state codec', () => {
	it('round-trips every part of the state, through JSON too', () => {
		expect(decodeState(encodeState(rich))).toEqual(rich);
		expect(decodeState(JSON.parse(JSON.stringify(encodeState(rich))))).toEqual(rich);
		expect(decodeState(encodeState(emptyState()))).toEqual(emptyState());
	});

	it('stores pairs as short arrays, leaving out what repeats', () => {
		expect(encodeState(rich).p).toEqual([
			['12345678901', '0035g00000ABCDEFGH', H(P)],
			['a2', 'b2', H(P), H(P2)],
			['a3', 'b3', H(P), '', V(P)],
			['a4', 'b4', H(P), H(P2), V(P), V(P2)],
			['a5', 'b5', H(P), '~', V(P), ''],
			['a6', 'b6', H(P2), H(P)],
		]);
	});

	it('with a vector layout (one-way fields), side A alone keeps the short form and equal vectors stay apart', () => {
		const laidOut: SyncState = state(
			[
				pair('a1', 'b1', P),
				{ aId: 'a2', bId: 'b2', base: { ha: H(P), hb: H(P), va: 'xy', vb: '' } },
				{ aId: 'a3', bId: 'b3', base: { ha: H(P), hb: H(P2), va: 'x', vb: 'x' } },
				{ aId: 'a4', bId: 'b4', base: { ha: H(P), hb: '~', va: '', vb: 'z' } },
			],
			{ vectorLayout: 'Xk2_a9Qz' },
		);
		const stored = encodeState(laidOut);
		expect(stored.g).toBe('Xk2_a9Qz');
		expect(stored.p).toEqual([
			['a1', 'b1', H(P)],
			['a2', 'b2', H(P), '', 'xy'],
			['a3', 'b3', H(P), H(P2), 'x', 'x'],
			['a4', 'b4', H(P), '~', '', 'z'],
		]);
		expect(decodeState(JSON.parse(JSON.stringify(stored)))).toEqual(laidOut);
	});

	it('keeps a linked pair under 64 bytes of JSON', () => {
		const bytes = JSON.stringify(encodeState(rich).p[0]).length + 1;
		expect(bytes).toBeLessThan(64);
	});

	it('reads nothing stored as the empty state and refuses damaged data', () => {
		expect(decodeState(undefined)).toEqual(emptyState());
		expect(decodeState({})).toEqual(emptyState());
		expect(() => decodeState({ v: 2, n: 0, f: '', p: [] })).toThrow(SyncStateError);
		expect(() => decodeState({ v: 1, n: 0, f: '', p: [['only-one']] })).toThrow(SyncStateError);
	});
});

describe('hashes', () => {
	const names = ['x', 'y'];
	const h = (x: unknown, y: unknown = null) => hashFields({ x, y } as never, names, false).hash;

	it('treats empty string, undefined and null alike, but keeps types apart', () => {
		expect(h('')).toBe(h(null));
		expect(h(undefined)).toBe(h(null));
		expect(h('1')).not.toBe(h(1));
		expect(h(true)).not.toBe(h('t'));
		expect(h('a', 'b')).not.toBe(h('b', 'a'));
		expect(h('ab', null)).not.toBe(h('a', 'b'));
		expect(h('x')).toHaveLength(8);
	});
});

describe('keys', () => {
	it('normalises case and whitespace, and runs a per-field normaliser', () => {
		const phone = (v: string) => (v.replace(/[^0-9]/g, '') ? '+' + v.replace(/[^0-9]/g, '') : null);
		const keys = [{ field: 'email' }, { field: 'phone', normalise: phone }];
		const k1 = recordKey({ id: '1', fields: { email: ' Ann@X.com', phone: '+1 (555) 010-0000' } }, keys);
		const k2 = recordKey({ id: '2', fields: { email: 'ann@x.com  ', phone: '15550100000' } }, keys);
		expect(k1).toBe(k2);
		expect(recordKey({ id: '3', fields: { email: 'ann@x.com', phone: 'n/a' } }, keys)).toBeNull();
		expect(recordKey({ id: '4', fields: { email: 'Ann@X.com' } }, [{ field: 'email', caseSensitive: true }])).toBe('Ann@X.com');
	});
});
