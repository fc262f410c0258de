import { PlanBuilder, pairKey } from './builder';
import { createFields, evaluateBoth, evaluatePartial } from './evaluate';
import { hashFields } from './hash';
import { recordKey } from './keys';
import { flows, settingsOf } from './settings';
import type { OpenConflict, PendingCreate, Resolution, Side, SyncConfig, SyncPlan, SyncRecord, SyncState } from './types';

function byId(records: readonly SyncRecord[]): Map<string, SyncRecord> {
	const map = new Map<string, SyncRecord>();
	for (const record of records) map.set(record.id, record);
	return map;
}

/**
 * Works out what to write so that both sides agree, from the records fetched this
 * run and the state of the last commit. Pure: `state` and the records are not changed.
 */
export function plan(state: SyncState, a: readonly SyncRecord[], b: readonly SyncRecord[], config: SyncConfig): SyncPlan {
	const s = settingsOf(config);
	const openConflicts = new Map<string, OpenConflict>(state.conflicts.map((c) => [pairKey(c.aId, c.bId), c]));
	const resolutions = new Map<string, Resolution>(state.resolutions.map((r) => [pairKey(r.aId, r.bId), r]));
	const fieldsChanged = state.fieldsId !== '' && state.fieldsId !== s.fieldsId;
	const builder = new PlanBuilder(s, state.run + 1, fieldsChanged, openConflicts, resolutions);
	const records = { a: byId(a), b: byId(b) };

	// 1. Remembered links first: a key edited after linking keeps its pair.
	const partnerOf = { a: new Map<string, string>(), b: new Map<string, string>() };
	for (const pair of state.pairs) {
		partnerOf.a.set(pair.aId, pair.bId);
		partnerOf.b.set(pair.bId, pair.aId);
		const ra = records.a.get(pair.aId);
		const rb = records.b.get(pair.bId);
		if (ra && rb) evaluateBoth(builder, pair, fieldsChanged ? null : pair.base, ra, rb, false);
		else evaluatePartial(builder, pair, ra, rb);
	}

	// 2. Keys of everything present; a key held twice on one side is reported, never merged.
	// Most keys are unique, so only the second holder of a key allocates a group.
	const first = { a: new Map<string, SyncRecord>(), b: new Map<string, SyncRecord>() };
	const many = { a: new Map<string, SyncRecord[]>(), b: new Map<string, SyncRecord[]>() };
	for (const side of ['a', 'b'] as const) {
		for (const record of records[side].values()) {
			const key = recordKey(record, s.keys);
			if (key === null) continue;
			const seen = first[side].get(key);
			if (seen === undefined) first[side].set(key, record);
			else {
				const group = many[side].get(key);
				if (group) group.push(record);
				else many[side].set(key, [seen, record]);
			}
		}
		for (const [key, group] of many[side]) builder.duplicate({ side, key, ids: group.map((r) => r.id) });
	}

	const pendingByTarget = new Map<string, PendingCreate>();
	const pendingBySource = new Map<string, PendingCreate>();
	for (const pc of state.pendingCreates) {
		pendingByTarget.set(pc.side + pc.key, pc);
		pendingBySource.set((pc.side === 'a' ? 'b' : 'a') + pc.sourceId, pc);
	}

	// 3. Unlinked records: match by key, or create on the other side.
	const matched = { a: new Set<string>(), b: new Set<string>() };
	for (const side of ['a', 'b'] as const) {
		const otherSide: Side = side === 'a' ? 'b' : 'a';
		for (const record of records[side].values()) {
			if (partnerOf[side].has(record.id) || matched[side].has(record.id)) continue;
			const key = recordKey(record, s.keys);
			if (key === null) {
				builder.skip({ side, id: record.id, reason: 'noKey' });
				continue;
			}
			if (many[side].has(key) || many[otherSide].has(key)) continue;
			const partner = first[otherSide].get(key);
			if (partner !== undefined) {
				const linkedTo = partnerOf[otherSide].get(partner.id);
				if (linkedTo !== undefined) {
					// The key already belongs to a linked pair: a second record would duplicate it.
					builder.duplicate({ side, key, ids: [linkedTo, record.id] });
					continue;
				}
				matched[otherSide].add(partner.id);
				const [ra, rb] = side === 'a' ? [record, partner] : [partner, record];
				// Our own create arriving while its source is present: compare with what was sent, and settle it.
				const sent = [pendingByTarget.get('a' + key), pendingByTarget.get('b' + key)].find(
					(pc) => pc !== undefined && pc.sourceId === (pc.side === 'a' ? rb.id : ra.id),
				);
				if (sent) {
					evaluateBoth(builder, { aId: ra.id, bId: rb.id, base: sent.base }, sent.base, ra, rb, true, sent.sourceId);
					continue;
				}
				const pair = { aId: ra.id, bId: rb.id, base: { ha: '', hb: '', va: '', vb: '' } };
				evaluateBoth(builder, pair, null, ra, rb, true);
				continue;
			}
			const created = pendingByTarget.get(side + key);
			if (created) {
				// The record our earlier create sent out on the output has arrived.
				const source = records[otherSide].get(created.sourceId);
				const ids = side === 'a' ? { aId: record.id, bId: created.sourceId } : { aId: created.sourceId, bId: record.id };
				const pair = { ...ids, base: created.base };
				if (source) {
					const [ra, rb] = side === 'a' ? [record, source] : [source, record];
					evaluateBoth(builder, pair, created.base, ra, rb, true, created.sourceId);
				} else {
					const seen = hashFields(record.fields, s.names, s.withVec);
					const cur = side === 'a' ? { ...created.base, ha: seen.hash, va: seen.vec } : { ...created.base, hb: seen.hash, vb: seen.vec };
					builder.unchanged();
					builder.pair({ ...ids, cur, next: created.base, writes: [], isNew: true, pendingCreate: created.sourceId });
				}
				continue;
			}
			if (pendingBySource.has(side + record.id) && !s.full[otherSide]) {
				// Sent out before; the other side's input has not been read in full, so wait.
				builder.skip({ side, id: record.id, reason: 'pendingCreate' });
				continue;
			}
			if (!flows(s.direction, side)) continue;
			const fields = createFields(builder, record, otherSide);
			const seen = hashFields(record.fields, s.names, s.withVec);
			const made = hashFields(fields, s.names, s.withVec);
			const ref = builder.create(otherSide, record.id, key, fields, made.hash);
			const cur = side === 'a'
				? { ha: seen.hash, hb: made.hash, va: seen.vec, vb: made.vec }
				: { ha: made.hash, hb: seen.hash, va: made.vec, vb: seen.vec };
			builder.pair({
				aId: side === 'a' ? record.id : '',
				bId: side === 'b' ? record.id : '',
				cur,
				next: cur,
				writes: [ref],
				isNew: true,
			});
		}
	}

	for (const side of ['a', 'b'] as const) {
		for (const id of state.retry[side]) if (records[side].has(id)) builder.plan.commit.retrySeen[side].push(id);
	}

	const result = builder.plan;
	const linked = state.pairs.length;
	if (s.maxDeleteShare !== undefined && builder.guardedDeletes > s.maxDeleteShare * linked) {
		const share = Math.round((builder.guardedDeletes / linked) * 1000) / 10;
		return {
			...result,
			creates: { a: [], b: [] },
			updates: { a: [], b: [] },
			deletes: { a: [], b: [] },
			conflicts: [],
			duplicates: [],
			skipped: [],
			unchanged: 0,
			aborted: {
				reason: `${builder.guardedDeletes} of ${linked} linked records (${share}%) would be deleted, more than the allowed ${
					s.maxDeleteShare * 100
				}%; nothing was written`,
			},
			commit: { fieldsId: state.fieldsId, pairs: [], retrySeen: { a: [], b: [] } },
		};
	}
	return result;
}
