import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { routeAction } from '../../shared/n8n/actions';
import { MAIN } from '../../shared/n8n/connections';
import { ZOHO_ACTIONS } from './actions/crm';
import type { ZohoConnector } from './connector/ZohoConnector';
import { zohoProperties } from './actions/description';
import * as credentialTest from './methods/credentialTest';
import * as listSearch from './methods/listSearch';
import * as loadOptions from './methods/loadOptions';
import * as resourceMapping from './methods/resourceMapping';
import { ZOHO_CREDENTIAL } from './transport/zohoApi';

export class CrmPackZoho implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zoho CRM (CRM Pack)',
		name: 'crmPackZoho',
		icon: { light: 'file:zoho.svg', dark: 'file:zoho.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			"Read and write Zoho CRM leads, contacts, accounts, deals, meetings, tasks, calls, notes and custom modules: 100 records per call, upsert, COQL, your data center and edition's limits respected, Zoho's own error words",
		defaults: { name: 'Zoho CRM (CRM Pack)' },
		usableAsTool: true,
		inputs: [MAIN],
		outputs: [MAIN],
		credentials: [{ name: ZOHO_CREDENTIAL.oAuth2, required: true, testedBy: 'zohoCurrentUser' }],
		properties: zohoProperties,
	};

	methods = { loadOptions, listSearch, resourceMapping, credentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		let connector: ZohoConnector | undefined;
		const output = await routeAction(this, { ...ZOHO_ACTIONS, prepare: async (c) => void (connector = c) });
		// The credits Zoho reported left after the run's last call (X-API-CREDITS-REMAINING, where it sends
		// it), shown with the output; an n8n older than execution hints shows nothing.
		const credits = connector?.settings.creditsRemaining;
		if (credits !== undefined && typeof this.addExecutionHints === 'function') {
			this.addExecutionHints({
				message: `Zoho CRM: ${credits.toLocaleString('en-US')} API credits left for the organization in the rolling 24 hours (as Zoho reported after the last call)`,
				type: credits === 0 ? 'danger' : 'info',
				location: 'outputPane',
			});
		}
		return output;
	}
}
