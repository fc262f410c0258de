import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { DROPDOWN_RETRY } from '../../../shared/transport/profile';
import { FreshsalesConnector } from '../connector/FreshsalesConnector';
import { RESOURCE_OBJECT_TYPE } from '../connector/objectTypes';
import { freshsalesSettings } from '../transport/freshsalesApi';

/** A connector for dropdowns: the node's credential and the resource currently chosen. */
export async function loadConnector(ctx: ILoadOptionsFunctions): Promise<{ connector: FreshsalesConnector; objectType: string }> {
	const settings = await freshsalesSettings(ctx, 'apiKey', { retry: DROPDOWN_RETRY });
	// The action node names it `resource`; the polling trigger `object`.
	const resource = String(ctx.getNodeParameter('resource', '') || ctx.getNodeParameter('object', 'contact') || 'contact');
	// A custom module is named by its API name (cm_…); its records cannot be listed and it has no fields list here.
	const objectType = resource === 'customModule' ? String(ctx.getNodeParameter('customModule', '') || '').trim() : RESOURCE_OBJECT_TYPE[resource];
	return { connector: new FreshsalesConnector(ctx, settings), objectType: objectType || 'contacts' };
}
