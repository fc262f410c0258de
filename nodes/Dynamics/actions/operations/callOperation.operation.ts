import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import type { ActionContext } from '../../../../shared/n8n/actions';
import { perItem } from '../../../../shared/n8n/items';
import { parseJsonObject, recordIdOf } from '../../../../shared/n8n/parameters';
import type { DynamicsConnector } from '../../connector/DynamicsConnector';

/*
 * A custom action (POST, parameters in the body) or function (GET, parameters
 * as query aliases), unbound or bound to the chosen row
 * (webapi/use-web-api-actions, webapi/use-web-api-functions). The answer is
 * the output item, as Dataverse returns it.
 */

export const option: INodePropertyOptions = {
	name: 'Call Action or Function',
	value: 'callOperation',
	description: 'Run a custom API, custom process action or function, unbound or bound to a record',
	action: 'Call an action or function',
};

const show = { operation: ['callOperation'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Kind',
		name: 'operationKind',
		type: 'options',
		options: [
			{ name: 'Action (POST)', value: 'action' },
			{ name: 'Function (GET)', value: 'function' },
		],
		default: 'action',
		displayOptions: { show },
	},
	{
		displayName: 'Name',
		name: 'operationName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. sample_MyCustomApi',
		description: "The action's or function's unique name",
		displayOptions: { show },
	},
	{
		displayName: 'Bound to the Record',
		name: 'bound',
		type: 'boolean',
		default: false,
		description: 'Whether it is bound to a row of this table (called on the Record below) rather than unbound',
		displayOptions: { show },
	},
	{
		displayName: 'Parameters (JSON)',
		name: 'parametersJson',
		type: 'json',
		default: '{}',
		description: 'Its parameters as a JSON object, by parameter name',
		displayOptions: { show },
	},
];

export async function execute(this: IExecuteFunctions, op: ActionContext<DynamicsConnector>): Promise<INodeExecutionData[]> {
	return await perItem(this, op, async (i) => {
		const name = String(this.getNodeParameter('operationName', i, '') ?? '').trim();
		if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) throw new NodeOperationError(this.getNode(), `Item ${i}: field "Name": "${name}" is not an action or function name`, { itemIndex: i });
		const kind = this.getNodeParameter('operationKind', i, 'action') as 'action' | 'function';
		const parameters = parseJsonObject(this, this.getNodeParameter('parametersJson', i, '{}'), i, 'Parameters (JSON)');
		const bound = (this.getNodeParameter('bound', i, false) as boolean) ? { entitySet: op.objectType, id: recordIdOf(this, i) } : undefined;
		return [await op.connector.callOperation({ kind, name, parameters, bound, itemIndex: i })];
	});
}
