import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { readOutput, readRetries } from '../../../shared/n8n/options';
import { newStats } from '../../../shared/transport/request';
import { HubSpotConnector } from '../connector/HubSpotConnector';
import { RESOURCE_NEUTRAL, RESOURCE_OBJECT_TYPE } from '../connector/objectTypes';
import { hubspotSettings, type HubSpotAuth } from '../transport/hubspotApi';
import type { Operation } from './context';
import * as associate from './operations/associate.operation';
import * as create from './operations/create.operation';
import * as del from './operations/delete.operation';
import * as get from './operations/get.operation';
import * as getAll from './operations/getAll.operation';
import * as search from './operations/search.operation';
import * as update from './operations/update.operation';
import * as upsert from './operations/upsert.operation';

const OPERATIONS: Record<string, Operation> = {
	associate: associate.execute,
	create: create.execute,
	delete: del.execute,
	get: get.execute,
	getAll: getAll.execute,
	search: search.execute,
	update: update.execute,
	upsert: upsert.execute,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = OPERATIONS[operation];
	if (!run) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);

	const objectType =
		resource === 'customObject'
			? String(this.getNodeParameter('customObjectType', 0)).trim()
			: RESOURCE_OBJECT_TYPE[resource];
	if (!objectType) throw new NodeOperationError(this.getNode(), 'Item 0: field "Object Type" is empty');

	const settings = await hubspotSettings(this, this.getNodeParameter('authentication', 0, 'privateApp') as HubSpotAuth, {
		retry: readRetries(this, 0),
		stats: newStats(),
	});
	const output = readOutput(this, 0);
	const result = await run.call(this, {
		connector: new HubSpotConnector(this, settings),
		objectType,
		neutralType: RESOURCE_NEUTRAL[resource],
		items,
		output,
	});
	return [result];
}
