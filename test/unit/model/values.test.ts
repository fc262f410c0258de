import {
	normalizeCount,
	normalizeCurrency,
	normalizeDomain,
	normalizeNumber,
	normalizeTaskPriority,
	normalizeTaskStatus,
	normalizeText,
} from '../../../shared/model';

describe('normalizeNumber', () => {
	test.each([
		['1234.5', 1234.5],
		[' -12 ', -12],
		['.5', 0.5],
		['1e3', 1000],
		[42, 42],
	] as Array<[unknown, number]>)('%j → %j', (input, expected) => {
		expect(normalizeNumber(input)).toStrictEqual({ ok: true, value: expected });
	});
	test.each([
		['1,234.50', '"1,234.50" is not a plain number: remove the thousands separators (e.g. "1234.5")'],
		['1.234,50', '"1.234,50" is not a plain number: remove the thousands separators (e.g. "1234.5")'],
		['12abc', '"12abc" is not a number'],
		[Number.NaN, 'NaN is not a finite number'],
		[true, 'expected a number, got boolean true'],
	] as Array<[unknown, string]>)('%j is refused', (input, reason) => {
		expect(normalizeNumber(input)).toStrictEqual({ ok: false, reason });
	});
	test('counts are whole and not negative', () => {
		expect(normalizeCount('12')).toStrictEqual({ ok: true, value: 12 });
		expect(normalizeCount(-1)).toStrictEqual({ ok: false, reason: '-1 is not a whole number of 0 or more' });
	});
});

describe('text, currency, domain', () => {
	test('text', () => {
		expect(normalizeText('  a b  ')).toStrictEqual({ ok: true, value: 'a b' });
		expect(normalizeText(10001)).toStrictEqual({ ok: true, value: '10001' });
		expect(normalizeText([1])).toStrictEqual({ ok: false, reason: 'expected text, got a list' });
	});
	test('currency', () => {
		expect(normalizeCurrency(' gbp ')).toStrictEqual({ ok: true, value: 'GBP' });
		expect(normalizeCurrency('€')).toStrictEqual({ ok: false, reason: '"€" is not a 3-letter ISO 4217 currency code (e.g. "USD", "EUR")' });
	});
	test.each([
		['acme.com', 'acme.com'],
		['WWW.Acme.COM', 'acme.com'],
		['https://www.acme.com/about?x=1', 'acme.com'],
		['http://shop.acme.co.uk:8080/', 'shop.acme.co.uk'],
		['sales@acme.com', 'acme.com'],
		['acme.com.', 'acme.com'],
	])('domain %j → %j', (input, expected) => {
		expect(normalizeDomain(input)).toStrictEqual({ ok: true, value: expected });
	});
	test('bad domains', () => {
		expect(normalizeDomain('acme')).toStrictEqual({ ok: false, reason: '"acme" is not a valid domain: it has no dot' });
		expect(normalizeDomain('acme..com')).toStrictEqual({ ok: false, reason: '"acme..com" is not a valid domain name' });
		expect(normalizeDomain(' ')).toStrictEqual({ ok: false, reason: '" " is not a valid domain: it is empty' });
	});
});

describe('task vocabulary', () => {
	test.each([
		['NOT_STARTED', 'notStarted'],
		['Not Started', 'notStarted'],
		['open', 'notStarted'],
		['IN_PROGRESS', 'inProgress'],
		['Waiting for input', 'waiting'],
		['Done', 'completed'],
		['COMPLETED', 'completed'],
		['Deferred', 'deferred'],
	])('status %j → %s', (input, expected) => {
		expect(normalizeTaskStatus(input)).toStrictEqual({ ok: true, value: expected });
	});
	test.each([
		['HIGH', 'high'],
		['Highest', 'high'],
		['Medium', 'normal'],
		['Normal', 'normal'],
		['low', 'low'],
		['NONE', null],
	])('priority %j → %s', (input, expected) => {
		expect(normalizeTaskPriority(input)).toStrictEqual({ ok: true, value: expected });
	});
	test('prototype names are not statuses', () => {
		expect(normalizeTaskStatus('constructor').ok).toBe(false);
		expect(normalizeTaskPriority('toString').ok).toBe(false);
	});
});
