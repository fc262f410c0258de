import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { DROPDOWN_RETRY } from '../../../shared/transport/profile';
import { ZohoConnector } from '../connector/ZohoConnector';
import { isModuleName, RESOURCE_MODULE } from '../connector/objectTypes';
import { zohoSettings } from '../transport/zohoApi';

/** The module a dropdown is for: the resource's, or the custom module named by its API name. */
export function moduleOfParameters(resource: string, customModule: string): string {
	if (resource === 'customModule') return isModuleName(customModule.trim()) ? customModule.trim() : '';
	return RESOURCE_MODULE[resource] ?? 'Contacts';
}

/** A connector for dropdowns: the node's credential and the module currently chosen. */
export async function loadConnector(ctx: ILoadOptionsFunctions): Promise<{ connector: ZohoConnector; module: string }> {
	const settings = await zohoSettings(ctx, 'oAuth2', { retry: DROPDOWN_RETRY });
	// The action node names it `resource`; the polling trigger `object`.
	const resource = String(ctx.getNodeParameter('resource', '') || ctx.getNodeParameter('object', 'contact') || 'contact');
	const module = moduleOfParameters(resource, String(ctx.getNodeParameter('customModule', '') ?? ''));
	return { connector: new ZohoConnector(ctx, settings), module: module || 'Contacts' };
}
