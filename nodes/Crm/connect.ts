import { NodeOperationError, type IExecuteFunctions, type INodeCredentialDescription } from 'n8n-workflow';
import type { RequestStats } from '../../shared/transport/request';
import type { CrmConnector, CrmDefinition } from '../../shared/types';
import { CRMS, crmOf } from '../crms';

/** 'privateApp' → 'Private App', 'oAuth2' → 'OAuth2', 'apiToken' → 'API Token'. */
export function authLabel(auth: string): string {
	const special: Record<string, string> = { oAuth2: 'OAuth2', jwt: 'JWT', apiKey: 'API Key', apiToken: 'API Token' };
	return special[auth] ?? auth.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

/** The CRM choice: every CRM of nodes/crms.ts, by display name. */
export function crmOptions(): Array<{ name: string; value: string }> {
	return CRMS.map((crm) => ({ name: crm.displayName, value: crm.value }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Every credential type of every CRM, none required, each shown only when `parameter` (the CRM, or
 * the list of CRMs) names its CRM: n8n shows a credential whose display rule matches any value of a
 * multi-options parameter, so the search node shows one credential per chosen CRM.
 */
export function crmCredentialDescriptions(parameter: string): INodeCredentialDescription[] {
	return CRMS.flatMap((crm) =>
		crm.credentials.map((c) => ({
			name: c.name,
			required: false,
			displayName: crm.credentials.length > 1 ? `${crm.displayName} Credential (${authLabel(c.auth)})` : `${crm.displayName} Credential`,
			displayOptions: { show: { [parameter]: [crm.value] } },
		})),
	);
}

/** The CRM of a parameter value, or a clear error naming the CRMs there are. */
export function crmNamed(ctx: IExecuteFunctions, value: string): CrmDefinition {
	const crm = crmOf(value);
	if (!crm) throw new NodeOperationError(ctx.getNode(), `The CRM "${value}" is not in this version of the pack (it has ${CRMS.map((c) => c.displayName).join(', ')})`);
	return crm;
}

/**
 * Opens a CRM's connector with the one credential of that CRM set on the node (n8n keeps
 * one credential per type; the node declares every CRM's types as optional).
 */
export async function openCrm(
	ctx: IExecuteFunctions,
	crm: CrmDefinition,
	options: { stats?: RequestStats; maxAttempts?: number; maxWaitMs?: number } = {},
): Promise<CrmConnector> {
	const set = ctx.getNode().credentials ?? {};
	const chosen = crm.credentials.filter((c) => set[c.name]);
	if (chosen.length === 0) throw new NodeOperationError(ctx.getNode(), `Choose a ${crm.displayName} credential for the CRM ${crm.displayName}`);
	if (chosen.length > 1) {
		const names = chosen.map((c) => `"${set[c.name].name}"`).join(' and ');
		throw new NodeOperationError(ctx.getNode(), `The node has ${chosen.length} ${crm.displayName} credentials (${names}): remove all but one`);
	}
	const retry = options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts, maxWaitMs: options.maxWaitMs ?? 60_000 } : undefined;
	return chosen[0].connect(ctx, { stats: options.stats, retry });
}
