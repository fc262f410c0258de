import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';
import { readPollOptions, readPollOutput } from '../../../shared/n8n/polling';
import type { CrmRecord } from '../../../shared/types';
import { PipedriveConnector } from '../connector/PipedriveConnector';
import { RESOURCE_NEUTRAL, RESOURCE_OBJECT_TYPE } from '../connector/objectTypes';
import { PIPEDRIVE_CREDENTIAL, pipedriveSettings, type PipedriveAuth } from '../transport/pipedriveApi';
import { pollingProperties } from './description';
import { pollChanges, sampleRecord, type PollEvent, type PollSettings } from './poll';

function readSettings(ctx: IPollFunctions): PollSettings & { resource: string } {
	const resource = ctx.getNodeParameter('object') as string;
	const limits = readPollOptions(ctx);
	return {
		resource,
		objectType: RESOURCE_OBJECT_TYPE[resource] ?? resource,
		event: ctx.getNodeParameter('event', 'newOrUpdated') as PollEvent,
		...limits,
		now: Date.now(),
	};
}

export class CrmPackPipedrivePollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pipedrive (CRM Pack) Polling Trigger',
		name: 'crmPackPipedrivePollingTrigger',
		icon: { light: 'file:../pipedrive.svg', dark: 'file:../pipedrive.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"] + ": " + $parameter["object"]}}',
		description:
			'Starts the workflow when Pipedrive persons, organizations, deals, activities, leads or notes are created or changed, by polling; no change missed or emitted twice',
		defaults: { name: 'Pipedrive (CRM Pack) Polling Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: PIPEDRIVE_CREDENTIAL.apiToken, required: true, displayOptions: { show: { authentication: ['apiToken'] } } },
			{ name: PIPEDRIVE_CREDENTIAL.oAuth2, required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
		],
		properties: pollingProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const settings = readSettings(this);
		const format = readPollOutput(this);
		const auth = this.getNodeParameter('authentication', 'apiToken') as PipedriveAuth;
		const connector = new PipedriveConnector(this, await pipedriveSettings(this, auth));

		const records =
			this.getMode() === 'manual'
				? await sampleRecord(connector, settings)
				: await pollChanges(connector, this.getWorkflowStaticData('node'), settings);
		if (records.length === 0) return null;
		if (format === 'raw') return [this.helpers.returnJsonArray(records.map((record) => record.raw))];

		// Custom fields by their names; without the field list (no permission, say) they keep their keys.
		await connector.loadLabels(settings.objectType).catch(() => undefined);
		const neutral = RESOURCE_NEUTRAL[settings.resource] ?? 'contact';
		return [this.helpers.returnJsonArray(records.map((record: CrmRecord) => connector.toNeutral(neutral, record)))];
	}
}
