import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { SalesforceConnector } from '../connector/SalesforceConnector';
import { RESOURCE_SOBJECT } from '../connector/objectTypes';
import { DROPDOWN_RETRY } from '../../../shared/transport/profile';
import { SALESFORCE_PROFILE, salesforceSettings, type SalesforceAuth } from '../transport/salesforceApi';

/** A connector for dropdowns: the node's credential and the object currently chosen. */
export async function loadConnector(ctx: ILoadOptionsFunctions): Promise<{ connector: SalesforceConnector; objectType: string }> {
	const auth = (ctx.getNodeParameter('authentication', SALESFORCE_PROFILE.defaultAuth) as SalesforceAuth) || SALESFORCE_PROFILE.defaultAuth;
	const settings = await salesforceSettings(ctx, auth, { retry: DROPDOWN_RETRY });
	// The action node names it `resource`; the polling trigger `object`.
	const resource = String(ctx.getNodeParameter('resource', '') || ctx.getNodeParameter('object', 'contact') || 'contact');
	const objectType = resource === 'customObject' ? String(ctx.getNodeParameter('customObject', '') ?? '').trim() : (RESOURCE_SOBJECT[resource] ?? resource);
	return { connector: new SalesforceConnector(ctx, settings), objectType };
}
