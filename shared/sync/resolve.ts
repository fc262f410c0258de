import { SyncStateError } from './state';
import type { Fields, Side, SyncState } from './types';

export type ConflictResolutionInput = ({ aId: string; bId?: string } | { aId?: string; bId: string }) & {
	/** The side whose values win, or the values to write to both sides. */
	winner: Side | Fields;
};

/**
 * Records how an open conflict (or any linked pair) is to be settled; the next
 * plan() writes accordingly and the commit clears it.
 */
export function resolveConflict(state: SyncState, input: ConflictResolutionInput): SyncState {
	const matches = (x: { aId: string; bId: string }): boolean =>
		(input.aId === undefined || x.aId === input.aId) && (input.bId === undefined || x.bId === input.bId);
	const found = state.conflicts.find(matches) ?? state.pairs.find(matches);
	if (!found) {
		const id = input.aId !== undefined ? `A id ${input.aId}` : `B id ${input.bId}`;
		throw new SyncStateError(`No open conflict or linked record with ${id}`);
	}
	if (input.winner !== 'a' && input.winner !== 'b' && (typeof input.winner !== 'object' || input.winner === null)) {
		throw new SyncStateError(`The winner must be 'a', 'b' or an object of field values`);
	}
	const resolutions = state.resolutions.filter((r) => !(r.aId === found.aId && r.bId === found.bId));
	resolutions.push({ aId: found.aId, bId: found.bId, winner: input.winner });
	return { ...state, resolutions };
}
