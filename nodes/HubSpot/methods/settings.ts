import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { HubSpotConnector } from '../connector/HubSpotConnector';
import { RESOURCE_OBJECT_TYPE } from '../connector/objectTypes';
import { DROPDOWN_RETRY } from '../../../shared/transport/profile';
import { HUBSPOT_PROFILE, hubspotSettings, type HubSpotAuth } from '../transport/hubspotApi';

/** A connector for dropdowns: the node's credential and the resource currently chosen. */
export async function loadConnector(ctx: ILoadOptionsFunctions): Promise<{ connector: HubSpotConnector; objectType: string }> {
	const auth = (ctx.getNodeParameter('authentication', HUBSPOT_PROFILE.defaultAuth) as HubSpotAuth) || HUBSPOT_PROFILE.defaultAuth;
	const settings = await hubspotSettings(ctx, auth, { retry: DROPDOWN_RETRY });
	// The action node names it `resource`; the polling trigger `object`.
	const resource = String(ctx.getNodeParameter('resource', '') || ctx.getNodeParameter('object', 'contact') || 'contact');
	const objectType =
		resource === 'customObject' ? String(ctx.getNodeParameter('customObjectType', '') ?? '') : (RESOURCE_OBJECT_TYPE[resource] ?? resource);
	return { connector: new HubSpotConnector(ctx, settings), objectType };
}
