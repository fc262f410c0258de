import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { kindsOf, objectOfKind } from '../../shared/crmDefinition';
import type { RequestStats } from '../../shared/transport/request';
import type { CrmConnector, CrmCredential, CrmDefinition, NeutralType } from '../../shared/types';
import { CRMS, crmOf } from '../crms';

/** The side value of "Records from Input". */
export const INPUT_SIDE = 'input';

/** The CRMs a side can be: every CRM of the pack's list. */
export function sideCrms(): CrmDefinition[] {
	return CRMS;
}

/** The CRM of a side value, if the pack has it. */
export function sideCrm(value: string): CrmDefinition | undefined {
	return crmOf(value);
}

/** Whether the CRM holds records of this kind: an object of its own, or one it keeps them in (`storedAs`, e.g. HubSpot's leads are contacts). */
export function holds(crm: CrmDefinition, kind: NeutralType): boolean {
	return kindsOf(crm).includes(kind) || Boolean(crm.storedAs?.[kind]);
}

/** The vendor object a CRM side reads and writes for a kind: its object spec, else the definition's `storedAs`. */
export function objectTypeOf(crm: CrmDefinition, kind: NeutralType): string {
	const objectType = objectOfKind(crm, kind)?.objectType ?? crm.storedAs?.[kind];
	if (!objectType) throw new Error(`${crm.displayName} has no ${kind} records`);
	return objectType;
}

/** The credential types a side of this CRM accepts: every one the CRM has. */
export function sideCredentials(crm: CrmDefinition): CrmCredential[] {
	return crm.credentials;
}

/**
 * Opens a side's connector with the one credential of its CRM set on the node
 * (n8n keeps one credential per type, and the node lists every type of every
 * CRM as optional: a side uses whichever of its CRM's types is set).
 */
export async function openSide(
	ctx: IExecuteFunctions,
	crm: CrmDefinition,
	sideName: string,
	options: { stats: RequestStats; maxAttempts: number },
): Promise<CrmConnector> {
	const set = ctx.getNode().credentials ?? {};
	const chosen = sideCredentials(crm).filter((c) => set[c.name]);
	if (chosen.length === 0) throw new NodeOperationError(ctx.getNode(), `Side ${sideName} is ${crm.displayName}: choose a ${crm.displayName} credential`);
	if (chosen.length > 1) {
		const names = chosen.map((c) => `"${set[c.name].name}"`).join(' and ');
		throw new NodeOperationError(ctx.getNode(), `Side ${sideName} is ${crm.displayName} and the node has ${chosen.length} ${crm.displayName} credentials (${names}): remove all but one`);
	}
	return chosen[0].connect(ctx, { stats: options.stats, retry: { maxAttempts: options.maxAttempts, maxWaitMs: 60_000 } });
}
