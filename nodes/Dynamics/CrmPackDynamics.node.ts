import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { routeAction } from '../../shared/n8n/actions';
import { MAIN } from '../../shared/n8n/connections';
import { DYNAMICS_ACTIONS } from './actions/crm';
import { dynamicsProperties } from './actions/description';
import * as listSearch from './methods/listSearch';
import * as loadOptions from './methods/loadOptions';
import * as resourceMapping from './methods/resourceMapping';
import { DYNAMICS_CREDENTIAL } from './transport/dynamicsApi';

export class CrmPackDynamics implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dynamics 365 (CRM Pack)',
		name: 'crmPackDynamics',
		icon: { light: 'file:dynamics.svg', dark: 'file:dynamics.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Read and write Dynamics 365 / Dataverse tables (contacts, leads, accounts, opportunities, activities, notes, any custom table): bulk writes, upsert by alternate key, FetchXML, associations, custom actions, within the service protection limits',
		defaults: { name: 'Dynamics 365 (CRM Pack)' },
		usableAsTool: true,
		inputs: [MAIN],
		outputs: [MAIN],
		credentials: [
			{ name: DYNAMICS_CREDENTIAL.oAuth2, required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
			{ name: DYNAMICS_CREDENTIAL.clientCredentials, required: true, displayOptions: { show: { authentication: ['clientCredentials'] } } },
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'OAuth2 (User)', value: 'oAuth2' },
					{ name: 'Client Credentials (Application User)', value: 'clientCredentials' },
				],
				default: 'oAuth2',
			},
			...dynamicsProperties,
		],
	};

	methods = { loadOptions, listSearch, resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeAction(this, DYNAMICS_ACTIONS);
	}
}
