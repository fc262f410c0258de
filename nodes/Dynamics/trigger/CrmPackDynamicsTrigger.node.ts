import { randomBytes } from 'node:crypto';
import type { IDataObject, IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { MAIN } from '../../../shared/n8n/connections';
import { answer, refuse } from '../../../shared/webhooks';
import { headerValue, safeEqual } from '../../../shared/webhooks/signature';
import { DynamicsConnector } from '../connector/DynamicsConnector';
import { TABLE_BY_LOGICAL } from '../connector/objectTypes';
import { entitySetOf } from '../methods/settings';
import { TABLE_CHOICE } from '../polling/description';
import { DYNAMICS_CREDENTIAL, dynamicsSettings, type DynamicsAuth } from '../transport/dynamicsApi';
import { readContext } from './executionContext';
import { exists, KEY_HEADER, register, unregister, type Registration } from './registration';

const STATE = 'dynamicsWebhook';

async function connectorOf(ctx: IHookFunctions | IWebhookFunctions): Promise<DynamicsConnector> {
	const auth = ctx.getNodeParameter('authentication', 'oAuth2') as DynamicsAuth;
	return new DynamicsConnector(ctx, await dynamicsSettings(ctx, auth));
}

function registration(ctx: IHookFunctions | IWebhookFunctions): Registration | undefined {
	return (ctx.getWorkflowStaticData('node') as IDataObject)[STATE] as Registration | undefined;
}

export class CrmPackDynamicsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dynamics 365 (CRM Pack) Trigger',
		name: 'crmPackDynamicsTrigger',
		icon: { light: 'file:../dynamics.svg', dark: 'file:../dynamics.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"webhook: " + $parameter["object"]}}',
		description:
			'Starts the workflow when rows of a Dynamics 365 / Dataverse table are created, updated or deleted: registers a webhook (service endpoint and steps) on activation, verifies every call',
		defaults: { name: 'Dynamics 365 (CRM Pack) Trigger' },
		inputs: [],
		outputs: [MAIN],
		credentials: [
			{ name: DYNAMICS_CREDENTIAL.oAuth2, required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
			{ name: DYNAMICS_CREDENTIAL.clientCredentials, required: true, displayOptions: { show: { authentication: ['clientCredentials'] } } },
		],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName:
					'On activation the node registers a webhook in the environment (a service endpoint and one step per event, asynchronous, post-operation) with a header value it generates, and removes them on deactivation. The user or application user needs the System Customizer or System Administrator role to register them.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			...TABLE_CHOICE,
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [
					{ name: 'Create', value: 'Create' },
					{ name: 'Delete', value: 'Delete' },
					{ name: 'Update', value: 'Update' },
				],
				default: ['Create', 'Update'],
				required: true,
			},
			{
				displayName: 'Ignore Changes Made by This Credential',
				name: 'ignoreOwnChanges',
				type: 'boolean',
				default: true,
				description: "Whether events whose initiating user is the credential's own user (WhoAmI) start no run, so writes of this integration do not echo back",
			},
			{
				displayName: 'Read the Row When Dataverse Left It Out',
				name: 'rereadLarge',
				type: 'boolean',
				default: true,
				description: 'Whether a call Dataverse sent without its data (over 256 KB: x-ms-dynamics-msg-size-exceeded) reads the row by ID',
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await exists(await connectorOf(this), registration(this));
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const connector = await connectorOf(this);
				const entitySet = entitySetOf(this.getNodeParameter('object') as string, this.getNodeParameter('entitySet', ''));
				const table = await connector.table(entitySet);
				const messages = this.getNodeParameter('events', []) as string[];
				const who = await connector.whoAmI();
				const reg = await register(this, connector, {
					url: this.getNodeWebhookUrl('default') as string,
					table: table.logicalName,
					messages,
					// 32 random bytes, hex: the header value Dataverse sends with every call.
					secret: randomBytes(32).toString('hex'),
					name: `n8n ${this.getWorkflow().id ?? ''} ${this.getNode().name}`.trim().slice(0, 100),
				});
				(this.getWorkflowStaticData('node') as IDataObject)[STATE] = { ...reg, userId: typeof who.UserId === 'string' ? who.UserId.toLowerCase() : undefined } as unknown as IDataObject;
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const reg = registration(this);
				if (reg?.endpointId) await unregister(await connectorOf(this), reg);
				delete (this.getWorkflowStaticData('node') as IDataObject)[STATE];
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const reg = registration(this);
		const got = headerValue(req.headers, KEY_HEADER);
		if (!reg?.secret || got === undefined || !safeEqual(reg.secret, got)) return refuse(this, 401, 'Unauthorized');
		const read = readContext(req.body);
		if (!read.ok) return refuse(this, 400, `Bad request: ${read.reason}`);
		const event = read.event;
		if (this.getNodeParameter('ignoreOwnChanges', true) && reg.userId && event.initiatingUserId === reg.userId) {
			return answer(this, { status: 200, body: { received: 1, emitted: 0, reason: "the change was made by this credential's own user" } });
		}
		const json: IDataObject = { ...event } as unknown as IDataObject;
		const sizeExceeded = headerValue(req.headers, 'x-ms-dynamics-msg-size-exceeded') !== undefined;
		if (sizeExceeded) json.sizeExceeded = true;
		if (sizeExceeded && event.message !== 'Delete' && this.getNodeParameter('rereadLarge', true)) {
			const connector = await connectorOf(this);
			const known = TABLE_BY_LOGICAL.get(event.table);
			const entitySet = known?.entitySet ?? entitySetOf(this.getNodeParameter('object') as string, this.getNodeParameter('entitySet', ''));
			const record = await connector.get(entitySet, event.id);
			json.record = known ? connector.toNeutral(known.neutral, record) : { id: record.id, ...record.properties };
		}
		return { workflowData: [[{ json }]] };
	}
}
