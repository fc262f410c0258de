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
import { triggerProperties } from './description';
import { eventKey, isEcho, matchesObjectTypes, matchesSubscriptions, parseEvents, splitList, type SubscriptionSpec } from './events';
import { createSubscriptions, deleteSubscriptions, DEVELOPER_CREDENTIAL, subscriptionsExist } from './subscriptions';
import { signedUris, rawBodyOf } from './request';
import { verifyHubSpotSignature } from './verify';
import { MAIN } from '../../../shared/n8n/connections';

/** Static-data key of the recently seen event keys (de-duplication of HubSpot's retries). */
const SEEN_KEY = 'seenEventIds';
const SEEN_MAX = 1000;

function wantedSubscriptions(ctx: IHookFunctions | IWebhookFunctions): SubscriptionSpec[] {
	const events = ctx.getNodeParameter('events', {}) as { event?: Array<{ eventType?: string; propertyName?: string }> };
	return (events.event ?? [])
		.filter((e) => !!e.eventType)
		.map((e) => {
			const spec: SubscriptionSpec = { eventType: String(e.eventType) };
			if (spec.eventType.endsWith('.propertyChange') && e.propertyName) spec.propertyName = e.propertyName.trim();
			return spec;
		});
}

function isManual(ctx: IHookFunctions | IWebhookFunctions): boolean {
	return ctx.getNodeParameter('subscriptionManagement', 'automatic') === 'manual';
}

function hookUrl(ctx: IHookFunctions): string {
	const url = ctx.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(ctx.getNode(), 'n8n did not provide a webhook URL for this node');
	return url;
}

export class CrmPackHubSpotTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HubSpot (CRM Pack) Trigger',
		name: 'crmPackHubSpotTrigger',
		icon: { light: 'file:../hubspot.svg', dark: 'file:../hubspot.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["subscriptionManagement"] === "manual" ? "Manual subscriptions" : "Automatic subscriptions"}}',
		description: 'Starts the workflow on HubSpot webhook events, verified by their HubSpot signature',
		defaults: { name: 'HubSpot (CRM Pack) Trigger' },
		inputs: [],
		outputs: [MAIN],
		credentials: [
			{ name: DEVELOPER_CREDENTIAL, required: true },
			// n8n's API, for the Data Table replay store (shared/store/replayProtection.ts)
			{ name: 'crmPackN8nApi', required: true, displayOptions: { show: { replayProtection: ['dataTable'] } } },
		],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [...triggerProperties, ...replayProtectionProperties],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				if (isManual(this)) return true;
				return await subscriptionsExist(this, hookUrl(this), wantedSubscriptions(this));
			},
			async create(this: IHookFunctions): Promise<boolean> {
				if (isManual(this)) return true;
				const wanted = wantedSubscriptions(this);
				const missing = wanted.find((w) => w.eventType.endsWith('.propertyChange') && !w.propertyName);
				if (missing) {
					throw new NodeOperationError(this.getNode(), `Event "${missing.eventType}" needs a Property Name`);
				}
				const options = this.getNodeParameter('options', {}) as IDataObject;
				await createSubscriptions(this, hookUrl(this), wanted, {
					maxConcurrentRequests: Number(options.maxConcurrentRequests ?? 10),
					replaceTargetUrl: options.replaceTargetUrl === true,
				});
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				if (isManual(this)) return true;
				await deleteSubscriptions(this, hookUrl(this));
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const credentials = (await this.getCredentials(DEVELOPER_CREDENTIAL)) as IDataObject;
		const rawBody = await rawBodyOf(req);

		const verdict = verifyHubSpotSignature(
			{ method: req.method, uris: signedUris(this, req, String(options.publicUrl ?? '')), rawBody, headers: req.headers },
			{ clientSecret: String(credentials.clientSecret ?? ''), nowMs: Date.now(), acceptLegacy: options.acceptLegacySignatures === true },
		);
		if (!verdict.ok) return refuse(this, 401, `Unauthorized: ${verdict.reason}`);

		// Signed by HubSpot but not a batch of events: refused, so the delivery shows as failed in the app's logs.
		const batch = parseEvents(rawBody);
		if (!batch.ok) return refuse(this, 400, `Bad request: ${batch.reason}`);

		const subscriptions = wantedSubscriptions(this);
		const objectTypes = Array.isArray(options.objectTypes) ? options.objectTypes.map(String) : [];
		const echo =
			this.getNodeParameter('ignoreOwnChanges', false) === true
				? {
						changeSources: splitList(this.getNodeParameter('ownChangeSources', '')),
						sourceIds: splitList(this.getNodeParameter('ownSourceIds', '')),
					}
				: undefined;
		return await emitDelivery(this, {
			entries: batch.entries,
			wanted: (e) => matchesSubscriptions(e, subscriptions) && matchesObjectTypes(e, objectTypes),
			isEcho: echo && ((e) => isEcho(e, echo)),
			dedupe: { claims: eventClaimsFor(this, { key: SEEN_KEY, max: SEEN_MAX }), idOf: eventKey },
			toItems: (events) => events.map((json) => ({ json })),
		});
	}
}
