import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { POLLING_SUBTITLE, POLLING_TRIGGER, pollingTriggerPoll } from '../../../shared/n8n/polling';
import { CREDENTIALS } from '../actions/description';
import { pollingProperties } from './description';
import { openGraphqlListings } from './listings';

export class CrmPackGraphqlCrmPollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		...POLLING_TRIGGER,
		displayName: 'GraphQL CRM (CRM Pack) Polling Trigger',
		name: 'crmPackGraphqlCrmPollingTrigger',
		subtitle: POLLING_SUBTITLE,
		icon: { light: 'file:../graphqlCrm.svg', dark: 'file:../graphqlCrm.dark.svg' },
		description:
			"Starts the workflow when contacts, companies or deals of a GraphQL API are created or changed, by polling the credential's resource definition; no change missed or emitted twice",
		defaults: { name: 'GraphQL CRM (CRM Pack) Polling Trigger' },
		credentials: CREDENTIALS,
		properties: pollingProperties,
	};

	poll = pollingTriggerPoll({ stateKey: 'graphqlCrmPollCursor', open: openGraphqlListings });
}
