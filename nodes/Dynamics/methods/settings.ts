import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { DROPDOWN_RETRY } from '../../../shared/transport/profile';
import { DynamicsConnector } from '../connector/DynamicsConnector';
import { TABLE_BY_RESOURCE } from '../connector/objectTypes';
import { dynamicsSettings, type DynamicsAuth } from '../transport/dynamicsApi';

/** The entity set a node's chosen resource (or trigger object) names: a known table, or the typed one for "Any Table". */
export function entitySetOf(resource: string, typed: unknown): string {
	if (resource === 'table') return String(typed ?? '').trim();
	return TABLE_BY_RESOURCE.get(resource)?.entitySet ?? 'contacts';
}

/** A connector for dropdowns: the node's credential and the table currently chosen. */
export async function loadConnector(ctx: ILoadOptionsFunctions): Promise<{ connector: DynamicsConnector; objectType: string }> {
	const auth = ctx.getNodeParameter('authentication', 'oAuth2') as DynamicsAuth;
	const settings = await dynamicsSettings(ctx, auth, { retry: DROPDOWN_RETRY });
	// The action node names it `resource`; the polling trigger `object`.
	const resource = String(ctx.getNodeParameter('resource', '') || ctx.getNodeParameter('object', 'contact') || 'contact');
	const objectType = entitySetOf(resource, ctx.getNodeParameter('entitySet', ''));
	return { connector: new DynamicsConnector(ctx, settings), objectType: objectType || 'contacts' };
}
