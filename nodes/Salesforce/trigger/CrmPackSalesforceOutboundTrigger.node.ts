import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { eventClaimsFor, replayProtectionProperties } from '../../../shared/store';
import { answer, emitDelivery } from '../../../shared/webhooks';
import { ackResponse, MAX_NOTIFICATIONS, parseOutboundMessage, sameOrgId, soapFault, SoapParseError } from './soap';
import { hasEndpointSecret, newEndpointSecret, SECRET_PATTERN, verifySession } from './verify';
import { MAIN } from '../../../shared/n8n/connections';

/** Static-data key of recently seen notification ids (Salesforce retries unacknowledged messages for 24 hours). */
const SEEN_KEY = 'seenOutboundNotificationIds';
const SEEN_MAX = 2000;

type WebhookRequest = ReturnType<IWebhookFunctions['getRequestObject']>;

async function rawText(req: WebhookRequest): Promise<string> {
	if (!req.rawBody && typeof req.readRawBody === 'function') await req.readRawBody();
	if (Buffer.isBuffer(req.rawBody)) return req.rawBody.toString('utf8');
	return typeof req.body === 'string' ? req.body : '';
}

function fault(ctx: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
	return answer(ctx, { status, body: soapFault(message), contentType: 'text/xml; charset=utf-8' });
}

/** Version 2 and later: the endpoint secret is mandatory. */
function needsSecret(ctx: IHookFunctions | IWebhookFunctions): boolean {
	return ctx.getNode().typeVersion >= 2;
}

const V1_NOTICE =
	"In Salesforce Setup create an Outbound Message (Flow or Workflow Rule action) whose Endpoint URL is this node's Production URL, choose the fields to send, and activate the workflow here";

const V2_NOTICE =
	"In Salesforce Setup create an Outbound Message (Flow or Workflow Rule action) whose Endpoint URL is this node's Production URL (it ends with the Endpoint Secret), choose the fields to send, and activate the workflow here. Only requests to that exact URL start the workflow: the organization ID alone is no proof, anyone may know it.";

export class CrmPackSalesforceOutboundTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Salesforce Outbound Message (CRM Pack) Trigger',
		name: 'crmPackSalesforceOutboundTrigger',
		icon: { light: 'file:../salesforce.svg', dark: 'file:../salesforce.dark.svg' },
		group: ['trigger'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{"Org " + $parameter["organizationId"]}}',
		description: 'Starts the workflow on Salesforce outbound messages (SOAP), one item per record, acknowledged so Salesforce does not resend',
		defaults: { name: 'Salesforce Outbound Message' },
		inputs: [],
		outputs: [MAIN],
		credentials: [
			// n8n's API, for the Data Table replay store (shared/store/replayProtection.ts)
			{ name: 'crmPackN8nApi', required: true, displayOptions: { show: { replayProtection: ['dataTable'] } } },
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// Version 1: ".../outbound". Version 2: ".../outbound/<endpoint secret>", the URL Salesforce is given.
				path: '={{$parameter["endpointSecret"] ? "outbound/" + $parameter["endpointSecret"] : "outbound"}}',
			},
		],
		properties: [
			{ displayName: V1_NOTICE, name: 'notice', type: 'notice', default: '', displayOptions: { show: { '@version': [1] } } },
			{ displayName: V2_NOTICE, name: 'noticeV2', type: 'notice', default: '', displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] } } },
			{
				displayName: 'Endpoint Secret',
				name: 'endpointSecret',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				placeholder: 'e.g. 43 random letters, digits, - and _',
				description:
					"Random value that becomes the last part of this node's webhook URL, so only Salesforce (given that URL) can start the workflow. 24 to 128 letters, digits, '-' or '_'. Leave empty and activate once: the error message offers a freshly generated one.",
				hint: "Mandatory. After setting it, copy the Production URL above into the outbound message's Endpoint URL.",
				displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] } },
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
				displayName: 'Verify Session ID',
				name: 'verifySessionId',
				type: 'boolean',
				default: false,
				description:
					'Whether each message must carry a live session of the organization, checked by a call to Salesforce with it (the outbound message must have "Send Session ID" on). Messages whose session Salesforce does not confirm are refused.',
				hint: 'In Salesforce Setup, tick "Send Session ID" in the outbound message. Costs one API call per message.',
			},
			{
				displayName: 'Salesforce URL',
				name: 'salesforceUrl',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'e.g. https://acme.my.salesforce.com',
				description: "Your org's My Domain URL (Setup → My Domain). Sessions are checked there, never at a URL named in the message.",
				displayOptions: { show: { verifySessionId: [true] } },
			},
			...replayProtectionProperties,
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
	 * the URL (and, from version 2, refuse to expose one without a secret). The
	 * user copies it into the outbound message's Endpoint URL.
	 */
	webhookMethods = {
		default: {
			async checkExists(): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				if (!needsSecret(this)) return true;
				const secret = String(this.getNodeParameter('endpointSecret', '') ?? '');
				if (!SECRET_PATTERN.test(secret)) {
					throw new NodeOperationError(
						this.getNode(),
						secret ? 'The Endpoint Secret must be 24 to 128 letters, digits, "-" or "_"' : 'Set the Endpoint Secret: this node version requires one',
						{
							description: `For example this freshly generated one: ${newEndpointSecret()} . Then copy the node's Production URL (it ends with the secret) into the outbound message's Endpoint URL in Salesforce.`,
						},
					);
				}
				return true;
			},
			async delete(): Promise<boolean> {
				return true;
			},
		},
	};

	/**
	 * Checks the endpoint secret (version 2), parses the SOAP message, checks
	 * the organization and optionally the session, answers the SOAP Ack (also
	 * for a message whose notifications were all seen before, so Salesforce
	 * stops resending it) and emits one item per notification. Refused
	 * messages get a SOAP fault, no Ack, and start no run.
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		if (needsSecret(this) && !hasEndpointSecret(req, String(this.getNodeParameter('endpointSecret', '') ?? ''))) {
			return fault(this, 401, 'Unauthorized: this endpoint needs its secret');
		}
		let message;
		try {
			message = parseOutboundMessage(await rawText(req));
		} catch (error) {
			if (error instanceof SoapParseError) return fault(this, 400, error.message);
			throw new NodeOperationError(this.getNode(), error as Error);
		}
		const expected = String(this.getNodeParameter('organizationId', '') ?? '');
		if (!expected || !sameOrgId(message.organizationId, expected)) {
			// Not acknowledged: a message for another org is none of this workflow's business.
			return fault(this, 403, 'Organization ID does not match this endpoint');
		}
		if (this.getNodeParameter('verifySessionId', false) === true) {
			const check = await verifySession(this, String(this.getNodeParameter('salesforceUrl', '') ?? ''), message.sessionId, expected);
			if (!check.ok) return fault(this, 401, `Unauthorized: ${check.reason}`);
		}
		const options = this.getNodeParameter('options', {}) as IDataObject;
		return await emitDelivery(this, {
			entries: message.notifications.slice(0, MAX_NOTIFICATIONS),
			dedupe:
				options.dedupe === false
					? undefined
					: // Salesforce resends an unacknowledged message for 24 hours, and a delivery can be duplicated:
						// each notification id is claimed (static data, or an n8n Data Table that holds across concurrent
						// deliveries and processes) before the run starts; a message whose notifications were all seen is
						// still acknowledged, so Salesforce stops resending it.
						{ claims: eventClaimsFor(this, { key: SEEN_KEY, max: SEEN_MAX }), idOf: (n) => n.notificationId },
			toItems: (notifications) =>
				notifications.map((n) => {
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
				}),
			acknowledge: () => ({ status: 200, body: ackResponse(true), contentType: 'text/xml; charset=utf-8' }),
		});
	}
}
