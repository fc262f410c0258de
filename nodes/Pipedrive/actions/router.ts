import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { readOutput, readRetries } from '../../../shared/n8n/options';
import { newStats } from '../../../shared/transport/request';
import { PipedriveConnector } from '../connector/PipedriveConnector';
import { ENTITIES, RESOURCE_OBJECT_TYPE } from '../connector/objectTypes';
import { pipedriveSettings, type PipedriveAuth } from '../transport/pipedriveApi';
import type { Operation } from './context';
import * as create from './operations/create.operation';
import * as del from './operations/delete.operation';
import * as get from './operations/get.operation';
import * as getAll from './operations/getAll.operation';
import * as search from './operations/search.operation';
import * as update from './operations/update.operation';
import * as upsert from './operations/upsert.operation';

const OPERATIONS: Record<string, Operation> = {
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
	const objectType = RESOURCE_OBJECT_TYPE[resource];
	if (!run || !objectType) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported for "${resource}"`);
	const spec = ENTITIES[objectType];
	if ((operation === 'search' || operation === 'upsert') && !spec.searchPath) {
		throw new NodeOperationError(this.getNode(), `Pipedrive has no search for ${spec.singular} records, so "${operation}" is not available`);
	}

	const settings = await pipedriveSettings(this, this.getNodeParameter('authentication', 0, 'apiToken') as PipedriveAuth, {
		retry: readRetries(this, 0),
		stats: newStats(),
		maxConcurrency: this.getNodeParameter('options.maxConcurrency', 0, 10) as number,
	});
	const output = readOutput(this, 0);
	const connector = new PipedriveConnector(this, settings);
	if (output === 'simplified' && operation !== 'delete') {
		// Custom fields are shown by name: one fields call per run. Without it they are shown by key.
		await connector.loadLabels(objectType).catch(() => undefined);
	}
	return [await run.call(this, { connector, objectType, spec, neutralType: spec.neutral, items, output })];
}
