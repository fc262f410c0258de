import { createHash, randomBytes } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import type { CrmRecord } from '../../../shared/types';
import { headerValue, safeEqual } from '../../../shared/webhooks/signature';

/**
 * Freshsales calls a webhook only from a workflow automation's "Trigger
 * Webhook" action, set up in its UI (no API to register one): a URL, a method,
 * custom headers and a body with placeholders Freshsales fills from the record
 * that fired the workflow; one call per firing (CRM-FACTS: "custom headers /
 * auth parameters you set"; the placeholder picker's exact syntax was not
 * confirmed in the vendor's docs, so the set-up names the record's ID
 * placeholder rather than spelling it).
 */

/** The header Freshsales is told to send, carrying the trigger's secret. */
export const SECRET_HEADER = 'x-crm-pack-secret';

/** A secret to suggest when none is set (shown once, in the activation error). */
export function suggestSecret(): string {
	return randomBytes(24).toString('hex');
}

/** Whether the request carries the secret in its header (constant-time compare). */
export function verified(headers: Record<string, string | string[] | undefined>, secret: string): boolean {
	const got = headerValue(headers, SECRET_HEADER);
	return Boolean(secret) && got !== undefined && safeEqual(secret, got);
}

/** What the body names: the record's id (required) and its object when the body says it. */
export function readCall(body: unknown): { ok: true; id: string; object?: string } | { ok: false; reason: string } {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, reason: 'the body is not a JSON object' };
	const b = body as IDataObject;
	const id = b.id ?? b.record_id;
	if (id === undefined || id === null || String(id).trim() === '' || /\{\{/.test(String(id))) return { ok: false, reason: 'the body names no record id ("id")' };
	return { ok: true, id: String(id).trim(), object: typeof b.object === 'string' && b.object ? b.object : undefined };
}

/** The key of one state of a record, for replay protection: the same state read twice gives the same key. */
export function stateKey(resource: string, record: CrmRecord): string {
	const digest = createHash('sha256').update(JSON.stringify(record.raw)).digest('hex').slice(0, 16);
	return `${resource}:${record.id}:${record.updatedAt ?? ''}:${digest}`;
}
