import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { POLLING_SUBTITLE, POLLING_TRIGGER, pollingTriggerPoll } from '../../../shared/n8n/polling';
import { getProperties } from '../methods/loadOptions';
import { HUBSPOT_CREDENTIAL } from '../transport/hubspotApi';
import { pollingProperties } from './description';
import { openHubSpotListings } from './listings';

export class CrmPackHubSpotPollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		...POLLING_TRIGGER,
		displayName: 'HubSpot (CRM Pack) Polling Trigger',
		name: 'crmPackHubSpotPollingTrigger',
		subtitle: POLLING_SUBTITLE,
		icon: { light: 'file:../hubspot.svg', dark: 'file:../hubspot.dark.svg' },
		description:
			'Starts the workflow when HubSpot contacts, companies, deals or meetings are created or changed, by polling; no change missed or emitted twice',
		defaults: { name: 'HubSpot (CRM Pack) Polling Trigger' },
		credentials: [
			{ name: HUBSPOT_CREDENTIAL.privateApp, required: true, displayOptions: { show: { authentication: ['privateApp'] } } },
			{ name: HUBSPOT_CREDENTIAL.oAuth2, required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
		],
		properties: pollingProperties,
	};

	methods = { loadOptions: { getProperties } };

	poll = pollingTriggerPoll({ stateKey: 'hubspotPollCursor', open: openHubSpotListings });
}
