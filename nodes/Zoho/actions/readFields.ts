import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { ZohoConnector } from '../connector/ZohoConnector';

/** Which fields a read returns: Zoho requires `fields` on listings (at most 50 a call; more are read in chunks and merged). */
export const readFieldsProperties = (operations: string[]): INodeProperties[] => [
	{
		displayName: 'Fields to Return',
		name: 'readFields',
		type: 'options',
		options: [
			{ name: 'Usual Fields', value: 'default', description: "The module's usual fields and those the CRM-neutral output reads" },
			{ name: 'All Fields', value: 'all', description: "Every field of the module's metadata, read 50 at a time and merged" },
			{ name: 'Selected Fields', value: 'chosen' },
		],
		default: 'default',
		displayOptions: { show: { operation: operations } },
	},
	{
		displayName: 'Field Names or IDs',
		name: 'fieldsToReturn',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getFields', loadOptionsDependsOn: ['resource', 'customModule'] },
		default: [],
		description: 'API names of the fields to return. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { operation: operations, readFields: ['chosen'] } },
	},
];

/** The fields an item's read names (undefined: the connector's usual ones). */
export async function readFieldsOf(ctx: IExecuteFunctions, connector: ZohoConnector, module: string, itemIndex: number): Promise<string[] | undefined> {
	const mode = ctx.getNodeParameter('readFields', itemIndex, 'default') as string;
	if (mode === 'all') return await connector.allFieldNames(module);
	if (mode === 'chosen') {
		const chosen = (ctx.getNodeParameter('fieldsToReturn', itemIndex, []) as string[]).map((f) => String(f).trim()).filter(Boolean);
		return chosen.length ? chosen : undefined;
	}
	return undefined;
}
