import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { POLLING_SUBTITLE, POLLING_TRIGGER, pollingTriggerPoll } from '../../../shared/n8n/polling';
import { PIPEDRIVE_CREDENTIAL } from '../transport/pipedriveApi';
import { pollingProperties } from './description';
import { openPipedriveListings } from './listings';

export class CrmPackPipedrivePollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		...POLLING_TRIGGER,
		displayName: 'Pipedrive (CRM Pack) Polling Trigger',
		name: 'crmPackPipedrivePollingTrigger',
		subtitle: POLLING_SUBTITLE,
		icon: { light: 'file:../pipedrive.svg', dark: 'file:../pipedrive.dark.svg' },
		description:
			'Starts the workflow when Pipedrive persons, organizations, deals, activities, leads or notes are created or changed, by polling; no change missed or emitted twice',
		defaults: { name: 'Pipedrive (CRM Pack) Polling Trigger' },
		credentials: [
			{ name: PIPEDRIVE_CREDENTIAL.apiToken, required: true, displayOptions: { show: { authentication: ['apiToken'] } } },
			{ name: PIPEDRIVE_CREDENTIAL.oAuth2, required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
		],
		properties: pollingProperties,
	};

	poll = pollingTriggerPoll({ stateKey: 'pipedrivePollCursor', open: openPipedriveListings });
}
