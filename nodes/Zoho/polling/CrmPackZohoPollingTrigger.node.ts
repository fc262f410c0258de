import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { POLLING_SUBTITLE, POLLING_TRIGGER, pollingTriggerPoll } from '../../../shared/n8n/polling';
import { ZOHO_CREDENTIAL } from '../transport/zohoApi';
import { pollingProperties } from './description';
import { openZohoConnector, openZohoListings, pollDeleted } from './listings';

const changes = pollingTriggerPoll({ stateKey: 'zohoPollCursor', open: openZohoListings });

export class CrmPackZohoPollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		...POLLING_TRIGGER,
		displayName: 'Zoho CRM (CRM Pack) Polling Trigger',
		name: 'crmPackZohoPollingTrigger',
		subtitle: POLLING_SUBTITLE,
		icon: { light: 'file:../zoho.svg', dark: 'file:../zoho.dark.svg' },
		description: 'Starts the workflow when Zoho CRM records are created, changed or deleted, by polling; no change missed or emitted twice',
		defaults: { name: 'Zoho CRM (CRM Pack) Polling Trigger' },
		credentials: [{ name: ZOHO_CREDENTIAL.oAuth2, required: true }],
		properties: pollingProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		if (this.getNodeParameter('event', 'newOrUpdated') !== 'deleted') return await changes.call(this);
		const { connector, module } = await openZohoConnector(this);
		const rows = await pollDeleted(this, connector, module);
		return rows.length ? [this.helpers.returnJsonArray(rows)] : null;
	}
}
