import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { routeAction } from '../../shared/n8n/actions';
import { MAIN } from '../../shared/n8n/connections';
import { REST_CRM_ACTIONS } from './actions/crm';
import { restCrmProperties } from './actions/description';
import * as listSearch from './methods/listSearch';
import * as loadOptions from './methods/loadOptions';
import { REST_CRM_CREDENTIAL } from './transport/restCrmApi';

export class CrmPackRestCrm implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'REST CRM (CRM Pack)',
		name: 'crmPackRestCrm',
		icon: { light: 'file:restCrm.svg', dark: 'file:restCrm.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Read and write a REST CRM of your own: contacts, clients, deals, activities, projects, tasks, users, comments and any resource you describe, with webhook deliveries and a health check',
		defaults: { name: 'REST CRM (CRM Pack)' },
		usableAsTool: true,
		inputs: [MAIN],
		outputs: [MAIN],
		credentials: [
			{ name: REST_CRM_CREDENTIAL.apiCredentials, required: true, displayOptions: { show: { authentication: ['apiCredentials'] } } },
			{ name: REST_CRM_CREDENTIAL.oAuth2, required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
		],
		properties: restCrmProperties,
	};

	methods = { loadOptions, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeAction(this, REST_CRM_ACTIONS);
	}
}
