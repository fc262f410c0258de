import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { MAIN } from '../../../shared/n8n/connections';
import { answer, refuse } from '../../../shared/webhooks';
import { ZohoConnector } from '../connector/ZohoConnector';
import { RESOURCE_MODULE } from '../connector/objectTypes';
import { ZOHO_CREDENTIAL, zohoSettings } from '../transport/zohoApi';
import { newChannel, RENEW_BEFORE_MS, STATE_KEY, tokenMatches, unwatch, watch, LIFETIME_MS, type Channel } from './channel';

const NOTICE =
	"Zoho CRM notification channels live at most a week. This trigger subscribes one when the workflow is activated and renews it (a week more) when, with less than a day left, the workflow is activated again, n8n starts, or a notification arrives. If no notification arrives and n8n does not start again within that last day, or n8n was down past the expiry, the channel lapses: deactivate and activate the workflow to subscribe again, and run the Zoho CRM (CRM Pack) Polling Trigger or a Get Many once to catch up on what changed meanwhile.";

export class CrmPackZohoTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zoho CRM (CRM Pack) Trigger',
		name: 'crmPackZohoTrigger',
		icon: { light: 'file:../zoho.svg', dark: 'file:../zoho.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"notifications: " + $parameter["object"]}}',
		description: 'Starts the workflow when Zoho CRM notifies that records were created, edited or deleted (Notifications API), verified by its token',
		defaults: { name: 'Zoho CRM (CRM Pack) Trigger' },
		inputs: [],
		outputs: [MAIN],
		credentials: [{ name: ZOHO_CREDENTIAL.oAuth2, required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{ displayName: NOTICE, name: 'expiryNotice', type: 'notice', default: '' },
			{
				displayName: 'Object',
				name: 'object',
				type: 'options',
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'Call', value: 'call' },
					{ name: 'Contact', value: 'contact' },
					{ name: 'Deal', value: 'deal' },
					{ name: 'Event (Meeting)', value: 'event' },
					{ name: 'Lead', value: 'lead' },
					{ name: 'Task', value: 'task' },
				],
				default: 'contact',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [
					{ name: 'Created', value: 'create' },
					{ name: 'Deleted', value: 'delete' },
					{ name: 'Edited', value: 'edit' },
				],
				default: ['create', 'edit'],
			},
			{
				displayName: 'Ignore Changes by This Credential',
				name: 'ignoreOwnChanges',
				type: 'boolean',
				default: true,
				description: "Whether to leave out records whose Modified_By is the credential's own user (writes of this integration: echo suppression, e.g. for a two-way sync)",
			},
		],
	};

	webhookMethods = {
		default: {
			/** A channel this node subscribed that has more than a day left needs nothing; otherwise n8n calls create. */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const channel = this.getWorkflowStaticData('node')[STATE_KEY] as Channel | undefined;
				return Boolean(channel && channel.expires - Date.now() > RENEW_BEFORE_MS);
			},
			/** Renews the node's channel when Zoho still has it, else subscribes a new one (new id and token). */
			async create(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node');
				const module = RESOURCE_MODULE[this.getNodeParameter('object', 'contact') as string] ?? 'Contacts';
				const events = (this.getNodeParameter('events', []) as string[]).map((e) => `${module}.${e}`);
				if (!events.length) throw new NodeOperationError(this.getNode(), 'Choose at least one event in "Events"');
				const connector = new ZohoConnector(this, await zohoSettings(this));
				const url = this.getNodeWebhookUrl('default') as string;
				const old = state[STATE_KEY] as Channel | undefined;
				if (old && old.expires > Date.now() && old.events.join() === events.join()) {
					try {
						const renewed = { ...old, expires: Date.now() + LIFETIME_MS };
						await watch(connector, renewed, url, 'PATCH');
						state[STATE_KEY] = renewed as unknown as IDataObject;
						return true;
					} catch (error) {
						// Zoho no longer has it (expired, or removed in Zoho): subscribe anew below.
						this.logger.info(`Zoho CRM trigger: renewing channel ${old.channelId} failed (${(error as Error).message}); subscribing a new one`);
					}
				}
				if (old) await unwatch(connector, old.channelId).catch(() => undefined);
				const channel = newChannel(events, Date.now());
				const { body } = await connector.request<IDataObject>({ method: 'GET', path: '/users', qs: { type: 'CurrentUser' } });
				channel.userId = String((((body?.users as IDataObject[] | undefined) ?? [])[0] ?? {}).id ?? '');
				await watch(connector, channel, url, 'POST');
				state[STATE_KEY] = channel as unknown as IDataObject;
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node');
				const channel = state[STATE_KEY] as Channel | undefined;
				if (channel) {
					const connector = new ZohoConnector(this, await zohoSettings(this));
					await unwatch(connector, channel.channelId).catch(() => undefined);
					delete state[STATE_KEY];
				}
				return true;
			},
		},
	};

	/**
	 * A callback: the token must be this channel's (else 401 and no run); one item
	 * per affected record with the changed fields and values; records last
	 * modified by the credential's own user left out when asked. A channel with
	 * less than a day left is renewed here.
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const state = this.getWorkflowStaticData('node');
		const channel = state[STATE_KEY] as Channel | undefined;
		const body = (this.getBodyData() ?? {}) as IDataObject;
		if (!channel || !tokenMatches(channel.token, body.token) || String(body.channel_id) !== String(channel.channelId)) return refuse(this, 401, 'Unauthorized');
		if (channel.expires - Date.now() < RENEW_BEFORE_MS) {
			const renewed = { ...channel, expires: Date.now() + LIFETIME_MS };
			await watch(new ZohoConnector(this, await zohoSettings(this)), renewed, '', 'PATCH');
			state[STATE_KEY] = renewed as unknown as IDataObject;
		}
		const ids = Array.isArray(body.ids) ? (body.ids as unknown[]).map(String) : [];
		const changed = new Map<string, string[]>();
		for (const entry of (body.affected_fields as IDataObject[] | undefined) ?? []) for (const [id, fields] of Object.entries(entry)) changed.set(id, (fields as string[]) ?? []);
		const values = new Map<string, IDataObject>();
		for (const entry of (body.affected_values as IDataObject[] | undefined) ?? []) values.set(String(entry.record_id), (entry.values ?? {}) as IDataObject);
		const ignoreOwn = this.getNodeParameter('ignoreOwnChanges', true) as boolean;
		const items: IDataObject[] = [];
		for (const id of ids) {
			const v = values.get(id);
			const by = String(((v?.Modified_By ?? {}) as IDataObject).id ?? '');
			if (ignoreOwn && channel.userId && by === channel.userId) continue;
			items.push({ id, module: body.module, operation: body.operation, changedFields: changed.get(id) ?? [], values: v ?? {}, serverTime: body.server_time, channelId: body.channel_id });
		}
		if (!items.length) return answer(this, { status: 200, body: { received: ids.length, emitted: 0 } });
		return { workflowData: [this.helpers.returnJsonArray(items)] };
	}
}
