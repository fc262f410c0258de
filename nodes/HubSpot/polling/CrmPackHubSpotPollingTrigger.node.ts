import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';
import { readPollOptions, readPollOutput } from '../../../shared/n8n/polling';
import { HubSpotConnector } from '../connector/HubSpotConnector';
import { RESOURCE_OBJECT_TYPE } from '../connector/objectTypes';
import { HUBSPOT_CREDENTIAL, hubspotSettings, type HubSpotAuth } from '../transport/hubspotApi';
import { pollingProperties } from './description';
import { getProperties } from '../methods/loadOptions';
import { shapeRecord, type OutputFormat } from './output';
import { pollChanges, sampleRecord, type PollEvent, type PollSettings } from './poll';

function readSettings(ctx: IPollFunctions): PollSettings & { resource: string } {
	const resource = ctx.getNodeParameter('object') as string;
	const limits = readPollOptions(ctx);
	return {
		resource,
		objectType: RESOURCE_OBJECT_TYPE[resource] ?? resource,
		event: ctx.getNodeParameter('event', 'newOrUpdated') as PollEvent,
		properties: ctx.getNodeParameter('properties', []) as string[],
		...limits,
		now: Date.now(),
	};
}

export class CrmPackHubSpotPollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HubSpot (CRM Pack) Polling Trigger',
		name: 'crmPackHubSpotPollingTrigger',
		icon: { light: 'file:../hubspot.svg', dark: 'file:../hubspot.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"] + ": " + $parameter["object"]}}',
		description:
			'Starts the workflow when HubSpot contacts, companies, deals or meetings are created or changed, by polling; no change missed or emitted twice',
		defaults: { name: 'HubSpot (CRM Pack) Polling Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: HUBSPOT_CREDENTIAL.privateApp,
				required: true,
				displayOptions: { show: { authentication: ['privateApp'] } },
			},
			{
				name: HUBSPOT_CREDENTIAL.oAuth2,
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
		],
		properties: pollingProperties,
	};

	methods = {
		loadOptions: { getProperties },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const settings = readSettings(this);
		const format: OutputFormat = readPollOutput(this);
		const auth = this.getNodeParameter('authentication', 'privateApp') as HubSpotAuth;
		const connector = new HubSpotConnector(this, await hubspotSettings(this, auth));

		const records =
			this.getMode() === 'manual'
				? await sampleRecord(connector, settings)
				: await pollChanges(connector, this.getWorkflowStaticData('node'), settings);
		if (records.length === 0) return null;
		return [this.helpers.returnJsonArray(records.map((record) => shapeRecord(settings.resource, record, format)))];
	}
}
