import { createHash, randomBytes } from 'node:crypto';
import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { safeEqual } from '../../../shared/webhooks/signature';
import { dataList } from '../connector/records';
import { pipedriveRequest, pipedriveSettings, type PipedriveAuth } from '../transport/pipedriveApi';

/** Static-data key of the webhook this node created. */
export const STATE_KEY = 'pipedriveWebhook';

export interface HookState {
	webhookId: string;
	url: string;
	eventAction: string;
	eventObject: string;
	/** SHA-256 of `user:password`: enough to check a request, useless to forge one. */
	authHash: string;
}

export function readState(ctx: { getWorkflowStaticData(type: string): IDataObject }): HookState | undefined {
	const state = ctx.getWorkflowStaticData('node')[STATE_KEY] as HookState | undefined;
	return state && typeof state.webhookId === 'string' && typeof state.authHash === 'string' ? state : undefined;
}

export function authHash(user: string, password: string): string {
	return createHash('sha256').update(`${user}:${password}`, 'utf8').digest('hex');
}

/**
 * True when the request carries the HTTP Basic credentials this node gave
 * Pipedrive. Compared as hashes in constant time; a missing or malformed
 * header is simply not authorised.
 */
export function isAuthorised(header: string | string[] | undefined, state: HookState | undefined): boolean {
	if (!state) return false;
	const value = Array.isArray(header) ? header[0] : header;
	const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(value ?? '');
	if (!m) return false;
	const decoded = Buffer.from(m[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return false;
	return safeEqual(state.authHash, authHash(decoded.slice(0, colon), decoded.slice(colon + 1)));
}

async function settingsOf(ctx: IHookFunctions) {
	const auth = ctx.getNodeParameter('authentication', 'apiToken') as PipedriveAuth;
	return await pipedriveSettings(ctx, auth, { retry: { maxAttempts: 3, maxWaitMs: 10_000 } });
}

/** The webhook exists in Pipedrive: same id, URL and event as this node wants. */
export async function webhookExists(ctx: IHookFunctions, url: string, eventAction: string, eventObject: string): Promise<boolean> {
	const state = readState(ctx);
	if (!state || state.url !== url || state.eventAction !== eventAction || state.eventObject !== eventObject) return false;
	const settings = await settingsOf(ctx);
	const { body } = await pipedriveRequest(ctx, settings, { method: 'GET', path: '/api/v1/webhooks' });
	return dataList(body).some((h) => String(h.id) === state.webhookId && h.subscription_url === url);
}

/** The webhook's name in Pipedrive (Tools → Webhooks): which workflow and event it serves. */
export function webhookName(workflowId: string | undefined, eventAction: string, eventObject: string): string {
	return `n8n CRM Pack: workflow ${workflowId ?? '?'} (${eventAction}.${eventObject})`;
}

/**
 * `POST /api/v1/webhooks` with `version: "2.0"`, the `name` Pipedrive's
 * contract requires (pipedrive/client-nodejs AddWebhookRequest, documented
 * since 2025-09), and HTTP Basic credentials generated here (random, never
 * shown or logged). Pipedrive sends them with every delivery; the node keeps
 * only their hash.
 */
export async function createWebhook(ctx: IHookFunctions, url: string, eventAction: string, eventObject: string): Promise<void> {
	const settings = await settingsOf(ctx);
	const user = `n8n-${randomBytes(6).toString('hex')}`;
	const password = randomBytes(24).toString('base64url');
	const { body } = await pipedriveRequest(ctx, { ...settings, secrets: [...settings.secrets, password] }, {
		method: 'POST',
		path: '/api/v1/webhooks',
		body: {
			subscription_url: url,
			event_action: eventAction,
			event_object: eventObject,
			name: webhookName(ctx.getWorkflow().id, eventAction, eventObject),
			version: '2.0',
			http_auth_user: user,
			http_auth_password: password,
		},
	});
	const id = (body?.data as IDataObject | undefined)?.id;
	if (id === undefined || id === null) throw new Error('Pipedrive did not return the id of the new webhook');
	const state: HookState = { webhookId: String(id), url, eventAction, eventObject, authHash: authHash(user, password) };
	ctx.getWorkflowStaticData('node')[STATE_KEY] = state as unknown as IDataObject;
}

/** `DELETE /api/v1/webhooks/{id}`; a webhook already gone is fine. */
export async function deleteWebhook(ctx: IHookFunctions): Promise<void> {
	const state = readState(ctx);
	if (state) {
		const settings = await settingsOf(ctx);
		await pipedriveRequest(ctx, settings, { method: 'DELETE', path: `/api/v1/webhooks/${encodeURIComponent(state.webhookId)}`, acceptStatuses: [404, 410] });
	}
	delete ctx.getWorkflowStaticData('node')[STATE_KEY];
}
