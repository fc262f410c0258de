import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { pipedriveProperties } from './actions/description';
import { routeAction } from '../../shared/n8n/actions';
import { PIPEDRIVE_ACTIONS } from './actions/crm';
import * as listSearch from './methods/listSearch';
import * as loadOptions from './methods/loadOptions';
import { PIPEDRIVE_CREDENTIAL } from './transport/pipedriveApi';
import { MAIN } from '../../shared/n8n/connections';

export class CrmPackPipedrive implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pipedrive (CRM Pack)',
		name: 'crmPackPipedrive',
		icon: { light: 'file:pipedrive.svg', dark: 'file:pipedrive.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Read and write Pipedrive persons, organizations, deals, leads, activities and notes: burst and token limits respected, CRM-neutral output',
		defaults: { name: 'Pipedrive (CRM Pack)' },
		usableAsTool: true,
		inputs: [MAIN],
		outputs: [MAIN],
		credentials: [
			{ name: PIPEDRIVE_CREDENTIAL.apiToken, required: true, displayOptions: { show: { authentication: ['apiToken'] } } },
			{ name: PIPEDRIVE_CREDENTIAL.oAuth2, required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
		],
		properties: pipedriveProperties,
	};

	methods = { loadOptions, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeAction(this, PIPEDRIVE_ACTIONS);
	}
}
