import type { IDataObject } from 'n8n-workflow';
import type { ConnectionInfo, NeutralQuery } from '../../../shared/neutralOps';
import type { NeutralType } from '../../../shared/types';
import { soqlContains, soqlString } from './soql';

/**
 * Test Connection: `GET /services/oauth2/userinfo` (Salesforce "UserInfo Endpoint": `organization_id`,
 * `user_id`, `preferred_username`, `name`; it answers on the instance as on the login host) and
 * `GET /services/data/vXX.X/limits` (REST API "Limits": `DailyApiRequests.Max` / `.Remaining`, the org's
 * rolling 24-hour allocation).
 */
export function salesforceConnectionInfo(user: IDataObject, limits: IDataObject): ConnectionInfo {
	const info: ConnectionInfo = {};
	if (user.organization_id !== undefined) info.accountId = String(user.organization_id);
	const who = user.preferred_username ?? user.email ?? user.name;
	if (who !== undefined) info.user = String(who);
	if (user.user_id !== undefined) info.details = { userId: String(user.user_id) };
	const daily = limits.DailyApiRequests as IDataObject | undefined;
	if (daily && Number.isFinite(Number(daily.Remaining))) {
		info.budget = { remaining: Number(daily.Remaining), window: '24 hours' };
		if (Number.isFinite(Number(daily.Max))) info.budget.limit = Number(daily.Max);
	}
	return info;
}

/** The fields a neutral match field is kept in, per kind (mapping.ts); several are tried one after another. */
const MATCH_FIELDS: Partial<Record<NeutralType, Record<string, string[]>>> = {
	contact: { email: ['Email'], phone: ['Phone', 'MobilePhone'] },
	lead: { email: ['Email'], phone: ['Phone', 'MobilePhone'] },
	company: { domain: ['Website'], name: ['Name'] },
	deal: { name: ['Name'] },
};

/**
 * The SOQL conditions of an exact neutral match, one per field to try. SOQL's `=` on a text field
 * ignores case (Salesforce SOQL reference, "Comparison Operators"). A company's domain is kept in
 * `Website` as the user typed it (`https://www.acme.com/`), so it is matched with LIKE.
 */
export function salesforceMatchConditions(kind: NeutralType, query: Extract<NeutralQuery, { field: string }>): string[] {
	const fields = MATCH_FIELDS[kind]?.[query.field];
	if (!fields) throw new Error(`Salesforce cannot match a ${kind} by ${query.field} (it can by ${Object.keys(MATCH_FIELDS[kind] ?? {}).join(', ') || 'nothing'})`);
	return fields.map((f) => (query.field === 'domain' ? `${f} LIKE ${soqlContains(query.value)}` : `${f} = ${soqlString(query.value)}`));
}

/** Lightning's record page (Salesforce help "Lightning Experience URL formats": `/lightning/r/{object}/{id}/view`). */
export function salesforceRecordUrl(instanceUrl: string, objectType: string, id: string): string {
	return `${instanceUrl}/lightning/r/${objectType}/${id}/view`;
}
