import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { PipedriveConnector } from '../connector/PipedriveConnector';
import { RESOURCE_OBJECT_TYPE } from '../connector/objectTypes';
import { DROPDOWN_RETRY } from '../../../shared/transport/profile';
import { PIPEDRIVE_PROFILE, pipedriveSettings, type PipedriveAuth } from '../transport/pipedriveApi';

/** A connector for dropdowns: the node's credential and the resource currently chosen. */
export async function loadConnector(ctx: ILoadOptionsFunctions): Promise<{ connector: PipedriveConnector; objectType: string }> {
	const auth = (ctx.getNodeParameter('authentication', PIPEDRIVE_PROFILE.defaultAuth) as PipedriveAuth) || PIPEDRIVE_PROFILE.defaultAuth;
	const settings = await pipedriveSettings(ctx, auth, { retry: DROPDOWN_RETRY });
	// The action node names it `resource`; the triggers `object`.
	const resource = String(ctx.getNodeParameter('resource', '') || ctx.getNodeParameter('object', 'person') || 'person');
	return { connector: new PipedriveConnector(ctx, settings), objectType: RESOURCE_OBJECT_TYPE[resource] ?? 'persons' };
}
