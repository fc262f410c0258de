import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { hubspotProperties } from './actions/description';
import { routeAction } from '../../shared/n8n/actions';
import { HUBSPOT_ACTIONS } from './actions/crm';
import * as listSearch from './methods/listSearch';
import * as loadOptions from './methods/loadOptions';
import { MAIN } from '../../shared/n8n/connections';

export class CrmPackHubSpot implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HubSpot (CRM Pack)',
		name: 'crmPackHubSpot',
		icon: { light: 'file:hubspot.svg', dark: 'file:hubspot.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Read and write HubSpot CRM records: batch writes of up to 100 per call, rate limits respected, CRM-neutral output',
		defaults: { name: 'HubSpot (CRM Pack)' },
		usableAsTool: true,
		inputs: [MAIN],
		outputs: [MAIN],
		credentials: [
			{ name: 'crmPackHubSpotPrivateAppApi', required: true, displayOptions: { show: { authentication: ['privateApp'] } } },
			{ name: 'crmPackHubSpotOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
			{ name: 'crmPackN8nApi', required: true, displayOptions: { show: { shareRateBudget: [true] } } },
		],
		properties: hubspotProperties,
	};

	methods = { loadOptions, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeAction(this, HUBSPOT_ACTIONS);
	}
}
