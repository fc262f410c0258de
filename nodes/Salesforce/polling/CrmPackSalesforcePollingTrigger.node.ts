import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';
import { readPollOptions, readPollOutput } from '../../../shared/n8n/polling';
import type { CrmRecord, NeutralType } from '../../../shared/types';
import { SalesforceConnector } from '../connector/SalesforceConnector';
import { salesforceToNeutral } from '../connector/mapping';
import { assertApiName, RESOURCE_NEUTRAL, RESOURCE_SOBJECT } from '../connector/objectTypes';
import { getFields } from '../methods/loadOptions';
import { salesforceSettings, type SalesforceAuth } from '../transport/salesforceApi';
import { pollingProperties } from './description';
import { pollChanges, sampleRecord, type PollEvent, type PollSettings } from './poll';

function readSettings(ctx: IPollFunctions): PollSettings & { neutralType?: NeutralType } {
	const object = ctx.getNodeParameter('object') as string;
	const limits = readPollOptions(ctx);
	let objectType: string;
	try {
		objectType =
			object === 'customObject'
				? assertApiName(String(ctx.getNodeParameter('customObject', '') ?? '').trim())
				: (RESOURCE_SOBJECT[object] ?? assertApiName(object));
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message);
	}
	return {
		objectType,
		neutralType: object === 'customObject' ? undefined : RESOURCE_NEUTRAL[object],
		event: ctx.getNodeParameter('event', 'newOrUpdated') as PollEvent,
		fields: (ctx.getNodeParameter('fields', []) as string[]).map((f) => f.trim()).filter(Boolean),
		...limits,
		now: Date.now(),
	};
}

/** Custom objects have no neutral shape: their fields, without Salesforce's `attributes` envelope. */
function shape(record: CrmRecord, neutralType: NeutralType | undefined, format: 'simplified' | 'raw'): IDataObject {
	if (format === 'raw') return record.raw;
	if (neutralType) return salesforceToNeutral(neutralType, record);
	return { id: record.id, ...record.properties, createdAt: record.createdAt, updatedAt: record.updatedAt };
}

export class CrmPackSalesforcePollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Salesforce (CRM Pack) Polling Trigger',
		name: 'crmPackSalesforcePollingTrigger',
		icon: { light: 'file:../salesforce.svg', dark: 'file:../salesforce.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"] + ": " + $parameter["object"]}}',
		description:
			'Starts the workflow when Salesforce records (leads, contacts, accounts, opportunities, events, tasks or any sObject) are created or changed, by polling SystemModstamp; no change missed or emitted twice',
		defaults: { name: 'Salesforce (CRM Pack) Polling Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'crmPackSalesforceOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
			{ name: 'crmPackSalesforceJwtApi', required: true, displayOptions: { show: { authentication: ['jwt'] } } },
		],
		properties: pollingProperties,
	};

	methods = {
		loadOptions: { getFields },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const settings = readSettings(this);
		const format = readPollOutput(this);
		const auth = this.getNodeParameter('authentication', 'oAuth2') as SalesforceAuth;
		const connector = new SalesforceConnector(this, await salesforceSettings(this, auth));

		const records =
			this.getMode() === 'manual'
				? await sampleRecord(connector, settings)
				: await pollChanges(connector, this.getWorkflowStaticData('node'), settings);
		if (records.length === 0) return null;
		return [this.helpers.returnJsonArray(records.map((record) => shape(record, settings.neutralType, format)))];
	}
}
