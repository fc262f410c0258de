import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { POLLING_SUBTITLE, POLLING_TRIGGER, pollingTriggerPoll } from '../../../shared/n8n/polling';
import { FRESHSALES_CREDENTIAL } from '../transport/freshsalesApi';
import { pollingProperties } from './description';
import { openFreshsalesListings } from './listings';

export class CrmPackFreshsalesPollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		...POLLING_TRIGGER,
		displayName: 'Freshsales (CRM Pack) Polling Trigger',
		name: 'crmPackFreshsalesPollingTrigger',
		subtitle: POLLING_SUBTITLE,
		icon: { light: 'file:../freshsales.svg', dark: 'file:../freshsales.dark.svg' },
		description:
			'Starts the workflow when Freshsales contacts, accounts, deals, appointments or tasks are created or changed, by polling; no change missed or emitted twice',
		defaults: { name: 'Freshsales (CRM Pack) Polling Trigger' },
		credentials: [{ name: FRESHSALES_CREDENTIAL.apiKey, required: true }],
		properties: pollingProperties,
	};

	poll = pollingTriggerPoll({ stateKey: 'freshsalesPollCursor', open: openFreshsalesListings });
}
