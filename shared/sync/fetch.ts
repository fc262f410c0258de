import { DELETED } from './hash';
import type { SyncRecord, SyncState } from './types';

/**
 * Ids an incremental run must fetch by id on top of its change listing: failed
 * writes to retry, open conflicts (shown every run), resolutions to apply, and
 * pairs or creates whose write is pending.
 */
export function idsToFetch(state: SyncState): { a: string[]; b: string[] } {
	const a = new Set(state.retry.a);
	const b = new Set(state.retry.b);
	for (const open of [...state.conflicts, ...state.resolutions, ...state.pairs.filter((p) => p.pending?.length)]) {
		a.add(open.aId);
		b.add(open.bId);
	}
	for (const pc of state.pendingCreates) (pc.side === 'a' ? b : a).add(pc.sourceId);
	a.delete('');
	b.delete('');
	return { a: [...a], b: [...b] };
}

/**
 * Linked partners of the fetched records that were not fetched themselves. Fetching
 * them lets plan() write only the fields that differ; without them it writes every
 * changed field and adopts the other side's hash when it next sees it.
 */
export function counterpartIds(
	state: SyncState,
	a: readonly SyncRecord[],
	b: readonly SyncRecord[],
): { a: string[]; b: string[] } {
	const aIds = new Set(a.map((r) => r.id));
	const bIds = new Set(b.map((r) => r.id));
	const out = { a: [] as string[], b: [] as string[] };
	for (const p of state.pairs) {
		const hasA = aIds.has(p.aId);
		const hasB = bIds.has(p.bId);
		if (hasA && !hasB && p.base.hb !== DELETED) out.b.push(p.bId);
		if (hasB && !hasA && p.base.ha !== DELETED) out.a.push(p.aId);
	}
	return out;
}
