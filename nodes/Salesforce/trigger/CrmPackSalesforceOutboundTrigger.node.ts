import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { keepUnseen } from '../../../shared/webhooks';
import { ackResponse, MAX_NOTIFICATIONS, parseOutboundMessage, sameOrgId, soapFault, SoapParseError } from './soap';

/** Static-data key of recently seen notification ids (Salesforce retries unacknowledged messages for 24 hours). */
const SEEN_KEY = 'seenOutboundNotificationIds';
const SEEN_MAX = 2000;

type WebhookRequest = ReturnType<IWebhookFunctions['getRequestObject']>;

async function rawText(req: WebhookRequest): Promise<string> {
	if (!req.rawBody && typeof req.readRawBody === 'function') await req.readRawBody();
	if (Buffer.isBuffer(req.rawBody)) return req.rawBody.toString('utf8');
	return typeof req.body === 'string' ? req.body : '';
}

export class CrmPackSalesforceOutboundTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Salesforce Outbound Message (CRM Pack) Trigger',
		name: 'crmPackSalesforceOutboundTrigger',
		icon: { light: 'file:../salesforce.svg', dark: 'file:../salesforce.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Org " + $parameter["organizationId"]}}',
		description: 'Starts the workflow on Salesforce outbound messages (SOAP), one item per record, acknowledged so Salesforce does not resend',
		defaults: { name: 'Salesforce Outbound Message' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'outbound' }],
		properties: [
			{
				displayName:
					'In Salesforce Setup create an Outbound Message (Flow or Workflow Rule action) whose Endpoint URL is this node\'s Production URL, choose the fields to send, and activate the workflow here',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Organization ID',
				name: 'organizationId',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'e.g. 00D5e000000KQ2eEAG',
				description:
					'Only messages from this org start the workflow (Setup → Company Information → Salesforce.com Organization ID; 15 or 18 characters). Others are refused.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Ignore Repeated Notifications',
						name: 'dedupe',
						type: 'boolean',
						default: true,
						description: 'Whether notifications already received (same notification ID, e.g. a retry after a lost acknowledgement) are left out',
					},
					{
						displayName: 'Include Session ID',
						name: 'includeSessionId',
						type: 'boolean',
						default: false,
						description:
							'Whether items carry the session ID Salesforce sends when the message is set to "Send Session ID" (a credential: off unless a later node calls back with it)',
					},
				],
			},
		],
	};

	/*
	 * Outbound messages are defined in Salesforce Setup (or through the Metadata
	 * API, a SOAP deployment the pack does not make): there is nothing to
	 * register or remove through the REST API, so activation only has to expose
	 * the URL. The user copies it into the outbound message's Endpoint URL.
	 */
	webhookMethods = {
		default: {
			async checkExists(): Promise<boolean> {
				return true;
			},
			async create(): Promise<boolean> {
				return true;
			},
			async delete(): Promise<boolean> {
				return true;
			},
		},
	};

	/**
	 * Parses the SOAP message, checks the organization, answers the SOAP Ack
	 * (also for a message whose notifications were all seen before, so
	 * Salesforce stops resending it) and emits one item per notification.
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const res = this.getResponseObject();
		const reply = (status: number, xml: string): IWebhookResponseData => {
			res.status(status).setHeader('Content-Type', 'text/xml; charset=utf-8');
			res.end(xml);
			return { noWebhookResponse: true };
		};
		let message;
		try {
			message = parseOutboundMessage(await rawText(req));
		} catch (error) {
			if (error instanceof SoapParseError) return reply(400, soapFault(error.message));
			throw new NodeOperationError(this.getNode(), error as Error);
		}
		const expected = String(this.getNodeParameter('organizationId', '') ?? '');
		if (!expected || !sameOrgId(message.organizationId, expected)) {
			// Not acknowledged: a message for another org is none of this workflow's business.
			return reply(403, soapFault('Organization ID does not match this endpoint'));
		}
		const options = this.getNodeParameter('options', {}) as IDataObject;
		let notifications = message.notifications.slice(0, MAX_NOTIFICATIONS);
		if (options.dedupe !== false) {
			notifications = keepUnseen(this.getWorkflowStaticData('node'), notifications, (n) => n.notificationId, { key: SEEN_KEY, max: SEEN_MAX });
		}
		reply(200, ackResponse(true));
		if (!notifications.length) return { noWebhookResponse: true };
		const items = notifications.map((n) => {
			const json: IDataObject = {
				id: n.fields.Id ?? null,
				sObjectType: n.sObjectType,
				fields: n.fields,
				notificationId: n.notificationId,
				organizationId: message.organizationId,
				actionId: message.actionId,
			};
			if (options.includeSessionId) json.sessionId = message.sessionId;
			return { json };
		});
		return { noWebhookResponse: true, workflowData: [items] };
	}
}
