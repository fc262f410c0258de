import type { NeutralType } from '../types';

/** Same union as shared/types.ts `NeutralType`, re-exported under the model's name so the two never drift. */
export type NeutralKind = NeutralType;

export const NEUTRAL_KINDS = ['contact', 'company', 'deal', 'lead', 'appointment', 'task', 'note'] as const satisfies readonly NeutralKind[];

export function isNeutralKind(value: unknown): value is NeutralKind {
	return typeof value === 'string' && (NEUTRAL_KINDS as readonly string[]).includes(value);
}
