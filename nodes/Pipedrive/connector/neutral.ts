import type { IDataObject } from 'n8n-workflow';
import { budgetFromHeaders, type ConnectionInfo, type NeutralQuery } from '../../../shared/neutralOps';
import type { NeutralType } from '../../../shared/types';

/**
 * Test Connection: `GET /api/v1/users/me` (Pipedrive "Users: Get current user": the user's `name`,
 * `email`, `company_id`, `company_name`, `company_domain`). Its answer carries the burst window's
 * `x-ratelimit-remaining` / `x-ratelimit-limit` (Pipedrive "Rate limiting": a rolling 2-second window).
 */
export function pipedriveConnectionInfo(body: IDataObject | undefined, headers: IDataObject): ConnectionInfo & { companyDomain?: string } {
	const me = ((body?.data ?? {}) as IDataObject) ?? {};
	const info: ConnectionInfo & { companyDomain?: string } = {};
	if (me.company_id !== undefined) info.accountId = String(me.company_id);
	if (me.company_name !== undefined) info.accountName = String(me.company_name);
	const who = me.email ?? me.name;
	if (who !== undefined) info.user = String(who);
	if (typeof me.company_domain === 'string') {
		info.companyDomain = me.company_domain;
		info.details = { companyDomain: me.company_domain };
	}
	const budget = budgetFromHeaders(headers, { remaining: 'x-ratelimit-remaining', limit: 'x-ratelimit-limit' }, '2 seconds');
	if (budget) info.budget = budget;
	return info;
}

/** The entity a neutral kind's exact match searches, and its search field (`fields=` of the v2 search). */
const MATCH: Partial<Record<NeutralType, { objectType: string; fields: Record<string, string> }>> = {
	contact: { objectType: 'persons', fields: { email: 'email', phone: 'phone', name: 'name' } },
	// A lead holds no person details: it is found through its person (pipedriveLeadOwner).
	lead: { objectType: 'persons', fields: { email: 'email', phone: 'phone', name: 'name' } },
	company: { objectType: 'organizations', fields: { name: 'name' } },
	deal: { objectType: 'deals', fields: { name: 'title' } },
};

/** Where an exact neutral match is searched: the entity and its search field. */
export function pipedriveMatch(kind: NeutralType, query: Extract<NeutralQuery, { field: string }>): { objectType: string; field: string } {
	const match = MATCH[kind];
	const field = match?.fields[query.field];
	if (!match || !field) throw new Error(`Pipedrive cannot match a ${kind} by ${query.field} (it can by ${Object.keys(match?.fields ?? {}).join(', ') || 'nothing'})`);
	return { objectType: match.objectType, field };
}

/** The web app's page of a record (`https://{company}.pipedrive.com/person/{id}`, as Pipedrive's app links records). */
export function pipedriveRecordUrl(companyDomain: string, objectType: string, id: string): string | undefined {
	const page: Record<string, string> = { persons: 'person', organizations: 'organization', deals: 'deal', leads: 'leads/inbox' };
	return page[objectType] ? `https://${companyDomain}.pipedrive.com/${page[objectType]}/${id}` : undefined;
}
