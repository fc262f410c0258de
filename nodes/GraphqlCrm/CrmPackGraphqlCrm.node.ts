import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { MAIN } from '../../shared/n8n/connections';
import { CREDENTIALS, graphqlProperties } from './actions/description';
import { executeGraphql } from './actions/execute';
import * as loadOptions from './methods/loadOptions';

export class CrmPackGraphqlCrm implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'GraphQL CRM (CRM Pack)',
		name: 'crmPackGraphqlCrm',
		icon: { light: 'file:graphqlCrm.svg', dark: 'file:graphqlCrm.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description:
			'Query and mutate any GraphQL CRM API: Relay, offset and page-token paging, many items as aliased mutations with per-item errors, query-cost limits respected',
		defaults: { name: 'GraphQL CRM (CRM Pack)' },
		usableAsTool: true,
		inputs: [MAIN],
		outputs: [MAIN],
		credentials: CREDENTIALS,
		properties: graphqlProperties,
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeGraphql(this);
	}
}
