import { NodeOperationError, type IDataObject, type IHookFunctions, type INodeType, type INodeTypeDescription, type IWebhookFunctions, type IWebhookResponseData } from 'n8n-workflow';
import { readPath } from '../../shared/auth';
import { MAIN } from '../../shared/n8n/connections';
import { eventClaimsFor } from '../../shared/store';
import { emitDelivery, isVerbatimReplay, rawBodyOf, refuse } from '../../shared/webhooks';
import { headerValue } from '../../shared/webhooks/signature';
import { SCHEME_PRESETS, verifyScheme, type SignatureScheme } from '../../shared/webhooks/signedScheme';
import { signedWebhookProperties } from './description';

const SEEN_KEY = 'seenEventIds';
const SEEN_DELIVERIES_KEY = 'seenDeliveries';

/** The scheme the node's parameters describe (a preset, or the custom fields). */
function schemeOf(ctx: IWebhookFunctions): { scheme: SignatureScheme; eventId: { from: string; path: string; header: string } } {
	const preset = ctx.getNodeParameter('preset', 'custom') as string;
	if (preset === 'stripe') return { scheme: SCHEME_PRESETS.stripe, eventId: { from: 'body', path: 'id', header: '' } };
	if (preset === 'github') return { scheme: SCHEME_PRESETS.github, eventId: { from: 'header', path: '', header: 'X-GitHub-Delivery' } };
	const p = (name: string, fallback: unknown) => ctx.getNodeParameter(name, fallback);
	return {
		scheme: {
			header: String(p('header', 'X-Signature')),
			algorithm: p('algorithm', 'sha256') as SignatureScheme['algorithm'],
			encoding: p('encoding', 'hex') as SignatureScheme['encoding'],
			prefix: String(p('prefix', '')),
			layout: p('layout', 'plain') as SignatureScheme['layout'],
			timestampKey: String(p('timestampKey', 't')),
			signatureKey: String(p('signatureKey', 'v1')),
			signed: p('signed', 'body') as SignatureScheme['signed'],
			separator: String(p('separator', '.')),
			timestampHeader: String(p('timestampHeader', '')),
			timestampUnit: p('timestampUnit', 's') as SignatureScheme['timestampUnit'],
			toleranceSeconds: Number(p('toleranceSeconds', 300)) || 0,
		},
		eventId: { from: String(p('eventIdFrom', 'body')), path: String(p('eventIdPath', 'id')), header: String(p('eventIdHeader', 'X-Event-Id')) },
	};
}

export class CrmPackSignedWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Signed Webhook (CRM Pack) Trigger',
		name: 'crmPackSignedWebhookTrigger',
		icon: { light: 'file:signedWebhook.svg', dark: 'file:signedWebhook.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["preset"]}}',
		description: 'Starts the workflow on webhooks from any system that signs them with an HMAC (Stripe-style, GitHub-style or described), refusing unsigned, forged, stale and replayed deliveries',
		defaults: { name: 'Signed Webhook (CRM Pack) Trigger' },
		inputs: [],
		outputs: [MAIN],
		credentials: [
			// n8n's API, for the Data Table replay store (shared/store/replayProtection.ts)
			{ name: 'crmPackN8nApi', required: true, displayOptions: { show: { replayProtection: ['dataTable'] } } },
		],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: signedWebhookProperties,
	};

	webhookMethods = {
		default: {
			/** Nothing is registered with the sender (its webhooks are set up on its side): activation only checks the secret. */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const secret = String(this.getNodeParameter('secret', '') ?? '');
				if (secret.length < 8) throw new NodeOperationError(this.getNode(), 'Set the node\'s Secret: the signing secret the sender uses (at least 8 characters)');
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	/**
	 * Verifies the signature over exactly the bytes received (and the timestamp
	 * and URL when signed), then the timestamp's age; anything else is answered
	 * 401 and starts nothing, as is a verbatim copy of a delivery already
	 * accepted when the scheme signs a timestamp (a replay). A delivery whose
	 * event ID was seen (the sender's retry, signed anew) is acknowledged and
	 * dropped. One item: the JSON body (or `{ body }` for text).
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const secret = String(this.getNodeParameter('secret', '') ?? '');
		if (!secret) return refuse(this, 401, 'Unauthorized');
		const { scheme, eventId } = schemeOf(this);
		const rawBody = await rawBodyOf(req);
		const signedUrl = String(this.getNodeParameter('signedUrl', '') ?? '').trim() || String(this.getNodeWebhookUrl('default') ?? '');
		const signed = { method: req.method, url: signedUrl, headers: req.headers, rawBody };
		const now = Date.now();
		const check = verifyScheme(scheme, secret, signed, now);
		if (!check.ok) return refuse(this, 401, 'Unauthorized');
		if (isVerbatimReplay(this.getWorkflowStaticData('node'), SEEN_DELIVERIES_KEY, scheme, signed, now)) return refuse(this, 401, 'Unauthorized');
		const text = rawBody.toString('utf8');
		let json: IDataObject;
		try {
			const parsed = JSON.parse(text) as unknown;
			json = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as IDataObject) : { body: parsed as IDataObject[string] };
		} catch {
			json = { body: text };
		}
		const idOf = (): string | undefined => {
			if (eventId.from === 'header') return headerValue(req.headers, eventId.header) || undefined;
			if (eventId.from === 'body') {
				const v = readPath(json, eventId.path);
				return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
			}
			return undefined;
		};
		const id = idOf();
		return await emitDelivery(this, {
			entries: [json],
			dedupe: id ? { claims: eventClaimsFor(this, { key: SEEN_KEY, max: 500 }), idOf: () => id } : undefined,
			toItems: (entries) => entries.map((entry) => ({ json: entry })),
		});
	}
}
