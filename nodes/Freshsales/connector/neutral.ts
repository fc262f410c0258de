import type { IDataObject } from 'n8n-workflow';
import { budgetFromHeaders, type ConnectionInfo, type NeutralQuery } from '../../../shared/neutralOps';
import type { NeutralType } from '../../../shared/types';

/**
 * Test Connection: `GET /selector/owners` (the credential's own test request; Freshsales documents no
 * "current user" call), which names the account's users. Freshsales documents no rate headers; an
 * answer carrying `x-ratelimit-remaining` / `x-ratelimit-total` (the hourly window, as Freshworks'
 * other APIs send) is read when present (assumption, notes/old/freshsales.md).
 */
export function freshsalesConnectionInfo(body: IDataObject | undefined, headers: IDataObject, baseUrl: string): ConnectionInfo {
	const users = (Array.isArray(body?.users) ? body?.users : []) as IDataObject[];
	const info: ConnectionInfo = { accountName: baseUrl.replace(/^https?:\/\//, '').split('/')[0], details: { users: users.length } };
	const budget = budgetFromHeaders(headers, { remaining: 'x-ratelimit-remaining', limit: 'x-ratelimit-total' }, 'hour');
	if (budget) info.budget = budget;
	return info;
}

/**
 * Contact fields a neutral phone is matched on, in turn: the work number (where the pack writes the
 * neutral `phone`), then the mobile number. A filter rule on a contact field by its name is
 * second-hand (Freshworks' filtered search is documented with examples on other attributes);
 * the match is on the stored text, which is E.164 when this pack wrote it.
 */
export const PHONE_FIELDS = ['work_number', 'mobile_number'];

/** The identifier a neutral exact match reads (`findByKeys`): contacts by any e-mail or a phone field, accounts by name. */
export function freshsalesMatch(kind: NeutralType, query: Extract<NeutralQuery, { field: string }>): { objectType: string; key: string } {
	if ((kind === 'contact' || kind === 'lead') && query.field === 'email') return { objectType: 'contacts', key: 'emails' };
	if ((kind === 'contact' || kind === 'lead') && query.field === 'phone') return { objectType: 'contacts', key: PHONE_FIELDS[0] };
	if (kind === 'company' && query.field === 'name') return { objectType: 'sales_accounts', key: 'name' };
	if (kind === 'deal' && query.field === 'name') return { objectType: 'deals', key: 'name' };
	throw new Error(`Freshsales cannot match a ${kind} by ${query.field} in this pack (contacts by email or phone, accounts and deals by name)`);
}
