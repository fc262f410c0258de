import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import type { ZohoConnector } from '../connector/ZohoConnector';

/**
 * A Zoho notification channel (`/crm/v8/actions/watch`, crm-oas v8.0
 * notifications.json): its id, the token Zoho sends back in every callback
 * (the only verification Zoho offers), the events and its expiry. Zoho lets a
 * channel live at most a week (CRM-FACTS.md: Zoho's notification docs); the
 * trigger asks for a week less five minutes and renews it when less than a
 * day is left: on every activation and on every callback.
 */
export interface Channel {
	channelId: number;
	token: string;
	events: string[];
	/** ms */
	expires: number;
	/** The credential's user when activated, for echo suppression. */
	userId?: string;
}

export const STATE_KEY = 'zohoChannel';
export const WEEK_MS = 7 * 24 * 3600 * 1000;
export const LIFETIME_MS = WEEK_MS - 5 * 60 * 1000;
export const RENEW_BEFORE_MS = 24 * 3600 * 1000;

/** Zoho's date-time (whole seconds, offset). */
export const zohoTime = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');

/** A token of 40 hex characters (Zoho takes at most 50) and a channel id Zoho takes as a long. */
export function newChannel(events: string[], now: number): Channel {
	return { channelId: randomInt(1_000_000_000, 2 ** 47), token: randomBytes(20).toString('hex'), events, expires: now + LIFETIME_MS };
}

export function tokenMatches(expected: string, given: unknown): boolean {
	if (typeof given !== 'string' || !expected) return false;
	const a = Buffer.from(expected);
	const b = Buffer.from(given);
	return a.length === b.length && timingSafeEqual(a, b);
}

/** Subscribes (POST) or renews (PATCH, the new expiry) a channel; throws Zoho's words when refused. */
export async function watch(connector: ZohoConnector, channel: Channel, notifyUrl: string, method: 'POST' | 'PATCH'): Promise<void> {
	const entry: IDataObject = { channel_id: channel.channelId, events: channel.events, channel_expiry: zohoTime(channel.expires), token: channel.token };
	if (method === 'POST') Object.assign(entry, { notify_url: notifyUrl, return_affected_field_values: true });
	const { body } = await connector.request<IDataObject>({ method, path: '/actions/watch', body: { watch: [entry] }, acceptStatuses: [207], idempotent: true });
	const result = ((body?.watch as IDataObject[] | undefined) ?? [])[0];
	if (result && result.status !== 'success') {
		throw new Error(`Zoho CRM refused the notification channel: ${String(result.code ?? '')}: ${String(result.message ?? '')}`);
	}
}

/** Unsubscribes a channel (`DELETE /actions/watch?channel_ids=`); one already gone is fine. */
export async function unwatch(connector: ZohoConnector, channelId: number): Promise<void> {
	await connector.request({ method: 'DELETE', path: '/actions/watch', qs: { channel_ids: String(channelId) }, acceptStatuses: [207] });
}
