import {
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { eventClaimsFor, replayProtectionProperties } from '../../../shared/store';
import { emitDelivery, refuse } from '../../../shared/webhooks';
import { pipedriveToNeutral } from '../connector/mapping';
import { ENTITIES } from '../connector/objectTypes';
import { toRecord } from '../connector/records';
import { authenticationProperty } from '../actions/description';
import { PIPEDRIVE_CREDENTIAL } from '../transport/pipedriveApi';
import { createWebhook, deleteWebhook, isAuthorised, readState, webhookExists } from './webhooks';
import { MAIN } from '../../../shared/n8n/connections';

const SEEN_KEY = 'seenEventIds';

/** The event with its record as the pack's CRM-neutral record (Output: Simplified). */
function simplified(payload: IDataObject): IDataObject {
	const meta = (payload.meta ?? {}) as IDataObject;
	const entity = String(meta.entity ?? '');
	const spec = Object.values(ENTITIES).find((e) => e.singular === entity);
	const data = payload.data as IDataObject | null | undefined;
	const previous = payload.previous as IDataObject | null | undefined;
	const json: IDataObject = {
		action: meta.action,
		object: entity,
		id: meta.entity_id ?? data?.id ?? previous?.id,
		timestamp: meta.timestamp,
		eventId: meta.id,
	};
	if (spec && data) json.record = pipedriveToNeutral(spec.neutral, toRecord(spec.objectType, data));
	else if (data) json.record = data;
	if (previous) json.previous = previous;
	return json;
}

function hookUrl(ctx: IHookFunctions): string {
	const url = ctx.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(ctx.getNode(), 'n8n did not provide a webhook URL for this node');
	return url;
}

function wanted(ctx: IHookFunctions | IWebhookFunctions): { action: string; object: string } {
	return { action: String(ctx.getNodeParameter('action', '*')), object: String(ctx.getNodeParameter('object', '*')) };
}

export class CrmPackPipedriveTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pipedrive (CRM Pack) Trigger',
		name: 'crmPackPipedriveTrigger',
		icon: { light: 'file:../pipedrive.svg', dark: 'file:../pipedrive.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["action"] + ": " + $parameter["object"]}}',
		description: 'Starts the workflow on Pipedrive webhook events (v2), verified by the HTTP Basic credentials the node gave Pipedrive',
		defaults: { name: 'Pipedrive (CRM Pack) Trigger' },
		inputs: [],
		outputs: [MAIN],
		credentials: [
			{ name: PIPEDRIVE_CREDENTIAL.apiToken, required: true, displayOptions: { show: { authentication: ['apiToken'] } } },
			{ name: PIPEDRIVE_CREDENTIAL.oAuth2, required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
			// n8n's API, for the Data Table replay store (shared/store/replayProtection.ts)
			{ name: 'crmPackN8nApi', required: true, displayOptions: { show: { replayProtection: ['dataTable'] } } },
		],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			authenticationProperty,
			{
				displayName: 'Object',
				name: 'object',
				type: 'options',
				options: [
					{ name: 'Activity', value: 'activity' },
					{ name: 'All', value: '*' },
					{ name: 'Deal', value: 'deal' },
					{ name: 'Lead', value: 'lead' },
					{ name: 'Note', value: 'note' },
					{ name: 'Organization', value: 'organization' },
					{ name: 'Person', value: 'person' },
				],
				default: 'person',
			},
			{
				displayName: 'Action',
				name: 'action',
				type: 'options',
				options: [
					{ name: 'All', value: '*' },
					{ name: 'Changed', value: 'change' },
					{ name: 'Created', value: 'create' },
					{ name: 'Deleted', value: 'delete' },
				],
				default: '*',
			},
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				options: [
					{ name: 'Simplified (CRM-Neutral)', value: 'simplified', description: 'The event with the record as the pack\'s CRM-neutral record' },
					{ name: 'Raw', value: 'raw', description: 'The webhook payload exactly as Pipedrive sends it' },
				],
				default: 'simplified',
			},
			...replayProtectionProperties,
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const { action, object } = wanted(this);
				return await webhookExists(this, hookUrl(this), action, object);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const { action, object } = wanted(this);
				await createWebhook(this, hookUrl(this), action, object);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				await deleteWebhook(this);
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		if (!isAuthorised(req.headers.authorization, readState(this))) {
			// No workflow run; Pipedrive counts this as a failed delivery, which is right for a request not from it.
			return refuse(this, 401, 'Unauthorized', { 'WWW-Authenticate': 'Basic realm="n8n"' });
		}
		// Pipedrive sends one event per request.
		const payload = (req.body ?? {}) as IDataObject;
		const raw = this.getNodeParameter('output', 'simplified') === 'raw';
		return await emitDelivery(this, {
			entries: [payload],
			dedupe: { claims: eventClaimsFor(this, { key: SEEN_KEY, max: 500 }), idOf: (p) => ((p.meta ?? {}) as IDataObject).id as string | undefined },
			toItems: (events) => events.map((event) => ({ json: raw ? event : simplified(event) })),
		});
	}
}
