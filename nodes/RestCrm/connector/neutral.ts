import type { IDataObject } from 'n8n-workflow';
import type { ConnectionInfo, NeutralMatchField } from '../../../shared/neutralOps';
import { standardRateHint } from '../../../shared/transport/standardRateHeaders';
import type { NeutralType } from '../../../shared/types';

/*
 * The CRM-neutral nodes' look-ups on the standard REST CRM API (GENERIC-API.md,
 * "Lists"): any field is a list filter compared as a string (exact), and `?q=`
 * is a case-insensitive substring match over a resource's text fields. There
 * is no search index beyond that, so a match is on the value as stored: e-mails
 * are stored lower-case by the API; a phone matches only as written (the CRM
 * node writes E.164, so its own records match), and there is no domain field
 * (clients keep a website URL), so no domain look-up.
 */

/** The API fields a neutral field is matched on, per kind; several: tried in turn. */
const MATCH: Partial<Record<NeutralType, Partial<Record<NeutralMatchField, string[]>>>> = {
	contact: { email: ['email'], phone: ['phone', 'mobile_phone'] },
	company: { name: ['name'], email: ['email'], phone: ['phone'] },
	deal: { name: ['name'] },
};

/** The API fields of a neutral match, or an error naming what the kind can be matched by. */
export function restCrmMatchFields(kind: NeutralType, field: NeutralMatchField): string[] {
	const fields = MATCH[kind]?.[field];
	if (!fields) {
		const can = Object.keys(MATCH[kind] ?? {});
		throw new Error(`REST CRM cannot match a ${kind} by ${field} (the standard API filters it by ${can.join(', ') || 'no such field'})`);
	}
	return fields;
}

/** The filter value as the API stores it (e-mails lower-case). */
export function matchValue(field: NeutralMatchField, value: string): string {
	return field === 'email' ? value.trim().toLowerCase() : value.trim();
}

/**
 * Test Connection from `GET /auth/me` (`{ data: { sub, method } }`): the API
 * names the principal the credential acts as and how it signed in, nothing of
 * an account, so the account is the API root the credential reaches. The
 * budget left is the API's rate headers on that answer (when it sends any).
 */
export function restCrmConnectionInfo(body: IDataObject, headers: IDataObject, apiRoot: string, now: number): ConnectionInfo {
	const me = (body?.data ?? {}) as IDataObject;
	const info: ConnectionInfo = { accountName: apiRoot, details: { method: me.method } };
	if (me.sub !== undefined && me.sub !== null) info.user = String(me.sub);
	const hint = standardRateHint(headers, now);
	if (hint) {
		const window = hint.intervalMs ? `${Math.round(hint.intervalMs / 1000)} seconds` : "the API's rate window";
		info.budget = hint.limit ? { remaining: hint.remaining, limit: hint.limit, window } : { remaining: hint.remaining, window };
	}
	return info;
}
