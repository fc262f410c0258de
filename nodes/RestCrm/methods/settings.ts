import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { DROPDOWN_RETRY } from '../../../shared/transport/profile';
import { RestCrmConnector } from '../connector/RestCrmConnector';
import { RESOURCE_BY_NAME } from '../connector/resources';
import { restCrmSettings, type RestCrmAuth } from '../transport/restCrmApi';

/** A connector for dropdowns: the node's credential and the standard resource chosen (contacts when none). */
export async function loadConnector(ctx: ILoadOptionsFunctions): Promise<{ connector: RestCrmConnector; objectType: string }> {
	const auth = ctx.getNodeParameter('authentication', 'apiCredentials') as RestCrmAuth;
	const settings = await restCrmSettings(ctx, auth, { retry: DROPDOWN_RETRY });
	const resource = String(ctx.getNodeParameter('resource', 'contact') || 'contact');
	return { connector: new RestCrmConnector(ctx, settings), objectType: RESOURCE_BY_NAME.get(resource)?.objectType ?? 'contacts' };
}
