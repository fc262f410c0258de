import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { sharedRateBudgets } from '../../store/rateBudget';
import { newStats } from '../../transport/request';
import type { CrmConnector, CrmDefinition, NeutralType } from '../../types';
import { readOutput, readRetries, type OutputFormat } from '../options';
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

/** One CRM's action node: its definition (credentials, objects), its own operations and parameters. */
export interface ActionNode<C extends CrmConnector> {
	definition: CrmDefinition;
	crm: ActionCrm<C>;
	/** Operations only this CRM has (Salesforce convert and SOQL query, HubSpot associate). */
	operations?: Record<string, ActionExecute<C>>;
	/**
	 * The vendor object type and neutral kind of a resource the definition does
	 * not list (custom objects), or a refusal naming the field; undefined = the
	 * definition's object spec of the resource.
	 */
	resolve?: (ctx: IExecuteFunctions, resource: string, operation: string) => Resolved | undefined;
	/** The node's options for the connector (`ConnectOptions.vendor`). */
	connectOptions?: (ctx: IExecuteFunctions) => IDataObject;
	/** Once the connector is open (Pipedrive: custom field names for Simplified output). */
	prepare?: (connector: C, objectType: string, operation: string, output: OutputFormat) => Promise<void>;
}

interface Resolved {
	objectType: string;
	neutralType?: NeutralType;
}

/**
 * The shared router of the CRM action nodes: reads resource and operation,
 * opens the connector once per run through the definition's factory for the
 * chosen Authentication, and hands every item to the operation.
 */
export async function routeAction<C extends CrmConnector>(ctx: IExecuteFunctions, node: ActionNode<C>): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const run = (node.operations?.[operation] ?? GENERIC[operation]) as ActionExecute<C> | undefined;
	if (!run) throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" is not supported`);
	const { objectType, neutralType } = node.resolve?.(ctx, resource, operation) ?? objectOf(ctx, node.definition, resource);

	const { credentials } = node.definition;
	const auth = ctx.getNodeParameter('authentication', 0, credentials[0].auth) as string;
	const credential = credentials.find((c) => c.auth === auth);
	if (!credential) throw new NodeOperationError(ctx.getNode(), `Item 0: field "Authentication": "${auth}" is not a ${node.definition.displayName} credential type`);
	// "Share Rate Budget Across Workers" (a node offering it lists the n8n API credential): limits the vendor does not report are shared through a Data Table.
	const sharedBudget = ctx.getNodeParameter('shareRateBudget', 0, false) === true ? sharedRateBudgets() : undefined;
	const connector = (await credential.connect(ctx, { retry: readRetries(ctx, 0), stats: newStats(), vendor: node.connectOptions?.(ctx), sharedBudget })) as C;

	const output = readOutput(ctx, 0);
	await node.prepare?.(connector, objectType, operation, output);
	return [await run.call(ctx, { connector, objectType, neutralType, resource, items, output, crm: node.crm })];
}

function objectOf(ctx: IExecuteFunctions, definition: CrmDefinition, resource: string): Resolved {
	const spec = definition.objects.find((o) => o.resource === resource);
	if (!spec) throw new NodeOperationError(ctx.getNode(), `The resource "${resource}" is not supported`);
	return { objectType: spec.objectType, neutralType: spec.kind };
}
