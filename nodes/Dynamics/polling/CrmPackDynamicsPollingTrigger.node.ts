import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { POLLING_SUBTITLE, POLLING_TRIGGER, pollingTriggerPoll } from '../../../shared/n8n/polling';
import { DYNAMICS_CREDENTIAL } from '../transport/dynamicsApi';
import { pollingProperties } from './description';
import { openDynamicsListings } from './listings';

export class CrmPackDynamicsPollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		...POLLING_TRIGGER,
		displayName: 'Dynamics 365 (CRM Pack) Polling Trigger',
		name: 'crmPackDynamicsPollingTrigger',
		subtitle: POLLING_SUBTITLE,
		icon: { light: 'file:../dynamics.svg', dark: 'file:../dynamics.dark.svg' },
		description: 'Starts the workflow when rows of a Dynamics 365 / Dataverse table are created or changed, by polling; no change missed or emitted twice',
		defaults: { name: 'Dynamics 365 (CRM Pack) Polling Trigger' },
		credentials: [
			{ name: DYNAMICS_CREDENTIAL.oAuth2, required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
			{ name: DYNAMICS_CREDENTIAL.clientCredentials, required: true, displayOptions: { show: { authentication: ['clientCredentials'] } } },
		],
		properties: pollingProperties,
	};

	poll = pollingTriggerPoll({ stateKey: 'dynamicsPollCursor', open: openDynamicsListings });
}
