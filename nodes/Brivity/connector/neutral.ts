import type { IDataObject } from 'n8n-workflow';
import { normalizePhone } from '../../../shared/model/phone';
import type { ConnectionInfo, NeutralQuery } from '../../../shared/neutralOps';
import type { CrmRecord, NeutralType } from '../../../shared/types';

/*
 * What the CRM-neutral nodes (issue 16) can do with Brivity. Brivity's API has
 * no search and no call that names the account or user: every look-up is a
 * filter over the one people list (the connector's `people()`), and the
 * account is the `account_id` the listed people carry.
 */

/** The neutral kinds Brivity keeps: a person is both its contact and its lead. */
export function brivityKeeps(kind: NeutralType): boolean {
	return kind === 'contact' || kind === 'lead';
}

/** Why a kind Brivity does not keep cannot be looked up. */
export function noSuchKind(kind: NeutralType): string {
	return `Brivity's API has no ${kind} records: only people (its contacts and leads)`;
}

const e164 = (value: unknown): string | undefined => {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const parsed = normalizePhone(String(value), { defaultCountry: 'US' });
	return parsed.ok ? parsed.value.e164 : undefined;
};

const lower = (value: unknown): string => (typeof value === 'string' ? value.trim().toLowerCase() : '');

/**
 * Whether a listed person matches the query: e-mail case-insensitively, phone
 * as E.164 (Brivity is a US product: a number without a country code is read
 * as a US one), name as first and last name, text as a part of name, e-mail or
 * phone digits.
 */
export function personMatches(person: IDataObject, query: NeutralQuery): boolean {
	const name = [person.first_name, person.last_name].filter((p) => typeof p === 'string' && p !== '').join(' ');
	if ('text' in query) {
		const text = lower(query.text);
		const digits = text.replace(/\D/g, '');
		if (lower(name).includes(text) || lower(person.email_address).includes(text)) return true;
		return digits.length >= 4 && String(person.phone_number ?? '').replace(/\D/g, '').includes(digits);
	}
	switch (query.field) {
		case 'email':
			return lower(query.value) !== '' && lower(person.email_address) === lower(query.value);
		case 'phone': {
			const wanted = e164(query.value);
			return wanted !== undefined && e164(person.phone_number) === wanted;
		}
		case 'name':
			return lower(name) !== '' && lower(name) === lower(query.value);
		default:
			return false;
	}
}

/** Test Connection from one listed person: the account that person belongs to (Brivity names no user). */
export function brivityConnectionInfo(first: CrmRecord | undefined): ConnectionInfo {
	const accountId = first?.properties.account_id;
	if (accountId === undefined || accountId === null || accountId === '') {
		return { details: { note: 'The token works; Brivity names no account or user, and the team has no people to read the account from' } };
	}
	return { accountId: String(accountId), details: { note: "Brivity names no account or user: the account is that of the team's people" } };
}
