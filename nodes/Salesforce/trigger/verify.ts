import { randomBytes } from 'node:crypto';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { safeEqual } from '../../../shared/webhooks/signature';
import { sameOrgId } from './soap';

type WebhookRequest = ReturnType<IWebhookFunctions['getRequestObject']>;

/*
 * Verification of Salesforce outbound messages. The organization id in a
 * message is no secret (it appears in URLs and emails), so it only routes;
 * proof that Salesforce sent the message comes from
 * - an endpoint secret: a random value in the endpoint's path that only this
 *   node and the outbound message's Endpoint URL know (node version 2 and
 *   later require it), and
 * - optionally the message's session id: with "Send Session ID" on, Salesforce
 *   puts a live session of the org in every message; a call to the org's
 *   UserInfo endpoint with it as the bearer token answers with the org's id.
 *   Assumption (Salesforce REST API guide, "Set Up Authorization": a REST call
 *   authorizes with an OAuth 2.0 token or a session id): the outbound session
 *   id is accepted as a bearer token there. Only a URL the user configured is
 *   called, never one the message names.
 */

/** Letters, digits, '-' and '_' only (a path segment n8n routes literally), long enough not to be guessed. */
export const SECRET_PATTERN = /^[A-Za-z0-9_-]{24,128}$/;

/** A fresh endpoint secret (32 random bytes, base64url: 43 characters). */
export function newEndpointSecret(): string {
	return randomBytes(32).toString('base64url');
}

/** The last segment of the request's path (without the query): where the node's webhook path puts the secret. */
function lastPathSegment(req: WebhookRequest): string {
	const path = String(req.originalUrl ?? req.url ?? '').split('?')[0];
	const segments = path.split('/').filter(Boolean);
	return decodeURIComponent(segments[segments.length - 1] ?? '');
}

/** True when the request came to the endpoint carrying the configured secret (compared in constant time). */
export function hasEndpointSecret(req: WebhookRequest, secret: string): boolean {
	if (!SECRET_PATTERN.test(secret)) return false;
	return safeEqual(secret, lastPathSegment(req));
}

export type SessionCheck = { ok: true } | { ok: false; reason: string };

/**
 * Asks the org at `salesforceUrl` who the message's session belongs to
 * (`GET /services/oauth2/userinfo`); the session must be live and the org's
 * id must be the expected one. The session id itself never appears in a reason.
 */
export async function verifySession(
	ctx: IWebhookFunctions,
	salesforceUrl: string,
	sessionId: string | null,
	organizationId: string,
): Promise<SessionCheck> {
	if (!sessionId) return { ok: false, reason: 'the message carries no session id (turn on "Send Session ID" in the outbound message)' };
	const base = salesforceUrl.trim().replace(/\/+$/, '');
	if (!/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i.test(base)) return { ok: false, reason: 'the Salesforce URL to verify sessions against is not set' };
	let res: { statusCode: number; body: unknown };
	try {
		res = (await ctx.helpers.httpRequest({
			method: 'GET',
			url: `${base}/services/oauth2/userinfo`,
			headers: { Authorization: `Bearer ${sessionId}`, Accept: 'application/json' },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode: number; body: unknown };
	} catch {
		return { ok: false, reason: 'Salesforce could not be reached to verify the session id' };
	}
	if (res.statusCode !== 200) return { ok: false, reason: `Salesforce did not accept the session id (HTTP ${res.statusCode})` };
	const org = String(((res.body ?? {}) as IDataObject).organization_id ?? '');
	if (!sameOrgId(org, organizationId)) return { ok: false, reason: 'the session id belongs to another organization' };
	return { ok: true };
}
