import type { IDataObject } from 'n8n-workflow';
import type { ConnectionBudget, ConnectionInfo, NeutralQuery } from '../../../shared/neutralOps';
import type { CrmRecord, NeutralType, RateBudget } from '../../../shared/types';
import type { ZohoEdition, ZohoSettings } from '../transport/zohoApi';

/*
 * What the CRM-neutral nodes (CRM, CRM Search; issue 16) need of Zoho CRM beyond the
 * connector contract: the modules a neutral kind is searched in, how an exact match
 * is asked of Zoho's search (v8 "Search Records": `email`, `phone`, `criteria`) and
 * checked here, Test Connection's facts, and the API credits Zoho reports.
 */

/** The module a neutral kind is searched in (Zoho's `/search` serves these; not activities or notes). */
export const SEARCH_MODULE: Partial<Record<NeutralType, string>> = { lead: 'Leads', contact: 'Contacts', company: 'Accounts', deal: 'Deals' };

/** The field a `name` lookup compares, per module. */
const NAME_FIELD: Record<string, string> = { Accounts: 'Account_Name', Deals: 'Deal_Name', Leads: 'Full_Name', Contacts: 'Full_Name' };

/**
 * A value inside a `criteria` group: Zoho's search docs ask for `(`, `)` and `,`
 * in a value to be escaped with a backslash (and so the backslash itself).
 */
export function criteriaValue(value: string): string {
	return value.replace(/[\\(),]/g, (c) => `\\${c}`);
}

const digits = (v: unknown) => String(v ?? '').replace(/\D/g, '');
const host = (v: unknown) => {
	const text = String(v ?? '').trim().toLowerCase();
	if (!text) return '';
	try {
		return new URL(/^[a-z]+:\/\//.test(text) ? text : `https://${text}`).hostname.replace(/^www\./, '');
	} catch {
		return text.replace(/^www\./, '');
	}
};

/**
 * How an exact neutral match is asked of Zoho, and the check each answer must pass:
 * Zoho's `email` and `phone` searches look in every email / phone field of the module
 * (v8 search docs), and its matching rules are not ours (case, punctuation), so the
 * records it returns are compared again here: e-mail case-insensitively, phone by its
 * digits (E.164 and Zoho's stored form differ in spaces and signs only), a name exactly.
 * A company's `domain` goes through COQL `Website like` (Zoho's search has no URL match)
 * and is compared by host name. Undefined `search`: the COQL path (`coqlWhere`).
 */
export function zohoMatch(
	kind: NeutralType,
	module: string,
	query: Exclude<NeutralQuery, { text: string }>,
): { search?: { email?: string; phone?: string; criteria?: string }; coqlWhere?: string; keep: (record: CrmRecord) => boolean } {
	const value = query.value.trim();
	switch (query.field) {
		case 'email': {
			const want = value.toLowerCase();
			return { search: { email: value }, keep: (r) => !('Email' in r.properties) || String(r.properties.Email ?? '').toLowerCase() === want };
		}
		case 'phone': {
			const want = digits(value);
			return { search: { phone: value }, keep: (r) => !('Phone' in r.properties || 'Mobile' in r.properties) || [r.properties.Phone, r.properties.Mobile].some((p) => digits(p) === want && want !== '') };
		}
		case 'name': {
			const field = NAME_FIELD[module] ?? 'Full_Name';
			return { search: { criteria: `(${field}:equals:${criteriaValue(value)})` }, keep: (r) => !(field in r.properties) || String(r.properties[field] ?? '').trim().toLowerCase() === value.toLowerCase() };
		}
		case 'domain': {
			if (kind !== 'company') throw new Error(`Zoho CRM keeps a domain on accounts only, not on ${kind} records`);
			const want = host(value);
			return { coqlWhere: `Website like '%${want.replace(/[\\'%]/g, '')}%'`, keep: (r) => host(r.properties.Website) === want };
		}
	}
}

/** Test Connection: the user the credential acts as, the API host and edition, and the credits left. */
export function zohoConnectionInfo(body: IDataObject | undefined, settings: ZohoSettings): ConnectionInfo {
	const user = ((body?.users as IDataObject[] | undefined) ?? [])[0] ?? {};
	const name = typeof user.full_name === 'string' ? user.full_name : undefined;
	const email = typeof user.email === 'string' ? user.email : undefined;
	const info: ConnectionInfo = {
		user: name && email ? `${name} <${email}>` : (email ?? name),
		details: {
			userId: user.id === undefined ? undefined : String(user.id),
			role: ((user.role ?? {}) as IDataObject).name,
			profile: ((user.profile ?? {}) as IDataObject).name,
			apiDomain: settings.apiDomain,
			edition: settings.edition,
			concurrency: settings.concurrency,
		},
	};
	const budget = creditsBudget(settings);
	if (budget) info.budget = budget;
	return info;
}

/** Credits per rolling 24 hours a Zoho organization has at the least (v8 "API Limits": Free 5,000; others 50,000 + per user licence). */
const EDITION_CREDITS: Record<ZohoEdition, { least: number; rule: string }> = {
	free: { least: 5000, rule: '5,000' },
	standard: { least: 50000, rule: '50,000 + 250 per user licence, at most 100,000' },
	professional: { least: 50000, rule: '50,000 + 500 per user licence, at most 3,000,000' },
	enterprise: { least: 50000, rule: '50,000 + 1,000 per user licence, at most 5,000,000' },
	ultimate: { least: 50000, rule: '50,000 + 2,000 per user licence' },
};

const DAY_MS = 24 * 3600 * 1000;

/** The credits left as Zoho last reported them (`X-API-CREDITS-REMAINING`), for Test Connection; undefined when it sent none. */
export function creditsBudget(settings: ZohoSettings): ConnectionBudget | undefined {
	return settings.creditsRemaining === undefined ? undefined : { remaining: settings.creditsRemaining, window: '24 hours' };
}

/**
 * The credits as this connector saw them, for CRM Sync's Summary: what Zoho reported
 * left after the last call (`X-API-CREDITS-REMAINING`, where Zoho sends it; undefined
 * when it sent none), the calls made, and the edition's allowance. Zoho counts credits
 * per organization over a rolling 24 hours and never makes a call wait for them (a call
 * past them is refused with 429), so `waitedMs` is 0; `limit` is the edition's least
 * allowance (the real one grows with user licences and add-ons, which the API does not say).
 */
export function zohoRateBudget(settings: ZohoSettings): RateBudget | undefined {
	if (settings.creditsRemaining === undefined) return undefined;
	const edition = EDITION_CREDITS[settings.edition];
	const name = settings.edition.charAt(0).toUpperCase() + settings.edition.slice(1);
	return {
		budget: `API credits per rolling 24 hours for the organization (${name} edition: ${edition.rule}); ${settings.creditsRemaining.toLocaleString('en-US')} left as Zoho reported after the last call`,
		limit: edition.least,
		windowMs: DAY_MS,
		calls: settings.callsSent ?? 0,
		remaining: settings.creditsRemaining,
		waitedMs: 0,
	};
}
