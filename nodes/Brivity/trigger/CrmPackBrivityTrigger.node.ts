import {
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { MAIN } from '../../../shared/n8n/connections';
import { answer, refuse } from '../../../shared/webhooks';
import { brivityToNeutral } from '../connector/mapping';
import { PEOPLE } from '../connector/BrivityConnector';
import { BRIVITY_CREDENTIAL, brivityRequest, brivitySettings } from '../transport/brivityApi';
import { hashOf, newCredentials, subscriptionBody, verified, type StoredSubscription } from './subscription';

const NOTICE =
	"On activation the node subscribes to Brivity's new_lead event with a user name and password it generates, and answers every delivery without them 401 (no run). Brivity documents no call to remove a subscription: on deactivation the node forgets its credentials, so later deliveries are refused; ask Brivity support to remove the subscription (its ID is in the activation's log).";

export class CrmPackBrivityTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Brivity (CRM Pack) Trigger',
		name: 'crmPackBrivityTrigger',
		icon: { light: 'file:../brivity.svg', dark: 'file:../brivity.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'new lead',
		description: 'Starts the workflow when Brivity receives a new lead (its new_lead event), verified on every delivery',
		defaults: { name: 'Brivity (CRM Pack) Trigger' },
		inputs: [],
		outputs: [MAIN],
		credentials: [{ name: BRIVITY_CREDENTIAL.apiKey, required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{ displayName: NOTICE, name: 'notice', type: 'notice', default: '' },
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				options: [
					{ name: 'Simplified (CRM-Neutral)', value: 'simplified', description: 'The lead as a CRM-neutral contact (Brivity fields it does not map under "custom")' },
					{ name: 'Raw', value: 'raw', description: 'The delivery exactly as Brivity sent it' },
				],
				default: 'simplified',
			},
		],
	};

	webhookMethods = {
		default: {
			/** Brivity cannot list subscriptions: the one this node made for this URL is taken to exist. */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const stored = this.getWorkflowStaticData('node').subscription as StoredSubscription | undefined;
				return stored !== undefined && stored.targetUrl === this.getNodeWebhookUrl('default');
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const targetUrl = this.getNodeWebhookUrl('default');
				if (!targetUrl) throw new NodeOperationError(this.getNode(), 'n8n gave this trigger no webhook URL');
				const { credentials, authorization } = newCredentials();
				const settings = await brivitySettings(this);
				const res = await brivityRequest<IDataObject>(this, settings, { method: 'POST', path: '/api/event_subscriptions', body: subscriptionBody(targetUrl, credentials) });
				const id = (res.body?.event_subscription as IDataObject | undefined)?.id;
				if (id === undefined || id === null) throw new NodeOperationError(this.getNode(), 'Brivity answered the subscription without an event_subscription id');
				const stored: StoredSubscription = { id: String(id), targetUrl, authHash: hashOf(authorization) };
				this.getWorkflowStaticData('node').subscription = stored as unknown as IDataObject;
				this.logger.info(`Brivity new_lead subscription ${stored.id} created for ${targetUrl}`);
				return true;
			},
			/** No documented removal call: the credentials are forgotten, so anything Brivity still sends is refused. */
			async delete(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				const stored = data.subscription as StoredSubscription | undefined;
				if (stored) this.logger.info(`Brivity new_lead subscription ${stored.id} is left at Brivity (no API removes it); its deliveries are refused from now on`);
				delete data.subscription;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const stored = this.getWorkflowStaticData('node').subscription as StoredSubscription | undefined;
		if (!verified(stored, req.headers.authorization)) return refuse(this, 401, 'Unauthorized', { 'WWW-Authenticate': 'Basic realm="n8n"' });
		const body = req.body as unknown;
		if (!body || typeof body !== 'object' || Array.isArray(body)) return refuse(this, 400, 'Bad request: the body is not a JSON object');
		const lead = body as IDataObject;
		const raw = this.getNodeParameter('output', 'simplified') === 'raw';
		const json = raw ? lead : brivityToNeutral('contact', { id: String(lead.id ?? ''), objectType: PEOPLE, properties: lead, raw: lead });
		answer(this, { status: 200, body: { received: 1 } });
		return { noWebhookResponse: true, workflowData: [[{ json }]] };
	}
}
