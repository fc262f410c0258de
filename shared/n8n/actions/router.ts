import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { CrmConnector, NeutralType } from '../../types';
import { readOutput, type OutputFormat } from '../options';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as search from './search.operation';
import type { ActionCrm, ActionExecute } from './types';
import * as update from './update.operation';
import * as upsert from './upsert.operation';

/** The operations every CRM action node has, by their parameter value. */
const GENERIC: Record<string, ActionExecute> = {
	create: create.execute,
	delete: del.execute,
	get: get.execute,
	getAll: getAll.execute,
	search: search.execute,
	update: update.execute,
	upsert: upsert.execute,
};

/** One CRM's action node: its resources, its connector and its own operations. */
export interface ActionNode<C extends CrmConnector> {
	crm: ActionCrm<C>;
	/** Operations only this CRM has (Salesforce convert and SOQL query, HubSpot associate). */
	operations?: Record<string, ActionExecute<C>>;
	/** The vendor object type and neutral kind of a resource; throws naming the field when it cannot be used. */
	resolve: (ctx: IExecuteFunctions, resource: string, operation: string) => { objectType: string; neutralType?: NeutralType };
	/** The connector for this run, from the node's credential and options. */
	open: (ctx: IExecuteFunctions, objectType: string, operation: string, output: OutputFormat) => Promise<C>;
}

/**
 * The shared router of the CRM action nodes: reads resource and operation,
 * opens the CRM's connector once per run and hands every item to the operation.
 */
export async function routeAction<C extends CrmConnector>(ctx: IExecuteFunctions, node: ActionNode<C>): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const run = (node.operations?.[operation] ?? GENERIC[operation]) as ActionExecute<C> | undefined;
	if (!run) throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" is not supported`);
	const { objectType, neutralType } = node.resolve(ctx, resource, operation);
	const output = readOutput(ctx, 0);
	const connector = await node.open(ctx, objectType, operation, output);
	return [await run.call(ctx, { connector, objectType, neutralType, resource, items, output, crm: node.crm })];
}
