import type { IDataObject } from 'n8n-workflow';
import { budgetFromHeaders, type ConnectionInfo, type FindOptions, type NeutralQuery } from '../../../shared/neutralOps';
import type { NeutralType } from '../../../shared/types';
import type { HubSpotCall } from '../transport/hubspotApi';
import type { CrmResponse } from '../../../shared/transport/request';
import { mappedProperties } from './mapping';
import { canonicalObjectType, NEUTRAL_OBJECT_TYPE } from './objectTypes';
import type { SearchBody } from './search';

type Request = (call: HubSpotCall) => Promise<CrmResponse<IDataObject>>;

/**
 * `GET /account-info/v3/details` (HubSpot "Account information API": portalId, accountType,
 * timeZone, companyCurrency, uiDomain...). Its answer carries the general rate headers;
 * `X-HubSpot-RateLimit-Daily-Remaining` / `-Daily` are the day's budget (HubSpot "API usage
 * guidelines": sent to private apps), else the rolling 10-second window's
 * `X-HubSpot-RateLimit-Remaining` / `-Max`.
 */
export async function hubspotConnectionInfo(request: Request): Promise<ConnectionInfo & { uiDomain?: string }> {
	const res = await request({ method: 'GET', path: '/account-info/v3/details' });
	const body = res.body ?? {};
	const budget =
		budgetFromHeaders(res.headers, { remaining: 'x-hubspot-ratelimit-daily-remaining', limit: 'x-hubspot-ratelimit-daily' }, 'day') ??
		budgetFromHeaders(res.headers, { remaining: 'x-hubspot-ratelimit-remaining', limit: 'x-hubspot-ratelimit-max' }, '10 seconds');
	const info: ConnectionInfo & { uiDomain?: string } = {
		accountId: body.portalId === undefined ? undefined : String(body.portalId),
		details: { accountType: body.accountType, timeZone: body.timeZone, currency: body.companyCurrency, dataHostingLocation: body.dataHostingLocation },
		uiDomain: typeof body.uiDomain === 'string' ? body.uiDomain : undefined,
	};
	if (typeof body.portalName === 'string') info.accountName = body.portalName;
	if (budget) info.budget = budget;
	return info;
}

/** The HubSpot property a neutral match field is kept in, per kind (mapping.ts). */
const MATCH_PROPERTY: Partial<Record<NeutralType, Record<string, string>>> = {
	contact: { email: 'email', phone: 'phone' },
	lead: { email: 'email', phone: 'phone' },
	company: { domain: 'domain', name: 'name' },
	deal: { name: 'dealname' },
};

/**
 * A neutral lookup as a CRM search (`POST /crm/v3/objects/{type}/search`): an exact match is
 * an `EQ` filter on the property (HubSpot compares e-mails case-insensitively); a phone
 * matches `phone` or `mobilephone` (two filter groups are ORed); free text is the
 * search's `query`, which HubSpot runs over the object's default searchable properties.
 */
export function hubspotSearchBody(kind: NeutralType, query: NeutralQuery, options: FindOptions): SearchBody {
	const properties = options.properties ?? mappedProperties(kind);
	if ('text' in query) return { query: query.text, properties };
	const property = MATCH_PROPERTY[kind]?.[query.field];
	if (!property) throw new Error(`HubSpot cannot match a ${kind} by ${query.field} (it can by ${Object.keys(MATCH_PROPERTY[kind] ?? {}).join(', ') || 'nothing'})`);
	const groups = [{ filters: [{ propertyName: property, operator: 'EQ', value: query.value }] }];
	if (query.field === 'phone' && (kind === 'contact' || kind === 'lead')) groups.push({ filters: [{ propertyName: 'mobilephone', operator: 'EQ', value: query.value }] });
	return { filterGroups: groups, properties };
}

/** The object type of a neutral kind. */
export function hubspotObjectOf(kind: NeutralType): string {
	return NEUTRAL_OBJECT_TYPE[kind];
}

/** HubSpot's record page: `https://{uiDomain}/contacts/{portalId}/record/{objectTypeId}/{id}` (the URL HubSpot's app shows for a record). */
export function hubspotRecordUrl(uiDomain: string, portalId: string, objectType: string, id: string): string | undefined {
	const typeId = TYPE_IDS[canonicalObjectType(objectType)];
	return typeId ? `https://${uiDomain}/contacts/${portalId}/record/${typeId}/${id}` : undefined;
}

const TYPE_IDS: Record<string, string> = { contacts: '0-1', companies: '0-2', deals: '0-3', meetings: '0-47', tasks: '0-27', notes: '0-46' };

/** Ids of the records of `toType` associated with one record (`GET /crm/v4/objects/{from}/{id}/associations/{to}`, every page). */
export async function associatedIds(request: Request, fromType: string, id: string, toType: string): Promise<string[]> {
	const ids: string[] = [];
	let after: string | undefined;
	do {
		const qs: IDataObject = { limit: 500 };
		if (after) qs.after = after;
		const { body } = await request({ method: 'GET', path: `/crm/v4/objects/${fromType}/${encodeURIComponent(id)}/associations/${toType}`, qs });
		for (const r of (body.results ?? []) as IDataObject[]) ids.push(String(r.toObjectId));
		after = ((body.paging as IDataObject | undefined)?.next as IDataObject | undefined)?.after as string | undefined;
	} while (after);
	return ids;
}
