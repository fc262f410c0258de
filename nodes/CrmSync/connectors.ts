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

/** Whether the CRM holds records of this kind. */
export function holds(crm: CrmDefinition, kind: NeutralType): boolean {
	return kindsOf(crm).includes(kind);
}

/** The vendor object a CRM side reads and writes for a kind. */
export function objectTypeOf(crm: CrmDefinition, kind: NeutralType): string {
	const spec = objectOfKind(crm, kind);
	if (!spec) throw new Error(`${crm.displayName} has no ${kind} records`);
	return spec.objectType;
}

/** The credential types a side of this CRM accepts (the node lists them all). */
export function sideCredentials(crm: CrmDefinition): CrmCredential[] {
	return crm.credentials.slice(0, 1);
}

/** Opens a side's connector with the credential the node has for its CRM. */
export async function openSide(
	ctx: IExecuteFunctions,
	crm: CrmDefinition,
	sideName: string,
	options: { stats: RequestStats; maxAttempts: number },
): Promise<CrmConnector> {
	const set = ctx.getNode().credentials ?? {};
	const credential = sideCredentials(crm).find((c) => set[c.name]);
	if (!credential) throw new NodeOperationError(ctx.getNode(), `Side ${sideName} is ${crm.displayName}: choose a ${crm.displayName} credential`);
	return credential.connect(ctx, { stats: options.stats, retry: { maxAttempts: options.maxAttempts, maxWaitMs: 60_000 } });
}
