import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { salesforceProperties } from './actions/description';
import { routeAction } from '../../shared/n8n/actions';
import { SALESFORCE_ACTIONS } from './actions/crm';
import * as listSearch from './methods/listSearch';
import * as loadOptions from './methods/loadOptions';
import * as resourceMapping from './methods/resourceMapping';
import { MAIN } from '../../shared/n8n/connections';

export class CrmPackSalesforce implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Salesforce (CRM Pack)',
		name: 'crmPackSalesforce',
		icon: { light: 'file:salesforce.svg', dark: 'file:salesforce.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Read and write Salesforce records: 200 per call through sObject Collections, Bulk API 2.0 above a threshold, SOQL paging, lead conversion, the daily API allocation respected, CRM-neutral output',
		defaults: { name: 'Salesforce (CRM Pack)' },
		usableAsTool: true,
		inputs: [MAIN],
		outputs: [MAIN],
		credentials: [
			{ name: 'crmPackSalesforceOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
			{ name: 'crmPackSalesforceJwtApi', required: true, displayOptions: { show: { authentication: ['jwt'] } } },
		],
		properties: salesforceProperties,
	};

	methods = { loadOptions, listSearch, resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeAction(this, SALESFORCE_ACTIONS);
	}
}
