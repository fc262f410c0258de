import { plan, type SyncConfig, type SyncRecord, type SyncState } from '../../../shared/sync';
import { H, V, base, config, expected, history, pair, publicPart, rec, state, type PublicPlan } from './helpers';

const P = { email: 'ann@x.com', name: 'Ann', phone: '+111' };
const P_NAME = { ...P, name: 'Annie' };
const P_PHONE = { ...P, phone: '+222' };
const P_BOTH = { ...P, name: 'Annie', phone: '+222' };
const Q = { email: 'bob@x.com', name: 'Bob', phone: null };

const upd = (side: 'a' | 'b', n: number, aId: string, bId: string, fields: Record<string, string | null>, after: Record<string, unknown>, pending = false) => ({
	ref: `u${side}${n}`,
	side,
	id: side === 'a' ? aId : bId,
	aId,
	bId,
	fields,
	expect: H(after as never),
	pending,
});

interface Row {
	name: string;
	config?: Partial<SyncConfig>;
	state?: SyncState;
	a: SyncRecord[];
	b: SyncRecord[];
	plan: Partial<PublicPlan>;
}

const fiveLinked = ['1', '2', '3', '4', '5'].map((n) => pair(`a${n}`, `b${n}`, { ...P, email: `p${n}@x.com` }));
const fiveRecords = (side: 'a' | 'b', skip: string[]) =>
	['1', '2', '3', '4', '5'].filter((n) => !skip.includes(n)).map((n) => rec(`${side}${n}`, { ...P, email: `p${n}@x.com` }));

// Field Overrides: name flows A -> B only, phone B -> A only. The states are what the
// engine itself committed (history), so they hold exactly what it tracks per strategy.
const ONE_WAY = { name: 'aToB', phone: 'bToA' } as const;
const STRATEGIES: Array<[string, Partial<SyncConfig>]> = [
	['A wins', { conflict: { strategy: 'aWins' } }],
	['B wins', { conflict: { strategy: 'bWins' } }],
	['most recent, A later', { conflict: { strategy: 'mostRecent' } }],
	['most recent, B later', { conflict: { strategy: 'mostRecent', tieBreak: 'b' } }],
	['field merge', { conflict: { strategy: 'fieldMerge' } }],
	['manual', { conflict: { strategy: 'manual' } }],
];
const oneWay = (over: Partial<SyncConfig>): Partial<SyncConfig> => ({ ...over, fieldDirections: { ...ONE_WAY } });
const linkedOneWay = (over: Partial<SyncConfig>, ...later: Array<[Record<string, string>, Record<string, string>]>) =>
	history(config(oneWay(over)), 'a1', 'b1', [[P, P], ...later]);
const timesFor = (name: string): [string | undefined, string | undefined] =>
	name === 'most recent, A later' ? ['2024-03-01T10:00:00Z', '2024-03-01T09:00:00Z'] : name === 'most recent, B later' ? ['2024-03-01T09:00:00Z', '2024-03-01T10:00:00Z'] : [undefined, undefined];

const oneWayRows: Row[] = STRATEGIES.flatMap(([label, over]): Row[] => {
	const [ta, tb] = timesFor(label);
	return [
		{
			name: `one-way fields, ${label}: A edits its B-to-A phone and B edits its A-to-B name: nothing moves (the issue's example)`,
			config: oneWay(over),
			state: linkedOneWay(over),
			a: [rec('a1', { ...P, phone: '+999' }, ta)],
			b: [rec('b1', { ...P, name: 'Bea' }, tb)],
			plan: { unchanged: 1 },
		},
		{
			name: `one-way fields, ${label}: each side edits the field it is the source of: both move, whatever the strategy`,
			config: oneWay(over),
			state: linkedOneWay(over),
			a: [rec('a1', P_NAME, ta)],
			b: [rec('b1', P_PHONE, tb)],
			plan: { updates: { a: [upd('a', 0, 'a1', 'b1', { phone: '+222' }, P_BOTH)], b: [upd('b', 0, 'a1', 'b1', { name: 'Annie' }, P_BOTH)] } },
		},
		{
			name: `one-way fields, ${label}: B's own value of the A-to-B name (kept last run) survives A editing another field`,
			config: oneWay(over),
			state: linkedOneWay(over, [P, { ...P, name: 'Bea' }]),
			a: [rec('a1', { ...P, email: 'ann@new.com' }, ta)],
			b: [rec('b1', { ...P, name: 'Bea' }, tb)],
			plan: { updates: { a: [], b: [upd('b', 0, 'a1', 'b1', { email: 'ann@new.com' }, { ...P, email: 'ann@new.com', name: 'Bea' })] } },
		},
		{
			name: `one-way fields, ${label}: incremental, partner not fetched: the unchanged A-to-B name is not sent blind over B's own value`,
			config: oneWay(over),
			state: linkedOneWay(over, [P, { ...P, name: 'Bea' }]),
			a: [rec('a1', { ...P, email: 'ann@new.com' }, ta)],
			b: [],
			plan: { updates: { a: [], b: [{ ref: 'ub0', side: 'b', id: 'b1', aId: 'a1', bId: 'b1', fields: { email: 'ann@new.com' }, expect: '?', pending: false }] } },
		},
	];
});

