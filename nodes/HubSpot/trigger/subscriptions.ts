import { NodeOperationError, type IDataObject, type IHookFunctions } from 'n8n-workflow';
import { crmRequest, type CrmResponse } from '../../../shared/transport';
import type { SubscriptionSpec } from './events';

export const DEVELOPER_CREDENTIAL = 'crmPackHubSpotDeveloperApi';
/** Static-data key for what this node registered in the app. */
export const STATE_KEY = 'hubspotWebhook';

interface DeveloperCredential {
	appId: string;
	apiKey: string;
	clientSecret: string;
	baseUrl: string;
}

interface AppSettings {
	targetUrl?: string;
}

interface AppSubscription {
	id: string | number;
	eventType: string;
	propertyName?: string;
	active?: boolean;
}

interface HookState {
	/** Subscriptions this node created (and therefore removes again). */
	subscriptionIds: string[];
	targetUrl: string;
}

async function developerCredential(ctx: IHookFunctions): Promise<DeveloperCredential> {
	const c = (await ctx.getCredentials(DEVELOPER_CREDENTIAL)) as IDataObject;
	const appId = String(c.appId ?? '').trim();
	const apiKey = String(c.apiKey ?? '').trim();
	if (!appId || !apiKey) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Automatic subscription management needs the App ID and the Developer API Key in the HubSpot Developer App credential',
			{ description: 'Add them to the credential, or set "Subscription Management" to "Manual" and configure the webhook in your HubSpot app.' },
		);
	}
	const baseUrl = String(c.baseUrl || 'https://api.hubapi.com').replace(/\/+$/, '');
	return { appId, apiKey, clientSecret: String(c.clientSecret ?? ''), baseUrl };
}

function appUrl(cred: DeveloperCredential, path: string): string {
	return `${cred.baseUrl}/webhooks/v3/${encodeURIComponent(cred.appId)}${path}`;
}

async function call<T>(
	ctx: IHookFunctions,
	cred: DeveloperCredential,
	method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE',
	path: string,
	body?: IDataObject,
	acceptStatuses?: number[],
): Promise<CrmResponse<T>> {
	return (await crmRequest.call(ctx, {
		credentialType: DEVELOPER_CREDENTIAL,
		method,
		url: appUrl(cred, path),
		body,
		acceptStatuses,
		secrets: [cred.apiKey, cred.clientSecret].filter(Boolean),
	})) as CrmResponse<T>;
}

async function readSettings(ctx: IHookFunctions, cred: DeveloperCredential): Promise<AppSettings | undefined> {
	const res = await call<AppSettings>(ctx, cred, 'GET', '/settings', undefined, [404]);
	return res.statusCode === 404 ? undefined : (res.body ?? undefined);
}

async function readSubscriptions(ctx: IHookFunctions, cred: DeveloperCredential): Promise<AppSubscription[]> {
	const res = await call<{ results?: AppSubscription[] }>(ctx, cred, 'GET', '/subscriptions');
	return Array.isArray(res.body?.results) ? res.body.results : [];
}

function sameSubscription(existing: AppSubscription, wanted: SubscriptionSpec): boolean {
	return existing.eventType === wanted.eventType && (existing.propertyName ?? '') === (wanted.propertyName ?? '');
}

function readState(ctx: IHookFunctions): HookState | undefined {
	const data = ctx.getWorkflowStaticData('node');
	const state = data[STATE_KEY] as HookState | undefined;
	return state && Array.isArray(state.subscriptionIds) ? state : undefined;
}

/** The app is already set up for this node: same target URL and every wanted subscription active. */
export async function subscriptionsExist(ctx: IHookFunctions, webhookUrl: string, wanted: SubscriptionSpec[]): Promise<boolean> {
	const cred = await developerCredential(ctx);
	const settings = await readSettings(ctx, cred);
	if (settings?.targetUrl !== webhookUrl) return false;
	const existing = await readSubscriptions(ctx, cred);
	return wanted.every((w) => existing.some((e) => sameSubscription(e, w) && e.active !== false));
}

/**
 * Points the app's webhooks at this node and subscribes to the wanted events.
 * HubSpot allows one target URL per app, so an app that already sends its
 * webhooks elsewhere is left alone unless the user allowed replacing it.
 */
export async function createSubscriptions(
	ctx: IHookFunctions,
	webhookUrl: string,
	wanted: SubscriptionSpec[],
	options: { maxConcurrentRequests: number; replaceTargetUrl: boolean },
): Promise<void> {
	const cred = await developerCredential(ctx);
	if (wanted.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Add at least one event to subscribe to');
	}
	const settings = await readSettings(ctx, cred);
	if (settings?.targetUrl && settings.targetUrl !== webhookUrl && !options.replaceTargetUrl) {
		throw new NodeOperationError(ctx.getNode(), `HubSpot app ${cred.appId} already sends its webhooks to another URL`, {
			description: `HubSpot allows one target URL per app, currently ${settings.targetUrl}. Use another app, remove that URL in the app's settings, or turn on "Replace Existing Target URL".`,
		});
	}
	if (settings?.targetUrl !== webhookUrl) {
		await call(ctx, cred, 'PUT', '/settings', {
			targetUrl: webhookUrl,
			throttling: { maxConcurrentRequests: options.maxConcurrentRequests, period: 'SECONDLY' },
		});
	}

	const existing = await readSubscriptions(ctx, cred);
	const previous = readState(ctx);
	const created: string[] = previous?.targetUrl === webhookUrl ? [...previous.subscriptionIds] : [];
	for (const spec of wanted) {
		const match = existing.find((e) => sameSubscription(e, spec));
		if (match && match.active !== false) continue;
		if (match) {
			// A paused subscription for the same event: HubSpot keeps one per event type and property.
			await call(ctx, cred, 'PATCH', `/subscriptions/${encodeURIComponent(String(match.id))}`, { active: true });
			continue;
		}
		const body: IDataObject = { eventType: spec.eventType, active: true };
		if (spec.propertyName) body.propertyName = spec.propertyName;
		const res = await call<AppSubscription>(ctx, cred, 'POST', '/subscriptions', body);
		if (res.body?.id !== undefined) created.push(String(res.body.id));
	}
	ctx.getWorkflowStaticData('node')[STATE_KEY] = { subscriptionIds: [...new Set(created)], targetUrl: webhookUrl } as unknown as IDataObject;
}

/**
 * Removes the subscriptions this node created, and the app's target URL when
 * it still points here. Subscriptions that existed before are left in place.
 */
export async function deleteSubscriptions(ctx: IHookFunctions, webhookUrl: string): Promise<void> {
	const cred = await developerCredential(ctx);
	const state = readState(ctx);
	for (const id of state?.subscriptionIds ?? []) {
		await call(ctx, cred, 'DELETE', `/subscriptions/${encodeURIComponent(id)}`, undefined, [404]);
	}
	const settings = await readSettings(ctx, cred);
	if (settings?.targetUrl === webhookUrl) {
		await call(ctx, cred, 'DELETE', '/settings', undefined, [404]);
	}
	delete ctx.getWorkflowStaticData('node')[STATE_KEY];
}
