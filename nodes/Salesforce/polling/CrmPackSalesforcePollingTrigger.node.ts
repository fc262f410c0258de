import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { POLLING_SUBTITLE, POLLING_TRIGGER, pollingTriggerPoll } from '../../../shared/n8n/polling';
import { getFields } from '../methods/loadOptions';
import { pollingProperties } from './description';
import { openSalesforceListings } from './listings';

export class CrmPackSalesforcePollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		...POLLING_TRIGGER,
		displayName: 'Salesforce (CRM Pack) Polling Trigger',
		name: 'crmPackSalesforcePollingTrigger',
		subtitle: POLLING_SUBTITLE,
		icon: { light: 'file:../salesforce.svg', dark: 'file:../salesforce.dark.svg' },
		description:
			'Starts the workflow when Salesforce records (leads, contacts, accounts, opportunities, events, tasks or any sObject) are created or changed, by polling SystemModstamp; no change missed or emitted twice',
		defaults: { name: 'Salesforce (CRM Pack) Polling Trigger' },
		credentials: [
			{ name: 'crmPackSalesforceOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
			{ name: 'crmPackSalesforceJwtApi', required: true, displayOptions: { show: { authentication: ['jwt'] } } },
		],
		properties: pollingProperties,
	};

	methods = { loadOptions: { getFields } };

	poll = pollingTriggerPoll({ stateKey: 'salesforcePollCursor', open: openSalesforceListings });
}
