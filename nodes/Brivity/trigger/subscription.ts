import { createHash, randomBytes } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import { safeEqual } from '../../../shared/webhooks';

/*
 * Brivity's event subscription (Core API Blueprint,
 * https://nvntd.github.io/brivity-core/doc/api/index.html, "Create Event
 * Subscription"): `POST /api/event_subscriptions` with `event: "new_lead"`, the
 * `target_url`, a `source` (the integration's name) and the credentials Brivity
 * is to send, `http_auth_strategy: "basic"` with `http_auth_credentials:
 * "username:password"`; 201 `{ status: "created", event_subscription: { id, ... } }`.
 * The node generates the user name and password, sends them once, and keeps only
 * a hash of the Authorization value they make.
 * Assumption: "basic" means the standard header, `Basic base64(username:password)`
 * (the page says only that the credentials set the value of the Authorization header).
 * The Blueprint documents no call that lists or removes a subscription.
 */

export const SOURCE = 'n8n CRM Pack';

export interface StoredSubscription {
	id: string;
	targetUrl: string;
	/** sha256 (hex) of the Authorization header value Brivity was told to send. */
	authHash: string;
}

/** A user name and password for Brivity to send, and the Authorization value they make. */
export function newCredentials(): { credentials: string; authorization: string } {
	const user = `n8n-${randomBytes(6).toString('hex')}`;
	const password = randomBytes(24).toString('hex');
	const credentials = `${user}:${password}`;
	return { credentials, authorization: `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}` };
}

export const hashOf = (authorization: string) => createHash('sha256').update(authorization, 'utf8').digest('hex');

/** Whether a delivery's Authorization header is the one Brivity was given (compared in constant time). */
export function verified(stored: StoredSubscription | undefined, header: unknown): boolean {
	if (!stored || typeof header !== 'string' || !header) return false;
	return safeEqual(stored.authHash, hashOf(header.trim()));
}

export function subscriptionBody(targetUrl: string, credentials: string): IDataObject {
	return { event: 'new_lead', target_url: targetUrl, source: SOURCE, http_auth_strategy: 'basic', http_auth_credentials: credentials };
}
