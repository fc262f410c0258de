import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { PipedriveConnector } from '../connector/PipedriveConnector';
import { RESOURCE_OBJECT_TYPE } from '../connector/objectTypes';
import { pipedriveSettings, type PipedriveAuth } from '../transport/pipedriveApi';

/** A connector for dropdowns: the node's credential and the resource currently chosen. */
export async function loadConnector(ctx: ILoadOptionsFunctions): Promise<{ connector: PipedriveConnector; objectType: string }> {
	const auth = (ctx.getNodeParameter('authentication', 'apiToken') as PipedriveAuth) ?? 'apiToken';
	const settings = await pipedriveSettings(ctx, auth, { retry: { maxAttempts: 3, maxWaitMs: 10_000 } });
	// The action node names it `resource`; the triggers `object`.
	const resource = String(ctx.getNodeParameter('resource', '') || ctx.getNodeParameter('object', 'person') || 'person');
	return { connector: new PipedriveConnector(ctx, settings), objectType: RESOURCE_OBJECT_TYPE[resource] ?? 'persons' };
}
