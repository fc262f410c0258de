import type { IDataObject } from 'n8n-workflow';
import { normalizeDomain } from '../../../shared/model/domain';
import { normalizePhone } from '../../../shared/model/phone';
import type { ConnectionInfo, NeutralQuery } from '../../../shared/neutralOps';

/*
 * What the CRM-neutral nodes (issue 16) can do with a generic GraphQL API.
 * Nothing about a look-up is standard in GraphQL: the resource definition's
 * `search` query (the API's own search, sent the text or the exact value) or
 * else its list query gives the candidates, and the match is made here on
 * the neutral record (toNeutral), so it holds whatever the API's field names.
 */

const lower = (value: unknown): string => (typeof value === 'string' ? value.trim().toLowerCase() : '');

const e164 = (value: unknown): string | undefined => {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const parsed = normalizePhone(String(value));
	return parsed.ok ? parsed.value.e164 : undefined;
};

const digitsOf = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value).replace(/\D/g, '') : '');

const domainOf = (value: unknown): string => {
	if (typeof value !== 'string' || !value.trim()) return '';
	const parsed = normalizeDomain(value);
	return parsed.ok ? parsed.value : lower(value);
};

/** A neutral record's name: a person's first and last name, else its `name`. */
function nameOf(neutral: IDataObject): string {
	const person = [neutral.firstName, neutral.lastName].filter((p) => typeof p === 'string' && p !== '').join(' ');
	return lower(person || neutral.name);
}

/**
 * Whether a neutral record matches: e-mail case-insensitively, phone (or
 * mobile) as E.164 (as the text's digits when a number has no country code),
 * domain bare (`www.` and scheme dropped, also from the website), name exactly
 * (case aside); text as a part of the name, e-mail or domain, or 4+ phone digits.
 */
export function neutralMatches(neutral: IDataObject, query: NeutralQuery): boolean {
	const phones = [neutral.phone, neutral.mobilePhone];
	if ('text' in query) {
		const text = lower(query.text);
		if (!text) return false;
		if ([nameOf(neutral), lower(neutral.email), domainOf(neutral.domain)].some((v) => v.includes(text))) return true;
		const digits = digitsOf(text);
		return digits.length >= 4 && digits === text.replace(/[\s()+.-]/g, '') && phones.some((p) => digitsOf(p).includes(digits));
	}
	const value = query.value;
	switch (query.field) {
		case 'email':
			return lower(value) !== '' && lower(neutral.email) === lower(value);
		case 'phone': {
			const wanted = e164(value);
			if (wanted) return phones.some((p) => e164(p) === wanted);
			const digits = digitsOf(value);
			return digits.length >= 4 && phones.some((p) => digitsOf(p) === digits);
		}
		case 'domain': {
			const wanted = domainOf(value);
			return wanted !== '' && (domainOf(neutral.domain) === wanted || domainOf(neutral.website) === wanted);
		}
		case 'name':
			return lower(value) !== '' && nameOf(neutral) === lower(value);
		default:
			return false;
	}
}

/** What the API's search query is sent: the free text, or the value looked for. */
export function searchText(query: NeutralQuery): string {
	return 'text' in query ? query.text.trim() : String(query.value).trim();
}

/**
 * Test Connection: a generic GraphQL API has no standard call naming an
 * account or user, so the account is the endpoint the credential reaches,
 * with what the Test Query (else `{ __typename }`) answered and the query-cost
 * budget the server reported, if any.
 */
export function graphqlConnectionInfo(endpoint: string, query: string, data: IDataObject, budget: ConnectionInfo['budget']): ConnectionInfo {
	const info: ConnectionInfo = {
		accountId: endpoint,
		details: { query, answer: data, note: 'A GraphQL API names no account in a standard way: the account is the endpoint, with what the Test Query answered' },
	};
	if (budget) info.budget = budget;
	return info;
}
