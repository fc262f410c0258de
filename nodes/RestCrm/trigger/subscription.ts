import { randomBytes } from 'node:crypto';
import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import type { SignatureScheme } from '../../../shared/webhooks/signedScheme';
import { RestCrmConnector } from '../connector/RestCrmConnector';
import { restCrmSettings, type RestCrmAuth } from '../transport/restCrmApi';

/** Static-data key of the webhook this node registered. */
export const STATE_KEY = 'restCrmWebhook';

export interface HookState {
	webhookId: string;
	url: string;
	events: string[];
	/**
	 * The signing secret the node generated and gave the API. Kept in the
	 * workflow's static data, as n8n's own Stripe Trigger keeps its endpoint's
	 * signing secret: HMAC verification needs the secret itself, not a hash.
	 */
	secret: string;
}

/**
 * The standard API's signature (GENERIC-API.md "Webhooks", our own design in the
 * style of Stripe's): `X-CRM-Signature: sha256=<hex HMAC-SHA256(secret, "<X-CRM-Timestamp>.<raw body>")>`,
 * timestamps older than 5 minutes refused.
 */
export const REST_CRM_SCHEME: SignatureScheme = {
	header: 'X-CRM-Signature',
	algorithm: 'sha256',
	encoding: 'hex',
	prefix: 'sha256=',
	layout: 'plain',
	timestampKey: 't',
	signatureKey: 'v1',
	signed: 'timestampBody',
	separator: '.',
	timestampHeader: 'X-CRM-Timestamp',
	timestampUnit: 's',
	toleranceSeconds: 300,
};

export function readState(ctx: { getWorkflowStaticData(type: string): IDataObject }): HookState | undefined {
	const state = ctx.getWorkflowStaticData('node')[STATE_KEY] as HookState | undefined;
	return state && typeof state.webhookId === 'string' && typeof state.secret === 'string' ? state : undefined;
}

async function connectorOf(ctx: IHookFunctions): Promise<RestCrmConnector> {
	const auth = ctx.getNodeParameter('authentication', 'apiCredentials') as RestCrmAuth;
	return new RestCrmConnector(ctx, await restCrmSettings(ctx, auth, { retry: { maxAttempts: 3, maxWaitMs: 10_000 } }));
}

/** The events the node asks for, sorted (compared with what was registered). */
export function wantedEvents(ctx: IHookFunctions): string[] {
	const events = (ctx.getNodeParameter('events', []) as string[]).filter(Boolean);
	return events.includes('*') ? ['*'] : [...new Set(events)].sort();
}

/** Registered for this URL and these events, and the API still has it. */
export async function webhookExists(ctx: IHookFunctions, url: string): Promise<boolean> {
	const state = readState(ctx);
	if (!state || state.url !== url || JSON.stringify(state.events) !== JSON.stringify(wantedEvents(ctx))) return false;
	const connector = await connectorOf(ctx);
	const res = await connector.request({ method: 'GET', path: `/webhooks/${encodeURIComponent(state.webhookId)}`, acceptStatuses: [404] });
	return res.statusCode === 200 && (res.body?.data as IDataObject | undefined)?.url === url;
}

/** `POST /webhooks {url, events, secret, description}` with a secret generated here (32 random bytes). */
export async function createWebhook(ctx: IHookFunctions, url: string): Promise<void> {
	const events = wantedEvents(ctx);
	if (!events.length) throw new Error('Choose at least one event');
	const secret = randomBytes(32).toString('hex');
	const connector = await connectorOf(ctx);
	const workflowId = ctx.getWorkflow().id ?? '?';
	const { body } = await connector.request({
		method: 'POST',
		path: '/webhooks',
		body: { url, events, secret, description: `n8n CRM Pack: workflow ${workflowId}` },
	});
	const id = (body?.data as IDataObject | undefined)?.id;
	if (id === undefined || id === null) throw new Error('The API answered the webhook registration without an id');
	ctx.getWorkflowStaticData('node')[STATE_KEY] = { webhookId: String(id), url, events, secret } satisfies HookState as unknown as IDataObject;
}

/** `DELETE /webhooks/{id}`; one already gone (404) is as good as removed. */
export async function deleteWebhook(ctx: IHookFunctions): Promise<void> {
	const state = readState(ctx);
	if (state) {
		const connector = await connectorOf(ctx);
		await connector.request({ method: 'DELETE', path: `/webhooks/${encodeURIComponent(state.webhookId)}`, acceptStatuses: [404] });
	}
	delete ctx.getWorkflowStaticData('node')[STATE_KEY];
}
