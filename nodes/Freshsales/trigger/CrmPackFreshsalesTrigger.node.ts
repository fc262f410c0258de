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
import { answer, emitDelivery, refuse } from '../../../shared/webhooks';
import { FreshsalesConnector } from '../connector/FreshsalesConnector';
import { RESOURCE_OBJECT_TYPE, entityOf } from '../connector/objectTypes';
import { toRecord } from '../connector/records';
import { POLLED } from '../polling/listings';
import { FRESHSALES_CREDENTIAL, freshsalesSettings } from '../transport/freshsalesApi';
import { SECRET_HEADER, readCall, stateKey, suggestSecret, verified } from './workflowWebhook';
import { MAIN } from '../../../shared/n8n/connections';

/** Static-data key of the record states already emitted (Replay Protection: Workflow Static Data). */
const SEEN_KEY = 'freshsalesSeen';

const SETUP = `In Freshsales: Admin Settings → Workflows → a workflow on the records you want → action "Trigger Webhook": Request type POST, Callback URL: this node's Production URL (above), Content type JSON, custom header "${SECRET_HEADER}" with this node's Secret, and as request body {"object": "contact", "id": <the record's ID placeholder>} (insert the ID placeholder with Freshsales' placeholder picker; "object" is optional and defaults to the Object below). Each call starts one run with the record, read from Freshsales, shaped like the polling trigger's output. Calls without the secret are answered 401 and start nothing.`;

export class CrmPackFreshsalesTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Freshsales (CRM Pack) Trigger',
		name: 'crmPackFreshsalesTrigger',
		icon: { light: 'file:../freshsales.svg', dark: 'file:../freshsales.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"workflow webhook: " + $parameter["object"]}}',
		description: "Starts the workflow when a Freshsales workflow automation's Trigger Webhook action calls it, verified by a secret header",
		defaults: { name: 'Freshsales (CRM Pack) Trigger' },
		inputs: [],
		outputs: [MAIN],
		credentials: [
			{ name: FRESHSALES_CREDENTIAL.apiKey, required: true },
			// n8n's API, for the Data Table replay store (shared/store/replayProtection.ts)
			{ name: 'crmPackN8nApi', required: true, displayOptions: { show: { replayProtection: ['dataTable'] } } },
		],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{ displayName: SETUP, name: 'setupNotice', type: 'notice', default: '' },
			{
				displayName: 'Secret',
				name: 'secret',
				type: 'string',
				typeOptions: { password: true },
				required: true,
				default: '',
				description: `The value Freshsales sends in the "${SECRET_HEADER}" header; at least 16 characters (activating without one suggests a random one)`,
			},
			{
				displayName: 'Object',
				name: 'object',
				type: 'options',
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'Appointment', value: 'appointment' },
					{ name: 'Contact', value: 'contact' },
					{ name: 'Deal', value: 'deal' },
					{ name: 'Task', value: 'task' },
				],
				default: 'contact',
				description: 'The kind of record the workflow fires for, when the body does not say',
			},
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				options: [
					{ name: 'Simplified (CRM-Neutral)', value: 'simplified', description: "The record as the pack's CRM-neutral record, as the polling trigger gives it" },
					{ name: 'Raw', value: 'raw', description: 'The record exactly as Freshsales returns it' },
				],
				default: 'simplified',
			},
			...replayProtectionProperties,
		],
	};

	webhookMethods = {
		default: {
			/** Nothing is registered with Freshsales (its webhooks are set up in its UI): activation checks the secret and the API key instead. */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const secret = String(this.getNodeParameter('secret', '') ?? '');
				if (secret.length < 16) {
					throw new NodeOperationError(this.getNode(), `Set the node's Secret (at least 16 characters), e.g. ${suggestSecret()}, and the same value in the Freshsales workflow's "${SECRET_HEADER}" header`);
				}
				// The trigger reads every record it is told about: the key must work before Freshsales calls.
				const connector = new FreshsalesConnector(this, await freshsalesSettings(this));
				await connector.request({ method: 'GET', path: '/selector/owners' });
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		if (!verified(req.headers, String(this.getNodeParameter('secret', '') ?? ''))) return refuse(this, 401, 'Unauthorized');
		const call = readCall(req.body);
		if (!call.ok) return refuse(this, 400, `Bad request: ${call.reason}`);
		const resource = call.object ?? String(this.getNodeParameter('object', 'contact'));
		const objectType = RESOURCE_OBJECT_TYPE[resource];
		if (!objectType || !POLLED.includes(resource)) return refuse(this, 400, `Bad request: "object" must be one of ${POLLED.join(', ')}`);
		const connector = new FreshsalesConnector(this, await freshsalesSettings(this));
		const spec = entityOf(objectType);
		const res = await connector.request({ method: 'GET', path: `${spec.path}/${encodeURIComponent(call.id)}`, acceptStatuses: [404] });
		// Deleted between the workflow firing and this read: acknowledged, nothing to run with (an error would only make Freshsales call again).
		if (res.statusCode === 404) return answer(this, { status: 200, body: { received: 1, emitted: 0, reason: `${spec.singular} ${call.id} no longer exists` } });
		const record = toRecord(objectType, (res.body?.[spec.wrapper] ?? {}) as IDataObject);
		const raw = this.getNodeParameter('output', 'simplified') === 'raw';
		// One call, one record, one run. Freshsales' calls carry no event id, and a workflow can fire
		// twice for one change (a retry, two workflows on the same record, a rule that fires on create
		// and on update): the record's state as read stands in for one (object, id, updated_at and a
		// digest of what was read, since updated_at counts whole seconds and two changes can share
		// one), so the same state starts one run and any other state of the record starts another.
		return await emitDelivery(this, {
			entries: [record],
			dedupe: {
				claims: eventClaimsFor(this, { key: SEEN_KEY, max: 500 }),
				idOf: (r) => stateKey(resource, r),
			},
			toItems: (records) => records.map((r) => ({ json: raw ? r.raw : (connector.toNeutral(entityOf(objectType).neutral, r) as IDataObject) })),
		});
	}
}
