import type { IDataObject } from 'n8n-workflow';
import { budgetFromHeaders, type ConnectionInfo, type NeutralQuery } from '../../../shared/neutralOps';
import type { NeutralType } from '../../../shared/types';
import { literal } from './records';

/*
 * What the CRM-neutral nodes ("CRM (CRM Pack)", "CRM Search (CRM Pack)", issue 16) need from
 * Dataverse beyond the connector contract: exact matches and free text as OData `$filter`s,
 * Test Connection's account facts, record links.
 */

/** Columns a neutral field is matched on per kind (contact and lead: the primary e-mail; a phone tries both numbers). */
const MATCH_COLUMNS: Partial<Record<NeutralType, Partial<Record<'email' | 'phone' | 'domain' | 'name', string[]>>>> = {
	contact: { email: ['emailaddress1'], phone: ['telephone1', 'mobilephone'], name: ['fullname'] },
	lead: { email: ['emailaddress1'], phone: ['telephone1', 'mobilephone'], name: ['fullname'] },
	company: { domain: ['websiteurl'], name: ['name'], phone: ['telephone1'] },
	deal: { name: ['name'] },
};

/** Columns free text is looked for in (`contains`, as Dataverse's "Quick Find" would on these tables' primary columns). */
const TEXT_COLUMNS: Partial<Record<NeutralType, string[]>> = {
	contact: ['fullname', 'emailaddress1'],
	lead: ['fullname', 'emailaddress1', 'companyname'],
	company: ['name', 'websiteurl'],
	deal: ['name'],
	appointment: ['subject'],
	task: ['subject'],
	note: ['subject'],
};

/**
 * The `$filter` of a neutral lookup (webapi/query/filter-rows: `eq`, `or`, `contains`; string
 * comparisons in Dataverse ignore case). A domain matches the website column by `contains`,
 * since websites are kept as URLs (`https://www.acme.com/`).
 */
export function dynamicsMatchFilter(kind: NeutralType, query: NeutralQuery): string {
	if ('text' in query) {
		const columns = TEXT_COLUMNS[kind] ?? [];
		if (!columns.length) throw new Error(`Dynamics 365 cannot search ${kind} records by text`);
		return columns.map((c) => `contains(${c},${literal(query.text)})`).join(' or ');
	}
	const columns = MATCH_COLUMNS[kind]?.[query.field];
	if (!columns) {
		const can = Object.keys(MATCH_COLUMNS[kind] ?? {});
		throw new Error(`Dynamics 365 cannot match a ${kind} by ${query.field} (it can by ${can.join(', ') || 'nothing'})`);
	}
	return columns.map((c) => (query.field === 'domain' ? `contains(${c},${literal(query.value)})` : `${c} eq ${literal(query.value)}`)).join(' or ');
}

/**
 * Test Connection from `WhoAmI` (UserId, BusinessUnitId, OrganizationId) and the user's
 * `fullname`. The budget comes from `x-ms-ratelimit-burst-remaining-xrm-requests`, which
 * Microsoft documents as informational only (api-limits: for debugging, do not rely on it):
 * shown as the remaining requests of the 5-minute window, never used to pace requests.
 */
export function dynamicsConnectionInfo(who: IDataObject, headers: IDataObject, user: IDataObject | undefined, environmentUrl: string, apiVersion: string): ConnectionInfo {
	const info: ConnectionInfo = {
		accountId: String(who.OrganizationId ?? ''),
		accountName: new URL(environmentUrl).host,
		details: { userId: who.UserId, businessUnitId: who.BusinessUnitId, environmentUrl, apiVersion },
	};
	if (typeof user?.fullname === 'string' && user.fullname) info.user = user.fullname;
	const budget = budgetFromHeaders(headers, { remaining: 'x-ms-ratelimit-burst-remaining-xrm-requests' }, '5 minutes');
	if (budget) info.budget = { ...budget, limit: 6000 };
	return info;
}

/**
 * A row's form in the environment's model-driven app: `main.aspx?etn=<table>&pagetype=entityrecord&id=<id>`
 * (learn.microsoft.com/power-apps/developer/model-driven-apps/open-forms-views-dialogs-reports-url).
 */
export function dynamicsRecordUrl(environmentUrl: string, logicalName: string, id: string): string {
	return `${environmentUrl}/main.aspx?etn=${encodeURIComponent(logicalName)}&pagetype=entityrecord&id=${encodeURIComponent(id)}`;
}
