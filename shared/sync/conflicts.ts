import { DateTime } from 'luxon';

import type { ConflictConfig, Direction, Side } from './types';

/** Milliseconds since the epoch; a time without an offset is UTC; missing or unreadable = oldest. */
export function instant(value: string | undefined): number {
	if (!value) return Number.NEGATIVE_INFINITY;
	const parsed = DateTime.fromISO(value, { zone: 'utc', setZone: true });
	return parsed.isValid ? parsed.toMillis() : Number.NEGATIVE_INFINITY;
}

/** The side modified last; equal (or both missing) times go to `tieBreak` (default A) so every run agrees. */
export function mostRecent(aUpdatedAt: string | undefined, bUpdatedAt: string | undefined, tieBreak: Side = 'a'): Side {
	const a = instant(aUpdatedAt);
	const b = instant(bUpdatedAt);
	if (a > b) return 'a';
	if (b > a) return 'b';
	return tieBreak;
}

export interface FieldFacts {
	direction: Direction;
	/** Whether each side changed this field since the baseline (true for both when there is none). */
	aChanged: boolean;
	bChanged: boolean;
	/** No baseline: the pair was just matched by key. */
	firstLink: boolean;
	aEmpty: boolean;
	bEmpty: boolean;
}

/**
 * Whose value a field whose values differ should take: a side, 'conflict' (manual
 * review) or null (leave both as they are).
 */
export function decideField(facts: FieldFacts, config: ConflictConfig, recent: () => Side): Side | 'conflict' | null {
	// A one-way field belongs to its source side: only a change there moves it.
	if (facts.direction === 'aToB') return facts.aChanged ? 'a' : null;
	if (facts.direction === 'bToA') return facts.bChanged ? 'b' : null;
	if (facts.aChanged && !facts.bChanged) return 'a';
	if (facts.bChanged && !facts.aChanged) return 'b';
	// Both changed (or, with field hashes colliding, neither looks changed).
	if (facts.firstLink) {
		// Two records that never met: a blank never overwrites a value.
		if (facts.aEmpty && !facts.bEmpty) return 'b';
		if (facts.bEmpty && !facts.aEmpty) return 'a';
	}
	switch (config.strategy) {
		case 'aWins':
			return 'a';
		case 'bWins':
			return 'b';
		case 'mostRecent':
			return recent();
		case 'fieldMerge': {
			const fallback = config.fallback ?? 'mostRecent';
			return fallback === 'mostRecent' ? recent() : fallback;
		}
		case 'manual':
			return 'conflict';
	}
}