const rows: Row[] = [
	{ name: 'empty sides, empty state', a: [], b: [], plan: {} },
	{
		name: 'record only in A is created in B',
		a: [rec('a1', P)],
		b: [],
		plan: { creates: { a: [], b: [{ ref: 'cb0', side: 'b', sourceId: 'a1', key: 'ann@x.com', fields: P, expect: H(P), pending: false }] } },
	},
	{
		name: 'record only in B is created in A, nulls left out',
		a: [],
		b: [rec('b1', Q)],
		plan: { creates: { a: [{ ref: 'ca0', side: 'a', sourceId: 'b1', key: 'bob@x.com', fields: { email: 'bob@x.com', name: 'Bob' }, expect: H(Q), pending: false }], b: [] } },
	},
	{ name: 'direction B to A: a record only in A is not created', config: { direction: 'bToA' }, a: [rec('a1', P)], b: [], plan: {} },
	{
		name: 'created on both sides with the same key (case, spaces): linked, not duplicated; A wins the spelling',
		a: [rec('a1', P)],
		b: [rec('b1', { ...P, email: '  ANN@x.com ' })],
		plan: { updates: { a: [], b: [upd('b', 0, 'a1', 'b1', { email: 'ann@x.com' }, P)] } },
	},
	{
		name: 'created on both sides with equal values: linked, nothing written',
		a: [rec('a1', P)],
		b: [rec('b1', P)],
		plan: { unchanged: 1 },
	},
	{
		name: 'created on both sides, B lacks the phone: the blank is filled, never overwrites',
		config: { conflict: { strategy: 'bWins' } },
		a: [rec('a1', P)],
		b: [rec('b1', { ...P, phone: null })],
		plan: { updates: { a: [], b: [upd('b', 0, 'a1', 'b1', { phone: '+111' }, P)] } },
	},
	{ name: 'linked pair, nothing changed', state: state([pair('a1', 'b1', P)]), a: [rec('a1', P)], b: [rec('b1', P)], plan: { unchanged: 1 } },
	{
		name: 'changed in A only: B updated with the changed field',
		state: state([pair('a1', 'b1', P)]),
		a: [rec('a1', P_NAME)],
		b: [rec('b1', P)],
		plan: { updates: { a: [], b: [upd('b', 0, 'a1', 'b1', { name: 'Annie' }, P_NAME)] } },
	},
	{
		name: 'changed in B only: A updated',
		state: state([pair('a1', 'b1', P)]),
		a: [rec('a1', P)],
		b: [rec('b1', P_PHONE)],
		plan: { updates: { a: [upd('a', 0, 'a1', 'b1', { phone: '+222' }, P_PHONE)], b: [] } },
	},
	{
		name: 'both changed the same field, A wins',
		state: state([pair('a1', 'b1', P)]),
		a: [rec('a1', P_NAME)],
		b: [rec('b1', { ...P, name: 'Anne' })],
		plan: { updates: { a: [], b: [upd('b', 0, 'a1', 'b1', { name: 'Annie' }, P_NAME)] } },
	},
	{
		name: 'both changed the same field, B wins',
		config: { conflict: { strategy: 'bWins' } },
		state: state([pair('a1', 'b1', P)]),
		a: [rec('a1', P_NAME)],
		b: [rec('b1', { ...P, name: 'Anne' })],
		plan: { updates: { a: [upd('a', 0, 'a1', 'b1', { name: 'Anne' }, { ...P, name: 'Anne' })], b: [] } },
	},
	{
		name: 'both changed different fields, A wins: the whole A record wins (B phone change reverted)',
		state: state([pair('a1', 'b1', P)]),
		a: [rec('a1', P_NAME)],
		b: [rec('b1', P_PHONE)],
		plan: { updates: { a: [], b: [upd('b', 0, 'a1', 'b1', { name: 'Annie', phone: '+111' }, P_NAME)] } },
	},
	{
		name: 'most recent: B modified later wins',
		config: { conflict: { strategy: 'mostRecent' } },
		state: state([pair('a1', 'b1', P)]),
		a: [rec('a1', P_NAME, '2024-03-01T08:00:00Z')],
		b: [rec('b1', P_PHONE, '2024-03-01T09:00:00Z')],
		plan: { updates: { a: [upd('a', 0, 'a1', 'b1', { name: 'Ann', phone: '+222' }, P_PHONE)], b: [] } },
	},
	{
		name: 'most recent across time zones: 10:00+02:00 is earlier than 09:00Z',
		config: { conflict: { strategy: 'mostRecent' } },
		state: state([pair('a1', 'b1', P)]),
		a: [rec('a1', P_NAME, '2024-03-01T10:00:00+02:00')],
		b: [rec('b1', P_PHONE, '2024-03-01T09:00:00Z')],
		plan: { updates: { a: [upd('a', 0, 'a1', 'b1', { name: 'Ann', phone: '+222' }, P_PHONE)], b: [] } },
	},
	{
		name: 'most recent, the same instant in two zones: tie goes to A',
		config: { conflict: { strategy: 'mostRecent' } },
		state: state([pair('a1', 'b1', P)]),
		a: [rec('a1', P_NAME, '2024-03-01T11:00:00+02:00')],
		b: [rec('b1', P_PHONE, '2024-03-01T09:00:00.000Z')],
		plan: { updates: { a: [], b: [upd('b', 0, 'a1', 'b1', { name: 'Annie', phone: '+111' }, P_NAME)] } },
	},
	{
		name: 'most recent, equal times with tieBreak B',
		config: { conflict: { strategy: 'mostRecent', tieBreak: 'b' } },
		state: state([pair('a1', 'b1', P)]),
		a: [rec('a1', P_NAME, '2024-03-01T09:00:00Z')],
		b: [rec('b1', P_PHONE, '2024-03-01T09:00:00Z')],
		plan: { updates: { a: [upd('a', 0, 'a1', 'b1', { name: 'Ann', phone: '+222' }, P_PHONE)], b: [] } },
	},
	{
		name: 'most recent, a time without offset is UTC and a missing time is oldest',
		config: { conflict: { strategy: 'mostRecent' } },
		state: state([pair('a1', 'b1', P)]),
		a: [rec('a1', P_NAME)],
		b: [rec('b1', P_PHONE, '2024-03-01T09:00:00')],
		plan: { updates: { a: [upd('a', 0, 'a1', 'b1', { name: 'Ann', phone: '+222' }, P_PHONE)], b: [] } },
	},
	{
		name: 'field merge: different fields changed on each side are merged both ways',
		config: { conflict: { strategy: 'fieldMerge' } },
		state: state([pair('a1', 'b1', P, P, true)]),
		a: [rec('a1', P_NAME)],
		b: [rec('b1', P_PHONE)],
		plan: {
			updates: {
				a: [{ ...upd('a', 0, 'a1', 'b1', { phone: '+222' }, P_BOTH) }],
				b: [{ ...upd('b', 0, 'a1', 'b1', { name: 'Annie' }, P_BOTH) }],
			},
		},
	},
	{
		name: 'field merge, same field on both sides, fallback A',
		config: { conflict: { strategy: 'fieldMerge', fallback: 'a' } },
		state: state([pair('a1', 'b1', P, P, true)]),
		a: [rec('a1', P_NAME, '2024-01-01T00:00:00Z')],
		b: [rec('b1', { ...P_PHONE, name: 'Anne' }, '2024-06-01T00:00:00Z')],
		plan: {
			updates: {
				a: [upd('a', 0, 'a1', 'b1', { phone: '+222' }, P_BOTH)],
				b: [upd('b', 0, 'a1', 'b1', { name: 'Annie' }, P_BOTH)],
			},
		},
	},
	{
		name: 'field merge, same field on both sides, fallback B',
		config: { conflict: { strategy: 'fieldMerge', fallback: 'b' } },
		state: state([pair('a1', 'b1', P, P, true)]),
		a: [rec('a1', P_NAME, '2024-06-01T00:00:00Z')],
		b: [rec('b1', { ...P, name: 'Anne' }, '2024-01-01T00:00:00Z')],
		plan: { updates: { a: [upd('a', 0, 'a1', 'b1', { name: 'Anne' }, { ...P, name: 'Anne' })], b: [] } },
	},
	{
		name: 'field merge, same field on both sides, fallback most recent (default)',
		config: { conflict: { strategy: 'fieldMerge' } },
		state: state([pair('a1', 'b1', P, P, true)]),
		a: [rec('a1', P_NAME, '2024-06-01T00:00:00Z')],
		b: [rec('b1', { ...P, name: 'Anne' }, '2024-01-01T00:00:00Z')],
		plan: { updates: { a: [], b: [upd('b', 0, 'a1', 'b1', { name: 'Annie' }, P_NAME)] } },
	},
	{
		name: 'manual: both changed, nothing written, reported as a conflict',
		config: { conflict: { strategy: 'manual' } },
		state: state([pair('a1', 'b1', P)]),
		a: [rec('a1', P_NAME, '2024-06-01T00:00:00Z')],
		b: [rec('b1', P_PHONE)],
		plan: {
			conflicts: [
				{ aId: 'a1', bId: 'b1', reason: 'bothChanged', fields: ['name', 'phone'], a: P_NAME, b: P_PHONE, aUpdatedAt: '2024-06-01T00:00:00Z', since: 1 },
			],
		},
	},
	{
		name: 'manual: an open conflict stays open, keeping its first run',
		config: { conflict: { strategy: 'manual' } },
		state: state([pair('a1', 'b1', P)], { run: 7, conflicts: [{ aId: 'a1', bId: 'b1', since: 3, reason: 'bothChanged' }] }),
		a: [rec('a1', P_NAME)],
		b: [rec('b1', P_PHONE)],
		plan: { run: 8, conflicts: [{ aId: 'a1', bId: 'b1', reason: 'bothChanged', fields: ['name', 'phone'], a: P_NAME, b: P_PHONE, since: 3 }] },
	},
	{
		name: 'manual conflict resolved with B as winner: A updated',
		config: { conflict: { strategy: 'manual' } },
		state: state([pair('a1', 'b1', P)], { resolutions: [{ aId: 'a1', bId: 'b1', winner: 'b' }] }),
		a: [rec('a1', P_NAME)],
		b: [rec('b1', P_PHONE)],
		plan: { updates: { a: [upd('a', 0, 'a1', 'b1', { name: 'Ann', phone: '+222' }, P_PHONE)], b: [] } },
	},
	{
		name: 'manual conflict resolved with values: both sides written where they differ',
		config: { conflict: { strategy: 'manual' } },
		state: state([pair('a1', 'b1', P)], { resolutions: [{ aId: 'a1', bId: 'b1', winner: { name: 'Annie', phone: '+333' } }] }),
		a: [rec('a1', P_NAME)],
		b: [rec('b1', P_PHONE)],
		plan: {
			updates: {
				a: [upd('a', 0, 'a1', 'b1', { phone: '+333' }, { ...P_NAME, phone: '+333' })],
				b: [upd('b', 0, 'a1', 'b1', { name: 'Annie', phone: '+333' }, { ...P_NAME, phone: '+333' })],
			},
		},
	},
	{
		name: 'both changed to the same values (e.g. a crash after writing): nothing to write',
		config: { conflict: { strategy: 'manual' } },
		state: state([pair('a1', 'b1', P)]),
		a: [rec('a1', P_NAME)],
		b: [rec('b1', P_NAME)],
		plan: { unchanged: 1 },
	},
	{
		name: 'key changed after linking: the link holds and the new email flows',
		state: state([pair('a1', 'b1', P)]),
		a: [rec('a1', { ...P, email: 'ann@new.com' })],
		b: [rec('b1', P)],
		plan: { updates: { a: [], b: [upd('b', 0, 'a1', 'b1', { email: 'ann@new.com' }, { ...P, email: 'ann@new.com' })] } },
	},
	{
		name: 'same key twice in A: reported, neither created nor merged',
		a: [rec('a1', P), rec('a2', { ...P, email: 'Ann@X.com', name: 'Other' })],
		b: [rec('b1', P)],
		plan: { duplicates: [{ side: 'a', key: 'ann@x.com', ids: ['a1', 'a2'] }] },
	},
	{
		name: 'a new B record with the key of a linked pair is a duplicate, not a new A record',
		state: state([pair('a1', 'b1', P)]),
		a: [rec('a1', P)],
		b: [rec('b2', { ...P, name: 'Copy' })],
		plan: { unchanged: 1, duplicates: [{ side: 'b', key: 'ann@x.com', ids: ['b1', 'b2'] }] },
	},
	{
		name: 'record without a key is skipped (it could not be matched on a re-run)',
		a: [rec('a1', { email: null, name: 'Nobody', phone: null })],
		b: [],
		plan: { skipped: [{ side: 'a', id: 'a1', reason: 'noKey' }] },
	},
	{
		name: 'deleted in A, incremental run: missing means unchanged',
		config: { deleteMode: 'propagate' },
		state: state([pair('a1', 'b1', P)]),
		a: [],
		b: [rec('b1', P)],
		plan: { unchanged: 1 },
	},
	{
		name: 'deleted in A, full run, ignore: nothing written',
		config: { deleteMode: 'ignore', fullReconcile: true },
		state: state([pair('a1', 'b1', P)]),
		a: [],
		b: [rec('b1', P)],
		plan: { unchanged: 1 },
	},
	{
		name: 'deleted in A, full run, propagate: B deleted',
		config: { deleteMode: 'propagate', fullReconcile: true },
		state: state([pair('a1', 'b1', P)]),
		a: [],
		b: [rec('b1', P)],
		plan: { deletes: { a: [], b: [{ ref: 'db0', side: 'b', id: 'b1', aId: 'a1', bId: 'b1', archive: false, pending: false }] } },
	},
	{
		name: 'deleted in B, full run, archive: A archived (B side not even fetched)',
		config: { deleteMode: 'archive', fullReconcile: { a: false, b: true } },
		state: state([pair('a1', 'b1', P)]),
		a: [],
		b: [],
		plan: { deletes: { a: [{ ref: 'da0', side: 'a', id: 'a1', aId: 'a1', bId: 'b1', archive: true, pending: false }], b: [] } },
	},
	{
		name: 'deleted in A but edited in B since: a conflict, nothing deleted',
		config: { deleteMode: 'propagate', fullReconcile: true },
		state: state([pair('a1', 'b1', P)]),
		a: [],
		b: [rec('b1', P_PHONE)],
		plan: { conflicts: [{ aId: 'a1', bId: 'b1', reason: 'deletedOnA', fields: [], a: null, b: P_PHONE, since: 1 }] },
	},
	{
		name: 'deleted on both sides: nothing to write',
		config: { deleteMode: 'propagate', fullReconcile: true },
		state: state([pair('a1', 'b1', P)]),
		a: [],
		b: [],
		plan: {},
	},
	{
		name: 'deletion guard: 2 of 5 (40%) over 20% aborts with no writes',
		config: { deleteMode: 'propagate', fullReconcile: true, maxDeleteShare: 0.2 },
		state: state(fiveLinked),
		a: fiveRecords('a', ['1', '2']),
		b: [...fiveRecords('b', []), rec('bNew', Q)],
		plan: { aborted: { reason: '2 of 5 linked records (40%) would be deleted, more than the allowed 20%; nothing was written' } },
	},
	{
		name: 'deletion guard: 1 of 5 (20%) is allowed',
		config: { deleteMode: 'propagate', fullReconcile: true, maxDeleteShare: 0.2 },
		state: state(fiveLinked),
		a: fiveRecords('a', ['3']),
		b: fiveRecords('b', []),
		plan: { unchanged: 4, deletes: { a: [], b: [{ ref: 'db0', side: 'b', id: 'b3', aId: 'a3', bId: 'b3', archive: false, pending: false }] } },
	},
	{
		name: 'per-field direction: a field A to B only does not flow back from B',
		config: { fieldDirections: { name: 'aToB' } },
		state: state([pair('a1', 'b1', P)]),
		a: [rec('a1', P)],
		b: [rec('b1', P_NAME)],
		plan: { unchanged: 1 },
	},
	{
		name: 'per-field direction: A to B field flows, B to A field does not, in the same conflict',
		config: { fieldDirections: { name: 'aToB', phone: 'bToA' }, conflict: { strategy: 'bWins' } },
		state: state([pair('a1', 'b1', P)]),
		a: [rec('a1', P_BOTH)],
		b: [rec('b1', P)],
		plan: { updates: { a: [], b: [upd('b', 0, 'a1', 'b1', { name: 'Annie' }, P_NAME)] } },
	},
	{
		name: 'per-field direction: a B-to-A field wins over A wins for its own source',
		config: { fieldDirections: { phone: 'bToA' } },
		state: state([pair('a1', 'b1', P)]),
		a: [rec('a1', { ...P_NAME, phone: '+999' })],
		b: [rec('b1', P_PHONE)],
		plan: {
			updates: {
				a: [upd('a', 0, 'a1', 'b1', { phone: '+222' }, P_BOTH)],
				b: [upd('b', 0, 'a1', 'b1', { name: 'Annie' }, P_BOTH)],
			},
		},
	},
	{
		name: 'records from input: a pending write the input now shows is confirmed, not a change',
		config: { inputSides: { b: true }, conflict: { strategy: 'manual' } },
		state: state([{ aId: 'a1', bId: 'b1', base: base(P_NAME, P), pending: [{ side: 'b', hash: H(P_NAME), vec: '', fields: ['name'] }] }]),
		a: [rec('a1', P_NAME)],
		b: [rec('b1', P_NAME)],
		plan: { unchanged: 1 },
	},
	{
		name: 'records from input: the input still shows the old value, so the write is sent again',
		config: { inputSides: { b: true } },
		state: state([{ aId: 'a1', bId: 'b1', base: base(P_NAME, P), pending: [{ side: 'b', hash: H(P_NAME), vec: '', fields: ['name'] }] }]),
		a: [rec('a1', P_NAME)],
		b: [rec('b1', P)],
		plan: { updates: { a: [], b: [upd('b', 0, 'a1', 'b1', { name: 'Annie' }, P_NAME, true)] } },
	},
	{
		name: 'records from input: confirmed write, then A changed again: a one-sided change, not a conflict',
		config: { inputSides: { b: true }, conflict: { strategy: 'manual' } },
		state: state([{ aId: 'a1', bId: 'b1', base: base(P_NAME, P), pending: [{ side: 'b', hash: H(P_NAME), vec: '', fields: ['name'] }] }]),
		a: [rec('a1', P_BOTH)],
		b: [rec('b1', P_NAME)],
		plan: { updates: { a: [], b: [upd('b', 0, 'a1', 'b1', { phone: '+222' }, P_BOTH, true)] } },
	},
	{
		name: 'records from input: write never applied and the row edited meanwhile: both changed (A wins)',
		config: { inputSides: { b: true } },
		state: state([{ aId: 'a1', bId: 'b1', base: base(P_NAME, P), pending: [{ side: 'b', hash: H(P_NAME), vec: '', fields: ['name'] }] }]),
		a: [rec('a1', P_NAME)],
		b: [rec('b1', P_PHONE)],
		plan: { updates: { a: [], b: [upd('b', 0, 'a1', 'b1', { name: 'Annie', phone: '+111' }, P_NAME, true)] } },
	},
	{
		name: 'records from input: a created row shows up with its new id and is linked without a write',
		config: { inputSides: { b: true } },
		state: state([], { pendingCreates: [{ side: 'b', sourceId: 'a1', key: 'ann@x.com', base: base(P) }] }),
		a: [],
		b: [rec('row-9', P)],
		plan: { unchanged: 1 },
	},
	{
		name: 'records from input: a pending create is not sent twice while B is read incrementally',
		config: { inputSides: { b: true } },
		state: state([], { pendingCreates: [{ side: 'b', sourceId: 'a1', key: 'ann@x.com', base: base(P) }] }),
		a: [rec('a1', P)],
		b: [],
		plan: { skipped: [{ side: 'a', id: 'a1', reason: 'pendingCreate' }] },
	},
	{
		name: 'records from input: B read in full and the created row is absent: the create is sent again',
		config: { inputSides: { b: true }, fullReconcile: { a: false, b: true } },
		state: state([], { pendingCreates: [{ side: 'b', sourceId: 'a1', key: 'ann@x.com', base: base(P) }] }),
		a: [rec('a1', P)],
		b: [],
		plan: { creates: { a: [], b: [{ ref: 'cb0', side: 'b', sourceId: 'a1', key: 'ann@x.com', fields: P, expect: H(P), pending: true }] } },
	},
	{
		name: 'crash after a create, before commit: the re-run links by key instead of creating again',
		state: state(),
		a: [rec('a1', P)],
		b: [rec('b-created', P)],
		plan: { unchanged: 1 },
	},
	{
		name: 'failed write kept its old baseline: the next run sends it again',
		state: state([pair('a1', 'b1', P)], { retry: { a: ['a1'], b: ['b1'] } }),
		a: [rec('a1', P_NAME)],
		b: [rec('b1', P)],
		plan: { updates: { a: [], b: [upd('b', 0, 'a1', 'b1', { name: 'Annie' }, P_NAME)] } },
	},
	{
		name: 'incremental, partner not fetched: every field is sent and the whole hash is known',
		state: state([pair('a1', 'b1', P)]),
		a: [rec('a1', P_NAME)],
		b: [],
		plan: { updates: { a: [], b: [upd('b', 0, 'a1', 'b1', P_NAME, P_NAME)] } },
	},
	{
		name: 'incremental, partner not fetched, field merge: only the changed field is sent',
		config: { conflict: { strategy: 'fieldMerge' } },
		state: state([pair('a1', 'b1', P, P, true)]),
		a: [],
		b: [rec('b1', P_PHONE)],
		plan: { updates: { a: [{ ref: 'ua0', side: 'a', id: 'a1', aId: 'a1', bId: 'b1', fields: { phone: '+222' }, expect: '?', pending: false }], b: [] } },
	},
	{
		name: "direction A to B: B's edit of a field A did not change is not reverted when A changed another field",
		config: { direction: 'aToB' },
		state: history(config({ direction: 'aToB' }), 'a1', 'b1', [[P, P]]),
		a: [rec('a1', P_NAME)],
		b: [rec('b1', P_PHONE)],
		plan: { updates: { a: [], b: [upd('b', 0, 'a1', 'b1', { name: 'Annie' }, P_BOTH)] } },
	},
	...oneWayRows,
	{
		name: 'empty strings and nulls are the same value',
		state: state([pair('a1', 'b1', Q)]),
		a: [rec('a1', { ...Q, phone: '' })],
		b: [rec('b1', { email: 'bob@x.com', name: 'Bob' })],
		plan: { unchanged: 1 },
	},
];

describe('sync plan scenarios', () => {
	it('has at least 30 rows', () => expect(rows.length).toBeGreaterThanOrEqual(30));

	test.each(rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
		const before = JSON.stringify(row.state ?? state());
		const result = plan(row.state ?? state(), row.a, row.b, config(row.config));
		expect(publicPart(result)).toEqual(expected(row.plan));
		// plan() is side-effect free: the state passed in is untouched.
		expect(JSON.stringify(row.state ?? state())).toBe(before);
	});

	it('field merge vectors use one character per field', () => {
		expect(V(P)).toHaveLength(3);
	});
});
