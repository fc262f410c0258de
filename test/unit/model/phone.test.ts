import { CALLING_CODES, normalizePhone } from '../../../shared/model';

describe('normalizePhone: national numbers with a default country', () => {
	const cases: Array<[string, string, string]> = [
		['US', '(415) 555-0123', '+14155550123'],
		['US', '415.555.0123', '+14155550123'],
		['US', '1-415-555-0123', '+14155550123'],
		['CA', '604 555 0199', '+16045550199'],
		['GB', '020 7946 0958', '+442079460958'],
		['GB', '07911 123456', '+447911123456'],
		['GB', '447911123456', '+447911123456'],
		['IE', '01 234 5678', '+35312345678'],
		['DE', '030 123456', '+4930123456'],
		['DE', '0151 23456789', '+4915123456789'],
		['FR', '06 12 34 56 78', '+33612345678'],
		['FR', '01.23.45.67.89', '+33123456789'],
		['ES', '612 34 56 78', '+34612345678'],
		['IT', '06 1234 5678', '+390612345678'],
		['IT', '312 345 6789', '+393123456789'],
		['NL', '020-1234567', '+31201234567'],
		['BE', '02 123 45 67', '+3221234567'],
		['CH', '044 668 18 00', '+41446681800'],
		['AT', '01 58858', '+43158858'],
		['HU', '06 1 234 5678', '+3612345678'],
		['RU', '8 (495) 123-45-67', '+74951234567'],
		['RU', '812 123 45 67', '+78121234567'],
		['RU', '8 812 123 45 67', '+78121234567'],
		['IN', '98765 43210', '+919876543210'],
		['IN', '098765 43210', '+919876543210'],
		['AU', '0412 345 678', '+61412345678'],
		['AU', '(02) 9876 5432', '+61298765432'],
		['NZ', '021 123 4567', '+64211234567'],
		['JP', '090-1234-5678', '+819012345678'],
		['JP', '03-1234-5678', '+81312345678'],
		['BR', '(11) 91234-5678', '+5511912345678'],
		['MX', '55 1234 5678', '+525512345678'],
		['SG', '6123 4567', '+6561234567'],
		['ZA', '082 123 4567', '+27821234567'],
		['us', '415 555 0123', '+14155550123'],
	];
	test.each(cases)('%s %j → %s', (country, input, e164) => {
		const result = normalizePhone(input, { defaultCountry: country });
		expect(result.ok && result.value.e164).toBe(e164);
	});
});

describe('normalizePhone: international forms', () => {
	const cases: Array<[string, string | undefined, string]> = [
		['+1 (415) 555-0123', undefined, '+14155550123'],
		['+44 (0)20 7946 0958', undefined, '+442079460958'],
		['+44 020 7946 0958', undefined, '+442079460958'],
		['0044 20 7946 0958', 'DE', '+442079460958'],
		['00 49 30 123456', undefined, '+4930123456'],
		['011 44 20 7946 0958', 'US', '+442079460958'],
		['0011 61 412 345 678', 'AU', '+61412345678'],
		['010 1 415 555 0123', 'JP', '+14155550123'],
		['+49 (0)30 123456', 'US', '+4930123456'],
		['tel:+33-1-23-45-67-89', undefined, '+33123456789'],
		['+39 06 1234 5678', undefined, '+390612345678'],
		['+354 512 3456', undefined, '+3545123456'],
	];
	test.each(cases)('%j (default %s) → %s', (input, country, e164) => {
		const result = normalizePhone(input, { defaultCountry: country });
		expect(result.ok && result.value.e164).toBe(e164);
	});

	test('returns the parts', () => {
		expect(normalizePhone('+44 20 7946 0958')).toStrictEqual({
			ok: true,
			value: { e164: '+442079460958', callingCode: '44', nationalNumber: '2079460958' },
		});
		// A code outside the table keeps its digits; the split is unknown.
		expect(normalizePhone('+354 512 3456')).toStrictEqual({
			ok: true,
			value: { e164: '+3545123456', callingCode: '', nationalNumber: '' },
		});
	});
});

