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

/** The identifier a neutral exact match reads (`findByKeys`): contacts by any e-mail, accounts by name. */
export function freshsalesMatch(kind: NeutralType, query: Extract<NeutralQuery, { field: string }>): { objectType: string; key: string } {
	if ((kind === 'contact' || kind === 'lead') && query.field === 'email') return { objectType: 'contacts', key: 'emails' };
	if (kind === 'company' && query.field === 'name') return { objectType: 'sales_accounts', key: 'name' };
	if (kind === 'deal' && query.field === 'name') return { objectType: 'deals', key: 'name' };
	throw new Error(`Freshsales cannot match a ${kind} by ${query.field} in this pack (contacts by email, accounts and deals by name)`);
}
