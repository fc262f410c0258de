import type { Settings } from './settings';
import type {
	Baseline,
	ConflictItem,
	DuplicateKey,
	Fields,
	OpenConflict,
	PairUpdate,
	Resolution,
	Side,
	SkippedRecord,
	SyncPlan,
} from './types';

export function pairKey(aId: string, bId: string): string {
	return aId + '\u0000' + bId;
}

/** Collects a plan while pairs are looked at; numbers the writes so outcomes can name them. */
export class PlanBuilder {
	readonly plan: SyncPlan;
	/** Deletions that come from the delete mode (the guard counts these). */
	guardedDeletes = 0;
	/** The index in state.pairs of the link being planned (plan() step 1), else -1: PairUpdate.at. */
	linkAt = -1;
	private readonly counters: Record<string, number> = {};
	private readonly duplicateKeys = new Set<string>();

	constructor(
		readonly settings: Settings,
		run: number,
		readonly fieldsChanged: boolean,
		readonly openConflicts: ReadonlyMap<string, OpenConflict>,
		readonly resolutions: ReadonlyMap<string, Resolution>,
	) {
		this.plan = {
			run,
			creates: { a: [], b: [] },
			updates: { a: [], b: [] },
			deletes: { a: [], b: [] },
			conflicts: [],
			duplicates: [],
			skipped: [],
			unchanged: 0,
			commit: { fieldsId: settings.fieldsId, vectorLayout: settings.layout.id, pairs: [], retrySeen: { a: [], b: [] } },
		};
	}

	private ref(kind: 'c' | 'u' | 'd', side: Side): string {
		const name = kind + side;
		const n = this.counters[name] ?? 0;
		this.counters[name] = n + 1;
		return name + n;
	}

	create(side: Side, sourceId: string, key: string, fields: Fields, expect: string): string {
		const ref = this.ref('c', side);
		this.plan.creates[side].push({ ref, side, sourceId, key, fields, expect, pending: this.settings.input[side] });
		return ref;
	}

	update(side: Side, aId: string, bId: string, fields: Fields, expect: string): string {
		const ref = this.ref('u', side);
		const id = side === 'a' ? aId : bId;
		this.plan.updates[side].push({ ref, side, id, aId, bId, fields, expect, pending: this.settings.input[side] });
		return ref;
	}

	delete(side: Side, aId: string, bId: string): string {
		const ref = this.ref('d', side);
		const id = side === 'a' ? aId : bId;
		const archive = this.settings.deleteMode === 'archive';
		this.plan.deletes[side].push({ ref, side, id, aId, bId, archive, pending: this.settings.input[side] });
		return ref;
	}

	pair(update: PairUpdate): void {
		if (this.linkAt >= 0 && !update.isNew) update.at = this.linkAt;
		this.plan.commit.pairs.push(update);
	}

	conflict(item: Omit<ConflictItem, 'since'>): void {
		const open = this.openConflicts.get(pairKey(item.aId, item.bId));
		this.plan.conflicts.push({ ...item, since: open?.since ?? this.plan.run });
	}

	duplicate(duplicate: DuplicateKey): void {
		const id = duplicate.side + duplicate.key;
		if (this.duplicateKeys.has(id)) return;
		this.duplicateKeys.add(id);
		this.plan.duplicates.push(duplicate);
	}

	skip(skipped: SkippedRecord): void {
		this.plan.skipped.push(skipped);
	}

	unchanged(): void {
		this.plan.unchanged++;
	}
}

export function sameBaseline(x: Baseline, y: Baseline): boolean {
	return x.ha === y.ha && x.hb === y.hb && x.va === y.va && x.vb === y.vb;
}
