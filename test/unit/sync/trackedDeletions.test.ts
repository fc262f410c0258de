/**
 * Deletions a vendor reports through its change tracking (CrmConnector.deletedSince,
 * Dynamics 365): the engine takes them as deletions on incremental runs, and the
 * deletion cursors survive commit and the state codec.
 */
import { commit, decodeState, encodeState, plan } from '../../../shared/sync';
import { config, pair, publicPart, rec, state } from './helpers';

const ada = { email: 'ada@example.com', name: 'Ada', phone: '1' };
const bob = { email: 'bob@example.com', name: 'Bob', phone: '2' };

describe('tracked deletions', () => {
	it('an id reported deleted on an incremental run is a deletion (propagated), an unreported missing one is not', () => {
		const s = state([pair('a1', 'b1', ada), pair('a2', 'b2', bob)]);
		const p = plan(s, [], [], config({ deleteMode: 'propagate', deletedIds: { b: ['b1'] } }));
		expect(publicPart(p).deletes).toEqual({ a: [expect.objectContaining({ id: 'a1', aId: 'a1', bId: 'b1' })], b: [] });
		// Without the report, the same incremental run sees nothing.
		expect(publicPart(plan(s, [], [], config({ deleteMode: 'propagate' }))).deletes).toEqual({ a: [], b: [] });
	});

	it('a reported deletion whose partner changed meanwhile is a conflict under Propagate, never a silent delete', () => {
		const s = state([pair('a1', 'b1', ada)]);
		const p = plan(s, [rec('a1', { ...ada, phone: '9' })], [], config({ deleteMode: 'propagate', deletedIds: { b: ['b1'] } }));
		expect(publicPart(p).deletes).toEqual({ a: [], b: [] });
		expect(p.conflicts).toEqual([expect.objectContaining({ aId: 'a1', bId: 'b1', reason: 'deletedOnB' })]);
	});

	it('with Ignore the pair keeps a tombstone: nothing is written and the record is not created again', () => {
		const s = state([pair('a1', 'b1', ada)]);
		const p = plan(s, [], [], config({ deleteMode: 'ignore', deletedIds: { b: ['b1'] } }));
		expect(publicPart(p)).toEqual(expect.objectContaining({ creates: { a: [], b: [] }, deletes: { a: [], b: [] } }));
		const next = commit(s, p, []);
		expect(plan(next, [rec('a1', { ...ada, phone: '9' })], [], config()).creates.b).toEqual([]);
	});

	it('deletion cursors are kept by commit and by the codec (through JSON), and left out when none', () => {
		const s = state([pair('a1', 'b1', ada)]);
		const p = plan(s, [], [], config());
		const next = commit(s, p, [], { cursors: { b: '2030-01-01T00:00:00Z' }, deletionCursors: { b: 'https://org.crm.dynamics.com/api/data/v9.2/contacts?$deltatoken=9!x' } });
		expect(next.deletionCursors).toEqual({ b: 'https://org.crm.dynamics.com/api/data/v9.2/contacts?$deltatoken=9!x' });
		const back = decodeState(JSON.parse(JSON.stringify(encodeState(next))));
		expect(back.deletionCursors).toEqual({ b: 'https://org.crm.dynamics.com/api/data/v9.2/contacts?$deltatoken=9!x' });
		// The next commit without new ones keeps them.
		expect(commit(back, plan(back, [], [], config()), []).deletionCursors).toEqual(back.deletionCursors);
		expect(encodeState(commit(s, p, [])).d).toBeUndefined();
	});
});
