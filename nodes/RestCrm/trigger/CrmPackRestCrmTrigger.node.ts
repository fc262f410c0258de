import type { IDataObject, IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { MAIN } from '../../../shared/n8n/connections';
import { eventClaimsFor, replayProtectionProperties } from '../../../shared/store';
import { emitDelivery, isVerbatimReplay, rawBodyOf, refuse } from '../../../shared/webhooks';
import { verifyScheme } from '../../../shared/webhooks/signedScheme';
import { authenticationProperty } from '../actions/description';
import { EVENT_TYPES } from '../connector/resources';
import { REST_CRM_CREDENTIAL } from '../transport/restCrmApi';
import { createWebhook, deleteWebhook, readState, REST_CRM_SCHEME, webhookExists } from './subscription';

const SEEN_KEY = 'seenEventIds';
const SEEN_DELIVERIES_KEY = 'seenDeliveries';

const eventName = (type: string) =>
	type
		.split('.')
		.map((w) => w.charAt(0).toUpperCase() + w.slice(1))
		.join(' ');

export class CrmPackRestCrmTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'REST CRM (CRM Pack) Trigger',
		name: 'crmPackRestCrmTrigger',
		icon: { light: 'file:../restCrm.svg', dark: 'file:../restCrm.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: "Starts the workflow on the REST CRM's webhook events, registered on activation and verified by an HMAC-SHA256 signature",
		defaults: { name: 'REST CRM (CRM Pack) Trigger' },
		inputs: [],
		outputs: [MAIN],
		credentials: [
			{ name: REST_CRM_CREDENTIAL.apiCredentials, required: true, displayOptions: { show: { authentication: ['apiCredentials'] } } },
			{ name: REST_CRM_CREDENTIAL.oAuth2, required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
			// n8n's API, for the Data Table replay store (shared/store/replayProtection.ts)
			{ name: 'crmPackN8nApi', required: true, displayOptions: { show: { replayProtection: ['dataTable'] } } },
		],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			authenticationProperty,
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: [{ name: 'All Events', value: '*' }, ...[...EVENT_TYPES].sort().map((value) => ({ name: eventName(value), value }))],
				default: ['contact.created'],
				description: 'The events the webhook registered on activation receives',
			},
			...replayProtectionProperties,
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await webhookExists(this, this.getNodeWebhookUrl('default') as string);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				await createWebhook(this, this.getNodeWebhookUrl('default') as string);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				await deleteWebhook(this);
				return true;
			},
		},
	};

	/**
	 * A delivery runs the workflow only when its signature is the API's for the
	 * secret this node registered, over the timestamp and the exact body, and the
	 * timestamp is at most 5 minutes old; anything else is answered 401 and starts
	 * nothing, as is a verbatim copy of a delivery already accepted (a replay).
	 * The API's own retry of an event (the same id, signed anew) is acknowledged
	 * and dropped, so it stops retrying. One item per event.
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const state = readState(this);
		if (!state) return refuse(this, 401, 'Unauthorized');
		const rawBody = await rawBodyOf(req);
		const signed = { method: req.method, url: '', headers: req.headers, rawBody };
		const now = Date.now();
		const check = verifyScheme(REST_CRM_SCHEME, state.secret, signed, now);
		if (!check.ok) return refuse(this, 401, 'Unauthorized');
		if (isVerbatimReplay(this.getWorkflowStaticData('node'), SEEN_DELIVERIES_KEY, REST_CRM_SCHEME, signed, now)) return refuse(this, 401, 'Unauthorized');
		let event: IDataObject;
		try {
			event = JSON.parse(rawBody.toString('utf8')) as IDataObject;
		} catch {
			return refuse(this, 400, 'Bad request: the body is not JSON');
		}
		if (!event || typeof event !== 'object' || Array.isArray(event) || typeof event.id !== 'string' || typeof event.type !== 'string') {
			return refuse(this, 400, 'Bad request: the body is not an event ({ id, type, created, data })');
		}
		return await emitDelivery(this, {
			entries: [event],
			wanted: (e) => state.events.includes('*') || state.events.includes(String(e.type)),
			dedupe: { claims: eventClaimsFor(this, { key: SEEN_KEY, max: 500 }), idOf: (e) => e.id as string },
			toItems: (events) => events.map((e) => ({ json: { id: e.id, type: e.type, created: e.created, data: e.data } })),
		});
	}
}
