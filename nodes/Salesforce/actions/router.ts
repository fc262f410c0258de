import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { readOutput, readRetries } from '../../../shared/n8n/options';
import { newStats } from '../../../shared/transport/request';
import { BULK_DEFAULT_MAX_WAIT_MS, BULK_DEFAULT_THRESHOLD } from '../connector/bulk';
import { SalesforceConnector } from '../connector/SalesforceConnector';
import { assertApiName, RESOURCE_NEUTRAL, RESOURCE_SOBJECT } from '../connector/objectTypes';
import { salesforceSettings, type SalesforceAuth } from '../transport/salesforceApi';
import type { Operation } from './context';
import * as convert from './operations/convert.operation';
import * as create from './operations/create.operation';
import * as del from './operations/delete.operation';
import * as get from './operations/get.operation';
import * as getAll from './operations/getAll.operation';
import * as query from './operations/query.operation';
import * as search from './operations/search.operation';
import * as update from './operations/update.operation';
import * as upsert from './operations/upsert.operation';

const OPERATIONS: Record<string, Operation> = {
	convert: convert.execute,
	create: create.execute,
	delete: del.execute,
	get: get.execute,
	getAll: getAll.execute,
	query: query.execute,
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
	if (operation === 'convert' && resource !== 'lead') {
		throw new NodeOperationError(this.getNode(), `The operation "convert" is only for the resource "lead", not "${resource}"`);
	}

	const objectType = resource === 'customObject' ? String(this.getNodeParameter('customObject', 0)).trim() : RESOURCE_SOBJECT[resource];
	if (!objectType) throw new NodeOperationError(this.getNode(), 'Item 0: field "Object API Name" is empty');
	try {
		assertApiName(objectType);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), `Item 0: field "Object API Name": ${(error as Error).message}`);
	}

	const settings = await salesforceSettings(this, this.getNodeParameter('authentication', 0, 'oAuth2') as SalesforceAuth, {
		retry: readRetries(this, 0),
		stats: newStats(),
		stopAtPercent: this.getNodeParameter('options.stopAtPercent', 0, 90) as number,
		clientId: String(this.getNodeParameter('options.clientId', 0, '') ?? ''),
		queryBatchSize: this.getNodeParameter('options.queryBatchSize', 0, 0) as number,
	});
	const connector = new SalesforceConnector(this, settings, {
		allOrNone: this.getNodeParameter('options.allOrNone', 0, false) as boolean,
		bulkThreshold: this.getNodeParameter('options.bulkThreshold', 0, BULK_DEFAULT_THRESHOLD) as number,
		bulkMaxWaitMs: (this.getNodeParameter('options.bulkMaxWaitSeconds', 0, BULK_DEFAULT_MAX_WAIT_MS / 1000) as number) * 1000,
	});
	const output = readOutput(this, 0);
	const result = await run.call(this, {
		connector,
		objectType,
		neutralType: resource === 'customObject' ? undefined : RESOURCE_NEUTRAL[resource],
		items,
		output,
	});
	return [result];
}
