import { failure, quote, success } from './result';
import type { TransformResult } from './result';

/*
 * A practical check, not full RFC 5322: quoted local parts, comments and IP-literal
 * domains are refused because no CRM we target accepts them either. Unicode letters
 * are allowed (RFC 6531) since CRMs increasingly store internationalised addresses.
 */
const LOCAL_PART = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
const TOP_LEVEL = /^(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/u;

/**
 * Trims, unwraps "Name <address>" and "mailto:", and lower-cases the whole address.
 * Lower-casing the local part is technically lossy, but every CRM de-duplicates
 * addresses case-insensitively, and sync would otherwise see phantom changes.
 */
export function normalizeEmail(input: string): TransformResult<string> {
	let text = input.trim();
	const bracketed = /<([^<>]*)>\s*$/.exec(text);
	if (bracketed) text = bracketed[1].trim();
	text = text.replace(/^mailto:/i, '');
	const invalid = (why: string) => failure<string>(`${quote(input)} is not a valid email address: ${why}`);

	if (!text) return failure('the email address is empty');
	if (/\s/.test(text)) return invalid('it contains spaces');
	if (text.length > 254) return invalid('it is longer than 254 characters');
	const at = text.split('@');
	if (at.length === 1) return invalid('it has no "@"');
	if (at.length > 2) return invalid('it has more than one "@"');
	const [local, domain] = at;
	if (!local) return invalid('there is nothing before the "@"');
	if (!domain) return invalid('there is no domain after the "@"');
	if (local.length > 64) return invalid('the part before the "@" is longer than 64 characters');
	if (!LOCAL_PART.test(local)) {
		return invalid(
			/(^\.|\.\.|\.$)/.test(local)
				? 'the part before the "@" starts or ends with a dot, or has two dots in a row'
				: 'the part before the "@" contains characters that are not allowed',
		);
	}
	const labels = domain.toLowerCase().split('.');
	if (labels.length < 2) return invalid(`the domain "${domain}" has no dot`);
	if (!labels.every((label) => DOMAIN_LABEL.test(label)) || !TOP_LEVEL.test(labels[labels.length - 1])) {
		return invalid(`the domain "${domain}" is not a valid domain name`);
	}
	return success(`${local}@${domain}`.toLowerCase());
}

export function isValidEmail(input: string): boolean {
	return normalizeEmail(input).ok;
}