describe('normalizePhone: extensions are returned separately', () => {
	const cases: Array<[string, string]> = [
		['(415) 555-0123 x123', '123'],
		['(415) 555-0123x123', '123'],
		['415-555-0123 ext. 123', '123'],
		['415-555-0123 ext 123', '123'],
		['415-555-0123, extension 123', '123'],
		['415-555-0123 #123', '123'],
		['+1-415-555-0123;ext=123', '123'],
	];
	test.each(cases)('%j', (input, extension) => {
		expect(normalizePhone(input, { defaultCountry: 'US' })).toStrictEqual({
			ok: true,
			value: { e164: '+14155550123', callingCode: '1', nationalNumber: '4155550123', extension },
		});
	});
});

describe('normalizePhone: refusals', () => {
	const cases: Array<[string, string | undefined, string]> = [
		['555-0123', 'US', '"555-0123" is not a valid phone number: a US number has 10 digits after +1, this one has 7'],
		['415 555 01234', 'US', '"415 555 01234" is not a valid phone number: a US number has 10 digits after +1, this one has 11'],
		['+1 415 555 012', undefined, '"+1 415 555 012" is not a valid phone number: a US/CA number has 10 digits after +1, this one has 9'],
		['+1 115 555 0123', undefined, '"+1 115 555 0123" is not a valid phone number: a North American area code cannot start with 0 or 1'],
		['020 7946 09', 'GB', '"020 7946 09" is not a valid phone number: a GB number has 9 to 10 digits after +44, this one has 8'],
		['+33 6 12 34 56 7', undefined, '"+33 6 12 34 56 7" is not a valid phone number: a FR number has 9 digits after +33, this one has 8'],
		['415 555 0123', undefined, '"415 555 0123" is not a valid phone number: it has no country code (start it with "+" or "00"), and no default country is set'],
		['1-800-FLOWERS', 'US', '"1-800-FLOWERS" is not a valid phone number: it contains letters (only digits, spaces, "+", "-", ".", "/", parentheses and an extension are understood)'],
		['415*555*0123', 'US', '"415*555*0123" is not a valid phone number: it contains characters other than digits, spaces, "+", "-", ".", "/" and parentheses'],
		['+0 123 456 789', undefined, '"+0 123 456 789" is not a valid phone number: a country code never starts with 0'],
		['+999 12', undefined, '"+999 12" is not a valid phone number: it has 5 digits, fewer than the 7 a full international number needs'],
		['+999 1234 5678 9012 34', undefined, '"+999 1234 5678 9012 34" is not a valid phone number: it has 17 digits, more than the 15 E.164 allows'],
		['+', undefined, '"+" is not a valid phone number: it has no digits'],
		['', 'US', 'the phone number is empty'],
		['0412 345 678', 'XX', `default country "XX" is not one of the supported countries (${Object.keys(CALLING_CODES).join(', ')})`],
	];
	test.each(cases)('%j (default %s)', (input, country, reason) => {
		expect(normalizePhone(input, { defaultCountry: country })).toStrictEqual({ ok: false, reason });
	});
});

describe('calling code table', () => {
	test('covers the common countries, each with a sane length range', () => {
		for (const iso of ['US', 'GB', 'DE', 'FR', 'IN', 'AU', 'NL', 'CA', 'ES', 'IT', 'BR', 'MX', 'JP']) {
			expect(CALLING_CODES[iso]).toBeDefined();
		}
		expect(Object.keys(CALLING_CODES).length).toBeGreaterThanOrEqual(40);
		for (const [iso, info] of Object.entries(CALLING_CODES)) {
			expect([iso, /^[1-9]\d{0,2}$/.test(info.callingCode)]).toStrictEqual([iso, true]);
			expect([iso, info.nsn[0] <= info.nsn[1] && info.callingCode.length + info.nsn[1] <= 15]).toStrictEqual([iso, true]);
		}
	});
});
