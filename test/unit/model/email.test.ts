import { isValidEmail, normalizeEmail } from '../../../shared/model';

describe('normalizeEmail', () => {
	const valid: Array<[string, string]> = [
		['ada@example.com', 'ada@example.com'],
		['  Ada.Lovelace@Example.COM ', 'ada.lovelace@example.com'],
		['first+tag@sub.example.co.uk', 'first+tag@sub.example.co.uk'],
		["o'brien@example.ie", "o'brien@example.ie"],
		['Ada Lovelace <Ada@Example.com>', 'ada@example.com'],
		['mailto:ada@example.com', 'ada@example.com'],
		['jürgen@müller.de', 'jürgen@müller.de'],
		['user@xn--mller-kva.de', 'user@xn--mller-kva.de'],
		['a@b.io', 'a@b.io'],
	];
	test.each(valid)('%j → %j', (input, expected) => {
		expect(normalizeEmail(input)).toStrictEqual({ ok: true, value: expected });
	});

	const invalid: Array<[string, string]> = [
		['not-an-email', '"not-an-email" is not a valid email address: it has no "@"'],
		['a@b@example.com', '"a@b@example.com" is not a valid email address: it has more than one "@"'],
		['@example.com', '"@example.com" is not a valid email address: there is nothing before the "@"'],
		['ada@', '"ada@" is not a valid email address: there is no domain after the "@"'],
		['ada@localhost', '"ada@localhost" is not a valid email address: the domain "localhost" has no dot'],
		['ada lovelace@example.com', '"ada lovelace@example.com" is not a valid email address: it contains spaces'],
		['.ada@example.com', '".ada@example.com" is not a valid email address: the part before the "@" starts or ends with a dot, or has two dots in a row'],
		['ada..l@example.com', '"ada..l@example.com" is not a valid email address: the part before the "@" starts or ends with a dot, or has two dots in a row'],
		['ada(x)@example.com', '"ada(x)@example.com" is not a valid email address: the part before the "@" contains characters that are not allowed'],
		['ada@-example.com', '"ada@-example.com" is not a valid email address: the domain "-example.com" is not a valid domain name'],
		['ada@example.c', '"ada@example.c" is not a valid email address: the domain "example.c" is not a valid domain name'],
		['ada@exa_mple.com', '"ada@exa_mple.com" is not a valid email address: the domain "exa_mple.com" is not a valid domain name'],
		['   ', 'the email address is empty'],
		[`${'a'.repeat(65)}@example.com`, `"${'a'.repeat(65)}@example.com" is not a valid email address: the part before the "@" is longer than 64 characters`],
	];
	test.each(invalid)('%j is refused', (input, reason) => {
		expect(normalizeEmail(input)).toStrictEqual({ ok: false, reason });
	});

	test('isValidEmail', () => {
		expect(isValidEmail('ada@example.com')).toBe(true);
		expect(isValidEmail('ada@example')).toBe(false);
	});
});
